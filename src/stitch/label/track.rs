//! The label images, written before ffmpeg starts: each frame's text drawn (`crate::text`),
//! all padded to one size (ffmpeg's overlay takes one size a stream), and stored as a
//! Matroska track of PNGs stamped with the frames' own times, so that ffmpeg's overlay puts
//! each label on its own frame whatever the timing (`--durations`, `--hold-last`,
//! `--timestamps`). One track a decoder process, whose frames start at 0 (`Route::Decoders`),
//! else one. The folder is removed when the run ends: success, failure or Ctrl-C alike.

use std::collections::HashMap;
use std::fs;
use std::io::{BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::ffmpeg::matroska::{Framing, Timeline};
use crate::header::FrameFormat;
use crate::output::remove::remove_tree;
use crate::stitch::label::fields::FrameFacts;
use crate::stitch::label::position::Align;
use crate::stitch::label::size::{label_height, max_width};
use crate::stitch::label::Label;
use crate::stitch::plan::filter_chain::output_size;
use crate::stitch::plan::{Route, StitchPlan};
use crate::text::{self, TextImage};

/// A fresh, hidden folder name in the temporary folder (as the colour table's: beside no
/// frame and no output, so nothing the user owns is touched).
pub fn folder_path() -> PathBuf {
    crate::output::temp_name::scratch_path(".framekit-labels", "")
}

/// The track a decoder process whose first frame is `first` reads.
pub fn track_path(folder: &Path, first: usize) -> PathBuf {
    folder.join(format!("from-{first}.mkv"))
}

/// The frames each process takes: the decoders' batches, else all in one.
pub fn batches(plan: &StitchPlan<'_>) -> Vec<Range<usize>> {
    match &plan.route {
        Route::Decoders(decoding) => decoding.batches.clone(),
        _ => std::iter::once(0..plan.frames.paths.len()).collect(),
    }
}

/// The written tracks; the folder is removed on drop.
#[derive(Debug)]
pub struct LabelTrack {
    folder: PathBuf,
}

impl Drop for LabelTrack {
    fn drop(&mut self) {
        remove_tree(&self.folder);
    }
}

impl LabelTrack {
    /// Draws every frame's label and writes the tracks the plan's overlay reads.
    pub fn write(plan: &StitchPlan<'_>, label: &Label) -> Result<LabelTrack> {
        fs::create_dir(&label.folder).with_context(|| {
            format!(
                "cannot create the labels' folder {}",
                label.folder.display()
            )
        })?;
        let track = LabelTrack {
            folder: label.folder.clone(),
        };
        let pngs = drawn_labels(plan, label)?;
        let (width, height) = (pngs.width, pngs.height);
        let rate = &plan.options.fps;
        for batch in batches(plan) {
            let timeline = match plan.timeline {
                Some(timeline) => timeline.clone(),
                None => Timeline {
                    starts: (0..batch.len() as u64)
                        .map(|i| rate.start_micros(i))
                        .collect(),
                    last: rate.start_micros(1).max(1),
                },
            };
            let path = track_path(&label.folder, batch.start);
            let framing = Framing::new(FrameFormat::Png, width, height, timeline);
            write_track(
                &path,
                &framing,
                batch.map(|i| &pngs.files[pngs.of_frame[i]]),
            )?;
        }
        Ok(track)
    }
}

/// Every frame's label as PNG bytes, each different text drawn once.
struct DrawnLabels {
    width: u32,
    height: u32,
    /// The distinct labels, as PNG files' bytes.
    files: Vec<Vec<u8>>,
    /// Each frame's label, an index into `files`.
    of_frame: Vec<usize>,
}

fn drawn_labels(plan: &StitchPlan<'_>, label: &Label) -> Result<DrawnLabels> {
    let (frame_width, frame_height) = output_size(plan);
    let height = label_height(frame_height);
    let widest = max_width(frame_width, frame_height);
    let count = plan.frames.paths.len();
    let starts = match plan.timeline {
        Some(timeline) => timeline.starts.clone(),
        None => (0..count as u64)
            .map(|i| plan.options.fps.start_micros(i))
            .collect(),
    };
    let facts = FrameFacts {
        paths: &plan.frames.paths,
        starts,
    };
    let mut distinct: HashMap<String, usize> = HashMap::new();
    let mut images: Vec<TextImage> = Vec::new();
    let mut of_frame = Vec::with_capacity(count);
    for index in 0..count {
        crate::signals::check()?;
        let text = label.template.fill(|field| facts.value(field, index));
        let at = match distinct.get(&text) {
            Some(&at) => at,
            None => {
                images.push(text::render_within(&text, height, widest));
                distinct.insert(text, images.len() - 1);
                images.len() - 1
            }
        };
        of_frame.push(at);
    }
    let width = images.iter().map(|image| image.width).max().unwrap_or(1);
    let files = images
        .iter()
        .map(|image| padded(image, width, label.at.align()).to_png())
        .collect::<Result<_>>()?;
    Ok(DrawnLabels {
        width,
        height,
        files,
        of_frame,
    })
}

/// The label in a transparent image `width` wide, on the side `align` says.
fn padded(image: &TextImage, width: u32, align: Align) -> TextImage {
    if image.width == width {
        return image.clone();
    }
    let left = match align {
        Align::Left => 0,
        Align::Centre => (width - image.width) / 2,
        Align::Right => width - image.width,
    };
    let mut rgba = vec![0u8; (width * image.height * 4) as usize];
    let row_bytes = (image.width * 4) as usize;
    for y in 0..image.height as usize {
        let from = y * row_bytes;
        let to = (y * width as usize + left as usize) * 4;
        rgba[to..to + row_bytes].copy_from_slice(&image.rgba[from..from + row_bytes]);
    }
    TextImage {
        width,
        height: image.height,
        rgba,
    }
}

fn write_track<'a>(
    path: &Path,
    framing: &Framing,
    pngs: impl Iterator<Item = &'a Vec<u8>>,
) -> Result<()> {
    let context = || format!("cannot write the labels' track {}", path.display());
    let mut out = BufWriter::new(fs::File::create(path).with_context(context)?);
    out.write_all(framing.header()).with_context(context)?;
    for (index, png) in pngs.enumerate() {
        out.write_all(&framing.prefix(index, png.len() as u64))
            .with_context(context)?;
        out.write_all(png).with_context(context)?;
        out.write_all(&framing.suffix(index))
            .with_context(context)?;
    }
    out.flush().with_context(context)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrower_label_is_padded_transparent_on_the_far_side() {
        let image = text::render("ab", 12);
        let wide = padded(&image, image.width + 10, Align::Right);
        assert_eq!(wide.pixel(0, 0), [0, 0, 0, 0]);
        assert_eq!(wide.pixel(10, 0), image.pixel(0, 0));
        let left = padded(&image, image.width + 10, Align::Left);
        assert_eq!(left.pixel(0, 0), image.pixel(0, 0));
        assert_eq!(left.pixel(image.width + 9, 0), [0, 0, 0, 0]);
    }
}
