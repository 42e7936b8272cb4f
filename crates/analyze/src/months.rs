//! Month names in the languages narrascope reads, for dates and sentence boundaries.

/// The month (1–12) a month name or its usual abbreviation stands for, in English, French,
/// Spanish, German, Italian, Portuguese, Polish, Russian, Ukrainian, Bulgarian and Arabic
/// (Gregorian and Levantine names; the two-word Levantine names are handled by
/// [`two_word_month`]). Case and a trailing dot are ignored.
pub(crate) fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    let m = match w.as_str() {
        "january" | "jan" | "janvier" | "janv" | "enero" | "ene" | "januar" | "jänner"
        | "gennaio" | "janeiro" | "styczeń" | "stycznia" | "январь" | "января" | "січень"
        | "січня" | "януари" | "يناير" => 1,
        "february" | "feb" | "février" | "févr" | "fév" | "febrero" | "februar" | "febbraio"
        | "fevereiro" | "fev" | "luty" | "lutego" | "февраль" | "февраля" | "лютий" | "лютого"
        | "февруари" | "فبراير" | "شباط" => 2,
        "march" | "mar" | "mars" | "marzo" | "märz" | "mär" | "março" | "marzec" | "marca"
        | "март" | "марта" | "березень" | "березня" | "مارس" | "آذار" | "اذار" => {
            3
        }
        "april" | "apr" | "avril" | "avr" | "abril" | "abr" | "aprile" | "kwiecień"
        | "kwietnia" | "апрель" | "апреля" | "квітень" | "квітня" | "април" | "أبريل" | "ابريل"
        | "إبريل" | "نيسان" => 4,
        "may" | "mai" | "mayo" | "maggio" | "maio" | "maj" | "maja" | "май" | "мая" | "травень"
        | "травня" | "مايو" | "أيار" | "ايار" => 5,
        "june" | "jun" | "juin" | "junio" | "juni" | "giugno" | "junho" | "czerwiec"
        | "czerwca" | "июнь" | "июня" | "червень" | "червня" | "юни" | "يونيو" | "يونيه"
        | "حزيران" => 6,
        "july" | "jul" | "juillet" | "juil" | "julio" | "juli" | "luglio" | "julho" | "lipiec"
        | "lipca" | "июль" | "июля" | "липень" | "липня" | "юли" | "يوليو" | "يوليه" | "تموز" => {
            7
        }
        "august" | "aug" | "août" | "agosto" | "sierpień" | "sierpnia" | "август" | "августа"
        | "серпень" | "серпня" | "أغسطس" | "اغسطس" | "آب" => 8,
        "september" | "sep" | "sept" | "septembre" | "septiembre" | "setiembre" | "settembre"
        | "setembro" | "wrzesień" | "września" | "сентябрь" | "сентября" | "вересень"
        | "вересня" | "септември" | "سبتمبر" | "أيلول" | "ايلول" => {
            9
        }
        "october" | "oct" | "octobre" | "octubre" | "oktober" | "okt" | "ottobre" | "outubro"
        | "październik" | "października" | "октябрь" | "октября" | "жовтень" | "жовтня"
        | "октомври" | "أكتوبر" | "اكتوبر" => 10,
        "november" | "nov" | "novembre" | "noviembre" | "novembro" | "listopad" | "listopada"
        | "ноябрь" | "ноября" | "листопада" | "ноември" | "نوفمبر" => {
            11
        }
        "december" | "dec" | "décembre" | "déc" | "diciembre" | "dic" | "dezember" | "dez"
        | "dicembre" | "dezembro" | "grudzień" | "grudnia" | "декабрь" | "декабря" | "грудень"
        | "грудня" | "декември" | "ديسمبر" => 12,
        _ => return None,
    };
    Some(m)
}

/// The Levantine Arabic months written as two words ("كانون الثاني" = January).
pub(crate) fn two_word_month(first: &str, second: &str) -> Option<u32> {
    let later = matches!(second, "الثاني");
    let earlier = matches!(second, "الأول" | "الاول");
    match first {
        "كانون" if later => Some(1),
        "كانون" if earlier => Some(12),
        "تشرين" if earlier => Some(10),
        "تشرين" if later => Some(11),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_many_languages() {
        for (w, m) in [
            ("February", 2),
            ("février", 2),
            ("Févr.", 2),
            ("febrero", 2),
            ("Februar", 2),
            ("февраля", 2),
            ("فبراير", 2),
            ("شباط", 2),
            ("December", 12),
            ("grudnia", 12),
        ] {
            assert_eq!(month_number(w), Some(m), "{w}");
        }
        assert_eq!(month_number("Monday"), None);
        assert_eq!(two_word_month("تشرين", "الأول"), Some(10));
        assert_eq!(two_word_month("كانون", "الثاني"), Some(1));
        assert_eq!(two_word_month("كانون", "x"), None);
    }
}
