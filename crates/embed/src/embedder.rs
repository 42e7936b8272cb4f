//! The public entry point: load the model, tokenise and embed.

use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::convert::{D_EMB, D_FEAT};
use crate::error::{Error, Result};
use crate::format::ModelFile;
use crate::forward::{MicroBatch, Weights, Workspace, head, tokens};
use crate::gemm::Ahead;
use crate::helper::{Helper, Par};
use crate::install::{InstallOptions, MODEL_FILE, check_installed, ensure_installed};
use crate::plan::{Unit, batches, units};
use crate::proto::{PieceKind, SpModel};
use crate::tokcache::{TokenCache, TokenCacheStats};
use crate::tokenizer::{Tokenizer, TokenizerMode};

/// A sentence embedding: 512 values of unit length.
pub type Vector = [f32; D_EMB];

/// Sentences per group in the sentence-level part of the network.
const HEAD_GROUP: usize = 64;

/// Default [`EmbedConfig::token_cache`]: at most about 28 MB.
pub const DEFAULT_TOKEN_CACHE: usize = 2048;

/// Run-time options. Results do not depend on `threads` or `batch_tokens`.
#[derive(Debug, Clone)]
pub struct EmbedConfig {
    /// Worker threads; 0 means one per available core.
    pub threads: usize,
    /// Rows (tokens) per micro-batch: larger amortises weight streaming, smaller saves memory.
    pub batch_tokens: usize,
    /// Tokenizer rules.
    pub mode: TokenizerMode,
    /// Token ids whose per-id work (projection, layer norm, first-convolution slot products:
    /// about 62% of a token's multiply-adds) is kept between calls; 13,824 bytes each, filled
    /// on demand. 0 keeps none. Vectors are the same bits whatever the value.
    pub token_cache: usize,
}

impl Default for EmbedConfig {
    fn default() -> Self {
        EmbedConfig {
            threads: 0,
            batch_tokens: 384,
            mode: TokenizerMode::Package,
            token_cache: DEFAULT_TOKEN_CACHE,
        }
    }
}

/// The loaded model.
pub struct Embedder {
    file: ModelFile,
    tokenizer: Tokenizer,
    config: EmbedConfig,
    pool: Option<rayon::ThreadPool>,
    helper: Option<Helper>,
    spare: Mutex<Vec<Workspace>>,
    cache: TokenCache,
}

impl Embedder {
    /// Loads an installed model directory with the default configuration.
    pub fn load(dir: &Path) -> Result<Self> {
        Self::load_with(dir, EmbedConfig::default())
    }

    /// Installs the model if needed (see [`ensure_installed`]), then loads it.
    pub fn load_or_install(opts: &InstallOptions) -> Result<Self> {
        Self::load_or_install_with(opts, EmbedConfig::default())
    }

    /// [`Embedder::load_or_install`] with a configuration.
    pub fn load_or_install_with(opts: &InstallOptions, config: EmbedConfig) -> Result<Self> {
        Self::load_with(&ensure_installed(opts)?, config)
    }

    /// Loads an installed model directory.
    pub fn load_with(dir: &Path, config: EmbedConfig) -> Result<Self> {
        if config.batch_tokens == 0 {
            return Err(Error::Config("batch_tokens must be at least 1".into()));
        }
        check_installed(dir)?;
        let path = dir.join(MODEL_FILE);
        let file = ModelFile::open(&path)?;
        Weights::new(&file)?;
        let tokenizer = read_tokenizer(&file, &path, config.mode)?;
        let threads = match config.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let (pool, helper) = if threads > 1 {
            let cannot = |e: &dyn std::fmt::Display| {
                Error::Config(format!("cannot start {threads} threads: {e}"))
            };
            let p = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map_err(|e| cannot(&e))?;
            (Some(p), Some(Helper::new().map_err(|e| cannot(&e))?))
        } else {
            (None, None)
        };
        let cache_cap = config.token_cache;
        Ok(Embedder {
            file,
            tokenizer,
            config,
            pool,
            helper,
            spare: Mutex::new(Vec::new()),
            cache: TokenCache::new(cache_cap),
        })
    }

    /// The configuration in use.
    pub fn config(&self) -> &EmbedConfig {
        &self.config
    }

    /// Counters of the token-id cache (see [`EmbedConfig::token_cache`]).
    pub fn token_cache_stats(&self) -> TokenCacheStats {
        self.cache.stats()
    }

    /// The tokenizer.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// Token ids of `text` as fed to the network (with `<s>` and `</s>`).
    pub fn tokenize(&self, text: &str) -> Vec<u32> {
        self.tokenizer.encode(text)
    }

    /// Embeds each text independently.
    pub fn embed(&self, texts: &[&str]) -> Vec<Vector> {
        let ids = self.map(texts, |t| self.tokenizer.encode(t));
        self.embed_ids(&ids)
    }

