//! Where the case-sensitive forms (acronyms) can occur: the stretches of a text made only
//! of characters of those forms, and holding the first two characters of one of them.
//! No form occurrence crosses a character outside the forms, and a stretch without a
//! form's opening pair holds no occurrence, so searching these stretches alone finds
//! exactly what a search of every run of form characters finds, without walking the
//! automaton over ordinary prose.

/// A set of characters, ASCII ones in a bit mask.
#[derive(Debug, Default)]
struct CharSet {
    ascii: u128,
    other: Vec<char>,
}

impl CharSet {
    fn new(chars: impl Iterator<Item = char>) -> CharSet {
        let mut set = CharSet::default();
        for c in chars {
            if c.is_ascii() {
                set.ascii |= 1 << (c as u32);
            } else {
                set.other.push(c);
            }
        }
        set.other.sort_unstable();
        set.other.dedup();
        set
    }

    fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            self.ascii >> (c as u32) & 1 != 0
        } else {
            self.other.binary_search(&c).is_ok()
        }
    }
}

/// The characters of a set of forms, the forms of one character, and the pairs forms
/// open with.
#[derive(Debug)]
pub(crate) struct Stretches {
    chars: CharSet,
    first: CharSet,
    single: CharSet,
    /// Opening pairs of ASCII characters: bit `b` of `ascii_pairs[a]`.
    ascii_pairs: Box<[u128; 128]>,
    other_pairs: Vec<(char, char)>,
    /// Bit `x << 8 | y` is set when the bytes `x, y` may begin an opening (a superset,
    /// confirmed by the exact test): lets the scan skip most characters by one table
    /// look-up.
    byte_pairs: Box<[u64; 1024]>,
}

impl Stretches {
    pub(crate) fn new<'a>(forms: impl Iterator<Item = &'a str> + Clone) -> Stretches {
        let mut ascii_pairs = Box::new([0u128; 128]);
        let mut other_pairs = Vec::new();
        let mut single = Vec::new();
        for f in forms.clone() {
            let mut cs = f.chars();
            match (cs.next(), cs.next()) {
                (Some(a), None) => single.push(a),
                (Some(a), Some(b)) if a.is_ascii() && b.is_ascii() => {
                    ascii_pairs[a as usize] |= 1 << (b as u32);
                }
                (Some(a), Some(b)) => other_pairs.push((a, b)),
                (None, _) => {}
            }
        }
        other_pairs.sort_unstable();
        other_pairs.dedup();
        let first = CharSet::new(forms.clone().filter_map(|f| f.chars().next()));
        let single = CharSet::new(single.into_iter());
        let mut byte_pairs = Box::new([0u64; 1024]);
        let mut set = |x: u8, y: u8| {
            let k = (x as usize) << 8 | y as usize;
            byte_pairs[k / 64] |= 1 << (k % 64);
        };
        for x in 0..0x80u8 {
            let (one, opens_other) = (single.ascii >> x & 1 != 0, first.ascii >> x & 1 != 0);
            for y in 0..=0xffu8 {
                let pair = y < 0x80 && ascii_pairs[x as usize] >> y & 1 != 0;
                if one || pair || (y >= 0x80 && opens_other) {
                    set(x, y);
                }
            }
        }
        for &c in &first.other {
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            set(b[0], b[1]);
        }
        Stretches {
            first,
            chars: CharSet::new(forms.flat_map(str::chars)),
            single,
            ascii_pairs,
            other_pairs,
            byte_pairs,
        }
    }

    /// Whether the bytes `x, y` may begin an opening.
    #[inline(always)]
    fn may_open(&self, x: u8, y: u8) -> bool {
        let k = (x as usize) << 8 | y as usize;
        self.byte_pairs[k / 64] >> (k % 64) & 1 != 0
    }

    fn opens(&self, a: char, b: char) -> bool {
        if a.is_ascii() && b.is_ascii() {
            self.ascii_pairs[a as usize] >> (b as u32) & 1 != 0
        } else {
            self.other_pairs.binary_search(&(a, b)).is_ok()
        }
    }

    /// The byte ranges of `text` that may hold a form: see the module documentation.
    /// Scans for an opening (a form's first character followed by its second, or a form
    /// of one character), then widens it to its run of form characters.
    pub(crate) fn find<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
        let bytes = text.as_bytes();
        let char_at = move |i: usize| text[i..].chars().next();
        let mut i = 0;
        std::iter::from_fn(move || {
            while i < bytes.len() {
                // most characters open nothing: skipped after one look-up of their
                // first two bytes (the last byte of the text takes the exact test)
                if let Some(&[x, y]) = bytes.get(i..i + 2)
                    && !self.may_open(x, y)
                {
                    i += utf8_len(x);
                    continue;
                }
                let c = char_at(i)?;
                let len = c.len_utf8();
                let opens = self.first.contains(c)
                    && (self.single.contains(c)
                        || char_at(i + len).is_some_and(|d| self.opens(c, d)));
                if !opens {
                    i += len;
                    continue;
                }
                let mut from = i;
                while let Some(p) = text[..from].chars().next_back() {
                    if !self.chars.contains(p) {
                        break;
                    }
                    from -= p.len_utf8();
                }
                let mut to = i;
                while let Some(n) = char_at(to).filter(|&n| self.chars.contains(n)) {
                    to += n.len_utf8();
                }
                i = to;
                return Some((from, to));
            }
            None
        })
    }
}

