//! Turns annotated documents into training and evaluation examples: each document runs
//! through the analysis pipeline (foundation, linking, claims), each gold mention is carried
//! to the normalised text and gets its features.

use narrascope_core::{Analysis, Format, Metadata, Pipeline, RawDocument, SourceRef, Span};
use narrascope_embed::Vector;

use crate::align::to_normalized;
use crate::data::{RoleDoc, raw_span};
use crate::features::{DocContext, FeatureSpec};
use crate::taxonomy::{fine_index, main_index};
use crate::train::Example;

/// The examples of one document.
#[derive(Debug, Clone, Default)]
pub struct PreparedDoc {
    /// One per gold mention with a known main role, in annotation order.
    pub examples: Vec<Example>,
    /// Mentions whose text was not found in the normalised text: placed by relative
    /// position instead.
    pub approximate: usize,
    /// Mentions with a main role outside the taxonomy (left out).
    pub unknown_roles: usize,
}

/// Runs `pipeline` on a document's raw text.
pub fn analyse(pipeline: &Pipeline, doc: &RoleDoc) -> Result<Analysis, String> {
    let mut a = Analysis::new(RawDocument {
        source: SourceRef {
            path: doc.id.clone(),
            locator: None,
            format: Format::Text,
        },
        text: doc.text.clone(),
        meta: Metadata::default(),
    });
    pipeline
        .run(&mut a)
        .map_err(|e| format!("{}: {e}", doc.id))?;
    Ok(a)
}

/// The gold span in the normalised text, or an empty span at the same relative position.
fn locate(doc: &RoleDoc, a: &Analysis, m: &crate::data::GoldMention) -> (Span, bool) {
    let norm = &a.doc.text;
    if let Some(s) = raw_span(&doc.text, m).and_then(|r| to_normalized(&doc.text, norm, r)) {
        return (s, true);
    }
    let rel = m.start as f64 / doc.text.chars().count().max(1) as f64;
    let mut at = ((rel * norm.len() as f64) as usize).min(norm.len());
    while !norm.is_char_boundary(at) {
        at -= 1;
    }
    (Span::new(at, at), false)
}

/// The examples of `doc`, given its analysis and sentence vectors.
pub fn prepare(
    doc: &RoleDoc,
    a: &Analysis,
    sentences: &[Vector],
    spec: &FeatureSpec,
) -> PreparedDoc {
    let ctx = DocContext::new(a, sentences);
    let mut out = PreparedDoc::default();
    for m in &doc.mentions {
        let Some(main) = main_index(&m.main_role) else {
            out.unknown_roles += 1;
            continue;
        };
        let (span, found) = locate(doc, a, m);
        out.approximate += usize::from(!found);
        let entity = a
            .mentions
            .iter()
            .filter(|x| found && x.span.overlaps(span))
            .find_map(|x| x.entity.as_deref());
        out.examples.push(Example {
            doc: doc.id.clone(),
            group: entity.map_or_else(|| m.surface.to_lowercase(), str::to_string),
            lang: doc.lang.clone(),
            features: ctx.features(spec, span, entity),
            main,
            fine: m.fine_roles.iter().filter_map(|r| fine_index(r)).collect(),
        });
    }
    out
}

/// [`analyse`] and [`prepare`] for every document (with its analysis), on `threads` threads (0: one per core).
/// `vectors[i]` are the sentence vectors of `docs[i]`.
pub fn prepare_all(
    pipeline: &Pipeline,
    docs: &[RoleDoc],
    vectors: &[Vec<Vector>],
    spec: &FeatureSpec,
    threads: usize,
) -> Result<Vec<(Analysis, PreparedDoc)>, String> {
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        t => t,
    }
    .clamp(1, docs.len().max(1));
    let chunk = docs.len().div_ceil(threads).max(1);
    let empty: Vec<Vector> = Vec::new();
    type Part = Result<Vec<(Analysis, PreparedDoc)>, String>;
    let parts: Vec<Part> = std::thread::scope(|s| {
        let handles: Vec<_> = docs
            .chunks(chunk)
            .enumerate()
            .map(|(c, part)| {
                let empty = &empty;
                s.spawn(move || {
                    part.iter()
                        .enumerate()
                        .map(|(k, d)| {
                            let v = vectors.get(c * chunk + k).unwrap_or(empty);
                            analyse(pipeline, d).map(|a| {
                                let p = prepare(d, &a, v, spec);
                                (a, p)
                            })
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a worker thread failed".into()))
            })
            .collect()
    });
    let mut out = Vec::with_capacity(docs.len());
    for p in parts {
        out.extend(p?);
    }
    Ok(out)
}
