//! From per-label probabilities to a consistent two-level prediction.
//!
//! Rules: a label counts when its probability reaches its threshold; a sub-narrative that
//! counts brings its parent narrative; a narrative without any counted sub-narrative gets
//! `<narrative>: Other`; a document with no narrative gets `Other` at both levels.

/// The label of texts that carry none of the narratives.
pub const OTHER: &str = "Other";

/// The catch-all sub-narrative of `parent`.
pub fn other_of(parent: &str) -> String {
    format!("{parent}: {OTHER}")
}

/// One label's decision input.
#[derive(Debug, Clone, Copy)]
pub struct Scored<'a> {
    pub label: &'a str,
    /// The parent narrative's label, for a sub-narrative.
    pub parent: Option<&'a str>,
    pub probability: f32,
    pub threshold: f32,
}

/// Predicted labels with their probabilities, each level in descending probability.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Decoded {
    pub narratives: Vec<(String, f32)>,
    pub subnarratives: Vec<(String, f32)>,
}

impl Decoded {
    pub fn narrative_labels(&self) -> Vec<String> {
        self.narratives.iter().map(|(l, _)| l.clone()).collect()
    }

    pub fn subnarrative_labels(&self) -> Vec<String> {
        self.subnarratives.iter().map(|(l, _)| l.clone()).collect()
    }
}

fn upsert(list: &mut Vec<(String, f32)>, label: &str, p: f32) {
    match list.iter_mut().find(|(l, _)| l == label) {
        Some(e) => e.1 = e.1.max(p),
        None => list.push((label.to_string(), p)),
    }
}

/// Applies thresholds and the hierarchy rules.
pub fn decode(scored: &[Scored<'_>]) -> Decoded {
    let mut out = Decoded::default();
    for s in scored.iter().filter(|s| s.probability >= s.threshold) {
        match s.parent {
            None => upsert(&mut out.narratives, s.label, s.probability),
            Some(parent) => {
                upsert(&mut out.subnarratives, s.label, s.probability);
                // The parent's own probability when it has a model, else the child's.
                let p = scored
                    .iter()
                    .find(|x| x.parent.is_none() && x.label == parent)
                    .map_or(s.probability, |x| x.probability);
                upsert(&mut out.narratives, parent, p);
            }
        }
    }
    if out.narratives.is_empty() {
        let best = scored
            .iter()
            .filter(|s| s.parent.is_none())
            .map(|s| s.probability)
            .fold(0.0f32, f32::max);
        out.narratives.push((OTHER.to_string(), 1.0 - best));
        out.subnarratives.push((OTHER.to_string(), 1.0 - best));
        return out;
    }
    let narratives = out.narratives.clone();
    for (n, p) in &narratives {
        let has_child = scored.iter().any(|s| {
            s.parent == Some(n.as_str()) && out.subnarratives.iter().any(|(l, _)| l == s.label)
        });
        if !has_child {
            upsert(&mut out.subnarratives, &other_of(n), *p);
        }
    }
    let by_p = |a: &(String, f32), b: &(String, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    out.narratives.sort_by(by_p);
    out.subnarratives.sort_by(by_p);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s<'a>(label: &'a str, parent: Option<&'a str>, p: f32) -> Scored<'a> {
        Scored {
            label,
            parent,
            probability: p,
            threshold: 0.5,
        }
    }

    #[test]
    fn child_brings_parent_and_lonely_parent_gets_other() {
        let d = decode(&[
            s("A", None, 0.3),
            s("A: x", Some("A"), 0.9),
            s("B", None, 0.8),
            s("B: y", Some("B"), 0.1),
            s("C: z", Some("C"), 0.6),
        ]);
        assert_eq!(d.narrative_labels(), vec!["B", "C", "A"]);
        assert_eq!(d.narratives[2], ("A".to_string(), 0.3));
        assert_eq!(d.subnarrative_labels(), vec!["A: x", "B: Other", "C: z"]);
    }

    #[test]
    fn nothing_above_threshold_is_other() {
        let d = decode(&[s("A", None, 0.2), s("A: x", Some("A"), 0.4)]);
        assert_eq!(d.narrative_labels(), vec![OTHER]);
        assert_eq!(d.subnarrative_labels(), vec![OTHER]);
        assert!((d.narratives[0].1 - 0.8).abs() < 1e-6);
        assert_eq!(decode(&[]).narrative_labels(), vec![OTHER]);
    }
}
