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

/// A box inside `moov`: its type, where it starts, where its body (after the header)
/// starts, and where it ends, as offsets in `moov`'s bytes.
#[derive(Debug, Clone, Copy)]
struct Mp4Box {
    kind: [u8; 4],
    at: usize,
    body: usize,
    end: usize,
}

/// The boxes in `bytes[from..to]`; None when they do not add up.
fn children(bytes: &[u8], from: usize, to: usize) -> Option<Vec<Mp4Box>> {
    let mut boxes = Vec::new();
    let mut at = from;
    while at < to {
        let size = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?);
        let kind = bytes.get(at + 4..at + 8)?.try_into().ok()?;
        let (size, header) = match size {
            0 => (to - at, 8),
            1 => (usize::try_from(be(bytes, at + 8, 8)?).ok()?, 16),
            size => (size as usize, 8),
        };
        let end = at.checked_add(size)?;
        if size < header || end > to {
            return None;
        }
        boxes.push(Mp4Box {
            kind,
            at,
            body: at + header,
            end,
        });
        at = end;
    }
    Some(boxes)
}

/// The first box of `kind` in `parent`.
fn child(bytes: &[u8], parent: Mp4Box, kind: &[u8; 4]) -> Option<Mp4Box> {
    children(bytes, parent.body, parent.end)?
        .into_iter()
        .find(|b| &b.kind == kind)
}

/// The box at the end of `path` under `parent`, with every box on the way.
fn descend(bytes: &[u8], parent: Mp4Box, path: &[&[u8; 4]]) -> Option<Vec<Mp4Box>> {
    let mut found = vec![parent];
    for kind in path {
        found.push(child(bytes, *found.last()?, kind)?);
    }
    Some(found)
}

/// The big-endian number of `width` bytes at `at`.
fn be(bytes: &[u8], at: usize, width: usize) -> Option<u64> {
    let field = bytes.get(at..at.checked_add(width)?)?;
    Some(field.iter().fold(0, |v, &b| v << 8 | u64::from(b)))
}

/// A number field: where it is and how wide.
#[derive(Debug, Clone, Copy)]
struct Field {
    at: usize,
    width: usize,
}

impl Field {
    fn get(self, bytes: &[u8]) -> Option<u64> {
        be(bytes, self.at, self.width)
    }

    fn set(self, bytes: &mut [u8], value: u64) -> Result<(), &'static str> {
        if self.width < 8 && value >> (8 * self.width) != 0 {
            return Err("a duration it would need does not fit the box's field");
        }
        let field = bytes
            .get_mut(self.at..self.at + self.width)
            .ok_or("a box is shorter than its fields")?;
        field.copy_from_slice(&value.to_be_bytes()[8 - self.width..]);
        Ok(())
    }
}

/// The timescale and duration fields of an `mvhd` or `mdhd` (version 0: 32-bit times,
/// version 1: 64-bit).
fn header_times(bytes: &[u8], header: Mp4Box) -> Option<(u64, Field)> {
    let (timescale_at, width) = match bytes.get(header.body)? {
        0 => (header.body + 12, 4),
        1 => (header.body + 20, 8),
        _ => return None,
    };
    let timescale = be(bytes, timescale_at, 4)?.max(1);
    let duration = Field {
        at: timescale_at + 4,
        width,
    };
    duration.get(bytes)?;
    Some((timescale, duration))
}

/// The duration field of a `tkhd`.
fn track_duration(bytes: &[u8], tkhd: Mp4Box) -> Option<Field> {
    let duration = match bytes.get(tkhd.body)? {
        0 => Field {
            at: tkhd.body + 20,
            width: 4,
        },
        1 => Field {
            at: tkhd.body + 28,
            width: 8,
        },
        _ => return None,
    };
    duration.get(bytes)?;
    Some(duration)
}

/// The last segment of an edit list (`elst`): its duration field (movie timescale) and its
/// media time (the track's; -1 for an empty edit).
fn last_edit(bytes: &[u8], elst: Mp4Box) -> Option<(Field, i64)> {
    let width = match bytes.get(elst.body)? {
        0 => 4,
        1 => 8,
        _ => return None,
    };
    let count = be(bytes, elst.body + 4, 4)? as usize;
    let entry = 2 * width + 4;
    let last = elst.body + 8 + entry * count.checked_sub(1)?;
    if last + entry > elst.end {
        return None;
    }
    let media_time = be(bytes, last + width, width)?;
    let media_time = if width == 4 {
        i64::from(media_time as u32 as i32)
    } else {
        media_time as i64
    };
    Some((Field { at: last, width }, media_time))
}

