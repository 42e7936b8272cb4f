use narrascope_core::{
    Analysis, DateInfo, DateOrigin, DocId, Format, LangGuess, Mention, MentionKind, RawDocument,
    Sentence, SourceRef, Span,
};

use super::*;
use crate::{Store, VectorSet};

mod ann;
mod facets;
mod ranking;
mod text;

/// A test document: id, language, outlet, date, title, text (one sentence per '.'), actors.
pub(super) fn doc(
    n: u32,
    lang: &str,
    outlet: &str,
    date: &str,
    title: &str,
    text: &str,
    actors: &[&str],
) -> Analysis {
    let p: Vec<u32> = date.split('-').filter_map(|x| x.parse().ok()).collect();
    let meta = narrascope_core::Metadata {
        title: Some(title.into()),
        outlet: Some(outlet.into()),
        date: Some(DateInfo::from_parts(
            p[0] as i32,
            p.get(1).copied(),
            p.get(2).copied(),
            DateOrigin::Source {
                field: "date".into(),
            },
        )),
        ..Default::default()
    };
    let raw = RawDocument {
        source: SourceRef {
            path: format!("{n}.txt"),
            locator: None,
            format: Format::Text,
        },
        text: text.into(),
        meta,
    };
    let mut a = Analysis::new(raw);
    a.doc.id = DocId(format!("{n:016x}"));
    a.doc.lang = Some(LangGuess {
        code: lang.into(),
        confidence: 0.9,
    });
    let mut start = 0;
    for piece in text.split_inclusive('.') {
        a.doc.sentences.push(Sentence {
            span: Span::new(start, start + piece.len()),
            paragraph: 0,
            lang: None,
        });
        start += piece.len();
    }
    for (i, e) in actors.iter().enumerate() {
        a.mentions.push(Mention {
            span: Span::new(0, 1),
            surface: format!("s{i}"),
            entity: Some((*e).into()),
            candidates: vec![],
            metonym: false,
            kind: MentionKind::Name,
            sentence: Some(0),
        });
    }
    a
}

pub(super) fn corpus() -> Vec<Analysis> {
    vec![
        doc(
            1,
            "fr",
            "Le Veilleur",
            "2024-03-02",
            "Réforme des retraites",
            "Le gouvernement présente la réforme des retraites. Les syndicats appellent à la grève.",
            &["Q142"],
        ),
        doc(
            2,
            "en",
            "Northern Ledger",
            "2024-05-10",
            "Sanctions on oil exports",
            "New sanctions target oil exports. The ministry denies any smuggling.",
            &["Q30", "Q159"],
        ),
        doc(
            3,
            "en",
            "Northern Ledger",
            "2023-11-30",
            "Pension reform protests",
            "Pension reforms drew large protests in the capital. Unions called a strike.",
            &["Q142"],
        ),
        doc(
            4,
            "ar",
            "المنبر",
            "2024-06-01",
            "العقوبات النفطية",
            "فرضت الحكومة عقوبات جديدة على صادرات النفط. نفت الوزارة أي تهريب.",
            &["Q159"],
        ),
        doc(
            5,
            "zh",
            "Daily Wire CN",
            "2024",
            "政府报告",
            "政府发布了关于石油出口的新报告。",
            &[],
        ),
        doc(
            6,
            "de",
            "Nachrichtenblick",
            "2024-02",
            "Streik angekündigt",
            "Die Gewerkschaften kündigen einen Streik gegen die Rentenreform an.",
            &["Q183"],
        ),
    ]
}

pub(super) fn store_with(docs: &[Analysis]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store
        .in_transaction(|t| docs.iter().try_for_each(|a| t.put(a).map(|_| ())))
        .unwrap();
    store.sync_search(&mut |_, _| {}).unwrap();
    (dir, store)
}

pub(super) fn ids(r: &SearchResults) -> Vec<u32> {
    r.hits
        .iter()
        .map(|h| u32::from_str_radix(&h.id.0, 16).unwrap())
        .collect()
}

pub(super) fn text_search(store: &Store, q: &str, filter: SearchFilter) -> SearchResults {
    let req = SearchRequest {
        query: q.into(),
        filter,
        ..Default::default()
    };
    store.search(&req, None).unwrap()
}
