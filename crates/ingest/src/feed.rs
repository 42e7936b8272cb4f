//! RSS and Atom feeds: one document per item.

use feed_rs::model::{Entry, Feed};
use narrascope_core::{DateInfo, Format, Metadata, RawDocument, SourceRef};

use crate::dates::{feed_timestamp, parse_source_date};
use crate::html::html_to_text;
use crate::{InputError, Item};

/// Parses a whole feed file and emits its items.
pub(crate) fn read_feed(name: &str, bytes: &[u8], sink: &mut dyn FnMut(Item)) {
    let parser = feed_rs::parser::Builder::new()
        .sanitize_content(false)
        .timestamp_parser(feed_timestamp)
        .build();
    let feed = match parser
        .parse(bytes)
        .or_else(|e| match with_rss_version(bytes) {
            Some(patched) => parser.parse(&patched[..]),
            None => Err(e),
        }) {
        Ok(f) => f,
        Err(e) => {
            sink(Item::Error(InputError::new(
                name,
                format!("not a readable RSS/Atom feed: {e}"),
            )));
            return;
        }
    };
    if feed.entries.is_empty() {
        sink(Item::Error(InputError::new(name, "feed has no items")));
        return;
    }
    let feed_meta = feed_metadata(&feed);
    for (i, entry) in feed.entries.iter().enumerate() {
        let locator = format!("item {}", i + 1);
        match entry_doc(name, &locator, entry, &feed_meta) {
            Some(doc) => sink(Item::Doc(doc)),
            None => sink(Item::skip(name, &locator, "feed item without text")),
        }
    }
}

/// `<rss>` without a `version` attribute (which the feed parser requires) gets `2.0`.
fn with_rss_version(bytes: &[u8]) -> Option<Vec<u8>> {
    let pos = bytes
        .windows(5)
        .position(|w| w.starts_with(b"<rss") && (w[4] == b'>' || w[4].is_ascii_whitespace()))?;
    let tag_end = pos + bytes[pos..].iter().position(|b| *b == b'>')?;
    if bytes[pos..tag_end].windows(7).any(|w| w == b"version") {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() + 16);
    out.extend_from_slice(&bytes[..pos + 4]);
    out.extend_from_slice(b" version=\"2.0\"");
    out.extend_from_slice(&bytes[pos + 4..]);
    Some(out)
}

fn feed_metadata(feed: &Feed) -> Metadata {
    let mut m = Metadata {
        outlet: feed
            .title
            .as_ref()
            .map(|t| html_to_text(&t.content))
            .filter(|t| !t.is_empty()),
        declared_lang: feed.language.clone(),
        ..Default::default()
    };
    if let Some(link) = feed.links.iter().find(|l| l.rel.as_deref() != Some("self")) {
        m.extra.insert("feed_link".into(), link.href.clone());
    }
    m
}

fn entry_doc(name: &str, locator: &str, e: &Entry, feed_meta: &Metadata) -> Option<RawDocument> {
    let body = e
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .map(html_to_text)
        .filter(|t| !t.is_empty())
        .or_else(|| {
            e.summary
                .as_ref()
                .map(|s| html_to_text(&s.content))
                .filter(|t| !t.is_empty())
        });
    let title = e
        .title
        .as_ref()
        .map(|t| html_to_text(&t.content))
        .filter(|t| !t.is_empty());
    let text = body.or_else(|| title.clone())?;
    let link = e
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| e.links.first())
        .map(|l| l.href.clone());
    let author = e
        .authors
        .iter()
        .filter_map(|p| p.name.as_deref().map(str::trim).filter(|n| !n.is_empty()))
        .collect::<Vec<_>>()
        .join(", ");
    let date = e
        .published
        .map(|t| (t, "published"))
        .or_else(|| e.updated.map(|t| (t, "updated")))
        .and_then(|(t, field)| day(&t.date_naive().to_string(), field));
    let mut meta = Metadata {
        title,
        url: link,
        author: (!author.is_empty()).then_some(author),
        date,
        declared_lang: e.language.clone(),
        ..Default::default()
    };
    if !e.id.is_empty() && Some(&e.id) != meta.url.as_ref() {
        meta.extra.insert("feed_item_id".into(), e.id.clone());
    }
    meta.fill_from(feed_meta);
    Some(RawDocument {
        source: SourceRef {
            path: name.to_owned(),
            locator: Some(locator.to_owned()),
            format: Format::Feed,
        },
        text,
        meta,
    })
}

fn day(value: &str, field: &str) -> Option<DateInfo> {
    parse_source_date(value, field)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(xml: &str) -> Vec<Item> {
        let mut out = Vec::new();
        read_feed("f.xml", xml.as_bytes(), &mut |i| out.push(i));
        out
    }

    #[test]
    fn rss_with_localized_date() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Le Fil</title><link>https://fil.fr</link><language>fr</language>
<item><title>Un</title><link>https://fil.fr/1</link><pubDate>sam., 03 févr. 2024 10:00:00 +0100</pubDate>
<description>&lt;p&gt;Premier.&lt;/p&gt;&lt;p&gt;Deux.&lt;/p&gt;</description><author>redaction@fil.fr (La Rédaction)</author></item>
<item><title>Deux</title><pubDate>Mon, 05 Feb 2024 23:30:00 -0500</pubDate></item>
</channel></rss>"#;
        let items = docs(xml);
        let Item::Doc(d) = &items[0] else {
            panic!("{:?}", items[0])
        };
        assert_eq!(d.text, "Premier.\n\nDeux.");
        assert_eq!(d.meta.outlet.as_deref(), Some("Le Fil"));
        assert_eq!(d.meta.date.as_ref().unwrap().value, "2024-02-03");
        assert_eq!(d.meta.declared_lang.as_deref(), Some("fr"));
        assert_eq!(d.source.to_string(), "f.xml (item 1)");
        let Item::Doc(d2) = &items[1] else { panic!() };
        assert_eq!(
            (
                d2.text.as_str(),
                d2.meta.date.as_ref().unwrap().value.as_str()
            ),
            ("Deux", "2024-02-05")
        );
    }

    #[test]
    fn feed_without_xml_prolog() {
        let items = docs(
            "<rss version=\"2.0\"><channel><title>c</title><item><title>t</title><description>d</description></item></channel></rss>",
        );
        assert!(
            matches!(&items[0], Item::Doc(d) if d.text == "d"),
            "{items:?}"
        );
        let big = format!(
            "<rss><channel><item><description>{}</description></item></channel></rss>",
            "x".repeat(100_000)
        );
        let items = docs(&big);
        assert!(
            matches!(&items[0], Item::Doc(d) if d.text.len() == 100_000),
            "{:?}",
            items.first().map(|i| matches!(i, Item::Error(_)))
        );
    }

    #[test]
    fn garbage_is_an_error() {
        let items = docs("<rss><channel><item>");
        assert!(
            matches!(&items[0], Item::Error(e) if e.input == "f.xml"),
            "{items:?}"
        );
    }
}
