//! The way from a folded text back to the text it was folded from.

/// A folded copy of a text with, for every folded byte, the original byte offset of the
/// character it came from.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// The way back to original offsets, kept sparse: `(folded, original)` byte offsets of
    /// the folded characters where the distance between the two changes. A folded
    /// character starting at byte `k` comes from the original byte `o + (k - f)`, where
    /// `(f, o)` is the last mark at or before `k`; every byte of a character maps where
    /// its first byte does.
    pub(super) marks: Vec<(u32, u32)>,
}

impl Folded {
    /// The byte range of `original` (the text that was folded) covered by the folded
    /// byte range `[start, end)`.
    pub fn original(&self, original: &str, start: usize, end: usize) -> Option<(usize, usize)> {
        if start >= end || end > self.text.len() {
            return None;
        }
        let last = self.origin(end - 1)?;
        let len = original.get(last..)?.chars().next()?.len_utf8();
        Some((self.origin(start)?, last + len))
    }

    /// [`Folded::original`] for ranges asked about from left to right: `cursor` (0 before
    /// the first question) keeps where the last answer was found, so that each question
    /// costs a step or two instead of a binary search. Any order gives the same answers.
    pub fn original_from(
        &self,
        original: &str,
        start: usize,
        end: usize,
        cursor: &mut usize,
    ) -> Option<(usize, usize)> {
        if start >= end || end > self.text.len() {
            return None;
        }
        let from = self.origin_from(start, cursor)?;
        let mut ahead = *cursor;
        let last = self.origin_from(end - 1, &mut ahead)?;
        let len = original.get(last..)?.chars().next()?.len_utf8();
        Some((from, last + len))
    }

    /// The original offset of the character the folded byte `k` belongs to.
    fn origin(&self, k: usize) -> Option<usize> {
        self.origin_from(k, &mut 0)
    }

    /// [`Folded::origin`], the mark searched from `cursor` on (and `cursor` moved to it).
    fn origin_from(&self, k: usize, cursor: &mut usize) -> Option<usize> {
        let mut c = k;
        while !self.text.is_char_boundary(c) {
            c -= 1;
        }
        // the number of marks at or before `c`
        let before = |i: usize| self.marks[i].0 as usize <= c;
        let mut i = (*cursor).min(self.marks.len());
        if i > 0 && !before(i - 1) {
            i = self.marks.partition_point(|m| m.0 as usize <= c);
        } else {
            let mut steps = 0;
            while i < self.marks.len() && before(i) {
                i += 1;
                steps += 1;
                if steps == 8 {
                    i += self.marks[i..].partition_point(|m| m.0 as usize <= c);
                    break;
                }
            }
        }
        *cursor = i;
        let (f, o) = *self.marks.get(i.checked_sub(1)?)?;
        Some(o as usize + (c - f as usize))
    }
}

/// Builds the marks of a [`Folded`] while its text grows.
pub(super) struct Marks {
    pub(super) marks: Vec<(u32, u32)>,
    /// `original - folded` of the last mark (wrapping).
    shift: u32,
}

impl Marks {
    /// Marks written into `marks`, emptied first.
    pub(super) fn reuse(mut marks: Vec<(u32, u32)>) -> Marks {
        marks.clear();
        Marks {
            marks,
            shift: u32::MAX,
        }
    }

    /// The folded character at byte `k` comes from the original byte `at`.
    #[inline(always)]
    pub(super) fn note(&mut self, k: u32, at: u32) {
        if at.wrapping_sub(k) != self.shift || self.marks.is_empty() {
            self.marks.push((k, at));
            self.shift = at.wrapping_sub(k);
        }
    }
}
