//! Recognisers for scrape debris: text a page carried that its author did not write.
//! Every rule is a pattern over one cleaned line; none names a particular site or article.

use regex::Regex;
use std::sync::LazyLock;

/// A piece of a line to remove: rule name and byte range in the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub rule: &'static str,
    pub start: usize,
    pub end: usize,
}

/// Longest line a whole-line rule looks at: debris lines are short.
pub(crate) const MAX_DEBRIS_LINE: usize = 300;

fn re(pattern: &str) -> Regex {
    // The patterns are fixed strings of this module; the unit tests compile every one of them.
    Regex::new(pattern).unwrap_or_else(|e| panic!("debris pattern {pattern:?}: {e}"))
}

static LINE_RULES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    vec![
        (
            "breadcrumb",
            re(
                r"(?i)^(?:home|home ?page|accueil|inicio|início|startseite|главная|головна|начало|strona główna|الرئيسية)\s*[/›»>|]\s*\S.*[/›»>|]",
            ),
        ),
        ("breadcrumb", re(r"^[^›»«]{1,60}(?:\s›\s[^›»«]{1,80}){2,}$")),
        (
            "comment_box",
            re(concat!(
                r"(?i)^(?:leave a (?:reply|comment)|post a comment|add a comment|\d* ?comments?|",
                r"your email address will not be published\.?(?: required fields are marked \*)?|",
                r"required fields are marked \*|laisser un commentaire|laisser une réponse|",
                r"votre adresse (?:e-?mail|de messagerie) ne sera pas publiée\.?|",
                r"deja (?:una respuesta|un comentario)|",
                r"tu (?:dirección de )?correo electrónico no será publicad[oa]\.?|",
                r"schreibe einen kommentar|hinterlasse einen kommentar|",
                r"deine e-mail-adresse wird nicht veröffentlicht\.?|lascia un commento|",
                r"il tuo indirizzo email non sarà pubblicato\.?|deixe (?:um comentário|uma resposta)|",
                r"o seu endereço de e-?mail não será publicado\.?|добавить комментарий|",
                r"оставить комментарий|оставьте комментарий|ваш (?:адрес )?e-?mail не будет опубликован\.?|",
                r"zostaw komentarz|dodaj komentarz|напишете коментар|اترك تعليقا|أضف تعليقا|اترك رد[اً]?)",
                r"\s*[.:!]?$"
            )),
        ),
        (
            "source_link",
            re(
                r"(?i)^(?:source link|source url|original source|lien (?:de la )?source|enlace (?:a la )?fuente|link zur quelle|quelllink|ссылка на источник|link da fonte|link alla fonte)\s*[.:]?$",
            ),
        ),
        (
            "image_file",
            re(
                r"(?i)^(?:\S+|(?:screenshot|screen shot|capture d.écran|bildschirmfoto|captura de pantalla|снимок экрана|img|image|photo|pic|dsc)[_\-\s\d].*)\.(?:png|jpe?g|gif|webp|bmp|tiff?|svg|avif|heic)$",
            ),
        ),
        (
            "layout_word",
            re(
                r"(?i)^\d{1,2} (?:columns?|colonnes?|columnas?|colunas?|colonne|spalten?|kolumn[ay]?|колон(?:ка|ки|ок))$",
            ),
        ),
        (
            "related_link",
            re(
                r"(?i)^(?:related|read more|read also|see also|lire aussi|à lire aussi|voir aussi|leer más|lea también|ver también|lesen sie auch|mehr zum thema|читайте также|leia também|leggi anche)\s*:\s*\S.{0,250}[^.]$",
            ),
        ),
    ]
});

/// The rule a whole line matches, if it is debris from end to end.
pub(crate) fn whole_line(line: &str) -> Option<&'static str> {
    if line.is_empty() || line.len() > MAX_DEBRIS_LINE {
        return None;
    }
    LINE_RULES
        .iter()
        .find(|(_, r)| r.is_match(line))
        .map(|(name, _)| *name)
}

