//! Generates a large multilingual corpus for search benchmarks: new documents made of
//! sentences sampled from the news articles of `../shared/datasets` (SemEval-2023 task 3:
//! en fr de it pl ru; SemEval-2025 task 10: bg en hi pt ru), one language per document,
//! with sampled titles, invented outlets (eight per language) and dates spread over
//! 2022–2025. Writes JSONL files of 10,000 records for `narrascope ingest`, plus
//! `pool.txt`: the distinct sentences used, one a line (embedded once by
//! `search_vectors`). Output stays outside the repository.
//!
//! `cargo run --release -p narrascope-cli --example search_corpus -- DOCS OUT_DIR [SEED]`
//! (the same DOCS and SEED give the same files; `bench/search_bench.sh N` runs it).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use narrascope_analyze::split_sentences;

/// Sentences kept per language.
const PER_LANG: usize = 600;
const PER_FILE: usize = 10_000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Article files per language.
fn sources(shared: &Path) -> Vec<(&'static str, PathBuf)> {
    let s23 = shared.join("datasets/semeval2023-task3/data");
    let s25 = shared.join("datasets/semeval2025-task10/dec4-release-subtask2_ipanos7");
    let mut out = Vec::new();
    for (lang, dir) in [
        ("en", "en"),
        ("fr", "fr"),
        ("de", "ge"),
        ("it", "it"),
        ("pl", "po"),
        ("ru", "ru"),
    ] {
        out.push((lang, s23.join(dir).join("train-articles-subtask-1")));
    }
    for (lang, dir, docs) in [
        ("bg", "Bulgarian", "bulgarian_raw-documents"),
        ("en", "English", "raw-documents"),
        ("hi", "Hindi", "hindi_raw-documents"),
        ("pt", "Portuguese", "portuguese_raw-documents"),
        ("ru", "Russian", "russian_raw-documents"),
    ] {
        out.push((lang, s25.join(format!("Semeval-Task10-{dir}/data/{docs}"))));
    }
    out
}

/// Sentences of an article body: split after . ! ? । followed by a space, kept when
/// 40–300 bytes long, free of line breaks, and one whole sentence to narrascope's own
/// segmenter (so that `search_vectors` finds every stored sentence in the pool instead of
/// embedding the pieces of a sentence cut differently).
fn sentences(body: &str, out: &mut BTreeSet<String>) {
    for para in body.split('\n') {
        let mut start = 0;
        let chars: Vec<(usize, char)> = para.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            let end_mark = matches!(c, '.' | '!' | '?' | '।');
            let next_space = chars.get(k + 1).is_none_or(|&(_, n)| n == ' ');
            if end_mark && next_space {
                let s = para[start..i + c.len_utf8()].trim();
                if (40..=300).contains(&s.len()) && split_sentences(s) == [(0, s.len())] {
                    out.insert(s.to_string());
                }
                start = i + c.len_utf8();
            }
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(out)) = (args.get(1), args.get(2)) else {
        return Err("usage: search_corpus DOCS OUT_DIR [SEED]".into());
    };
    let n: usize = n.parse()?;
    let out = PathBuf::from(out);
    let mut rng = Rng(args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0x5EED) | 1);
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let mut pools: BTreeMap<&str, (BTreeSet<String>, Vec<String>)> = BTreeMap::new();
    for (lang, dir) in sources(&shared) {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            eprintln!("skipping {}: not found", dir.display());
            continue;
        };
        let entry = pools.entry(lang).or_default();
        let mut files: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files {
            let Ok(text) = std::fs::read_to_string(&f) else {
                continue;
            };
            let text = text.replace('\r', "");
            let (title, body) = text.split_once("\n\n").unwrap_or(("", &text));
            if (10..200).contains(&title.trim().len()) {
                entry.1.push(title.trim().to_string());
            }
            sentences(body, &mut entry.0);
        }
    }
    // a sample of each language's sentences, spread over its articles
    let langs: Vec<(&str, Vec<String>, Vec<String>)> = pools
        .into_iter()
        .filter(|(_, (s, t))| s.len() >= 50 && !t.is_empty())
        .map(|(l, (s, t))| {
            let all: Vec<String> = s.into_iter().collect();
            let step = (all.len() / PER_LANG).max(1);
            (l, all.into_iter().step_by(step).take(PER_LANG).collect(), t)
        })
        .collect();
    if langs.is_empty() {
        return Err(format!("no articles found under {}", shared.display()).into());
    }
    std::fs::create_dir_all(&out)?;
    let mut pool = std::io::BufWriter::new(std::fs::File::create(out.join("pool.txt"))?);
    for (_, s, _) in &langs {
        for x in s {
            writeln!(pool, "{x}")?;
        }
    }
    let mut file = None;
    for i in 0..n {
        if i % PER_FILE == 0 {
            let path = out.join(format!("docs-{:04}.jsonl", i / PER_FILE));
            file = Some(std::io::BufWriter::new(std::fs::File::create(path)?));
        }
        let (lang, sents, titles) = &langs[rng.below(langs.len())];
        let k = 3 + rng.below(10);
        let mut body = String::new();
        for j in 0..k {
            if j > 0 {
                body.push_str(if rng.below(4) == 0 { "\n\n" } else { " " });
            }
            body.push_str(&sents[rng.below(sents.len())]);
        }
        let day = rng.below(4 * 365);
        let (y, m, d) = (2022 + day / 365, 1 + (day % 365) / 31 % 12, 1 + day % 28);
        let rec = serde_json::json!({
            "title": titles[rng.below(titles.len())],
            "body": body,
            "published": format!("{y}-{m:02}-{d:02}"),
            "outlet": format!("{lang} outlet {}", rng.below(8) + 1),
            "url": format!("https://gen.example/{lang}/{i}"),
        });
        if let Some(f) = file.as_mut() {
            writeln!(f, "{rec}")?;
        }
    }
    eprintln!(
        "wrote {n} documents in {} languages to {}",
        langs.len(),
        out.display()
    );
    Ok(())
}
