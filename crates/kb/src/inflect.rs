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
        "bg" => bg_forms(base, &mut v),
        "hi" => {
            // oblique plural of a noun made from the adjective: रूसी → रूसियों
            if let Some(stem) = base.strip_suffix('\u{940}') {
                add(&mut v, stem, &["\u{93f}यों", "\u{93f}यो"]);
            } else if base.ends_with(['य', 'न']) {
                v.push(format!("{base}\u{94b}\u{902}"));
            }
        }
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

/// Bulgarian adjectives take gender, number and the definite article (`руски` → `руската`,
/// `руските`); `-ец` nouns their plural (`украинец` → `украинци`, `украинците`).
fn bg_forms(base: &str, v: &mut Vec<String>) {
    const ADJ: [&str; 8] = ["и", "ия", "ият", "а", "ата", "о", "ото", "ите"];
    if let Some(stem) = base.strip_suffix('и') {
        v.extend(ADJ.iter().skip(1).map(|e| format!("{stem}{e}")));
    } else if let Some(stem) = base.strip_suffix("ен") {
        // западен → западна, западния…
        v.extend(ADJ.iter().skip(1).map(|e| format!("{stem}н{e}")));
        v.push(format!("{stem}ни"));
    } else if let Some(stem) = base.strip_suffix("ец") {
        for e in ["еца", "ецът", "ци", "ците"] {
            v.push(format!("{stem}{e}"));
        }
    }
}

/// Case forms of a Russian proper name: genitive, dative, accusative, instrumental and
/// prepositional, e.g. `ирак` → `ирака`. In a name of several words every word agrees
/// (`европейский союз` → `европейского союза`, `владимир путин` → `владимиром путиным`),
/// unless the words after the first are already in the genitive (`министерство обороны
/// россии`, `организация объединенных наций`): then the first word alone declines.
pub fn ru_noun_forms(base: &str) -> Vec<String> {
    let words: Vec<&str> = base.split(' ').collect();
    // short particles inside a name stay (`аль каида` → `аль каиды`)
    let cases: Vec<Option<[String; 5]>> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let particle = i + 1 < words.len() && w.chars().count() <= 3;
            if particle { None } else { ru_word_cases(w) }
        })
        .collect();
    const GENITIVE: [&str; 7] = ["ых", "их", "ии", "ой", "ей", "ы", "и"];
    // `наций` is a genitive plural, `зеленский` an adjective
    let genitive = |w: &&str| {
        GENITIVE.iter().any(|e| w.ends_with(e))
            || w.strip_suffix("ий")
                .is_some_and(|st| !st.ends_with(['к', 'г', 'х']))
    };
    let head_only = words.len() > 1 && words[1..].iter().all(genitive);
    let mut out: Vec<String> = Vec::new();
    for slot in 0..5 {
        let form: Vec<&str> = words
            .iter()
            .zip(&cases)
            .enumerate()
            .map(|(i, (w, c))| match c {
                Some(c) if i == 0 || !head_only => c[slot].as_str(),
                _ => *w,
            })
            .collect();
        let form = form.join(" ");
        if form != base && !out.contains(&form) {
            out.push(form);
        }
    }
    out
}

