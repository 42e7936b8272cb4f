//! `narrascope narratives`: which narratives the corpus carries, where each was first
//! seen, how it travelled, and candidates no catalog has yet.

mod context;
mod list;
mod promote;
mod show;
pub mod update;

use narrascope_corpus::Store;

use super::OutputFormat;
use crate::Global;
use crate::cmd::vectors::ModelArgs;

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
    #[command(flatten)]
    list: list::ListArgs,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Bring matches, lineage links and discovered narratives up to date, then list them
    /// (what plain `narrascope narratives` does).
    Update(list::ListArgs),
    /// One narrative (catalog or discovered): its documents with evidence, timeline and
    /// lineage.
    Show(show::Args),
    /// Copy a discovered narrative into a user catalog file, where it can be edited.
    Promote(promote::Args),
}

/// Options shared by the subcommands that update.
#[derive(Debug, Clone, clap::Args)]
pub struct UpdateArgs {
    /// List what is stored without updating first (no model needed).
    #[arg(long)]
    pub no_update: bool,
    /// Match every document again, not only those the current catalogs have not seen.
    #[arg(long, conflicts_with = "no_update")]
    pub rematch: bool,
    /// A narrative classifier trained with `narrascope train narratives` (default: the
    /// shipped `models/semeval2025-narratives.json`, when present).
    #[arg(long, value_name = "FILE")]
    pub classifier: Option<std::path::PathBuf>,
    /// Match with the catalogs only, without a trained classifier.
    #[arg(long, conflicts_with = "classifier")]
    pub no_classifier: bool,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub kb: context::KbArgs,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<u8> {
    match args.action {
        None => list::run(g, args.list),
        Some(Action::Update(a)) => list::run(g, a),
        Some(Action::Show(a)) => show::run(g, a),
        Some(Action::Promote(a)) => promote::run(g, a),
    }
}

/// Opens the corpus and brings it up to date unless `--no-update`.
fn open_updated(
    g: &Global,
    u: &UpdateArgs,
) -> anyhow::Result<(Store, context::Context, Option<update::Updated>)> {
    let mut store = Store::open_existing(&g.corpus)?;
    let ctx = u.kb.load(g.quiet)?;
    if u.no_update {
        return Ok((store, ctx, None));
    }
    if u.rematch {
        store.forget_narrative_runs()?;
    }
    let embedder = u.model.load(0, g.quiet)?;
    let bar = crate::progress::counter("documents matched", g.quiet);
    let mut done = update::Updated {
        embedded: update::embed_pending(&mut store, &embedder)?,
        ..Default::default()
    };
    let (matcher, mut fp) = update::matcher(&ctx, &embedder);
    let trained = match u.no_classifier {
        true => None,
        false => update::classifier(u.classifier.as_deref(), &ctx)?,
    };
    if let Some((_, h)) = &trained {
        fp = format!("{fp}-{h}");
    }
    let t = std::time::Instant::now();
    done.matched = update::match_pending(
        &mut store,
        &ctx,
        &matcher,
        trained.as_ref().map(|t| &t.0),
        &fp,
        &bar,
    )?;
    bar.finish_and_clear();
    let t_match = t.elapsed().as_secs_f64();
    let spin = crate::progress::counter("", g.quiet);
    spin.set_style(
        indicatif::ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    spin.enable_steady_tick(std::time::Duration::from_millis(200));
    spin.set_message("linking copies, translations and rewrites");
    let t = std::time::Instant::now();
    done.links = update::relink(&mut store)?;
    let t_links = t.elapsed().as_secs_f64();
    spin.set_message("gathering recurring claims no catalog covers");
    let t = std::time::Instant::now();
    done.discovered = update::rediscover(&mut store, &ctx, &matcher)?;
    let t_disc = t.elapsed().as_secs_f64();
    spin.finish_and_clear();
    if !g.quiet {
        eprintln!(
            "narratives: embedded {} documents, matched {} ({t_match:.2} s), {} lineage links ({t_links:.2} s), {} discovered candidates ({t_disc:.2} s)",
            done.embedded, done.matched, done.links, done.discovered
        );
    }
    Ok((store, ctx, Some(done)))
}

/// Text cut to `n` characters at most, with an ellipsis.
pub(crate) fn clip(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}
