//! Degenerate inputs and damaged model files give results or clear errors, never panics.

mod common;

use common::{dot, embedder, model_dir};
use narrascope_embed::install::{MANIFEST_FILE, MODEL_FILE};
use narrascope_embed::{EmbedConfig, Embedder, Error};

fn unit_norm(v: &[f32]) -> bool {
    v.iter().all(|x| x.is_finite()) && (dot(v, v) - 1.0).abs() < 1e-4
}

#[test]
fn empty_and_whitespace_inputs() {
    let Some(e) = embedder(EmbedConfig::default()) else {
        return;
    };
    let v = e.embed(&["", " ", "\t\n  \u{a0}", "\u{200b}"]);
    assert_eq!(e.tokenize(""), [1, 0, 2]);
    assert_eq!(e.tokenize(" \t\n"), [1, 0, 2]);
    assert!(v.iter().all(|x| unit_norm(x)));
    // Whitespace-only normalises to the empty string, so it embeds like "".
    assert_eq!(v[0], v[1]);
    assert_eq!(v[0], v[2]);
    assert!(e.embed(&[]).is_empty());
}

#[test]
fn hundred_thousand_token_document() {
    let Some(e) = embedder(EmbedConfig {
        threads: 2,
        ..EmbedConfig::default()
    }) else {
        return;
    };
    let words = [
        "Reuters",
        "reported",
        "que",
        "el",
        "gobierno",
        "правительство",
        "заявило",
        "الحكومة",
        "42,5",
        "%",
        "—",
        "Bundestag",
        "📈",
    ];
    let mut text = String::new();
    let mut k = 7usize;
    while text.len() < 700_000 {
        k = k.wrapping_mul(1_103_515_245).wrapping_add(12_345) % 1_000_003;
        text.push_str(words[k % words.len()]);
        text.push(if k.is_multiple_of(11) { '\n' } else { ' ' });
    }
    let ids = e.tokenize(&text);
    assert!(ids.len() >= 100_000, "only {} tokens", ids.len());
    let v = e.embed(&[&text]);
    assert!(unit_norm(&v[0]));
}

#[test]
fn damaged_model_directories_are_clear_errors() {
    let Some(dir) = model_dir() else { return };
    let tmp = tempfile::tempdir().expect("tempdir");
    let copy = tmp.path().join("m");
    std::fs::create_dir(&copy).expect("mkdir");
    std::fs::copy(dir.join(MANIFEST_FILE), copy.join(MANIFEST_FILE)).expect("copy manifest");
    let full = std::fs::read(dir.join(MODEL_FILE)).expect("read model");

    // Truncated model file.
    std::fs::write(copy.join(MODEL_FILE), &full[..full.len() / 2]).expect("write");
    let err = Embedder::load(&copy)
        .err()
        .expect("truncated model accepted");
    assert!(matches!(err, Error::BadModel { .. }), "{err}");

    // Right length, garbage content.
    let mut junk = full.clone();
    junk[..64].fill(0xAB);
    std::fs::write(copy.join(MODEL_FILE), &junk).expect("write");
    let err = Embedder::load(&copy).err().expect("corrupt model accepted");
    assert!(err.to_string().contains(MODEL_FILE), "{err}");

    // Manifest of another version.
    std::fs::write(copy.join(MODEL_FILE), &full).expect("write");
    let m = std::fs::read_to_string(dir.join(MANIFEST_FILE)).expect("manifest");
    std::fs::write(copy.join(MANIFEST_FILE), m.replace("0.2.1", "9.9.9")).expect("write");
    let err = Embedder::load(&copy)
        .err()
        .expect("wrong manifest accepted");
    assert!(err.to_string().contains("9.9.9"), "{err}");

    // Missing directory.
    let err = Embedder::load(&tmp.path().join("absent"))
        .err()
        .expect("missing dir accepted");
    assert!(err.to_string().contains("absent"), "{err}");
}
