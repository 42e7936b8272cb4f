//! `narrascope search`: full-text, semantic or hybrid search over the corpus, with filters
//! and facet counts. Brings the search indexes up to date first (on a corpus built before
//! search existed, that first run indexes everything, with progress shown).

use anyhow::Context;
use narrascope_core::Format;
use narrascope_corpus::{
    FacetCount, SearchFilter, SearchMode, SearchRequest, SearchResults, Store,
};

use super::OutputFormat;
use crate::Global;

#[derive(clap::Args)]
pub struct Args {
    /// The query. Full text: words (all must match), "quoted phrases", `a OR b`, `-word`
    /// or `NOT word`, `title:word`, `text:word`. Semantic: any text, in any language.
    query: String,
    /// Rank by meaning (embedding similarity) instead of words.
    #[arg(long, conflicts_with = "hybrid")]
    semantic: bool,
    /// Fuse the full-text and semantic rankings (reciprocal rank fusion).
    #[arg(long)]
    hybrid: bool,
    /// Only documents in this language (code, e.g. `fr`).
    #[arg(long)]
    lang: Option<String>,
    /// Only documents dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Only documents dated on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    until: Option<String>,
    /// Only documents from this outlet (exact name).
    #[arg(long)]
    outlet: Option<String>,
    /// Only documents read from this input format (text, html, jsonl, csv, ...).
    #[arg(long, value_name = "FORMAT")]
    source_format: Option<String>,
    /// Only documents mentioning this actor (linked entity id, e.g. `Q2429253`).
    #[arg(long)]
    actor: Option<String>,
    /// Only documents making a claim with this key.
    #[arg(long)]
    claim: Option<String>,
    /// Only documents carrying this narrative.
    #[arg(long)]
    narrative: Option<String>,
    /// Only documents where this persuasion technique was detected.
    #[arg(long)]
    technique: Option<String>,
    /// Hits to print.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Semantic and hybrid: nearest documents forming the result set that facets count.
    #[arg(long, default_value_t = 1000)]
    pool: usize,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
    #[command(flatten)]
    model: super::vectors::ModelArgs,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<u8> {
    let mut store = Store::open_existing(&g.corpus)?;
    sync(&mut store, g.quiet)?;
    let mode = match (args.semantic, args.hybrid) {
        (true, _) => SearchMode::Semantic,
        (_, true) => SearchMode::Hybrid,
        _ => SearchMode::FullText,
    };
    let format = match &args.source_format {
        Some(f) => {
            Some(Format::parse(f).with_context(|| format!("unknown --source-format '{f}'"))?)
        }
        None => None,
    };
    let vector = match mode {
        SearchMode::FullText => None,
        _ => {
            if !g.quiet && store.ann_stats()?.is_none_or(|s| s.vectors == 0) {
                eprintln!(
                    "search: no document vectors in this corpus yet; run `narrascope vectors` (or ingest with --embed) for semantic search"
                );
            }
            let e = args.model.load(0, g.quiet)?;
            e.embed(&[args.query.as_str()]).into_iter().next()
        }
    };
    let req = SearchRequest {
        query: args.query.clone(),
        mode,
        filter: SearchFilter {
            lang: args.lang,
            since: args.since,
            until: args.until,
            outlet: args.outlet,
            format,
            actor: args.actor,
            claim: args.claim,
            narrative: args.narrative,
            technique: args.technique,
        },
        limit: args.limit,
        pool: args.pool,
        ..SearchRequest::default()
    };
    // one search: reading SQLite per match is cheaper than loading the table for it
    store.keep_search_table(false);
    let results = store.search(&req, vector.as_ref().map(|v| v.as_slice()))?;
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&results)?),
        OutputFormat::Text => print_text(&args.query, &results),
    }
    Ok(crate::EXIT_OK)
}

/// Indexes what is not yet searchable, announcing and showing progress when there is work
/// (also run at the end of `ingest --embed` and `vectors`).
pub(crate) fn sync(store: &mut Store, quiet: bool) -> anyhow::Result<()> {
    let pending = store.search_fts_pending()?;
    let vectors = store.search_ann_pending()?;
    if !quiet && pending > 1000 {
        eprintln!("search: indexing {pending} documents for full-text search");
    }
    if !quiet && vectors > 1000 {
        eprintln!("search: adding {vectors} document vectors to the semantic index");
    }
    let bar = crate::progress::counter("documents indexed", quiet || pending < 1000);
    let report = store.sync_search(&mut |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    if !quiet && report.retrained && report.vectors > 1000 {
        eprintln!(
            "search: semantic index written anew with {} vectors",
            report.vectors
        );
    }
    Ok(())
}

/// `text` with the `spans` (byte ranges) wrapped in « ».
fn marked(text: &str, spans: &[narrascope_core::Span]) -> String {
    let mut out = String::with_capacity(text.len() + 8 * spans.len());
    let mut at = 0;
    for s in spans {
        if s.start < at
            || s.end > text.len()
            || !text.is_char_boundary(s.start)
            || !text.is_char_boundary(s.end)
        {
            continue;
        }
        out.push_str(&text[at..s.start]);
        out.push('«');
        out.push_str(&text[s.start..s.end]);
        out.push('»');
        at = s.end;
    }
    out.push_str(&text[at..]);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn facet_line(name: &str, f: &[FacetCount]) {
    if f.is_empty() {
        return;
    }
    let v: Vec<String> = f
        .iter()
        .map(|c| format!("{} {}", c.value, c.count))
        .collect();
    println!("  {name:<10} {}", v.join(", "));
}

fn print_text(query: &str, r: &SearchResults) {
    let mode = match r.mode {
        SearchMode::FullText => "full text",
        SearchMode::Semantic => "semantic",
        SearchMode::Hybrid => "hybrid",
    };
    println!("{} documents for \"{query}\" ({mode})", r.total);
    for (i, h) in r.hits.iter().enumerate() {
        let meta: Vec<&str> = [&h.outlet, &h.date, &h.lang]
            .into_iter()
            .filter_map(|x| x.as_deref())
            .collect();
        println!(
            "\n{:>3}. {}  [{}]  {:.3}  {}",
            i + 1,
            h.title.as_deref().unwrap_or("(untitled)"),
            meta.join(", "),
            h.score,
            h.id
        );
        println!("     {}", marked(&h.snippet, &h.highlights));
    }
    let f = &r.facets;
    println!("\nfacets:");
    for (name, v) in [
        ("language", &f.lang),
        ("outlet", &f.outlet),
        ("format", &f.format),
        ("year", &f.year),
        ("actor", &f.actor),
        ("claim", &f.claim),
        ("narrative", &f.narrative),
        ("technique", &f.technique),
    ] {
        facet_line(name, v);
    }
}
