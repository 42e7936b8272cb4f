//! The five seed documents in ../shared/seeds: languages, titles, dates, outlets, debris.

use narrascope_analyze::analyze;
use narrascope_core::{
    Analysis, DateOrigin, DatePrecision, Format, Metadata, RawDocument, SourceRef,
};
use std::path::{Path, PathBuf};

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

fn seed(prefix: &str) -> Option<Analysis> {
    let dir = seeds_dir();
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(_) => {
            eprintln!("skipping: {} not found", dir.display());
            return None;
        }
    };
    let path = entries.filter_map(Result::ok).map(|e| e.path()).find(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(prefix))
    })?;
    let text = std::fs::read_to_string(&path).ok()?;
    let raw = RawDocument {
        source: SourceRef {
            path: path.display().to_string(),
            locator: None,
            format: Format::Text,
        },
        text,
        meta: Metadata::default(),
    };
    Some(analyze(raw).expect("foundation pipeline"))
}

fn removed(a: &Analysis, rule: &str) -> Vec<String> {
    a.doc
        .removals
        .iter()
        .filter(|r| r.rule == rule)
        .map(|r| r.text.clone())
        .collect()
}

fn check_offsets(a: &Analysis) {
    let d = &a.doc;
    for (i, s) in d.sentences.iter().enumerate() {
        let text = s
            .span
            .slice(&d.text)
            .expect("sentence span on char boundaries");
        assert_eq!(text, d.sentence_text(i));
        assert_eq!(text, text.trim());
        assert!(
            d.paragraphs[s.paragraph].span.contains(s.span),
            "sentence {i} leaves its paragraph"
        );
    }
    for r in &d.removals {
        assert_eq!(r.raw_span.slice(&d.raw), Some(r.text.as_str()));
        let line = d.raw[..r.raw_span.start].matches('\n').count() + 1;
        assert_eq!(r.line, line, "{r:?}");
    }
    for u in &d.urls {
        assert_eq!(u.span.slice(&d.text), Some(u.url.as_str()));
    }
    assert_eq!(d.id.0.len(), 16);
    assert!(!d.text.contains("  ") && !d.text.contains("\n\n\n"));
}

#[test]
fn languages_and_titles() {
    let want = [
        (
            "000",
            "en",
            Some("Trump and the islamic State allies against Iran"),
        ),
        ("001", "fr", None),
        (
            "002",
            "en",
            Some("Russian military wants to help Trump to destroy ISIS in Iraq"),
        ),
        (
            "003",
            "fr",
            Some(
                "ISIS profite des frappes américaines pour attaquer les forces irakiennes dans l'Anbar",
            ),
        ),
        (
            "004",
            "en",
            Some(
                "US Wages War On Iraq, In Defense Of ISIS Terrorists In Syria, Claiming To Defend Itself From Iran!",
            ),
        ),
    ];
    for (id, lang, title) in want {
        let Some(a) = seed(id) else { return };
        check_offsets(&a);
        let l = a.doc.lang.as_ref().expect("language");
        assert_eq!(l.code, lang, "seed {id}");
        assert!(l.confidence > 0.5, "seed {id}: {l:?}");
        assert!(a.doc.sentences.iter().all(|s| s.lang.is_some()));
        assert_eq!(a.doc.meta.title.as_deref(), title, "seed {id}");
        assert!(a.doc.sentences.len() >= 8, "seed {id}");
    }
}

