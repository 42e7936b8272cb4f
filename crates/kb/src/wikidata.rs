//! Import of labels and aliases from a Wikidata JSON dump (one entity per line, the whole
//! wrapped in `[` … `]` with a `,` after each line; gzip or plain) into a user KB file.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde_json::Value;

use crate::KbError;
use crate::model::EntityType;
use crate::raw::{RawEntity, RawFile};

/// What to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Entity ids to take (`Q30`).
    pub ids: HashSet<String>,
    /// Classes: an entity is taken when one of its P31 ("instance of") values is listed.
    pub types: HashSet<String>,
    /// Languages whose labels and aliases are kept.
    pub langs: Vec<String>,
    /// The entity type to write; guessed from P31 when `None`.
    pub kind: Option<EntityType>,
}

/// What an import read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportStats {
    pub lines: usize,
    pub imported: usize,
    /// Lines that were not valid entity JSON, and the first such line number.
    pub bad_lines: usize,
    pub first_bad_line: Option<usize>,
}

/// Opens a dump, decompressing gzip when the file starts with the gzip magic bytes.
pub fn open_dump(path: &Path) -> Result<Box<dyn BufRead>, KbError> {
    let io = |source| KbError::Io {
        path: path.display().to_string(),
        source,
    };
    let mut f = BufReader::new(std::fs::File::open(path).map_err(io)?);
    let gz = f.fill_buf().map_err(io)?.starts_with(&[0x1f, 0x8b]);
    Ok(if gz {
        Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(f)))
    } else {
        Box::new(f)
    })
}

/// The id written near the start of a dump line, read without parsing the JSON.
fn quick_id(line: &str) -> Option<&str> {
    let i = line.find("\"id\":\"")? + 6;
    let rest = &line[i..];
    Some(&rest[..rest.find('"')?])
}

fn wanted(line: &str, opts: &ImportOptions) -> bool {
    if quick_id(line).is_some_and(|id| opts.ids.contains(id)) {
        return true;
    }
    !opts.types.is_empty()
        && line.contains("\"P31\"")
        && opts
            .types
            .iter()
            .any(|t| line.contains(&format!("\"{t}\"")))
}

