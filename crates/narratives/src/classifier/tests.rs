use super::*;
use crate::semeval::doc_f1;

/// A deterministic pseudo-random value in [-1, 1).
fn noise(i: usize, k: usize) -> f32 {
    let h = crate::semeval::fnv1a(format!("{i}/{k}").as_bytes());
    (h % 2000) as f32 / 1000.0 - 1.0
}

/// Document `i`: narrative A (sub x or y), B (no sub) or nothing, written into directions
/// 0..3 of the vector with noise elsewhere.
fn synthetic(i: usize) -> (DocVectors, Vec<String>, Vec<String>) {
    let kind = i % 4;
    let mut v = [0.0f32; 512];
    for (k, x) in v.iter_mut().enumerate() {
        *x = 0.04 * noise(i, k);
    }
    let (n, s): (&[&str], &[&str]) = match kind {
        0 => {
            v[0] += 1.0;
            v[1] += 1.0;
            (&["A"], &["A: x"])
        }
        1 => {
            v[0] += 1.0;
            v[2] += 1.0;
            (&["A"], &["A: y"])
        }
        2 => {
            v[3] += 1.0;
            (&["B"], &["B: Other"])
        }
        _ => (&["Other"], &["Other"]),
    };
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter_mut().for_each(|x| *x /= norm);
    let owned = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    (
        DocVectors {
            sentences: vec![v],
            document: Some(v),
        },
        owned(n),
        owned(s),
    )
}

fn input(v: &DocVectors) -> DocInput<'_> {
    DocInput {
        vectors: v,
        lang: "en",
        exemplar_sims: None,
    }
}

#[test]
fn learns_separable_labels_and_round_trips() {
    let docs: Vec<(String, DocVectors, Vec<String>, Vec<String>)> = (0..240)
        .map(|i| {
            let (v, n, s) = synthetic(i);
            (format!("doc-{i}"), v, n, s)
        })
        .collect();
    let examples: Vec<Example<'_>> = docs
        .iter()
        .map(|(id, v, n, s)| Example {
            id,
            input: input(v),
            narratives: n,
            subnarratives: s,
        })
        .collect();
    let opts = TrainOptions {
        langs: vec!["en".into()],
        logreg: TrainConfig {
            threads: 2,
            ..TrainConfig::default()
        },
        ..TrainOptions::default()
    };
    let (model, report) = train(&examples, &opts);
    // A, B, "A: x", "A: y": the catch-alls get no model.
    assert_eq!(report.labels, 4);
    assert!(report.validation_documents > 20);
    let a_x = model.labels.iter().find(|l| l.label == "A: x").unwrap();
    assert_eq!(a_x.parent.as_deref(), Some("A"));

    // Fresh documents of the same kinds.
    let (mut f_n, mut f_s) = (0.0, 0.0);
    for i in 1000..1100 {
        let (v, n, s) = synthetic(i);
        let d = model.decode(&input(&v));
        f_n += doc_f1(&n, &d.narrative_labels(), None);
        f_s += doc_f1(&s, &d.subnarrative_labels(), None);
    }
    assert!(f_n / 100.0 > 0.95, "narratives {f_n}");
    assert!(f_s / 100.0 > 0.95, "sub-narratives {f_s}");

    let path = std::env::temp_dir().join(format!("ns-clf-{}.json", std::process::id()));
    model.save(&path).unwrap();
    let back = Classifier::load(&path).unwrap();
    assert_eq!(back, model);
    for i in 2000..2040 {
        let (v, _, _) = synthetic(i);
        assert_eq!(back.predict(&input(&v)), model.predict(&input(&v)));
        assert_eq!(
            back.probabilities(&input(&v)),
            model.probabilities(&input(&v))
        );
    }
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn bad_model_files_are_named() {
    let path = std::env::temp_dir().join(format!("ns-clf-bad-{}.json", std::process::id()));
    std::fs::write(&path, br#"{"format":"x"}"#).unwrap();
    let err = Classifier::load(&path).unwrap_err().to_string();
    assert!(err.contains("ns-clf-bad-"), "{err}");
    let mut c = Classifier {
        format: FORMAT.into(),
        version: VERSION,
        trained_on: String::new(),
        spec: FeatureSpec {
            max_pool: false,
            langs: vec![],
            exemplar_ids: vec![],
        },
        scaler: Scaler {
            mean: vec![0.0; 512],
            scale: vec![1.0; 512],
        },
        labels: vec![],
        lang_offsets: Default::default(),
    };
    c.save(&path).unwrap();
    assert!(Classifier::load(&path).is_ok());
    c.version = VERSION + 1;
    c.save(&path).unwrap();
    let err = Classifier::load(&path).unwrap_err().to_string();
    assert!(err.contains("version"), "{err}");
    std::fs::remove_file(&path).unwrap();
    assert!(Classifier::load(&path).is_err());
}
