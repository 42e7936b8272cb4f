//! Rhetoric and provenance over the corpus: persuasion techniques, how actors are framed,
//! cited sources, translation and scraping traces, genre. The detectors run at ingest
//! (cues only, or everything with `--embed`) and again, before listing, over documents
//! whose stored results came from other detectors or from before their vectors existed.

pub mod cited;
pub mod techniques;

use narrascope_core::{Analysis, DocId};
use narrascope_corpus::{Rhetoric, Store, VectorSet, rhetoric_detector};
use narrascope_embed::Vector;
use narrascope_framing::RoleModel;
use narrascope_provenance::{GenreModel, SourceFinder, TraceFinder};
use narrascope_rhetoric::TechniqueDetector;

use crate::Global;
use crate::cmd::narratives::update::decoded;

/// Documents analysed per transaction.
const BATCH: usize = 256;

/// Options of the commands that bring rhetoric up to date before listing.
#[derive(Debug, Clone, clap::Args)]
pub struct UpdateArgs {
    /// List what is stored; do not run the detectors over new or changed documents.
    #[arg(long)]
    pub no_update: bool,
    /// Run the detectors over every document again.
    #[arg(long, conflicts_with = "no_update")]
    pub redo: bool,
}

/// The detectors, loaded once.
pub struct Detectors {
    techniques: TechniqueDetector,
    roles: RoleModel,
    sources: SourceFinder,
    traces: TraceFinder,
    genre: GenreModel,
    /// A fingerprint of every model and cue file, recorded with each document's results.
    pub name: String,
}

impl Detectors {
    /// The shipped detectors over the shipped knowledge base.
    pub fn shipped() -> anyhow::Result<Detectors> {
        let kb = narrascope_kb::Kb::shipped()
            .map_err(|e| anyhow::anyhow!("loading the shipped knowledge base: {e}"))?;
        let err = |what: &str, e: &dyn std::fmt::Display| anyhow::anyhow!("loading {what}: {e}");
        let techniques =
            TechniqueDetector::shipped().map_err(|e| err("the technique detector", &e))?;
        let roles = RoleModel::shipped().map_err(|e| err("the role model", &e))?;
        let sources = SourceFinder::shipped(&kb).map_err(|e| err("the citation cues", &e))?;
        let traces = TraceFinder::shipped().map_err(|e| err("the trace lexicon", &e))?;
        let genre = GenreModel::shipped().map_err(|e| err("the genre model", &e))?;
        // what the results depend on: models, cue files and word lists
        let files: Vec<&str> = narrascope_provenance::SHIPPED_CUES
            .iter()
            .chain(narrascope_provenance::SHIPPED_LEXICON)
            .flat_map(|(n, t)| [*n, *t])
            .collect();
        let parts = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}",
            techniques.fingerprint(),
            serde_json::to_string(&roles)?,
            serde_json::to_string(&genre)?,
            files.join("\u{1f}")
        );
        let name = format!(
            "rhetoric-{:016x}",
            narrascope_narratives::fnv::fnv1a(parts.as_bytes())
        );
        Ok(Detectors {
            techniques,
            roles,
            sources,
            traces,
            genre,
            name,
        })
    }

    /// Runs every detector over `a` (whose mentions and claims are filled) with its sentence
    /// vectors and document vector when it has them, and fills the analysis in place.
    pub fn run(&self, a: &mut Analysis, sentences: Option<&[Vector]>, document: Option<&Vector>) {
        let sentences = sentences.filter(|v| v.len() == a.doc.sentences.len());
        a.techniques = self.techniques.detect(a, sentences);
        a.sources = self.sources.find(a);
        a.framings = self.roles.frame(a, sentences);
        let mut p = self.traces.find(a);
        if let Some(v) = document {
            let lang = a.doc.lang.as_ref().map_or("", |l| l.code.as_str());
            p.genre = Some(self.genre.predict(v, &a.doc.text, lang));
        }
        a.provenance = Some(p);
    }

    /// The detector name to record for a document analysed with or without vectors.
    pub fn recorded(&self, with_vectors: bool) -> String {
        rhetoric_detector(&self.name, with_vectors)
    }
}

/// The results of `a` as stored.
pub fn rhetoric_of(a: &Analysis) -> Rhetoric {
    Rhetoric {
        techniques: a.techniques.clone(),
        framings: a.framings.clone(),
        sources: a.sources.clone(),
        provenance: a.provenance.clone(),
    }
}

/// Sentence and document vectors decoded from a stored set (L2-normalised).
pub fn decode_set(set: &VectorSet) -> (Vec<Vector>, Option<Vector>) {
    let fixed = |v: Vec<f32>| -> Option<Vector> { v.try_into().ok() };
    let sentences = set
        .sentences
        .iter()
        .filter_map(|b| decoded(b).and_then(fixed))
        .collect();
    (
        sentences,
        set.document.as_deref().and_then(decoded).and_then(fixed),
    )
}

/// Opens the corpus and, unless told not to, runs the detectors over what needs them.
pub fn open_updated(g: &Global, u: &UpdateArgs) -> anyhow::Result<Store> {
    let mut store = Store::open_existing(&g.corpus)?;
    if u.no_update {
        return Ok(store);
    }
    if u.redo {
        store.forget_rhetoric_runs()?;
    }
    let detectors = Detectors::shipped()?;
    let t = std::time::Instant::now();
    let n = update(&mut store, &detectors, g.quiet)?;
    if !g.quiet && n > 0 {
        eprintln!(
            "rhetoric: analysed {n} documents ({:.2} s)",
            t.elapsed().as_secs_f64()
        );
    }
    Ok(store)
}

/// A stored document ready for the detectors.
type Work = (DocId, Analysis, Vec<Vector>, Option<Vector>);

/// Runs the detectors over every document whose stored results are out of date; returns
/// how many it analysed.
pub fn update(store: &mut Store, d: &Detectors, quiet: bool) -> anyhow::Result<u64> {
    let bar = crate::progress::counter("documents analysed for rhetoric", quiet);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut after: Option<String> = None;
    let mut done = 0u64;
    loop {
        let ids = store.documents_without_rhetoric(&d.name, after.as_deref(), BATCH as u64)?;
        let Some(last) = ids.last() else { break };
        after = Some(last.0.clone());
        let mut work: Vec<Work> = Vec::with_capacity(ids.len());
        for id in &ids {
            let Some(s) = store.get(id)? else { continue };
            let (sentences, document) = match store.vectors_of(id)? {
                Some(set) => decode_set(&set),
                None => (Vec::new(), None),
            };
            let mut a = Analysis::of(s.doc);
            a.mentions = s.mentions;
            a.claims = s.claims;
            work.push((id.clone(), a, sentences, document));
        }
        let per = work.len().div_ceil(threads).max(1);
        std::thread::scope(|sc| {
            for part in work.chunks_mut(per) {
                sc.spawn(move || {
                    for (_, a, s, doc) in part.iter_mut() {
                        let v = (!s.is_empty()).then_some(s.as_slice());
                        d.run(a, v, doc.as_ref());
                    }
                });
            }
        });
        store.in_transaction(|t| {
            for (id, a, s, doc) in &work {
                let with_vectors = !s.is_empty() || doc.is_some();
                t.put_rhetoric(id, &d.recorded(with_vectors), &rhetoric_of(a))?;
            }
            Ok(())
        })?;
        done += work.len() as u64;
        bar.inc(work.len() as u64);
    }
    bar.finish_and_clear();
    Ok(done)
}
