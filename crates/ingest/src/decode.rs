//! Bytes to text: BOMs, UTF-16, declared charsets, legacy encodings, binary rejection.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// The encoding's WHATWG name, e.g. `UTF-8`, `windows-1252`.
    pub encoding: &'static str,
    /// Number of byte sequences that could not be decoded and became U+FFFD.
    pub replaced: usize,
}

/// Known binary file signatures and their names.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or office document"),
    (b"\x89PNG", "PNG image"),
    (b"\xFF\xD8\xFF", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1F\x8B", "gzip-compressed data"),
    (b"\x28\xB5\x2F\xFD", "zstd-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"7z\xBC\xAF", "7z archive"),
    (b"\x7FELF", "executable"),
    (b"RIFF", "RIFF media file"),
    (b"\xD0\xCF\x11\xE0", "legacy office document"),
    (b"SQLite format 3\0", "SQLite database"),
];

/// Why bytes could not be decoded as text.
pub fn binary_signature(head: &[u8]) -> Option<&'static str> {
    MAGIC
        .iter()
        .find(|(m, _)| head.starts_with(m))
        .map(|(_, name)| *name)
}

/// Decodes `bytes` to text. `declared` is a charset label the container declares
/// (HTML `<meta charset>`, HTTP `Content-Type`); it is honoured unless the bytes carry
/// a BOM or are valid UTF-8. Errors are short messages ("empty", "binary file (…)").
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("empty".into());
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return finish(decode_with(enc, &bytes[bom_len..]));
    }
    if let Some(enc) = sniff_utf16(bytes) {
        return finish(decode_with(enc, bytes));
    }
    if let Some(kind) = binary_signature(bytes) {
        return Err(format!("binary file ({kind})"));
    }
    if memchr_nul(bytes) {
        return Err("binary file (contains NUL bytes)".into());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return finish(Decoded {
            text: s.to_owned(),
            encoding: UTF_8.name(),
            replaced: 0,
        });
    }
    let declared = declared
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .filter(|e| *e != UTF_16LE && *e != UTF_16BE);
    let enc = match declared {
        Some(e) => e,
        None if mostly_utf8(bytes) => UTF_8,
        None => {
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(bytes, true);
            det.guess(None, chardetng::Utf8Detection::Allow)
        }
    };
    finish(decode_with(enc, bytes))
}

fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    let used = enc;
    let text = text.into_owned();
    let replaced = if enc == UTF_8 || enc == UTF_16LE || enc == UTF_16BE {
        text.matches('\u{FFFD}').count()
    } else {
        0
    };
    Decoded {
        text,
        encoding: used.name(),
        replaced,
    }
}

/// Rejects decoded text that is mostly control characters or replacement characters.
fn finish(d: Decoded) -> Result<Decoded, String> {
    if d.text.trim().is_empty() {
        return Err("empty".into());
    }
    let (mut total, mut bad) = (0usize, 0usize);
    for c in d.text.chars().take(65_536) {
        total += 1;
        if c == '\0' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C' | '\x1B')) {
            bad += 1;
        }
    }
    if bad * 20 > total {
        return Err("binary file (mostly control characters)".into());
    }
    if d.replaced * 5 > total.max(1) {
        return Err(format!(
            "not text: {} of {} characters undecodable as {}",
            d.replaced, total, d.encoding
        ));
    }
    Ok(d)
}

fn memchr_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

/// True when the bytes are UTF-16 (with a BOM, or by the pattern of NUL bytes).
pub fn is_utf16(head: &[u8]) -> bool {
    match Encoding::for_bom(head) {
        Some((enc, _)) => enc != UTF_8,
        None => sniff_utf16(head).is_some(),
    }
}

/// UTF-16 without a BOM: many NUL bytes on one parity only.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd * 10 > pairs * 4 && even * 20 < pairs {
        Some(UTF_16LE)
    } else if even * 10 > pairs * 4 && odd * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// True when invalid sequences are rare next to valid multi-byte UTF-8 characters:
/// such text is UTF-8 with a few damaged bytes, not a legacy encoding.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid_multi, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid_multi += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    valid_multi >= 2 && valid_multi > invalid
}

/// The charset a `<meta charset>` or `<meta http-equiv content>` declares in the first
/// 4 KB of an HTML page.
pub fn html_meta_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(pos) = rest.find("<meta") {
        let tag_end = rest[pos..].find('>').map_or(rest.len(), |e| pos + e);
        let tag = &rest[pos..tag_end];
        if let Some(cs) = tag.find("charset=") {
            let value: String = tag[cs + 8..]
                .trim_start_matches(['"', '\'', ' '])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                .collect();
            if !value.is_empty() {
                return Some(value);
            }
        }
        rest = &rest[tag_end..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_and_bom_is_stripped() {
        let d = decode("\u{FEFF}Привет, мир".as_bytes(), None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("Привет, мир", "UTF-8"));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "Déclaration du ministère: 3 février";
        let mut le: Vec<u8> = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le, None).unwrap().text, text);
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let d = decode(&be, None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "UTF-16BE"));
    }

    #[test]
    fn legacy_single_byte_is_detected() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("Le président a déclaré à la télévision que l'été serait difficile.");
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("président a déclaré"), "{}", d.text);
        let (cyr, _, _) =
            encoding_rs::WINDOWS_1251.encode("Министерство обороны сообщило о новых ударах");
        assert!(decode(&cyr, None).unwrap().text.starts_with("Министерство"));
    }

    #[test]
    fn declared_charset_wins_over_guess_but_not_over_valid_utf8() {
        let (koi, _, _) = encoding_rs::KOI8_R.encode("Новости дня");
        assert_eq!(decode(&koi, Some("koi8-r")).unwrap().text, "Новости дня");
        let d = decode("déjà vu".as_bytes(), Some("windows-1252")).unwrap();
        assert_eq!(d.text, "déjà vu");
    }

    #[test]
    fn damaged_utf8_is_decoded_lossily() {
        let mut b = "Ελληνικά κείμενα με λάθος ".as_bytes().to_vec();
        b.push(0xFF);
        b.extend_from_slice("byte εδώ".as_bytes());
        let d = decode(&b, None).unwrap();
        assert_eq!((d.encoding, d.replaced), ("UTF-8", 1));
        assert!(d.text.contains("λάθος \u{FFFD}byte"));
    }

    #[test]
    fn binary_and_empty_are_rejected() {
        assert_eq!(decode(b"", None).unwrap_err(), "empty");
        assert_eq!(decode(b" \n\t ", None).unwrap_err(), "empty");
        assert!(decode(b"abc\0def", None).unwrap_err().contains("NUL"));
        assert!(decode(b"%PDF-1.7 xx", None).unwrap_err().contains("PDF"));
        let ctl: Vec<u8> = (0..200u8)
            .map(|i| if i % 3 == 0 { 0x01 } else { b'a' })
            .collect();
        assert!(decode(&ctl, None).unwrap_err().contains("control"));
    }

    #[test]
    fn meta_charset_prescan() {
        let h = br#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head>"#;
        assert_eq!(html_meta_charset(h).as_deref(), Some("iso-8859-1"));
        assert_eq!(
            html_meta_charset(b"<meta charset='utf-8'>").as_deref(),
            Some("utf-8")
        );
        assert_eq!(html_meta_charset(b"<meta name=x>"), None);
    }
}
