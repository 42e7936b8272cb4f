//! How texts travel: typed lineage links (exact copy, near copy, translation, rewrite)
//! between the documents of a corpus, oriented from the earlier to the later one.
//!
//! Candidate pairs come from two places: MinHash-LSH over word shingles (same-language
//! copies and rewrites) and document-vector similarity (translations and rewrites that
//! share few words). Every candidate is then measured — estimated Jaccard, sentence
//! alignment shares — and typed by `narrascope_lineage::classify`. Results are sorted, so
//! the same corpus always gives the same links.

use narrascope_lineage::{
    Dated, Link, MinHashSig, MinHasher, PairFacts, alignment, near_duplicate_pairs,
};

use crate::fnv::fnv1a;
use crate::matcher::dot;

/// Document-vector cosine at which two documents are compared sentence by sentence.
pub const DOC_COSINE_MIN: f32 = 0.7;
/// Jaccard at which LSH proposes a same-language pair.
pub const LSH_THRESHOLD: f32 = 0.3;
/// Documents whose sentence vectors are kept in memory while links are measured.
const CACHE_DOCS: usize = 4096;

/// Sentence cosine at which two sentences count as counterparts.
pub const SENTENCE_COSINE_MIN: f32 = narrascope_lineage::DEFAULT_MIN_COS;

/// What lineage needs of one document.
#[derive(Debug, Clone, Default)]
pub struct TravelDoc {
    pub lang: Option<String>,
    /// Publication time, seconds since the Unix epoch.
    pub published: Option<i64>,
    pub signature: Option<MinHashSig>,
    /// The normalised-text fingerprint (equal texts, equal hash).
    pub text_hash: u64,
    /// L2-normalised document vector.
    pub doc_vector: Option<Vec<f32>>,
}

/// A typed link with its measurements, by document index.
#[derive(Debug, Clone, PartialEq)]
pub struct TravelLink {
    pub link: Link,
    pub jaccard: f32,
    pub alignment: Option<f32>,
}

/// Signature and hash of a text.
pub fn fingerprint_text(hasher: &MinHasher, text: &str) -> (MinHashSig, u64) {
    let norm = narrascope_lineage::normalize(text);
    (hasher.signature(text), fnv1a(norm.as_bytes()))
}

