//! The provenance stages on the seed documents in `../shared/seeds`: the sources they cite,
//! and which of them read as machine-translated.

use std::path::{Path, PathBuf};

use narrascope_core::{Analysis, Format, Metadata, RawDocument, SourceRef};
use narrascope_kb::Kb;
use narrascope_provenance::{MT_THRESHOLD, SourceFinder, TraceFinder};

fn seed(prefix: &str) -> Option<(PathBuf, Analysis)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let path = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })?;
    let text = std::fs::read_to_string(&path).ok()?;
    let raw = RawDocument {
        source: SourceRef {
            path: path.display().to_string(),
            locator: None,
            format: Format::Text,
        },
        text,
        meta: Metadata::default(),
    };
    let mut a = narrascope_analyze::analyze(raw).ok()?;
    let kb = Kb::shipped().ok()?;
    a.mentions = narrascope_actors::link(&kb, &a.doc).ok()?;
    Some((path, a))
}

fn seeds() -> Option<Vec<(PathBuf, Analysis)>> {
    let all: Option<Vec<_>> = ["000", "001", "002", "003", "004"]
        .iter()
        .map(|p| seed(p))
        .collect();
    if all.is_none() {
        eprintln!("skipping: ../shared/seeds not found");
    }
    all
}

#[test]
fn cited_sources_of_the_seeds() {
    let Some(seeds) = seeds() else { return };
    let finder = SourceFinder::shipped(&Kb::shipped().unwrap()).unwrap();
    // (seed, name, kind, entity)
    let want: &[(usize, &str, &str, Option<&str>)] = &[
        (1, "alAlam", "outlet", Some("ns:al-alam")),
        (2, "Tass", "agency", Some("ns:tass")),
        (2, "Reuters", "agency", Some("ns:reuters")),
        (3, "Al-Mayadeen", "outlet", Some("ns:al-mayadeen")),
        (3, "Foreign Policy", "outlet", Some("ns:foreign-policy")),
        (3, "The Cradle", "outlet", Some("ns:the-cradle")),
        (4, "NBC", "outlet", Some("ns:nbc")),
        (4, "Common Dreams", "outlet", Some("ns:common-dreams")),
        (
            4,
            "Moon of Alabama Blog",
            "outlet",
            Some("ns:moon-of-alabama"),
        ),
        (4, "Zero Hedge", "outlet", Some("ns:zero-hedge")),
    ];
    let found: Vec<_> = seeds.iter().map(|(_, a)| finder.find(a)).collect();
    for (i, f) in found.iter().enumerate() {
        eprintln!("seed {i}:");
        for s in f {
            eprintln!(
                "  {:<28} {:<12} {:<18} {:?} in \"{}\"",
                s.name,
                s.kind,
                s.cue,
                s.entity,
                s.cue_span.slice(&seeds[i].1.doc.text).unwrap_or("")
            );
        }
    }
    for (i, name, kind, entity) in want {
        let hit = found[*i].iter().find(|s| s.name == *name);
        let Some(s) = hit else {
            panic!("seed {i}: {name} not found in {:?}", found[*i]);
        };
        assert_eq!(
            (s.kind.as_str(), s.entity.as_deref()),
            (*kind, *entity),
            "seed {i}: {name}"
        );
        let text = &seeds[*i].1.doc.text;
        assert_eq!(s.span.slice(text), Some(*name));
        assert!(s.cue_span.start <= s.span.start && s.cue_span.end >= s.span.end);
    }
}

#[test]
fn machine_translated_seeds_are_flagged_with_their_traces() {
    let Some(seeds) = seeds() else { return };
    let tf = TraceFinder::shipped().unwrap();
    let p: Vec<_> = seeds.iter().map(|(_, a)| tf.find(a)).collect();
    for (i, pr) in p.iter().enumerate() {
        eprintln!("seed {i}: machine_translated {:.3}", pr.machine_translated);
        for t in &pr.traces {
            eprintln!("  {:<22} {:.3} {}", t.kind, t.weight, t.detail);
        }
    }
    let has = |i: usize, kind: &str, detail: &str| {
        p[i].traces
            .iter()
            .any(|t| t.kind == kind && t.detail.contains(detail))
    };
    assert!(p[0].machine_translated >= MT_THRESHOLD);
    assert!(has(0, "untranslated_accent", "accusé"));
    assert!(has(0, "foreign_abbreviation", "\"EI\""));
    assert!(has(0, "lowercase_demonym", "iranian"));
    assert!(p[2].machine_translated >= MT_THRESHOLD);
    let uu = p[2]
        .traces
        .iter()
        .filter(|t| t.detail.starts_with("\"UU\""))
        .count();
    assert_eq!(uu, 2, "both `UU` of seed 002");
    assert!(has(2, "source_link", "Source link"));
    assert!(has(2, "site_furniture", "Leave a Reply"));
    assert!(p[1].machine_translated < MT_THRESHOLD);
    assert!(has(1, "translation_note", "Traduit du site alAlam"));
    assert!(p[4].machine_translated < MT_THRESHOLD);
    assert!(has(4, "image_file", "Screenshot_2020-01-02"));
}
