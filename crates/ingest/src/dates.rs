//! Publication dates from source metadata: strict ISO 8601 / RFC 3339 / RFC 2822, plus
//! a month-name fallback for localized feed dates ("sam., 03 févr. 2024").

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};
use narrascope_core::{DateInfo, DateOrigin};

/// Parses a date written in a source field. The calendar date is the one written
/// (the publisher's local date), not converted to UTC. Returns `None` for anything
/// that is not a complete, valid date in a known format.
pub fn parse_source_date(value: &str, field: &str) -> Option<DateInfo> {
    let (y, m, d) = parse_ymd(value)?;
    if !(1800..=2200).contains(&y) {
        return None;
    }
    Some(DateInfo::from_parts(
        y,
        m,
        d,
        DateOrigin::Source {
            field: field.to_owned(),
        },
    ))
}

/// A date as written: year, and month and day where given.
pub fn parse_ymd(value: &str) -> Option<(i32, Option<u32>, Option<u32>)> {
    let s = value.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    let day = |d: NaiveDate| Some((d.year(), Some(d.month()), Some(d.day())));
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return day(dt.date_naive());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(s, f) {
            return day(dt.date_naive());
        }
    }
    let naive = s.strip_suffix('Z').unwrap_or(s);
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(naive, f) {
            return day(dt.date());
        }
    }
    for f in ["%Y-%m-%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f)
            && (f != "%Y%m%d" || s.len() == 8)
        {
            return day(d);
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return day(dt.date_naive());
    }
    if let Some(ym) = year_month(s) {
        return Some(ym);
    }
    localized(s).map(|d| (d.year(), Some(d.month()), Some(d.day())))
}

/// `YYYY-MM` or `YYYY`.
fn year_month(s: &str) -> Option<(i32, Option<u32>, Option<u32>)> {
    let b = s.as_bytes();
    let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
    match b.len() {
        4 if digits(b) => Some((s.parse().ok()?, None, None)),
        7 if digits(&b[..4]) && b[4] == b'-' && digits(&b[5..]) => {
            let m: u32 = s[5..].parse().ok()?;
            (1..=12)
                .contains(&m)
                .then_some((s[..4].parse().ok()?, Some(m), None))
        }
        _ => None,
    }
}

/// Month names and abbreviations (lowercase, without trailing dots, `|`-separated) in
/// the languages feeds are most often localized in.
const MONTHS: [&str; 12] = [
    "jan|january|janv|janvier|januar|jän|jänner|ene|enero|gen|gennaio|janeiro|januari|янв|января|январь|sty|stycznia|ocak|يناير",
    "feb|february|févr|fevr|février|fevrier|februar|febrero|febbraio|fev|fevereiro|februari|фев|февр|февраля|февраль|lut|lutego|şubat|فبراير|شباط",
    "mar|march|mars|märz|marz|marzo|março|marco|maart|мар|марта|март|mär|marca|mart|مارس|آذار",
    "apr|april|avr|avril|abr|abril|aprile|апр|апреля|апрель|kwi|kwietnia|nisan|أبريل|نيسان",
    "may|mai|mayo|maggio|mag|maio|mei|мая|май|maj|maja|mayıs|مايو|أيار",
    "jun|june|juin|juni|junio|giugno|giu|junho|июн|июня|июнь|cze|czerwca|haziran|يونيو|حزيران",
    "jul|july|juil|juillet|juli|julio|luglio|lug|julho|июл|июля|июль|lip|lipca|temmuz|يوليو|تموز",
    "aug|august|août|aout|agosto|ago|augustus|авг|августа|август|sie|sierpnia|ağustos|أغسطس|آب",
    "sep|sept|september|septembre|septiembre|set|settembre|setembro|сен|сент|сентября|сентябрь|wrz|września|eylül|سبتمبر|أيلول",
    "oct|october|octobre|okt|oktober|octubre|ottobre|ott|out|outubro|окт|октября|октябрь|paź|października|ekim|أكتوبر",
    "nov|november|novembre|noviembre|novembro|ноя|нояб|ноября|ноябрь|lis|listopada|kasım|نوفمبر",
    "dec|december|déc|decembre|décembre|dez|dezember|dic|diciembre|dicembre|dezembro|дек|декабря|декабрь|gru|grudnia|aralık|ديسمبر",
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .position(|names| names.split('|').any(|n| n == w))
        .map(|i| i as u32 + 1)
}