    /// Embeds token-id sequences (each normally from [`Embedder::tokenize`]).
    pub fn embed_ids(&self, seqs: &[Vec<u32>]) -> Vec<Vector> {
        // Weights were validated at load time, so this cannot fail; stay total anyway.
        let Ok(w) = Weights::new(&self.file) else {
            return vec![[0.0; D_EMB]; seqs.len()];
        };
        let lens: Vec<usize> = seqs.iter().map(Vec::len).collect();
        let all = units(&lens);
        let plan = batches(&all, self.budget(&all));
        // A single micro-batch prefetches the head's weights while its convolutions run.
        let ahead = if plan.len() == 1 {
            w.head_region()
        } else {
            Ahead::default()
        };
        // Several micro-batches: whole ones go to the pool's threads. A single one: its work is
        // shared with the helper thread inside the pass.
        let one = |range: &std::ops::Range<usize>, par: Par| {
            let mut ws = self.take_workspace();
            let us = &all[range.clone()];
            let sums = run_batch(&w, seqs, us, &self.cache, &mut ws, par, ahead);
            self.put_workspace(ws);
            sums
        };
        let partial: Vec<Vec<f32>> = match &self.pool {
            Some(p) if plan.len() > 1 => {
                p.install(|| plan.par_iter().map(|r| one(r, Par::Serial)).collect())
            }
            _ => plan.iter().map(|r| one(r, self.par())).collect(),
        };
        let mut pooled = vec![0.0f32; seqs.len() * D_FEAT];
        for (range, sums) in plan.iter().zip(&partial) {
            for (u, s) in all[range.clone()].iter().zip(sums.chunks_exact(D_FEAT)) {
                let acc = &mut pooled[u.sent * D_FEAT..(u.sent + 1) * D_FEAT];
                acc.iter_mut().zip(s).for_each(|(a, v)| *a += v);
            }
        }
        let groups: Vec<usize> = (0..seqs.len()).step_by(HEAD_GROUP).collect();
        let group = |&g: &usize, par: Par| {
            let end = (g + HEAD_GROUP).min(seqs.len());
            let mut out = vec![0.0f32; (end - g) * D_EMB];
            let (p, l) = (&pooled[g * D_FEAT..end * D_FEAT], &lens[g..end]);
            head(&w, p, l, &mut out, par);
            out
        };
        let heads: Vec<Vec<f32>> = match &self.pool {
            Some(p) if groups.len() > 1 => {
                p.install(|| groups.par_iter().map(|g| group(g, Par::Serial)).collect())
            }
            _ => groups.iter().map(|g| group(g, self.par())).collect(),
        };
        heads
            .iter()
            .flat_map(|h| h.chunks_exact(D_EMB))
            .map(|c| {
                let mut v = [0.0; D_EMB];
                v.copy_from_slice(c);
                v
            })
            .collect()
    }

    fn par(&self) -> Par<'_> {
        self.helper.as_ref().map_or(Par::Serial, Par::Two)
    }

    /// Rows per micro-batch. With several threads and enough rows, smaller batches so that
    /// every thread gets about two (never below 64 rows, where the matrix kernel loses
    /// efficiency); a single micro-batch is shared inside the forward pass instead. Vectors do
    /// not depend on the budget, so adapting it is free of side effects.
    fn budget(&self, all: &[Unit]) -> usize {
        let threads = self
            .pool
            .as_ref()
            .map_or(1, rayon::ThreadPool::current_num_threads);
        if threads == 1 {
            return self.config.batch_tokens;
        }
        let rows: usize = all.iter().map(|u| u.rows.len()).sum();
        (rows / (2 * threads)).clamp(64, self.config.batch_tokens.max(64))
    }

    /// A scratch workspace: reused across calls (one per concurrent user), so that short
    /// calls do not allocate and fault in fresh buffers.
    fn take_workspace(&self) -> Workspace {
        self.spare
            .lock()
            .ok()
            .and_then(|mut v| v.pop())
            .unwrap_or_default()
    }

    fn put_workspace(&self, ws: Workspace) {
        if let Ok(mut v) = self.spare.lock() {
            v.push(ws);
        }
    }

    fn map<T: Sync, R: Send>(&self, items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
        match &self.pool {
            Some(p) if items.len() > 1 => p.install(|| items.par_iter().map(f).collect()),
            _ => items.iter().map(f).collect(),
        }
    }
}

fn run_batch(
    w: &Weights,
    seqs: &[Vec<u32>],
    us: &[Unit],
    cache: &TokenCache,
    ws: &mut Workspace,
    par: Par,
    ahead: Ahead,
) -> Vec<f32> {
    let mut ids = Vec::new();
    let mut seg = Vec::new();
    let mut sums = Vec::with_capacity(us.len());
    for (k, u) in us.iter().enumerate() {
        let base = ids.len();
        ids.extend_from_slice(&seqs[u.sent][u.rows.clone()]);
        seg.resize(ids.len(), k as u32);
        let a = base + u.keep.start - u.rows.start;
        sums.push(a..a + u.keep.len());
    }
    let mut out = Vec::new();
    let mb = MicroBatch {
        ids: &ids,
        seg: &seg,
        sums: &sums,
        ahead,
    };
    tokens(w, &mb, cache, ws, &mut out, par);
    out
}

fn read_tokenizer(f: &ModelFile, path: &Path, mode: TokenizerMode) -> Result<Tokenizer> {
    let bad = |reason: &str| Error::BadModel {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    let blob = f.bytes("tok.blob", None)?;
    let offsets = f.u32s("tok.offsets")?;
    let n = offsets.len().saturating_sub(1);
    let scores = f.f32s("tok.scores", n, 1)?;
    let kinds = f.bytes("tok.kinds", Some((n, 1)))?;
    let mut pieces = Vec::with_capacity(n);
    for w in offsets.windows(2) {
        let s = blob
            .get(w[0] as usize..w[1] as usize)
            .and_then(|b| std::str::from_utf8(b).ok())
            .ok_or_else(|| bad("tokenizer piece table is corrupt"))?;
        pieces.push(s.to_string());
    }
    let kinds = kinds
        .iter()
        .map(|&k| PieceKind::from_u64(u64::from(k)).ok_or_else(|| bad("unknown piece type")))
        .collect::<Result<Vec<_>>>()?;
    let m = SpModel {
        pieces,
        scores: scores.to_vec(),
        kinds,
        charsmap: f.bytes("tok.charsmap", None)?.to_vec(),
    };
    Tokenizer::from_model(&m, &path.display().to_string(), mode)
}
