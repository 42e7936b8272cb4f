//! Linking throughput and knowledge-base load time:
//! `cargo run --release -p narrascope-actors --example bench_link [SEEDS_DIR]`.
//! Without a folder (or when it is missing) a synthetic multilingual text is used.

use std::time::Instant;

use narrascope_actors::Linker;
use narrascope_core::{Document, Format, Metadata, RawDocument, SourceRef};
use narrascope_kb::{Kb, fold, shipped_files};

/// Nanoseconds this thread has run on a CPU (Linux), so that waiting for a core shared with
/// other work does not count; `None` elsewhere.
fn cpu_ns() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn corpus(dir: Option<String>) -> (String, &'static str) {
    if let Some(d) = dir
        && let Ok(entries) = std::fs::read_dir(&d)
    {
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let text: String = paths
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect::<Vec<_>>()
            .join("\n");
        if !text.is_empty() {
            return (text, "seed articles");
        }
    }
    let s = "Les forces américaines et l'EI se sont affrontés près de Deir ez-Zor, selon Al-Mayadeen. \
             The Pentagon said US strikes hit Kataib Hezbollah sites in Iraq's Anbar province. \
             Представитель МИД России заявил, что американские военные поддерживают ИГИЛ в Сирии. \
             قال مسؤولون في بغداد إن داعش استغل الضربات الأمريكية. ";
    (s.to_string(), "synthetic en/fr/ru/ar text")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut parse = Vec::new();
    let mut build = Vec::new();
    let mut kb = None;
    let mut linker = None;
    for _ in 0..7 {
        let t = Instant::now();
        let k = Kb::from_layers(&[shipped_files()])?.0;
        parse.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let l = Linker::new(&k)?;
        build.push(t.elapsed().as_secs_f64() * 1e3);
        kb = Some(k);
        linker = Some(l);
    }
    let (Some(kb), Some(linker)) = (kb, linker) else {
        return Ok(());
    };
    println!(
        "KB: {} entities, {} searchable forms; parse+merge+validate {:.1} ms, automata {:.1} ms, total {:.1} ms (median of 7)",
        kb.len(),
        linker.form_count(),
        median(parse.clone()),
        median(build.clone()),
        median(parse) + median(build)
    );
    let (unit, what) = corpus(std::env::args().nth(1));
    let mut text = String::new();
    while text.len() < 8_000_000 {
        text.push_str(&unit);
        text.push('\n');
    }
    let mb = text.len() as f64 / 1e6;
    let doc = Document::from_raw(RawDocument {
        source: SourceRef {
            path: "bench".into(),
            locator: None,
            format: Format::Text,
        },
        text: text.clone(),
        meta: Metadata::default(),
    });
    let mut fold_t = Vec::new();
    let mut link_t = Vec::new();
    let mut link_cpu = Vec::new();
    let mut n = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let f = fold(&text, false);
        fold_t.push(t.elapsed().as_secs_f64());
        std::hint::black_box(f);
        let t = Instant::now();
        let c = cpu_ns();
        let m = linker.link(&doc);
        link_t.push(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (c, cpu_ns()) {
            link_cpu.push((b - a) / 1e9);
        }
        n = m.len();
    }
    let n_runs = link_t.len();
    let (f, l) = (median(fold_t), median(link_t));
    println!(
        "linking {what}, {mb:.1} MB, one thread: {:.1} MB/s ({n} mentions); folding alone {:.1} MB/s (link/fold time ratio {:.2})",
        mb / l,
        mb / f,
        l / f
    );
    if link_cpu.len() == n_runs {
        println!(
            "linking per CPU-second (time on a core only): {:.1} MB/s",
            mb / median(link_cpu)
        );
    }
    Ok(())
}
