//! Text folding shared by the knowledge base (alias keys) and the linker (haystacks):
//! diacritics removed, apostrophes and dashes unified, whitespace runs collapsed, and
//! optionally case-folded. A [`Folded`] text remembers where each byte came from.
//!
//! In the scripts of South and South-East Asia (Devanagari to Khmer) the combining marks
//! are vowel signs and viramas, letters in all but name: they are kept (canonically
//! decomposed, so precomposed and decomposed spellings agree), except the nukta, which
//! writers add or leave out freely (`ज़` = `ज`), and chandrabindu, written for
//! anusvara as often as not. A Devanagari nasal consonant with virama before another
//! consonant is written as anusvara (`नरेन्द्र` = `नरेंद्र`), the two spellings being
//! interchangeable. Zero-width joiners, which only steer glyph shaping, are dropped.

mod offsets;
mod table;

pub use offsets::Folded;
use offsets::Marks;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// ASCII characters that separate words and fold to one space.
const fn is_ascii_separator(b: u8) -> bool {
    b == b' ' || b == b'-' || b == b'_' || b.is_ascii_whitespace()
}

/// How a byte ends a run of ASCII copied as it is: it does not ([`KEEP`]), it is a space
/// (which ends the run after another space), or it does (other separators, non-ASCII).
const KEEP: u8 = 0;
const SPACE: u8 = 1;
const RUN_ENDS: [u8; 256] = {
    let mut t = [2u8; 256];
    let mut b = 0;
    while b < 0x80 {
        if !is_ascii_separator(b as u8) {
            t[b] = KEEP;
        }
        b += 1;
    }
    t[b' ' as usize] = SPACE;
    t
};

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

/// Whether the combining mark `d` is a letter of its script (a vowel sign or virama of a
/// Brahmic script, Thai, Lao, Tibetan, Myanmar or Khmer) rather than a diacritic.
fn is_essential_mark(d: char) -> bool {
    matches!(d, '\u{900}'..='\u{dff}' | '\u{e00}'..='\u{fff}' | '\u{1000}'..='\u{109f}' | '\u{1780}'..='\u{17ff}')
        && !matches!(
            d,
            '\u{93c}' | '\u{9bc}' | '\u{a3c}' | '\u{abc}' | '\u{b3c}' | '\u{cbc}'
        )
}

/// When `c` is a Devanagari nasal consonant and `rest` (the text after it) starts with a
/// virama and a consonant, the length of the virama (the cluster is folded to anusvara).
fn nasal_cluster(c: char, rest: &str) -> Option<usize> {
    if !matches!(c, 'ङ' | 'ञ' | 'ण' | 'न' | 'म') {
        return None;
    }
    let mut next = rest.chars();
    let consonant = |c: char| matches!(c, '\u{915}'..='\u{939}' | '\u{958}'..='\u{95f}');
    (next.next() == Some('\u{94d}') && next.next().is_some_and(consonant))
        .then_some('\u{94d}'.len_utf8())
}

/// Folds the non-ASCII character `c` (at byte `at`, followed by `rest`) onto `out`;
/// returns how many bytes of `rest` it consumed too. Kept out of [`fold`] so that the
/// ASCII loop there stays small.
#[inline(never)]
fn fold_char(
    c: char,
    at: u32,
    rest: &str,
    keep_case: bool,
    out: &mut String,
    marks: &mut Marks,
    last_space: &mut bool,
) -> usize {
    let before = out.len();
    let skip = fold_one(c, rest, keep_case, out, last_space);
    for (k, _) in out[before..].char_indices() {
        marks.note((before + k) as u32, at);
    }
    skip
}

/// [`fold_char`] without the offsets.
fn fold_one(
    c: char,
    rest: &str,
    keep_case: bool,
    out: &mut String,
    last_space: &mut bool,
) -> usize {
    if matches!(c, '\u{200c}' | '\u{200d}' | '\u{feff}') {
        return 0;
    }
    if let Some(skip) = nasal_cluster(c, rest) {
        out.push('\u{902}');
        *last_space = false;
        return skip;
    }
    if is_separator(c) {
        if !*last_space {
            out.push(' ');
            *last_space = true;
        }
        return 0;
    }
    *last_space = false;
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
                if is_essential_mark(d) {
                    out.push(if d == '\u{901}' { '\u{902}' } else { d });
                }
                return;
            }
            if keep_case {
                out.push(d);
            } else {
                out.extend(d.to_lowercase());
            }
        });
    }
    0
}

/// Folds `text`: see the module documentation. With `keep_case` letters keep their case.
pub fn fold(text: &str, keep_case: bool) -> Folded {
    let mut folded = Folded::default();
    fold_into(text, keep_case, &mut folded);
    folded
}

impl Folded {
    /// Makes this the folded `text` ([`fold`]), reusing the memory it holds: folding many
    /// texts one after the other into one `Folded` allocates nothing once it is large enough.
    pub fn refold(&mut self, text: &str, keep_case: bool) {
        fold_into(text, keep_case, self);
    }
}

/// [`fold`] into `folded`, replacing what it held.
fn fold_into(text: &str, keep_case: bool, folded: &mut Folded) {
    let mut out = std::mem::take(&mut folded.text);
    out.clear();
    out.reserve(text.len());
    let mut marks = Marks::reuse(std::mem::take(&mut folded.marks));
    let mut last_space = true;
    // characters that fold alone, looked up
    let known: &table::Table = if keep_case {
        &table::CASED
    } else {
        &table::LOWER
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if is_ascii_separator(b) {
                if !last_space {
                    marks.note(out.len() as u32, i as u32);
                    out.push(' ');
                    last_space = true;
                }
                i += 1;
                continue;
            }
            // a run of ASCII characters kept as they are but for case, with the single
            // spaces between them: copied at once
            let from = i;
            i += 1;
            while let Some(&b) = bytes.get(i) {
                match RUN_ENDS[b as usize] {
                    KEEP => i += 1,
                    SPACE if bytes[i - 1] != b' ' => i += 1,
                    _ => break,
                }
            }
            marks.note(out.len() as u32, from as u32);
            let start = out.len();
            out.push_str(&text[from..i]);
            if !keep_case {
                out[start..].make_ascii_lowercase();
            }
            last_space = bytes[i - 1] == b' ';
            continue;
        }
        let Some(c) = table::decode(text, i) else {
            break;
        };
        let at = i as u32;
        i += c.len_utf8();
        if let Some(f) = known.single(c) {
            marks.note(out.len() as u32, at);
            out.push(f);
            last_space = false;
            continue;
        }
        if let Some(f) = known.get(c) {
            let before = out.len();
            out.push_str(f);
            for (k, _) in out[before..].char_indices() {
                marks.note((before + k) as u32, at);
            }
            last_space = false;
            continue;
        }
        i += fold_char(
            c,
            at,
            &text[i..],
            keep_case,
            &mut out,
            &mut marks,
            &mut last_space,
        );
    }
    folded.text = out;
    folded.marks = marks.marks;
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
mod tests;
