//! Finding, ordering and validating the frames of `stitch`, from their headers only.

use std::cmp::Ordering;
use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read, Seek};
use std::path::{Path, PathBuf};

use anyhow::Result;
use glob::{MatchOptions, Pattern};

use crate::cli::SortOrder;
use crate::error::{bail, Failure};
use crate::shown::shown;
use crate::signals;

/// The largest width or height framekit accepts. H.264 levels stop at 8192 and most encoders
/// at 16384; a header that claims more is corrupt or hostile, and would make ffmpeg try to
/// allocate gigabytes before failing.
pub const MAX_SIDE: u32 = 16384;

/// How many offending frames an error lists before summarising the rest.
const MAX_LISTED: usize = 20;

/// The image formats framekit stitches (ffmpeg decodes them from one stream on stdin).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameFormat {
    Png,
    Jpeg,
}

impl FrameFormat {
    pub fn name(self) -> &'static str {
        match self {
            FrameFormat::Png => "PNG",
            FrameFormat::Jpeg => "JPEG",
        }
    }

    /// The format a file name declares by its extension, if any.
    fn declared_by(path: &Path) -> Option<FrameFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "png" => Some(FrameFormat::Png),
            "jpg" | "jpeg" => Some(FrameFormat::Jpeg),
            _ => None,
        }
    }
}

/// Validated frames: all readable, one format, one size, in their final order.
#[derive(Debug)]
pub struct Frames {
    pub paths: Vec<PathBuf>,
    pub width: u32,
    pub height: u32,
    pub format: FrameFormat,
}

/// Lists the files in `dir` whose names match `pattern`, sorts them, and validates every header.
pub fn collect(dir: &Path, pattern: &str, sort: Option<SortOrder>) -> Result<Frames> {
    let matcher = Pattern::new(pattern).map_err(|e| {
        bail(Failure::usage(format!(
            "--glob '{pattern}' is not a valid pattern: {e}"
        )))
    })?;
    let mut names = matching_names(dir, &matcher)?;
    if names.is_empty() {
        return Err(no_match(dir, pattern));
    }
    order(&mut names, sort);
    let regular: Vec<bool> = names.iter().map(|c| c.regular).collect();
    let paths: Vec<PathBuf> = names.into_iter().map(|c| dir.join(c.name)).collect();
    validate(paths, &regular)
}

/// A directory entry whose name matched.
struct Candidate {
    name: OsString,
    /// readdir already said it is a regular file (not a symlink), so it needs no stat.
    regular: bool,
}

impl AsRef<OsStr> for Candidate {
    fn as_ref(&self) -> &OsStr {
        &self.name
    }
}

fn matching_names(dir: &Path, matcher: &Pattern) -> Result<Vec<Candidate>> {
    let entries = fs::read_dir(dir).map_err(|e| dir_error(dir, e))?;
    // A leading dot must be matched literally, as in a shell: hidden files (and framekit's own
    // temporary files) are never frames unless the pattern asks for them.
    let options = MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: true,
    };
    let mut names = Vec::new();
    for entry in entries {
        signals::check()?;
        let entry = entry.map_err(|e| dir_error(dir, e))?;
        let name = entry.file_name();
        // Names need not be UTF-8; an undecodable byte matches `*` or `?` like any character.
        if matcher.matches_with(&name.to_string_lossy(), options) {
            // On Linux and macOS the type comes with the entry, without a system call.
            let regular = entry.file_type().is_ok_and(|t| t.is_file());
            names.push(Candidate { name, regular });
        }
    }
    Ok(names)
}

fn dir_error(dir: &Path, error: io::Error) -> anyhow::Error {
    let message = match error.kind() {
        io::ErrorKind::NotFound => format!("the frames folder {} does not exist", shown(dir)),
        io::ErrorKind::NotADirectory => format!("{} is not a folder", shown(dir)),
        io::ErrorKind::PermissionDenied => {
            format!(
                "cannot read the frames folder {}: permission denied",
                shown(dir)
            )
        }
        _ => format!("cannot read the frames folder {}: {error}", shown(dir)),
    };
    bail(Failure::failed(message))
}

fn no_match(dir: &Path, pattern: &str) -> anyhow::Error {
    let mut failure = Failure::failed(format!(
        "no file in {} matches the pattern '{pattern}'",
        shown(dir)
    ));
    if let Some((extension, count)) = commonest_extension(dir) {
        failure = failure.hint(format!(
            "{count} file(s) there end in .{extension}; try --glob '*.{extension}'"
        ));
    }
    bail(failure)
}

