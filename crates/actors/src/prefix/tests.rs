//! Tests of the prefix trie and of the search from word starts, which must find what an
//! unanchored leftmost-longest automaton finds.

use super::*;
use crate::text::{arabic_clitic_before, char_at, char_before, is_arabic, is_word_char};
use daachorse::{CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

/// The matches as an unanchored leftmost-longest automaton gives them, restarted one
/// character after every match whose start fails the word-start test.
fn automaton_matches(forms: &[&str], hay: &str) -> Vec<(usize, usize, u32)> {
    let ac = CharwiseDoubleArrayAhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build_with_values(forms.iter().enumerate().map(|(i, f)| (*f, i as u32)))
        .unwrap();
    let left_ok = |s: usize| {
        !char_before(hay, s).is_some_and(is_word_char)
            || (char_at(hay, s).is_some_and(is_arabic) && arabic_clitic_before(hay, s))
    };
    let mut out = Vec::new();
    let mut from = 0;
    'search: while from < hay.len() {
        for m in ac.leftmost_find_iter(&hay[from..]) {
            let (s, e) = (from + m.start(), from + m.end());
            if !left_ok(s) {
                from = s + char_at(hay, s).map_or(1, char::len_utf8);
                continue 'search;
            }
            out.push((s, e, m.value()));
        }
        break;
    }
    out
}

fn trie_matches(forms: &[&str], hay: &str) -> Vec<(usize, usize, u32)> {
    let trie = PrefixTrie::new(forms.iter().enumerate().map(|(i, f)| (*f, i as u32)));
    let mut out = Vec::new();
    matches_at_word_starts(&trie, hay, &mut out);
    out
}

#[test]
fn shipped_forms_give_the_matches_of_the_automaton_on_the_demo_texts() {
    let kb = narrascope_kb::Kb::shipped().expect("shipped kb");
    let forms: Vec<String> = kb
        .surface_forms()
        .into_iter()
        .filter(|f| !f.case_sensitive)
        .map(|f| f.key)
        .collect();
    let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let Ok(entries) = std::fs::read_dir(&demo) else {
        eprintln!("skipping: {} not found", demo.display());
        return;
    };
    let mut texts = 0;
    for e in entries.flatten() {
        let Ok(text) = std::fs::read_to_string(e.path()) else {
            continue;
        };
        for t in [text.clone(), text.to_uppercase()] {
            let hay = narrascope_kb::fold(&t, false).text;
            let want = automaton_matches(&forms, &hay);
            assert_eq!(trie_matches(&forms, &hay), want, "{}", e.path().display());
        }
        texts += 1;
    }
    assert!(texts > 0);
}

#[test]
fn a_match_inside_a_word_does_not_hide_the_next_one() {
    let forms = ["o ocidente", "ocidente"];
    let hay = "armas do ocidente e o ocidente";
    let got: Vec<_> = trie_matches(&forms, hay)
        .into_iter()
        .map(|(s, e, v)| (&hay[s..e], v))
        .collect();
    assert_eq!(got, [("ocidente", 1), ("o ocidente", 0)]);
}

#[test]
fn same_matches_as_an_automaton_over_the_whole_text() {
    let forms = [
        "o ocidente",
        "ocidente",
        "ei",
        "l'ei",
        "isis",
        "al qaida",
        "qaida",
        "al",
        "us",
        "united states",
        "united",
        "states of",
        "العراق",
        "عراق",
        "داعش",
        "ل",
        "وب",
        "иран",
        "ран",
        "a b",
        "b c",
        "'s",
        "x'",
        "१२",
    ];
    let texts = [
        "armas do ocidente e o ocidente",
        "l'ei et d'ei, disisis isis; al qaida al-qaida alqaida qaida",
        "the united states of america, united statesx, us-us",
        "والعراق بالعراق مالعراق العراق وبداعش ولداعش فلعراق فبالعراق ل ال وبوب",
        "иран, тегеран иранский иран",
        "a b c b c a b a b c x' x'y 's 'sa १२ १२३",
        "",
        " ei",
        "ei",
    ];
    for t in texts {
        assert_eq!(trie_matches(&forms, t), automaton_matches(&forms, t), "{t}");
    }
}

