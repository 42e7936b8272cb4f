//! Carries a mention from the raw text to the normalised text every analysis span points
//! into. Normalisation drops junk characters, squeezes white space and may drop debris
//! lines, so offsets move; the mention is found again by its text: the same occurrence
//! number when both texts hold the mention equally often, else the occurrence at the
//! nearest relative position.

use narrascope_core::Span;

/// The span in `norm` of the raw byte range `raw_span` of `raw`; `None` when the mention's
/// text does not occur in `norm`.
pub fn to_normalized(raw: &str, norm: &str, raw_span: (usize, usize)) -> Option<Span> {
    let surface = raw.get(raw_span.0..raw_span.1)?;
    let wanted = squeeze(surface);
    if wanted.is_empty() {
        return None;
    }
    let in_norm: Vec<usize> = norm.match_indices(&wanted).map(|(i, _)| i).collect();
    if in_norm.is_empty() {
        return None;
    }
    let in_raw: Vec<usize> = raw.match_indices(surface).map(|(i, _)| i).collect();
    let k = in_raw.iter().position(|&i| i == raw_span.0);
    let at = match k {
        Some(k) if in_raw.len() == in_norm.len() => in_norm[k],
        _ => {
            let rel = raw_span.0 as f64 / raw.len().max(1) as f64;
            *in_norm.iter().min_by(|&&a, &&b| {
                let da = (a as f64 / norm.len().max(1) as f64 - rel).abs();
                let db = (b as f64 / norm.len().max(1) as f64 - rel).abs();
                da.total_cmp(&db)
            })?
        }
    };
    Some(Span::new(at, at + wanted.len()))
}

/// White space runs as single spaces, trimmed.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_same_occurrence_after_normalisation() {
        let raw = "Russia  said.\r\n\r\n\r\nThen  Russia\r\nleft, and Russia won.";
        let norm = "Russia said.\n\nThen Russia left, and Russia won.";
        let second = raw.match_indices("Russia").nth(1).unwrap().0;
        let s = to_normalized(raw, norm, (second, second + 6)).unwrap();
        assert_eq!(s, Span::new(19, 25));
        assert_eq!(s.slice(norm), Some("Russia"));
        let third = raw.match_indices("Russia").nth(2).unwrap().0;
        assert_eq!(
            to_normalized(raw, norm, (third, third + 6)).unwrap().start,
            36
        );
    }

    #[test]
    fn uses_relative_position_when_counts_differ() {
        // A repeated headline was dropped from the normalised text.
        let raw = "Kyiv news\n\nKyiv news\n\nBody about Kyiv.";
        let norm = "Kyiv news\n\nBody about Kyiv.";
        let last = raw.rfind("Kyiv").unwrap();
        let s = to_normalized(raw, norm, (last, last + 4)).unwrap();
        assert_eq!(s.start, norm.rfind("Kyiv").unwrap());
        // A multi-line mention is matched with its white space squeezed.
        let raw2 = "the European\r\nUnion met";
        let s = to_normalized(raw2, "the European Union met", (4, 19)).unwrap();
        assert_eq!(s, Span::new(4, 18));
        assert!(to_normalized(raw, norm, (0, 0)).is_none());
        assert!(to_normalized(raw, "nothing", (0, 4)).is_none());
        assert!(to_normalized(raw, norm, (0, 400)).is_none());
    }
}
