//! Claim signatures: which extracted claims carry a narrative.

use narrascope_core::{Claim, Polarity};
use narrascope_kb::Kb;
use narrascope_kb::narratives::{Signature, SignaturePolarity};

/// A signature compiled against the knowledge base: entity types resolved once.
#[derive(Debug, Clone)]
struct Compiled {
    narrative: usize,
    subject: Vec<Item>,
    relation: Vec<String>,
    object: Vec<Item>,
    polarity: SignaturePolarity,
    weight: f32,
}

#[derive(Debug, Clone, PartialEq)]
enum Item {
    Any,
    Id(String),
    Type(String),
}

impl Item {
    fn parse(s: &str) -> Item {
        match s {
            "*" => Item::Any,
            _ => match s.strip_prefix("type:") {
                Some(t) => Item::Type(t.to_string()),
                None => Item::Id(s.to_string()),
            },
        }
    }

    /// `ids` are the claim's own id and its rolled-up form; a type matches on either.
    fn matches(&self, ids: [&str; 2], kb: &Kb) -> bool {
        match self {
            Item::Any => true,
            Item::Id(want) => ids.contains(&want.as_str()),
            Item::Type(t) => ids
                .iter()
                .any(|id| kb.get(id).is_some_and(|e| e.kind.as_str() == t)),
        }
    }
}

/// A signature hit: which narrative, which claim, how much it counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub narrative: usize,
    pub claim: usize,
    pub weight: f32,
}

/// Every signature of a list of narratives, ready to test claims against.
#[derive(Debug, Clone, Default)]
pub struct SignatureSet {
    compiled: Vec<Compiled>,
}

impl SignatureSet {
    /// `signatures[i]` are the signatures of narrative `i`.
    pub fn new<'a>(signatures: impl IntoIterator<Item = &'a [Signature]>) -> Self {
        let mut compiled = Vec::new();
        for (narrative, sigs) in signatures.into_iter().enumerate() {
            for s in sigs {
                compiled.push(Compiled {
                    narrative,
                    subject: s.subject.iter().map(|x| Item::parse(x)).collect(),
                    relation: s.relation.clone(),
                    object: s.object.iter().map(|x| Item::parse(x)).collect(),
                    polarity: s.polarity,
                    weight: s.weight.clamp(0.0, 1.0),
                });
            }
        }
        SignatureSet { compiled }
    }

    pub fn is_empty(&self) -> bool {
        self.compiled.is_empty()
    }

    /// Every (narrative, claim) pair where a signature matches, with the best weight of
    /// the signatures that do, in narrative then claim order.
    pub fn hits(&self, claims: &[Claim], kb: &Kb) -> Vec<Hit> {
        let mut out: Vec<Hit> = Vec::new();
        for (ci, c) in claims.iter().enumerate() {
            let mut parts = c.key.split(' ');
            let (ks, kr, ko) = (parts.next(), parts.next(), parts.next());
            let (Some(ks), Some(ko)) = (ks, ko) else {
                continue;
            };
            let relation = kr.unwrap_or(c.relation.as_str());
            for s in &self.compiled {
                let polarity_ok = match s.polarity {
                    SignaturePolarity::Any => true,
                    SignaturePolarity::Affirmed => c.polarity == Polarity::Affirmed,
                    SignaturePolarity::Negated => c.polarity == Polarity::Negated,
                };
                if polarity_ok
                    && s.relation.iter().any(|r| r == relation || r == "*")
                    && s.subject.iter().any(|i| i.matches([&c.subject, ks], kb))
                    && s.object.iter().any(|i| i.matches([&c.object, ko], kb))
                {
                    match out
                        .iter_mut()
                        .find(|h| h.narrative == s.narrative && h.claim == ci)
                    {
                        Some(h) => h.weight = h.weight.max(s.weight),
                        None => out.push(Hit {
                            narrative: s.narrative,
                            claim: ci,
                            weight: s.weight,
                        }),
                    }
                }
            }
        }
        out.sort_by_key(|h| (h.narrative, h.claim));
        out
    }
}

/// Combines independent pieces of evidence: `1 - Π(1 - w)`.
pub fn noisy_or(weights: impl IntoIterator<Item = f32>) -> f32 {
    1.0 - weights
        .into_iter()
        .fold(1.0, |acc, w| acc * (1.0 - w.clamp(0.0, 1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use narrascope_core::{Modality, Span};

    fn claim(s: &str, r: &str, o: &str, polarity: Polarity) -> Claim {
        Claim {
            subject: s.into(),
            relation: r.into(),
            object: o.into(),
            key: format!("{s} {r} {o}"),
            evidence: Span::new(0, 1),
            trigger: Span::new(0, 1),
            subject_span: Span::new(0, 1),
            object_span: Span::new(0, 1),
            polarity,
            modality: Modality::Asserted,
            source: None,
            sentence: 0,
        }
    }

    fn sig(s: &[&str], r: &[&str], o: &[&str], w: f32) -> Signature {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect();
        Signature {
            subject: v(s),
            relation: v(r),
            object: v(o),
            polarity: SignaturePolarity::Affirmed,
            weight: w,
        }
    }

    #[test]
    fn matches_ids_types_and_polarity() {
        let kb = Kb::shipped().expect("shipped kb");
        let collusion = vec![sig(&["Q30"], &["arm", "protect"], &["Q2429253"], 0.8)];
        let strikes = vec![sig(&["Q30"], &["attack"], &["type:armed_group"], 0.5)];
        let set = SignatureSet::new([collusion.as_slice(), strikes.as_slice()]);
        let claims = [
            claim("Q30", "arm", "Q2429253", Polarity::Affirmed),
            claim("Q30", "arm", "Q2429253", Polarity::Negated),
            claim("Q30", "attack", "Q2429253", Polarity::Affirmed),
            claim("Q159", "arm", "Q2429253", Polarity::Affirmed),
        ];
        let hits = set.hits(&claims, &kb);
        assert_eq!(
            hits,
            vec![
                Hit {
                    narrative: 0,
                    claim: 0,
                    weight: 0.8
                },
                Hit {
                    narrative: 1,
                    claim: 2,
                    weight: 0.5
                },
            ]
        );
    }

    #[test]
    fn noisy_or_combines() {
        assert_eq!(noisy_or([]), 0.0);
        assert!((noisy_or([0.5, 0.5]) - 0.75).abs() < 1e-6);
        assert_eq!(noisy_or([1.0, 0.2]), 1.0);
    }
}
