use super::*;

#[test]
fn folds_case_diacritics_and_dashes() {
    assert_eq!(key("État  islamique", false), "etat islamique");
    assert_eq!(key("al-Hachd al-Chaabi", false), "al hachd al chaabi");
    assert_eq!(key("Kata’ib Hezbollah", false), "kata'ib hezbollah");
    assert_eq!(key("Ёлка Œuvre", false), "елка oeuvre");
    assert_eq!(key("Американский", false), "американский");
    assert_eq!(key("É.-U.", true), "E. U.");
    assert_eq!(strip_marks("É.-U."), "E.-U.");
    assert_eq!(key("الدولة الإسلامية", false), "الدوله الاسلاميه");
}

#[test]
fn devanagari_keeps_vowel_signs_and_drops_nukta_and_joiners() {
    // vowel signs and virama stay: मोदी is not मद, रूस is not रस
    assert_eq!(key("मोदी", false), "मोदी");
    assert_ne!(key("रूस", false), key("रस", false));
    assert_eq!(key("ज़ेलेंस्की", false), "जेलेंस्की");
    // precomposed qa (U+0958), ka + nukta, and plain ka fold alike
    assert_eq!(key("\u{958}ानून", false), key("\u{915}\u{93c}ानून", false));
    assert_eq!(key("\u{915}\u{93c}ानून", false), key("कानून", false));
    // chandrabindu and anusvara, and zero-width joiners
    assert_eq!(key("अँग्रेज", false), key("अंग्रेज", false));
    assert_eq!(key("स्\u{200d}की", false), key("स्की", false));
    // a nasal with virama before a consonant is anusvara; before a space it stays
    assert_eq!(key("नरेन्द्र मोदी", false), key("नरेंद्र मोदी", false));
    assert_eq!(key("हिन्दी", false), "हिंदी");
    assert_eq!(key("न् क", false), "न\u{94d} क");
    let t = "श्री नरेन्द्र मोदी";
    let f = fold(t, false);
    let s = f.text.find("नरेंद्र").unwrap();
    let (a, b) = f.original(t, s, s + "नरेंद्र".len()).unwrap();
    assert_eq!(&t[a..b], "नरेन्द्र");
    // marks of Latin letters still go
    assert_eq!(key("Zelens\u{30c}kyj", false), "zelenskyj");
}

#[test]
fn folding_into_a_used_buffer_gives_the_same_text_and_offsets() {
    let mut f = fold("Ελλάδα  and a much longer first text — l'Œuvre", true);
    for t in ["Les  États-Unis’ armée", "", "नरेन्द्र मोदी", "ab"] {
        f.refold(t, false);
        let g = fold(t, false);
        assert_eq!(f.text, g.text);
        assert_eq!(f.marks, g.marks);
    }
}

#[test]
fn maps_back_to_original_offsets() {
    let t = "Les  États-Unis’ armée";
    let f = fold(t, false);
    let s = f.text.find("etats unis").unwrap();
    let (a, b) = f.original(t, s, s + "etats unis".len()).unwrap();
    assert_eq!(&t[a..b], "États-Unis");
    assert_eq!(f.original(t, 3, 3), None);
    assert_eq!(f.original(t, 0, 999), None);
    let g = fold("Œuvre x", false);
    assert_eq!(g.original("Œuvre x", 0, 2), Some((0, "Œ".len())));
}

/// For every folded byte, the original offset of the character it came from, built
/// the simple way (one entry per folded byte, character by character).
fn dense_starts(text: &str) -> Vec<usize> {
    let mut out = String::new();
    let mut starts = Vec::new();
    let mut last_space = true;
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        let rest = &text[at + c.len_utf8()..];
        let mut skip = fold_one(c, rest, false, &mut out, &mut last_space);
        starts.resize(out.len(), at);
        while skip > 0 {
            skip -= chars.next().map_or(skip, |(_, c)| c.len_utf8());
        }
    }
    assert_eq!(out, fold(text, false).text);
    starts
}

#[test]
fn sparse_offsets_agree_with_one_offset_per_byte() {
    let texts = [
        "Les  États-Unis’ armée — l'Œuvre\n\n\tæon",
        "नरेन्द्र  मोदी ज़ेलेंस्की स्\u{200d}की",
        "США   и «Хезболла»; ـالدولة الإسلامية",
        "  \u{301}Turkey -- PKK ﬁ Straße İstanbul",
        "Ελλάδα\u{a0}\u{a0}Ῥόδος ǅemal ΣΟΦΙΑ हिन्दी नरेन्द्र ´x ʼy",
        "",
    ];
    for t in texts {
        let f = fold(t, false);
        let dense = dense_starts(t);
        let mut cursor = 0;
        for (k, &want) in dense.iter().enumerate() {
            let got = f.original(t, k, k + 1).map(|r| r.0);
            assert_eq!(got, Some(want), "{t:?} byte {k}");
            for end in k + 1..(k + 12).min(dense.len() + 1) {
                let asked = f.original_from(t, k, end, &mut cursor);
                assert_eq!(asked, f.original(t, k, end), "{t:?} {k}..{end}");
            }
        }
        // questions out of order get the same answers
        let mut cursor = 0;
        for k in (0..dense.len()).rev() {
            let asked = f.original_from(t, k, k + 1, &mut cursor);
            assert_eq!(asked, f.original(t, k, k + 1), "{t:?} byte {k}");
        }
    }
}
