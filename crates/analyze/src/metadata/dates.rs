//! Dates written in text: "le 3 février 2024", "December 29, 2019", "am 3. Februar 2024",
//! "3 февраля 2024 г.", "3 فبراير 2024", "2021-09", "03.02.2024". Only dates with a year
//! count: a day and month alone cannot date a publication.

use crate::months::{month_number, two_word_month};

/// A date found in a line: year, month, optional day and byte range in the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    pub year: i32,
    pub month: u32,
    pub day: Option<u32>,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    text: &'a str,
    /// Value and digit count of a number token.
    num: Option<(u32, usize)>,
    start: usize,
    end: usize,
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{660}'..='\u{669}' => Some(c as u32 - 0x660),
        '\u{6F0}'..='\u{6F9}' => Some(c as u32 - 0x6F0),
        _ => None,
    }
}

fn tok(line: &str, start: usize, end: usize, is_num: bool) -> Tok<'_> {
    let text = &line[start..end];
    let num = is_num.then(|| {
        let v = text
            .chars()
            .filter_map(digit)
            .fold(0u32, |a, d| a.saturating_mul(10).saturating_add(d));
        (v, text.chars().count())
    });
    Tok {
        text,
        num,
        start,
        end,
    }
}

fn tokens(line: &str) -> Vec<Tok<'_>> {
    let mut out: Vec<Tok<'_>> = Vec::new();
    let mut cur: Option<(usize, bool)> = None; // (start, is number)
    for (i, c) in line.char_indices() {
        let kind = if digit(c).is_some() {
            Some(true)
        } else if c.is_alphabetic() || matches!(c, '\u{300}'..='\u{36F}' | '\u{64B}'..='\u{65F}') {
            Some(false)
        } else {
            None
        };
        match (cur, kind) {
            (Some((_, a)), Some(b)) if a == b => {}
            (Some((s, a)), _) => {
                out.push(tok(line, s, i, a));
                cur = kind.map(|k| (i, k));
            }
            (None, Some(k)) => cur = Some((i, k)),
            (None, None) => {}
        }
    }
    if let Some((s, a)) = cur {
        out.push(tok(line, s, line.len(), a));
    }
    out
}

/// Words that may stand between the parts of a date ("3 de febrero de 2024").
fn filler(w: &str) -> bool {
    matches!(
        w,
        "de" | "del" | "of" | "the" | "er" | "st" | "nd" | "rd" | "th" | "º" | "e" | "ta"
    )
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn make(year: u32, month: u32, day: Option<u32>, start: usize, end: usize) -> Option<FoundDate> {
    let year = i32::try_from(year).ok()?;
    let ok = (1900..=2100).contains(&year)
        && (1..=12).contains(&month)
        && day.is_none_or(|d| (1..=days_in(year, month)).contains(&d));
    ok.then_some(FoundDate {
        year,
        month,
        day,
        start,
        end,
    })
}

struct Scan<'a, 'b> {
    line: &'a str,
    toks: &'b [Tok<'a>],
}

impl Scan<'_, '_> {
    /// The gap of separators between token `i - 1` and `i` is short and has no letters.
    fn close_gap(&self, i: usize) -> bool {
        i > 0 && self.toks[i].start - self.toks[i - 1].end <= 3
    }
    fn gap(&self, i: usize) -> &str {
        &self.line[self.toks[i - 1].end..self.toks[i].start]
    }
    /// Next token after `i`, skipping filler words, when the gaps are short.
    fn next(&self, mut i: usize) -> Option<usize> {
        loop {
            i += 1;
            if i >= self.toks.len() || !self.close_gap(i) {
                return None;
            }
            if !filler(&self.toks[i].text.to_lowercase()) || self.toks[i].num.is_some() {
                return Some(i);
            }
        }
    }
    fn num(&self, i: usize) -> Option<(u32, usize)> {
        self.toks.get(i).and_then(|t| t.num)
    }
    /// Month at token `i`; returns the month and the last token index it uses.
    fn month(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.toks.get(i)?;
        if t.num.is_some() {
            return None;
        }
        if let Some(m) = self
            .toks
            .get(i + 1)
            .and_then(|n| two_word_month(t.text, n.text))
        {
            return Some((m, i + 1));
        }
        month_number(t.text).map(|m| (m, i))
    }
    fn year_at(&self, i: Option<usize>) -> Option<(u32, usize)> {
        let i = i?;
        match self.num(i)? {
            (y, 4) => Some((y, i)),
            _ => None,
        }
    }

