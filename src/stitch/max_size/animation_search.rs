//! `--max-size` for GIF, WebP and APNG: a measured search down the ladder of settings
//! (`animation_ladder`), keeping the best one that fits.
//!
//! The first try is the file as framekit makes it without a limit. Its size says how much
//! smaller the file must become; each setting's guessed share of that size, corrected by the
//! nearest setting measured so far, says which to try next: the best one expected to fit.
//! After a fit, a better setting between it and the nearest too-big one is tried only when it
//! is expected to fit too. A 3x reduction takes 2 to 4 encodes.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::Failure;
use crate::ffmpeg::supervisor::Finished;
use crate::signals;
use crate::stitch::max_size::animation_ladder::{ladder, Setting, Shrunk};
use crate::stitch::plan::filter_chain::output_size;
use crate::stitch::plan::{Route, StitchPlan};
use crate::term::shown::shown;
use crate::term::stderr;

/// The most encodes one search runs.
const MAX_ENCODES: usize = 6;
/// Aim a little under the limit: a guess that is 3% off still fits.
const AIM: f64 = 0.97;

/// What the search chose, for the report.
#[derive(Debug, Clone)]
pub struct ChosenSetting {
    /// Its place in the ladder, to build its plan again (`Shrunk::new`).
    pub setting: Setting,
    pub encodes: usize,
    pub bytes: u64,
}

impl ChosenSetting {
    /// What `--json` (under `max_size`) and the summary say of it.
    pub fn report(&self, limit: u64, plan: &StitchPlan<'_>) -> serde_json::Value {
        let width = output_size(plan).0;
        let fps = format!("{}", (plan.frame_rate() * 1000.0).round() / 1000.0);
        // The first try, a GIF framekit made itself: a palette a frame, no dithering.
        let own_gif = plan.route == Route::GifEncoder;
        let described = match own_gif {
            true => format!("framekit's own palettes, {fps} fps, {width} px wide"),
            false => self.setting.describe(plan.encoding.container, &fps, width),
        };
        let ffmpeg_gif = plan.encoding.is_gif() && !own_gif;
        serde_json::json!({
            "limit": limit,
            "bytes": self.bytes,
            "encodes": self.encodes,
            "colours": ffmpeg_gif.then_some(self.setting.colours),
            "dither": ffmpeg_gif.then_some(self.setting.dither),
            "every_nth_frame": self.setting.every,
            "width": width,
            "summary": format!("{described}, {} encode(s)", self.encodes),
        })
    }
}

/// The best fit so far, kept beside the temporary output while other settings are tried.
struct Kept(PathBuf);