/// The most frequent file extension in `dir`, for the "did you mean" hint.
fn commonest_extension(dir: &Path) -> Option<(String, usize)> {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for entry in fs::read_dir(dir).ok()?.flatten() {
        if let Some(extension) = Path::new(&entry.file_name()).extension() {
            *counts
                .entry(extension.to_string_lossy().into_owned())
                .or_default() += 1;
        }
    }
    counts.into_iter().max_by_key(|(_, count)| *count)
}

/// Sorts in place. Without an explicit order, warns when natural order would differ.
fn order<T: AsRef<OsStr>>(names: &mut [T], sort: Option<SortOrder>) {
    names.sort_unstable_by(|a, b| {
        let (a, b) = (a.as_ref(), b.as_ref());
        a.as_encoded_bytes().cmp(b.as_encoded_bytes())
    });
    match sort {
        Some(SortOrder::Bytes) => {}
        Some(SortOrder::Natural) => names.sort_by(|a, b| natural(a.as_ref(), b.as_ref())),
        None => {
            // Sorted by bytes, a pair of neighbours out of natural order shows the two differ.
            let out_of_order = |w: &&[T]| natural(w[0].as_ref(), w[1].as_ref()).is_gt();
            if let Some(pair) = names.windows(2).find(out_of_order) {
                crate::style::warn(&format!(
                    "frames are in byte order of their names, so {} comes before {}; \
                     pass --sort natural to order numbers by value, or --sort bytes to keep \
                     this order without this warning",
                    shown(Path::new(pair[0].as_ref())),
                    shown(Path::new(pair[1].as_ref())),
                ));
            }
        }
    }
}

/// Natural order (`2` before `10`), then bytes so that the order is total.
fn natural(a: &OsStr, b: &OsStr) -> Ordering {
    natord::compare(&a.to_string_lossy(), &b.to_string_lossy())
        .then_with(|| a.as_encoded_bytes().cmp(b.as_encoded_bytes()))
}

/// What a frame's header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub format: FrameFormat,
    pub width: u32,
    pub height: u32,
}

fn validate(paths: Vec<PathBuf>, regular: &[bool]) -> Result<Frames> {
    let headers = read_headers(&paths, regular)?;
    let mut problems = Vec::new();
    let mut reference: Option<(Header, usize)> = None;
    for (index, (path, header)) in paths.iter().zip(headers).enumerate() {
        let header = match header {
            Ok(header) => header,
            Err(problem) => {
                problems.push(format!("{} {problem}", shown(path)));
                continue;
            }
        };
        let Some((expected, at)) = reference else {
            reference = Some((header, index));
            continue;
        };
        let source = shown(&paths[at]);
        if header.format != expected.format {
            problems.push(format!(
                "{} is a {} image, expected {} (as {source})",
                shown(path),
                header.format.name(),
                expected.format.name()
            ));
        } else if (header.width, header.height) != (expected.width, expected.height) {
            problems.push(format!(
                "{} is {}x{}, expected {}x{} (as {source})",
                shown(path),
                header.width,
                header.height,
                expected.width,
                expected.height
            ));
        }
    }
    if !problems.is_empty() {
        return Err(invalid_frames(&problems, paths.len()));
    }
    let (header, _) = reference.expect("no problems and at least one frame");
    Ok(Frames {
        paths,
        width: header.width,
        height: header.height,
        format: header.format,
    })
}

/// Below this many frames, one thread reads every header.
const FRAMES_PER_THREAD: usize = 512;

/// Reads every header, spread over the machine's cores: the work is system calls (open,
/// read, close), which run in parallel.
fn read_headers(
    paths: &[PathBuf],
    regular: &[bool],
) -> Result<Vec<std::result::Result<Header, String>>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let threads = cores.min(paths.len().div_ceil(FRAMES_PER_THREAD)).max(1);
    let chunk = paths.len().div_ceil(threads).max(1);
    let read_chunk = |(paths, regular): (&[PathBuf], &[bool])| {
        let mut headers = Vec::with_capacity(paths.len());
        for (path, &regular) in paths.iter().zip(regular) {
            signals::check()?;
            headers.push(read_frame_header(path, regular));
        }
        Ok::<_, anyhow::Error>(headers)
    };
    let chunks = paths.chunks(chunk).zip(regular.chunks(chunk));
    if threads == 1 {
        return chunks.map(read_chunk).next().unwrap_or(Ok(Vec::new()));
    }
    std::thread::scope(|scope| {
        let workers: Vec<_> = chunks.map(|c| scope.spawn(move || read_chunk(c))).collect();
        let mut headers = Vec::with_capacity(paths.len());
        for worker in workers {
            headers.extend(worker.join().expect("a header reader panicked")?);
        }
        Ok(headers)
    })
}