fn p31(v: &Value) -> Vec<String> {
    v["claims"]["P31"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c["mainsnak"]["datavalue"]["value"]["id"].as_str())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// A type guessed from common P31 classes; organisations by default.
pub fn guess_type(classes: &[String]) -> EntityType {
    for c in classes {
        let t = match c.as_str() {
            "Q5" => EntityType::Person,
            "Q6256" | "Q3624078" | "Q7275" | "Q3024240" => EntityType::State,
            "Q7278" => EntityType::PoliticalParty,
            "Q17149090" | "Q45382" | "Q2006644" => EntityType::ArmedGroup,
            "Q11032" | "Q1002697" | "Q1153191" | "Q1616075" | "Q15265344" | "Q192283" => {
                EntityType::MediaOutlet
            }
            "Q515" | "Q5119" | "Q486972" | "Q82794" | "Q1620908" | "Q10864048" => EntityType::Place,
            "Q327333" | "Q2659904" | "Q7188" => EntityType::Institution,
            "Q198" | "Q178561" | "Q645883" => EntityType::Event,
            "Q41710" => EntityType::People,
            _ => continue,
        };
        return t;
    }
    EntityType::Organisation
}

fn entity_of(v: &Value, opts: &ImportOptions) -> Option<RawEntity> {
    let id = v["id"].as_str()?.to_string();
    let classes = p31(v);
    if !opts.ids.contains(&id) && !classes.iter().any(|c| opts.types.contains(c)) {
        return None;
    }
    let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for lang in &opts.langs {
        let mut forms = Vec::new();
        if let Some(l) = v["labels"][lang]["value"].as_str() {
            forms.push(l.to_string());
        }
        for a in v["aliases"][lang].as_array().into_iter().flatten() {
            if let Some(s) = a["value"].as_str()
                && !forms.iter().any(|f| f == s)
            {
                forms.push(s.to_string());
            }
        }
        if !forms.is_empty() {
            names.insert(lang.clone(), forms);
        }
    }
    let kind = opts.kind.unwrap_or_else(|| guess_type(&classes));
    Some(RawEntity {
        label: v["labels"]["en"]["value"].as_str().map(str::to_string),
        id,
        kind: Some(kind.as_str().to_string()),
        names,
        ..RawEntity::default()
    })
}

/// Reads a dump and keeps the entities `opts` asks for.
pub fn import(
    reader: impl BufRead,
    opts: &ImportOptions,
) -> Result<(RawFile, ImportStats), std::io::Error> {
    let mut file = RawFile::default();
    let mut stats = ImportStats::default();
    for (n, line) in reader.lines().enumerate() {
        let line = line?;
        stats.lines += 1;
        let t = line.trim().trim_end_matches(',');
        if t.is_empty() || t == "[" || t == "]" || !wanted(t, opts) {
            continue;
        }
        match serde_json::from_str::<Value>(t) {
            Ok(v) => {
                if let Some(e) = entity_of(&v, opts) {
                    stats.imported += 1;
                    file.entity.push(e);
                }
            }
            Err(_) => {
                stats.bad_lines += 1;
                stats.first_bad_line.get_or_insert(n + 1);
            }
        }
    }
    Ok((file, stats))
}

/// Reads from any reader (for tests and stdin).
pub fn import_from(
    r: impl Read,
    opts: &ImportOptions,
) -> Result<(RawFile, ImportStats), std::io::Error> {
    import(BufReader::new(r), opts)
}

/// The TOML text of a user KB file.
pub fn to_toml(file: &RawFile) -> Result<String, toml::ser::Error> {
    let body = toml::to_string(file)?;
    Ok(format!(
        "# Imported from a Wikidata dump by `narrascope kb import-wikidata`.\n\n{body}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn line(id: &str, p31: &str, en: &str, fr_alias: &str) -> String {
        format!(
            r#"{{"type":"item","id":"{id}","labels":{{"en":{{"language":"en","value":"{en}"}},"de":{{"language":"de","value":"x"}}}},"aliases":{{"fr":[{{"language":"fr","value":"{fr_alias}"}}]}},"claims":{{"P31":[{{"mainsnak":{{"datavalue":{{"value":{{"id":"{p31}"}}}}}}}}]}}}},"#
        )
    }

    fn dump() -> String {
        format!(
            "[\n{}\n{}\n{}\nnot json,\n]\n",
            line("Q30", "Q3624078", "United States", "Amérique"),
            line("Q42", "Q5", "Douglas Adams", "DNA"),
            line("Q2429253", "Q17149090", "Islamic State", "Daech")
        )
    }

    fn opts(ids: &[&str], types: &[&str]) -> ImportOptions {
        ImportOptions {
            ids: ids.iter().map(|s| s.to_string()).collect(),
            types: types.iter().map(|s| s.to_string()).collect(),
            langs: vec!["en".into(), "fr".into()],
            kind: None,
        }
    }

    #[test]
    fn imports_by_id_and_by_class() {
        let (f, stats) = import_from(dump().as_bytes(), &opts(&["Q30"], &["Q17149090"])).unwrap();
        let ids: Vec<_> = f.entity.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["Q30", "Q2429253"]);
        assert_eq!(f.entity[0].kind.as_deref(), Some("state"));
        assert_eq!(f.entity[1].kind.as_deref(), Some("armed_group"));
        assert_eq!(f.entity[1].names["fr"], ["Daech"]);
        assert!(!f.entity[0].names.contains_key("de"));
        assert_eq!(stats.imported, 2);
        assert_eq!(stats.bad_lines, 0, "unwanted lines are not parsed");
    }

    #[test]
    fn gzip_dump_round_trips_into_a_loadable_file() {
        let dir = std::env::temp_dir().join(format!("ns-kb-wd-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("dump.json.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(dump().as_bytes()).unwrap();
        std::fs::write(&path, gz.finish().unwrap()).unwrap();
        let (f, _) = import(open_dump(&path).unwrap(), &opts(&["Q42"], &[])).unwrap();
        let text = to_toml(&f).unwrap();
        let src = crate::Source {
            name: "wd.toml".into(),
            text,
        };
        let (kb, issues) = crate::Kb::from_layers(&[vec![src]]).unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(kb.get("Q42").unwrap().kind, EntityType::Person);
        assert_eq!(kb.get("Q42").unwrap().label_in("fr"), "DNA");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn bad_lines_are_counted_with_their_number() {
        let text = "[\n{\"id\":\"Q1\", broken\n]\n";
        let (_, stats) = import_from(text.as_bytes(), &opts(&["Q1"], &[])).unwrap();
        assert_eq!((stats.bad_lines, stats.first_bad_line), (1, Some(2)));
    }
}
