//! `--max-size` for GIF, WebP and APNG: the settings to try, from the one that costs least
//! quality to the smallest. The order follows the rule and what each step costs the
//! eye: first the palette and its dithering (GIF) or the quality (WebP) or a better PNG filter
//! (APNG: no loss at all), then every second frame, then the width. `estimate` is each
//! setting's size against the first, a guess that the search (`animation_search`)
//! corrects by what it measures.

use crate::cli::box_size::BoxSize;
use crate::error::Failure;
use crate::ffmpeg::matroska::Timeline;
use crate::stitch::frames::Frames;
use crate::stitch::options::StitchOptions;
use crate::stitch::plan::encoding::{Container, Encoding};
use crate::stitch::plan::filter_chain::output_size;
use crate::stitch::plan::{Host, StitchPlan};

/// One try of the ladder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Setting {
    /// GIF: the palette's colours and its dithering (ffmpeg's paletteuse names).
    pub colours: u16,
    pub dither: &'static str,
    /// WebP: libwebp's quality.
    pub quality: u8,
    /// APNG: each row's PNG filter picked for size (`-pred mixed`).
    pub best_filter: bool,
    /// Keep every `every`-th frame, each shown that much longer.
    pub every: u32,
    /// The width, in eighths of the first try's.
    pub eighths: u32,
    /// The size against the first try's, as guessed.
    pub estimate: f64,
}

/// GIF's palette as framekit makes it without `--max-size`.
pub const GIF_COLOURS: u16 = 256;
pub const GIF_DITHER: &str = "sierra2_4a";
/// libwebp's own default quality: on plots, 0.7x the size of lossless at 42 dB.
pub const WEBP_QUALITY: u8 = 75;

const FIRST: Setting = Setting {
    colours: GIF_COLOURS,
    dither: GIF_DITHER,
    quality: WEBP_QUALITY,
    best_filter: false,
    every: 1,
    eighths: 8,
    estimate: 1.0,
};

/// Ordered dithering repeats its pattern, which LZW packs far better than diffused error;
/// no dithering at all packs best, and bands on gradients.
const GIF: [Setting; 8] = [
    FIRST,
    Setting {
        dither: "bayer:bayer_scale=3",
        estimate: 0.8,
        ..FIRST
    },
    Setting {
        colours: 128,
        dither: "bayer:bayer_scale=4",
        estimate: 0.65,
        ..FIRST
    },
    Setting {
        colours: 64,
        dither: "none",
        estimate: 0.45,
        ..FIRST
    },
    Setting {
        colours: 64,
        dither: "none",
        every: 2,
        estimate: 0.25,
        ..FIRST
    },
    Setting {
        colours: 64,
        dither: "none",
        every: 2,
        eighths: 6,
        estimate: 0.15,
        ..FIRST
    },
    Setting {
        colours: 64,
        dither: "none",
        every: 2,
        eighths: 4,
        estimate: 0.075,
        ..FIRST
    },
    Setting {
        colours: 64,
        dither: "none",
        every: 2,
        eighths: 3,
        estimate: 0.045,
        ..FIRST
    },
];

const WEBP: [Setting; 8] = [
    FIRST,
    Setting {
        quality: 60,
        estimate: 0.8,
        ..FIRST
    },
    Setting {
        quality: 45,
        estimate: 0.65,
        ..FIRST
    },
    Setting {
        quality: 30,
        estimate: 0.5,
        ..FIRST
    },
    Setting {
        quality: 30,
        every: 2,
        estimate: 0.28,
        ..FIRST
    },
    Setting {
        quality: 30,
        every: 2,
        eighths: 6,
        estimate: 0.17,
        ..FIRST
    },
    Setting {
        quality: 30,
        every: 2,
        eighths: 4,
        estimate: 0.085,
        ..FIRST
    },
    Setting {
        quality: 30,
        every: 2,
        eighths: 3,
        estimate: 0.05,
        ..FIRST
    },
];

const APNG: [Setting; 6] = [
    FIRST,
    Setting {
        best_filter: true,
        estimate: 0.8,
        ..FIRST
    },
    Setting {
        best_filter: true,
        every: 2,
        estimate: 0.42,
        ..FIRST
    },
    Setting {
        best_filter: true,
        every: 2,
        eighths: 6,
        estimate: 0.25,
        ..FIRST
    },
    Setting {
        best_filter: true,
        every: 2,
        eighths: 4,
        estimate: 0.12,
        ..FIRST
    },
    Setting {
        best_filter: true,
        every: 2,
        eighths: 3,
        estimate: 0.07,
        ..FIRST
    },
];