fn invalid_frames(problems: &[String], total: usize) -> anyhow::Error {
    let mut message = format!(
        "{} of {total} frame(s) cannot be used; nothing was written:",
        problems.len()
    );
    for problem in problems.iter().take(MAX_LISTED) {
        message.push_str("\n  ");
        message.push_str(problem);
    }
    if problems.len() > MAX_LISTED {
        message.push_str(&format!("\n  ... and {} more", problems.len() - MAX_LISTED));
    }
    bail(Failure::failed(message).hint(
        "fix or remove these files, or choose the frames with --glob; \
         all frames must be PNG (or all JPEG) images of one size",
    ))
}

/// Reads just enough of `path` to know its format and size. The error is a phrase that
/// follows the file's name ("is empty", ...).
pub fn read_header(path: &Path) -> std::result::Result<Header, String> {
    read_frame_header(path, false)
}

/// How much of a frame is read first: a PNG's header is in its first 33 bytes, and most
/// JPEGs give their size within this too.
const FIRST_READ: usize = 1024;

/// Reads a frame's header with as few system calls as possible: no stat when readdir
/// already showed a regular file, then one read. Only a header that lies further in (a
/// JPEG with large metadata) takes a second, buffered pass.
fn read_frame_header(path: &Path, known_regular: bool) -> std::result::Result<Header, String> {
    let mut file = if known_regular {
        File::open(path).map_err(|e| read_error(&e))?
    } else {
        open_regular(path)?
    };
    let declared = FrameFormat::declared_by(path);
    let mut start = [0u8; FIRST_READ];
    let filled = file.read(&mut start).map_err(|e| read_error(&e))?;
    match header_of(io::Cursor::new(&start[..filled]), declared) {
        Err(_) if filled == FIRST_READ => {
            file.seek(io::SeekFrom::Start(0))
                .map_err(|e| read_error(&e))?;
            header_of(BufReader::with_capacity(8192, file), declared)
        }
        result => result,
    }
}

/// Reads a frame's format and size from the start of its bytes; `declared` is the format
/// its name claims, if any.
fn header_of<R: BufRead + Seek>(
    mut reader: R,
    declared: Option<FrameFormat>,
) -> std::result::Result<Header, String> {
    let start = reader.fill_buf().map_err(|e| read_error(&e))?;
    if start.is_empty() {
        return Err("is empty (0 bytes)".to_string());
    }
    let format = match imagesize::image_type(start) {
        Ok(imagesize::ImageType::Png) => FrameFormat::Png,
        Ok(imagesize::ImageType::Jpeg) => FrameFormat::Jpeg,
        _ => return Err("is not a PNG or JPEG image".to_string()),
    };
    if let Some(declared) = declared.filter(|d| *d != format) {
        return Err(format!(
            "is a {} image, but its name says {}",
            format.name(),
            declared.name()
        ));
    }
    let size = imagesize::reader_size(&mut reader).map_err(|_| {
        format!(
            "has a damaged {} header (no width and height)",
            format.name()
        )
    })?;
    header_with_size(format, size.width, size.height)
}

fn header_with_size(
    format: FrameFormat,
    width: usize,
    height: usize,
) -> std::result::Result<Header, String> {
    if width == 0 || height == 0 {
        return Err(format!("has no pixels ({width}x{height})"));
    }
    let limit = MAX_SIDE as usize;
    if width > limit || height > limit {
        return Err(format!(
            "is {width}x{height}, larger than framekit's limit of {MAX_SIDE} pixels a side"
        ));
    }
    Ok(Header {
        format,
        width: width as u32,
        height: height as u32,
    })
}

/// Opens a frame, following symlinks, refusing anything that is not a regular file
/// (a folder, a FIFO that would block forever, a device).
fn open_regular(path: &Path) -> std::result::Result<File, String> {
    let metadata = fs::metadata(path).map_err(|e| {
        let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        match (is_link, e.kind()) {
            (true, io::ErrorKind::NotFound) => {
                "is a symlink to a file that does not exist".to_string()
            }
            (true, _) => format!("is a symlink that cannot be followed ({e})"),
            _ => read_error(&e),
        }
    })?;
    if metadata.is_dir() {
        return Err("is a folder, not an image".to_string());
    }
    if !metadata.is_file() {
        return Err("is not a regular file".to_string());
    }
    File::open(path).map_err(|e| read_error(&e))
}

