//! Every frame's profile, read on the machine's cores, each distinct profile judged once;
//! then one decision for the frames: converted from one profile, or left as they are.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use crate::header::FrameFormat;

use super::embedded::embedded_profile;
use super::judge::{judge, Verdict};

/// What one frame carries, a profile by the hash of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Carried {
    Nothing,
    Profile(u64),
    /// A profile that cannot be read: why, after the file's name.
    Damaged(String),
}

/// What every frame carries, and each distinct profile's verdict.
#[derive(Debug, Default)]
pub struct Scan {
    pub carried: Vec<Carried>,
    pub verdicts: HashMap<u64, Verdict>,
}

/// Below this many frames, one thread reads every profile.
const FRAMES_PER_THREAD: usize = 512;

/// Reads and judges the profiles of `paths` (all `format`), of those that `may_carry` one
/// (a frame past its end may).
pub fn scan(paths: &[PathBuf], may_carry: &[bool], format: FrameFormat) -> Scan {
    let candidates = (0..paths.len())
        .filter(|&i| may_carry.get(i).copied().unwrap_or(true))
        .count();
    if candidates == 0 {
        return Scan {
            carried: vec![Carried::Nothing; paths.len()],
            verdicts: HashMap::new(),
        };
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let threads = cores.min(candidates.div_ceil(FRAMES_PER_THREAD)).max(1);
    let chunk = paths.len().div_ceil(threads).max(1);
    let read_chunk = |first: usize, paths: &[PathBuf]| {
        let mut carried = Vec::with_capacity(paths.len());
        // Each distinct profile's bytes once (a folder of photos shares one or two).
        let mut bytes_of = HashMap::<u64, Vec<u8>>::new();
        for (i, path) in (first..).zip(paths) {
            if !may_carry.get(i).copied().unwrap_or(true) {
                carried.push(Carried::Nothing);
                continue;
            }
            carried.push(match embedded_profile(path, format) {
                Ok(None) => Carried::Nothing,
                Ok(Some(bytes)) => {
                    let mut hasher = DefaultHasher::new();
                    bytes.hash(&mut hasher);
                    let key = hasher.finish();
                    bytes_of.entry(key).or_insert(bytes);
                    Carried::Profile(key)
                }
                Err(why) => Carried::Damaged(why),
            });
        }
        (carried, bytes_of)
    };
    let parts: Vec<_> = match threads {
        1 => vec![read_chunk(0, paths)],
        _ => std::thread::scope(|scope| {
            let workers: Vec<_> = paths
                .chunks(chunk)
                .enumerate()
                .map(|(n, part)| scope.spawn(move || read_chunk(n * chunk, part)))
                .collect();
            let joined = workers.into_iter().map(|w| w.join());
            joined
                .map(|r| r.expect("a profile reader panicked"))
                .collect()
        }),
    };
    let mut scan = Scan::default();
    for (carried, bytes_of) in parts {
        scan.carried.extend(carried);
        for (key, bytes) in bytes_of {
            scan.verdicts.entry(key).or_insert_with(|| judge(&bytes));
        }
    }
    scan
}