#[test]
fn longest_form_at_a_position() {
    let forms = [
        "al qaida", "al", "iraq", "irak", "иран", "a", "ab", "abc", "abd",
    ];
    let trie = PrefixTrie::new(forms.iter().enumerate().map(|(i, f)| (*f, i as u32)));
    let hay = "al qaida et al qaeda; iraqi иран";
    let at = |s: &str| hay.find(s).unwrap();
    assert_eq!(trie.longest_at(hay.as_bytes(), 0), Some((8, 0)));
    let j = hay.find("al qaeda").unwrap();
    assert_eq!(trie.longest_at(hay.as_bytes(), j), Some((j + 2, 1)));
    let i = at("iraqi");
    assert_eq!(trie.longest_at(hay.as_bytes(), i), Some((i + 4, 2)));
    let r = at("иран");
    assert_eq!(trie.longest_at(hay.as_bytes(), r), Some((hay.len(), 4)));
    assert_eq!(trie.longest_at(hay.as_bytes(), at("et")), None);
    assert_eq!(trie.longest_at(hay.as_bytes(), hay.len()), None);
    assert_eq!(trie.longest_at(hay.as_bytes(), hay.len() + 1), None);
    assert_eq!(trie.longest_at(b"abe", 0), Some((2, 6)));
    assert_eq!(trie.longest_at(b"abd", 0), Some((3, 8)));
    assert!(trie.may_start(b"iraqi", 0) && !trie.may_start(b"qaida", 0));
    assert!(trie.opens(b'i') && !trie.opens(b'q'));
    assert!(trie.may_start(b"xab", 1) && trie.may_start(b"al", 0));
    // forms shorter than four bytes: `ab`, `a`
    assert!(trie.may_start(b"abxx", 0) && trie.may_start(b"a xx", 0));
    assert!(!trie.may_start(b"qqqq", 0) && !trie.may_start(b"", 0));
}

#[test]
fn many_children_and_no_forms() {
    let forms: Vec<String> = (0u8..200).map(|b| format!("x{}", b as char)).collect();
    let trie = PrefixTrie::new(
        forms
            .iter()
            .enumerate()
            .map(|(i, f)| (f.as_str(), i as u32)),
    );
    for (i, f) in forms.iter().enumerate() {
        assert_eq!(
            trie.longest_at(f.as_bytes(), 0),
            Some((f.len(), i as u32)),
            "{f}"
        );
    }
    let empty = PrefixTrie::new(std::iter::empty());
    assert_eq!(empty.longest_at(b"x", 0), None);
    assert!(!empty.may_start(b"xyzzy", 0));
}

#[test]
fn long_texts_give_the_matches_of_the_automaton() {
    // texts long enough for blocks of 64 bytes, some all ASCII (walked through masks),
    // matches ending inside a block, at its end and past it
    let forms = [
        "united states",
        "united",
        "states of america and the union of many more words than a block holds",
        "al qaida",
        "qaida",
        "o ocidente",
        "ocidente",
        "ei",
        "l'ei",
        "us",
        "العراق",
        "داعش",
        "иран",
        "१२",
        "'s",
        "x'",
    ];
    let pieces = [
        "united states",
        " ",
        "al qaida",
        "o ocidente",
        "do ocidente",
        "x",
        "ei",
        "l'",
        "us",
        "-",
        ".",
        "\n",
        "states of america and the union of many more words than a block holds",
        "والعراق",
        "بالعراق",
        " العراق",
        "ل",
        "иран",
        "тегеран",
        "१२",
        "'s",
        "isis",
        "é",
        "😀",
        "abc",
        "unitedx",
        "  ",
        "9",
    ];
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for round in 0..400 {
        let t = crate::ascii::mixed_text(&pieces, 100 + round * 3, round % 2 == 0, &mut x);
        assert_eq!(
            trie_matches(&forms, &t),
            automaton_matches(&forms, &t),
            "{t:?}"
        );
    }
}
