//! Small MP4 files built by hand for the tests, and what the tests look at in them.

use std::fs;

use anyhow::Result;

use super::boxes::{
    be, child, children, chunk_offsets, descend, header_times, last_edit, track_duration,
};
use super::set;

pub(super) fn mp4_box(kind: &[u8; 4], parts: &[Vec<u8>]) -> Vec<u8> {
    let body = parts.concat();
    [
        &(body.len() as u32 + 8).to_be_bytes(),
        kind.as_slice(),
        &body,
    ]
    .concat()
}

/// A full box: version, flags, then `fields`.
pub(super) fn full(kind: &[u8; 4], version: u8, fields: &[Vec<u8>]) -> Vec<u8> {
    mp4_box(kind, &[vec![version, 0, 0, 0], fields.concat()])
}

pub(super) fn n32(value: u32) -> Vec<u8> {
    value.to_be_bytes().to_vec()
}

pub(super) fn n64(value: u64) -> Vec<u8> {
    value.to_be_bytes().to_vec()
}

/// A time field of `version`'s width.
pub(super) fn time(version: u8, value: u64) -> Vec<u8> {
    if version == 1 {
        n64(value)
    } else {
        n32(value as u32)
    }
}

/// mvhd or mdhd: creation and modification times, timescale, duration, then the rest.
pub(super) fn header(kind: &[u8; 4], version: u8, scale: u32, duration: u64) -> Vec<u8> {
    let rest = if kind == b"mvhd" { 80 } else { 4 };
    let times = [time(version, 0), time(version, 0)].concat();
    full(
        kind,
        version,
        &[times, n32(scale), time(version, duration), vec![0; rest]],
    )
}

pub(super) fn tkhd(version: u8, duration: u64) -> Vec<u8> {
    let times = [time(version, 0), time(version, 0)].concat();
    full(
        b"tkhd",
        version,
        &[times, n32(1), n32(0), time(version, duration), vec![0; 60]],
    )
}

#[derive(Clone)]
pub(super) struct Track {
    pub(super) handler: &'static [u8; 4],
    pub(super) version: u8,
    pub(super) scale: u32,
    pub(super) runs: Vec<(u32, u32)>,
    /// Movie timescale.
    pub(super) length: u64,
    /// The edit list's segments: (duration, media time).
    pub(super) edits: Vec<(u64, i64)>,
    /// Offsets of the chunks in mdat's payload.
    pub(super) chunks: Vec<u32>,
}

pub(super) fn video(runs: &[(u32, u32)], length: u64) -> Track {
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

pub(super) fn trak(track: &Track, mdat_payload: u32) -> Vec<u8> {
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
pub(super) enum Layout {
    /// ftyp, moov, then a free-space box of this type and size, then mdat.
    Faststart(Option<(&'static [u8; 4], u32)>),
    /// ftyp, mdat, moov.
    MoovLast,
}

pub(super) const MEDIA: &[u8] = &[0xab; 300];

pub(super) fn file(tracks: &[Track], layout: Layout) -> Vec<u8> {
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
pub(super) struct Seen {
    pub(super) movie: u64,
    pub(super) tracks: Vec<TrackSeen>,
    pub(super) top: Vec<(String, usize)>,
}

/// A track's tkhd, mdhd and last edit durations, its stts runs, the bytes at its chunks.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct TrackSeen {
    pub(super) tkhd: u64,
    pub(super) mdhd: u64,
    pub(super) edit: u64,
    pub(super) runs: Vec<(u64, u64)>,
    pub(super) media: Vec<u8>,
}

pub(super) fn seen(file: &[u8]) -> Seen {
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
pub(super) fn patched(bytes: &[u8], micros: u64) -> Result<Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.mp4");
    fs::write(&path, bytes).unwrap();
    set(&path, micros)?;
    Ok(fs::read(&path).unwrap())
}
