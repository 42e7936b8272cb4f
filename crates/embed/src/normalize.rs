//! SentencePiece `nmt_nfkc` normalisation from a precompiled charsmap (a darts-clone double
//! array plus a blob of NUL-terminated replacements), followed by the whitespace rules of a
//! model with `add_dummy_prefix`, `remove_extra_whitespaces` and `escape_whitespaces` all on.

/// U+2581, the SentencePiece word-start marker.
pub const SPACE_MARK: &str = "\u{2581}";

/// A compiled charsmap normaliser.
#[derive(Debug, Clone)]
pub struct Normalizer {
    units: Vec<u32>,
    blob: Vec<u8>,
}

impl Normalizer {
    /// Reads a `precompiled_charsmap`. Errors describe the defect.
    pub fn from_charsmap(c: &[u8]) -> Result<Self, String> {
        let head: [u8; 4] = c
            .get(..4)
            .and_then(|h| h.try_into().ok())
            .ok_or("charsmap shorter than 4 bytes")?;
        let trie_len = u32::from_le_bytes(head) as usize;
        if !trie_len.is_multiple_of(4) || trie_len == 0 || trie_len > c.len() - 4 {
            return Err(format!(
                "charsmap trie size {trie_len} does not fit {} bytes",
                c.len()
            ));
        }
        let units = c[4..4 + trie_len]
            .chunks_exact(4)
            .map(|u| u32::from_le_bytes([u[0], u[1], u[2], u[3]]))
            .collect();
        Ok(Normalizer {
            units,
            blob: c[4 + trie_len..].to_vec(),
        })
    }

    /// Longest charsmap match at the start of `s`: `(consumed bytes, replacement)`.
    fn longest_match(&self, s: &[u8]) -> Option<(usize, &[u8])> {
        let u = &self.units;
        let offset = |x: u32| ((x >> 10) << ((x & 0x200) >> 6)) as usize;
        let mut node = offset(*u.first()?);
        let mut best: Option<(usize, usize)> = None;
        for (i, &c) in s.iter().enumerate() {
            node ^= usize::from(c);
            let Some(&unit) = u.get(node) else { break };
            if unit & 0x8000_00ff != u32::from(c) {
                break;
            }
            node ^= offset(unit);
            if (unit >> 8) & 1 == 1 {
                let Some(&leaf) = u.get(node) else { break };
                best = Some((i + 1, (leaf & 0x7fff_ffff) as usize));
            }
        }
        let (len, val) = best?;
        let rest = self.blob.get(val..)?;
        let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
        Some((len, &rest[..end]))
    }

    /// The normalised form of the prefix of `s` starting at byte `p`: `(consumed, output)`.
    fn step<'a>(&'a self, s: &'a str, p: usize) -> (usize, &'a [u8]) {
        let bytes = &s.as_bytes()[p..];
        if let Some((n, r)) = self.longest_match(bytes) {
            // A match always ends on a char boundary for well-formed tables; if a damaged
            // table says otherwise, fall back to copying one character.
            if s.is_char_boundary(p + n) {
                return (n, r);
            }
        }
        let n = s[p..].chars().next().map_or(1, char::len_utf8);
        (n, &bytes[..n])
    }

    /// Normalises `text`: charsmap, whitespace collapsing, dummy prefix and `▁` escaping.
    /// Returns an empty string when nothing but whitespace (or deleted characters) remains.
    pub fn normalize(&self, text: &str) -> String {
        let mut out: Vec<u8> = Vec::with_capacity(text.len() + 8);
        let mut p = 0;
        while p < text.len() {
            let (n, r) = self.step(text, p);
            if r != b" " {
                break;
            }
            p += n;
        }
        if p >= text.len() {
            return String::new();
        }
        out.extend_from_slice(SPACE_MARK.as_bytes());
        let mut prev_space = true;
        while p < text.len() {
            let (n, mut r) = self.step(text, p);
            p += n;
            if prev_space {
                while let [b' ', rest @ ..] = r {
                    r = rest;
                }
            }
            if r.is_empty() {
                continue;
            }
            for &b in r {
                if b == b' ' {
                    out.extend_from_slice(SPACE_MARK.as_bytes());
                } else {
                    out.push(b);
                }
            }
            prev_space = r.last() == Some(&b' ');
        }
        while out.ends_with(SPACE_MARK.as_bytes()) {
            out.truncate(out.len() - SPACE_MARK.len());
        }
        // Replacements come from the table; a damaged table could yield invalid UTF-8.
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A trie with one entry: "\t" -> " " (units built by hand: root offset 1, label 9).
    fn tab_to_space() -> Normalizer {
        // root unit: offset 1 (bits 10..), so node = 1; child at 1 ^ 9 = 8.
        let mut units = vec![0u32; 16];
        units[0] = 1 << 10;
        // unit at 8: label 9, has_leaf, offset 8 ^ 8 = 0 -> node 8 ^ 8... choose offset 4 -> node 12
        units[8] = 9 | (1 << 8) | (4 << 10);
        units[12] = 0x8000_0000; // leaf value 0 -> blob[0..]
        let mut c = Vec::new();
        c.extend_from_slice(&(units.len() as u32 * 4).to_le_bytes());
        for u in &units {
            c.extend_from_slice(&u.to_le_bytes());
        }
        c.extend_from_slice(b" \0");
        Normalizer::from_charsmap(&c).unwrap()
    }

    #[test]
    fn whitespace_rules() {
        let n = tab_to_space();
        assert_eq!(n.normalize("  a\t\tb  c \t"), "▁a▁b▁c");
        assert_eq!(n.normalize(" \t "), "");
        assert_eq!(n.normalize(""), "");
        assert_eq!(n.normalize("Ab"), "▁Ab");
    }

    #[test]
    fn rejects_bad_charsmaps() {
        assert!(Normalizer::from_charsmap(&[1, 2]).is_err());
        assert!(Normalizer::from_charsmap(&[100, 0, 0, 0, 1]).is_err());
        assert!(Normalizer::from_charsmap(&[3, 0, 0, 0, 1, 2, 3]).is_err());
    }

    #[test]
    fn damaged_trie_does_not_panic() {
        let mut c = vec![8, 0, 0, 0];
        c.extend_from_slice(&u32::MAX.to_le_bytes());
        c.extend_from_slice(&u32::MAX.to_le_bytes());
        c.extend_from_slice(b"x");
        let n = Normalizer::from_charsmap(&c).unwrap();
        for s in ["abc", "\u{ff}\u{1F600}", " \t\n"] {
            let _ = n.normalize(s);
        }
    }
}
