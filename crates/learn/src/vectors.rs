//! Sentence vectors of documents, with an on-disk cache.
//!
//! A document is segmented by the foundation pipeline (normalise, sentences), its sentences
//! are embedded, and the pooled document vector is kept too. Embedding a benchmark takes
//! minutes, so each document's vectors are cached in one small file (int8 encoded, see
//! `narrascope_embed::quant`) keyed by document id, a hash of its text and the model name.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use narrascope_core::{Format, Metadata, RawDocument, SourceRef};
use narrascope_embed::quant::{ENCODED_LEN, STORAGE_MODEL, decode, encode};
use narrascope_embed::{Embedder, Vector};

use crate::fnv::fnv1a;

/// Bumped whenever segmentation or the file layout changes, so old cache files are not used.
const CACHE_VERSION: u32 = 1;
const MAGIC: &[u8; 4] = b"NSFV";

/// One document's sentence vectors and pooled document vector.
#[derive(Debug, Clone, PartialEq)]
pub struct DocVectors {
    pub sentences: Vec<Vector>,
    pub document: Option<Vector>,
}

/// The sentences of `text` as the foundation pipeline segments them (one per
/// `Document::sentences` entry, so vectors line up with an analysis of the same text).
/// `name` names the document in errors.
pub fn sentences_of(name: &str, text: &str) -> Result<Vec<String>, String> {
    let raw = RawDocument {
        source: SourceRef {
            path: name.to_string(),
            locator: None,
            format: Format::Text,
        },
        text: text.to_string(),
        meta: Metadata::default(),
    };
    let a = narrascope_analyze::analyze(raw).map_err(|e| format!("{name}: {e}"))?;
    Ok((0..a.doc.sentences.len())
        .map(|i| a.doc.sentence_text(i).to_string())
        .collect())
}

/// A folder of cached document vectors.
#[derive(Debug, Clone)]
pub struct VectorCache {
    dir: PathBuf,
}

impl VectorCache {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        VectorCache { dir: dir.into() }
    }

    /// `$XDG_CACHE_HOME/narrascope/features`, else `~/.cache/narrascope/features`.
    pub fn default_dir() -> Option<PathBuf> {
        let nonempty = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let cache =
            nonempty("XDG_CACHE_HOME").or_else(|| nonempty("HOME").map(|h| h.join(".cache")))?;
        Some(cache.join("narrascope/features"))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn key(id: &str, text: &str) -> u64 {
        fnv1a(format!("{CACHE_VERSION}\u{1f}{STORAGE_MODEL}\u{1f}{id}\u{1f}{text}").as_bytes())
    }

    fn path(&self, id: &str, text: &str) -> PathBuf {
        let safe: String = id
            .chars()
            .take(64)
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        self.dir
            .join(format!("{safe}-{:016x}.vec", Self::key(id, text)))
    }

    /// The cached vectors of a document, if a valid entry exists.
    pub fn get(&self, id: &str, text: &str) -> Option<DocVectors> {
        let bytes = fs::read(self.path(id, text)).ok()?;
        parse(&bytes, Self::key(id, text))
    }

    /// Stores a document's vectors (written to a temporary file, then renamed).
    pub fn put(&self, id: &str, text: &str, v: &DocVectors) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let key = Self::key(id, text);
        let mut out = Vec::with_capacity(24 + (v.sentences.len() + 1) * ENCODED_LEN);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&key.to_le_bytes());
        out.extend_from_slice(&(v.sentences.len() as u32).to_le_bytes());
        for s in &v.sentences {
            out.extend_from_slice(&encode(s));
        }
        match &v.document {
            Some(d) => {
                out.push(1);
                out.extend_from_slice(&encode(d));
            }
            None => out.push(0),
        }
        let path = self.path(id, text);
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        fs::write(&tmp, &out)?;
        fs::rename(&tmp, &path)
    }
}

