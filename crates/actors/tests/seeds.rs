//! The five seed articles against the hand-written gold (tests/gold/seeds.toml).
//! Skipped when the shared seeds folder is absent.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use narrascope_actors::{ClaimExtractor, Lexicon, Linker, Polarity};
use narrascope_kb::FormKind;
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    doc: Vec<GoldDoc>,
}

#[derive(Deserialize)]
struct GoldDoc {
    file: String,
    #[allow(dead_code)]
    lang: String,
    mentions: Vec<(String, String)>,
    claims: Vec<String>,
    /// Further claims judged correct (see the gold file's header).
    #[serde(default)]
    also: Vec<String>,
}

fn seeds_dir() -> Option<std::path::PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    p.is_dir().then_some(p)
}

fn gold() -> Gold {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold/seeds.toml");
    let text = std::fs::read_to_string(&path).expect("gold file");
    toml::from_str(&text).expect("gold parses")
}

#[test]
fn seed_linking_precision_and_recall() {
    let Some(dir) = seeds_dir() else {
        eprintln!("skipping: ../shared/seeds not found");
        return;
    };
    let linker = Linker::new(&common::shipped_kb()).expect("linker");
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for g in gold().doc {
        let text = std::fs::read_to_string(dir.join(&g.file)).expect("seed file");
        let mentions = linker.link(&common::doc(&text));
        let found: BTreeSet<(String, String)> = mentions
            .iter()
            .filter_map(|m| m.entity.clone().map(|e| (m.surface.clone(), e)))
            .collect();
        let want: BTreeSet<(String, String)> = g.mentions.into_iter().collect();
        let hit = found.intersection(&want).count();
        for miss in want.difference(&found) {
            eprintln!("{}: missed {miss:?}", g.file);
        }
        for extra in found.difference(&want) {
            eprintln!("{}: unexpected {extra:?}", g.file);
        }
        tp += hit;
        fp += found.len() - hit;
        fn_ += want.len() - hit;
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    println!("seed linking: precision {p:.3} recall {r:.3} (tp {tp}, fp {fp}, fn {fn_})");
    assert!(p >= 0.9 && r >= 0.9, "precision {p:.3} recall {r:.3}");
}

/// Every alias the project brief names links to its entity, in a sentence of its language.
#[test]
fn listed_aliases_link_to_their_entities() {
    let kb = common::shipped_kb();
    let linker = Linker::new(&kb).expect("linker");
    let cases: &[(&str, &str)] = &[
        (
            "Q2429253",
            "ISIS|ISIL|IS|Daesh|Daech|EI|EIIL|État islamique|Islamic State|Estado Islámico|ИГИЛ|داعش",
        ),
        (
            "Q16837785",
            "PMU|PMUs|PMF|UGP|Hachd|al-Hachd al-chaabi|al-Hach al-Chaabi|units of popular mobilization|Forces de mobilisation populaire",
        ),
        (
            "Q30",
            "US|U.S.|USA|les USA|États-Unis|EE. UU.|США|United States|Estados Unidos",
        ),
        (
            "Q794",
            "Iran|Téhéran|Tehran|iranien|iranienne|iraniennes|Irán|Иран|إيران",
        ),
        (
            "Q796",
            "Iraq|Irak|Bagdad|Baghdad|irakiennes|irakien|Iraqi|Ирак|العراق",
        ),
        ("Q858", "Syria|Syrie|Damas|Damascus|syrienne"),
        (
            "Q159",
            "Russia|Russie|Moscou|Moscow|Kremlin|Россия|российские",
        ),
        ("Q11209", "Pentagon|Pentagone"),
    ];
    let mut failures = Vec::new();
    for (id, forms) in cases {
        for form in forms.split('|') {
            let text = format!("Selon le rapport, {form} a réagi hier.");
            let m = linker.link(&common::doc(&text));
            if !m
                .iter()
                .any(|m| m.surface == form && m.entity.as_deref() == Some(*id))
            {
                failures.push(format!(
                    "{form} -> {id}: got {:?}",
                    m.iter()
                        .map(|m| (&m.surface, &m.entity))
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    // demonyms in all their inflected forms
    for form in [
        "américain",
        "américaine",
        "américains",
        "américaines",
        "americano",
        "amerikanisch",
        "amerikanischen",
        "американский",
        "американские",
    ] {
        let text = format!("Les sources {form} ont parlé.");
        let m = linker.link(&common::doc(&text));
        if !m
            .iter()
            .any(|m| m.surface == form && m.entity.as_deref() == Some("Q30"))
        {
            failures.push(format!("{form} -> Q30"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let us = kb.get("Q30").expect("Q30");
    assert!(
        us.aliases
            .iter()
            .any(|a| a.kind == FormKind::Metonym && a.text == "Washington")
    );
}

/// Strict: against `claims`; judged: against `claims` + `also`.
#[test]
fn seed_claims_precision_and_recall() {
    let Some(dir) = seeds_dir() else {
        eprintln!("skipping: ../shared/seeds not found");
        return;
    };
    let kb = common::shipped_kb();
    let linker = Linker::new(&kb).expect("linker");
    let ex = ClaimExtractor::new(&kb, Lexicon::shipped().expect("lexicon"));
    // (tp, fp, fn) strict, then judged
    let mut score = [(0usize, 0usize, 0usize); 2];
    for g in gold().doc {
        let text = std::fs::read_to_string(dir.join(&g.file)).expect("seed file");
        let doc = common::doc(&text);
        let claims = ex.extract(&doc, &linker.link(&doc));
        let found: BTreeSet<String> = claims
            .iter()
            .filter(|c| c.polarity == Polarity::Affirmed)
            .map(|c| c.key.clone())
            .collect();
        let strict: BTreeSet<String> = g.claims.iter().cloned().collect();
        let judged: BTreeSet<String> = g.claims.into_iter().chain(g.also).collect();
        for c in &claims {
            let ev = c.evidence.slice(&doc.text).unwrap_or("");
            let mark = match (strict.contains(&c.key), judged.contains(&c.key)) {
                (true, _) => "+",
                (false, true) => "~",
                _ => "-",
            };
            eprintln!(
                "{mark} {}: {} [{:?} {:?} {:?}] {}",
                g.file,
                c.key,
                c.polarity,
                c.modality,
                c.source,
                ev.chars().take(90).collect::<String>()
            );
        }
        for miss in strict.difference(&found) {
            eprintln!("{}: missed claim {miss}", g.file);
        }
        for (s, want) in score.iter_mut().zip([&strict, &judged]) {
            let hit = found.intersection(want).count();
            s.0 += hit;
            s.1 += found.len() - hit;
            s.2 += want.len() - hit;
        }
    }
    let pr = |(tp, fp, fn_): (usize, usize, usize)| {
        (
            tp as f64 / (tp + fp).max(1) as f64,
            tp as f64 / (tp + fn_).max(1) as f64,
        )
    };
    let [(sp, sr), (jp, jr)] = score.map(pr);
    let [s, j] = score;
    println!(
        "seed claims strict: precision {sp:.3} recall {sr:.3} (tp {}, fp {}, fn {})",
        s.0, s.1, s.2
    );
    println!(
        "seed claims judged: precision {jp:.3} recall {jr:.3} (tp {}, fp {}, fn {})",
        j.0, j.1, j.2
    );
    assert!(sr >= 0.6, "strict claim recall {sr:.3}");
    assert!(sp >= 0.25, "strict claim precision {sp:.3}");
    assert!(jp >= 0.7, "judged claim precision {jp:.3}");
}
