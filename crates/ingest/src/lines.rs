//! Line reading with a per-line size limit: an over-long line is skipped (its length
//! counted) without being held in memory.

use std::io::{self, BufRead};

/// One line read by [`read_line_bounded`].
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// The line's bytes are in the buffer (without the line terminator).
    Ok,
    /// The line was longer than the limit; its full length in bytes.
    TooLong(u64),
}

/// Reads the next line into `buf` (cleared first). Returns `None` at end of input.
pub fn read_line_bounded(
    reader: &mut dyn BufRead,
    max: u64,
    buf: &mut Vec<u8>,
) -> io::Result<Option<Line>> {
    buf.clear();
    let mut total: u64 = 0;
    let mut seen_any = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        seen_any = true;
        let (part, done) = match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => (&chunk[..i], Some(i + 1)),
            None => (chunk, None),
        };
        total += part.len() as u64;
        if total <= max {
            buf.extend_from_slice(part);
        } else if !buf.is_empty() {
            buf.clear();
            buf.shrink_to(64 * 1024);
        }
        let used = done.unwrap_or(part.len());
        reader.consume(used);
        if done.is_some() {
            break;
        }
    }
    if !seen_any {
        return Ok(None);
    }
    if total > max {
        return Ok(Some(Line::TooLong(total)));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(Line::Ok))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lines_and_flags_long_ones() {
        let data = b"short\r\nthis one is long\nok\nlast-no-newline";
        let mut r: &[u8] = data;
        let mut buf = Vec::new();
        let mut out = Vec::new();
        while let Some(l) = read_line_bounded(&mut r, 8, &mut buf).unwrap() {
            out.push(match l {
                Line::Ok => String::from_utf8(buf.clone()).unwrap(),
                Line::TooLong(n) => format!("<{n}>"),
            });
        }
        assert_eq!(out, ["short", "<16>", "ok", "<15>"]);
    }

    #[test]
    fn long_line_across_buffer_refills() {
        let mut data = vec![b'x'; 100_000];
        data.extend_from_slice(b"\nend\n");
        let mut r = io::BufReader::with_capacity(1024, &data[..]);
        let mut buf = Vec::new();
        assert_eq!(
            read_line_bounded(&mut r, 5000, &mut buf).unwrap(),
            Some(Line::TooLong(100_000))
        );
        assert!(buf.capacity() <= 64 * 1024);
        assert_eq!(
            read_line_bounded(&mut r, 5000, &mut buf).unwrap(),
            Some(Line::Ok)
        );
        assert_eq!(buf, b"end");
        assert_eq!(read_line_bounded(&mut r, 5000, &mut buf).unwrap(), None);
    }
}