const TAGS: &str = "a|abbr|b|blockquote|br|button|div|em|figcaption|figure|font|footer|form|h[1-6]|header|hr|i|iframe|img|input|label|li|link|meta|nav|noscript|ol|p|picture|script|section|small|source|span|strong|style|sub|sup|table|tbody|td|th|thead|tr|u|ul|video";

static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
    let attr = r#"\s+[a-zA-Z][a-zA-Z0-9_:-]*(?:=(?:"[^"<>]*"|'[^'<>]*'|[^\s<>"']*))?"#;
    let attr_eq = r#"\s+[a-zA-Z][a-zA-Z0-9_:-]*=(?:"[^"<>]*"|'[^'<>]*'|[^\s<>"']*)"#;
    re(&format!(
        r"(?i)</?(?:{TAGS})\b(?:{attr})*\s*/?>|<(?:{TAGS})(?:{attr_eq})+"
    ))
});

static AGENCY_CODE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^([A-Z]{2,4}[0-9][A-Z0-9]{2,9})(?:\s+\[\d{5,}\])?"));

static BRACKET_NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"\[\d{7,}\]"));

/// Whether [`inline`] can find anything in a line made of `chars`: an agency code starts
/// with two ASCII capitals, the other rules need a `<` or a `[`.
pub(crate) fn may_have_inline(mut chars: impl Iterator<Item = char>) -> bool {
    let mut lead = 0;
    for c in chars.by_ref() {
        if c == '<' || c == '[' {
            return true;
        }
        if lead < 2 {
            if !c.is_ascii_uppercase() {
                lead = 3;
            } else {
                lead += 1;
                if lead == 2 {
                    return true;
                }
            }
        }
    }
    false
}

/// Debris inside a line: HTML tag remnants, picture-agency codes at a caption start and
/// long bracketed numbers left by content pipelines. The rest of the line is kept.
pub(crate) fn inline(line: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    if let Some(m) = AGENCY_CODE.find(line) {
        let code = AGENCY_CODE
            .captures(line)
            .and_then(|c| c.get(1))
            .map_or("", |g| g.as_str());
        let after_digit = code.trim_start_matches(|c: char| c.is_ascii_uppercase());
        let next = line[m.end()..].chars().nth(1);
        if after_digit.chars().any(|c| c.is_ascii_uppercase())
            && line[m.end()..].starts_with(' ')
            && next.is_some_and(char::is_uppercase)
        {
            hits.push(Hit {
                rule: "agency_code",
                start: m.start(),
                end: m.end(),
            });
        }
    }
    if line.contains('<') {
        hits.extend(HTML_TAG.find_iter(line).map(|m| Hit {
            rule: "html_remnant",
            start: m.start(),
            end: m.end(),
        }));
    }
    if line.contains('[') {
        let found: Vec<Hit> = BRACKET_NUMBER
            .find_iter(line)
            .filter(|m| {
                !hits
                    .iter()
                    .any(|h| h.start <= m.start() && m.end() <= h.end)
            })
            .map(|m| Hit {
                rule: "bracket_marker",
                start: m.start(),
                end: m.end(),
            })
            .collect();
        hits.extend(found);
    }
    hits.sort_by_key(|h| h.start);
    hits
}

/// Emoji and pictographic symbols (with their joiners and variation selectors).
pub(crate) fn is_pictographic(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2300..=0x23FF
        | 0x2190..=0x21FF | 0x25A0..=0x25FF | 0xFE0F | 0x200D | 0x20E3 | 0xE0020..=0xE007F)
}

