//! The last frame's duration in a finished MP4 or MOV of frames with their own times
//! (`--durations`, `--hold-last`, `--timestamps`). ffmpeg 4.2 and 4.3 (measured: the static
//! 4.2.2, Debian 11's 4.3) write the last sample with no duration, `-r 1000000/LAST`
//! notwithstanding: the video ends where the last frame starts, and the edit list cuts that
//! frame off. framekit then sets, in the video track, the last `stts` delta (split off its
//! run when the run is longer than one sample), `mdhd`'s duration, and in the movie's
//! timescale `tkhd`'s, the edit list's last segment and `mvhd`'s. 5.1 and 6 (told by `-r`)
//! and 7 and later (which keep durations) write it themselves: their files are left byte
//! for byte as they are.
//!
//! Only the `moov` box is read and rewritten, never the media. With `+faststart` it comes
//! before `mdat`: a split run makes it 8 bytes longer, taken from the `free` (MP4) or `wide`
//! (MOV) box ffmpeg writes before `mdat` when there is one, so no sample moves; otherwise
//! everything after `moov` moves on and every chunk offset (`stco`, `co64`) pointing there
//! with it.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use anyhow::Result;

use crate::error::Failure;

mod boxes;
#[cfg(test)]
mod built;
#[cfg(test)]
mod tests;

use boxes::{
    be, child, children, chunk_offsets, descend, header_times, last_edit, track_duration, Field,
    Mp4Box,
};

/// Sets the video at `path` to last `micros`, its last frame lasting until then; leaves the
/// file untouched when it already does (to within a millisecond, ffmpeg's own rounding).
pub fn set(path: &Path, micros: u64) -> Result<()> {
    let mut file = OpenOptions::new().read(true).write(true).open(path)?;
    let top =
        top_level(&mut file)?.ok_or_else(|| unpatchable("its boxes do not add up to the file"))?;
    let moov = moov_of(&top).map_err(unpatchable)?;
    let mut bytes = vec![0; usize::try_from(moov.size)?];
    file.seek(SeekFrom::Start(moov.at))?;
    file.read_exact(&mut bytes)?;
    if let Some(rewrite) = rewrite(&top, bytes, micros).map_err(unpatchable)? {
        apply(&mut file, &rewrite)?;
    }
    Ok(())
}

fn unpatchable(reason: &str) -> anyhow::Error {
    Failure::failed("ffmpeg wrote an MP4/MOV file whose last frame's duration framekit cannot set")
        .details([reason.to_string()])
        .nothing_written()
        .into()
}

/// A top-level box: its type, where it starts, its whole size, its header's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Top {
    kind: [u8; 4],
    at: u64,
    size: u64,
    header: u64,
}

/// The file's top-level boxes; None when they do not add up to the file.
fn top_level(file: &mut File) -> Result<Option<Vec<Top>>> {
    let length = file.metadata()?.len();
    let mut boxes = Vec::new();
    let mut at = 0;
    while at < length {
        if length - at < 8 {
            return Ok(None);
        }
        let mut head = [0; 16];
        file.seek(SeekFrom::Start(at))?;
        file.read_exact(&mut head[..8])?;
        let kind = head[4..8].try_into()?;
        let (size, header) = match u32::from_be_bytes(head[..4].try_into()?) {
            0 => (length - at, 8),
            1 if length - at >= 16 => {
                file.read_exact(&mut head[8..])?;
                (u64::from_be_bytes(head[8..].try_into()?), 16)
            }
            1 => return Ok(None),
            size => (u64::from(size), 8),
        };
        if size < header || size > length - at {
            return Ok(None);
        }
        boxes.push(Top {
            kind,
            at,
            size,
            header,
        });
        at += size;
    }
    Ok(Some(boxes))
}

/// The one `moov` of an unfragmented file.
fn moov_of(top: &[Top]) -> Result<Top, &'static str> {
    if top.iter().any(|b| &b.kind == b"moof") {
        return Err("it is fragmented (moof boxes)");
    }
    let mut moovs = top.iter().filter(|b| &b.kind == b"moov");
    match (moovs.next(), moovs.next()) {
        (Some(moov), None) => Ok(*moov),
        (None, _) => Err("it has no moov box"),
        (Some(_), Some(_)) => Err("it has more than one moov box"),
    }
}

/// A change to the file: the `old_length` bytes at `at` become `bytes`, and everything after
/// them moves on by the difference (never negative).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rewrite {
    at: u64,
    old_length: u64,
    bytes: Vec<u8>,
}

fn apply(file: &mut File, rewrite: &Rewrite) -> Result<()> {
    let new_length = rewrite.bytes.len() as u64;
    let growth = new_length - rewrite.old_length;
    if growth > 0 {
        // Everything after the old bytes moves on, copied from the end backwards.
        let from = rewrite.at + rewrite.old_length;
        let mut end = file.metadata()?.len();
        let mut buffer = vec![0; 1 << 20];
        while end > from {
            let start = end.saturating_sub(buffer.len() as u64).max(from);
            let chunk = &mut buffer[..(end - start) as usize];
            file.seek(SeekFrom::Start(start))?;
            file.read_exact(chunk)?;
            file.seek(SeekFrom::Start(start + growth))?;
            file.write_all(chunk)?;
            end = start;
        }
    }
    file.seek(SeekFrom::Start(rewrite.at))?;
    file.write_all(&rewrite.bytes)?;
    Ok(())
}

