//! Authors and outlets from by-lines ("By John Smith", "Par le comité de rédaction de The
//! Cradle, le …", "Von …", "Por …", "Автор: …") and source lines ("Source: Traduit du site
//! alAlam").

use regex::Regex;
use std::sync::LazyLock;

use super::urls::host;

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("by-line pattern {p:?}: {e}"))
}

/// A line that starts with a by-line cue; group 1 is what follows it.
pub(crate) static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?i:by|par|von|por|autor|автор|від|от|بقلم|كتبه|written by|écrit par|escrito por)\s*:?\s+(\S.*)$",
    )
});

/// A line that names the source; group 1 is the value.
static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?i:source|sources|fuente|quelle|fonte|źródło|источник|джерело|المصدر)\s*:\s*(\S.*)$")
});

/// An editorial team named in a by-line; group 1 is the outlet.
static NEWSROOM: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"^(?i:(?:le |la |l'|the |el |die |der )?(?:comité de rédaction|rédaction|editorial (?:board|staff|team)|",
        r"staff|news desk|redacción|redaktion|redazione|redação|редакция|редакція))",
        r"(?i:\s+(?:de la|de l'|du|des|de|of|von|der|del|de|di|da|do))?\s+(\S.*)$"
    ))
});

/// Where the name in a by-line ends: a comma, a date cue, a separator.
static NAME_END: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i),|;|\s[|–—-]\s|\s(?:le|on|am|el|em|il|le|at|à)\s+\d|\s\d{1,4}[\s./-]|\s(?:le|on|am|el)\s",
    )
});

/// Translation phrases before the real source name ("Traduit du site alAlam").
static TRANSLATED: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"^(?i:traduit|traduction|translated|translation|traducido|traducción|übersetzt|",
        r"tradotto|traduzido|перевод|переведено|ترجمة)",
        r"(?i:\s+(?:du|de la|de l'|de|des|depuis|from|the|del|de|aus|von|der|dem|dal|da|do|с|из|عن|من|site|website|sitio|web|seite|sito|сайта|موقع))*\s+"
    ))
});

/// What a by-line or source line says about who wrote or published a text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Credit {
    pub author: Option<String>,
    pub outlet: Option<String>,
}

fn plausible_name(s: &str) -> bool {
    let words = s.split_whitespace().count();
    (1..=6).contains(&words) && s.chars().count() <= 60 && s.chars().any(char::is_alphabetic)
}

/// The author or outlet a by-line names.
pub fn parse_byline(line: &str) -> Option<Credit> {
    let rest = BYLINE.captures(line)?.get(1)?.as_str();
    let name = match NAME_END.find(rest) {
        Some(m) => &rest[..m.start()],
        None => rest,
    }
    .trim()
    .trim_end_matches(['.', ':']);
    if let Some(outlet) = NEWSROOM.captures(name).and_then(|c| c.get(1)) {
        let outlet = outlet.as_str().trim();
        return plausible_name(outlet).then(|| Credit {
            author: None,
            outlet: Some(outlet.to_string()),
        });
    }
    let capitalised = name.chars().next().is_some_and(|c| !c.is_lowercase());
    (plausible_name(name) && capitalised).then(|| Credit {
        author: Some(name.to_string()),
        outlet: None,
    })
}

/// The outlet a source line names.
pub fn parse_source(line: &str) -> Option<Credit> {
    let value = SOURCE.captures(line)?.get(1)?.as_str().trim();
    let value = match TRANSLATED.find(value) {
        Some(m) => &value[m.end()..],
        None => value,
    };
    let value = value.trim().trim_end_matches('.');
    let outlet = if value.contains("://") || value.starts_with("www.") {
        host(value)?
    } else {
        value
    };
    plausible_name(outlet).then(|| Credit {
        author: None,
        outlet: Some(outlet.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outlet(c: Option<Credit>) -> Option<String> {
        c.and_then(|c| c.outlet)
    }
    fn author(c: Option<Credit>) -> Option<String> {
        c.and_then(|c| c.author)
    }

    #[test]
    fn newsroom_bylines_name_the_outlet() {
        assert_eq!(
            outlet(parse_byline(
                "Par le comité de rédaction de The Cradle, le 3 février 2024"
            ))
            .as_deref(),
            Some("The Cradle")
        );
        assert_eq!(
            outlet(parse_byline("By the editorial board of The Times")).as_deref(),
            Some("The Times")
        );
    }

    #[test]
    fn personal_bylines_name_the_author() {
        for (line, want) in [
            ("By John Smith", "John Smith"),
            ("By John Smith, Reuters", "John Smith"),
            ("Von Anna Müller am 3. Februar 2024", "Anna Müller"),
            ("Por María López | 3 de febrero de 2024", "María López"),
            ("Автор: Иван Петров", "Иван Петров"),
            ("Par Jean Dupont le 3 février 2024", "Jean Dupont"),
        ] {
            assert_eq!(author(parse_byline(line)).as_deref(), Some(want), "{line}");
        }
        for line in [
            "By the end of the year, prices had doubled and the government fell apart again",
            "Par ailleurs",
            "Byzantine art",
        ] {
            assert_eq!(
                parse_byline(line).and_then(|c| c.author.or(c.outlet)),
                None,
                "{line}"
            );
        }
    }

    #[test]
    fn source_lines() {
        assert_eq!(
            outlet(parse_source("Source: Traduit du site alAlam")).as_deref(),
            Some("alAlam")
        );
        assert_eq!(
            outlet(parse_source("Source: Reuters")).as_deref(),
            Some("Reuters")
        );
        assert_eq!(
            outlet(parse_source("Fuente: https://www.elpais.com/x")).as_deref(),
            Some("elpais.com")
        );
        assert_eq!(
            outlet(parse_source(
                "Source: the ministry said that it would answer all questions later on"
            )),
            None
        );
        assert_eq!(parse_source("Sourcebook"), None);
    }
}
