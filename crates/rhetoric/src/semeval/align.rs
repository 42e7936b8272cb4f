//! Alignment of a normalised text back to the raw file it came from, so that byte ranges in
//! the normalised text can be compared with labels given as character offsets and line
//! numbers of the raw file. Non-space characters are matched in order; characters the
//! normaliser dropped (debris lines, junk) are skipped over, and a match must be confirmed by
//! the characters that follow it.

use narrascope_core::Span;

/// How far ahead in the raw text a character is looked for.
const WINDOW: usize = 20_000;
/// How many following characters must agree to accept a match.
const CONFIRM: usize = 6;

/// A map from normalised byte offsets to raw character offsets and lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// Per non-space normalised character: its byte offset and raw character offset.
    points: Vec<(usize, usize)>,
    /// Raw character offset at which each line starts.
    line_starts: Vec<usize>,
}

impl Alignment {
    pub fn new(raw: &str, norm: &str) -> Alignment {
        let rc: Vec<(usize, char)> = raw
            .chars()
            .enumerate()
            .filter(|(_, c)| !c.is_whitespace())
            .collect();
        let nc: Vec<(usize, char)> = norm
            .char_indices()
            .filter(|(_, c)| !c.is_whitespace())
            .collect();
        let agrees = |i: usize, k: usize| {
            (1..=CONFIRM).all(|d| match (nc.get(i + d), rc.get(k + d)) {
                (Some(a), Some(b)) => a.1 == b.1,
                (None, _) => true,
                (Some(_), None) => false,
            })
        };
        let mut points = Vec::with_capacity(nc.len());
        let mut j = 0;
        for (i, &(b, c)) in nc.iter().enumerate() {
            let hit = (j..(j + WINDOW).min(rc.len())).find(|&k| rc[k].1 == c && agrees(i, k));
            match hit {
                Some(k) => {
                    points.push((b, rc[k].0));
                    j = k + 1;
                }
                None => points.push((b, rc.get(j).map_or(raw.chars().count(), |r| r.0))),
            }
        }
        let mut line_starts = vec![0];
        line_starts.extend(
            raw.chars()
                .enumerate()
                .filter(|(_, c)| *c == '\n')
                .map(|(i, _)| i + 1),
        );
        Alignment {
            points,
            line_starts,
        }
    }

    /// The raw character range of normalised byte range `span`.
    pub fn raw_range(&self, span: Span) -> (usize, usize) {
        let first = self.points.partition_point(|p| p.0 < span.start);
        let last = self.points.partition_point(|p| p.0 < span.end);
        match (
            self.points.get(first),
            last.checked_sub(1).and_then(|l| self.points.get(l)),
        ) {
            (Some(a), Some(b)) if first < last => (a.1, b.1 + 1),
            (Some(a), _) => (a.1, a.1),
            _ => {
                let end = self.points.last().map_or(0, |p| p.1 + 1);
                (end, end)
            }
        }
    }

    /// The 1-based raw line holding raw character `c`.
    pub fn line_of(&self, c: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= c).max(1)
    }

    /// The 1-based raw lines normalised byte range `span` covers.
    pub fn lines(&self, span: Span) -> std::ops::RangeInclusive<usize> {
        let (a, b) = self.raw_range(span);
        self.line_of(a)..=self.line_of(b.saturating_sub(1).max(a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_through_dropped_lines_and_squeezed_space() {
        let raw = "Title here\n\nshot.png\nFirst  sentence   here. Second.\nThird line.\n";
        let norm = "Title here\n\nFirst sentence here. Second.\n\nThird line.";
        let a = Alignment::new(raw, norm);
        let at = |s: &str| norm.find(s).unwrap();
        let first = Span::new(at("First"), at("here.") + 5);
        let (s, e) = a.raw_range(first);
        let chars: Vec<char> = raw.chars().collect();
        assert_eq!(
            chars[s..e].iter().collect::<String>(),
            "First  sentence   here."
        );
        assert_eq!(a.lines(first), 4..=4);
        assert_eq!(a.lines(Span::new(at("Third"), norm.len())), 5..=5);
        assert_eq!(a.lines(Span::new(0, 5)), 1..=1);
        // Out of range input never panics.
        let _ = a.lines(Span::new(norm.len() + 10, norm.len() + 20));
        let empty = Alignment::new("", "");
        assert_eq!(empty.raw_range(Span::new(0, 3)), (0, 0));
    }
}
