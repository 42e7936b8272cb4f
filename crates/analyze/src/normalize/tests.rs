use super::*;

fn rules(n: &Normalized) -> Vec<&str> {
    n.removals.iter().map(|r| r.rule.as_str()).collect()
}

#[test]
fn paragraphs_from_blank_lines_and_separate_lines() {
    let n = normalize_text(
        "Title here\n\nFirst  para\r\nstill first.\nSecond para.\n\n\n  Third para \n",
    );
    assert_eq!(
        n.text,
        "Title here\n\nFirst para still first.\n\nSecond para.\n\nThird para"
    );
    let wrapped = normalize_text("A line that is wrapped\nin the middle of a sentence.\nNext one.");
    assert_eq!(
        wrapped.text,
        "A line that is wrapped in the middle of a sentence.\n\nNext one."
    );
    for (p, want) in n
        .paragraphs
        .iter()
        .zip(["Title here", "First para still first."])
    {
        assert_eq!(p.span.slice(&n.text), Some(want));
    }
    assert!(n.removals.is_empty());
}

#[test]
fn removals_point_into_raw() {
    let raw =
        "Héadline\u{200B} text\n\nBody.  </span> <span class= rest.\n\nLeave a Reply\n\n3 columns";
    let n = normalize_text(raw);
    assert_eq!(n.text, "Héadline text\n\nBody. rest.");
    assert_eq!(
        rules(&n),
        ["html_remnant", "html_remnant", "comment_box", "layout_word"]
    );
    for r in &n.removals {
        assert_eq!(r.raw_span.slice(raw), Some(r.text.as_str()));
    }
    assert_eq!(n.removals[0].text, "</span>");
    assert_eq!(
        (n.removals[2].text.as_str(), n.removals[2].line),
        ("Leave a Reply", 5)
    );
    assert_eq!(n.removals[3].line, 7);
}

#[test]
fn repeated_headline_and_emoji_decoration() {
    let raw = "👁\u{1F5E8} Big news about the war\nA standfirst line.\n👁\u{1F5E8} Big news about the war\nBy someone, 3 February 2024\nBody text.";
    let n = normalize_text(raw);
    assert!(
        n.text
            .starts_with("Big news about the war\n\nA standfirst line.\n\nBy someone")
    );
    assert_eq!(rules(&n), ["title_emoji", "repeated_headline"]);
    assert_eq!(n.removals[1].line, 3);
    // a repeat below the header is the author's refrain and stays
    let body = "Big news today\n\nOne.\n\nTwo.\n\nBig news today";
    assert!(normalize_text(body).removals.is_empty());
    let refrain = "Title line here\n\nWar is war, they say.\n\nWar is war, they say.";
    assert!(normalize_text(refrain).removals.is_empty());
    let shouted = "Residents resist the plan\n\nRESIDENTS RESIST THE PLAN\n\nBody.";
    assert_eq!(rules(&normalize_text(shouted)), ["repeated_headline"]);
}

#[test]
fn idempotent_on_its_output() {
    let raw = "Home / News / A headline\n\nRTS1L010 [19659008] Caption Text <b>bold</b>\ncontinues here\n\nSource link";
    let once = normalize_text(raw);
    let twice = normalize_text(&once.text);
    assert_eq!(once.text, twice.text);
    assert!(twice.removals.is_empty());
    assert_eq!(once.text, "Caption Text bold continues here");
}

#[test]
fn nfc_and_line_breaks() {
    let n = normalize_text("Cafe\u{0301}\u{2028}Ete\u{0301}\r\rx");
    assert_eq!(n.text, "Café\n\nEté\n\nx");
    assert_eq!(normalize_text("").text, "");
    assert!(normalize_text(" \n\t\n").paragraphs.is_empty());
}
