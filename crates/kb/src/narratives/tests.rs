//! Tests over the shipped catalogs and the validator.

use std::collections::BTreeMap;
use std::path::Path;

use super::*;
use crate::Kb;
use crate::raw::Source;

fn kb() -> Kb {
    Kb::shipped().unwrap()
}

fn one(text: &str) -> Catalogs {
    let src = Source {
        name: "t.toml".into(),
        text: text.into(),
    };
    Catalogs::from_sources(&[src]).unwrap().0
}

fn messages(text: &str) -> Vec<String> {
    one(text)
        .validate(&kb())
        .iter()
        .filter(|i| i.is_error())
        .map(|i| i.to_string())
        .collect()
}

const HEAD: &str = "[catalog]\nid = \"t\"\ntitle = \"T\"\n\
    [[narrative]]\nid = \"top\"\ntitle = \"Top\"\ndescription = \"d\"\nexemplars.en = [\"s\"]\n";

#[test]
fn shipped_catalogs_parse_and_validate_cleanly() {
    for (name, text) in load::SHIPPED {
        let src = Source {
            name: name.to_string(),
            text: text.to_string(),
        };
        raw::load_source(&src).unwrap_or_else(|e| panic!("{e}"));
    }
    let cats = Catalogs::shipped();
    assert_eq!(cats.catalogs.len(), load::SHIPPED.len());
    let issues = cats.validate(&kb());
    let errors: Vec<String> = issues
        .iter()
        .filter(|i| i.is_error())
        .map(|i| i.to_string())
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let us = "iraq-syria/us-fight-not-genuine";
    let kids: Vec<&str> = cats.children(us).iter().map(|n| n.id.as_str()).collect();
    for k in [
        "us-colludes-with-isis",
        "pretext-for-presence",
        "strikes-target-isis-fighters",
        "media-cover-up",
    ] {
        assert!(kids.contains(&format!("{us}/{k}").as_str()), "{kids:?}");
    }
    let collusion = cats.get(&format!("{us}/us-colludes-with-isis")).unwrap();
    assert!(collusion.exemplars["en"].len() >= 8 && collusion.exemplars["fr"].len() >= 6);
    assert!(
        collusion.signatures[0].subject.contains(&"Q30".to_string())
            && collusion.signatures[0]
                .object
                .contains(&"Q2429253".to_string())
    );
}

#[test]
fn every_semeval_label_is_present_exactly_once() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "../../../shared/datasets/semeval2025-task10/dec4-release-subtask2_ipanos7/Semeval-Task10-English/data",
    );
    let (Ok(tops), Ok(subs)) = (
        std::fs::read_to_string(data.join("subtask2_narratives.txt")),
        std::fs::read_to_string(data.join("subtask2_subnarratives.txt")),
    ) else {
        eprintln!("skipping: {} not found", data.display());
        return;
    };
    let cats = Catalogs::shipped();
    let sem = cats
        .catalogs
        .iter()
        .find(|c| c.id == "semeval2025")
        .unwrap();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &sem.narratives {
        *count.entry(n.label.as_deref().unwrap_or("")).or_default() += 1;
    }
    let mut wanted: Vec<&str> = tops.lines().chain(subs.lines()).map(str::trim).collect();
    wanted.retain(|l| !l.is_empty());
    wanted.sort();
    wanted.dedup();
    assert_eq!(
        wanted.len(),
        115,
        "21 narratives, 93 sub-narratives and `Other`"
    );
    for l in &wanted {
        assert_eq!(count.get(l), Some(&1), "label {l:?}");
        let n = cats.by_label(l).unwrap();
        let parent_label = l.rsplit_once(": ").map(|(p, _)| p);
        if let Some(p) = parent_label.filter(|p| wanted.contains(p)) {
            let parent = cats.get(n.parent.as_deref().unwrap_or("")).unwrap();
            assert_eq!(parent.label.as_deref(), Some(p), "{l}");
            assert_eq!(n.other, l.ends_with(": Other"), "{l}");
        }
    }
    assert_eq!(
        sem.narratives.len(),
        wanted.len(),
        "narratives without a dataset label"
    );
}

