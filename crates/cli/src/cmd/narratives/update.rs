//! `narrascope narratives update` (also run before listing): embeds documents that have no
//! vectors, matches documents against the catalogs, recomputes lineage links and
//! discovered narratives.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use narrascope_core::{Analysis, DocId};
use narrascope_corpus::{DiscoveredNarrative, Store, StoredLink};
use narrascope_embed::quant::{STORAGE_MODEL, decode};
use narrascope_embed::{Embedder, install::default_model_dir};
use narrascope_kb::narratives::NarrativeDef;
use narrascope_lineage::MinHasher;
use narrascope_narratives::classifier::{Classifier, DocInput, DocVectors};
use narrascope_narratives::discovery::{self, ClaimRef, DocInfo};
use narrascope_narratives::exemplars::{ExemplarIndex, normalise};
use narrascope_narratives::fnv::{fnv1a, fnv1a_from};
use narrascope_narratives::matcher::{MatchConfig, Matcher};
use narrascope_narratives::travel::{self, TravelDoc};

use super::context::Context;

/// Documents matched per transaction.
const BATCH: usize = 256;

/// What an update did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Updated {
    pub embedded: u64,
    pub matched: u64,
    pub links: usize,
    pub discovered: usize,
}

/// A trained classifier and, per label it predicts, the catalog narrative carrying it.
pub struct Trained {
    pub classifier: Classifier,
    pub ids: HashMap<String, String>,
}

