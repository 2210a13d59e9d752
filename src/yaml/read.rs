//! Reading a source file as text, within the size limit: UTF-8 only, a UTF-8 byte order
//! mark accepted and dropped, anything else named.
//!
//! Every reader of YAML or JSON (spec, config, templates) comes through here, so a
//! binary file, a UTF-16 export or a dangling link is one located error wherever it is met.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::limits::MAX_BYTES;
use super::Pos;

/// Why a file could not be read as text. Each is located (see [`ReadError::pos`]) so it
/// can be reported as a finding on the file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read the file: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("dangling symbolic link: its target {} does not exist", target.display())]
    DanglingLink { path: PathBuf, target: PathBuf },
    #[error("not a regular file but {kind}")]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error("{bytes} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        path: PathBuf,
        bytes: u64,
        limit: u64,
    },
    #[error("not UTF-8 text: {encoding}; only UTF-8 is read")]
    Encoding {
        path: PathBuf,
        encoding: &'static str,
        pos: Pos,
    },
}

impl ReadError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ReadError::Io { path, .. }
            | ReadError::DanglingLink { path, .. }
            | ReadError::NotAFile { path, .. }
            | ReadError::TooLarge { path, .. }
            | ReadError::Encoding { path, .. } => path,
        }
    }

    /// Where in the file: the first byte that is not UTF-8, else the file's start.
    pub fn pos(&self) -> Pos {
        match self {
            ReadError::Encoding { pos, .. } => *pos,
            _ => Pos { line: 1, col: 1 },
        }
    }
}

/// The text of the regular file at `path`, at most [`MAX_BYTES`] long, without a UTF-8
/// byte order mark.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_owned(),
        source,
    };
    let link = std::fs::symlink_metadata(path).map_err(io)?;
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if link.file_type().is_symlink() && e.kind() == std::io::ErrorKind::NotFound => {
            let target = std::fs::read_link(path).unwrap_or_default();
            return Err(ReadError::DanglingLink {
                path: path.to_owned(),
                target,
            });
        }
        Err(e) => return Err(io(e)),
    };
    if !meta.is_file() {
        return Err(ReadError::NotAFile {
            path: path.to_owned(),
            kind: kind_of(&meta),
        });
    }
    let too_large = |bytes| ReadError::TooLarge {
        path: path.to_owned(),
        bytes,
        limit: MAX_BYTES,
    };
    if meta.len() > MAX_BYTES {
        return Err(too_large(meta.len()));
    }
    // The length can change between the check and the read: read one byte past the limit.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > MAX_BYTES {
        return Err(too_large(read));
    }
    decode(bytes).map_err(|(encoding, pos)| ReadError::Encoding {
        path: path.to_owned(),
        encoding,
        pos,
    })
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    if meta.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    "a special file"
}

/// `bytes` as UTF-8 text without a byte order mark, or the encoding it seems to be in and
/// where the first byte that is not UTF-8 text is.
pub(crate) fn decode(mut bytes: Vec<u8>) -> Result<String, (&'static str, Pos)> {
    const BOMS: &[(&[u8], &str)] = &[
        (&[0xFF, 0xFE, 0x00, 0x00], "UTF-32LE (byte order mark)"),
        (&[0x00, 0x00, 0xFE, 0xFF], "UTF-32BE (byte order mark)"),
        (&[0xFF, 0xFE], "UTF-16LE (byte order mark)"),
        (&[0xFE, 0xFF], "UTF-16BE (byte order mark)"),
    ];
    let start = Pos { line: 1, col: 1 };
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    } else if let Some((_, name)) = BOMS.iter().find(|(bom, _)| bytes.starts_with(bom)) {
        return Err((name, start));
    }
    let (valid, encoding) = match std::str::from_utf8(&bytes) {
        Ok(text) => match text.find('\0') {
            Some(at) => (at, guess(&bytes)),
            None => return String::from_utf8(bytes).map_err(|_| ("binary data", start)),
        },
        Err(e) => (e.valid_up_to(), guess(&bytes)),
    };
    Err((encoding, position(&bytes[..valid])))
}

/// A name for bytes that are not UTF-8: UTF-16 without a byte order mark shows as every
/// other byte zero in ASCII text; other NUL or control bytes mean binary; the rest is
/// most likely an 8-bit encoding.
fn guess(bytes: &[u8]) -> &'static str {
    let head = &bytes[..bytes.len().min(4096)];
    let zeros_at = |parity: usize| {
        head.iter()
            .enumerate()
            .filter(|(i, b)| i % 2 == parity && **b == 0)
            .count()
    };
    let half = head.len() / 2;
    if half > 0 && zeros_at(1) * 10 >= half * 9 && zeros_at(0) == 0 {
        return "UTF-16LE (no byte order mark)";
    }
    if half > 0 && zeros_at(0) * 10 >= half * 9 && zeros_at(1) == 0 {
        return "UTF-16BE (no byte order mark)";
    }
    let control = |b: &u8| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
    if bytes.iter().any(control) {
        return "binary data";
    }
    "an 8-bit encoding such as Latin-1 (ISO-8859-1)"
}

/// The position just after `text`, which is valid UTF-8.
fn position(text: &[u8]) -> Pos {
    let text = String::from_utf8_lossy(text);
    let line = text.matches('\n').count() + 1;
    let col = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        col: u32::try_from(col).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_utf8_byte_order_mark_is_dropped() {
        let text = decode(b"\xEF\xBB\xBFResources: {}\n".to_vec()).unwrap();
        assert_eq!(text, "Resources: {}\n");
    }

    #[test]
    fn utf16_is_named_with_or_without_a_byte_order_mark() {
        let utf16: Vec<u8> = "Resources: {}\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let mut marked = vec![0xFF, 0xFE];
        marked.extend(&utf16);
        assert_eq!(decode(marked).unwrap_err().0, "UTF-16LE (byte order mark)");
        assert_eq!(
            decode(utf16).unwrap_err().0,
            "UTF-16LE (no byte order mark)"
        );
    }

    #[test]
    fn latin1_is_located_at_the_first_byte_that_is_not_utf8() {
        let (name, pos) = decode(b"a: 1\nb: caf\xE9\n".to_vec()).unwrap_err();
        assert!(name.contains("Latin-1"), "{name}");
        assert_eq!(pos, Pos { line: 2, col: 7 });
    }

    #[test]
    fn nul_bytes_are_binary_even_when_valid_utf8() {
        let (name, pos) = decode(b"ab\0cd\0\0".to_vec()).unwrap_err();
        assert!(name.starts_with("binary"), "{name}");
        assert_eq!(pos, Pos { line: 1, col: 3 });
    }
}
