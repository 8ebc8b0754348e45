//! Finding, ordering and validating the frames of `stitch`, from their headers only.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::Result;
use glob::{MatchOptions, Pattern};

use crate::cli::SortOrder;
use crate::error::{bail, Failure};
use crate::frame_header::{read_frame_header, FrameFormat, Header};
use crate::jpeg_header::Chroma;
use crate::png_layout::Layout;
use crate::shown::shown;
use crate::signals;

/// How many offending frames an error lists before summarising the rest.
const MAX_LISTED: usize = 20;

/// Validated frames: all readable, one format, one size, in their final order.
#[derive(Debug)]
pub struct Frames {
    pub paths: Vec<PathBuf>,
    pub width: u32,
    pub height: u32,
    pub format: FrameFormat,
    pub pixels: PixelSummary,
}

/// What the frames' pixels hold together: what a lossless encode must keep.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PixelSummary {
    /// Colour, alpha, 16 bits: whatever any frame has.
    pub union: Layout,
    /// The frames decode to more than one pixel format.
    pub mixed: bool,
    /// The first frame known to have alpha, and the first known to have 16 bits a channel.
    pub with_alpha: Option<usize>,
    pub deep: Option<usize>,
    /// JPEG frames' colour layout when they share one; None for PNG or a mix.
    pub jpeg_chroma: Option<Chroma>,
    /// When JPEG frames differ in layout: the first frame, and the first that differs.
    pub jpeg_layouts_apart: Option<(usize, usize)>,
}

impl PixelSummary {
    fn of(headers: &[std::result::Result<Header, String>]) -> PixelSummary {
        let mut summary = PixelSummary::default();
        let mut chromas = headers
            .iter()
            .enumerate()
            .filter_map(|(at, h)| Some((at, h.as_ref().ok()?.jpeg?)));
        if let Some((first_at, first)) = chromas.next() {
            match chromas.find(|(_, chroma)| *chroma != first) {
                Some((other_at, _)) => summary.jpeg_layouts_apart = Some((first_at, other_at)),
                None => summary.jpeg_chroma = Some(first),
            }
        }
        let pngs = headers
            .iter()
            .enumerate()
            .filter_map(|(at, h)| Some((at, h.as_ref().ok()?.png?)));
        let mut first_kind = None;
        for (at, png) in pngs {
            summary.union = summary.union.union(png.layout);
            // A frame whose transparency is unknown may decode to another format than its
            // neighbours: the union format then keeps whatever it is.
            summary.mixed |= *first_kind.get_or_insert(png.kind) != png.kind || !png.certain();
            if png.has_alpha() && summary.with_alpha.is_none() {
                summary.with_alpha = Some(at);
            }
            if png.layout.deep && summary.deep.is_none() {
                summary.deep = Some(at);
            }
        }
        summary
    }
}

