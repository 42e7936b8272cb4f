//! Typed, dated links between two documents.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::align::Alignment;
use crate::error::Error;
use crate::minhash::exact_jaccard;
use crate::text::normalize;

/// How one document derives from another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// Same words after normalisation (case, punctuation, accents and spacing aside).
    ExactCopy,
    /// Same language, word-shingle Jaccard at or above the near-copy threshold.
    NearCopy,
    /// Different languages, sentences aligned across them.
    Translation,
    /// Same language, fewer shared shingles but sentences that still mean the same.
    Rewrite,
}

impl LinkKind {
    /// Every kind, strongest first.
    pub const ALL: [LinkKind; 4] = [
        LinkKind::ExactCopy,
        LinkKind::NearCopy,
        LinkKind::Translation,
        LinkKind::Rewrite,
    ];

    /// The snake_case name, as in serde.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::ExactCopy => "exact_copy",
            LinkKind::NearCopy => "near_copy",
            LinkKind::Translation => "translation",
            LinkKind::Rewrite => "rewrite",
        }
    }

    /// The kind named `s` (snake_case), if any.
    pub fn parse(s: &str) -> Option<LinkKind> {
        LinkKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for LinkKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        LinkKind::parse(s).ok_or_else(|| Error::UnknownLinkKind(s.to_string()))
    }
}

/// What is known about a pair of documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairFacts {
    /// Both documents are in the same language (as detected upstream).
    pub same_language: bool,
    /// Word-shingle Jaccard, exact ([`exact_jaccard`]) or estimated ([`crate::jaccard`]).
    pub jaccard: f32,
    /// Sentence-alignment shares `(share_a, share_b)` ([`crate::alignment`]), when both
    /// documents have sentence vectors.
    pub alignment: Option<(f32, f32)>,
    /// The normalised texts ([`normalize`]) are equal.
    pub identical_text: bool,
}

impl PairFacts {
    /// Measures the facts of texts `a` and `b` with exact Jaccard over `shingle_words`-word
    /// shingles; `alignment` comes from their sentence vectors if available.
    pub fn measure(
        a: &str,
        b: &str,
        same_language: bool,
        shingle_words: usize,
        alignment: Option<&Alignment>,
    ) -> PairFacts {
        let (na, nb) = (normalize(a), normalize(b));
        PairFacts {
            same_language,
            jaccard: exact_jaccard(&na, &nb, shingle_words),
            alignment: alignment.map(|al| (al.share_a, al.share_b)),
            identical_text: !na.is_empty() && na == nb,
        }
    }

    /// The smaller alignment share: how much of both documents is matched (a non-finite share
    /// counts as 0).
    pub fn coverage(&self) -> Option<f32> {
        let finite = |x: f32| if x.is_finite() { x } else { 0.0 };
        self.alignment.map(|(a, b)| finite(a).min(finite(b)))
    }
}

/// Decision thresholds of [`classify_with`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Jaccard at or above which a pair is a near copy.
    pub near_copy_jaccard: f32,
    /// Coverage at or above which a cross-language pair is a translation.
    pub translation_coverage: f32,
    /// Coverage at or above which a same-language pair is a rewrite.
    pub rewrite_coverage: f32,
    /// Jaccard at or above which a same-language pair is a rewrite even without alignment.
    pub rewrite_jaccard: f32,
}

impl Default for Thresholds {
    /// Calibrated on the corpus of `tests/typed_links.rs` (see the crate documentation).
    fn default() -> Self {
        Thresholds {
            near_copy_jaccard: 0.8,
            translation_coverage: 0.6,
            rewrite_coverage: 0.6,
            rewrite_jaccard: 0.3,
        }
    }
}

/// [`classify_with`] with the default [`Thresholds`].
pub fn classify(facts: &PairFacts) -> Option<LinkKind> {
    classify_with(facts, &Thresholds::default())
}

/// The link kind of a pair, first rule that applies, or `None` for unrelated documents:
///
/// 1. identical normalised text → [`LinkKind::ExactCopy`];
/// 2. Jaccard ≥ `near_copy_jaccard` → [`LinkKind::NearCopy`] (even if the language labels
///    differ: that much shared wording means the same language, whatever a detector said);
/// 3. different languages and coverage (smaller alignment share) ≥ `translation_coverage` →
///    [`LinkKind::Translation`];
/// 4. same language and (coverage ≥ `rewrite_coverage` or Jaccard ≥ `rewrite_jaccard`) →
///    [`LinkKind::Rewrite`].
pub fn classify_with(facts: &PairFacts, t: &Thresholds) -> Option<LinkKind> {
    let coverage = facts.coverage().unwrap_or(0.0);
    if facts.identical_text {
        Some(LinkKind::ExactCopy)
    } else if facts.jaccard >= t.near_copy_jaccard {
        Some(LinkKind::NearCopy)
    } else if !facts.same_language {
        (coverage >= t.translation_coverage).then_some(LinkKind::Translation)
    } else if coverage >= t.rewrite_coverage || facts.jaccard >= t.rewrite_jaccard {
        Some(LinkKind::Rewrite)
    } else {
        None
    }
}

