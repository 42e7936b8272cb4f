//! Query-string parsing with errors that name the parameter.

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;

use crate::error::ApiError;

/// The query pairs of a request, refusing names outside `known` and repeated names.
pub fn pairs(
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
    known: &[&str],
) -> Result<Vec<(String, String)>, ApiError> {
    let Query(pairs) = q.map_err(|e| ApiError::bad_request(format!("bad query string: {e}")))?;
    for (i, (k, _)) in pairs.iter().enumerate() {
        if !known.contains(&k.as_str()) {
            return Err(ApiError::bad_request(format!(
                "unknown query parameter '{k}' (known: {})",
                known.join(", ")
            )));
        }
        if pairs[..i].iter().any(|(k2, _)| k2 == k) {
            return Err(ApiError::bad_request(format!(
                "query parameter '{k}' is given twice"
            )));
        }
    }
    Ok(pairs)
}

/// A non-negative integer parameter.
pub fn number(name: &str, value: &str) -> Result<usize, ApiError> {
    value.trim().parse().map_err(|_| {
        ApiError::bad_request(format!(
            "{name} '{value}' is not a non-negative whole number"
        ))
    })
}

/// A whole-number parameter within `min..=max`.
pub fn bounded(name: &str, value: &str, min: usize, max: usize) -> Result<usize, ApiError> {
    let n = number(name, value)?;
    if n < min || n > max {
        return Err(ApiError::bad_request(format!(
            "{name} {n} is outside {min}..={max}"
        )));
    }
    Ok(n)
}

/// An input format name (`html`, `jsonl`, …).
pub fn format(value: &str) -> Result<narrascope_core::Format, ApiError> {
    use narrascope_core::Format;
    Format::parse(value).ok_or_else(|| {
        let names: Vec<_> = Format::ALL.iter().map(Format::as_str).collect();
        ApiError::bad_request(format!(
            "format '{value}' is not one of {}",
            names.join(", ")
        ))
    })
}

/// A boolean parameter: true/false, 1/0, yes/no.
pub fn flag(name: &str, value: &str) -> Result<bool, ApiError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        _ => Err(ApiError::bad_request(format!(
            "{name} '{value}' is not true or false"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked() {
        assert_eq!(number("limit", " 12 ").unwrap(), 12);
        assert!(
            number("limit", "-1")
                .unwrap_err()
                .message
                .contains("limit '-1'")
        );
        assert_eq!(bounded("limit", "5", 1, 10).unwrap(), 5);
        assert!(
            bounded("limit", "0", 1, 10)
                .unwrap_err()
                .message
                .contains("outside 1..=10")
        );
        assert!(flag("store", "true").unwrap());
        assert!(!flag("store", "0").unwrap());
        assert!(flag("store", "perhaps").is_err());
        let q = Ok(Query(vec![
            ("a".into(), "1".into()),
            ("a".into(), "2".into()),
        ]));
        assert!(pairs(q, &["a"]).unwrap_err().message.contains("twice"));
        let q = Ok(Query(vec![("b".into(), "1".into())]));
        assert!(
            pairs(q, &["a"])
                .unwrap_err()
                .message
                .contains("unknown query parameter 'b'")
        );
    }
}