/// Links among `docs`. `groups` lists sets of documents worth comparing by meaning (for
/// example the documents of one narrative); `None` compares every pair, for small
/// corpora. `sentences(i)` gives document `i`'s L2-normalised sentence vectors.
pub fn links(
    docs: &[TravelDoc],
    groups: Option<&[Vec<usize>]>,
    mut sentences: impl FnMut(usize) -> Vec<Vec<f32>>,
) -> Vec<TravelLink> {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let sigs: Vec<(usize, MinHashSig)> = docs
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.signature.clone().map(|s| (i, s)))
        .collect();
    let only: Vec<MinHashSig> = sigs.iter().map(|(_, s)| s.clone()).collect();
    if let Ok(found) = near_duplicate_pairs(&only, LSH_THRESHOLD) {
        pairs.extend(
            found
                .into_iter()
                .map(|(a, b, _)| (sigs[a as usize].0, sigs[b as usize].0)),
        );
    }
    let close = |a: usize, b: usize| match (&docs[a].doc_vector, &docs[b].doc_vector) {
        (Some(x), Some(y)) => dot(x, y) >= DOC_COSINE_MIN,
        _ => false,
    };
    match groups {
        None => {
            for a in 0..docs.len() {
                for b in a + 1..docs.len() {
                    if close(a, b) {
                        pairs.push((a, b));
                    }
                }
            }
        }
        Some(gs) => {
            for g in gs {
                for (i, &a) in g.iter().enumerate() {
                    for &b in &g[i + 1..] {
                        if a != b && close(a, b) {
                            pairs.push((a.min(b), a.max(b)));
                        }
                    }
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut cache: std::collections::HashMap<usize, Vec<Vec<f32>>> = Default::default();
    let mut out = Vec::new();
    for (a, b) in pairs {
        let (da, db) = (&docs[a], &docs[b]);
        let jaccard = match (&da.signature, &db.signature) {
            (Some(x), Some(y)) => x.jaccard(y),
            _ => 0.0,
        };
        // bounded: pairs come sorted, so recent documents are the ones asked again
        if cache.len() >= CACHE_DOCS {
            cache.clear();
        }
        for i in [a, b] {
            cache.entry(i).or_insert_with(|| sentences(i));
        }
        let (va, vb) = (&cache[&a], &cache[&b]);
        let al = (!va.is_empty() && !vb.is_empty()).then(|| {
            let ra: Vec<&[f32]> = va.iter().map(Vec::as_slice).collect();
            let rb: Vec<&[f32]> = vb.iter().map(Vec::as_slice).collect();
            alignment(&ra, &rb, SENTENCE_COSINE_MIN)
        });
        let facts = PairFacts {
            same_language: da.lang.is_some() && da.lang == db.lang,
            jaccard,
            alignment: al.as_ref().map(|x| (x.share_a, x.share_b)),
            identical_text: da.text_hash == db.text_hash,
        };
        if let Some(kind) = narrascope_lineage::classify(&facts) {
            out.push(TravelLink {
                link: Link::between(
                    Dated {
                        id: a as u32,
                        published: da.published,
                    },
                    Dated {
                        id: b as u32,
                        published: db.published,
                    },
                    kind,
                ),
                jaccard,
                alignment: facts.coverage(),
            });
        }
    }
    out.sort_by_key(|l| (l.link.from, l.link.to));
    out
}

/// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an RFC 3339 time as seconds since the Unix epoch
/// (UTC, the first instant of a partial date).
pub fn parse_time(s: &str) -> Option<i64> {
    let s = s.trim();
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<i64>().ok());
    let y = num(0..4)?;
    let m = if s.len() >= 7 { num(5..7)? } else { 1 };
    let d = if s.len() >= 10 { num(8..10)? } else { 1 };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let (hh, mm, ss) = match (num(11..13), num(14..16), num(17..19)) {
        (Some(h), Some(mi), Some(se)) => (h, mi, se),
        _ => (0, 0, 0),
    };
    // days from civil (proleptic Gregorian)
    let yy = if m <= 2 { y - 1 } else { y };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

#[cfg(test)]
mod tests {
    use super::*;
    use narrascope_lineage::LinkKind;

    #[test]
    fn times() {
        assert_eq!(parse_time("1970-01-01"), Some(0));
        assert_eq!(parse_time("1970-01-02T00:00:01Z"), Some(86_401));
        assert_eq!(parse_time("2024-02"), parse_time("2024-02-01"));
        assert_eq!(parse_time("2000-03-01"), Some(951_868_800));
        assert_eq!(parse_time("nope"), None);
        assert_eq!(parse_time("2024-13-01"), None);
    }

    #[test]
    fn copies_are_linked_earliest_first() {
        let h = MinHasher::default();
        let text = "The harbour of Brest closed on Monday after a fire broke out in a warehouse near the docks, officials said.";
        let other = "Farmers in the valley expect a record apple harvest this autumn after a mild and wet spring season.";
        let mk = |t: &str, when: &str| {
            let (sig, hash) = fingerprint_text(&h, t);
            TravelDoc {
                lang: Some("en".into()),
                published: parse_time(when),
                signature: Some(sig),
                text_hash: hash,
                doc_vector: None,
            }
        };
        let docs = [
            mk(text, "2024-03-02"),
            mk(other, "2024-03-01"),
            mk(text, "2024-03-01"),
        ];
        let got = links(&docs, None, |_| Vec::new());
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].link.kind, LinkKind::ExactCopy);
        assert_eq!((got[0].link.from, got[0].link.to), (2, 0));
        assert_eq!(got[0].link.lag_seconds, Some(86_400));
    }
}
