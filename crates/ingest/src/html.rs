//! HTML pages: main-text extraction (readability) plus the page's own metadata.

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};
use narrascope_core::Metadata;

use crate::htmlmeta::page_metadata;

/// Pages nested deeper than this are not parsed at all (parsing cost grows with depth).
const MAX_PARSE_DEPTH: usize = 3000;
/// Pages nested deeper than this skip readability and use the plain body text.
const MAX_READABILITY_DEPTH: usize = 400;

/// Elements that are never the author's text, removed before the fallback extraction.
const CHROME: &str =
    "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, button";

/// Extracts the main text of an HTML page (paragraphs separated by blank lines) and
/// its metadata. `page_url` (an absolute URL, e.g. from a WARC record) helps resolve links.
pub fn extract_page(html: &str, page_url: Option<&str>) -> Result<(String, Metadata), String> {
    let depth = nesting_depth(html);
    if depth > MAX_PARSE_DEPTH {
        return Err(format!(
            "HTML nested {depth} levels deep (limit {MAX_PARSE_DEPTH}); not parsed"
        ));
    }
    let doc = Document::from(html);
    let mut meta = page_metadata(&doc);
    let url = page_url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let cfg = Config {
        text_mode: TextMode::Formatted,
        ..Default::default()
    };
    // Readability's cost grows steeply with nesting: deep pages use the fallback below.
    let article = (depth <= MAX_READABILITY_DEPTH)
        .then(|| Readability::with_document(doc, url, Some(cfg)).ok())
        .flatten()
        .and_then(|mut r| r.parse().ok());
    let mut text = article
        .as_ref()
        .map(|a| tidy(&a.text_content))
        .unwrap_or_default();
    if let Some(a) = &article {
        if meta.title.is_none() && !a.title.trim().is_empty() {
            meta.title = Some(a.title.trim().to_owned());
        }
        if meta.author.is_none() {
            meta.author = a
                .byline
                .as_ref()
                .map(|b| b.trim().to_owned())
                .filter(|b| !b.is_empty());
        }
    }
    // Readability gives up on (or keeps menus in) short pages: use the body text
    // without page chrome instead.
    if text.chars().count() < 200 {
        text = body_text(html);
    }
    if text.trim().is_empty() {
        return Err("no text found in the HTML page".into());
    }
    Ok((text, meta))
}

/// Text of the page body without navigation, headers, footers and scripts.
fn body_text(html: &str) -> String {
    let doc = Document::from(html);
    doc.select(CHROME).remove();
    let body = doc.select("body");
    if body.exists() {
        tidy(&body.formatted_text())
    } else {
        tidy(&doc.formatted_text())
    }
}

/// Text of an HTML fragment (a feed item's content or summary), paragraphs as blank lines.
/// Plain text without markup is returned as is.
pub fn html_to_text(fragment: &str) -> String {
    if !fragment.contains('<') && !fragment.contains('&') {
        return fragment.trim().to_owned();
    }
    if nesting_depth(fragment) > MAX_PARSE_DEPTH {
        return tidy(&strip_tags(fragment));
    }
    let doc = Document::fragment(fragment);
    doc.select("script, style, template").remove();
    tidy(&doc.formatted_text())
}

/// Elements that are often left unclosed or never have content: not counted as nesting.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "dd", "dt", "embed", "hr", "img", "input", "li", "link", "meta",
    "option", "p", "param", "source", "td", "th", "tr", "track", "wbr",
];

/// An estimate of the element nesting depth from the markup alone (linear time).
pub(crate) fn nesting_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|c| *c == b'<') {
        i += off + 1;
        let closing = b.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let end = b[start..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .map_or(b.len(), |e| start + e);
        if end == start {
            continue;
        }
        let name = html[start..end].to_ascii_lowercase();
        let self_closing = b[end..]
            .iter()
            .position(|c| *c == b'>')
            .is_some_and(|g| g > 0 && b[end + g - 1] == b'/');
        if FLAT.contains(&name.as_str()) || self_closing {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
        i = end;
    }
    max
}

/// Markup removed character by character (for fragments too deep to parse).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Trims line ends, drops blank-only lines runs to a single blank line, trims the whole.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line.trim_start_matches([' ', '\t']));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragment_keeps_paragraphs() {
        let t = html_to_text(
            "<p>Premier &amp; paragraphe.</p><p>Second<br>ligne.</p><script>x()</script>",
        );
        assert_eq!(t, "Premier & paragraphe.\n\nSecond\nligne.");
        assert_eq!(html_to_text("  plain words "), "plain words");
    }

    #[test]
    fn short_page_falls_back_to_body_without_chrome() {
        let html = "<html><body><nav>Home | World</nav><p>Short note one.</p><p>Second note.</p><footer>(c) 2024</footer></body></html>";
        let (text, _) = extract_page(html, None).unwrap();
        assert!(text.contains("Short note one.\n\nSecond note."), "{text:?}");
        assert!(
            !text.contains("Home") && !text.contains("(c) 2024"),
            "{text:?}"
        );
        assert!(extract_page("<html><body><nav>menu</nav></body></html>", None).is_err());
    }

    #[test]
    fn nesting_depth_estimate() {
        assert_eq!(
            nesting_depth("<div><p>a<p>b<br/><img src=x><span>c</span></div>"),
            2
        );
        assert_eq!(nesting_depth("a < b and c<d"), 1);
        let deep = format!("{}x{}", "<div>".repeat(5000), "</div>".repeat(5000));
        assert_eq!(nesting_depth(&deep), 5000);
        assert!(
            extract_page(&deep, None)
                .unwrap_err()
                .contains("5000 levels")
        );
        assert_eq!(
            html_to_text(&format!("{}<b>y</b>", "<i>".repeat(4000))),
            "y"
        );
    }

    #[test]
    fn tidy_collapses_blank_runs() {
        assert_eq!(tidy("  a  \n\n\n\n b\nc \n"), "a\n\nb\nc");
    }
}
