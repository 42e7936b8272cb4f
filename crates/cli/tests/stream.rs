mod common;
use common::*;

#[test]
fn jsonl_stage_gives_one_line_per_input_line() {
    let input = concat!(
        "{\"text\": \"The minister said on Monday that talks would resume.\", \"url\": \"https://a.example/1\"}\n",
        "not json at all\n",
        "{\"text\": \"Le ministre a déclaré lundi que les pourparlers reprendraient.\"}\n",
    );
    let o = run_stdin(&["analyze", "--format", "jsonl", "-"], input);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(lines[0]["analysis"]["doc"]["lang"]["code"], "en");
    assert_eq!(
        lines[0]["analysis"]["doc"]["meta"]["url"],
        "https://a.example/1"
    );
    assert!(
        lines[1]["error"].as_str().unwrap().contains("line 2"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2]["analysis"]["doc"]["lang"]["code"], "fr");
}

#[test]
fn jsonl_stage_on_empty_input_prints_nothing_and_succeeds() {
    let o = run_stdin(&["analyze", "--format", "jsonl", "-"], "");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
}
