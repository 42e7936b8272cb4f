//! Frequent function words of the languages most often mixed in news text. A sentence's
//! hits per language are cheap evidence for which language it is written in.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;
use whatlang::Lang;

/// Languages with a word list, by ISO 639-1 code; a word's bit `i` refers to `LANGS[i]`.
pub(crate) const LANGS: [&str; 14] = [
    "en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "uk", "bg", "tr", "ro", "sv",
];

const WORDS: [&str; 14] = [
    "the and of to is was that with for are this have has it from by which were been not they their will would",
    "le la les des et est une du dans que qui pour pas sur au aux sont avec ce cette il ils ont été leur",
    "der die das und ist nicht ein eine mit den dem des zu auf für von sich auch es wird wurde sind im dass",
    "el la los las de que y en del por con una para es se su al como más pero fue han este esta",
    "il la di che e è per non un una del della dei delle con sono nel nella gli le anche più ha alla",
    "o a os as de que e do da dos das em um uma para com não no na por mais se foi são ao",
    "de het een en van is dat op te in niet met zijn voor die er ook aan wordt door maar",
    "i w z na się nie do to że jest o jak ale po przez oraz jego są dla od tak czy już",
    "и в не на что с по как это он к из за от о для его но так же было был были также который",
    "і в у не на що з як це до від та за для його але було також який які ще",
    "и в на не е за да от се с по са че като това което но към до със бе ще той",
    "ve bir bu da de için ile çok gibi daha olarak olan",
    "și în de la cu pe care nu este o un mai că din sunt fost pentru sau",
    "och i att det som en på är av för med till den har inte om ett",
];

/// No listed word is longer than this many bytes; longer words are not looked up.
const MAX_WORD_BYTES: usize = 14;

/// FNV-1a: the table holds a few hundred short words, looked up for every short word of
/// every sentence, where SipHash's strength costs time and buys nothing.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Table = HashMap<&'static str, u16, BuildHasherDefault<Fnv>>;

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut t = Table::default();
    for (i, words) in WORDS.iter().enumerate() {
        for w in words.split(' ') {
            *t.entry(w).or_default() |= 1 << i;
        }
    }
    t
});

/// What one pass over a sentence yields: its letter count, its main script class (see
/// [`super::script_class`]) and function-word hits per language (indexed like [`LANGS`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Profile {
    pub letters: usize,
    pub script: Option<u32>,
    pub hits: [u16; LANGS.len()],
}

/// Profiles `text` in a single pass over its characters.
pub(crate) fn profile(text: &str) -> Profile {
    let mut p = Profile {
        letters: 0,
        script: None,
        hits: [0; LANGS.len()],
    };
    let mut scripts: [(u32, u32); 4] = [(u32::MAX, 0); 4];
    let mut buf = String::new();
    let mut word_start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if super::is_letter(c) {
            p.letters += 1;
            word_start.get_or_insert(i);
            if p.letters <= 64 {
                let class = super::script_class(c);
                if let Some(slot) = scripts.iter_mut().find(|s| s.0 == class || s.1 == 0) {
                    *slot = (class, slot.1 + 1);
                }
            }
            continue;
        }
        let Some(start) = word_start.take() else {
            continue;
        };
        let word = &text[start..i];
        if word.len() > MAX_WORD_BYTES {
            continue;
        }
        // Function words are lower case, or capitalised at a sentence start; a word with
        // a capital further in (an acronym) then simply matches nothing.
        let Some(first) = word.chars().next() else {
            continue;
        };
        let key = if first.is_uppercase() {
            buf.clear();
            buf.extend(first.to_lowercase());
            buf.push_str(&word[first.len_utf8()..]);
            buf.as_str()
        } else {
            word
        };
        if let Some(&mask) = TABLE.get(key) {
            for (k, slot) in p.hits.iter_mut().enumerate() {
                *slot += (mask >> k) & 1;
            }
        }
    }
    p.script = scripts
        .iter()
        .filter(|s| s.1 > 0)
        .max_by_key(|s| s.1)
        .map(|s| s.0);
    p
}

