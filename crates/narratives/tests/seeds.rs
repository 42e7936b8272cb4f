//! Catalog matching on the reference articles (`../shared/seeds`) and on neutral reports
//! written for these tests, with the real embedding model and the shipped catalogs.

use std::path::{Path, PathBuf};

use narrascope_core::{Analysis, NarrativeMatch};
use narrascope_embed::{Embedder, InstallOptions};
use narrascope_ingest::{IngestOptions, Item, read_path};
use narrascope_kb::Kb;
use narrascope_kb::narratives::{Catalogs, NarrativeDef};
use narrascope_narratives::exemplars::{ExemplarIndex, normalise};
use narrascope_narratives::matcher::{MatchConfig, Matcher};

const PARENT: &str = "iraq-syria/us-fight-not-genuine";
const COLLUSION: &str = "iraq-syria/us-fight-not-genuine/us-colludes-with-isis";

fn embedder() -> Option<Embedder> {
    match Embedder::load_or_install(&InstallOptions::default()) {
        Ok(e) => Some(e),
        Err(e) => {
            eprintln!("skipping: the embedding model is not available: {e}");
            None
        }
    }
}

struct Setup {
    kb: Kb,
    embedder: Embedder,
    matcher: Matcher,
}

fn setup() -> Option<Setup> {
    let embedder = embedder()?;
    let kb = Kb::shipped().expect("shipped kb");
    let defs: Vec<NarrativeDef> = Catalogs::shipped().iter().cloned().collect();
    let refs: Vec<&NarrativeDef> = defs.iter().collect();
    let index = ExemplarIndex::build(&refs, &embedder, "test", None);
    let matcher = Matcher::new(defs, index, MatchConfig::default());
    Some(Setup {
        kb,
        embedder,
        matcher,
    })
}

fn analyse(path: &Path, kb: &Kb) -> Analysis {
    let pipeline = narrascope_actors::full_pipeline(kb).expect("pipeline");
    let mut out = None;
    read_path(path, &IngestOptions::default(), &mut |item| {
        if let Item::Doc(raw) = item {
            let mut a = Analysis::new(raw);
            pipeline.run(&mut a).expect("analysis");
            out = Some(a);
        }
    });
    out.unwrap_or_else(|| panic!("{} gives a document", path.display()))
}

fn matches(s: &Setup, a: &Analysis) -> Vec<NarrativeMatch> {
    let texts: Vec<&str> = (0..a.doc.sentences.len())
        .map(|i| a.doc.sentence_text(i))
        .collect();
    let vectors: Vec<Vec<f32>> = s
        .embedder
        .embed(&texts)
        .into_iter()
        .map(|v| {
            let mut v = v.to_vec();
            normalise(&mut v);
            v
        })
        .collect();
    let rows: Vec<&[f32]> = vectors.iter().map(Vec::as_slice).collect();
    s.matcher.match_document(a, &rows, &s.kb)
}

fn seeds() -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} not found", dir.display());
        return None;
    };
    let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    v.sort();
    Some(v)
}

#[test]
fn every_seed_carries_the_parent_narrative_with_evidence() {
    let Some(paths) = seeds() else { return };
    let Some(s) = setup() else { return };
    assert_eq!(paths.len(), 5);
    for p in &paths {
        let a = analyse(p, &s.kb);
        let found = matches(&s, &a);
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let parent = found
            .iter()
            .find(|m| m.narrative == PARENT)
            .unwrap_or_else(|| panic!("{name}: no {PARENT} in {found:?}"));
        assert!(
            !parent.evidence.is_empty(),
            "{name}: parent without evidence"
        );
        for e in &parent.evidence {
            let text = e.span.slice(&a.doc.text).expect("evidence span in text");
            assert!(!text.trim().is_empty(), "{name}: empty evidence");
        }
        let collusion = found.iter().find(|m| m.narrative == COLLUSION);
        if ["000_", "001_", "003_", "004_"]
            .iter()
            .any(|x| name.starts_with(x))
        {
            let c = collusion.unwrap_or_else(|| panic!("{name}: no collusion in {found:?}"));
            assert!(!c.evidence.is_empty());
        }
    }
}

#[test]
fn neutral_reports_carry_neither() {
    let Some(s) = setup() else { return };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    for name in [
        "neutral-us-strikes-en.txt",
        "neutral-frappes-fr.txt",
        "neutral-weather-en.txt",
    ] {
        let a = analyse(&dir.join(name), &s.kb);
        assert!(a.doc.sentences.len() > 3, "{name} segmented");
        let found = matches(&s, &a);
        let iraq: Vec<&str> = found
            .iter()
            .map(|m| m.narrative.as_str())
            .filter(|n| n.starts_with("iraq-syria/"))
            .collect();
        assert!(iraq.is_empty(), "{name} matched {iraq:?}");
    }
}