/// A document with its publication time, as Unix seconds when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dated {
    /// Document id.
    pub id: u32,
    /// Publication time in seconds since the Unix epoch, if known.
    pub published: Option<i64>,
}

/// A directed link: `to` derives from `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The earlier document (the presumed source).
    pub from: u32,
    /// The later document.
    pub to: u32,
    /// How `to` relates to `from`.
    pub kind: LinkKind,
    /// Seconds from `from`'s publication to `to`'s, when both are dated (never negative).
    pub lag_seconds: Option<i64>,
}

impl Link {
    /// Orients a pair by date: the earlier document is the source. Equal times, or a missing
    /// date on either side, fall back to the smaller id as the source; the lag is known only
    /// when both are dated.
    pub fn between(a: Dated, b: Dated, kind: LinkKind) -> Link {
        let (from, to) = match (a.published, b.published) {
            (Some(ta), Some(tb)) if (ta, a.id) > (tb, b.id) => (b, a),
            (Some(_), Some(_)) => (a, b),
            _ if a.id > b.id => (b, a),
            _ => (a, b),
        };
        let lag_seconds = match (from.published, to.published) {
            (Some(f), Some(t)) => Some(t.saturating_sub(f)),
            _ => None,
        };
        Link {
            from: from.id,
            to: to.id,
            kind,
            lag_seconds,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(same: bool, jaccard: f32, alignment: Option<(f32, f32)>) -> PairFacts {
        PairFacts {
            same_language: same,
            jaccard,
            alignment,
            identical_text: false,
        }
    }

    #[test]
    fn names_round_trip() {
        for k in LinkKind::ALL {
            assert_eq!(LinkKind::parse(k.as_str()), Some(k));
            assert_eq!(k.as_str().parse::<LinkKind>(), Ok(k));
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
            assert_eq!(serde_json::from_str::<LinkKind>(&json).unwrap(), k);
        }
        let e = "copy".parse::<LinkKind>().unwrap_err().to_string();
        assert!(e.contains("\"copy\""), "{e}");
    }

    #[test]
    fn rules_apply_in_order() {
        let mut f = facts(false, 1.0, None);
        f.identical_text = true;
        assert_eq!(classify(&f), Some(LinkKind::ExactCopy));
        assert_eq!(classify(&facts(true, 0.85, None)), Some(LinkKind::NearCopy));
        assert_eq!(classify(&facts(false, 0.9, None)), Some(LinkKind::NearCopy));
        let tr = facts(false, 0.0, Some((0.9, 0.8)));
        assert_eq!(classify(&tr), Some(LinkKind::Translation));
        assert_eq!(classify(&facts(false, 0.0, Some((0.9, 0.2)))), None);
        assert_eq!(classify(&facts(false, 0.5, None)), None);
        let rw = facts(true, 0.2, Some((0.9, 1.0)));
        assert_eq!(classify(&rw), Some(LinkKind::Rewrite));
        assert_eq!(classify(&facts(true, 0.4, None)), Some(LinkKind::Rewrite));
        assert_eq!(classify(&facts(true, 0.1, Some((0.1, 0.1)))), None);
        assert_eq!(classify(&facts(true, 0.1, Some((f32::NAN, 1.0)))), None);
    }

    #[test]
    fn measure_normalises_before_comparing() {
        let f = PairFacts::measure("Le Port, rouvre!", "le port rouvre", true, 3, None);
        assert!(f.identical_text && f.jaccard == 1.0 && f.alignment.is_none());
        assert!(!PairFacts::measure("", " ", true, 3, None).identical_text);
    }

    #[test]
    fn links_point_from_earlier_to_later() {
        let d = |id, published| Dated { id, published };
        let l = Link::between(d(5, Some(1000)), d(2, Some(400)), LinkKind::Rewrite);
        assert_eq!((l.from, l.to, l.lag_seconds), (2, 5, Some(600)));
        let l = Link::between(d(5, Some(100)), d(2, Some(100)), LinkKind::NearCopy);
        assert_eq!((l.from, l.to, l.lag_seconds), (2, 5, Some(0)));
        let l = Link::between(d(1, None), d(3, Some(7)), LinkKind::Translation);
        assert_eq!((l.from, l.to, l.lag_seconds), (1, 3, None));
        let l = Link::between(
            d(9, Some(i64::MAX)),
            d(3, Some(i64::MIN)),
            LinkKind::ExactCopy,
        );
        assert_eq!((l.from, l.to), (3, 9));
        assert_eq!(l.lag_seconds, Some(i64::MAX));
    }
}