/// The classifier file: `path` when given, else the shipped `models/semeval2025-narratives.json`
/// (beside the executable, in the current directory, or in the source tree), if any.
pub fn classifier(path: Option<&Path>, ctx: &Context) -> anyhow::Result<Option<(Trained, String)>> {
    const SHIPPED: &str = "models/semeval2025-narratives.json";
    let found: Option<PathBuf> = match path {
        Some(p) => Some(p.to_path_buf()),
        None => std::env::current_exe()
            .ok()
            .and_then(|e| e.parent().map(|d| d.join(SHIPPED)))
            .into_iter()
            .chain([
                PathBuf::from(SHIPPED),
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../..")
                    .join(SHIPPED),
            ])
            .find(|p| p.is_file()),
    };
    let Some(file) = found else { return Ok(None) };
    let bytes = std::fs::read(&file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let classifier = Classifier::load(&file)?;
    let ids = classifier
        .labels
        .iter()
        .filter_map(|l| Some((l.label.clone(), ctx.catalogs.by_label(&l.label)?.id.clone())))
        .collect();
    let h = fnv1a(&bytes);
    Ok(Some((Trained { classifier, ids }, format!("c{h:016x}"))))
}

/// The catalog narratives the classifier predicts for a document.
pub fn predicted(
    t: &Trained,
    a: &Analysis,
    vectors: &[Vec<f32>],
    document: Option<&Vec<f32>>,
) -> Vec<(String, f32)> {
    let to_arr =
        |v: &Vec<f32>| -> Option<narrascope_embed::Vector> { v.as_slice().try_into().ok() };
    let dv = DocVectors {
        sentences: vectors.iter().filter_map(to_arr).collect(),
        document: document.and_then(to_arr),
    };
    if dv.sentences.is_empty() {
        return Vec::new();
    }
    let lang = a.doc.lang.as_ref().map_or("", |l| l.code.as_str());
    let input = DocInput {
        vectors: &dv,
        lang,
        exemplar_sims: None,
    };
    t.classifier
        .predict(&input)
        .into_iter()
        .filter_map(|(label, p)| Some((t.ids.get(&label)?.clone(), p)))
        .collect()
}

/// The matcher for the loaded catalogs, with exemplar vectors cached beside the model.
pub fn matcher(ctx: &Context, embedder: &Embedder) -> (Matcher, String) {
    let defs: Vec<NarrativeDef> = ctx.catalogs.iter().cloned().collect();
    let refs: Vec<&NarrativeDef> = defs.iter().collect();
    let cache: Option<PathBuf> = default_model_dir()
        .ok()
        .and_then(|d| d.parent().map(|p| p.join("exemplars.bin")));
    let index = ExemplarIndex::build(&refs, embedder, STORAGE_MODEL, cache.as_deref());
    let config = MatchConfig::default();
    let fp = matcher_fingerprint(&defs, &index, &config);
    let midpoints: Vec<Option<f32>> = ctx.catalogs.catalogs.iter().map(|c| c.midpoint).collect();
    let fp = format!("{fp}-{midpoints:?}");
    (
        Matcher::new(defs, index, config).with_catalog_midpoints(&ctx.catalogs),
        fp,
    )
}

fn matcher_fingerprint(defs: &[NarrativeDef], index: &ExemplarIndex, c: &MatchConfig) -> String {
    let ex = narrascope_narratives::exemplars::fingerprint(&index.exemplars, STORAGE_MODEL);
    let rest = serde_json::to_string(&(defs, format!("{c:?}"))).unwrap_or_default();
    format!("m1-{:016x}", fnv1a_from(ex, rest.as_bytes()))
}

/// A document's sentence vectors and its document vector.
pub type StoredVectors = (Vec<Vec<f32>>, Option<Vec<f32>>);

/// A document ready to match: id, analysis, sentence and document vectors.
type Work = (DocId, Analysis, Vec<Vec<f32>>, Option<Vec<f32>>);

/// A stored vector decoded and L2-normalised.
pub(crate) fn decoded(b: &[u8]) -> Option<Vec<f32>> {
    decode(b).map(|v| {
        let mut v = v.to_vec();
        normalise(&mut v);
        v
    })
}

/// The L2-normalised document vector stored for a document, if any (sentence vectors are
/// left encoded).
fn document_vector(store: &Store, id: &DocId) -> anyhow::Result<Option<Vec<f32>>> {
    Ok(store
        .vectors_of(id)?
        .and_then(|set| set.document.as_deref().and_then(decoded)))
}

/// The L2-normalised sentence vectors stored for a document (empty when none).
pub fn sentence_vectors(store: &Store, id: &DocId) -> anyhow::Result<StoredVectors> {
    let Some(set) = store.vectors_of(id)? else {
        return Ok((Vec::new(), None));
    };
    let sentences = set.sentences.iter().filter_map(|b| decoded(b)).collect();
    Ok((sentences, set.document.as_deref().and_then(decoded)))
}

/// Matches every document the current matcher has not seen.
pub fn match_pending(
    store: &mut Store,
    ctx: &Context,
    matcher: &Matcher,
    trained: Option<&Trained>,
    fingerprint: &str,
    bar: &indicatif::ProgressBar,
) -> anyhow::Result<u64> {
    let pending = store.documents_unmatched(fingerprint, u64::MAX)?;
    bar.set_length(pending.len() as u64);
    let mut done = 0;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    for chunk in pending.chunks(BATCH) {
        // reads stay on this thread (one connection); matching runs on every core
        let mut work: Vec<Work> = Vec::with_capacity(chunk.len());
        for id in chunk {
            let Some(s) = store.get(id)? else { continue };
            let (vectors, document) = sentence_vectors(store, id)?;
            let mut a = Analysis::of(s.doc);
            a.mentions = s.mentions;
            a.claims = s.claims;
            work.push((id.clone(), a, vectors, document));
        }
        let per = work.len().div_ceil(threads).max(1);
        let results: Vec<(DocId, Vec<narrascope_core::NarrativeMatch>)> =
            std::thread::scope(|sc| {
                let handles: Vec<_> = work
                    .chunks(per)
                    .map(|part| {
                        sc.spawn(move || {
                            part.iter()
                                .map(|(id, a, v, d)| {
                                    let rows: Vec<&[f32]> = v.iter().map(Vec::as_slice).collect();
                                    let extra = trained
                                        .map(|t| predicted(t, a, v, d.as_ref()))
                                        .unwrap_or_default();
                                    (id.clone(), matcher.match_with(a, &rows, &ctx.kb, &extra))
                                })
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|h| h.join().unwrap_or_default())
                    .collect()
            });
        store.in_transaction(|t| {
            results
                .iter()
                .try_for_each(|(id, m)| t.put_narratives(id, fingerprint, m))
        })?;
        done += results.len() as u64;
        bar.inc(chunk.len() as u64);
    }
    Ok(done)
}

/// Recomputes lineage links over the whole corpus; documents of one narrative are
/// compared by meaning (every pair in a small corpus).
pub fn relink(store: &mut Store) -> anyhow::Result<usize> {
    let hasher = MinHasher::default();
    let mut ids: Vec<String> = Vec::new();
    let mut docs: Vec<TravelDoc> = Vec::new();
    store.for_each_text(|d| {
        let (sig, hash) = travel::fingerprint_text(&hasher, &d.text);
        ids.push(d.id);
        docs.push(TravelDoc {
            lang: d.lang,
            published: d.date.as_deref().and_then(travel::parse_time),
            signature: Some(sig),
            text_hash: hash,
            doc_vector: None,
        });
    })?;
    for (i, id) in ids.iter().enumerate() {
        docs[i].doc_vector = document_vector(store, &DocId(id.clone()))?;
    }
    let groups = match docs.len() <= 3000 {
        true => None,
        false => Some(narrative_groups(store, &ids)?),
    };
    let found = {
        let s: &Store = store;
        travel::links(&docs, groups.as_deref(), |i| {
            sentence_vectors(s, &DocId(ids[i].clone()))
                .map(|v| v.0)
                .unwrap_or_default()
        })
    };
    let stored: Vec<StoredLink> = found
        .iter()
        .map(|l| StoredLink {
            source: ids[l.link.from as usize].clone(),
            target: ids[l.link.to as usize].clone(),
            kind: l.link.kind.as_str().to_string(),
            jaccard: Some(l.jaccard),
            alignment: l.alignment,
            lag_seconds: l.link.lag_seconds,
        })
        .collect();
    store.in_transaction(|t| t.replace_links(&stored))?;
    Ok(stored.len())
}

/// Document indexes per narrative, the earliest 500 of each.
fn narrative_groups(store: &Store, ids: &[String]) -> anyhow::Result<Vec<Vec<usize>>> {
    let pos: std::collections::HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    let mut out = Vec::new();
    for c in store.narrative_counts()? {
        let docs = store.narrative_documents(&c.narrative)?;
        out.push(
            docs.iter()
                .take(500)
                .filter_map(|d| pos.get(d.doc_id.as_str()).copied())
                .collect(),
        );
    }
    Ok(out)
}

/// Recomputes discovered narratives from the stored claims.
pub fn rediscover(store: &mut Store, ctx: &Context, matcher: &Matcher) -> anyhow::Result<usize> {
    let mut docs: Vec<DocInfo> = Vec::new();
    store.for_each_text(|d| {
        docs.push(DocInfo {
            id: d.id,
            lang: d.lang,
            outlet: d.outlet,
            date: d.date,
        })
    })?;
    let mut claims: Vec<ClaimRef> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let id = DocId(d.id.clone());
        let Some(s) = store.get(&id)? else { continue };
        if s.claims.is_empty() {
            continue;
        }
        let (vectors, _) = sentence_vectors(store, &id)?;
        let mut a = Analysis::of(s.doc);
        a.claims = s.claims;
        let covered: Vec<usize> = matcher.covered_claims(&a, &ctx.kb);
        for (ci, c) in a.claims.iter().enumerate() {
            claims.push(ClaimRef {
                doc: i,
                key: c.key.clone(),
                negated: c.polarity == narrascope_core::Polarity::Negated,
                sentence: a.doc.sentence_text(c.sentence).to_string(),
                vector: vectors.get(c.sentence).cloned(),
                covered: covered.contains(&ci),
            });
        }
    }
    let found = discovery::discover(&docs, &claims, Default::default());
    let label = |id: &str| {
        ctx.kb
            .get(id)
            .map(|e| e.label.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let items: Vec<DiscoveredNarrative> = found
        .into_iter()
        .map(|c| {
            let mut p = c.key.split(' ');
            let (s, r, o) = (
                p.next().unwrap_or(""),
                p.next().unwrap_or(""),
                p.next().unwrap_or(""),
            );
            let not = if c.negated { "not " } else { "" };
            DiscoveredNarrative {
                id: c.id.clone(),
                label: format!("{} {not}{r} {}", label(s), label(o)),
                documents: c.documents.len() as u64,
                data: serde_json::to_value(&c).unwrap_or_default(),
            }
        })
        .collect();
    store.in_transaction(|t| t.replace_discovered(&items))?;
    Ok(items.len())
}

/// Embeds stored documents that have sentences and no vectors.
pub fn embed_pending(store: &mut Store, embedder: &Embedder) -> anyhow::Result<u64> {
    let pending = store.documents_without_vectors(STORAGE_MODEL, u64::MAX)?;
    let mut n = 0;
    for chunk in pending.chunks(64) {
        let mut docs = Vec::new();
        for id in chunk {
            if let Some(s) = store.get(id)? {
                docs.push(s.doc);
            }
        }
        let refs: Vec<&narrascope_core::Document> = docs.iter().collect();
        let sets = crate::cmd::vectors::embed_documents(embedder, &refs);
        store.in_transaction(|t| {
            docs.iter()
                .zip(&sets)
                .try_for_each(|(d, s)| t.put_vectors(&d.id, s))
        })?;
        n += docs.len() as u64;
    }
    Ok(n)
}
