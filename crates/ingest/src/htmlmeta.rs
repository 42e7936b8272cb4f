//! Page metadata from `<meta>` tags, `<link rel=canonical>`, `<html lang>` and JSON-LD.

use dom_query::Document;
use narrascope_core::Metadata;
use serde_json::Value;

use crate::dates::parse_source_date;

/// Meta keys (`property`, `name` or `itemprop`, lowercased) for the publication date, in priority order.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "og:updated_time",
];

const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "dc.creator",
    "parsely-author",
    "sailthru.author",
    "byl",
];

/// Reads the metadata a page declares about itself.
pub fn page_metadata(doc: &Document) -> Metadata {
    let mut metas: Vec<(String, String)> = Vec::new();
    for node in doc.select("meta").nodes() {
        let Some(content) = node.attr("content").or_else(|| node.attr("datetime")) else {
            continue;
        };
        let content = content.trim();
        if content.is_empty() {
            continue;
        }
        for attr in ["property", "name", "itemprop"] {
            if let Some(k) = node.attr(attr) {
                metas.push((k.trim().to_ascii_lowercase(), content.to_owned()));
            }
        }
    }
    let meta_get = |k: &str| metas.iter().find(|(mk, _)| mk == k).map(|(_, v)| v.clone());
    let ld = json_ld(doc);
    let ld_get = |k: &str| ld.as_ref().and_then(|o| o.get(k));

    let mut m = Metadata {
        declared_lang: doc
            .select("html")
            .attr("lang")
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty()),
        ..Default::default()
    };
    m.title = ld_get("headline")
        .and_then(as_text)
        .or_else(|| meta_get("og:title"))
        .or_else(|| meta_get("twitter:title"))
        .or_else(|| Some(doc.select("title").text().trim().to_owned()).filter(|t| !t.is_empty()));
    m.url = doc
        .select("link[rel=canonical]")
        .attr("href")
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| meta_get("og:url"))
        .or_else(|| ld_get("url").and_then(as_text))
        .or_else(|| ld_get("mainEntityOfPage").and_then(as_url));
    m.outlet = meta_get("og:site_name")
        .or_else(|| ld_get("publisher").and_then(as_name))
        .or_else(|| meta_get("application-name"))
        .or_else(|| meta_get("twitter:site").map(|s| s.trim_start_matches('@').to_owned()));
    m.author = ld_get("author").and_then(as_name).or_else(|| {
        AUTHOR_KEYS
            .iter()
            .filter_map(|k| meta_get(k))
            .find(|v| !v.starts_with("http://") && !v.starts_with("https://"))
    });
    if let Some(v) = ld_get("datePublished").and_then(as_text) {
        m.date = parse_source_date(&v, "datePublished");
    }
    for key in DATE_KEYS {
        if m.date.is_some() {
            break;
        }
        if let Some(v) = meta_get(key) {
            m.date = parse_source_date(&v, key);
        }
    }
    if m.date.is_none()
        && let Some(t) = doc
            .select("time[itemprop=datePublished], time[pubdate]")
            .attr("datetime")
    {
        m.date = parse_source_date(&t, "time[datetime]");
    }
    if let Some(d) = meta_get("og:description").or_else(|| meta_get("description")) {
        m.extra.insert("description".into(), d);
    }
    if let Some(d) =
        meta_get("article:modified_time").or_else(|| ld_get("dateModified").and_then(as_text))
    {
        m.extra.insert("date_modified".into(), d);
    }
    m
}

/// The article-like JSON-LD object of the page, if any.
fn json_ld(doc: &Document) -> Option<serde_json::Map<String, Value>> {
    let mut candidates = Vec::new();
    for node in doc.select(r#"script[type="application/ld+json"]"#).nodes() {
        let text = node.text();
        let Ok(v) = serde_json::from_str::<Value>(text.trim()) else {
            continue;
        };
        collect_objects(v, &mut candidates, 0);
    }
    let is_article = |o: &serde_json::Map<String, Value>| {
        let types: Vec<String> = match o.get("@type") {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        types.iter().any(|t| {
            t.ends_with("Article")
                || t == "BlogPosting"
                || t == "Report"
                || t == "SocialMediaPosting"
        })
    };
    let pos = candidates.iter().position(is_article).or_else(|| {
        candidates
            .iter()
            .position(|o| o.contains_key("datePublished"))
    })?;
    Some(candidates.swap_remove(pos))
}

fn collect_objects(v: Value, out: &mut Vec<serde_json::Map<String, Value>>, depth: usize) {
    if depth > 3 {
        return;
    }
    match v {
        Value::Array(items) => items
            .into_iter()
            .for_each(|i| collect_objects(i, out, depth + 1)),
        Value::Object(mut o) => {
            if let Some(graph) = o.remove("@graph") {
                collect_objects(graph, out, depth + 1);
            }
            out.push(o);
        }
        _ => {}
    }
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Array(a) => a.iter().find_map(as_text),
        _ => None,
    }
}

fn as_url(v: &Value) -> Option<String> {
    as_text(v).or_else(|| v.get("@id").and_then(as_text))
}

/// A person or organisation: a string, `{name}`, or a list of them (joined).
fn as_name(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Object(o) => o.get("name").and_then(as_text),
        Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(as_name).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use narrascope_core::DateOrigin;

    #[test]
    fn meta_tags_and_json_ld() {
        let html = r#"<html lang="fr"><head><title>Titre | Site</title>
<link rel="canonical" href="https://ex.fr/a">
<meta property="og:site_name" content="Le Quotidien">
<meta property="article:published_time" content="2024-02-03T10:15:00+01:00">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
 {"@type":"NewsArticle","headline":"Le vrai titre","datePublished":"2024-02-02","author":[{"@type":"Person","name":"Marie Dupont"},{"name":"Paul Martin"}]}]}</script>
</head><body><p>x</p></body></html>"#;
        let m = page_metadata(&Document::from(html));
        assert_eq!(m.title.as_deref(), Some("Le vrai titre"));
        assert_eq!(m.url.as_deref(), Some("https://ex.fr/a"));
        assert_eq!(m.outlet.as_deref(), Some("Le Quotidien"));
        assert_eq!(m.author.as_deref(), Some("Marie Dupont, Paul Martin"));
        assert_eq!(m.declared_lang.as_deref(), Some("fr"));
        let d = m.date.unwrap();
        assert_eq!(d.value, "2024-02-02");
        assert_eq!(
            d.origin,
            DateOrigin::Source {
                field: "datePublished".into()
            }
        );
    }

    #[test]
    fn meta_only_page_and_url_authors_ignored() {
        let html = r#"<html><head><title> Plain </title>
<meta property="article:author" content="https://ex.com/people/x">
<meta name="author" content="Ann Lee">
<meta name="pubdate" content="not a date"><meta name="date" content="2023-07-08">
<script type="application/ld+json">{broken</script></head><body></body></html>"#;
        let m = page_metadata(&Document::from(html));
        assert_eq!(m.title.as_deref(), Some("Plain"));
        assert_eq!(m.author.as_deref(), Some("Ann Lee"));
        assert_eq!(
            m.date.unwrap().origin,
            DateOrigin::Source {
                field: "date".into()
            }
        );
        assert_eq!(m.declared_lang, None);
    }
}
