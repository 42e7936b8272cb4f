//! SemEval-2023 Task 3 subtask 3 (persuasion techniques per paragraph): reading the data,
//! relating sentences to labelled lines and spans, training and scoring.

pub mod align;
pub mod read;
pub mod score;
mod train;

use std::ops::RangeInclusive;

use narrascope_core::{Analysis, Format, Metadata, RawDocument, SourceRef, TechniqueSpan};
use narrascope_learn::vectors::DocVectors;

pub use align::Alignment;
pub use read::{Article, Dataset, read_dir};
pub use score::{Counts, Report};
pub use train::{TrainOptions, TrainReport, train};

use crate::TechniqueDetector;
use crate::techniques::index_of;

/// An article analysed and related to its labels.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    pub article: &'a Article,
    pub analysis: Analysis,
    pub align: Alignment,
    /// Per sentence: the raw lines it covers.
    pub sentence_lines: Vec<RangeInclusive<usize>>,
    /// Per sentence: the techniques of the gold spans it overlaps (at least half of the
    /// shorter of the two).
    pub sentence_gold: Vec<Vec<usize>>,
}

/// Analyses `article` with the foundation pipeline (as the vector cache segments it) and
/// relates its sentences to the raw file's lines and gold spans.
pub fn prepare(article: &Article) -> Result<Prepared<'_>, String> {
    let raw = RawDocument {
        source: SourceRef {
            path: article.key.clone(),
            locator: None,
            format: Format::Text,
        },
        text: article.text.clone(),
        meta: Metadata::default(),
    };
    let analysis = narrascope_analyze::analyze(raw).map_err(|e| format!("{}: {e}", article.key))?;
    let align = Alignment::new(&article.text, &analysis.doc.text);
    let mut sentence_lines = Vec::new();
    let mut sentence_gold = Vec::new();
    for s in &analysis.doc.sentences {
        sentence_lines.push(align.lines(s.span));
        let (a, b) = align.raw_range(s.span);
        let mut gold: Vec<usize> = article
            .spans
            .iter()
            .filter(|&&(_, start, end)| {
                let overlap = b.min(end).saturating_sub(a.max(start));
                overlap > 0 && 2 * overlap >= (end - start).min(b - a)
            })
            .map(|&(t, _, _)| t)
            .collect();
        gold.sort_unstable();
        gold.dedup();
        sentence_gold.push(gold);
    }
    Ok(Prepared {
        article,
        analysis,
        align,
        sentence_lines,
        sentence_gold,
    })
}

/// The techniques predicted for each gold paragraph of `p` (in `p.article.paragraphs`
/// order): those of the spans that cover the paragraph's line.
pub fn paragraph_predictions(p: &Prepared<'_>, spans: &[TechniqueSpan]) -> Vec<Vec<usize>> {
    let covered: Vec<(RangeInclusive<usize>, usize)> = spans
        .iter()
        .filter_map(|s| Some((p.align.lines(s.span), index_of(&s.technique)?)))
        .collect();
    p.article
        .paragraphs
        .iter()
        .map(|(line, _)| {
            covered
                .iter()
                .filter(|(r, _)| r.contains(line))
                .map(|(_, t)| *t)
                .collect()
        })
        .collect()
}

/// Scores `detector` on prepared articles with their vectors (`None`: cues only).
pub fn evaluate(
    detector: &TechniqueDetector,
    prepared: &[Prepared<'_>],
    vectors: Option<&[DocVectors]>,
) -> Report {
    let mut r = Report::default();
    for (i, p) in prepared.iter().enumerate() {
        let v = vectors
            .and_then(|v| v.get(i))
            .map(|v| v.sentences.as_slice());
        let spans = detector.detect(&p.analysis, v);
        let pred = paragraph_predictions(p, &spans);
        for ((_, gold), pred) in p.article.paragraphs.iter().zip(&pred) {
            r.add(&p.article.lang, gold, pred);
        }
    }
    r
}

/// How often each cue fired on a labelled paragraph and how often that paragraph carries
/// the cue's technique: `(cue id, paragraphs, correct)`, in cue order.
pub fn cue_precision(
    detector: &TechniqueDetector,
    prepared: &[Prepared<'_>],
) -> Vec<(String, usize, usize)> {
    let mut out: Vec<(String, usize, usize)> = detector
        .cues
        .cues
        .iter()
        .map(|c| (c.id.clone(), 0, 0))
        .collect();
    for p in prepared {
        let mut seen = std::collections::BTreeSet::new();
        for sc in detector.sentence_scores(&p.analysis, None) {
            for m in &sc.cues {
                let lines = p.align.lines(narrascope_core::Span::new(m.start, m.end));
                for (line, gold) in p
                    .article
                    .paragraphs
                    .iter()
                    .filter(|(l, _)| lines.contains(l))
                {
                    if seen.insert((m.cue, *line)) {
                        out[m.cue].1 += 1;
                        out[m.cue].2 += usize::from(gold.contains(&m.technique));
                    }
                }
            }
        }
    }
    out
}