/// Hits per language (indexed like [`LANGS`]) among the words of `text`.
#[cfg(test)]
pub(crate) fn hits(text: &str) -> [u16; LANGS.len()] {
    profile(text).hits
}

/// Language families whose members share function words, and the family of each listed
/// language (indexed like [`LANGS`]).
const FAMILIES: [&[Lang]; 5] = [
    &[
        Lang::Eng,
        Lang::Deu,
        Lang::Nld,
        Lang::Afr,
        Lang::Dan,
        Lang::Swe,
        Lang::Nob,
    ],
    &[
        Lang::Fra,
        Lang::Spa,
        Lang::Ita,
        Lang::Por,
        Lang::Cat,
        Lang::Ron,
        Lang::Lat,
    ],
    &[Lang::Pol, Lang::Ces, Lang::Slk, Lang::Slv, Lang::Hrv],
    &[
        Lang::Rus,
        Lang::Ukr,
        Lang::Bul,
        Lang::Bel,
        Lang::Srp,
        Lang::Mkd,
    ],
    &[Lang::Tur, Lang::Aze, Lang::Uzb, Lang::Tuk],
];
const FAMILY_OF: [usize; LANGS.len()] = [0, 1, 0, 1, 1, 1, 0, 2, 3, 3, 3, 4, 1, 0];
/// Function-word hits a family needs, and how many times the next family's, to decide.
const FAMILY_MIN_HITS: u32 = 10;
const FAMILY_MARGIN: u32 = 2;

/// The language family the function words of a whole document clearly point to.
pub(crate) fn family(profiles: &[Profile]) -> Option<&'static [Lang]> {
    let mut per_lang = [0u32; LANGS.len()];
    for p in profiles {
        for (t, &h) in per_lang.iter_mut().zip(&p.hits) {
            *t += u32::from(h);
        }
    }
    let mut per_family = [0u32; FAMILIES.len()];
    for (l, &h) in per_lang.iter().enumerate() {
        per_family[FAMILY_OF[l]] = per_family[FAMILY_OF[l]].max(h);
    }
    let best = (0..FAMILIES.len()).max_by_key(|&f| per_family[f])?;
    let runner_up = (0..FAMILIES.len())
        .filter(|&f| f != best)
        .map(|f| per_family[f])
        .max()
        .unwrap_or(0);
    (per_family[best] >= FAMILY_MIN_HITS && per_family[best] >= FAMILY_MARGIN * runner_up.max(1))
        .then_some(FAMILIES[best])
}

/// Index of a language code in [`LANGS`].
pub(crate) fn index(code: &str) -> Option<usize> {
    LANGS.iter().position(|&l| l == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_point_to_their_language() {
        let best = |t: &str| {
            let h = hits(t);
            let i = (0..LANGS.len()).max_by_key(|&i| h[i]).unwrap_or(0);
            LANGS[i]
        };
        assert_eq!(
            best("The minister said that it was not the end of the war"),
            "en"
        );
        assert_eq!(
            best("Le ministre a dit que ce n'est pas la fin de la guerre"),
            "fr"
        );
        assert_eq!(
            best("Der Minister sagte, dass es nicht das Ende des Krieges sei"),
            "de"
        );
        assert_eq!(
            best("Министр сказал, что это не конец войны, как было"),
            "ru"
        );
        assert_eq!(hits("1234 ---").iter().sum::<u16>(), 0);
        let fr = profile(
            "Le ministre a dit que ce n'est pas la fin de la guerre et que les troupes sont dans la ville avec leur chef.",
        );
        assert_eq!(family(&[fr]).map(|f| f[0]), Some(Lang::Fra));
        assert_eq!(family(&[profile("The end.")]), None);
        let longest = WORDS
            .iter()
            .flat_map(|w| w.split(' '))
            .map(str::len)
            .max()
            .unwrap_or(0);
        assert!(longest <= MAX_WORD_BYTES, "{longest}");
    }
}
