//! The 37 reference vectors of the model spec: ids, vectors, the SentencePiece-compatible mode
//! and cross-lingual retrieval.

mod common;

use common::{dot, embedder, references};
use narrascope_embed::{EmbedConfig, TokenizerMode, quant};

#[test]
fn package_ids_and_vectors_match_reference() {
    let Some(refs) = references() else { return };
    let Some(e) = embedder(EmbedConfig::default()) else {
        return;
    };
    assert_eq!(refs.len(), 37);
    let texts: Vec<&str> = refs.iter().map(|r| r.text.as_str()).collect();
    let got = e.embed(&texts);
    let mut overall = 0.0f32;
    for (r, v) in refs.iter().zip(&got) {
        assert_eq!(e.tokenize(&r.text), r.pieces, "ids of {}", r.label);
        let worst = v
            .iter()
            .zip(&r.embedding)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f32::max);
        assert!(
            worst <= 1e-5,
            "{}: max component difference {worst}",
            r.label
        );
        overall = overall.max(worst);
        let d = dot(v, &r.embedding);
        assert!(d >= 0.99999, "{}: dot {d}", r.label);
    }
    eprintln!(
        "largest component difference over {} vectors: {overall:e}",
        refs.len()
    );
}

#[test]
fn int8_round_trip_cosine() {
    let Some(refs) = references() else { return };
    let mut cos = Vec::new();
    for r in &refs {
        let mut v = [0.0f32; 512];
        v.copy_from_slice(&r.embedding);
        let back = quant::decode(&quant::encode(&v)).expect("decodes");
        cos.push(quant::cosine(&v, &back));
    }
    let min = cos.iter().copied().fold(1.0f32, f32::min);
    let mean = cos.iter().sum::<f32>() / cos.len() as f32;
    eprintln!(
        "int8 round trip over {} vectors: mean cosine {mean:.6}, min {min:.6}",
        cos.len()
    );
    assert!(min > 0.9999, "min cosine {min}");
}

#[test]
fn spm_compatible_mode_matches_reference() {
    let Some(refs) = references() else { return };
    let config = EmbedConfig {
        mode: TokenizerMode::SpmCompatible,
        ..EmbedConfig::default()
    };
    let Some(e) = embedder(config) else { return };
    let mut special = 0;
    for r in &refs {
        let ids = e.tokenize(&r.text);
        match (&r.pieces_spm, &r.embedding_spm) {
            (Some(p), Some(want)) => {
                special += 1;
                assert_eq!(&ids, p, "spm ids of {}", r.label);
                let v = &e.embed(&[&r.text])[0];
                let worst = v
                    .iter()
                    .zip(want)
                    .map(|(a, b)| (a - b).abs())
                    .fold(0.0, f32::max);
                assert!(
                    worst <= 1e-5 && dot(v, want) >= 0.99999,
                    "{}: {worst}",
                    r.label
                );
            }
            _ => assert_eq!(
                ids, r.pieces,
                "spm ids of {} should equal package ids",
                r.label
            ),
        }
    }
    assert_eq!(special, 2);
}

#[test]
fn translations_are_nearest_neighbours() {
    let Some(refs) = references() else { return };
    let Some(e) = embedder(EmbedConfig::default()) else {
        return;
    };
    let parallel: Vec<_> = refs
        .iter()
        .filter(|r| r.label.starts_with("parallel"))
        .collect();
    assert_eq!(parallel.len(), 24);
    let texts: Vec<&str> = parallel.iter().map(|r| r.text.as_str()).collect();
    let vecs = e.embed(&texts);
    let meaning = |i: usize| parallel[i].label.split(':').next().unwrap_or("");
    let lang = |i: usize| parallel[i].label.split(':').nth(1).unwrap_or("");
    let mut checked = 0;
    for en in (0..24).filter(|&i| lang(i) == "en") {
        // Among every non-English line, and among each language's four lines.
        let others: Vec<usize> = (0..24).filter(|&j| lang(j) != "en").collect();
        let best = |cands: &[usize]| {
            cands
                .iter()
                .copied()
                .max_by(|&a, &b| dot(&vecs[en], &vecs[a]).total_cmp(&dot(&vecs[en], &vecs[b])))
        };
        assert_eq!(
            best(&others).map(meaning),
            Some(meaning(en)),
            "{}",
            parallel[en].label
        );
        for l in ["fr", "es", "de", "ru", "ar"] {
            let cands: Vec<usize> = (0..24).filter(|&j| lang(j) == l).collect();
            assert_eq!(
                best(&cands).map(meaning),
                Some(meaning(en)),
                "{} vs {l}",
                parallel[en].label
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 20);
}