/// A localized "day month year" or "month day, year" date (weekday and time ignored).
pub fn localized(s: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    let num = |w: &str| w.trim_end_matches('.').parse::<u32>().ok();
    for (i, w) in words.iter().enumerate() {
        let Some(month) = month_number(w) else {
            continue;
        };
        let before = i
            .checked_sub(1)
            .and_then(|j| words.get(j))
            .and_then(|w| num(w));
        let after = words.get(i + 1).and_then(|w| num(w));
        let (day, year) = match (before, after, words.get(i + 2).and_then(|w| num(w))) {
            (Some(d), Some(y), _) if d <= 31 && y >= 1000 => (d, y),
            (_, Some(d), Some(y)) if d <= 31 && y >= 1000 => (d, y),
            _ => continue,
        };
        return NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day);
    }
    None
}

/// A `DateTime<Utc>` whose calendar fields are the date as written: feed-rs converts
/// timestamps to UTC, which would move a late-evening local date to the next day.
pub fn feed_timestamp(s: &str) -> Option<DateTime<chrono::Utc>> {
    let t = s.trim();
    let local = DateTime::parse_from_rfc3339(t)
        .or_else(|_| DateTime::parse_from_rfc2822(t))
        .map(|d| d.naive_local())
        .ok()
        .or_else(|| {
            let (y, m, d) = parse_ymd(t)?;
            NaiveDate::from_ymd_opt(y, m?, d?)?.and_hms_opt(0, 0, 0)
        })?;
    Some(local.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use narrascope_core::DatePrecision;

    fn v(s: &str) -> Option<String> {
        parse_source_date(s, "f").map(|d| d.value)
    }

    #[test]
    fn iso_and_rfc_forms() {
        assert_eq!(
            v("2024-02-03T23:15:00+01:00").as_deref(),
            Some("2024-02-03")
        );
        assert_eq!(
            v("2024-02-03T23:15:00.123-0500").as_deref(),
            Some("2024-02-03")
        );
        assert_eq!(v("2024-02-03 10:15:00").as_deref(), Some("2024-02-03"));
        assert_eq!(v("2024-02-03T10:15:00Z").as_deref(), Some("2024-02-03"));
        assert_eq!(v("2024-02-03").as_deref(), Some("2024-02-03"));
        assert_eq!(
            v("Sat, 03 Feb 2024 23:30:00 -0500").as_deref(),
            Some("2024-02-03")
        );
        assert_eq!(
            v("Sat, 3 Feb 2024 10:00:00 GMT").as_deref(),
            Some("2024-02-03")
        );
        let ym = parse_source_date("2021-09", "date").unwrap();
        assert_eq!(
            (ym.value.as_str(), ym.precision),
            ("2021-09", DatePrecision::Month)
        );
        assert_eq!(v("2019").as_deref(), Some("2019"));
        let d = parse_source_date("2024-02-03", "datePublished").unwrap();
        assert_eq!(
            d.origin,
            DateOrigin::Source {
                field: "datePublished".into()
            }
        );
    }

    #[test]
    fn strict_rejects_garbage_and_impossible_dates() {
        for bad in [
            "",
            "yesterday",
            "2024-02-30",
            "2024-13",
            "12345",
            "2024-02-03Tnoon",
            "99999999",
        ] {
            assert_eq!(v(bad), None, "{bad}");
        }
    }

    #[test]
    fn localized_feed_dates() {
        assert_eq!(
            v("sam., 03 févr. 2024 10:00:00 +0100").as_deref(),
            Some("2024-02-03")
        );
        assert_eq!(v("Mo, 5. Februar 2024").as_deref(), Some("2024-02-05"));
        assert_eq!(v("3 февраля 2024").as_deref(), Some("2024-02-03"));
        assert_eq!(v("February 3, 2024").as_deref(), Some("2024-02-03"));
        assert_eq!(v("31 févr. 2024"), None);
    }

    #[test]
    fn feed_timestamp_keeps_local_date() {
        let t = feed_timestamp("Sat, 03 Feb 2024 23:30:00 -0500").unwrap();
        assert_eq!(t.date_naive().to_string(), "2024-02-03");
        let t = feed_timestamp("sam., 03 févr. 2024 10:00:00 +0100").unwrap();
        assert_eq!(t.date_naive().to_string(), "2024-02-03");
        assert!(feed_timestamp("soon").is_none());
    }
}
