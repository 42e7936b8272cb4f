use super::*;
use crate::normalize::Normalize;
use narrascope_core::{DatePrecision, Format, Metadata, RawDocument, SourceRef};

fn analysed(text: &str, meta: Metadata) -> Analysis {
    let mut a = Analysis::new(RawDocument {
        source: SourceRef {
            path: "t.txt".into(),
            locator: None,
            format: Format::Text,
        },
        text: text.into(),
        meta,
    });
    Normalize.run(&mut a).unwrap();
    TextMetadata.run(&mut a).unwrap();
    a
}

fn date_of(text: &str) -> Option<(String, DatePrecision, String)> {
    let a = analysed(text, Metadata::default());
    let d = a.doc.meta.date?;
    let DateOrigin::Text { rule, span } = d.origin else {
        return None;
    };
    assert!(span.slice(&a.doc.text).is_some());
    Some((d.value, d.precision, rule))
}

#[test]
fn header_dates_count_body_dates_do_not() {
    let body = "The army said on 3 February 2024 that it had moved. ".repeat(4);
    assert_eq!(date_of(&format!("A title here\n\n{body}")), None);
    let got = date_of(&format!(
        "A title here\n\nPar Jean Dupont, le 3 février 2024\n\n{body}"
    ));
    assert_eq!(
        got,
        Some(("2024-02-03".into(), DatePrecision::Day, "byline".into()))
    );
    let got = date_of(&format!(
        " date 2021-09 Le texte commence ici et continue longtemps. {body}"
    ));
    assert_eq!(
        got,
        Some(("2021-09".into(), DatePrecision::Month, "date_label".into()))
    );
    let got = date_of(&format!(
        "A title\n\n{body}\n\nPublished on December 29, 2019"
    ));
    assert_eq!(got.map(|g| g.2), Some("publication_line".into()));
    let got = date_of(&format!("Заголовок статьи\n\n3 февраля 2024\n\n{body}"));
    assert_eq!(
        got.map(|g| (g.0, g.2)),
        Some(("2024-02-03".into(), "header_line".into()))
    );
    let got = date_of(&format!(
        "A title\n\nMonday, 3 February 2024 | 10:15\n\n{body}"
    ));
    assert_eq!(got.map(|g| g.0), Some("2024-02-03".into()));
    // an embedded post's attribution is no date line
    let post = format!("A title\n\n— Someone (@handle) November 28, 2023\n\n{body}");
    assert_eq!(date_of(&post), None);
    let mention = format!("A title\n\nThe summit of May 2023 failed badly\n\n{body}");
    assert_eq!(date_of(&mention), None);
}

#[test]
fn title_author_outlet_urls_and_source_wins() {
    let a = analysed(
        "Big news from the front\n\nBy John Smith\n\nThe text starts here. See https://example.org/x.\n\nSource: Reuters",
        Metadata::default(),
    );
    let m = &a.doc.meta;
    assert_eq!(m.title.as_deref(), Some("Big news from the front"));
    assert_eq!(m.author.as_deref(), Some("John Smith"));
    assert_eq!(m.outlet.as_deref(), Some("Reuters"));
    assert_eq!(a.doc.urls.len(), 1);
    assert_eq!(
        a.doc.urls[0].span.slice(&a.doc.text),
        Some("https://example.org/x")
    );

    let given = Metadata {
        title: Some("Given".into()),
        outlet: Some("Source outlet".into()),
        ..Default::default()
    };
    let a = analysed("Big news from the front\n\nSource: Reuters", given);
    assert_eq!(a.doc.meta.title.as_deref(), Some("Given"));
    assert_eq!(a.doc.meta.outlet.as_deref(), Some("Source outlet"));
}

#[test]
fn sentences_are_not_titles() {
    let a = analysed(
        "This is a full sentence that ends with a stop.\n\nMore.",
        Metadata::default(),
    );
    assert_eq!(a.doc.meta.title, None);
}
