//! `frames.csv` (`--manifest`): each written frame's index, file name, timestamp and number
//! in the decoded video, from what ffmpeg's `metadata` filter printed for each frame it
//! wrote, matched to ffprobe's list of the video's frames.

use std::fs;
use std::path::Path;

use anyhow::Result;

use crate::error::Failure;
use crate::ffmpeg::capabilities::Capabilities;
use crate::split::naming::Naming;

/// The manifest's name in OUT_DIR.
pub const MANIFEST: &str = "frames.csv";
/// Where ffmpeg's `metadata` filter writes timestamps, inside the staging folder.
pub const TIMESTAMPS: &str = "timestamps.txt";

/// One written frame, as the manifest lists it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    /// Microseconds from the start of the video.
    pub pts: i64,
    /// The frame's 0-based number in the decoded video, when ffprobe listed its frames.
    pub source_frame: Option<usize>,
    /// `--sharpest`: the variance of the Laplacian framekit measured (`pixel_choice`).
    pub sharpness: Option<f64>,
}

/// Writes `frames.csv` (index,file,pts_seconds,source_frame, and sharpness when
/// `--sharpest` measured it) into the staging folder: one row for each written frame, in
/// the order of their numbers.
pub fn write(folder: &Path, naming: &Naming, rows: &[Row]) -> Result<()> {
    let path = folder.join(MANIFEST);
    let cannot_write = |e: &dyn std::fmt::Display| {
        Failure::failed(format!("cannot write {MANIFEST}: {e}")).nothing_written()
    };
    let file = fs::File::create(&path).map_err(|e| cannot_write(&e))?;
    let mut csv = csv::Writer::from_writer(std::io::BufWriter::new(file));
    let sharpness = rows.iter().any(|row| row.sharpness.is_some());
    let mut header = vec!["index", "file", "pts_seconds", "source_frame"];
    if sharpness {
        header.push("sharpness");
    }
    csv.write_record(header).map_err(|e| cannot_write(&e))?;
    for (number, row) in (1u64..).zip(rows) {
        let time = seconds_text(row.pts);
        let source = row.source_frame.map(|n| n.to_string()).unwrap_or_default();
        let mut record = vec![number.to_string(), naming.file_name(number), time, source];
        if sharpness {
            // Three decimals: the measure is exact, its printing need not be long.
            record.push(row.sharpness.map_or(String::new(), |s| format!("{s:.3}")));
        }
        csv.write_record(record).map_err(|e| cannot_write(&e))?;
    }
    let file = csv
        .into_inner()
        .map_err(|e| cannot_write(&e))?
        .into_inner()
        .map_err(|e| cannot_write(&e))?;
    file.sync_all().map_err(|e| cannot_write(&e))?;
    Ok(())
}

/// A frame's time as frames.csv's `pts_seconds` (and the stream's `#pts_seconds`) give it:
/// seconds with 6 decimals.
pub fn seconds_text(pts: i64) -> String {
    format!("{:.6}", pts as f64 / 1e6)
}

/// The `-vf` filters that print each frame's timestamp, in microseconds, into `file` (a
/// filter-escaped path), or without one into ffmpeg's log at info level, and pass the
/// frames on unchanged. `print` writes only frames that carry metadata, so each frame is
/// given some first.
pub fn print_times_filters(ffmpeg: &Capabilities, file: Option<&str>) -> [String; 2] {
    let print = match file {
        Some(file) => format!("metadata=mode=print:file={file}"),
        None => "metadata=mode=print".to_string(),
    };
    let measured = match ffmpeg.adds_frame_metadata() {
        true => format!("metadata=mode=add:key=framekit:value=1,{print}"),
        // ffmpeg 4.2's `metadata=mode=add` adds nothing (nothing is printed): a copy of
        // each frame, 8x8, is measured by signalstats, which gives every frame metadata,
        // and printed; the frames themselves go on unchanged.
        false => format!(
            "split[frames][times];[times]scale=8:8,signalstats,{print},nullsink;[frames]null"
        ),
    };
    ["settb=AVTB".to_string(), measured]
}

/// The timestamps ffmpeg printed into `file` in the staging folder, one per frame it passed
/// on, in order, in microseconds from where it started reading (the seek, if any).
pub fn read_timestamps(folder: &Path, file: &str) -> Vec<Option<i64>> {
    let text = fs::read_to_string(folder.join(file)).unwrap_or_default();
    parse_timestamps(&text)
}

/// Reads the `metadata=mode=print` file: one line per written frame, in order, whose
/// `pts:` is in microseconds (`settb=AVTB` comes before it). Missing or unreadable times
/// (`NOPTS`) are `None`.
pub fn parse_timestamps(text: &str) -> Vec<Option<i64>> {
    text.lines()
        .filter(|line| line.starts_with("frame:"))
        .map(|line| {
            line.split_whitespace()
                .find_map(|field| field.strip_prefix("pts:"))
                .and_then(|value| value.parse::<i64>().ok())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn any_timestamp_text_is_handled(text in "\\PC*") {
            let times = parse_timestamps(&text);
            proptest::prop_assert!(times.len() <= text.lines().count());
        }
    }

    #[test]
    fn timestamps_are_read_per_frame() {
        let text = "frame:0    pts:0       pts_time:0\nframework=1\n\
                    frame:1    pts:40000   pts_time:0.04\nframework=1\nframe:2 pts:NOPTS pts_time:NOPTS\n";
        assert_eq!(parse_timestamps(text), vec![Some(0), Some(40_000), None]);
        assert!(parse_timestamps("garbage\n\0\u{fffd}").is_empty());
    }

    #[test]
    fn manifest_fields_are_quoted_only_when_csv_needs_it() {
        let folder = tempfile::tempdir().unwrap();
        let naming = |prefix: &str| Naming {
            prefix: prefix.into(),
            digits: 5,
            extension: "png",
        };
        let read = || fs::read_to_string(folder.path().join(MANIFEST)).unwrap();
        let rows = [
            Row {
                pts: 0,
                source_frame: Some(0),
                sharpness: None,
            },
            Row {
                pts: 40_000,
                source_frame: Some(1),
                sharpness: None,
            },
        ];
        write(folder.path(), &naming("img_"), &rows).unwrap();
        assert_eq!(
            read(),
            "index,file,pts_seconds,source_frame\n1,img_00001.png,0.000000,0\n\
             2,img_00002.png,0.040000,1\n"
        );
        for (prefix, quoted) in [
            ("run,1_", "\"run,1_00001.png\""),
            ("say \"hi\"_", "\"say \"\"hi\"\"_00001.png\""),
            ("two\nlines_", "\"two\nlines_00001.png\""),
        ] {
            let row = Row {
                pts: 2_000_000,
                source_frame: None,
                sharpness: None,
            };
            write(folder.path(), &naming(prefix), &[row]).unwrap();
            assert_eq!(
                read(),
                format!("index,file,pts_seconds,source_frame\n1,{quoted},2.000000,\n")
            );
        }
    }
}