/// The chunk offsets of a `stco` (32-bit) or `co64` (64-bit).
fn chunk_offsets(bytes: &[u8], table: Mp4Box) -> Option<Vec<Field>> {
    let width = if &table.kind == b"co64" { 8 } else { 4 };
    let count = be(bytes, table.body + 4, 4)? as usize;
    if table.body + 8 + count.checked_mul(width)? > table.end {
        return None;
    }
    Some(
        (0..count)
            .map(|i| Field {
                at: table.body + 8 + i * width,
                width,
            })
            .collect(),
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn mp4_box(kind: &[u8; 4], parts: &[Vec<u8>]) -> Vec<u8> {
        let body = parts.concat();
        [
            &(body.len() as u32 + 8).to_be_bytes(),
            kind.as_slice(),
            &body,
        ]
        .concat()
    }

    /// A full box: version, flags, then `fields`.
    fn full(kind: &[u8; 4], version: u8, fields: &[Vec<u8>]) -> Vec<u8> {
        mp4_box(kind, &[vec![version, 0, 0, 0], fields.concat()])
    }

    fn n32(value: u32) -> Vec<u8> {
        value.to_be_bytes().to_vec()
    }

    fn n64(value: u64) -> Vec<u8> {
        value.to_be_bytes().to_vec()
    }

    /// A time field of `version`'s width.
    fn time(version: u8, value: u64) -> Vec<u8> {
        if version == 1 {
            n64(value)
        } else {
            n32(value as u32)
        }
    }

    /// mvhd or mdhd: creation and modification times, timescale, duration, then the rest.
    fn header(kind: &[u8; 4], version: u8, scale: u32, duration: u64) -> Vec<u8> {
        let rest = if kind == b"mvhd" { 80 } else { 4 };
        let times = [time(version, 0), time(version, 0)].concat();
        full(
            kind,
            version,
            &[times, n32(scale), time(version, duration), vec![0; rest]],
        )
    }

    fn tkhd(version: u8, duration: u64) -> Vec<u8> {
        let times = [time(version, 0), time(version, 0)].concat();
        full(
            b"tkhd",
            version,
            &[times, n32(1), n32(0), time(version, duration), vec![0; 60]],
        )
    }

    #[derive(Clone)]
    struct Track {
        handler: &'static [u8; 4],
        version: u8,
        scale: u32,
        runs: Vec<(u32, u32)>,
        /// Movie timescale.
        length: u64,
        /// The edit list's segments: (duration, media time).
        edits: Vec<(u64, i64)>,
        /// Offsets of the chunks in mdat's payload.
        chunks: Vec<u32>,
    }

    fn video(runs: &[(u32, u32)], length: u64) -> Track {
        Track {
            handler: b"vide",
            version: 0,
            scale: 16000,
            runs: runs.to_vec(),
            length,
            edits: vec![(length, 0)],
            chunks: vec![0, 100],
        }
    }

    fn trak(track: &Track, mdat_payload: u32) -> Vec<u8> {
        let v = track.version;
        let ticks: u64 = track.runs.iter().map(|&(n, d)| u64::from(n * d)).sum();
        let elst: Vec<Vec<u8>> = track
            .edits
            .iter()
            .map(|&(duration, media)| {
                let media = if v == 1 {
                    n64(media as u64)
                } else {
                    n32(media as i32 as u32)
                };
                [time(v, duration), media, n32(0x1_0000)].concat()
            })
            .collect();
        let stts: Vec<Vec<u8>> = (track.runs.iter())
            .map(|&(n, d)| [n32(n), n32(d)].concat())
            .collect();
        let stco: Vec<Vec<u8>> = (track.chunks.iter())
            .map(|&c| n32(mdat_payload + c))
            .collect();
        let handler = full(b"hdlr", 0, &[n32(0), track.handler.to_vec(), vec![0; 13]]);
        let stbl = mp4_box(
            b"stbl",
            &[
                full(b"stsd", 0, &[n32(0)]),
                full(b"stts", 0, &[n32(track.runs.len() as u32), stts.concat()]),
                full(b"stco", 0, &[n32(track.chunks.len() as u32), stco.concat()]),
            ],
        );
        let edts = mp4_box(
            b"edts",
            &[full(b"elst", v, &[n32(elst.len() as u32), elst.concat()])],
        );
        mp4_box(
            b"trak",
            &[
                tkhd(v, track.length),
                if track.edits.is_empty() { vec![] } else { edts },
                mp4_box(
                    b"mdia",
                    &[
                        header(b"mdhd", v, track.scale, ticks),
                        handler,
                        mp4_box(b"minf", &[stbl]),
                    ],
                ),
            ],
        )
    }

    /// The boxes before mdat.
    enum Layout {
        /// ftyp, moov, then a free-space box of this type and size, then mdat.
        Faststart(Option<(&'static [u8; 4], u32)>),
        /// ftyp, mdat, moov.
        MoovLast,
    }

    const MEDIA: &[u8] = &[0xab; 300];

    fn file(tracks: &[Track], layout: Layout) -> Vec<u8> {
        let ftyp = mp4_box(b"ftyp", &[b"isom".to_vec(), n32(512)]);
        let moov = |mdat_payload: u32| {
            let length = tracks.iter().map(|t| t.length).max().unwrap_or(0);
            let traks: Vec<Vec<u8>> = tracks.iter().map(|t| trak(t, mdat_payload)).collect();
            mp4_box(
                b"moov",
                &[
                    header(b"mvhd", tracks[0].version, 1000, length),
                    traks.concat(),
                ],
            )
        };
        let mdat = mp4_box(b"mdat", &[MEDIA.to_vec()]);
        match layout {
            Layout::Faststart(free) => {
                let free = free.map_or(vec![], |(kind, size)| {
                    mp4_box(kind, &[vec![0; size as usize - 8]])
                });
                let before = ftyp.len() + moov(0).len() + free.len() + 8;
                [ftyp, moov(before as u32), free, mdat].concat()
            }
            Layout::MoovLast => {
                let before = ftyp.len() + 8;
                [ftyp, mdat, moov(before as u32)].concat()
            }
        }
    }

    /// What the tests look at in a file: mvhd's duration, and for each track its tkhd,
    /// mdhd and edit durations, stts runs, and the bytes at its chunk offsets.
    #[derive(Debug, PartialEq, Eq)]
    struct Seen {
        movie: u64,
        tracks: Vec<TrackSeen>,
        top: Vec<(String, usize)>,
    }

    /// A track's tkhd, mdhd and last edit durations, its stts runs, the bytes at its chunks.
    #[derive(Debug, PartialEq, Eq)]
    struct TrackSeen {
        tkhd: u64,
        mdhd: u64,
        edit: u64,
        runs: Vec<(u64, u64)>,
        media: Vec<u8>,
    }

    fn seen(file: &[u8]) -> Seen {
        let top = children(file, 0, file.len()).unwrap();
        let moov = *top.iter().find(|b| &b.kind == b"moov").unwrap();
        let (_, movie) = header_times(file, child(file, moov, b"mvhd").unwrap()).unwrap();
        let tracks = children(file, moov.body, moov.end)
            .unwrap()
            .into_iter()
            .filter(|b| &b.kind == b"trak")
            .map(|trak| {
                let tkhd = track_duration(file, child(file, trak, b"tkhd").unwrap()).unwrap();
                let path = descend(file, trak, &[b"mdia", b"mdhd"]).unwrap();
                let (_, mdhd) = header_times(file, path[2]).unwrap();
                let edit = descend(file, trak, &[b"edts", b"elst"])
                    .map_or(0, |p| last_edit(file, p[2]).unwrap().0.get(file).unwrap());
                let stbl = descend(file, trak, &[b"mdia", b"minf", b"stbl"]).unwrap()[3];
                let stts = child(file, stbl, b"stts").unwrap();
                let runs = (0..be(file, stts.body + 4, 4).unwrap() as usize)
                    .map(|i| {
                        let at = stts.body + 8 + 8 * i;
                        (be(file, at, 4).unwrap(), be(file, at + 4, 4).unwrap())
                    })
                    .collect();
                let stco = child(file, stbl, b"stco").unwrap();
                let media = chunk_offsets(file, stco)
                    .unwrap()
                    .iter()
                    .map(|offset| file[offset.get(file).unwrap() as usize])
                    .collect();
                TrackSeen {
                    tkhd: tkhd.get(file).unwrap(),
                    mdhd: mdhd.get(file).unwrap(),
                    edit,
                    runs,
                    media,
                }
            })
            .collect();
        let top = top
            .iter()
            .map(|b| (String::from_utf8_lossy(&b.kind).into_owned(), b.end - b.at))
            .collect();
        Seen {
            movie: movie.get(file).unwrap(),
            tracks,
            top,
        }
    }

    /// `bytes` as a file, set to last `micros`: what it holds then.
    fn patched(bytes: &[u8], micros: u64) -> Result<Vec<u8>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.mp4");
        fs::write(&path, bytes).unwrap();
        set(&path, micros)?;
        Ok(fs::read(&path).unwrap())
    }

    #[test]
    fn a_last_sample_without_duration_gets_it_in_place() {
        // As ffmpeg 4.2 and 4.3 write it: 36 frames of 40 ms, the last one of none.
        let before = file(
            &[video(&[(35, 640), (1, 0)], 1400)],
            Layout::Faststart(Some((b"free", 8))),
        );
        let after = patched(&before, 3_400_000).unwrap();
        assert_eq!(after.len(), before.len());
        let (before, after) = (seen(&before), seen(&after));
        assert_eq!(after.movie, 3400);
        let TrackSeen {
            tkhd,
            mdhd,
            edit,
            runs,
            media,
        } = &after.tracks[0];
        assert_eq!((*tkhd, *mdhd, *edit), (3400, 54400, 3400));
        assert_eq!(runs, &[(35, 640), (1, 32000)]);
        assert_eq!(media, &before.tracks[0].media);
        assert_eq!(after.top, before.top);
    }

    #[test]
    fn a_last_run_is_split_in_the_free_space_before_mdat() {
        for (free, left) in [(b"free", None), (b"wide", Some(("wide".into(), 16)))] {
            let size = if left.is_some() { 24 } else { 8 };
            let before = file(
                &[video(&[(36, 640)], 1440)],
                Layout::Faststart(Some((free, size))),
            );
            let after = patched(&before, 3_400_000).unwrap();
            assert_eq!(after.len(), before.len());
            let mdat_at = |bytes: &[u8]| bytes.len() - MEDIA.len() - 8;
            assert_eq!(mdat_at(&after), mdat_at(&before));
            let (before, after) = (seen(&before), seen(&after));
            let TrackSeen {
                tkhd,
                mdhd,
                edit,
                runs,
                media,
            } = &after.tracks[0];
            assert_eq!((*tkhd, *mdhd, *edit), (3400, 54400, 3400));
            assert_eq!(runs, &[(35, 640), (1, 32000)]);
            assert_eq!(media, &before.tracks[0].media);
            assert_eq!(after.movie, 3400);
            assert_eq!(after.top[1].1, before.top[1].1 + 8);
            assert_eq!(after.top[2], left.unwrap_or(("mdat".into(), 308)));
        }
    }

    #[test]
    fn without_free_space_what_follows_moov_moves_and_every_chunk_offset_with_it() {
        let sound = Track {
            handler: b"soun",
            scale: 48000,
            runs: vec![(150, 1024)],
            length: 3200,
            chunks: vec![50, 150],
            ..video(&[], 0)
        };
        for layout in [Layout::Faststart(None), Layout::MoovLast] {
            let moov_last = matches!(layout, Layout::MoovLast);
            let before = file(&[video(&[(36, 640)], 1440), sound.clone()], layout);
            let after = patched(&before, 3_400_000).unwrap();
            assert_eq!(after.len(), before.len() + 8);
            let (before, after) = (seen(&before), seen(&after));
            assert_eq!(after.movie, 3400);
            assert_eq!(after.tracks[0].runs, [(35, 640), (1, 32000)]);
            assert_eq!(
                after.tracks[1], before.tracks[1],
                "the sound's durations and data"
            );
            assert_eq!(
                after.tracks[0].media, before.tracks[0].media,
                "the video's data"
            );
            let mdat = if moov_last { 1 } else { 2 };
            assert_eq!(after.top[mdat], before.top[mdat]);
        }
    }

    #[test]
    fn a_file_whose_last_frame_already_lasts_is_left_as_it_is() {
        // As ffmpeg 5.1 writes it; and within a millisecond (16 ticks), its own rounding.
        for last in [32000, 32016, 31984] {
            let before = file(
                &[video(&[(35, 640), (1, last)], 3400)],
                Layout::Faststart(Some((b"free", 8))),
            );
            assert_eq!(patched(&before, 3_400_000).unwrap(), before, "{last}");
        }
        let before = file(
            &[video(&[(35, 640), (1, 31983)], 3400)],
            Layout::Faststart(Some((b"free", 8))),
        );
        assert_eq!(
            seen(&patched(&before, 3_400_000).unwrap()).tracks[0].runs[1],
            (1, 32000)
        );
    }

    #[test]
    fn version_1_boxes_keep_64_bit_durations() {
        let long = Track {
            version: 1,
            ..video(&[(35, 640), (1, 0)], 1400)
        };
        let after = patched(&file(&[long], Layout::Faststart(None)), 3_400_000).unwrap();
        let after = seen(&after);
        assert_eq!(after.movie, 3400);
        let TrackSeen {
            tkhd,
            mdhd,
            edit,
            runs,
            ..
        } = &after.tracks[0];
        assert_eq!((*tkhd, *mdhd, *edit), (3400, 54400, 3400));
        assert_eq!(runs, &[(35, 640), (1, 32000)]);
    }

    #[test]
    fn the_video_ends_where_the_edit_list_starts_it_plus_its_length() {
        // An empty edit of 100 ms, then the media from 1600 ticks (100 ms) on: the last frame
        // (at 1.5 s in the media) lasts until 0.1 + 3.4 s there.
        let delayed = Track {
            edits: vec![(100, -1), (1400, 1600)],
            ..video(&[(1, 1600), (35, 640), (1, 0)], 1500)
        };
        let after = patched(&file(&[delayed], Layout::Faststart(None)), 3_400_000).unwrap();
        let after = seen(&after);
        let TrackSeen {
            tkhd,
            mdhd,
            edit,
            runs,
            ..
        } = &after.tracks[0];
        assert_eq!(runs, &[(1, 1600), (35, 640), (1, 32000)]);
        assert_eq!((*tkhd, *mdhd, *edit), (3500, 56000, 3400));
        assert_eq!(after.movie, 3500);
    }

    #[test]
    fn a_file_it_cannot_patch_fails_and_says_why_untouched() {
        let sound_only = Track {
            handler: b"soun",
            ..video(&[(35, 640), (1, 0)], 1400)
        };
        let good = file(&[video(&[(36, 640)], 1440)], Layout::Faststart(None));
        let fragmented = [good.clone(), mp4_box(b"moof", &[])].concat();
        let cases = [
            (
                file(&[sound_only], Layout::Faststart(None)),
                "no video track",
            ),
            (fragmented, "fragmented"),
            (good[..good.len() - 1].to_vec(), "do not add up"),
            (mp4_box(b"ftyp", &[]), "no moov box"),
            (
                file(&[video(&[], 0)], Layout::Faststart(None)),
                "no samples",
            ),
        ];
        for (bytes, reason) in cases {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("v.mp4");
            fs::write(&path, &bytes).unwrap();
            let error = set(&path, 3_400_000).unwrap_err();
            let shown = crate::error::render(&error, &crate::term::style::Style::plain());
            assert!(
                shown.contains("framekit cannot set; nothing was written"),
                "{shown}"
            );
            assert!(shown.contains(reason), "{shown}");
            assert_eq!(fs::read(&path).unwrap(), bytes);
        }
    }

    #[test]
    fn what_follows_moves_on_whole_across_many_copies() {
        let bytes: Vec<u8> = (0..(5u32 << 19) + 3).map(|i| (i % 251) as u8).collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.mp4");
        fs::write(&path, &bytes).unwrap();
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .unwrap();
        let rewrite = Rewrite {
            at: 10,
            old_length: 4,
            bytes: vec![7; 12],
        };
        apply(&mut file, &rewrite).unwrap();
        let expected = [&bytes[..10], &[7; 12], &bytes[14..]].concat();
        assert!(fs::read(&path).unwrap() == expected);
    }
}