#[test]
fn publication_dates_only_from_headers() {
    let Some(a) = seed("001") else { return };
    let d = a.doc.meta.date.as_ref().expect("001 has a date label");
    assert_eq!(
        (d.value.as_str(), d.precision),
        ("2021-09", DatePrecision::Month)
    );
    let DateOrigin::Text { rule, span } = &d.origin else {
        panic!("text origin")
    };
    assert_eq!(
        (rule.as_str(), span.slice(&a.doc.text)),
        ("date_label", Some("2021-09"))
    );

    let Some(a) = seed("003") else { return };
    let d = a.doc.meta.date.as_ref().expect("003 has a by-line date");
    assert_eq!(
        (d.value.as_str(), d.precision),
        ("2024-02-03", DatePrecision::Day)
    );
    let DateOrigin::Text { span, .. } = &d.origin else {
        panic!("text origin")
    };
    assert_eq!(span.slice(&a.doc.text), Some("3 février 2024"));

    for id in ["000", "002", "004"] {
        let Some(a) = seed(id) else { return };
        assert_eq!(a.doc.meta.date, None, "seed {id} gives no publication date");
    }
}

#[test]
fn outlets_from_bylines_and_source_lines() {
    let Some(a) = seed("001") else { return };
    assert_eq!(a.doc.meta.outlet.as_deref(), Some("alAlam"));
    let Some(a) = seed("003") else { return };
    assert_eq!(a.doc.meta.outlet.as_deref(), Some("The Cradle"));
    assert_eq!(a.doc.meta.author, None);
    assert_eq!(a.doc.urls.len(), 1);
    assert!(
        a.doc.urls[0]
            .url
            .starts_with("https://thecradle.co/articles/")
    );
}

#[test]
fn debris_removed_and_recorded() {
    let Some(a) = seed("002") else { return };
    let crumbs = removed(&a, "breadcrumb");
    assert_eq!(crumbs.len(), 1);
    assert!(crumbs[0].starts_with("Home / Uncategorized / "));
    assert_eq!(
        removed(&a, "comment_box"),
        ["Leave a Reply", "Your email address will not be published."]
    );
    assert_eq!(removed(&a, "source_link"), ["Source link"]);
    assert_eq!(
        removed(&a, "agency_code"),
        ["RTS1L010 [19659008]", "RTX3M7XU"]
    );
    assert_eq!(removed(&a, "html_remnant"), ["</span>", "<span class="]);
    let t = &a.doc.text;
    assert!(t.contains("\n\nRussian long-range bombers attacked"));
    assert!(
        t.contains("fighting Iraq and Syria. Russian Federation / Brochure through REUTERS TV")
    );
    assert!(t.contains("\n\nFrom center to right:"));
    assert!(!t.contains("Leave a Reply") && !t.contains("<span") && !t.contains("Source link"));

    let Some(a) = seed("004") else { return };
    let images = removed(&a, "image_file");
    assert_eq!(images.len(), 8, "{images:?}");
    assert!(
        images
            .iter()
            .all(|i| i.starts_with("Screenshot_2020-01-02 ") && i.ends_with(".png"))
    );
    assert_eq!(
        removed(&a, "layout_word"),
        ["3 columns", "2 columns", "1 column"]
    );
    assert!(!a.doc.text.contains(".png") && a.doc.text.ends_with("straight from Tel Aviv..."));

    let Some(a) = seed("003") else { return };
    assert_eq!(removed(&a, "title_emoji"), ["\u{1F441}\u{1F5E8}"]);
    let repeated = a
        .doc
        .removals
        .iter()
        .find(|r| r.rule == "repeated_headline")
        .expect("repeat");
    assert_eq!(repeated.line, 3);
    assert_eq!(
        a.doc
            .text
            .matches("ISIS profite des frappes américaines")
            .count(),
        1
    );

    for id in ["000", "001"] {
        let Some(a) = seed(id) else { return };
        assert!(a.doc.removals.is_empty(), "seed {id}: {:?}", a.doc.removals);
    }
}

#[test]
fn quotes_stay_with_their_sentence() {
    let Some(a) = seed("001") else { return };
    let n = a.doc.sentences.len();
    let quoted = (0..n)
        .map(|i| a.doc.sentence_text(i))
        .find(|s| s.contains("les terroristes avaient"))
        .expect("the quoted sentence");
    assert!(
        quoted.starts_with("date 2021-09 Le correspondant"),
        "{quoted}"
    );
    assert!(quoted.ends_with("s’y opposer »."), "{quoted}");
}
