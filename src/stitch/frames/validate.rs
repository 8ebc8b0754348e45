//! Every frame checked against the others before anything is encoded: readable, one format,
//! one size (the size most frames share), naming each offender with both sizes.

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::Result;

use crate::error::Failure;
use crate::header::Header;
use crate::stitch::frames::pixels::PixelSummary;
use crate::stitch::frames::read_headers::read_headers;
use crate::stitch::frames::{named, Frames, Naming};
use crate::term::shown::shown;

/// How many offending frames an error lists before summarising the rest.
const MAX_LISTED: usize = 20;

/// What frames of several sizes become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sizes {
    /// One size: any other is refused, naming each frame.
    Same,
    /// Centred, unscaled, on the largest canvas (--pad): a stray big frame is named.
    Padded,
    /// Each scaled into one box (--fit, a sheet's tiles).
    Fitted,
}

pub fn validate(
    paths: Vec<PathBuf>,
    regular: &[bool],
    naming: Naming,
    sizes: Sizes,
) -> Result<Frames> {
    let mixed_sizes = sizes != Sizes::Same;
    let headers = read_headers(&paths, regular)?;
    let reference = commonest(&headers);
    let mut problems = Vec::new();
    let mut turned_apart = false;
    for (index, (path, header)) in paths.iter().zip(&headers).enumerate() {
        let name = named(path, index, naming);
        let header = match header {
            Ok(header) => header,
            Err(problem) => {
                problems.push(format!("{name} {problem}"));
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
        let source = match naming {
            Naming::Streamed | Naming::Grid => named(&paths[at], at, naming),
            _ => shown(&paths[at]),
        };
        if header.format != expected.format {
            problems.push(format!(
                "{name} is a {} image, expected {} (as {source})",
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
            "{name} is {}x{}{}, expected {}x{} (as {source}{})",
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
    if sizes == Sizes::Padded {
        warn_of_outsized(&paths, &headers, &header);
    }
    let orientations = headers
        .iter()
        .map(|h| h.as_ref().map_or(1, |h| h.orientation))
        .collect();
    Ok(Frames {
        paths,
        width: readable().map(|h| h.width).max().unwrap_or(header.width),
        smallest: (
            readable().map(|h| h.width).min().unwrap_or(header.width),
            readable().map(|h| h.height).min().unwrap_or(header.height),
        ),
        height: readable().map(|h| h.height).max().unwrap_or(header.height),
        format: header.format,
        pixels: PixelSummary::of(&headers),
        orientations,
        naming,
        profile: None,
        stream: None,
        may_carry_profile: headers
            .iter()
            .map(|h| h.as_ref().map_or(true, |h| h.may_carry_profile))
            .collect(),
    })
}

/// With --pad the video takes the largest width and the largest height: one stray frame (a
/// full-size photo among small plots, a portrait shot among landscape ones) would silently
/// make every frame a small picture on a big canvas. A canvas a fifth larger than most frames
/// on a side is named, with --fit as the way to scale every frame to one size instead.
fn warn_of_outsized(
    paths: &[PathBuf],
    headers: &[std::result::Result<Header, String>],
    usual: &Header,
) {
    let larger = |side: u32, usual: u32| u64::from(side) * 5 > u64::from(usual) * 6;
    let far = |side: u32, usual: u32| side > usual * 2;
    let readable = || {
        paths
            .iter()
            .zip(headers)
            .filter_map(|(path, header)| Some((path, header.as_ref().ok()?)))
    };
    let canvas_width = readable()
        .map(|(_, h)| h.width)
        .max()
        .unwrap_or(usual.width);
    let canvas_height = readable()
        .map(|(_, h)| h.height)
        .max()
        .unwrap_or(usual.height);
    if !larger(canvas_width, usual.width) && !larger(canvas_height, usual.height) {
        return;
    }
    let Some((path, header)) = readable()
        .find(|(_, h)| far(h.width, usual.width) || far(h.height, usual.height))
        .or_else(|| {
            readable().find(|(_, h)| larger(h.width, usual.width) || larger(h.height, usual.height))
        })
    else {
        return;
    };
    let how = if far(header.width, usual.width) || far(header.height, usual.height) {
        "far larger than"
    } else {
        "larger than"
    };
    crate::term::stderr::warn(&format!(
        "{} is {}x{}, {how} most frames ({}x{}); --pad centres every frame, unscaled, on a \
         {canvas_width}x{canvas_height} canvas: pass --fit {}x{} to scale each frame to fit \
         one size instead",
        shown(path),
        header.width,
        header.height,
        usual.width,
        usual.height,
        usual.width,
        usual.height
    ));
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

fn invalid_frames(problems: &[String], total: usize, turned_apart: bool) -> anyhow::Error {
    let mut listed: Vec<String> = problems.iter().take(MAX_LISTED).cloned().collect();
    if problems.len() > MAX_LISTED {
        listed.push(format!("... and {} more", problems.len() - MAX_LISTED));
    }
    let hint = if turned_apart {
        "ffmpeg turns each photo upright by its EXIF orientation, so portrait and landscape \
         shots differ in size: choose the shots of one orientation with --glob, or pass --fit WxH \
         to scale every shot into one box"
    } else {
        "fix these files, or leave them out (--glob chooses the frames in DIR); all frames must \
         be PNG (or all JPEG) images of one size, unless --pad COLOUR or --fit WxH makes \
         them one"
    };
    Failure::failed(format!(
        "{} of {total} frame(s) cannot be used",
        problems.len()
    ))
    .nothing_written()
    .details(listed)
    .hint(hint)
    .into()
}
