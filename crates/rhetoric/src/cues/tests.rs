use std::path::PathBuf;

use super::*;

fn src(name: &str, text: &str) -> Source {
    Source {
        name: name.into(),
        text: text.into(),
    }
}

fn err(text: &str) -> String {
    CueSet::from_sources(&[src("my-kb/techniques/xx.toml", text)])
        .unwrap_err()
        .to_string()
}

#[test]
fn shipped_cues_load_and_match() {
    let set = CueSet::shipped().unwrap();
    assert!(set.langs().contains("en") && set.langs().contains("fr"));
    let m = set.find(
        "en",
        "They said so, though no evidence has been produced thus far.",
    );
    let doubt = techniques::index_of("Doubt").unwrap();
    assert!(m.iter().any(|m| m.technique == doubt), "{m:?}");
    assert_eq!(set.cues[m[0].cue].id, "en/doubt/no-evidence");
    let m = set.find("fr", "Ils accusent sans apporter la moindre preuve.");
    assert!(m.iter().any(|m| m.technique == doubt), "{m:?}");
    // Cues of one language do not fire on another's text.
    assert!(set.find("de", "no evidence has been produced").is_empty());
    assert!(set.find("en", "The committee met on Tuesday.").is_empty());
}

#[test]
fn shipped_files_on_disk_equal_the_compiled_in_copy() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../kb/techniques");
    let mut disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .map(|n| format!("techniques/{n}"))
        .collect();
    disk.sort();
    let mut built: Vec<String> = SHIPPED.iter().map(|(n, _)| n.to_string()).collect();
    built.sort();
    assert_eq!(
        disk, built,
        "a file under kb/techniques is missing from SHIPPED"
    );
    for (n, t) in SHIPPED {
        assert_eq!(std::fs::read_to_string(dir.join(&n[11..])).unwrap(), *t);
    }
}

#[test]
fn invalid_files_are_reported_with_their_name() {
    let cue = |body: &str| format!("lang = \"en\"\n[[cue]]\nid = \"a\"\n{body}");
    let e = err(&cue("technique = \"Nope\"\npatterns = ['x']"));
    assert!(
        e.contains("my-kb/techniques/xx.toml") && e.contains("unknown technique"),
        "{e}"
    );
    let e = err(&cue("technique = \"Doubt\"\npatterns = ['(unclosed']"));
    assert!(e.contains("xx.toml") && e.contains("\"a\""), "{e}");
    let e = err(&cue("technique = \"Doubt\"\npatterns = []"));
    assert!(e.contains("at least one"), "{e}");
    let e = err(&cue("technique = \"Doubt\"\npatterns = ['x?']"));
    assert!(e.contains("empty text"), "{e}");
    let e = err(&cue(
        "technique = \"Doubt\"\npatterns = ['x']\nweight = 1.5",
    ));
    assert!(e.contains("weight"), "{e}");
    let e = err(&cue("technique = \"Doubt\"\npatterns = ['x']\ncolour = 1"));
    assert!(e.contains("xx.toml") && e.contains("colour"), "{e}");
    let e = err("lang = \"EN\"\n");
    assert!(e.contains("lower-case"), "{e}");
    let two = cue(
        "technique = \"Doubt\"\npatterns = ['x']\n[[cue]]\nid = \"a\"\ntechnique = \"Doubt\"\npatterns = ['y']",
    );
    assert!(err(&two).contains("used twice"));
}

#[test]
fn user_layers_add_and_replace_cues() {
    let root = std::env::temp_dir().join(format!("ns-rh-cues-{}", std::process::id()));
    std::fs::create_dir_all(root.join("techniques")).unwrap();
    std::fs::write(
        root.join("techniques/en.toml"),
        "lang = \"en\"\n[[cue]]\nid = \"doubt/no-evidence\"\ntechnique = \"Doubt\"\npatterns = ['\\bfoobar\\b']\n\
         [[cue]]\nid = \"slogans/mine\"\ntechnique = \"Slogans\"\npatterns = ['\\bhands off\\b']\n",
    )
    .unwrap();
    let paths = KbPaths {
        shipped: None,
        user: vec![root.clone()],
    };
    let set = CueSet::load(&paths).unwrap();
    let shipped = CueSet::shipped().unwrap();
    assert_eq!(set.cues.len(), shipped.cues.len() + 1);
    assert!(set.find("en", "no evidence has been produced").is_empty());
    assert_eq!(set.find("en", "FOOBAR again").len(), 1);
    assert_eq!(set.find("en", "Hands off our town").len(), 1);
    std::fs::write(root.join("techniques/bad.toml"), "lang = 3").unwrap();
    let e = CueSet::load(&paths).unwrap_err().to_string();
    assert!(e.contains("bad.toml"), "{e}");
    std::fs::remove_dir_all(&root).unwrap();
}