impl Drop for Kept {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// Encodes `plan`'s frames into `video` within `max_bytes`, with `encode` running ffmpeg
/// for each try's plan.
pub fn encode_within(
    plan: &StitchPlan<'_>,
    max_bytes: u64,
    video: &Path,
    encode: impl Fn(&StitchPlan<'_>) -> Result<Finished>,
) -> Result<(Finished, ChosenSetting)> {
    // Narrower only when framekit knows the width: options after `--` may resize.
    let settings: Vec<Setting> = ladder(plan.encoding.container, plan.frames.paths.len())
        .into_iter()
        .filter(|setting| setting.eighths == 8 || !plan.size_may_change())
        .collect();
    let mut kept_name = video.as_os_str().to_os_string();
    kept_name.push(".fit");
    let kept = Kept(PathBuf::from(kept_name));
    let mut measured: Vec<Option<u64>> = vec![None; settings.len()];
    let mut best: Option<(usize, Finished)> = None;
    let mut encodes = 0;
    let mut next = Some(0);
    while let (Some(at), true) = (next, encodes < MAX_ENCODES) {
        let shrunk = Shrunk::new(&settings[at], plan);
        let finished = match shrunk.plan(plan) {
            Ok(tried) => match encode(&tried) {
                Ok(finished) => finished,
                // A try that fails after one that fits (ffmpeg ended by something else than
                // a signal): the fit found stands, said so.
                Err(error) if best.is_some() && signals::received().is_none() => {
                    stderr::warn(&format!(
                        "a try at a better fit for {} failed ({}); the best fit found before \
                         it is kept",
                        shown(&plan.options.output),
                        first_line(&error)
                    ));
                    break;
                }
                Err(error) => return Err(error),
            },
            // A width too small for this output: no smaller setting can be made either.
            Err(_) => break,
        };
        encodes += 1;
        let bytes = fs::metadata(video).map_or(u64::MAX, |m| m.len());
        measured[at] = Some(bytes);
        if bytes <= max_bytes {
            fs::rename(video, &kept.0)?;
            best = Some((at, finished));
        }
        next = next_try(&settings, &measured, max_bytes, best.as_ref().map(|b| b.0));
    }
    let Some((at, finished)) = best else {
        let smallest = measured.iter().flatten().min().copied().unwrap_or(0);
        let last = measured.iter().rposition(Option::is_some).unwrap_or(0);
        let setting = &settings[last];
        return Err(Failure::failed(format!(
            "{} could not be kept within {max_bytes} bytes: the smallest of {encodes} tries \
             ({}, every {} frame(s), {}/8 of the width) was {smallest} bytes",
            shown(&plan.options.output),
            setting.look(plan.encoding.container),
            setting.every,
            setting.eighths,
        ))
        .nothing_written()
        .hint("give --max-size more room, or fewer or smaller frames (--fps, --width, --glob)")
        .into());
    };
    fs::rename(&kept.0, video)?;
    let bytes = measured[at].unwrap_or_default();
    let chosen = ChosenSetting {
        setting: settings[at],
        encodes,
        bytes,
    };
    Ok((finished, chosen))
}

/// The next setting to try, or None when the search is over: the best setting below every
/// one measured too big, above the best fit, expected to fit.
fn next_try(
    settings: &[Setting],
    measured: &[Option<u64>],
    max_bytes: u64,
    best: Option<usize>,
) -> Option<usize> {
    let too_big = measured
        .iter()
        .rposition(|bytes| bytes.is_some_and(|bytes| bytes > max_bytes))?;
    let end = best.unwrap_or(settings.len());
    let candidates = too_big + 1..end;
    let fitting = candidates
        .clone()
        .find(|&at| expected(settings, measured, at) <= max_bytes as f64 * AIM);
    match (fitting, best) {
        (Some(at), _) => Some(at),
        // Nothing better expected to fit: the best fit stands.
        (None, Some(_)) => None,
        // Nothing expected to fit at all: the smallest setting, the last chance.
        (None, None) => candidates.last(),
    }
}

/// The first line of an error's message, for a warning.
fn first_line(error: &anyhow::Error) -> String {
    error
        .to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// A setting's expected size: the nearest measured setting's, scaled by the two guesses.
fn expected(settings: &[Setting], measured: &[Option<u64>], at: usize) -> f64 {
    let nearest = (0..measured.len())
        .filter(|&m| measured[m].is_some())
        .min_by_key(|&m| m.abs_diff(at));
    match nearest {
        Some(m) => {
            measured[m].unwrap_or_default() as f64 * settings[at].estimate / settings[m].estimate
        }
        None => f64::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stitch::plan::encoding::Container;

    /// Runs the search against sizes a model gives: `truth(setting)` bytes.
    fn search(max_bytes: u64, truth: impl Fn(&Setting) -> u64) -> (Option<usize>, usize) {
        let settings = ladder(Container::Gif, 100);
        let mut measured = vec![None; settings.len()];
        let (mut best, mut encodes, mut next) = (None, 0, Some(0));
        while let (Some(at), true) = (next, encodes < MAX_ENCODES) {
            let bytes = truth(&settings[at]);
            measured[at] = Some(bytes);
            encodes += 1;
            if bytes <= max_bytes {
                best = Some(at);
            }
            next = next_try(&settings, &measured, max_bytes, best);
        }
        (best, encodes)
    }

    #[test]
    fn a_file_that_fits_takes_one_encode() {
        assert_eq!(search(2_000, |_| 1_000), (Some(0), 1));
    }

    #[test]
    fn a_third_of_the_size_takes_at_most_four_encodes_whatever_the_guesses() {
        // The true shares are the guesses bent by a power: guesses too hopeful, or too wary.
        for bend in [0.6, 0.8, 1.0, 1.25, 1.6] {
            let truth = |s: &Setting| (3_000_000.0 * s.estimate.powf(bend)) as u64;
            let (best, encodes) = search(1_000_000, truth);
            let best = best.expect("some setting fits");
            assert!(encodes <= 4, "bend {bend}: {encodes} encodes");
            // And it is the best that fits: the one before it does not.
            let settings = ladder(Container::Gif, 100);
            assert!(truth(&settings[best]) <= 1_000_000);
            assert!(
                best == 0 || truth(&settings[best - 1]) > 1_000_000,
                "bend {bend}"
            );
        }
    }

    #[test]
    fn a_later_try_that_fails_leaves_the_fit_found_before_it() {
        use crate::header::FrameFormat;
        use crate::stitch::plan::encoding::Encoding;
        use crate::stitch::plan::tests::{frames, options, plan};
        use std::cell::Cell;

        let dir = tempfile::tempdir().unwrap();
        let video = dir.path().join("a.gif");
        let options = options(video.to_str().unwrap());
        let encoding = Encoding::choose(&options).unwrap();
        let frames = frames(FrameFormat::Png, 64, 64);
        let plan = plan(&options, &encoding, &frames);
        // Too big, then a fit well under the limit (so a better one is tried), then a
        // failure.
        let tries = Cell::new(0);
        let encode = |_: &StitchPlan<'_>| {
            tries.set(tries.get() + 1);
            match tries.get() {
                1 => fs::write(&video, vec![0; 3_000])?,
                2 => fs::write(&video, vec![1; 300])?,
                _ => anyhow::bail!("ffmpeg failed"),
            }
            Ok(Finished::default())
        };
        let (_, chosen) = encode_within(&plan, 1_000, &video, encode).unwrap();
        assert_eq!(tries.get(), 3, "the third try is the one that fails");
        assert_eq!(chosen.bytes, 300);
        assert_eq!(
            fs::read(&video).unwrap(),
            vec![1; 300],
            "the fit is the output"
        );
        let kept: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(kept.len(), 1, "no side file left");
    }

    #[test]
    fn when_nothing_fits_the_smallest_setting_is_tried_and_the_search_ends() {
        let (best, encodes) = search(10, |_| 1_000);
        assert_eq!(best, None);
        assert!(encodes <= 3, "{encodes}");
    }
}
