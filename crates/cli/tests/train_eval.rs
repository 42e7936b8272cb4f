//! `narrascope train narratives` and `narrascope eval semeval2025-narratives` on a tiny
//! labelled set in the SemEval-2025 subtask-2 layout, written for this test.

mod common;
use common::*;

const WAR: &str = "URW: Discrediting Ukraine";
const WAR_SUB: &str = "URW: Discrediting Ukraine: Discrediting Ukrainian military";

fn write_set(dir: &std::path::Path) {
    let docs = dir.join("raw-documents");
    std::fs::create_dir_all(&docs).unwrap();
    let army = [
        "The Ukrainian army is exhausted and its soldiers are deserting in large numbers.",
        "Ukrainian brigades have lost most of their equipment and their officers have fled.",
        "Kyiv's troops are poorly trained and keep retreating from every position they hold.",
        "Reports say Ukrainian units refuse orders and their commanders lie about losses.",
        "The Ukrainian military is collapsing; whole battalions surrender without a fight.",
        "Ukraine's soldiers are demoralised, badly led and running out of ammunition.",
    ];
    let other = [
        "The city opened a new library with a reading room for children on Saturday.",
        "Heavy rain is expected in the northern valleys over the weekend, forecasters said.",
        "The football club signed a young striker from a second division team.",
        "A bakery in the old town won the regional prize for its rye bread.",
        "The museum will extend its opening hours during the summer holidays.",
        "Farmers expect a good apple harvest after a mild and wet spring.",
    ];
    let mut gold = String::new();
    for (i, t) in army.iter().enumerate() {
        std::fs::write(docs.join(format!("EN_A{i}.txt")), format!("{t}\n\n{t}")).unwrap();
        gold.push_str(&format!("EN_A{i}.txt\t{WAR}\t{WAR_SUB}\n"));
    }
    for (i, t) in other.iter().enumerate() {
        std::fs::write(docs.join(format!("EN_O{i}.txt")), format!("{t}\n\n{t}")).unwrap();
        gold.push_str(&format!("EN_O{i}.txt\tOther\tOther\n"));
    }
    std::fs::write(dir.join("subtask-2-annotations.txt"), gold).unwrap();
}

#[test]
fn trains_a_classifier_and_scores_it() {
    if !model_available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("EN");
    write_set(&data);
    let model = tmp.path().join("m.json");
    let cache = tmp.path().join("cache");
    let o = bin()
        .args(["train", "narratives", "--split", "all", "-q", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&model)
        .arg("--cache")
        .arg(&cache)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(model.is_file());
    let o = bin()
        .args([
            "eval",
            "semeval2025-narratives",
            "--split",
            "all",
            "--format",
            "json",
            "-q",
        ])
        .arg("--data")
        .arg(&data)
        .arg("--model")
        .arg(&model)
        .arg("--cache")
        .arg(&cache)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json report");
    let text = v.to_string();
    // a separable set learnt and scored on itself: well above the all-Other baseline (0.5)
    let f1 = find_number(&v, "narratives").expect("a narratives score");
    assert!(f1 > 0.8, "narratives F1 {f1}: {text}");

    // a folder without the task's layout is named in the error
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let o = bin()
        .args(["eval", "semeval2025-narratives", "--all-other", "--data"])
        .arg(&empty)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("empty"), "{}", stderr(&o));
}

/// The first number under a key named `key` with a `mean` (the report's shape), or a plain
/// number under `key`.
fn find_number(v: &serde_json::Value, key: &str) -> Option<f64> {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(x) = m.get(key) {
                if let Some(n) = x.as_f64() {
                    return Some(n);
                }
                if let Some(n) = x.get("mean").and_then(|n| n.as_f64()) {
                    return Some(n);
                }
            }
            m.values().find_map(|x| find_number(x, key))
        }
        serde_json::Value::Array(a) => a.iter().find_map(|x| find_number(x, key)),
        _ => None,
    }
}
