//! Text folding shared by the knowledge base (alias keys) and the linker (haystacks):
//! diacritics removed, apostrophes and dashes unified, whitespace runs collapsed, and
//! optionally case-folded. A [`Folded`] text remembers where each byte came from.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A folded copy of a text with, for every folded byte, the original byte offset of the
/// character it came from.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    starts: Vec<u32>,
}

impl Folded {
    /// The byte range of `original` (the text that was folded) covered by the folded
    /// byte range `[start, end)`.
    pub fn original(&self, original: &str, start: usize, end: usize) -> Option<(usize, usize)> {
        if start >= end || end > self.text.len() {
            return None;
        }
        let last = self.starts[end - 1] as usize;
        let len = original.get(last..)?.chars().next()?.len_utf8();
        Some((self.starts[start] as usize, last + len))
    }
}

/// Characters that separate words and fold to one space.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '_' | '\u{200b}'
        )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´' | '′' | 'ʻ')
}

/// Letters that canonical decomposition leaves alone but readers treat as plain letters.
fn special(c: char) -> Option<&'static str> {
    Some(match c {
        'ø' => "o",
        'Ø' => "O",
        'ł' => "l",
        'Ł' => "L",
        'đ' => "d",
        'Đ' => "D",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'ı' => "i",
        // й is a letter of its own in Russian, not и with a mark
        'й' => "й",
        'Й' => "Й",
        'ى' => "ي",
        'ة' => "ه",
        'ـ' => "",
        _ => return None,
    })
}

/// Folds `text`: see the module documentation. With `keep_case` letters keep their case.
pub fn fold(text: &str, keep_case: bool) -> Folded {
    let mut out = String::with_capacity(text.len());
    let mut starts: Vec<u32> = Vec::with_capacity(text.len());
    let mut last_space = true;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b == b' ' || b == b'-' || b == b'_' || b.is_ascii_whitespace() {
                if !last_space {
                    out.push(' ');
                    starts.push(i as u32);
                    last_space = true;
                }
            } else {
                let c = if keep_case { b } else { b.to_ascii_lowercase() };
                // SAFETY-free: an ASCII byte is a whole character
                out.push(c as char);
                starts.push(i as u32);
                last_space = false;
            }
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let at = i as u32;
        i += c.len_utf8();
        if is_separator(c) {
            if !last_space {
                out.push(' ');
                starts.push(at);
                last_space = true;
            }
            continue;
        }
        last_space = false;
        let before = out.len();
        if is_apostrophe(c) {
            out.push('\'');
        } else if let Some(s) = special(c) {
            if keep_case {
                out.push_str(s);
            } else {
                out.extend(s.chars().flat_map(char::to_lowercase));
            }
        } else {
            decompose_canonical(c, |d| {
                if is_combining_mark(d) {
                    return;
                }
                if keep_case {
                    out.push(d);
                } else {
                    out.extend(d.to_lowercase());
                }
            });
        }
        starts.resize(out.len(), at);
        debug_assert!(out.len() >= before);
    }
    Folded { text: out, starts }
}

/// `s` with diacritics removed and nothing else changed (for acronyms, searched as written).
pub fn strip_marks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            });
        }
    }
    out
}

/// The folded key of a name: case-folded unless `keep_case`, trimmed.
pub fn key(s: &str, keep_case: bool) -> String {
    fold(s, keep_case).text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_dashes() {
        assert_eq!(key("État  islamique", false), "etat islamique");
        assert_eq!(key("al-Hachd al-Chaabi", false), "al hachd al chaabi");
        assert_eq!(key("Kata’ib Hezbollah", false), "kata'ib hezbollah");
        assert_eq!(key("Ёлка Œuvre", false), "елка oeuvre");
        assert_eq!(key("Американский", false), "американский");
        assert_eq!(key("É.-U.", true), "E. U.");
        assert_eq!(strip_marks("É.-U."), "E.-U.");
        assert_eq!(key("الدولة الإسلامية", false), "الدوله الاسلاميه");
    }

    #[test]
    fn maps_back_to_original_offsets() {
        let t = "Les  États-Unis’ armée";
        let f = fold(t, false);
        let s = f.text.find("etats unis").unwrap();
        let (a, b) = f.original(t, s, s + "etats unis".len()).unwrap();
        assert_eq!(&t[a..b], "États-Unis");
        assert_eq!(f.original(t, 3, 3), None);
        assert_eq!(f.original(t, 0, 999), None);
        let g = fold("Œuvre x", false);
        assert_eq!(g.original("Œuvre x", 0, 2), Some((0, "Œ".len())));
    }
}
