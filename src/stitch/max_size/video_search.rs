//! `--max-size` for video: a bitrate from the duration, two passes where the encoder has
//! them, and a smaller bitrate again (at most twice) should the file still come out too big.
//! What was chosen goes into the summary and `--json`. The bitrate itself: `video_bitrate`.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::Failure;
use crate::ffmpeg::supervisor::Finished;
use crate::stitch::max_size::video_bitrate::{self, Budget, Pass};
use crate::stitch::plan::StitchPlan;
use crate::term::shown::shown;

/// How many encodes at a corrected bitrate follow the first full one.
const CORRECTIONS: usize = 2;

/// What `--max-size` chose, for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct ChosenBitrate {
    pub bits_per_second: u64,
    pub passes: u8,
    /// Full encodes run (a first pass counts as one).
    pub encodes: u32,
    pub bytes: u64,
}

impl ChosenBitrate {
    /// What `--json` (under `max_size`) and the summary say of it.
    pub fn report(&self, limit: u64) -> serde_json::Value {
        let summary = format!(
            "{} kbit/s, {} pass(es), {} encode(s)",
            self.bits_per_second / 1000,
            self.passes,
            self.encodes
        );
        serde_json::json!({
            "limit": limit,
            "bytes": self.bytes,
            "video_bits_per_second": self.bits_per_second,
            "passes": self.passes,
            "encodes": self.encodes,
            "summary": summary,
        })
    }
}

/// The two-pass statistics ffmpeg's encoders write (`LOG-0.log`, x264's `.mbtree`), beside
/// the temporary output, and removed with it.
struct PassLog(PathBuf);

impl Drop for PassLog {
    fn drop(&mut self) {
        for suffix in [
            "-0.log",
            "-0.log.mbtree",
            "-0.log.temp",
            "-0.log.mbtree.temp",
        ] {
            let mut name = self.0.clone().into_os_string();
            name.push(suffix);
            let _ = fs::remove_file(name);
        }
    }
}

/// Encodes `plan` into `video` within `max_bytes` with `encode`, which runs ffmpeg.
pub fn encode_within(
    plan: &StitchPlan<'_>,
    max_bytes: u64,
    video: &Path,
    encode: impl Fn(&StitchPlan<'_>) -> Result<Finished>,
) -> Result<(Finished, ChosenBitrate)> {
    let mut bits_per_second =
        video_bitrate::video_bitrate(max_bytes, plan.seconds(), plan.options.audio.is_some())?;
    let mut log_name = video.as_os_str().to_os_string();
    log_name.push(".passlog");
    let log = PassLog(PathBuf::from(log_name));
    let two_passes = video_bitrate::has_two_passes(&plan.encoding.video_codec);
    let mut encodes = 0;
    if two_passes {
        let first = StitchPlan {
            budget: Some(Budget {
                bits_per_second,
                pass: Some(Pass::First(&log.0)),
            }),
            ..plan.clone()
        };
        encode(&first)?;
        encodes += 1;
    }
    let mut smallest = u64::MAX;
    for _ in 0..=CORRECTIONS {
        let run = StitchPlan {
            budget: Some(Budget {
                bits_per_second,
                pass: two_passes.then_some(Pass::Second(&log.0)),
            }),
            ..plan.clone()
        };
        let finished = encode(&run)?;
        encodes += 1;
        let bytes = fs::metadata(video).map_or(u64::MAX, |m| m.len());
        if bytes <= max_bytes {
            let chosen = ChosenBitrate {
                bits_per_second,
                passes: if two_passes { 2 } else { 1 },
                encodes,
                bytes,
            };
            return Ok((finished, chosen));
        }
        smallest = smallest.min(bytes);
        bits_per_second = video_bitrate::corrected(bits_per_second, bytes, max_bytes);
    }
    Err(Failure::failed(format!(
        "{} could not be kept within {max_bytes} bytes: the smallest try was {smallest} bytes",
        shown(&plan.options.output)
    ))
    .nothing_written()
    .hint("give --max-size more room, or fewer or smaller frames (--fps, --width)")
    .into())
}
