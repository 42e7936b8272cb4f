//! Exemplar statements of catalog narratives, embedded once and cached.
//!
//! The cache file is a fingerprint of the exemplar texts and the model, then the vectors as
//! little-endian f32: a catalog edit or a model change gives a new fingerprint, and the
//! statements are embedded again.

use std::path::Path;

use narrascope_embed::Embedder;
use narrascope_kb::narratives::NarrativeDef;

use crate::fnv::{fnv1a, fnv1a_from};

/// Vector width of the embedding model.
pub const DIM: usize = 512;

const MAGIC: &[u8; 8] = b"NSEXEMP1";

/// One exemplar: which narrative (index into the list it was built from) and which statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exemplar {
    pub narrative: usize,
    /// `lang:index` within the narrative's exemplars.
    pub key: String,
    pub text: String,
}

/// Embedded exemplars of a list of narratives.
#[derive(Debug, Clone, Default)]
pub struct ExemplarIndex {
    pub exemplars: Vec<Exemplar>,
    /// `exemplars.len() × DIM`, L2-normalised rows.
    pub vectors: Vec<f32>,
}

/// Every exemplar statement of `defs`, in a fixed order.
pub fn exemplars_of(defs: &[&NarrativeDef]) -> Vec<Exemplar> {
    let mut out = Vec::new();
    for (i, d) in defs.iter().enumerate() {
        for (lang, texts) in &d.exemplars {
            for (j, t) in texts.iter().enumerate() {
                out.push(Exemplar {
                    narrative: i,
                    key: format!("{lang}:{j}"),
                    text: t.clone(),
                });
            }
        }
    }
    out
}

/// FNV-1a over the narrative ids, exemplar texts and the model name: stable across runs
/// and platforms.
pub fn fingerprint(exemplars: &[Exemplar], model: &str) -> u64 {
    let mut h = fnv1a(&[]);
    let mut eat = |b: &[u8]| h = fnv1a_from(fnv1a_from(h, b), &[0xff]);
    eat(model.as_bytes());
    for e in exemplars {
        eat(&(e.narrative as u64).to_le_bytes());
        eat(e.key.as_bytes());
        eat(e.text.as_bytes());
    }
    h
}

/// Scales `v` to unit length (left alone when zero).
pub fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

impl ExemplarIndex {
    /// Embeds the exemplars of `defs`, reading and writing the cache file `cache` when given.
    pub fn build(
        defs: &[&NarrativeDef],
        embedder: &Embedder,
        model: &str,
        cache: Option<&Path>,
    ) -> ExemplarIndex {
        let exemplars = exemplars_of(defs);
        let fp = fingerprint(&exemplars, model);
        if let Some(v) = cache.and_then(|p| read_cache(p, fp, exemplars.len())) {
            return ExemplarIndex {
                exemplars,
                vectors: v,
            };
        }
        let texts: Vec<&str> = exemplars.iter().map(|e| e.text.as_str()).collect();
        let mut vectors = Vec::with_capacity(texts.len() * DIM);
        for v in embedder.embed(&texts) {
            vectors.extend_from_slice(&v);
        }
        vectors.chunks_mut(DIM).for_each(normalise);
        if let Some(p) = cache {
            // the cache only saves time: a failure to write it is not an error
            let _ = write_cache(p, fp, &vectors);
        }
        ExemplarIndex { exemplars, vectors }
    }

    /// Exemplars with vectors given directly (tests, or vectors from elsewhere).
    pub fn from_vectors(exemplars: Vec<Exemplar>, mut vectors: Vec<f32>) -> ExemplarIndex {
        assert_eq!(
            vectors.len(),
            exemplars.len() * DIM,
            "one vector per exemplar"
        );
        vectors.chunks_mut(DIM).for_each(normalise);
        ExemplarIndex { exemplars, vectors }
    }

    pub fn len(&self) -> usize {
        self.exemplars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.exemplars.is_empty()
    }

    pub fn vector(&self, i: usize) -> &[f32] {
        &self.vectors[i * DIM..(i + 1) * DIM]
    }
}

fn read_cache(path: &Path, fp: u64, n: usize) -> Option<Vec<f32>> {
    let bytes = std::fs::read(path).ok()?;
    let body = bytes.strip_prefix(MAGIC.as_slice())?;
    let (head, rest) = body.split_at_checked(8)?;
    if u64::from_le_bytes(head.try_into().ok()?) != fp || rest.len() != n * DIM * 4 {
        return None;
    }
    Some(
        rest.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
    )
}

fn write_cache(path: &Path, fp: u64, vectors: &[f32]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut out = Vec::with_capacity(16 + vectors.len() * 4);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&fp.to_le_bytes());
    for v in vectors {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, out)?;
    std::fs::rename(tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_round_trip_and_fingerprint_mismatch() {
        let dir = std::env::temp_dir().join(format!("ns-exemplars-{}", std::process::id()));
        let p = dir.join("cache.bin");
        let v: Vec<f32> = (0..2 * DIM).map(|i| i as f32 * 0.5).collect();
        write_cache(&p, 42, &v).unwrap();
        assert_eq!(read_cache(&p, 42, 2), Some(v));
        assert_eq!(read_cache(&p, 43, 2), None);
        assert_eq!(read_cache(&p, 42, 3), None);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn fingerprint_changes_with_text() {
        let e = |t: &str| Exemplar {
            narrative: 0,
            key: "en:0".into(),
            text: t.into(),
        };
        assert_eq!(fingerprint(&[e("a")], "m"), fingerprint(&[e("a")], "m"));
        assert_ne!(fingerprint(&[e("a")], "m"), fingerprint(&[e("b")], "m"));
        assert_ne!(fingerprint(&[e("a")], "m"), fingerprint(&[e("a")], "n"));
    }
}
