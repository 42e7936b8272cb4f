//! Property tests: normalisation is idempotent and every offset is valid on any input.

use narrascope_analyze::{analyze, normalize_text};
use narrascope_core::{Format, Metadata, RawDocument, SourceRef, Span};
use proptest::prelude::*;

fn ok(span: Span, text: &str) -> bool {
    span.start <= span.end && span.slice(text).is_some()
}

/// Strings mixing arbitrary characters with the pieces the rules look for.
fn texty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(String::from),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(" ".to_string()),
        Just(". ".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{200B}".to_string()),
        Just("\r\n".to_string()),
        Just("</span> <span class=".to_string()),
        Just("RTS1L010 [19659008] ".to_string()),
        Just("Leave a Reply".to_string()),
        Just("3 columns".to_string()),
        Just("👁\u{1F5E8} ".to_string()),
        Just("https://a.org/x".to_string()),
        Just("le 3 février 2024".to_string()),
        Just("M. Dupont".to_string()),
        Just("« Oui ! » dit-il".to_string()),
        "[a-zA-Zéя ]{1,12}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn normalisation_is_idempotent(s in texty()) {
        let once = normalize_text(&s);
        let twice = normalize_text(&once.text);
        prop_assert_eq!(&once.text, &twice.text);
        prop_assert!(twice.removals.is_empty(), "{:?}", twice.removals);
    }

    #[test]
    fn idempotent_on_any_unicode(s in any::<String>()) {
        let once = normalize_text(&s);
        prop_assert_eq!(&once.text, &normalize_text(&once.text).text);
    }

    #[test]
    fn offsets_in_range_and_on_boundaries(s in texty()) {
        let raw = RawDocument {
            source: SourceRef { path: "p".into(), locator: None, format: Format::Text },
            text: s,
            meta: Metadata::default(),
        };
        let a = analyze(raw).expect("never fails");
        let d = &a.doc;
        for p in &d.paragraphs {
            prop_assert!(ok(p.span, &d.text));
        }
        for x in &d.sentences {
            prop_assert!(ok(x.span, &d.text));
            prop_assert!(d.paragraphs[x.paragraph].span.contains(x.span));
        }
        for u in &d.urls {
            prop_assert!(ok(u.span, &d.text));
        }
        for r in &d.removals {
            prop_assert!(ok(r.raw_span, &d.raw));
            prop_assert_eq!(r.raw_span.slice(&d.raw), Some(r.text.as_str()));
        }
        if let Some(narrascope_core::DateInfo { origin: narrascope_core::DateOrigin::Text { span, .. }, .. }) = &d.meta.date {
            prop_assert!(ok(*span, &d.text));
        }
        prop_assert_eq!(d.id.0.len(), 16);
    }
}
