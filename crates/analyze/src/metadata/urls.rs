//! URLs written in the text.

use narrascope_core::{Span, UrlMention};
use regex::Regex;
use std::sync::LazyLock;

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:https?://|www\.)[^\s<>"«»“”‘’]+"#)
        .unwrap_or_else(|e| panic!("url pattern: {e}"))
});

/// Every URL in `text`, without trailing sentence punctuation (a closing parenthesis
/// stays when the URL opened one).
pub fn find_urls(text: &str) -> Vec<UrlMention> {
    if !text.contains("http") && !text.contains("www.") && !text.contains("WWW.") {
        return Vec::new();
    }
    URL.find_iter(text)
        .filter_map(|m| {
            let mut url = m.as_str();
            loop {
                let trimmed =
                    url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', ']', '}', '…']);
                let trimmed = match trimmed.strip_suffix(')') {
                    Some(t) if trimmed.matches('(').count() < trimmed.matches(')').count() => t,
                    _ => trimmed,
                };
                if trimmed.len() == url.len() {
                    break;
                }
                url = trimmed;
            }
            let host_ok = url.split("//").nth(1).unwrap_or(url).len() > 4;
            host_ok.then(|| UrlMention {
                url: url.to_string(),
                span: Span::new(m.start(), m.start() + url.len()),
            })
        })
        .collect()
}

/// The host name of a URL ("https://www.example.org/a" → "example.org").
pub fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    host.contains('.').then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_trims_urls() {
        let text = "See https://example.org/a_(b) and (www.test.com/x). Also http://x.fr/é?q=1, ok";
        let found = find_urls(text);
        let got: Vec<&str> = found.iter().map(|u| u.url.as_str()).collect();
        assert_eq!(
            got,
            [
                "https://example.org/a_(b)",
                "www.test.com/x",
                "http://x.fr/é?q=1"
            ]
        );
        for u in find_urls(text) {
            assert_eq!(u.span.slice(text), Some(u.url.as_str()));
        }
        assert!(find_urls("no links here, just http talk").is_empty());
        assert_eq!(
            host("https://www.thecradle.co/articles/x"),
            Some("thecradle.co")
        );
        assert_eq!(host("nothing"), None);
    }
}
