//! Language identification on labelled multilingual news: accuracy and speed of whatlang
//! per document and per sentence, as used by the `Language` stage.
//!
//! cargo run --release -p narrascope-analyze --example lang_bench -- [--per-source N] [--out items.jsonl]
//!
//! `--out` writes the evaluated items (text, gold label, prediction) so that
//! `bench/lang_bench.py` can run other detectors on exactly the same inputs.

#[path = "common/corpus.rs"]
mod corpus;

use narrascope_analyze::{Language, Normalize, Segment, detect_language};
use narrascope_core::{Analysis, Format, Metadata, Pipeline, RawDocument, SourceRef};
use std::collections::BTreeMap;
use std::io::Write;
use std::time::{Duration, Instant};

const SENTENCES_PER_DOC: usize = 4;

#[derive(Default)]
struct Score {
    right: usize,
    total: usize,
    time: Duration,
}

impl Score {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.right += usize::from(ok);
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let per_source: usize = arg("--per-source").map_or(Ok(100), |s| s.parse())?;
    let mut out = match arg("--out") {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(&p).map_err(|e| format!("{p}: {e}"))?,
        )),
        None => None,
    };
    let Some(docs) = corpus::load(per_source) else {
        return Ok(());
    };
    let prep = Pipeline::new().with(Normalize).with(Segment);
    // per language: whole-text whatlang, Language stage, whatlang per sentence, stage per sentence
    let mut scores: BTreeMap<&str, [Score; 4]> = BTreeMap::new();
    for d in &docs {
        let mut a = Analysis::new(RawDocument {
            source: SourceRef {
                path: d.id.clone(),
                locator: None,
                format: Format::Text,
            },
            text: d.text.clone(),
            meta: Metadata::default(),
        });
        prep.run(&mut a)?;
        let s = scores.entry(d.lang).or_default();

        let t = Instant::now();
        let whole = detect_language(&a.doc.text).map(|g| g.code);
        s[0].time += t.elapsed();
        s[0].add(whole.as_deref() == Some(d.lang));

        let t = Instant::now();
        <Language as narrascope_core::Stage>::run(&Language, &mut a)?;
        s[1].time += t.elapsed();
        let vote = a.doc.lang.as_ref().map(|g| g.code.clone());
        s[1].add(vote.as_deref() == Some(d.lang));
        if let Some(w) = out.as_mut() {
            let item = serde_json::json!({"kind": "doc", "gold": d.lang, "id": d.id, "text": a.doc.text,
                "whatlang": whole, "vote": vote});
            writeln!(w, "{item}")?;
        }

        let picked: Vec<usize> = (0..a.doc.sentences.len())
            .filter(|&i| (40..=300).contains(&a.doc.sentence_text(i).chars().count()))
            .take(SENTENCES_PER_DOC)
            .collect();
        for i in picked {
            let text = a.doc.sentence_text(i);
            let t = Instant::now();
            let g = detect_language(text).map(|g| g.code);
            s[2].time += t.elapsed();
            s[2].add(g.as_deref() == Some(d.lang));
            let staged = a.doc.sentences[i].lang.as_ref().map(|g| g.code.clone());
            s[3].add(staged.as_deref() == Some(d.lang));
            if let Some(w) = out.as_mut() {
                let item = serde_json::json!({"kind": "sentence", "gold": d.lang, "id": d.id, "text": text,
                    "whatlang": g, "stage": staged});
                writeln!(w, "{item}")?;
            }
        }
    }
    println!(
        "| lang | docs | whatlang whole text | Language stage | sentences | whatlang per sentence | stage per sentence |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut total = [(0usize, 0usize, Duration::ZERO); 4];
    for (lang, s) in &scores {
        let pct = |x: &Score| 100.0 * x.right as f64 / x.total.max(1) as f64;
        println!(
            "| {lang} | {} | {:.1}% | {:.1}% | {} | {:.1}% | {:.1}% |",
            s[0].total,
            pct(&s[0]),
            pct(&s[1]),
            s[2].total,
            pct(&s[2]),
            pct(&s[3])
        );
        for k in 0..4 {
            total[k].0 += s[k].right;
            total[k].1 += s[k].total;
            total[k].2 += s[k].time;
        }
    }
    let pct = |k: usize| 100.0 * total[k].0 as f64 / total[k].1.max(1) as f64;
    let rate = |k: usize| total[k].1 as f64 / total[k].2.as_secs_f64().max(1e-9);
    println!(
        "| all | {} | {:.1}% | {:.1}% | {} | {:.1}% | {:.1}% |",
        total[0].1,
        pct(0),
        pct(1),
        total[2].1,
        pct(2),
        pct(3)
    );
    println!();
    println!(
        "whatlang whole text: {:.0} docs/s; Language stage (document + every sentence): {:.0} docs/s; whatlang per sentence: {:.0} sentences/s",
        rate(0),
        rate(1),
        rate(2)
    );
    Ok(())
}
