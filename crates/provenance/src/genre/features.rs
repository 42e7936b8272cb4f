//! The genre model's input: the pooled document vector, cheap surface features of the text
//! and a language one-hot block.

/// Length of a document vector.
pub const DIM: usize = 512;
/// Number of cheap surface features.
pub const CHEAP_FEATURES: usize = 6;

/// Surface features: log word count, then per sentence end (`.`, `!`, `?`, line end):
/// exclamation marks, question marks and quotation marks; share of digits among
/// characters; share of capitals among letters.
fn cheap(text: &str) -> [f32; CHEAP_FEATURES] {
    let (mut words, mut ends, mut excl, mut quest, mut quotes) = (0usize, 0usize, 0, 0, 0);
    let (mut chars, mut digits, mut letters, mut upper) = (0usize, 0usize, 0usize, 0usize);
    let mut in_word = false;
    for c in text.chars() {
        chars += 1;
        match c {
            '!' => excl += 1,
            '?' => quest += 1,
            '"' | '“' | '”' | '«' | '»' | '„' => quotes += 1,
            _ => {}
        }
        if matches!(c, '.' | '!' | '?' | '\n') {
            ends += 1;
        }
        if c.is_ascii_digit() {
            digits += 1;
        }
        if c.is_alphabetic() {
            letters += 1;
            upper += usize::from(c.is_uppercase());
        }
        let w = c.is_alphanumeric();
        words += usize::from(w && !in_word);
        in_word = w;
    }
    let per_end = |n: usize| n as f32 / ends.max(1) as f32;
    [
        (1.0 + words as f32).ln(),
        per_end(excl),
        per_end(quest),
        per_end(quotes),
        digits as f32 / chars.max(1) as f32,
        upper as f32 / letters.max(1) as f32,
    ]
}

/// The unscaled feature row of a document. A vector of another length is cut or padded.
pub fn features(doc_vector: &[f32], text: &str, lang: &str, langs: &[String]) -> Vec<f32> {
    let mut x = Vec::with_capacity(DIM + CHEAP_FEATURES + langs.len());
    x.extend((0..DIM).map(|i| doc_vector.get(i).copied().unwrap_or(0.0)));
    x.extend(cheap(text));
    x.extend(langs.iter().map(|l| f32::from(u8::from(l == lang))));
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surface_features_count_what_they_say() {
        let c = cheap("Wow! Is it true? \"Yes.\" 42");
        assert!((c[0] - (1.0f32 + 6.0).ln()).abs() < 1e-6);
        assert!((c[1] - 1.0 / 3.0).abs() < 1e-6);
        assert!((c[3] - 2.0 / 3.0).abs() < 1e-6);
        assert!(c[4] > 0.0 && c[5] > 0.0);
        assert_eq!(cheap(""), [0.0; CHEAP_FEATURES]);
        let langs = vec!["en".to_string(), "fr".to_string()];
        let x = features(&[1.0; 3], "x", "fr", &langs);
        assert_eq!(x.len(), DIM + CHEAP_FEATURES + 2);
        assert_eq!((x[2], x[3]), (1.0, 0.0));
        assert_eq!(&x[x.len() - 2..], &[0.0, 1.0]);
    }
}