/// The genitive, dative, accusative, instrumental and prepositional of one Russian word of
/// a name (an adjective, a surname or a noun), or `None` when it does not decline.
fn ru_word_cases(w: &str) -> Option<[String; 5]> {
    let n = w.chars().count();
    if n < 3 || w.chars().any(|c| !('а'..='я').contains(&c) && c != 'ё') {
        return None;
    }
    let f = |stem: &str, ends: [&str; 5]| Some(ends.map(|e| format!("{stem}{e}")));
    let soft = |stem: &str| stem.ends_with(['к', 'г', 'х', 'ж', 'ш', 'щ', 'ч']);
    if n >= 5 {
        // adjectives and adjectival surnames
        // -ий after a velar or sibilant (Зеленский, Великий); Дмитрий is a noun
        if let Some(st) = w.strip_suffix("ий").filter(|st| soft(st)) {
            return f(st, ["ого", "ому", "ого", "им", "ом"]);
        }
        if let Some(st) = w.strip_suffix("ый") {
            return f(st, ["ого", "ому", "ого", "ым", "ом"]);
        }
        if let Some(st) = w
            .strip_suffix("ой")
            .filter(|st| soft(st) || st.ends_with(['н', 'в', 'т']))
        {
            return f(
                st,
                [
                    "ого",
                    "ому",
                    "ого",
                    if soft(st) { "им" } else { "ым" },
                    "ом",
                ],
            );
        }
        if let Some(st) = w.strip_suffix("ая") {
            return f(st, ["ой", "ой", "ую", "ой", "ой"]);
        }
        if let Some(st) = w.strip_suffix("яя") {
            return f(st, ["ей", "ей", "юю", "ей", "ей"]);
        }
        if let Some(st) = w.strip_suffix("ое") {
            return f(
                st,
                ["ого", "ому", "ое", if soft(st) { "им" } else { "ым" }, "ом"],
            );
        }
    }
    if let Some(st) = w.strip_suffix("ия") {
        return f(st, ["ии", "ии", "ию", "ией", "ии"]);
    }
    if let Some(st) = w.strip_suffix('а') {
        let genitive = if soft(st) { "и" } else { "ы" };
        return f(st, [genitive, "е", "у", "ой", "е"]);
    }
    if let Some(st) = w.strip_suffix('я') {
        return f(st, ["и", "е", "ю", "ей", "е"]);
    }
    if let Some(st) = w.strip_suffix('й') {
        return f(st, ["я", "ю", "я", "ем", "е"]);
    }
    if let Some(st) = w.strip_suffix('ь') {
        return f(st, ["я", "ю", "ь", "ем", "е"]);
    }
    // neuter nouns of institutions (министерство, управление); other words ending in a
    // vowel are foreign and do not decline (Токио, Дели)
    if let Some(st) = w.strip_suffix("тво") {
        return f(st, ["тва", "тву", "тво", "твом", "тве"]);
    }
    if let Some(st) = w.strip_suffix("ние") {
        return f(st, ["ния", "нию", "ние", "нием", "нии"]);
    }
    if w.ends_with(['о', 'е', 'и', 'у', 'ы', 'э', 'ю']) {
        return None;
    }
    // a surname in -ин, -ов, -ев takes -ым in the instrumental (Путиным), a place -ом
    // (Киевом): both are kept, a wrong guess matching nothing
    let surname = ["ин", "ын", "ов", "ев", "ёв"]
        .iter()
        .any(|e| w.ends_with(e));
    f(w, ["а", "у", "а", if surname { "ым" } else { "ом" }, "е"]).map(|mut c| {
        if surname {
            c[2] = format!("{w}ом");
        }
        c
    })
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
    fn bulgarian_and_hindi_demonyms() {
        let bg = demonym_forms("bg", "руски");
        for f in [
            "руски",
            "руския",
            "руският",
            "руската",
            "руското",
            "руските",
        ] {
            assert!(has(&bg, f), "{f}");
        }
        let w = demonym_forms("bg", "западен");
        assert!(has(&w, "западните") && has(&w, "западна") && has(&w, "западни"));
        assert!(has(&demonym_forms("bg", "украинец"), "украинците"));
        assert!(has(&demonym_forms("hi", "रूसी"), "रूसियों"));
        assert!(has(&demonym_forms("hi", "भारतीय"), "भारतीयों"));
        assert_eq!(demonym_forms("hi", "जर्मन").len(), 2);
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
            "саудовской аравии"
        ));
        assert!(has(
            &ru_noun_forms("европейский союз"),
            "европейского союза"
        ));
        assert!(has(
            &ru_noun_forms("российская федерация"),
            "российской федерации"
        ));
        assert!(has(&ru_noun_forms("зеленский"), "зеленского"));
        assert!(has(
            &ru_noun_forms("владимир зеленский"),
            "владимира зеленского"
        ));
        assert!(has(&ru_noun_forms("владимир путин"), "владимиром путиным"));
        assert!(has(&ru_noun_forms("кремль"), "кремля"));
        assert!(has(&ru_noun_forms("киев"), "киевом") && has(&ru_noun_forms("киев"), "киева"));
        assert!(has(&ru_noun_forms("дмитрий песков"), "дмитрия пескова"));
        assert!(has(&ru_noun_forms("белый дом"), "белого дома"));
        assert!(has(
            &ru_noun_forms("организация объединенных наций"),
            "организации объединенных наций"
        ));
        assert!(has(&ru_noun_forms("нью йорк"), "нью йорка"));
        assert!(has(
            &ru_noun_forms("министерство обороны россии"),
            "министерства обороны россии"
        ));
        assert!(ru_noun_forms("iraq").is_empty());
        assert!(ru_noun_forms("нато").is_empty());
    }
}
