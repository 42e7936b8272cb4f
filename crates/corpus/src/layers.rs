//! The per-document layers (paragraphs, sentences, URLs, mentions, claims) packed into one
//! blob: a version byte, then each layer as a count and its items, integers as LEB128
//! varints, strings as a length and UTF-8 bytes, optional values behind a 0/1 byte.
//! One blob per document keeps a write to one row instead of hundreds.

use narrascope_core::{
    Claim, LangGuess, Mention, MentionKind, Modality, Paragraph, Polarity, Sentence, Span,
    UrlMention,
};

/// The layers of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layers {
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub urls: Vec<UrlMention>,
    pub mentions: Vec<Mention>,
    pub claims: Vec<Claim>,
}

const VERSION: u8 = 1;

/// Borrowed layers to encode, so that writing needs no copies.
pub struct LayersRef<'a> {
    pub paragraphs: &'a [Paragraph],
    pub sentences: &'a [Sentence],
    pub urls: &'a [UrlMention],
    pub mentions: &'a [Mention],
    pub claims: &'a [Claim],
}

struct Writer(Vec<u8>);

impl Writer {
    fn uint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    fn usize(&mut self, v: usize) {
        self.uint(v as u64);
    }
    fn span(&mut self, s: Span) {
        self.usize(s.start);
        self.usize(s.end);
    }
    fn str(&mut self, s: &str) {
        self.usize(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.0.push(1);
                self.str(s);
            }
            None => self.0.push(0),
        }
    }
    fn opt_usize(&mut self, v: Option<usize>) {
        match v {
            Some(v) => {
                self.0.push(1);
                self.usize(v);
            }
            None => self.0.push(0),
        }
    }
}

impl LayersRef<'_> {
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(
            64 + 8 * self.sentences.len() + 40 * self.mentions.len() + 80 * self.claims.len(),
        ));
        w.0.push(VERSION);
        w.usize(self.paragraphs.len());
        for p in self.paragraphs {
            w.span(p.span);
        }
        w.usize(self.sentences.len());
        for s in self.sentences {
            w.span(s.span);
            w.usize(s.paragraph);
            match &s.lang {
                Some(l) => {
                    w.0.push(1);
                    w.str(&l.code);
                    w.0.extend_from_slice(&l.confidence.to_le_bytes());
                }
                None => w.0.push(0),
            }
        }
        w.usize(self.urls.len());
        for u in self.urls {
            w.str(&u.url);
            w.span(u.span);
        }
        w.usize(self.mentions.len());
        for m in self.mentions {
            w.span(m.span);
            w.str(&m.surface);
            w.opt_str(m.entity.as_deref());
            w.usize(m.candidates.len());
            for c in &m.candidates {
                w.str(c);
            }
            w.str(m.kind.as_str());
            w.0.push(u8::from(m.metonym));
            w.opt_usize(m.sentence);
        }
        w.usize(self.claims.len());
        for c in self.claims {
            for s in [&c.subject, &c.relation, &c.object, &c.key] {
                w.str(s);
            }
            w.str(c.polarity.as_str());
            w.str(c.modality.as_str());
            w.opt_str(c.source.as_deref());
            w.usize(c.sentence);
            for s in [c.evidence, c.trigger, c.subject_span, c.object_span] {
                w.span(s);
            }
        }
        w.0
    }
}

/// Why a blob could not be decoded.
fn bad(what: &str) -> String {
    format!("damaged layer data ({what})")
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, String> {
        let v = *self.b.get(self.at).ok_or_else(|| bad("truncated"))?;
        self.at += 1;
        Ok(v)
    }
    fn uint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(bad("integer too long"))
    }
    fn usize(&mut self) -> Result<usize, String> {
        usize::try_from(self.uint()?).map_err(|_| bad("integer too large"))
    }
    /// A count of items that each take at least one byte: never more than remain.
    fn count(&mut self) -> Result<usize, String> {
        let n = self.usize()?;
        if n > self.b.len() - self.at {
            return Err(bad("count beyond the end"));
        }
        Ok(n)
    }
    fn span(&mut self) -> Result<Span, String> {
        Ok(Span::new(self.usize()?, self.usize()?))
    }
    fn str(&mut self) -> Result<&'a str, String> {
        let n = self.usize()?;
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or_else(|| bad("string beyond the end"))?;
        let s = std::str::from_utf8(&self.b[self.at..end]).map_err(|_| bad("not UTF-8"))?;
        self.at = end;
        Ok(s)
    }
    fn flag(&mut self) -> Result<bool, String> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(bad("bad flag")),
        }
    }
    fn opt_str(&mut self) -> Result<Option<String>, String> {
        Ok(if self.flag()? {
            Some(self.str()?.to_string())
        } else {
            None
        })
    }
    fn opt_usize(&mut self) -> Result<Option<usize>, String> {
        Ok(if self.flag()? {
            Some(self.usize()?)
        } else {
            None
        })
    }
}

