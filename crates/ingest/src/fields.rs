//! Which record fields (JSONL keys, CSV columns) hold the text and the metadata.

use std::fmt;
use std::str::FromStr;

/// Candidate field names for each document property, tried in order and matched
/// case-insensitively. JSON keys may be dotted paths (`meta.date`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap {
    pub text: Vec<String>,
    pub title: Vec<String>,
    pub url: Vec<String>,
    pub date: Vec<String>,
    pub lang: Vec<String>,
    /// The outlet / publisher (`Metadata::outlet`).
    pub source: Vec<String>,
    pub author: Vec<String>,
    /// A record id kept in `Metadata::extra["id"]`.
    pub id: Vec<String>,
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

impl Default for FieldMap {
    fn default() -> Self {
        FieldMap {
            text: names(&["text", "content", "body", "article", "message"]),
            title: names(&["title", "headline"]),
            url: names(&["url", "link", "uri"]),
            date: names(&[
                "date",
                "published",
                "published_at",
                "publish_date",
                "pubdate",
                "datePublished",
                "created_at",
                "timestamp",
            ]),
            lang: names(&["lang", "language"]),
            source: names(&["source", "outlet", "site", "publisher", "domain", "channel"]),
            author: names(&["author", "byline", "creator"]),
            id: names(&["id", "doc_id", "_id"]),
        }
    }
}

impl FieldMap {
    /// Parses `text=body,title=headline,date=published` (alternatives with `|`:
    /// `text=body|summary`). Properties not named keep their defaults.
    pub fn parse(spec: &str) -> Result<FieldMap, String> {
        let mut map = FieldMap::default();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| format!("field mapping `{part}` is not of the form key=column"))?;
            let cols: Vec<String> = value
                .split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect();
            if cols.is_empty() {
                return Err(format!("field mapping `{part}` names no column"));
            }
            let slot = match key.trim().to_ascii_lowercase().as_str() {
                "text" | "content" | "body" => &mut map.text,
                "title" | "headline" => &mut map.title,
                "url" | "link" => &mut map.url,
                "date" | "published" => &mut map.date,
                "lang" | "language" => &mut map.lang,
                "source" | "outlet" => &mut map.source,
                "author" => &mut map.author,
                "id" => &mut map.id,
                other => {
                    return Err(format!(
                        "unknown field `{other}` in mapping (known: text, title, url, date, lang, source, author, id)"
                    ));
                }
            };
            *slot = cols;
        }
        Ok(map)
    }

    /// Every candidate name, for telling mapped fields from extra ones.
    pub(crate) fn all(&self) -> impl Iterator<Item = &String> {
        [
            &self.text,
            &self.title,
            &self.url,
            &self.date,
            &self.lang,
            &self.source,
            &self.author,
            &self.id,
        ]
        .into_iter()
        .flatten()
    }
}

impl FromStr for FieldMap {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FieldMap::parse(s)
    }
}

impl fmt::Display for FieldMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = [
            ("text", &self.text),
            ("title", &self.title),
            ("url", &self.url),
            ("date", &self.date),
            ("lang", &self.lang),
            ("source", &self.source),
            ("author", &self.author),
            ("id", &self.id),
        ];
        let s: Vec<String> = parts
            .iter()
            .map(|(k, v)| format!("{k}={}", v.join("|")))
            .collect();
        f.write_str(&s.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_overrides_only_named_fields() {
        let m = FieldMap::parse(
            "text=body, title=headline,date=published,url=link,lang=iso,source=site|feed",
        )
        .unwrap();
        assert_eq!(m.text, ["body"]);
        assert_eq!(m.title, ["headline"]);
        assert_eq!(m.lang, ["iso"]);
        assert_eq!(m.source, ["site", "feed"]);
        assert_eq!(m.author, FieldMap::default().author);
        assert_eq!(FieldMap::parse("").unwrap(), FieldMap::default());
    }

    #[test]
    fn parse_errors_are_explicit() {
        assert!(FieldMap::parse("text").unwrap_err().contains("key=column"));
        assert!(
            FieldMap::parse("colour=red")
                .unwrap_err()
                .contains("unknown field `colour`")
        );
        assert!(
            FieldMap::parse("text=")
                .unwrap_err()
                .contains("names no column")
        );
    }

    #[test]
    fn display_round_trips() {
        let m = FieldMap::parse("text=a|b,id=key").unwrap();
        assert_eq!(m.to_string().parse::<FieldMap>().unwrap(), m);
    }
}
