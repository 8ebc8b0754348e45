//! The frames decoded again after a wrong count, to one checksum a picture (`-f framecrc`):
//! framed as the encode fed them, or one file a packet. Only on that failure path, so the
//! cost is the diagnosis's: each call decodes every frame once, nothing is encoded.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::ffmpeg::args::{path_arg, Args};
use crate::ffmpeg::matroska::{Framing, Timeline};
use crate::ffmpeg::supervisor::{self, FfmpegCommand};
use crate::signals;
use crate::stitch::plan::output_args::{push_frames_input_framed, InputFraming};
use crate::stitch::plan::StitchPlan;
use crate::stitch::verify::blame::Picture;

/// The pictures ffmpeg decodes from the plan's frames fed with `framing`, in order, with the
/// encode's decoder and its strict rules; None when ffmpeg fails (nothing is then known).
/// Errors only on an interrupt.
pub fn pictures(
    ffmpeg: &Path,
    plan: &StitchPlan<'_>,
    framing: InputFraming,
) -> Result<Option<Vec<Picture>>> {
    let label = match framing {
        InputFraming::Stream => "stream",
        InputFraming::Packets => "packets",
    };
    let checksums = ChecksumFile::new(label);
    let mut args = Args::unattended(false);
    args.push("-xerror");
    // A turn changes no checksum either decode could disagree on: skipped, it costs nothing.
    args.push("-noautorotate");
    push_frames_input_framed(plan, &mut args, framing);
    // Every decoded picture once, none dropped or repeated to keep a rate.
    args.push_all([plan.ffmpeg.fps_mode(), "passthrough"]);
    args.push_all(["-c:v", "rawvideo", "-f", "framecrc", "-y"]);
    args.push(path_arg(&checksums.0));
    let packets = match framing {
        InputFraming::Stream => None,
        InputFraming::Packets => Some(one_packet_a_file(plan)),
    };
    let command =
        FfmpegCommand::new(ffmpeg, args.into_vec()).feed(&plan.frames.paths, packets.as_ref());
    match supervisor::run(&[command]) {
        Ok(_) => Ok(fs::read_to_string(&checksums.0)
            .ok()
            .map(|text| parse(&text))),
        Err(_) => match signals::received() {
            Some(code) => Err(signals::interrupted(code)),
            None => Ok(None),
        },
    }
}

/// The Matroska framing that makes each file one packet: the plan's own for frames with
/// times of their own, else evenly spaced at the plan's rate (times change no checksum).
fn one_packet_a_file(plan: &StitchPlan<'_>) -> Framing {
    if let Some(framing) = plan.framing() {
        return framing;
    }
    let frames = plan.frames;
    let micros = (1e6 / plan.options.fps.as_f64()).round().max(1.0) as u64;
    let timeline = Timeline {
        starts: (0..frames.paths.len() as u64).map(|i| i * micros).collect(),
        last: micros,
    };
    let (width, height) = frames.smallest;
    Framing::new(frames.format, width, height, timeline)
}

/// framecrc's lines ("0, 0, 0, 1, 49152, 0x7d2c8b3a"): each picture's size and checksum.
fn parse(text: &str) -> Vec<Picture> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            Some(format!("{}, {}", fields.get(4)?, fields.get(5)?))
        })
        .collect()
}

/// framecrc's output, in the temporary folder, removed when dropped.
struct ChecksumFile(PathBuf);

impl ChecksumFile {
    fn new(label: &str) -> ChecksumFile {
        let name = format!(".framekit-{}-{label}.framecrc", std::process::id());
        let path = std::env::temp_dir().join(name);
        let _ = fs::remove_file(&path);
        ChecksumFile(path)
    }
}

impl Drop for ChecksumFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framecrc_lines_give_size_and_checksum() {
        let text = "#tb 0: 1/25\n#media_type 0: video\n\
                    0,          0,          0,        1,    49152, 0x7d2c8b3a\n\
                    0,          1,          1,        1,    49152, 0x01020304, S=1, 8, 0x1\n";
        assert_eq!(parse(text), ["49152, 0x7d2c8b3a", "49152, 0x01020304"]);
    }
}