/// The settings to try for this output, best first. With one frame, none drops frames.
pub fn ladder(container: Container, frames: usize) -> Vec<Setting> {
    let all: &[Setting] = match container {
        Container::Gif => &GIF,
        Container::Webp => &WEBP,
        Container::Apng => &APNG,
        _ => &[FIRST],
    };
    if frames >= MIN_FRAMES_TO_DROP {
        return all.to_vec();
    }
    // Too few frames to drop any: the same settings with every frame (a width step then
    // weighs about as much again), each once.
    let mut kept: Vec<Setting> = Vec::new();
    for setting in all {
        let whole = match setting.every {
            1 => *setting,
            every => Setting {
                every: 1,
                estimate: setting.estimate * f64::from(every) * 0.9,
                ..*setting
            },
        };
        let same = |other: &Setting| Setting {
            estimate: 0.0,
            ..*other
        };
        if !kept.iter().any(|k| same(k) == same(&whole)) {
            kept.push(whole);
        }
    }
    kept
}

/// Fewer frames than this keep every one: two WebP frames made one would be a still image,
/// not an animation.
const MIN_FRAMES_TO_DROP: usize = 3;

impl Setting {
    /// What the summary and `--json` say of it.
    pub fn describe(&self, container: Container, fps: &str, width: u32) -> String {
        format!("{}, {fps} fps, {width} px wide", self.look(container))
    }

    /// Its palette, quality or PNG filters.
    pub fn look(&self, container: Container) -> String {
        match container {
            Container::Gif => format!("{} colours, dither {}", self.colours, self.dither),
            Container::Webp => format!("quality {}", self.quality),
            _ if self.best_filter => "PNG filters chosen per row".to_string(),
            _ => "PNG filters as ffmpeg's default".to_string(),
        }
    }
}

/// The inputs of one try: options, frames, times and encoding as the setting changes them.
/// A plan borrows from it (`plan`).
pub struct Shrunk {
    pub options: StitchOptions,
    pub frames: Frames,
    pub timeline: Option<Timeline>,
    pub encoding: Encoding,
}

impl Shrunk {
    /// `base` is the plan without `--max-size`'s changes.
    pub fn new(setting: &Setting, base: &StitchPlan<'_>) -> Shrunk {
        let mut options = base.options.clone();
        let mut frames = base.frames.clone();
        let mut timeline = base.timeline.cloned();
        let every = setting.every.max(1) as usize;
        if every > 1 {
            // Counted back from the last frame, which is kept: the animation ends, holds
            // (--hold-last) and stops (--plays) on the frame it would without a limit.
            let count = frames.paths.len();
            let kept = |i: &usize| (count - 1 - i) % every == 0;
            frames.paths = (frames.paths.into_iter().enumerate())
                .filter(|(i, _)| kept(i))
                .map(|(_, path)| path)
                .collect();
            frames.orientations = (frames.orientations.into_iter().enumerate())
                .filter(|(i, _)| kept(i))
                .map(|(_, orientation)| orientation)
                .collect();
            if let Some(timeline) = &mut timeline {
                // Each kept frame also shows for the dropped ones before it; the first
                // starts at 0, the last keeps its time, so the length stays.
                let starts = std::mem::take(&mut timeline.starts);
                timeline.starts = (starts.into_iter().enumerate())
                    .filter(|(i, _)| kept(i))
                    .map(|(_, start)| start)
                    .collect();
                if let Some(first) = timeline.starts.first_mut() {
                    *first = 0;
                }
            }
            // The rate frames come at (with a timeline, only what the report says).
            options.fps = options.fps.divided(every as u64);
        }
        if setting.eighths < 8 {
            let scaled = |side: u32| (side * setting.eighths / 8).max(2);
            match options.fit {
                Some(fit) => {
                    options.fit = Some(BoxSize {
                        width: scaled(fit.width),
                        height: scaled(fit.height),
                    })
                }
                None => options.width = Some(scaled(output_size(base).0)),
            }
        }
        let encoding = base.encoding.shrunk(setting);
        Shrunk {
            options,
            frames,
            timeline,
            encoding,
        }
    }

    /// The plan of this try, checked as every plan is (a width too small fails here).
    pub fn plan<'a>(&'a self, base: &StitchPlan<'a>) -> Result<StitchPlan<'a>, Failure> {
        let plan = StitchPlan::new(
            &self.options,
            &self.encoding,
            &self.frames,
            self.timeline.as_ref(),
            Host {
                ffmpeg: base.ffmpeg,
                cores: base.cores,
            },
        )?;
        Ok(StitchPlan {
            last_duration_as_rate: base.last_duration_as_rate,
            ..plan
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_ladder_goes_from_the_best_to_the_smallest() {
        for container in [Container::Gif, Container::Webp, Container::Apng] {
            let settings = ladder(container, 10);
            assert_eq!(settings[0], FIRST);
            for pair in settings.windows(2) {
                assert!(
                    pair[1].estimate < pair[0].estimate,
                    "{container:?}: {pair:?}"
                );
                assert!(pair[1].eighths <= pair[0].eighths && pair[1].every >= pair[0].every);
            }
            for few in [1, 2] {
                let settings = ladder(container, few);
                assert!(settings.iter().all(|s| s.every == 1), "{container:?}");
                assert!(
                    settings.iter().any(|s| s.eighths < 8),
                    "{container:?}: narrower"
                );
                for pair in settings.windows(2) {
                    assert!(
                        pair[1].estimate < pair[0].estimate,
                        "{container:?}: {pair:?}"
                    );
                }
            }
        }
    }
}