fn is_free(kind: &[u8; 4]) -> bool {
    matches!(kind, b"free" | b"skip" | b"wide")
}

/// `value` in `to` units from `from` units, rounded up, as ffmpeg rounds track durations
/// into the movie's timescale.
fn rescale_up(value: u64, to: u64, from: u64) -> u64 {
    (u128::from(value) * u128::from(to)).div_ceil(u128::from(from)) as u64
}

/// The change that makes the video track of the file whose top-level boxes are `top` and
/// whose `moov` is `moov` last `micros`; None when it already does.
fn rewrite(top: &[Top], mut moov: Vec<u8>, micros: u64) -> Result<Option<Rewrite>, &'static str> {
    const BROKEN: &str = "its moov box does not hold what MP4 and MOV files hold";
    let moov_top = moov_of(top)?;
    let root = children(&moov, 0, moov.len())
        .and_then(|boxes| boxes.into_iter().next())
        .filter(|b| &b.kind == b"moov" && b.end == moov.len())
        .ok_or(BROKEN)?;
    let mvhd = child(&moov, root, b"mvhd").ok_or(BROKEN)?;
    let (movie_scale, movie_duration) = header_times(&moov, mvhd).ok_or(BROKEN)?;
    let traks: Vec<Mp4Box> = children(&moov, root.body, root.end)
        .ok_or(BROKEN)?
        .into_iter()
        .filter(|b| &b.kind == b"trak")
        .collect();
    let handler = |trak: Mp4Box| {
        let hdlr = descend(&moov, trak, &[b"mdia", b"hdlr"])?.pop()?;
        moov.get(hdlr.body + 8..hdlr.body + 12)
    };
    let video = *traks
        .iter()
        .find(|&&trak| handler(trak) == Some(b"vide"))
        .ok_or("it has no video track")?;
    let tkhd = child(&moov, video, b"tkhd")
        .and_then(|tkhd| track_duration(&moov, tkhd))
        .ok_or(BROKEN)?;
    let mdhd = descend(&moov, video, &[b"mdia", b"mdhd"]).ok_or(BROKEN)?;
    let (track_scale, media_duration) = header_times(&moov, mdhd[2]).ok_or(BROKEN)?;
    let to_stbl = descend(&moov, video, &[b"mdia", b"minf", b"stbl"]).ok_or(BROKEN)?;
    let stbl = to_stbl[3];
    let stts = child(&moov, stbl, b"stts").ok_or(BROKEN)?;
    let edit = match descend(&moov, video, &[b"edts", b"elst"]) {
        Some(elst) => Some(last_edit(&moov, elst[2]).ok_or(BROKEN)?),
        None => None,
    };

    // The samples' durations: runs of (count, delta); the last sample's is the last delta.
    let runs = be(&moov, stts.body + 4, 4).ok_or(BROKEN)? as usize;
    let last_run = (stts.body + 8)
        .checked_add(
            8 * runs
                .checked_sub(1)
                .ok_or("its video track has no samples")?,
        )
        .filter(|&at| at + 8 == stts.end)
        .ok_or(BROKEN)?;
    let mut end_of_samples = 0u64;
    for run in 0..runs {
        let at = stts.body + 8 + 8 * run;
        let count = be(&moov, at, 4).ok_or(BROKEN)?;
        let delta = be(&moov, at + 4, 4).ok_or(BROKEN)?;
        end_of_samples = end_of_samples.saturating_add(count * delta);
    }
    let last_count = be(&moov, last_run, 4).ok_or(BROKEN)?;
    let old_last = be(&moov, last_run + 4, 4).ok_or(BROKEN)?;
    if last_count == 0 || end_of_samples > i64::MAX as u64 {
        return Err(BROKEN);
    }
    let last_start = end_of_samples - old_last;
    // With reordered frames, the last sample is shown at its composition offset (ctts).
    let shown_at = match child(&moov, stbl, b"ctts") {
        Some(ctts) => {
            let entries = be(&moov, ctts.body + 4, 4).ok_or(BROKEN)?;
            let last = ctts.body + 8 + 8 * (entries.checked_sub(1).ok_or(BROKEN)? as usize);
            let offset = be(&moov, last + 4, 4).ok_or(BROKEN)? as u32 as i32;
            last_start as i64 + i64::from(offset)
        }
        None => last_start as i64,
    };
    // The track's media starts where the edit list says the video does.
    let media_start = match edit {
        Some((_, -1)) => return Err("its video's edit list ends in an empty edit"),
        Some((_, media_time)) => media_time.max(0),
        None => 0,
    };
    let ticks = (u128::from(micros) * u128::from(track_scale) + 500_000) / 1_000_000;
    let end = media_start + i64::try_from(ticks).map_err(|_| BROKEN)?;
    let new_last = u64::try_from(end - shown_at)
        .ok()
        .filter(|&last| last > 0 && last <= u64::from(u32::MAX))
        .ok_or("its last frame starts after the time it should end")?;
    if old_last > 0 && old_last.abs_diff(new_last) * 1000 <= track_scale {
        return Ok(None);
    }

    // The durations that follow from the last sample's.
    let old_media = media_duration.get(&moov).ok_or(BROKEN)?;
    let new_media = (old_media + new_last)
        .checked_sub(old_last)
        .ok_or("its video track lasts less than its last sample")?;
    media_duration.set(&mut moov, new_media)?;
    let old_movie_length = rescale_up(old_media, movie_scale, track_scale);
    let new_movie_length = rescale_up(new_media, movie_scale, track_scale);
    let moved = |field: Field, moov: &mut Vec<u8>| -> Result<u64, &'static str> {
        let value =
            (field.get(moov).ok_or(BROKEN)? + new_movie_length).saturating_sub(old_movie_length);
        field.set(moov, value)?;
        Ok(value)
    };
    let track_length = moved(tkhd, &mut moov)?;
    if let Some((segment, _)) = edit {
        moved(segment, &mut moov)?;
    }
    // The movie lasts as long as its longest track.
    let mut movie_length = track_length;
    for &trak in traks.iter().filter(|t| t.at != video.at) {
        let other = child(&moov, trak, b"tkhd")
            .and_then(|tkhd| track_duration(&moov, tkhd))
            .and_then(|field| field.get(&moov))
            .ok_or(BROKEN)?;
        movie_length = movie_length.max(other);
    }
    movie_duration.set(&mut moov, movie_length)?;

    if last_count == 1 {
        Field {
            at: last_run + 4,
            width: 4,
        }
        .set(&mut moov, new_last)?;
        return Ok(Some(Rewrite {
            at: moov_top.at,
            old_length: moov_top.size,
            bytes: moov,
        }));
    }

    // The last run split: its samples but the last, then the last on its own. stts and every
    // box around it grow by one entry's 8 bytes.
    const GROWTH: u64 = 8;
    let next = top
        .iter()
        .find(|b| b.at == moov_top.at + moov_top.size)
        .filter(|b| is_free(&b.kind) && b.header == 8 && (b.size == 8 || b.size >= 16));
    let (old_length, free_after) = match next {
        Some(free) => (moov_top.size + free.size, Some(free.size - GROWTH)),
        None => (moov_top.size, None),
    };
    if free_after.is_none() {
        // What follows moov moves on: the chunk offsets into it with it.
        let moov_end = moov_top.at + moov_top.size;
        for &trak in &traks {
            let stbl = descend(&moov, trak, &[b"mdia", b"minf", b"stbl"])
                .and_then(|path| path.last().copied())
                .ok_or(BROKEN)?;
            let tables = children(&moov, stbl.body, stbl.end).ok_or(BROKEN)?;
            for table in tables
                .iter()
                .filter(|b| matches!(&b.kind, b"stco" | b"co64"))
            {
                for offset in chunk_offsets(&moov, *table).ok_or(BROKEN)? {
                    let value = offset.get(&moov).ok_or(BROKEN)?;
                    if value >= moov_end {
                        offset
                            .set(&mut moov, value + GROWTH)
                            .map_err(|_| "a chunk offset it would need does not fit stco")?;
                    }
                }
            }
        }
    }
    let mut path = descend(&moov, video, &[b"mdia", b"minf", b"stbl"]).ok_or(BROKEN)?;
    path.insert(0, root);
    path.push(stts);
    for outer in path {
        let size = match be(&moov, outer.at, 4) {
            Some(1) => Field {
                at: outer.at + 8,
                width: 8,
            },
            Some(size) if size as usize == outer.end - outer.at => Field {
                at: outer.at,
                width: 4,
            },
            _ => return Err("its video's sample table is in a box without a size"),
        };
        let grown = size.get(&moov).ok_or(BROKEN)? + GROWTH;
        size.set(&mut moov, grown)?;
    }
    Field {
        at: stts.body + 4,
        width: 4,
    }
    .set(&mut moov, runs as u64 + 1)?;
    Field {
        at: last_run,
        width: 4,
    }
    .set(&mut moov, last_count - 1)?;
    let entry = [1u32.to_be_bytes(), (new_last as u32).to_be_bytes()].concat();
    moov.splice(stts.end..stts.end, entry);
    if let Some(size) = free_after.filter(|&size| size > 0) {
        let mut free = vec![0; size as usize];
        free[..4].copy_from_slice(&(size as u32).to_be_bytes());
        free[4..8].copy_from_slice(&next.map_or(*b"free", |b| b.kind));
        moov.extend(free);
    }
    Ok(Some(Rewrite {
        at: moov_top.at,
        old_length,
        bytes: moov,
    }))
}