#[test]
fn render_round_trips_through_the_parser() {
    let cats = Catalogs::shipped();
    let mut text = String::from("[catalog]\nid = \"iraq-syria\"\ntitle = \"T\"\n\n");
    let picked: Vec<&NarrativeDef> = cats
        .iter()
        .filter(|n| n.id.starts_with("iraq-syria/"))
        .collect();
    for n in &picked {
        text.push_str(&render_narrative(n));
        text.push('\n');
    }
    let mut tricky = picked[1].clone();
    tricky.title = "quote \" backslash \\ tab \t newline \n end".into();
    tricky.label = Some("A: B".into());
    tricky.other = true;
    tricky.signatures[0].polarity = SignaturePolarity::Negated;
    tricky.signatures[0].weight = 0.25;
    tricky.id = "iraq-syria/us-fight-not-genuine/tricky".into();
    text.push_str(&render_narrative(&tricky));
    let back = one(&text);
    let again: Vec<&NarrativeDef> = back.iter().collect();
    assert_eq!(again.len(), picked.len() + 1);
    for (a, b) in picked.iter().zip(&again) {
        assert_eq!(*a, *b);
    }
    assert_eq!(again[picked.len()], &tricky);
}

#[test]
fn validation_reports_unknown_relations_and_entities() {
    let m = messages(&format!(
        "{HEAD}[[narrative.signature]]\nsubject = [\"Q30\", \"type:armed_group\"]\n\
         relation = [\"arm\", \"befriend\"]\nobject = [\"ns:no-such-group\", \"type:militia\"]\nweight = 1.5\n"
    ));
    let all = m.join("\n");
    assert_eq!(m.len(), 4, "{all}");
    assert!(all.contains("unknown relation \"befriend\""), "{all}");
    assert!(all.contains("unknown entity \"ns:no-such-group\""), "{all}");
    assert!(all.contains("unknown entity type \"militia\""), "{all}");
    assert!(all.contains("weight 1.5"), "{all}");
    assert!(m.iter().all(|s| s.starts_with("error: t.toml: t/top: ")));
}

#[test]
fn validation_reports_levels_parents_and_others() {
    let m = messages(&format!(
        "{HEAD}[[narrative]]\nid = \"top/a\"\ntitle = \"A\"\ndescription = \"d\"\nexemplars.en = [\"s\"]\n\
         [[narrative]]\nid = \"top/a/b\"\ntitle = \"B\"\ndescription = \"d\"\nexemplars.en = [\"s\"]\n\
         [[narrative]]\nid = \"orphan\"\nparent = \"missing\"\ntitle = \"O\"\ndescription = \"d\"\nexemplars.en = [\"s\"]\n\
         [[narrative]]\nid = \"top/o1\"\nother = true\ntitle = \"O1\"\ndescription = \"d\"\n\
         [[narrative]]\nid = \"top/o2\"\nother = true\ntitle = \"O2\"\ndescription = \"d\"\n"
    ));
    let all = m.join("\n");
    assert!(
        all.contains("t/top/a/b: three levels: narratives nest"),
        "{all}"
    );
    assert!(
        all.contains("parent \"t/top/a\" is itself a child"),
        "{all}"
    );
    assert!(
        all.contains("t/orphan: parent \"t/missing\" is not a narrative"),
        "{all}"
    );
    assert!(
        all.contains("t/top/o2: t/top already has an `other` narrative: t/top/o1"),
        "{all}"
    );
    assert_eq!(m.len(), 4, "{all}");
}

#[test]
fn validation_reports_empty_fields_languages_and_unmatchable_narratives() {
    let m = messages(
        "[catalog]\nid = \"t\"\ntitle = \"T\"\n\
         [[narrative]]\nid = \"lonely\"\ntitle = \" \"\ndescription = \"\"\nkeywords.english = [\"x\"]\n\
         [[narrative]]\nid = \"parent\"\ntitle = \"P\"\ndescription = \"d\"\n\
         [[narrative]]\nid = \"parent/kid\"\ntitle = \"K\"\ndescription = \"d\"\nexemplars.en = [\"s\"]\n",
    );
    let all = m.join("\n");
    assert!(all.contains("t/lonely: empty title"), "{all}");
    assert!(all.contains("t/lonely: empty description"), "{all}");
    assert!(all.contains("keywords.english: not a 2-letter"), "{all}");
    assert!(
        all.contains("t/lonely: no exemplars and no signatures"),
        "{all}"
    );
    assert_eq!(
        m.len(),
        4,
        "a parent relying on its children is fine: {all}"
    );
}

#[test]
fn lookups_by_id_label_and_parent() {
    let cats = Catalogs::shipped();
    let label = "URW: Discrediting Ukraine: Discrediting Ukrainian military";
    let n = cats.by_label(label).unwrap();
    assert!(n.id.starts_with("semeval2025/"));
    assert_eq!(cats.get(&n.id), Some(n));
    let parent = n.parent.as_deref().unwrap();
    assert!(cats.children(parent).iter().any(|k| k.id == n.id));
    assert_eq!(
        cats.catalog_of(&n.id).map(|c| c.id.as_str()),
        Some("semeval2025")
    );
    assert!(cats.get("semeval2025/nope").is_none() && cats.by_label("nope").is_none());
    assert_eq!(cats.iter().count(), cats.len());
}
