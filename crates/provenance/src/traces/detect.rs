//! The trace detectors: each looks at one text (the document's, or a removed piece of debris)
//! and reports what it saw with byte ranges into that text.

use narrascope_core::Span;

use crate::lexicon::{LangLexicon, Lexicon};

/// A trace before weighting.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    pub kind: &'static str,
    pub span: Span,
    pub detail: String,
}

/// Words (letters and combining marks) with their byte offsets.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut it = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let is_w = |c: char| c.is_alphabetic() || is_mark(c);
        let (start, _) = it.find(|&(_, c)| is_w(c))?;
        let mut end = text.len();
        while let Some(&(i, c)) = it.peek() {
            if !is_w(c) {
                end = i;
                break;
            }
            it.next();
        }
        Some((start, &text[start..end]))
    })
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn char_after(text: &str, end: usize) -> Option<char> {
    text[end..].chars().next()
}

/// Part of a URL, address, handle or hashtag.
fn in_link(text: &str, start: usize, end: usize) -> bool {
    let b = char_before(text, start);
    let a = char_after(text, end);
    matches!(b, Some('#' | '@' | '/' | '.' | '_' | '=' | '-'))
        || matches!(a, Some('/' | '_' | '='))
        || (a == Some('.')
            && text[end + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric))
}

/// Abbreviations of another language written with their case (`UU`, `EI`).
pub fn foreign_abbreviations(text: &str, lex: &LangLexicon) -> Vec<Seen> {
    let mut out = Vec::new();
    for a in &lex.foreign_abbreviations {
        for (i, _) in text.match_indices(a.form.as_str()) {
            let end = i + a.form.len();
            let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            if alnum(char_before(text, i)) || alnum(char_after(text, end)) || in_link(text, i, end)
            {
                continue;
            }
            out.push(Seen {
                kind: "foreign_abbreviation",
                span: Span::new(i, end),
                detail: format!("\"{}\" is {}", a.form, a.meaning),
            });
        }
    }
    out
}

fn has_latin_diacritic(w: &str) -> bool {
    w.chars()
        .any(|c| matches!(c, '\u{c0}'..='\u{24f}') && c != '\u{d7}' && c != '\u{f7}')
}

/// Lower-case words with accents in a language written without them (English), except
/// known loanwords and words beside another accented word (a quoted foreign phrase).
pub fn untranslated_accents(text: &str, lex: &LangLexicon) -> Vec<Seen> {
    let all: Vec<(usize, &str)> = words(text).collect();
    let accented = |i: usize| all.get(i).is_some_and(|(_, w)| has_latin_diacritic(w));
    all.iter()
        .enumerate()
        .filter(|&(i, &(s, w))| {
            w.chars().next().is_some_and(char::is_lowercase)
                && has_latin_diacritic(w)
                && !lex.accented_loanwords.contains(&w.to_lowercase())
                && !in_link(text, s, s + w.len())
                && (i == 0 || !accented(i - 1))
                && !accented(i + 1)
        })
        .map(|(_, &(s, w))| Seen {
            kind: "untranslated_accent",
            span: Span::new(s, s + w.len()),
            detail: format!("\"{w}\" keeps accents the language does not use"),
        })
        .collect()
}

/// Names of peoples and nationalities written in lower case where the language capitalises
/// them (`the general iranian`).
pub fn lowercase_demonyms(text: &str, lex: &LangLexicon) -> Vec<Seen> {
    words(text)
        .filter(|(s, w)| lex.capitalised.contains(*w) && !in_link(text, *s, s + w.len()))
        .map(|(s, w)| Seen {
            kind: "lowercase_demonym",
            span: Span::new(s, s + w.len()),
            detail: format!("\"{w}\" is written with a capital in {}", lex.lang),
        })
        .collect()
}

/// Runs of two or more lower-case function words of another language, at most one other
/// word apart, in text of language `lang`; not right before a capitalised word.
pub fn foreign_words(text: &str, lang: &str, lexicon: &Lexicon) -> Vec<Seen> {
    let Some(own) = lexicon.langs.iter().position(|l| l.lang == lang) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // The open run: start, end, function words, votes per language; words since its last hit.
    let mut run: Option<(usize, usize, usize, [u32; 64])> = None;
    let mut gap = 0;
    let mut close = |run: &mut Option<(usize, usize, usize, [u32; 64])>| {
        if let Some((s, e, n, votes)) = run.take()
            && n >= 2
        {
            let best = (0..lexicon.langs.len().min(64))
                .max_by_key(|&i| (votes[i], std::cmp::Reverse(i)))
                .map_or("", |i| lexicon.langs[i].lang.as_str());
            out.push(Seen {
                kind: "foreign_word",
                span: Span::new(s, e),
                detail: format!(
                    "\"{}\": function words of another language ({best})",
                    &text[s..e]
                ),
            });
        }
    };
    for (s, w) in words(text) {
        // A run right before a capitalised word is a name's particles (`de la Cruz`).
        if run.is_some() && gap == 0 && w.chars().next().is_some_and(char::is_uppercase) {
            run = None;
        }
        // Parts of hyphenated names and links (`al-Hachd`, `us-strikes-to`) are not words.
        let joined = matches!(char_before(text, s), Some('-' | '/' | '_' | '.'))
            || matches!(char_after(text, s + w.len()), Some('-' | '/' | '_'));
        let lower = !joined && w.chars().next().is_some_and(char::is_lowercase);
        let mask = if lower {
            lexicon.function_word_langs.get(w).copied().unwrap_or(0)
        } else {
            0
        };
        if mask == 0 || mask & (1 << own) != 0 {
            gap += 1;
            if gap > 1 {
                close(&mut run);
            }
            continue;
        }
        gap = 0;
        let r = run.get_or_insert((s, s, 0, [0; 64]));
        r.1 = s + w.len();
        r.2 += 1;
        for (i, v) in r.3.iter_mut().enumerate() {
            *v += u32::from(mask & (1 << i) != 0);
        }
    }
    close(&mut run);
    out
}

/// One regular expression for the translation notes of every language.
pub fn notes_regex(lexicon: &Lexicon) -> Option<regex::Regex> {
    let all: Vec<String> = lexicon
        .langs
        .iter()
        .flat_map(|l| &l.notes)
        .map(|re| format!("(?:{})", re.as_str()))
        .collect();
    // Each part compiled alone when the lexicon was loaded, so the union compiles too.
    regex::Regex::new(&all.join("|"))
        .ok()
        .filter(|_| !all.is_empty())
}

/// Notes saying the text is a translation, in lines of at most 160 characters (only those
/// are searched: a pattern with `\\b` is slow on long non-ASCII text).
pub fn translation_notes(text: &str, notes: Option<&regex::Regex>) -> Vec<Seen> {
    let Some(re) = notes else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_end();
        if t.len() <= 160 * 4
            && t.trim_start().chars().count() <= 160
            && let Some(m) = re.find(t)
        {
            out.push(Seen {
                kind: "translation_note",
                span: Span::new(at + m.start(), at + t.len()),
                detail: format!("translation note: \"{}\"", t.trim()),
            });
        }
        at += line.len();
    }
    out
}

/// The trace kind of a debris rule recorded by ingest.
pub fn removal_kind(rule: &str) -> &'static str {
    match rule {
        "breadcrumb" | "comment_box" | "layout_word" | "related_link" => "site_furniture",
        "source_link" => "source_link",
        "image_file" => "image_file",
        "html_remnant" | "bracket_marker" => "markup_leftover",
        "agency_code" => "agency_code",
        _ => "scrape_debris",
    }
}

#[cfg(test)]
mod tests;
