//! The folded text of every character from U+0080 to U+0FFF that folds the same wherever
//! it stands (all but separators, which merge with their neighbours, and the Devanagari
//! nasals, which may absorb a virama), computed once per case mode: folding Cyrillic,
//! Greek, Arabic or accented Latin text then costs one look-up per character instead of a
//! decomposition and a case mapping.

use std::sync::LazyLock;

const FIRST: u32 = 0x80;
const END: u32 = 0x1000;

/// Folded texts side by side in `text`; `spans[c - FIRST]` is the range of `c`'s.
pub(super) struct Table {
    text: String,
    spans: Vec<Option<(u32, u8)>>,
    /// `single[c - FIRST]`: the one character `c` folds to, or `'\0'` when it folds to
    /// none or several (or the table does not hold it).
    single: Vec<char>,
}

impl Table {
    fn new(keep_case: bool) -> Table {
        let mut text = String::new();
        let mut spans = Vec::with_capacity((END - FIRST) as usize);
        for u in FIRST..END {
            let entry = char::from_u32(u)
                .filter(|&c| {
                    !super::is_separator(c) && super::nasal_cluster(c, "\u{94d}\u{915}").is_none()
                })
                .and_then(|c| {
                    let start = text.len();
                    let mut last_space = true;
                    super::fold_one(c, "", keep_case, &mut text, &mut last_space);
                    let len = u8::try_from(text.len() - start).ok()?;
                    Some((start as u32, len))
                });
            spans.push(entry);
        }
        let single = spans
            .iter()
            .map(|e| {
                let Some((start, len)) = *e else {
                    return '\0';
                };
                let mut f = text[start as usize..start as usize + len as usize].chars();
                match (f.next(), f.next()) {
                    (Some(one), None) => one,
                    _ => '\0',
                }
            })
            .collect();
        Table {
            text,
            spans,
            single,
        }
    }

    /// The one character `c` folds to, when the table holds `c` and `c` folds to one
    /// character (most letters): [`Table::get`] as a `char`.
    #[inline]
    pub(super) fn single(&self, c: char) -> Option<char> {
        let i = (c as u32).checked_sub(FIRST)? as usize;
        self.single.get(i).copied().filter(|&f| f != '\0')
    }

    /// The folded text of `c`, when the table holds it.
    pub(super) fn get(&self, c: char) -> Option<&str> {
        let i = (c as u32).checked_sub(FIRST)? as usize;
        let (start, len) = (*self.spans.get(i)?)?;
        self.text.get(start as usize..start as usize + len as usize)
    }
}

/// The character at byte `i` of `text`, two-byte ones (Latin, Greek, Cyrillic, Arabic)
/// decoded directly.
#[inline(always)]
pub(super) fn decode(text: &str, i: usize) -> Option<char> {
    let b = text.as_bytes();
    match (*b.get(i)?, b.get(i + 1)) {
        (x @ 0xc2..=0xdf, Some(&y)) => {
            char::from_u32(u32::from(x & 0x1f) << 6 | u32::from(y & 0x3f))
        }
        _ => text.get(i..)?.chars().next(),
    }
}

/// The table for case-folded text.
pub(super) static LOWER: LazyLock<Table> = LazyLock::new(|| Table::new(false));
/// The table for text keeping its case.
pub(super) static CASED: LazyLock<Table> = LazyLock::new(|| Table::new(true));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_letters_and_marks_but_not_separators_or_nasals() {
        assert_eq!(LOWER.get('É'), Some("e"));
        assert_eq!(CASED.get('É'), Some("E"));
        assert_eq!(LOWER.get('Ж'), Some("ж"));
        assert_eq!(LOWER.get('Œ'), Some("oe"));
        assert_eq!(LOWER.get('\u{301}'), Some(""));
        assert_eq!(LOWER.get('ة'), Some("ه"));
        assert_eq!(LOWER.get('\u{a0}'), None);
        assert_eq!(LOWER.get('न'), None);
        assert_eq!(LOWER.get('क'), Some("क"));
        assert_eq!(LOWER.get('a'), None);
        assert_eq!(LOWER.get('\u{2014}'), None);
    }

    #[test]
    fn decoded_characters_are_those_of_the_text() {
        let t = "aé Жب€😀\u{7ff}\u{80}";
        for (i, c) in t.char_indices() {
            assert_eq!(decode(t, i), Some(c), "{i}");
        }
        assert_eq!(decode(t, t.len()), None);
    }

    #[test]
    fn single_characters_are_those_of_the_texts() {
        for table in [&*LOWER, &*CASED] {
            for u in 0..0x1100u32 {
                let Some(c) = char::from_u32(u) else {
                    continue;
                };
                let want = table.get(c).and_then(|f| {
                    let mut cs = f.chars();
                    cs.next().filter(|_| cs.next().is_none())
                });
                assert_eq!(table.single(c), want, "U+{u:04X}");
            }
        }
        assert_eq!(LOWER.single('Ж'), Some('ж'));
        assert_eq!(LOWER.single('Œ'), None);
        assert_eq!(LOWER.single('\u{301}'), None);
    }
}
