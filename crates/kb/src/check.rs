//! The report behind `narrascope kb check`.

use std::fmt::Write as _;

use crate::KbError;
use crate::kb::Kb;
use crate::sources::KbPaths;
use crate::validate::Issue;

/// What a check of the layered knowledge base found.
#[derive(Debug, Clone)]
pub struct CheckReport {
    pub sources: String,
    pub entities: usize,
    /// Searchable forms, generated variants included.
    pub forms: usize,
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
            "{} entities, {} searchable forms ({}): {} errors, {} warnings",
            self.entities,
            self.forms,
            self.sources,
            self.errors(),
            self.warnings()
        );
        s
    }
}

/// Loads every layer named by `paths` and validates the result.
pub fn check(paths: &KbPaths) -> Result<CheckReport, KbError> {
    let (kb, issues) = Kb::load(paths)?;
    Ok(CheckReport {
        sources: paths.describe(),
        entities: kb.len(),
        forms: kb.surface_forms().len(),
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
    }
}
