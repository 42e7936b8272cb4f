//! Detection: cues and the trained model over a document's sentences, reported as spans
//! with their evidence, in text order, overlapping spans of one technique merged.

use narrascope_core::{Analysis, Evidence, Span, TechniqueSpan};
use narrascope_embed::Vector;

use crate::cues::{CueMatch, CueSet};
use crate::features::{self, SentenceInput};
use crate::model::Model;
use crate::techniques::TECHNIQUES;

/// A detector: cues, and optionally a trained model.
#[derive(Debug, Clone)]
pub struct TechniqueDetector {
    pub cues: CueSet,
    pub model: Option<Model>,
}

/// What fired in one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceScores {
    /// Cue matches, with byte ranges in the document's normalised text.
    pub cues: Vec<CueMatch>,
    /// Per technique (in [`TECHNIQUES`] order): did a cue fire?
    pub cue_hits: [bool; TECHNIQUES.len()],
    /// Per technique (in [`TECHNIQUES`] order): the model's probability, when a model and
    /// sentence vectors were given and the technique has a model.
    pub probabilities: Vec<Option<f32>>,
}

impl TechniqueDetector {
    pub fn new(cues: CueSet, model: Option<Model>) -> Self {
        TechniqueDetector { cues, model }
    }

    /// Per sentence of `a`, the cues that fired and the model's probabilities. `vectors`
    /// must line up with `a.doc.sentences`; otherwise only cues are used.
    pub fn sentence_scores(&self, a: &Analysis, vectors: Option<&[Vector]>) -> Vec<SentenceScores> {
        let doc = &a.doc;
        let n = doc.sentences.len();
        let vectors = vectors.filter(|v| v.len() == n);
        let model = self.model.as_ref().filter(|_| vectors.is_some());
        let doc_lang = doc.lang.as_ref().map(|l| l.code.as_str());
        let index: Vec<Option<usize>> = match model {
            Some(m) => TECHNIQUES
                .iter()
                .map(|(t, _)| m.techniques.iter().position(|x| x.technique == *t))
                .collect(),
            None => vec![None; TECHNIQUES.len()],
        };
        (0..n)
            .map(|i| {
                let s = &doc.sentences[i];
                let text = doc.sentence_text(i);
                let mut langs: Vec<&str> = doc_lang.into_iter().collect();
                if let Some(l) = s.lang.as_ref().map(|l| l.code.as_str())
                    && !langs.contains(&l)
                {
                    langs.push(l);
                }
                let mut cues: Vec<CueMatch> = langs
                    .iter()
                    .flat_map(|l| self.cues.find(l, text))
                    .map(|m| CueMatch {
                        start: m.start + s.span.start,
                        end: m.end + s.span.start,
                        ..m
                    })
                    .collect();
                cues.sort_by_key(|m| (m.start, m.end, m.cue));
                let mut cue_hits = [false; TECHNIQUES.len()];
                for m in &cues {
                    cue_hits[m.technique] = true;
                }
                let probabilities = match (model, vectors) {
                    (Some(m), Some(v)) => {
                        let mut x = features::row(&SentenceInput {
                            text,
                            vector: &v[i],
                            cue_hits: &cue_hits,
                            index: i,
                            count: n,
                        });
                        m.scaler.apply(&mut x);
                        let p = m.probabilities(&x);
                        index.iter().map(|k| k.map(|k| p[k])).collect()
                    }
                    _ => vec![None; TECHNIQUES.len()],
                };
                SentenceScores {
                    cues,
                    cue_hits,
                    probabilities,
                }
            })
            .collect()
    }

    /// The technique spans of `a`: a cue's match where a cue fired, else the sentence where
    /// the model's probability reaches the technique's threshold. Never panics.
    pub fn detect(&self, a: &Analysis, vectors: Option<&[Vector]>) -> Vec<TechniqueSpan> {
        let scores = self.sentence_scores(a, vectors);
        let mut out = Vec::new();
        for (s, sc) in a.doc.sentences.iter().zip(&scores) {
            for (t, (name, family)) in TECHNIQUES.iter().enumerate() {
                let model_ev = self.model_evidence(t, sc.probabilities[t]);
                let fired: Vec<&CueMatch> = sc.cues.iter().filter(|m| m.technique == t).collect();
                for m in &fired {
                    let cue = &self.cues.cues[m.cue];
                    let mut evidence = vec![Evidence {
                        kind: "cue".into(),
                        id: cue.id.clone(),
                        score: Some(cue.weight),
                        span: None,
                    }];
                    evidence.extend(model_ev.clone());
                    out.push(TechniqueSpan {
                        technique: name.to_string(),
                        family: family.to_string(),
                        span: Span::new(m.start, m.end),
                        score: evidence.iter().filter_map(|e| e.score).fold(0.0, f32::max),
                        evidence,
                    });
                }
                if let (true, Some(e)) = (fired.is_empty(), model_ev) {
                    out.push(TechniqueSpan {
                        technique: name.to_string(),
                        family: family.to_string(),
                        span: s.span,
                        score: e.score.unwrap_or(0.0),
                        evidence: vec![e],
                    });
                }
            }
        }
        merge(out)
    }

    /// The model's evidence for technique `t` when its probability reaches the threshold.
    fn model_evidence(&self, t: usize, p: Option<f32>) -> Option<Evidence> {
        let m = self.model.as_ref()?;
        let tm = m
            .techniques
            .iter()
            .find(|x| x.technique == TECHNIQUES[t].0)?;
        let p = p?;
        (p >= tm.threshold).then(|| Evidence {
            kind: "model".into(),
            id: m.name.clone(),
            score: Some(p),
            span: None,
        })
    }
}

/// Sorts spans in text order and merges overlapping spans of the same technique (union of
/// ranges, highest score, evidence of both without repeats).
pub fn merge(mut spans: Vec<TechniqueSpan>) -> Vec<TechniqueSpan> {
    spans.sort_by(|a, b| {
        (a.technique.as_str(), a.span.start, a.span.end).cmp(&(
            b.technique.as_str(),
            b.span.start,
            b.span.end,
        ))
    });
    let mut out: Vec<TechniqueSpan> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if last.technique == s.technique && s.span.start < last.span.end => {
                last.span.end = last.span.end.max(s.span.end);
                last.score = last.score.max(s.score);
                for e in s.evidence {
                    if !last
                        .evidence
                        .iter()
                        .any(|x| x.kind == e.kind && x.id == e.id)
                    {
                        last.evidence.push(e);
                    }
                }
            }
            _ => out.push(s),
        }
    }
    out.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.technique).cmp(&(b.span.start, b.span.end, &b.technique))
    });
    out
}