/// The length of the UTF-8 character starting with byte `b`.
#[inline(always)]
fn utf8_len(b: u8) -> usize {
    match b {
        0..0xc0 => 1,
        0xc0..0xe0 => 2,
        0xe0..0xf0 => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'t>(s: &Stretches, text: &'t str) -> Vec<&'t str> {
        s.find(text).map(|(a, b)| &text[a..b]).collect()
    }

    #[test]
    fn only_runs_holding_an_opening_pair_are_searched() {
        let s = Stretches::new(["US", "dpa", "ИГИЛ"].into_iter());
        // `d`, `p`, `a`, `U`, `S` are form characters; `the` is not (`t`, `h`, `e`)
        assert_eq!(found(&s, "the US and dpa"), ["US", "dpa"]);
        assert_eq!(found(&s, "pads ad Sud"), Vec::<&str>::new());
        assert_eq!(found(&s, "ИГИЛ и US"), ["ИГИЛ", "US"]);
        assert!(found(&s, "").is_empty());
    }

    #[test]
    fn forms_of_one_character_open_a_run_alone() {
        let s = Stretches::new(["X", "AB"].into_iter());
        assert_eq!(found(&s, "a X b BA AB"), ["X", "AB"]);
    }

    /// Every maximal run of form characters holding an opening, found the plain way.
    fn runs<'t>(s: &Stretches, text: &'t str) -> Vec<&'t str> {
        let mut out = Vec::new();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            if !s.chars.contains(chars[k].1) {
                k += 1;
                continue;
            }
            let from = k;
            while k < chars.len() && s.chars.contains(chars[k].1) {
                k += 1;
            }
            let run = &chars[from..k];
            let hit = run.iter().any(|&(_, c)| s.single.contains(c))
                || run.windows(2).any(|w| s.opens(w[0].1, w[1].1));
            if hit {
                let end = chars.get(k).map_or(text.len(), |&(i, _)| i);
                out.push(&text[run[0].0..end]);
            }
        }
        out
    }

    #[test]
    fn same_runs_as_a_plain_scan() {
        let s = Stretches::new(["US", "dpa", "ИГИЛ", "E.-U.", "X", "PMUs", "É.-U."].into_iter());
        for t in [
            "the US and dpa, ИГИЛ и США; E.-U. X-ray PMUs pads Xs",
            "USUS dpadpa UUS É.-U. ÉÉ.-U.",
            "ИИГИЛ ГИЛ ИГ",
            "",
            "X",
            "aU",
        ] {
            assert_eq!(found(&s, t), runs(&s, t), "{t}");
        }
    }
}
