//! One decision for all the frames: converted from one profile, or left as stored. Frames
//! of different profiles are refused, naming two: one ffmpeg filter chain applies one
//! conversion to every frame it decodes.

use std::path::{Path, PathBuf};

use crate::error::Failure;
use crate::header::FrameFormat;
use crate::term::shown::shown;
use crate::term::stderr::warn;

use super::cube::Lut;
use super::judge::Verdict;
use super::scan::{scan, Carried, Scan};

/// Two profiles whose conversions differ by at most this (8-bit levels) anywhere are one
/// (the same Display P3, written by two programs).
const SAME_PROFILE_LEVELS: f32 = 1.0;

/// The frames' colours, converted from one profile to sRGB.
#[derive(Debug, Clone)]
pub struct Conversion {
    /// The profile's name ("Display P3").
    pub name: String,
    /// The first frame that carries it.
    pub first: usize,
    /// The conversion, and where its `.cube` file is written for ffmpeg.
    pub lut: Lut,
    pub lut_path: PathBuf,
}

/// What a frame's colours become, for comparing frames.
#[derive(Debug, Clone, PartialEq)]
enum Fate<'a> {
    /// As stored: no profile, an sRGB-like one, or one framekit cannot use.
    AsStored,
    /// Converted from this profile (a group of equal ones, by its first member's index).
    Converted(usize, &'a str),
}

/// The conversion the frames at `paths` need, if any: warns of each profile it cannot
/// use, and refuses frames of different profiles. Only frames that `may_carry` one (by
/// their header read; all when it is shorter) are read for a profile.
pub fn profile_of_frames(
    paths: &[PathBuf],
    may_carry: &[bool],
    format: FrameFormat,
) -> Result<Option<Conversion>, Failure> {
    let scan = scan(paths, may_carry, format);
    warn_of_unusable(paths, &scan);
    // Distinct usable profiles, equal ones grouped: (name, LUT).
    let mut groups: Vec<(&str, &Lut)> = Vec::new();
    let mut fates = Vec::with_capacity(paths.len());
    for carried in &scan.carried {
        let usable = match carried {
            Carried::Profile(key) => match scan.verdicts.get(key) {
                Some(Verdict::Convert(usable)) => Some(usable),
                _ => None,
            },
            _ => None,
        };
        fates.push(match usable {
            None => Fate::AsStored,
            Some(usable) => {
                let same = |(_, lut): &(&str, &Lut)| {
                    lut.largest_difference(&usable.lut) <= SAME_PROFILE_LEVELS
                };
                let group = groups.iter().position(same).unwrap_or_else(|| {
                    groups.push((&usable.name, &usable.lut));
                    groups.len() - 1
                });
                Fate::Converted(group, groups[group].0)
            }
        });
    }
    let Some(first) = fates.iter().position(|f| *f != Fate::AsStored) else {
        return Ok(None);
    };
    if let Some(other) = fates.iter().position(|f| *f != fates[0]) {
        return Err(mixed(paths, &fates, other));
    }
    let (name, lut) = groups[0];
    Ok(Some(Conversion {
        name: name.to_string(),
        first,
        lut: lut.clone(),
        lut_path: lut_path(),
    }))
}

#[cfg(test)]
impl Conversion {
    /// Display P3's conversion, its table at `lut_path`, as frames carrying it give it.
    pub fn display_p3_for_tests(lut_path: &str) -> Conversion {
        let bytes = moxcms::ColorProfile::new_display_p3().encode().unwrap();
        let Verdict::Convert(usable) = super::judge::judge(&bytes) else {
            panic!("Display P3 is converted");
        };
        Conversion {
            name: usable.name,
            first: 0,
            lut: usable.lut,
            lut_path: PathBuf::from(lut_path),
        }
    }
}

/// Where this run's `.cube` file goes: the temporary folder, a name of this process's.
fn lut_path() -> PathBuf {
    crate::output::temp_name::scratch_path("framekit", ".cube")
}

/// Each profile framekit cannot use, once, naming the first frame that carries it.
fn warn_of_unusable(paths: &[PathBuf], scan: &Scan) {
    let mut told: Vec<&str> = Vec::new();
    for (path, carried) in paths.iter().zip(&scan.carried) {
        let why = match carried {
            Carried::Damaged(why) => why.as_str(),
            Carried::Profile(key) => match scan.verdicts.get(key) {
                Some(Verdict::Unusable(why)) => why.as_str(),
                _ => continue,
            },
            Carried::Nothing => continue,
        };
        if told.contains(&why) {
            continue;
        }
        told.push(why);
        let alike = scan
            .carried
            .iter()
            .filter(|c| match c {
                Carried::Damaged(other) => other == why,
                Carried::Profile(key) => {
                    matches!(scan.verdicts.get(key), Some(Verdict::Unusable(w)) if w == why)
                }
                Carried::Nothing => false,
            })
            .count();
        let others = match alike {
            1 => String::new(),
            n => format!(" (as do {} other frames)", n - 1),
        };
        warn(&format!(
            "{} {why}{others}: its colours are encoded as stored, as if sRGB",
            shown(path)
        ));
    }
}

/// The refusal of frames whose colours would need two conversions.
fn mixed(paths: &[PathBuf], fates: &[Fate<'_>], other: usize) -> Failure {
    let says = |path: &Path, fate: &Fate<'_>| match fate {
        Fate::AsStored => format!(
            "{} is left as stored (no colour profile, or sRGB)",
            shown(path)
        ),
        Fate::Converted(_, name) => format!("{} carries the {name} colour profile", shown(path)),
    };
    Failure::failed(format!(
        "the frames carry different colour profiles: {}, and {}; framekit converts the \
         frames of one profile in a run",
        says(&paths[0], &fates[0]),
        says(&paths[other], &fates[other]),
    ))
    .nothing_written()
    .hint(
        "stitch the frames of each profile apart (--glob chooses them), or convert them to \
         one profile first (ImageMagick: `mogrify -profile sRGB.icc FILES`)",
    )
}
