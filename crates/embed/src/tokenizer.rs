//! SentencePiece unigram tokenisation: charsmap normalisation, then a Viterbi search over the
//! normalised bytes with edges on UTF-8 character boundaries.

use crate::error::{Error, Result};
use crate::normalize::Normalizer;
use crate::proto::{PieceKind, SpModel, parse_model};
use crate::vocab::{HASH_SEED, Vocab, hash_step};

/// Id of `<unk>`.
pub const UNK_ID: u32 = 0;
/// Id of `<s>`, prepended to every sequence.
pub const BOS_ID: u32 = 1;
/// Id of `</s>`, appended to every sequence.
pub const EOS_ID: u32 = 2;

/// Which segmentation rules to follow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TokenizerMode {
    /// Exactly what the Python package computes (the reference vectors): every piece is
    /// matchable (so literal `<s>` text gives id 1), one `<unk>` per unknown character,
    /// and empty input gives `[1, 0, 2]`.
    #[default]
    Package,
    /// What C++ SentencePiece computes on the same model: control and unknown pieces are not
    /// matchable, runs of unknown characters merge into one `<unk>`, empty input gives `[1, 2]`,
    /// and user-defined pieces score `len_bytes × max_score − 0.1`.
    SpmCompatible,
}

/// A unigram tokenizer for the model's 128,000-piece vocabulary.
#[derive(Debug, Clone)]
pub struct Tokenizer {
    normalizer: Normalizer,
    vocab: Vocab,
    scores: Vec<f32>,
    unk_score: f32,
    max_piece_bytes: usize,
    mode: TokenizerMode,
}

impl Tokenizer {
    /// Reads `sp.model` bytes. `name` appears in error messages.
    pub fn from_sp_model(bytes: &[u8], name: &str, mode: TokenizerMode) -> Result<Self> {
        let m = parse_model(bytes, name)?;
        Self::from_model(&m, name, mode)
    }

    /// Builds the tokenizer from parsed model parts.
    pub fn from_model(m: &SpModel, name: &str, mode: TokenizerMode) -> Result<Self> {
        let bad = |reason: String| Error::SpModel {
            name: name.to_string(),
            reason,
        };
        let normalizer = Normalizer::from_charsmap(&m.charsmap).map_err(bad)?;
        let n = m.pieces.len();
        if m.scores.len() != n || m.kinds.len() != n || n >= u32::MAX as usize {
            return Err(bad("pieces, scores and types differ in length".into()));
        }
        let normal = || (0..n).filter(|&i| m.kinds[i] == PieceKind::Normal);
        let min = normal().map(|i| m.scores[i]).fold(f32::INFINITY, f32::min);
        let max = normal()
            .map(|i| m.scores[i])
            .fold(f32::NEG_INFINITY, f32::max);
        if !min.is_finite() {
            return Err(bad("no normal pieces".into()));
        }
        let mut scores = m.scores.clone();
        let texts: Vec<&str> = m.pieces.iter().map(String::as_str).collect();
        let vocab = match mode {
            TokenizerMode::Package => Vocab::new(&texts, &scores, |_| true),
            TokenizerMode::SpmCompatible => {
                for (i, s) in scores.iter_mut().enumerate() {
                    if m.kinds[i] == PieceKind::UserDefined {
                        *s = m.pieces[i].len() as f32 * max - 0.1;
                    }
                }
                Vocab::new(&texts, &scores, |i| {
                    i > EOS_ID as usize
                        && !matches!(
                            m.kinds[i],
                            PieceKind::Control | PieceKind::Unknown | PieceKind::Unused
                        )
                })
            }
        };
        Ok(Tokenizer {
            normalizer,
            vocab,
            scores,
            unk_score: min - 10.0,
            max_piece_bytes: m.pieces.iter().map(String::len).max().unwrap_or(1),
            mode,
        })
    }

    /// The segmentation rules in use.
    pub fn mode(&self) -> TokenizerMode {
        self.mode
    }

    /// Number of pieces in the vocabulary.
    pub fn vocab_size(&self) -> usize {
        self.scores.len()
    }

    /// The text of piece `id` (`▁` marks a word start).
    pub fn piece(&self, id: u32) -> Option<&str> {
        self.vocab.text(id)
    }

    /// The normalised text the segmentation runs on (`▁` for spaces, dummy prefix included).
    pub fn normalize(&self, text: &str) -> String {
        self.normalizer.normalize(text)
    }

    /// Token ids fed to the model: `<s>`, the segmentation, `</s>`.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let norm = self.normalize(text);
        let mut ids = Vec::with_capacity(norm.len() / 3 + 3);
        ids.push(BOS_ID);
        if norm.is_empty() {
            if self.mode == TokenizerMode::Package {
                ids.push(UNK_ID);
            }
        } else {
            self.viterbi(&norm, &mut ids);
        }
        ids.push(EOS_ID);
        ids
    }

    fn viterbi(&self, s: &str, out: &mut Vec<u32>) {
        let b = s.as_bytes();
        let n = b.len();
        let mut best = vec![f64::NEG_INFINITY; n + 1];
        let mut from = vec![0u32; n + 1];
        let mut id = vec![UNK_ID; n + 1];
        best[0] = 0.0;
        for (i, ch) in s.char_indices() {
            let base = best[i];
            let mblen = ch.len_utf8();
            let mut has_single = false;
            let mut h = HASH_SEED;
            let end = n.min(i + self.max_piece_bytes);
            for j in i + 1..=end {
                h = hash_step(h, b[j - 1]);
                if !s.is_char_boundary(j) {
                    continue;
                }
                let Some(hit) = self.vocab.get_hashed(&b[i..j], h) else {
                    break; // no piece starts with b[i..j]
                };
                if let Some((pid, score)) = hit.piece {
                    has_single |= j - i == mblen;
                    let cand = base + f64::from(score);
                    if cand > best[j] {
                        best[j] = cand;
                        from[j] = i as u32;
                        id[j] = pid;
                    }
                }
                if !hit.extends {
                    break;
                }
            }
            if !has_single {
                let j = i + mblen;
                let cand = base + f64::from(self.unk_score);
                if cand > best[j] {
                    best[j] = cand;
                    from[j] = i as u32;
                    id[j] = UNK_ID;
                }
            }
        }
        let start = out.len();
        let mut pos = n;
        while pos > 0 {
            let pid = id[pos];
            let merge = self.mode == TokenizerMode::SpmCompatible
                && pid == UNK_ID
                && out.len() > start
                && out.last() == Some(&UNK_ID);
            if !merge {
                out.push(pid);
            }
            pos = from[pos] as usize;
        }
        out[start..].reverse();
    }
}
