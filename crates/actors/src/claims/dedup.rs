//! One claim per (key, polarity) in a sentence: two triggers of the same relation in one
//! sentence (`attacks … strikes against X`) state the claim once.

use narrascope_core::Claim;

/// Drops from `claims[from..]` (the claims of one sentence) every claim whose key and
/// polarity an earlier one there already has; an attributed duplicate replaces an
/// unattributed first statement, which keeps its place.
pub(super) fn dedup_sentence(claims: &mut Vec<Claim>, from: usize) {
    if claims.len() <= from + 1 {
        return;
    }
    let tail = claims.split_off(from);
    for c in tail {
        let same = claims[from..]
            .iter()
            .position(|k| k.key == c.key && k.polarity == c.polarity && k.sentence == c.sentence);
        match same {
            Some(i) => {
                let kept = &mut claims[from + i];
                if kept.source.is_none() && c.source.is_some() {
                    *kept = c;
                }
            }
            None => claims.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use narrascope_core::{Modality, Polarity, Span};

    fn claim(key: &str, polarity: Polarity, source: Option<&str>, trigger: usize) -> Claim {
        let mut parts = key.split(' ');
        let (s, r, o) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        Claim {
            key: key.into(),
            subject: s.into(),
            relation: r.into(),
            object: o.into(),
            evidence: Span::new(0, 100),
            trigger: Span::new(trigger, trigger + 3),
            subject_span: Span::new(0, 2),
            object_span: Span::new(90, 95),
            polarity,
            modality: Modality::Asserted,
            source: source.map(String::from),
            sentence: 0,
        }
    }

    #[test]
    fn keeps_one_claim_per_key_and_polarity() {
        let earlier = claim("Q1 arm Q2", Polarity::Affirmed, None, 0);
        let mut v = vec![
            earlier.clone(),
            claim("Q30 attack Q5", Polarity::Affirmed, None, 10),
            claim("Q30 fund Q5", Polarity::Affirmed, None, 20),
            claim("Q30 attack Q5", Polarity::Affirmed, None, 30),
            claim("Q30 attack Q5", Polarity::Negated, None, 40),
        ];
        dedup_sentence(&mut v, 1);
        let got: Vec<_> = v
            .iter()
            .map(|c| (c.key.as_str(), c.trigger.start))
            .collect();
        assert_eq!(
            got,
            [
                ("Q1 arm Q2", 0),
                ("Q30 attack Q5", 10),
                ("Q30 fund Q5", 20),
                ("Q30 attack Q5", 40)
            ]
        );
        assert_eq!(v[3].polarity, Polarity::Negated);
        // claims before `from` are left alone, even when they repeat
        let mut w = vec![earlier.clone(), earlier.clone()];
        dedup_sentence(&mut w, 1);
        assert_eq!(w.len(), 2);
    }

    #[test]
    fn an_attributed_duplicate_replaces_an_unattributed_one_in_place() {
        let mut v = vec![
            claim("Q30 attack Q5", Polarity::Affirmed, None, 10),
            claim("Q30 fund Q5", Polarity::Affirmed, None, 20),
            claim("Q30 attack Q5", Polarity::Affirmed, Some("Q11211"), 30),
            claim("Q30 attack Q5", Polarity::Affirmed, None, 50),
        ];
        dedup_sentence(&mut v, 0);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].source.as_deref(), Some("Q11211"));
        assert_eq!(v[0].trigger.start, 30);
        assert_eq!(v[1].key, "Q30 fund Q5");
    }
}
