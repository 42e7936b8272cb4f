use super::*;

fn gold(surface: &str, start: usize, end: usize) -> GoldMention {
    GoldMention {
        surface: surface.into(),
        start,
        end,
        main_role: "Antagonist".into(),
        fine_roles: vec!["Tyrant".into()],
    }
}

#[test]
fn parses_lines_with_crlf_and_several_fine_roles() {
    let text = "D_1.txt\tКиев\t10\t13\tInnocent\tVictim\r\n\r\nD_1.txt\t\"Nato\"\t0\t3\tProtagonist\tGuardian\tPeacemaker\r\n";
    let a = parse_annotations(text, "a.txt").unwrap();
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].0, "D_1.txt");
    assert_eq!(a[0].1.surface, "Киев");
    assert_eq!((a[0].1.start, a[0].1.end), (10, 13));
    assert_eq!(a[1].1.surface, "Nato");
    assert_eq!(a[1].1.fine_roles, vec!["Guardian", "Peacemaker"]);
    let bad = parse_annotations("D\tx\t5\t2\tInnocent\tVictim\n", "b.txt").unwrap_err();
    assert!(bad.to_string().contains("b.txt line 1"), "{bad}");
    assert!(parse_annotations("D\tx\t1\n", "c.txt").is_err());
    assert!(parse_annotations("D\tx\tone\t2\tInnocent\tVictim\n", "c.txt").is_err());
}

#[test]
fn offsets_are_characters_with_crlf_counted_and_end_inclusive() {
    // "Título\r\n\r\nO Brasil e a Rússia." — CR and LF each count as one character.
    let raw = "Título\r\n\r\nO Brasil e a Rússia.";
    let chars: Vec<char> = raw.chars().collect();
    let start = chars.iter().position(|&c| c == 'R').unwrap();
    let m = gold("Rússia", start, start + 5);
    let (s, e) = raw_span(raw, &m).unwrap();
    assert_eq!(&raw[s..e], "Rússia");
    let b = gold("Brasil", 12, 17);
    let (s, e) = raw_span(raw, &b).unwrap();
    assert_eq!(&raw[s..e], "Brasil");
    // Off by two: the nearest occurrence is taken.
    let off = gold("Brasil", 14, 19);
    let (s, e) = raw_span(raw, &off).unwrap();
    assert_eq!(&raw[s..e], "Brasil");
    // Nothing like it nearby, or out of range.
    assert!(raw_span(raw, &gold("Kyiv", 12, 15)).is_none());
    assert!(raw_span(raw, &gold("Brasil", 100, 105)).is_none());
}

#[test]
fn reads_a_folder_tree_joining_two_releases() {
    let tmp = std::env::temp_dir().join(format!("ns-roles-read-{}", std::process::id()));
    let ann = tmp.join("oct/train_data/EN");
    let docs = tmp.join("dec/English/data/raw-documents");
    fs::create_dir_all(&ann).unwrap();
    fs::create_dir_all(&docs).unwrap();
    fs::write(
        ann.join(ANNOTATIONS),
        "EN_1.txt\tUS\t0\t1\tAntagonist\tConspirator\r\nEN_1.txt\tUS\t0\t1\tAntagonist\tConspirator\r\nEN_2.txt\tX\t0\t0\tInnocent\tVictim\r\n",
    )
    .unwrap();
    fs::write(docs.join("EN_1.txt"), "US troops.\r\nMore.").unwrap();
    let d = read_dir(&tmp).unwrap();
    assert_eq!(d.docs.len(), 1);
    assert_eq!(d.docs[0].mentions.len(), 1, "repeated line kept once");
    assert_eq!(d.docs[0].lang, "en");
    assert!(d.docs[0].text.contains("\r\n"));
    assert_eq!(d.missing, vec!["EN_2.txt".to_string()]);
    assert!(read_dir(&ann).is_err());
    fs::remove_dir_all(&tmp).unwrap();
}
