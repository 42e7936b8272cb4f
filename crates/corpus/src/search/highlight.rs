//! Matching spans and snippets, computed on the hit text with the analysis of the index.

use narrascope_core::Span;

use super::analyze::{stemmer_for, tokens};

/// Bytes of context kept before and after the first match in a snippet.
const BEFORE: usize = 80;
const AFTER: usize = 200;

/// Byte ranges of `text` (written in `lang`) where one of `sequences` (analysed query
/// words and phrases) occurs, in text order, not overlapping.
pub(crate) fn matches(text: &str, lang: Option<&str>, sequences: &[Vec<String>]) -> Vec<Span> {
    let s = stemmer_for(lang);
    let toks = tokens(text, s.as_ref());
    let mut out: Vec<Span> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let hit = sequences
            .iter()
            .filter(|seq| {
                !seq.is_empty()
                    && toks.len() - i >= seq.len()
                    && seq.iter().zip(&toks[i..]).all(|(q, t)| *q == t.term)
            })
            .map(Vec::len)
            .max();
        match hit {
            Some(n) => {
                out.push(Span::new(toks[i].start, toks[i + n - 1].end));
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A passage around `focus` (the first match, or a sentence), with the `spans` inside it
/// made relative to the passage. Returns (snippet, its range in `text`, highlights).
pub(crate) fn snippet(
    text: &str,
    focus: Option<Span>,
    spans: &[Span],
) -> (String, Span, Vec<Span>) {
    let (fs, fe) = focus.map_or((0, 0), |f| (f.start, f.end));
    let mut start = floor_char(text, fs.saturating_sub(BEFORE));
    let end = ceil_char(text, fe.max(fs + AFTER).max(start + AFTER));
    // begin at a word boundary when cut inside the text
    if start > 0
        && let Some(sp) = text[start..fs.max(start)].find(char::is_whitespace)
    {
        start += sp + 1;
        start = ceil_char(text, start);
    }
    let range = Span::new(start, end);
    let inner = spans
        .iter()
        .filter(|s| s.start >= start && s.end <= end)
        .map(|s| Span::new(s.start - start, s.end - start))
        .collect();
    (text[start..end].to_string(), range, inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_and_words_are_found_by_their_analysis() {
        let text = "Les réformes des retraites. Une autre RÉFORME arrive.";
        let seqs = vec![vec!["reform".to_string()], vec!["retrait".to_string()]];
        let m = matches(text, Some("fr"), &seqs);
        let found: Vec<&str> = m.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(found, ["réformes", "retraites", "RÉFORME"]);
        let phrase = vec![vec![
            "reform".to_string(),
            "de".to_string(),
            "retrait".to_string(),
        ]];
        let m = matches(text, Some("fr"), &phrase);
        assert_eq!(m.len(), 1);
        assert_eq!(&text[m[0].start..m[0].end], "réformes des retraites");
    }

    #[test]
    fn snippets_cut_at_characters_and_shift_spans() {
        let text = format!("{}ملاحظة مهمة {}", "é".repeat(100), "ü".repeat(200));
        let at = text.find("مهمة").unwrap();
        let span = Span::new(at, at + "مهمة".len());
        let (s, range, hl) = snippet(&text, Some(span), &[span]);
        assert_eq!(&text[range.start..range.end], s);
        assert_eq!(&s[hl[0].start..hl[0].end], "مهمة");
    }
}
