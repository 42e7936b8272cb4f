//! The report behind `narrascope kb check`.

use std::fmt::Write as _;

use crate::KbError;
use crate::kb::Kb;
use crate::narratives::Catalogs;
use crate::sources::KbPaths;
use crate::validate::Issue;

/// What a check of the layered knowledge base found.
#[derive(Debug, Clone)]
pub struct CheckReport {
    pub sources: String,
    pub entities: usize,
    /// Searchable forms, generated variants included.
    pub forms: usize,
    /// Narrative catalogs loaded.
    pub catalogs: usize,
    /// Narratives in those catalogs.
    pub narratives: usize,
    pub issues: Vec<Issue>,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.issues.iter().filter(|i| i.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.issues.len() - self.errors()
    }

    /// The issues, one a line, then a summary line.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for i in &self.issues {
            let _ = writeln!(s, "{i}");
        }
        let _ = writeln!(
            s,
            "{} entities, {} searchable forms, {} narratives in {} catalogs ({}): {} errors, {} warnings",
            self.entities,
            self.forms,
            self.narratives,
            self.catalogs,
            self.sources,
            self.errors(),
            self.warnings()
        );
        s
    }
}

/// Loads every layer named by `paths`, entities and narrative catalogs, and validates the
/// result (catalog signatures are checked against the merged entities).
pub fn check(paths: &KbPaths) -> Result<CheckReport, KbError> {
    let (kb, mut issues) = Kb::load(paths)?;
    let (cats, cat_issues) = Catalogs::load(paths)?;
    issues.extend(cat_issues);
    issues.extend(cats.validate(&kb));
    Ok(CheckReport {
        sources: paths.describe(),
        entities: kb.len(),
        forms: kb.surface_forms().len(),
        catalogs: cats.catalogs.len(),
        narratives: cats.len(),
        issues,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_layer_colliding_with_the_shipped_kb_is_reported() {
        let dir = std::env::temp_dir().join(format!("ns-kb-check-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("mine.toml"),
            "[[entity]]\nid = \"ns:my-daech\"\ntype = \"armed_group\"\nnames.fr = [\"Daech\"]\n",
        )
        .unwrap();
        let paths = KbPaths {
            shipped: None,
            user: vec![dir.clone()],
        };
        let report = check(&paths).unwrap();
        assert_eq!(report.errors(), 2, "{}", report.render());
        let text = report.render();
        assert!(
            text.contains("mine.toml: ns:my-daech: form \"daech\""),
            "{text}"
        );
        assert!(text.contains("2 errors"));
        std::fs::remove_dir_all(&dir).ok();
        let clean = check(&KbPaths::embedded()).unwrap();
        assert_eq!(clean.errors(), 0, "{}", clean.render());
        assert!(clean.forms > clean.entities);
        assert!(
            clean.catalogs >= 2 && clean.narratives > 100,
            "{}",
            clean.render()
        );
        assert!(clean.render().contains(&format!(
            "{} narratives in {} catalogs",
            clean.narratives, clean.catalogs
        )));
    }

    #[test]
    fn the_shipped_folder_on_disk_checks_like_the_compiled_in_copy() {
        let disk = KbPaths {
            shipped: Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../kb")),
            user: Vec::new(),
        };
        let on_disk = check(&disk).unwrap();
        let built_in = check(&KbPaths::embedded()).unwrap();
        assert_eq!(on_disk.errors(), 0, "{}", on_disk.render());
        assert_eq!(on_disk.entities, built_in.entities);
        assert_eq!(on_disk.catalogs, built_in.catalogs);
        assert_eq!(on_disk.narratives, built_in.narratives);
    }

    #[test]
    fn catalog_problems_are_part_of_the_check() {
        let dir = std::env::temp_dir().join(format!("ns-kb-check-cat-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("narratives")).unwrap();
        std::fs::write(
            dir.join("narratives/mine.toml"),
            "[catalog]\nid = \"mine\"\ntitle = \"Mine\"\n[[narrative]]\nid = \"n\"\ntitle = \"N\"\n\
             description = \"d\"\n[[narrative.signature]]\nsubject = [\"Q30\"]\nrelation = [\"hug\"]\nobject = [\"*\"]\n",
        )
        .unwrap();
        let paths = KbPaths {
            shipped: None,
            user: vec![dir.clone()],
        };
        let report = check(&paths).unwrap();
        let text = report.render();
        assert_eq!(report.errors(), 1, "{text}");
        assert!(
            text.contains("mine.toml: mine/n: signature 1: unknown relation \"hug\""),
            "{text}"
        );
        assert_eq!(report.catalogs, Catalogs::shipped().catalogs.len() + 1);
        std::fs::remove_dir_all(&dir).ok();
    }
}