fn parse(b: &[u8], key: u64) -> Option<DocVectors> {
    if b.get(..4)? != MAGIC || u64::from_le_bytes(b.get(4..12)?.try_into().ok()?) != key {
        return None;
    }
    let n = u32::from_le_bytes(b.get(12..16)?.try_into().ok()?) as usize;
    let mut at = 16;
    let mut sentences = Vec::with_capacity(n.min(100_000));
    for _ in 0..n {
        sentences.push(decode(b.get(at..at + ENCODED_LEN)?)?);
        at += ENCODED_LEN;
    }
    let document = match *b.get(at)? {
        0 if b.len() == at + 1 => None,
        1 if b.len() == at + 1 + ENCODED_LEN => Some(decode(&b[at + 1..])?),
        _ => return None,
    };
    Some(DocVectors {
        sentences,
        document,
    })
}

/// Documents embedded per batch.
const BATCH: usize = 8;

/// Vectors of every `(id, text)` document, from the cache where present; new ones are
/// embedded in batches and written to the cache. `progress` is told after each document.
pub fn embed_all(
    embedder: &Embedder,
    docs: &[(&str, &str)],
    cache: Option<&VectorCache>,
    progress: &mut dyn FnMut(usize),
) -> Result<Vec<DocVectors>, String> {
    let mut out: Vec<Option<DocVectors>> = docs
        .iter()
        .map(|(id, text)| cache.and_then(|c| c.get(id, text)))
        .collect();
    let hits = out.iter().filter(|o| o.is_some()).count();
    progress(hits);
    let todo: Vec<usize> = (0..docs.len()).filter(|&i| out[i].is_none()).collect();
    for chunk in todo.chunks(BATCH) {
        let sentences = chunk
            .iter()
            .map(|&i| sentences_of(docs[i].0, docs[i].1))
            .collect::<Result<Vec<_>, _>>()?;
        let refs: Vec<Vec<&str>> = sentences
            .iter()
            .map(|s| s.iter().map(String::as_str).collect())
            .collect();
        for (&i, v) in chunk.iter().zip(embedder.embed_documents(&refs)) {
            let v = DocVectors {
                sentences: v.sentences,
                document: v.document,
            };
            if let Some(c) = cache {
                c.put(docs[i].0, docs[i].1, &v)
                    .map_err(|e| format!("{}: {e}", c.dir().display()))?;
            }
            out[i] = Some(v);
        }
        progress(chunk.len());
    }
    Ok(out
        .into_iter()
        .map(|o| {
            o.unwrap_or(DocVectors {
                sentences: Vec::new(),
                document: None,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(i: usize) -> Vector {
        let mut v = [0.0; 512];
        v[i] = 1.0;
        v
    }

    #[test]
    fn cache_round_trip_and_keying() {
        let dir = std::env::temp_dir().join(format!("ns-vec-cache-{}", std::process::id()));
        let c = VectorCache::new(&dir);
        let v = DocVectors {
            sentences: vec![unit(0), unit(3)],
            document: Some(unit(1)),
        };
        assert!(c.get("EN_1.txt", "Hello.").is_none());
        c.put("EN_1.txt", "Hello.", &v).unwrap();
        let back = c.get("EN_1.txt", "Hello.").unwrap();
        assert_eq!(back.sentences.len(), 2);
        assert!((back.sentences[1][3] - 1.0).abs() < 1e-6);
        assert!((back.document.unwrap()[1] - 1.0).abs() < 1e-6);
        // Another text under the same id is a miss.
        assert!(c.get("EN_1.txt", "Hello again.").is_none());
        let empty = DocVectors {
            sentences: vec![],
            document: None,
        };
        c.put("x/y", "", &empty).unwrap();
        assert_eq!(c.get("x/y", ""), Some(empty));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn truncated_entries_are_rejected() {
        let key = 7u64;
        let mut b = MAGIC.to_vec();
        b.extend_from_slice(&key.to_le_bytes());
        b.extend_from_slice(&1u32.to_le_bytes());
        b.extend_from_slice(&encode(&unit(2)));
        b.push(0);
        assert!(parse(&b, key).is_some());
        assert!(parse(&b, key + 1).is_none());
        assert!(parse(&b[..b.len() - 2], key).is_none());
        assert!(parse(&[], key).is_none());
    }

    #[test]
    fn segments_with_the_foundation_pipeline() {
        let s = sentences_of("t", "The first sentence is here. The second one follows.").unwrap();
        assert_eq!(s.len(), 2);
    }
}
