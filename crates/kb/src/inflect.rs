//! Inflected forms generated from the base forms written in the knowledge base, so that
//! a file lists `américain` once and the linker also finds `américaines`. Forms are
//! generated on folded text (no diacritics, lower case); wrong guesses are harmless
//! because they only ever match text that contains them.

/// Inflected forms of a demonym or adjective `base` (already folded) in `lang`,
/// including `base` itself.
pub fn demonym_forms(lang: &str, base: &str) -> Vec<String> {
    let mut v = vec![base.to_string()];
    let last_word = base.rsplit(' ').next().unwrap_or(base);
    if last_word.chars().count() < 3 {
        return v;
    }
    let stem_of = |n: usize| {
        let cut = base
            .char_indices()
            .rev()
            .nth(n - 1)
            .map(|(i, _)| i)
            .unwrap_or(0);
        base[..cut].to_string()
    };
    let add = |v: &mut Vec<String>, stem: &str, ends: &[&str]| {
        for e in ends {
            v.push(format!("{stem}{e}"));
        }
    };
    match lang {
        "en" if !base.ends_with('s') && !base.ends_with("sh") && !base.ends_with("ese") => {
            v.push(format!("{base}s"));
        }
        "fr" => {
            if base.ends_with("ien") || base.ends_with("een") {
                add(&mut v, base, &["ne", "s", "nes"]);
            } else if base.ends_with('e') {
                v.push(format!("{base}s"));
            } else if base.ends_with('s') {
                add(&mut v, base, &["e", "es"]);
            } else {
                add(&mut v, base, &["e", "s", "es"]);
            }
        }
        "es" | "pt" => {
            if base.ends_with('o') {
                add(&mut v, &stem_of(1), &["a", "os", "as"]);
            } else if base.ends_with('e') {
                v.push(format!("{base}s"));
            } else if base.ends_with('i') {
                add(&mut v, base, &["es", "s"]);
            } else {
                add(&mut v, base, &["a", "es", "as", "s"]);
            }
        }
        "it" => {
            if base.ends_with('o') {
                add(&mut v, &stem_of(1), &["a", "i", "e"]);
            } else if base.ends_with('e') {
                v.push(format!("{}i", stem_of(1)));
            }
        }
        "de" => {
            if base.ends_with("er") {
                add(&mut v, base, &["in", "innen", "n"]);
            } else {
                add(&mut v, base, &["e", "en", "er", "es", "em"]);
            }
        }
        "ru" => ru_forms(base, &mut v),
        "ar" => add(&mut v, base, &["ه", "ون", "ين", "يه"]),
        _ => {}
    }
    v
}

fn ru_forms(base: &str, v: &mut Vec<String>) {
    const ADJ: [&str; 16] = [
        "ий", "ая", "ое", "ие", "ого", "ой", "ому", "ую", "им", "ими", "их", "ом", "ые", "ых",
        "ым", "ыми",
    ];
    for suffix in ["ский", "кий", "ый", "ий"] {
        if let Some(stem) = base.strip_suffix(suffix) {
            let stem = format!("{stem}{}", &suffix[..suffix.len() - 4]);
            for e in ADJ {
                v.push(format!("{stem}{e}"));
            }
            return;
        }
    }
    if let Some(stem) = base.strip_suffix("ец") {
        for e in ["ца", "цу", "цем", "це", "цы", "цев", "цам", "цами", "цах"]
        {
            v.push(format!("{stem}{e}"));
        }
        return;
    }
    v.extend(ru_noun_forms(base));
}

/// Case forms of a Russian proper name (its last word declined), e.g. `ирак` → `ирака`.
pub fn ru_noun_forms(base: &str) -> Vec<String> {
    let (head, last) = match base.rsplit_once(' ') {
        Some((h, l)) => (format!("{h} "), l),
        None => (String::new(), base),
    };
    let n = last.chars().count();
    if n < 3 || last.chars().any(|c| !('а'..='я').contains(&c) && c != 'ё') {
        return Vec::new();
    }
    let ends: (&str, &[&str]) = if let Some(s) = last.strip_suffix("ия") {
        (s, &["ии", "ию", "ией"])
    } else if let Some(s) = last.strip_suffix('а') {
        (s, &["ы", "и", "е", "у", "ой"])
    } else if let Some(s) = last.strip_suffix('я') {
        (s, &["и", "е", "ю", "ей"])
    } else if let Some(s) = last.strip_suffix('й') {
        (s, &["я", "ю", "ем", "е"])
    } else if last.ends_with(['о', 'е', 'и', 'у', 'ы', 'э', 'ю']) {
        (last, &[])
    } else {
        (last, &["а", "у", "ом", "е"])
    };
    ends.1
        .iter()
        .map(|e| format!("{head}{}{e}", ends.0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(v: &[String], s: &str) -> bool {
        v.iter().any(|x| x == s)
    }

    #[test]
    fn romance_and_germanic_demonyms() {
        let fr = demonym_forms("fr", "americain");
        for f in ["americain", "americaine", "americains", "americaines"] {
            assert!(has(&fr, f), "{f}");
        }
        assert!(has(&demonym_forms("fr", "iranien"), "iraniennes"));
        assert!(has(&demonym_forms("es", "americano"), "americanas"));
        assert!(has(&demonym_forms("it", "americano"), "americani"));
        assert!(has(&demonym_forms("de", "amerikanisch"), "amerikanischen"));
        assert!(has(&demonym_forms("de", "amerikaner"), "amerikanerin"));
        assert!(has(&demonym_forms("en", "iraqi"), "iraqis"));
    }

    #[test]
    fn russian_adjectives_and_names() {
        let ru = demonym_forms("ru", "американский");
        assert!(has(&ru, "американские") && has(&ru, "американского"));
        assert!(has(&demonym_forms("ru", "американец"), "американцы"));
        assert!(has(&ru_noun_forms("ирак"), "ирака"));
        assert!(has(&ru_noun_forms("россия"), "россии"));
        assert!(has(
            &ru_noun_forms("саудовская аравия"),
            "саудовская аравии"
        ));
        assert!(ru_noun_forms("iraq").is_empty());
    }
}
