//! The per-document layers (paragraphs, sentences, URLs, mentions, claims) packed into one
//! blob: a version byte, then each layer as a count and its items, integers as LEB128
//! varints, spans as start and length, strings as a length and UTF-8 bytes, optional
//! values behind a 0/1 byte or a flag bit. A mention's surface that is the text at its span
//! and a claim key that is `subject relation object` are not written.
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

/// Mention kinds by their one-byte code; a kind not listed is written out after code 7.
const KINDS: [&str; 6] = [
    "name", "acronym", "demonym", "metonym", "defined", "unlinked",
];
const OTHER_KIND: usize = 7;
/// Claim modalities by their two-bit code.
const MODALITIES: [Modality; 3] = [Modality::Asserted, Modality::Hedged, Modality::Questioned];

/// Borrowed layers to encode, so that writing needs no copies. `text` is the document
/// text: a mention's surface that is the text at its span is not written again.
pub struct LayersRef<'a> {
    pub text: &'a str,
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
    /// A span as its start and length.
    fn span(&mut self, s: Span) {
        self.usize(s.start);
        self.usize(s.end.saturating_sub(s.start));
    }
    fn str(&mut self, s: &str) {
        self.usize(s.len());
        self.0.extend_from_slice(s.as_bytes());
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
            let kind = KINDS.iter().position(|k| *k == m.kind.as_str());
            let derived = self.text.get(m.span.start..m.span.end) == Some(m.surface.as_str());
            let flags = kind.unwrap_or(OTHER_KIND) as u8
                | u8::from(m.metonym) << 3
                | u8::from(m.entity.is_some()) << 4
                | u8::from(m.sentence.is_some()) << 5
                | u8::from(derived) << 6;
            w.0.push(flags);
            if kind.is_none() {
                w.str(m.kind.as_str());
            }
            w.span(m.span);
            if !derived {
                w.str(&m.surface);
            }
            if let Some(e) = &m.entity {
                w.str(e);
            }
            w.usize(m.candidates.len());
            for c in &m.candidates {
                w.str(c);
            }
            if let Some(si) = m.sentence {
                w.usize(si);
            }
        }
        w.usize(self.claims.len());
        for c in self.claims {
            let keyed = c.key.len() == c.subject.len() + c.relation.len() + c.object.len() + 2
                && c.key == format!("{} {} {}", c.subject, c.relation, c.object);
            let modality = MODALITIES.iter().position(|m| *m == c.modality);
            let flags = u8::from(c.polarity == Polarity::Negated)
                | (modality.unwrap_or(0) as u8) << 1
                | u8::from(c.source.is_some()) << 3
                | u8::from(keyed) << 4;
            w.0.push(flags);
            for s in [&c.subject, &c.relation, &c.object] {
                w.str(s);
            }
            if !keyed {
                w.str(&c.key);
            }
            if let Some(src) = &c.source {
                w.str(src);
            }
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
    /// A reader past the version byte of `b`, which must be the current one.
    fn at_start(b: &'a [u8]) -> Result<Self, String> {
        let mut r = Reader { b, at: 0 };
        let v = r.byte()?;
        if v != VERSION {
            return Err(bad(&format!("unknown version {v}")));
        }
        Ok(r)
    }
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
    fn sentences(&mut self) -> Result<Vec<Sentence>, String> {
        let mut out = Vec::new();
        for _ in 0..self.count()? {
            let span = self.span()?;
            let paragraph = self.usize()?;
            let lang = if self.flag()? {
                let code = self.str()?.to_string();
                let mut f = [0u8; 4];
                for x in &mut f {
                    *x = self.byte()?;
                }
                Some(LangGuess {
                    code,
                    confidence: f32::from_le_bytes(f),
                })
            } else {
                None
            };
            out.push(Sentence {
                span,
                paragraph,
                lang,
            });
        }
        Ok(out)
    }
    fn count(&mut self) -> Result<usize, String> {
        let n = self.usize()?;
        if n > self.b.len() - self.at {
            return Err(bad("count beyond the end"));
        }
        Ok(n)
    }
    fn span(&mut self) -> Result<Span, String> {
        let start = self.usize()?;
        let end = start
            .checked_add(self.usize()?)
            .ok_or_else(|| bad("span beyond the largest offset"))?;
        Ok(Span::new(start, end))
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
}

impl Layers {
    pub fn as_ref<'a>(&'a self, text: &'a str) -> LayersRef<'a> {
        LayersRef {
            text,
            paragraphs: &self.paragraphs,
            sentences: &self.sentences,
            urls: &self.urls,
            mentions: &self.mentions,
            claims: &self.claims,
        }
    }

    /// Only the sentences of a blob written by [`LayersRef::encode`] (what search needs
    /// for a snippet), without decoding the rest.
    pub fn sentences_only(b: &[u8]) -> Result<Vec<Sentence>, String> {
        if b.is_empty() {
            return Ok(Vec::new());
        }
        let mut r = Reader::at_start(b)?;
        for _ in 0..r.count()? {
            r.span()?;
        }
        r.sentences()
    }

    /// Decodes a blob written by [`LayersRef::encode`] for the document `text`; an empty
    /// blob is no layers.
    pub fn decode(b: &[u8], text: &str) -> Result<Layers, String> {
        if b.is_empty() {
            return Ok(Layers::default());
        }
        let mut r = Reader::at_start(b)?;
        let mut out = Layers::default();
        for _ in 0..r.count()? {
            out.paragraphs.push(Paragraph { span: r.span()? });
        }
        out.sentences = r.sentences()?;
        for _ in 0..r.count()? {
            let url = r.str()?.to_string();
            out.urls.push(UrlMention {
                url,
                span: r.span()?,
            });
        }
        for _ in 0..r.count()? {
            let flags = r.byte()?;
            let kind = match KINDS.get(usize::from(flags & 7)) {
                Some(k) => k,
                None => r.str()?,
            };
            let kind = MentionKind::parse(kind)
                .ok_or_else(|| bad(&format!("unknown mention kind '{kind}'")))?;
            let span = r.span()?;
            let surface = if flags & 1 << 6 != 0 {
                text.get(span.start..span.end)
                    .ok_or_else(|| bad("mention outside the text"))?
            } else {
                r.str()?
            };
            let entity = if flags & 1 << 4 != 0 {
                Some(r.str()?.to_string())
            } else {
                None
            };
            let candidates = (0..r.count()?)
                .map(|_| r.str().map(String::from))
                .collect::<Result<_, _>>()?;
            let sentence = if flags & 1 << 5 != 0 {
                Some(r.usize()?)
            } else {
                None
            };
            out.mentions.push(Mention {
                span,
                surface: surface.to_string(),
                entity,
                candidates,
                kind,
                metonym: flags & 1 << 3 != 0,
                sentence,
            });
        }
        for _ in 0..r.count()? {
            let flags = r.byte()?;
            let subject = r.str()?.to_string();
            let relation = r.str()?.to_string();
            let object = r.str()?.to_string();
            let key = if flags & 1 << 4 != 0 {
                format!("{subject} {relation} {object}")
            } else {
                r.str()?.to_string()
            };
            let modality = *MODALITIES
                .get(usize::from(flags >> 1 & 3))
                .ok_or_else(|| bad("unknown modality"))?;
            let source = if flags & 1 << 3 != 0 {
                Some(r.str()?.to_string())
            } else {
                None
            };
            out.claims.push(Claim {
                subject,
                relation,
                object,
                key,
                polarity: if flags & 1 != 0 {
                    Polarity::Negated
                } else {
                    Polarity::Affirmed
                },
                modality,
                source,
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
mod tests;