impl Layers {
    pub fn as_ref(&self) -> LayersRef<'_> {
        LayersRef {
            paragraphs: &self.paragraphs,
            sentences: &self.sentences,
            urls: &self.urls,
            mentions: &self.mentions,
            claims: &self.claims,
        }
    }

    /// Decodes a blob written by [`LayersRef::encode`]; an empty blob is no layers.
    pub fn decode(b: &[u8]) -> Result<Layers, String> {
        if b.is_empty() {
            return Ok(Layers::default());
        }
        let mut r = Reader { b, at: 0 };
        let v = r.byte()?;
        if v != VERSION {
            return Err(bad(&format!("unknown version {v}")));
        }
        let mut out = Layers::default();
        for _ in 0..r.count()? {
            out.paragraphs.push(Paragraph { span: r.span()? });
        }
        for _ in 0..r.count()? {
            let span = r.span()?;
            let paragraph = r.usize()?;
            let lang = if r.flag()? {
                let code = r.str()?.to_string();
                let mut f = [0u8; 4];
                for x in &mut f {
                    *x = r.byte()?;
                }
                Some(LangGuess {
                    code,
                    confidence: f32::from_le_bytes(f),
                })
            } else {
                None
            };
            out.sentences.push(Sentence {
                span,
                paragraph,
                lang,
            });
        }
        for _ in 0..r.count()? {
            let url = r.str()?.to_string();
            out.urls.push(UrlMention {
                url,
                span: r.span()?,
            });
        }
        for _ in 0..r.count()? {
            let span = r.span()?;
            let surface = r.str()?.to_string();
            let entity = r.opt_str()?;
            let candidates = (0..r.count()?)
                .map(|_| r.str().map(String::from))
                .collect::<Result<_, _>>()?;
            let kind = r.str()?;
            let kind = MentionKind::parse(kind)
                .ok_or_else(|| bad(&format!("unknown mention kind '{kind}'")))?;
            out.mentions.push(Mention {
                span,
                surface,
                entity,
                candidates,
                kind,
                metonym: r.flag()?,
                sentence: r.opt_usize()?,
            });
        }
        for _ in 0..r.count()? {
            let subject = r.str()?.to_string();
            let relation = r.str()?.to_string();
            let object = r.str()?.to_string();
            let key = r.str()?.to_string();
            let p = r.str()?;
            let polarity =
                Polarity::parse(p).ok_or_else(|| bad(&format!("unknown polarity '{p}'")))?;
            let m = r.str()?;
            let modality =
                Modality::parse(m).ok_or_else(|| bad(&format!("unknown modality '{m}'")))?;
            out.claims.push(Claim {
                subject,
                relation,
                object,
                key,
                polarity,
                modality,
                source: r.opt_str()?,
                sentence: r.usize()?,
                evidence: r.span()?,
                trigger: r.span()?,
                subject_span: r.span()?,
                object_span: r.span()?,
            });
        }
        if r.at != b.len() {
            return Err(bad("trailing bytes"));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Layers {
        Layers {
            paragraphs: vec![Paragraph {
                span: Span::new(0, 300),
            }],
            sentences: vec![
                Sentence {
                    span: Span::new(0, 40),
                    paragraph: 0,
                    lang: Some(LangGuess {
                        code: "fr".into(),
                        confidence: 0.8125,
                    }),
                },
                Sentence {
                    span: Span::new(41, 300),
                    paragraph: 0,
                    lang: None,
                },
            ],
            urls: vec![UrlMention {
                url: "https://example.org/é".into(),
                span: Span::new(200, 222),
            }],
            mentions: vec![
                Mention {
                    span: Span::new(3, 9),
                    surface: "Irak".into(),
                    entity: Some("Q796".into()),
                    candidates: vec![],
                    metonym: false,
                    kind: MentionKind::Name,
                    sentence: Some(0),
                },
                Mention {
                    span: Span::new(50, 52),
                    surface: "IS".into(),
                    entity: None,
                    candidates: vec!["Q1".into(), "Q2".into()],
                    metonym: true,
                    kind: MentionKind::Acronym,
                    sentence: None,
                },
            ],
            claims: vec![Claim {
                subject: "Q30".into(),
                relation: "arm".into(),
                object: "Q796".into(),
                key: "Q30 arm Q796".into(),
                polarity: Polarity::Negated,
                modality: Modality::Hedged,
                source: Some("Q2".into()),
                sentence: 1,
                evidence: Span::new(41, 300),
                trigger: Span::new(60, 65),
                subject_span: Span::new(41, 45),
                object_span: Span::new(70, 76),
            }],
        }
    }

    #[test]
    fn round_trips() {
        let l = sample();
        let b = l.as_ref().encode();
        assert_eq!(Layers::decode(&b).unwrap(), l);
        assert_eq!(Layers::decode(&[]).unwrap(), Layers::default());
        let empty = Layers::default();
        assert_eq!(Layers::decode(&empty.as_ref().encode()).unwrap(), empty);
    }

    #[test]
    fn damage_is_an_error_not_a_panic() {
        let b = sample().as_ref().encode();
        for cut in 0..b.len() {
            assert!(Layers::decode(&b[..cut]).is_err() || cut == 0, "cut {cut}");
        }
        let mut extra = b.clone();
        extra.push(0);
        assert!(Layers::decode(&extra).unwrap_err().contains("trailing"));
        let mut v = b.clone();
        v[0] = 9;
        assert!(Layers::decode(&v).unwrap_err().contains("version"));
        assert!(Layers::decode(&[1, 0xff, 0xff, 0xff, 0xff, 0x0f]).is_err());
    }
}
