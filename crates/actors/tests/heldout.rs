//! Claim extraction on the held-out gold (tests/gold/heldout.toml): sentences written for
//! the tests in English, French, Spanish and German, scored as (key, polarity) pairs.
//! `cargo test -p narrascope-actors --test heldout -- --nocapture` prints every error.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use narrascope_actors::{Claim, ClaimExtractor, Lexicon, Linker, Modality, Polarity};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Gold {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    lang: String,
    text: String,
    #[serde(default)]
    claims: Vec<String>,
    #[serde(default)]
    negated: Vec<String>,
    #[serde(default)]
    modality: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

fn gold(name: &str) -> Gold {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/gold")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("held-out gold file");
    toml::from_str(&text).expect("held-out gold parses")
}

#[derive(Default)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn p(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn r(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
}

type Pair = (String, &'static str);

fn expected(c: &Case) -> BTreeSet<Pair> {
    let aff = c
        .claims
        .iter()
        .map(|k| (k.clone(), Polarity::Affirmed.as_str()));
    let neg = c
        .negated
        .iter()
        .map(|k| (k.clone(), Polarity::Negated.as_str()));
    aff.chain(neg).collect()
}

/// Scores one gold file; returns the overall score and the modality and source agreement
/// on the claims found correctly (agreeing, checked).
fn run(name: &str) -> (Score, (usize, usize), (usize, usize)) {
    let kb = common::shipped_kb();
    let linker = Linker::new(&kb).expect("linker");
    let ex = ClaimExtractor::new(&kb, Lexicon::shipped().expect("lexicon"));
    let mut all = Score::default();
    let mut per_lang: BTreeMap<String, Score> = BTreeMap::new();
    let (mut modal, mut source) = ((0, 0), (0, 0));
    for case in gold(name).case {
        let doc = common::doc(&case.text);
        assert_eq!(
            doc.sentences.len(),
            1,
            "one sentence per case: {}",
            case.text
        );
        let claims: Vec<Claim> = ex.extract(&doc, &linker.link(&doc));
        let found: BTreeSet<Pair> = claims
            .iter()
            .map(|c| (c.key.clone(), c.polarity.as_str()))
            .collect();
        let want = expected(&case);
        let hit = found.intersection(&want).count();
        for extra in found.difference(&want) {
            eprintln!("[{}] FP {} {}: {}", case.lang, extra.0, extra.1, case.text);
        }
        for miss in want.difference(&found) {
            eprintln!("[{}] FN {} {}: {}", case.lang, miss.0, miss.1, case.text);
        }
        let want_modality = match case.modality.as_deref() {
            None | Some("asserted") => Modality::Asserted,
            Some("hedged") => Modality::Hedged,
            Some("questioned") => Modality::Questioned,
            Some(other) => panic!("unknown modality {other}"),
        };
        for c in claims
            .iter()
            .filter(|c| want.contains(&(c.key.clone(), c.polarity.as_str())))
        {
            modal.1 += 1;
            if c.modality == want_modality {
                modal.0 += 1;
            } else {
                eprintln!("[{}] modality {:?}: {}", case.lang, c.modality, case.text);
            }
            if let Some(s) = &case.source {
                source.1 += 1;
                if c.source.as_deref() == Some(s) {
                    source.0 += 1;
                } else {
                    eprintln!("[{}] source {:?}: {}", case.lang, c.source, case.text);
                }
            }
        }
        for s in [&mut all, per_lang.entry(case.lang.clone()).or_default()] {
            s.tp += hit;
            s.fp += found.len() - hit;
            s.fn_ += want.len() - hit;
        }
    }
    for (lang, s) in &per_lang {
        println!(
            "{name} {lang}: precision {:.3} recall {:.3} (tp {}, fp {}, fn {})",
            s.p(),
            s.r(),
            s.tp,
            s.fp,
            s.fn_
        );
    }
    println!(
        "{name} all: precision {:.3} recall {:.3} (tp {}, fp {}, fn {}); modality {}/{}, source {}/{}",
        all.p(),
        all.r(),
        all.tp,
        all.fp,
        all.fn_,
        modal.0,
        modal.1,
        source.0,
        source.1
    );
    (all, modal, source)
}

#[test]
fn heldout_claims_precision_and_recall() {
    let (s, modal, source) = run("heldout.toml");
    assert!(modal.0 + 1 >= modal.1, "modality {modal:?}");
    assert_eq!(source.0, source.1, "source");
    assert!(
        s.tp + s.fn_ >= 60,
        "the held-out set has at least 60 gold claims"
    );
    assert!(s.p() >= 0.9, "held-out precision {:.3}", s.p());
    assert!(s.r() >= 0.85, "held-out recall {:.3}", s.r());
}

#[test]
fn blind_claims_precision_and_recall() {
    let (s, _, _) = run("blind.toml");
    assert!(
        s.tp + s.fn_ >= 20,
        "the blind set has at least 20 gold claims"
    );
    assert!(s.p() >= 0.75, "blind precision {:.3}", s.p());
    assert!(s.r() >= 0.75, "blind recall {:.3}", s.r());
}
