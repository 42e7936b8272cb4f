use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's normalised text.
/// Both ends always lie on UTF-8 character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The slice of `text` this span covers, or `None` when it is out of range or
    /// does not fall on character boundaries.
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.start..self.end)
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// This span moved right by `offset` bytes.
    pub fn shifted(&self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_respects_char_boundaries() {
        let text = "État islamique";
        assert_eq!(Span::new(0, 5).slice(text), Some("État"));
        assert_eq!(Span::new(0, 1).slice(text), None);
        assert_eq!(Span::new(10, 100).slice(text), None);
    }

    #[test]
    fn overlap_and_containment() {
        let a = Span::new(2, 8);
        assert!(a.overlaps(Span::new(7, 9)));
        assert!(!a.overlaps(Span::new(8, 9)));
        assert!(a.contains(Span::new(2, 8)));
        assert!(!a.contains(Span::new(1, 3)));
        assert_eq!(a.shifted(3), Span::new(5, 11));
        assert_eq!(a.len(), 6);
    }
}