/// Byte length of a decoration of emoji at the start of a line, when text follows it.
pub(crate) fn leading_emoji(line: &str) -> Option<usize> {
    let end = line
        .char_indices()
        .find(|&(_, c)| !is_pictographic(c) && c != ' ')
        .map(|(i, _)| i)?;
    let has_emoji = line[..end]
        .chars()
        .any(|c| is_pictographic(c) && c != '\u{200D}');
    (has_emoji && end > 0).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removed(line: &str) -> Vec<(&'static str, &str)> {
        inline(line)
            .iter()
            .map(|h| (h.rule, &line[h.start..h.end]))
            .collect()
    }

    #[test]
    fn whole_line_rules_fire() {
        let cases = [
            ("Home / Uncategorized / Some headline here", "breadcrumb"),
            ("Accueil › Monde › Europe", "breadcrumb"),
            ("News › World › Middle East", "breadcrumb"),
            ("Leave a Reply", "comment_box"),
            ("Your email address will not be published.", "comment_box"),
            ("Laisser un commentaire", "comment_box"),
            ("Deja una respuesta", "comment_box"),
            ("Добавить комментарий", "comment_box"),
            ("Source link", "source_link"),
            ("Screenshot_2020-01-02 Someone on Twitter.png", "image_file"),
            ("IMG_20200101_1200.jpg", "image_file"),
            ("3 columns", "layout_word"),
            ("1 column", "layout_word"),
            ("2 colonnes", "layout_word"),
            ("Related: A headline about something else", "related_link"),
            ("Lire aussi : un autre titre", "related_link"),
        ];
        for (line, rule) in cases {
            assert_eq!(whole_line(line), Some(rule), "{line}");
        }
    }

    #[test]
    fn normal_sentences_survive() {
        for line in [
            "The temple had 3 columns left standing after the quake.",
            "Three columns of tanks crossed the border.",
            "The ratio was 3/4 and the town / village debate went on.",
            "Russian Federation / Brochure through REUTERS TV",
            "He posted a picture called cat.png on his blog.",
            "Leave a reply to the minister, the editorial said, before Friday.",
            "Source: Traduit du site alAlam",
            "Home is where the heart is / or so they say.",
            "Related stories appeared in several outlets.",
            "« Turbine ou pas turbine » semble résolu. « Gaz russe ou pas gaz russe, telle est la question »",
            "Pologne: dernière étape de la » réintégration douce » des territoires de l’Ouest",
            "Comments by the minister were widely reported.",
        ] {
            assert_eq!(whole_line(line), None, "{line}");
        }
    }

    #[test]
    fn agency_codes_and_markers() {
        assert_eq!(
            removed("RTS1L010 [19659008] Russian bombers attacked"),
            [("agency_code", "RTS1L010 [19659008]")]
        );
        assert_eq!(
            removed("RTX3M7XU From center to right"),
            [("agency_code", "RTX3M7XU")]
        );
        assert_eq!(
            removed("Text [19659008] more"),
            [("bracket_marker", "[19659008]")]
        );
        for line in [
            "MH17 Was shot down",
            "UK2020 Report",
            "COVID19 Cases rose",
            "RTX3M7XU is a code",
            "See [12] and [2019]",
        ] {
            assert!(removed(line).is_empty(), "{line}");
        }
    }

    #[test]
    fn inline_prefilter_never_hides_a_hit() {
        for line in [
            "RTS1L010 [19659008] Russian bombers attacked",
            "RTX3M7XU From center to right",
            "Text [19659008] more",
            "fighting Iraq. </span> <span class= Russian Federation",
            "A plain sentence without markers.",
            "UK2020 Report",
            "",
        ] {
            if !removed(line).is_empty() {
                assert!(may_have_inline(line.chars()), "{line}");
            }
        }
        assert!(!may_have_inline("A plain sentence, no markers.".chars()));
        assert!(!may_have_inline("Ab".chars()));
    }

    #[test]
    fn html_remnants_keep_the_rest() {
        assert_eq!(
            removed("fighting Iraq. </span> <span class= Russian Federation"),
            [
                ("html_remnant", "</span>"),
                ("html_remnant", "<span class=")
            ]
        );
        assert_eq!(removed(r#"a <a href="x.html">link</a> b"#).len(), 2);
        for line in [
            "if a < b and c > d then",
            "x <b and c",
            "the <pre> era",
            "5 <span 6",
        ] {
            assert!(removed(line).is_empty(), "{line}");
        }
    }

    #[test]
    fn leading_emoji_decoration() {
        assert_eq!(leading_emoji("👁\u{1F5E8} ISIS profite"), Some(9));
        assert_eq!(leading_emoji("⚡️ Breaking"), Some("⚡️ ".len()));
        assert_eq!(leading_emoji("ISIS 👁"), None);
        assert_eq!(leading_emoji("👁👁"), None);
    }
}