fn read_error(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::PermissionDenied => "cannot be read (permission denied)".to_string(),
        io::ErrorKind::NotFound => "disappeared while being read".to_string(),
        _ => format!("cannot be read ({error})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn sorted(names: &[&str], sort: Option<SortOrder>) -> Vec<String> {
        let mut names: Vec<OsString> = names.iter().map(OsString::from).collect();
        order(&mut names, sort);
        names
            .into_iter()
            .map(|n| n.into_string().unwrap())
            .collect()
    }

    #[test]
    fn default_order_is_by_bytes_not_locale() {
        let names = [
            "frame_10.png",
            "Frame_3.png",
            "frame_2.png",
            "é.png",
            "a.png",
        ];
        assert_eq!(
            sorted(&names, None),
            [
                "Frame_3.png",
                "a.png",
                "frame_10.png",
                "frame_2.png",
                "é.png"
            ]
        );
    }

    #[test]
    fn natural_order_compares_numbers_by_value() {
        let names = [
            "frame_10.png",
            "frame_2.png",
            "frame_1.png",
            "frame_100.png",
        ];
        assert_eq!(
            sorted(&names, Some(SortOrder::Natural)),
            [
                "frame_1.png",
                "frame_2.png",
                "frame_10.png",
                "frame_100.png"
            ]
        );
    }

    #[test]
    fn natural_order_is_total_for_names_equal_as_numbers() {
        let names = ["f01.png", "f1.png", "f001.png"];
        let once = sorted(&names, Some(SortOrder::Natural));
        let reversed: Vec<&str> = names.iter().rev().copied().collect();
        assert_eq!(once, sorted(&reversed, Some(SortOrder::Natural)));
    }

    #[test]
    fn sizes_outside_the_limits_are_rejected() {
        assert!(header_with_size(FrameFormat::Png, 0, 10).is_err());
        assert!(header_with_size(FrameFormat::Png, 100_000, 100_000).is_err());
        assert!(header_with_size(FrameFormat::Png, 16385, 2).is_err());
        assert_eq!(
            header_with_size(FrameFormat::Png, 16384, 1),
            Ok(Header {
                format: FrameFormat::Png,
                width: 16384,
                height: 1
            })
        );
    }

    proptest::proptest! {
        // Fuzzing the header reader: any bytes give a header or a clean error, never a
        // panic or a hang (proptest's default 256 cases, each shrunk on failure).
        #[test]
        fn any_bytes_give_a_header_or_an_error(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            let _ = header_of(std::io::Cursor::new(&bytes), None);
            let _ = header_of(std::io::Cursor::new(&bytes), Some(FrameFormat::Png));
        }

        #[test]
        fn png_and_jpeg_prefixes_with_any_tail_never_panic(
            png in proptest::bool::ANY,
            tail in proptest::collection::vec(proptest::num::u8::ANY, 0..4096),
        ) {
            let magic: &[u8] = if png { b"\x89PNG\r\n\x1a\n" } else { &[0xFF, 0xD8, 0xFF] };
            let bytes = [magic, &tail].concat();
            if let Ok(header) = header_of(std::io::Cursor::new(&bytes), None) {
                proptest::prop_assert!(header.width >= 1 && header.width <= MAX_SIDE);
                proptest::prop_assert!(header.height >= 1 && header.height <= MAX_SIDE);
            }
        }
    }

    #[test]
    fn a_png_header_claiming_100000_square_is_refused() {
        let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        bytes.extend(100_000u32.to_be_bytes());
        bytes.extend(100_000u32.to_be_bytes());
        bytes.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
        let error = header_of(std::io::Cursor::new(&bytes), None).unwrap_err();
        assert!(error.contains("larger than framekit's limit"), "{error}");
    }

    #[test]
    fn declared_format_follows_the_extension_case_insensitively() {
        assert_eq!(
            FrameFormat::declared_by(Path::new("a/IMG_1.JPG")),
            Some(FrameFormat::Jpeg)
        );
        assert_eq!(
            FrameFormat::declared_by(Path::new("x.Png")),
            Some(FrameFormat::Png)
        );
        assert_eq!(FrameFormat::declared_by(Path::new("x.frame")), None);
    }
}