/// Lists the files in `dir` whose names match `pattern`, sorts them, and validates every
/// header. With `mixed_sizes` (stitch --pad) frames may differ in size; `Frames` then has the
/// largest width and height.
pub fn collect(
    dir: &Path,
    pattern: &str,
    sort: Option<SortOrder>,
    mixed_sizes: bool,
) -> Result<Frames> {
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
    validate(paths, &regular, mixed_sizes)
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

/// The most frequent image extension in `dir` (as spelled there: `JPG`), for the "did you
/// mean" hint; a folder of videos or notes gets no suggestion.
fn commonest_extension(dir: &Path) -> Option<(String, usize)> {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for entry in fs::read_dir(dir).ok()?.flatten() {
        let name = entry.file_name();
        let Some(extension) = Path::new(&name).extension() else {
            continue;
        };
        let extension = extension.to_string_lossy();
        if ["png", "jpg", "jpeg"].contains(&extension.to_ascii_lowercase().as_str()) {
            *counts.entry(extension.into_owned()).or_default() += 1;
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

fn validate(paths: Vec<PathBuf>, regular: &[bool], mixed_sizes: bool) -> Result<Frames> {
    let headers = read_headers(&paths, regular)?;
    let reference = commonest(&headers);
    let mut problems = Vec::new();
    let mut turned_apart = false;
    for (path, header) in paths.iter().zip(&headers) {
        let header = match header {
            Ok(header) => header,
            Err(problem) => {
                problems.push(format!("{} {problem}", shown(path)));
                continue;
            }
        };
        // A readable frame means there is a reference.
        let Some((expected, at)) = reference else {
            continue;
        };
        if header.matches(&expected) || (mixed_sizes && header.format == expected.format) {
            continue;
        }
        let source = shown(&paths[at]);
        if header.format != expected.format {
            problems.push(format!(
                "{} is a {} image, expected {} (as {source})",
                shown(path),
                header.format.name(),
                expected.format.name()
            ));
            continue;
        }
        turned_apart |= header.turned != expected.turned;
        let turned = |header: &Header, before: &str, after: &str| {
            if header.turned {
                format!("{before}turned upright by its EXIF orientation{after}")
            } else {
                String::new()
            }
        };
        problems.push(format!(
            "{} is {}x{}{}, expected {}x{} (as {source}{})",
            shown(path),
            header.width,
            header.height,
            turned(header, " (", ")"),
            expected.width,
            expected.height,
            turned(&expected, ", ", ""),
        ));
    }
    if !problems.is_empty() {
        return Err(invalid_frames(&problems, paths.len(), turned_apart));
    }
    let (header, _) = reference.expect("no problems and at least one frame");
    let readable = || headers.iter().filter_map(|h| h.as_ref().ok());
    if mixed_sizes {
        warn_of_outsized(&paths, &headers, &header);
    }
    Ok(Frames {
        paths,
        width: readable().map(|h| h.width).max().unwrap_or(header.width),
        height: readable().map(|h| h.height).max().unwrap_or(header.height),
        format: header.format,
        pixels: PixelSummary::of(&headers),
    })
}

/// With --pad the video takes the largest size: one stray frame (a full-size photo among
/// small plots) would silently make every frame a small picture on a big canvas.
fn warn_of_outsized(
    paths: &[PathBuf],
    headers: &[std::result::Result<Header, String>],
    usual: &Header,
) {
    let outsized = paths.iter().zip(headers).find_map(|(path, header)| {
        let header = header.as_ref().ok()?;
        let far = header.width > usual.width * 2 || header.height > usual.height * 2;
        far.then_some((path, header))
    });
    if let Some((path, header)) = outsized {
        crate::style::warn(&format!(
            "{} is {}x{}, far larger than most frames ({}x{}); --pad makes every frame that \
             large",
            shown(path),
            header.width,
            header.height,
            usual.width,
            usual.height
        ));
    }
}

/// The header most frames share, and the first frame with it: the size the others are held
/// to. A stray thumbnail that sorts first is then the one frame named, not every other one.
fn commonest(headers: &[std::result::Result<Header, String>]) -> Option<(Header, usize)> {
    let readable = || {
        headers
            .iter()
            .enumerate()
            .filter_map(|(i, h)| Some((i, *h.as_ref().ok()?)))
    };
    let (first_at, first) = readable().next()?;
    // The usual case, all alike, in one pass without a table.
    if readable().all(|(_, header)| header.matches(&first)) {
        return Some((first, first_at));
    }
    // Per format and size: how many frames, and the first of them.
    let mut counts = HashMap::<_, (usize, usize)>::new();
    for (at, header) in readable() {
        let key = (header.format, header.width, header.height);
        counts.entry(key).or_insert((0, at)).0 += 1;
    }
    // Most frames; between equals, the one that comes first.
    let (_, at) = counts
        .into_values()
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))?;
    Some((*headers[at].as_ref().ok()?, at))
}

/// Below this many frames, one thread reads every header.
const FRAMES_PER_THREAD: usize = 512;

/// Reads every header, spread over the machine's cores: the work is system calls (open,
/// read, close), which run in parallel. Measured and dropped (100,000 tiny frames, tmpfs and
/// ext4, warm and cold): reading while the folder is still being listed, batches handed out
/// on demand, and io_uring (linked open/read/close) all gained nothing or lost; the kernel's
/// own cost per file is what remains.
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

fn invalid_frames(problems: &[String], total: usize, turned_apart: bool) -> anyhow::Error {
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
    let hint = if turned_apart {
        "ffmpeg turns each photo upright by its EXIF orientation, so portrait and landscape \
         shots differ in size: choose the shots of one orientation with --glob, or (except for \
         GIF) pass --pad black to centre every shot on the largest size"
    } else {
        "fix or remove these files, or choose the frames with --glob; all frames must be PNG \
         (or all JPEG) images of one size, unless --pad COLOUR centres them on the largest"
    };
    bail(Failure::failed(message).hint(hint))
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
}
