//! Names in Devanagari, which has no capitals: no letter marks a word as a name, and
//! taking every unknown word would bury the few names among ordinary ones. An unknown name
//! is reported only where a title or honorific announces it (`राष्ट्रपति …`, `श्री …`,
//! `विदेश मंत्री …`): the Devanagari words right after the title, at most three, up to a
//! postposition, particle, common noun or verb.

use super::Word;
use super::words::is_devanagari_letter;

/// Titles and honorifics written before a person's name (not `प्रमुख`, chief, nor `नेता`,
/// leader: as often adjectives or predicates as titles).
const TITLES: [&str; 30] = [
    "राष्ट्रपति",
    "उपराष्ट्रपति",
    "प्रधानमंत्री",
    "मंत्री",
    "मुख्यमंत्री",
    "श्री",
    "श्रीमती",
    "सुश्री",
    "डॉ",
    "डॉक्टर",
    "प्रोफेसर",
    "जनरल",
    "कर्नल",
    "मेजर",
    "प्रवक्ता",
    "राजदूत",
    "सांसद",
    "विधायक",
    "महासचिव",
    "चांसलर",
    "राज्यपाल",
    "सचिव",
    "कमांडर",
    "पत्रकार",
    "संवाददाता",
    "अध्यक्ष",
    "न्यायाधीश",
    "सीईओ",
    "पीएम",
    "संस्थापक",
];

/// Words that end a name after a title: postpositions, particles, auxiliaries, pronouns
/// and the nouns that follow titles without naming anyone (`राष्ट्रपति चुनाव`, election).
const STOPS: [&str; 80] = [
    "ने",
    "को",
    "का",
    "के",
    "की",
    "से",
    "में",
    "पर",
    "तक",
    "और",
    "तथा",
    "एवं",
    "व",
    "या",
    "भी",
    "ही",
    "तो",
    "जी",
    "साहब",
    "द्वारा",
    "समेत",
    "सहित",
    "लिए",
    "ओर",
    "बाद",
    "साथ",
    "बीच",
    "है",
    "हैं",
    "था",
    "थे",
    "थी",
    "हो",
    "होने",
    "होंगे",
    "रहे",
    "रहा",
    "रही",
    "गए",
    "गया",
    "गई",
    "कहा",
    "बताया",
    "यह",
    "वह",
    "इस",
    "उस",
    "इन",
    "उन",
    "ये",
    "वे",
    "जो",
    "कि",
    "पद",
    "चुनाव",
    "भवन",
    "कार्यालय",
    "उम्मीदवार",
    "स्तर",
    "बनने",
    "बने",
    "सरकार",
    "प्रशासन",
    "कार्यकाल",
    "दौरे",
    "आवास",
    "एक",
    "स्टाफ",
    "शहर",
    "कारण",
    "रूप",
    "बन",
    "बनते",
    "बनती",
    "होते",
    "सम्मेलन",
    "पुरस्कार",
    "पिछले",
    "चुने",
    "चुनावों",
];

/// Future-tense verb endings (`आएंगे`, `करेगा`): a verb right after the name, with no
/// postposition between.
const FUTURE_ENDINGS: [&str; 4] = ["ंगे", "ेगा", "ेगी", "ूंगा"];

fn is_devanagari_word(w: &str) -> bool {
    w.chars().next().is_some_and(is_devanagari_letter)
}

/// Whether `text` holds a character from U+0900 to U+097F (written `E0 A4 ..` or
/// `E0 A5 ..`): without one, no word is a title, and the words need not be walked.
fn has_devanagari(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(0xe0, b).any(|i| matches!(b.get(i + 1), Some(0xa4 | 0xa5)))
}

/// Byte spans of the names announced by a title in `text` (whose words are `words`),
/// leaving out words for which `free` is false (already linked).
pub(super) fn cued_names(
    text: &str,
    words: &[Word],
    free: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let word = |k: usize| &text[words[k].start()..words[k].end()];
    let mut out = Vec::new();
    if !has_devanagari(text) {
        return out;
    }
    for i in 0..words.len() {
        if !words[i].devanagari() || !TITLES.contains(&word(i)) {
            continue;
        }
        let mut last = None;
        for j in i + 1..words.len().min(i + 4) {
            let gap = &text[words[j - 1].end()..words[j].start()];
            let w = word(j);
            let joined = gap == " " || (j == i + 1 && gap == ". ");
            if !joined
                || !is_devanagari_word(w)
                || STOPS.contains(&w)
                || FUTURE_ENDINGS.iter().any(|e| w.ends_with(e))
                || TITLES.contains(&w)
                || !free(words[j].start(), words[j].end())
            {
                break;
            }
            last = Some(j);
        }
        if let Some(j) = last
            && text[words[i + 1].start()..words[j].end()].chars().count() >= 2
        {
            out.push((words[i + 1].start(), words[j].end()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::words::word_spans;
    use super::*;

    fn names(text: &str) -> Vec<&str> {
        let w = word_spans(text);
        cued_names(text, &w, |_, _| true)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn names_after_titles_up_to_a_postposition() {
        // "Foreign minister S Jaishankar said that President Ram Kumar will come."
        let t = "विदेश मंत्री एस जयशंकर ने कहा कि राष्ट्रपति राम कुमार आएंगे।";
        assert_eq!(names(t), ["एस जयशंकर", "राम कुमार"]);
    }

    #[test]
    fn no_name_without_a_title_or_after_a_common_noun() {
        // "Russia and India held talks; the presidential election is near."
        let t = "रूस और भारत ने बातचीत की, राष्ट्रपति चुनाव नजदीक है।";
        assert!(names(t).is_empty());
        // a title before a Latin-script word or punctuation announces nothing here
        assert!(names("राष्ट्रपति, और श्री Smith").is_empty());
    }

    #[test]
    fn devanagari_is_seen_in_any_text() {
        assert!(has_devanagari("Le président श्री X"));
        assert!(has_devanagari("॥"));
        assert!(!has_devanagari("Россия, ภาษาไทย, ঢাকা, English"));
        assert!(!has_devanagari(""));
    }

    #[test]
    fn linked_words_are_left_out() {
        let t = "श्री नरेंद्र मोदी ने कहा";
        let w = word_spans(t);
        let m = t.find("मोदी").unwrap();
        let got = cued_names(t, &w, |s, _| s < m);
        assert_eq!(got.len(), 1);
        assert_eq!(&t[got[0].0..got[0].1], "नरेंद्र");
    }
}