    fn at(&self, i: usize, month_first: bool) -> Option<FoundDate> {
        let t = self.toks[i];
        if let Some((d, nd)) = t.num {
            if nd == 4 {
                // 2024-02-03, 2021-09, 2024/02/03
                let j = self
                    .next(i)
                    .filter(|&j| matches!(self.gap(j), "-" | "/" | "."))?;
                let (m, nm) = self.num(j)?;
                if nm > 2 {
                    return None;
                }
                let k = self.next(j).filter(|&k| self.gap(k) == self.gap(j));
                return match k.and_then(|k| self.num(k).filter(|n| n.1 <= 2).map(|n| (n.0, k))) {
                    Some((day, k)) => make(d, m, Some(day), t.start, self.toks[k].end),
                    None => make(d, m, None, t.start, self.toks[j].end),
                };
            }
            if nd > 2 {
                return None;
            }
            let j = self.next(i)?;
            if let Some((m, mj)) = self.month(j) {
                // 3 février 2024, 3. Februar 2024, 3 de febrero de 2024
                let (y, k) = self.year_at(self.next(mj))?;
                return make(y, m, Some(d), t.start, self.toks[k].end);
            }
            // 03.02.2024, 02/03/2024
            let sep = self.gap(j);
            let (b, nb) = self.num(j).filter(|_| matches!(sep, "." | "/" | "-"))?;
            let k = self.next(j).filter(|&k| self.gap(k) == sep)?;
            let (y, _) = self.year_at(Some(k))?;
            if nb > 2 {
                return None;
            }
            let (day, month) = if (month_first && sep == "/" && b <= 31 && d <= 12) || d > 31 {
                (b, d)
            } else {
                (d, b)
            };
            return make(y, month, Some(day), t.start, self.toks[k].end);
        }
        let (m, mi) = self.month(i)?;
        let j = self.next(mi)?;
        match self.num(j)? {
            (y, 4) => make(y, m, None, t.start, self.toks[j].end),
            (d, 1..=2) => {
                // December 29, 2019
                let (y, k) = self.year_at(self.next(j))?;
                make(y, m, Some(d), t.start, self.toks[k].end)
            }
            _ => None,
        }
    }
}

/// The first date with a year in `line`. `month_first` reads `02/03/2024` as February 3
/// (English usage); otherwise as 2 March.
pub fn find_date(line: &str, month_first: bool) -> Option<FoundDate> {
    let toks = tokens(line);
    let scan = Scan { line, toks: &toks };
    let mut i = 0;
    while i < toks.len() {
        if let Some(d) = scan.at(i, month_first) {
            return Some(d);
        }
        // "30 février 2024" is no date: do not fall back to "février 2024"
        let spoiled = toks[i].num.is_some_and(|n| n.1 <= 2);
        match scan.next(i).and_then(|j| scan.month(j)) {
            Some((_, mj)) if spoiled => i = mj + 1,
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(line: &str) -> Option<String> {
        find_date(line, false).map(|d| match d.day {
            Some(day) => format!("{:04}-{:02}-{day:02}", d.year, d.month),
            None => format!("{:04}-{:02}", d.year, d.month),
        })
    }

    #[test]
    fn dates_in_many_languages() {
        for (line, want) in [
            ("Par la rédaction, le 3 février 2024", "2024-02-03"),
            ("Publié le 1er mars 2023 à 14h", "2023-03-01"),
            ("date 2021-09 Le correspondant", "2021-09"),
            ("Published on December 29, 2019", "2019-12-29"),
            ("By Jane Doe | Dec. 29, 2019", "2019-12-29"),
            ("29 December 2019", "2019-12-29"),
            ("Publicado el 3 de febrero de 2024", "2024-02-03"),
            ("Veröffentlicht am 3. Februar 2024", "2024-02-03"),
            ("Опубликовано 3 февраля 2024 г.", "2024-02-03"),
            ("نشر في 3 فبراير 2024", "2024-02-03"),
            ("٣ شباط ٢٠٢٤", "2024-02-03"),
            ("12 كانون الثاني 2020", "2020-01-12"),
            ("Mis à jour : 03.02.2024", "2024-02-03"),
            ("Stand: 2024-02-03 10:15", "2024-02-03"),
            ("septembre 2021", "2021-09"),
        ] {
            assert_eq!(value(line).as_deref(), Some(want), "{line}");
        }
        assert_eq!(
            find_date("02/03/2024", true).map(|d| (d.month, d.day)),
            Some((2, Some(3)))
        );
    }

    #[test]
    fn no_date_without_a_year_or_when_invalid() {
        for line in [
            "the US military on December 29 launched a series of airstrikes",
            "le 3 février, a déclaré une source",
            "30 février 2024",
            "Score 12-14 in 3 sets",
            "",
        ] {
            assert_eq!(value(line), None, "{line}");
        }
    }

    #[test]
    fn span_covers_the_date() {
        let line = "Par X, le 3 février 2024";
        let d = find_date(line, false).unwrap();
        assert_eq!(&line[d.start..d.end], "3 février 2024");
    }
}
