//! `frames.csv` (`--manifest`): each written frame's index, file name and timestamp, from
//! what ffmpeg's `metadata` filter printed for each frame it wrote.

use std::fs;
use std::path::Path;

use anyhow::Result;

use crate::cli::timecode::Timecode;
use crate::error::Failure;
use crate::split::naming::Naming;

/// The manifest's name in OUT_DIR.
pub const MANIFEST: &str = "frames.csv";
/// Where ffmpeg's `metadata` filter writes timestamps, inside the staging folder.
pub const TIMESTAMPS: &str = "timestamps.txt";

/// Writes `frames.csv` (index,file,pts_seconds) into the staging folder, from the
/// timestamps ffmpeg printed there, and removes those.
pub fn write(folder: &Path, naming: &Naming, written: u64, start: Option<Timecode>) -> Result<()> {
    let times = read_timestamps(folder);
    if (times.len() as u64) < written {
        // ffmpeg's metadata filter drops what it cannot write (a full disk, a file size
        // limit) without failing: a manifest without times would not be the truth.
        return Err(Failure::failed(format!(
            "cannot write {MANIFEST}: ffmpeg recorded the times of {} of the {written} frames",
            times.len()
        ))
        .nothing_written()
        .hint("free some space, or write the frames elsewhere")
        .into());
    }
    let offset = start.map_or(0.0, |t| t.seconds());
    let path = folder.join(MANIFEST);
    let cannot_write = |e: &dyn std::fmt::Display| {
        Failure::failed(format!("cannot write {MANIFEST}: {e}")).nothing_written()
    };
    let file = fs::File::create(&path).map_err(|e| cannot_write(&e))?;
    let mut csv = csv::Writer::from_writer(std::io::BufWriter::new(file));
    csv.write_record(["index", "file", "pts_seconds"])
        .map_err(|e| cannot_write(&e))?;
    for number in 1..=written {
        let time = times
            .get(number as usize - 1)
            .copied()
            .flatten()
            .map(|t| format!("{:.6}", t + offset))
            .unwrap_or_default();
        csv.write_record([number.to_string(), naming.file_name(number), time])
            .map_err(|e| cannot_write(&e))?;
    }
    let file = csv
        .into_inner()
        .map_err(|e| cannot_write(&e))?
        .into_inner()
        .map_err(|e| cannot_write(&e))?;
    file.sync_all().map_err(|e| cannot_write(&e))?;
    let _ = fs::remove_file(folder.join(TIMESTAMPS));
    Ok(())
}

/// The timestamps ffmpeg printed into the staging folder, one per frame it passed on, in
/// order (from the start of the range: `--start` is not added).
pub fn read_timestamps(folder: &Path) -> Vec<Option<f64>> {
    let text = fs::read_to_string(folder.join(TIMESTAMPS)).unwrap_or_default();
    parse_timestamps(&text)
}

/// Reads the `metadata=mode=print` file: one `pts_time` per written frame, in order.
/// Missing or unreadable times (`NOPTS`) are `None`.
fn parse_timestamps(text: &str) -> Vec<Option<f64>> {
    text.lines()
        .filter(|line| line.starts_with("frame:"))
        .map(|line| {
            line.split_whitespace()
                .find_map(|field| field.strip_prefix("pts_time:"))
                .and_then(|value| value.parse::<f64>().ok())
                .filter(|value| value.is_finite())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn any_timestamp_text_is_handled(text in "\\PC*") {
            for time in parse_timestamps(&text).into_iter().flatten() {
                proptest::prop_assert!(time.is_finite());
            }
        }
    }

    #[test]
    fn timestamps_are_read_per_frame() {
        let text = "frame:0    pts:0       pts_time:0\nframework=1\n\
                    frame:1    pts:512     pts_time:0.04\nframework=1\nframe:2 pts:NOPTS pts_time:NOPTS\n";
        assert_eq!(parse_timestamps(text), vec![Some(0.0), Some(0.04), None]);
        assert!(parse_timestamps("garbage\n\0\u{fffd}").is_empty());
    }

    #[test]
    fn manifest_fields_are_quoted_only_when_csv_needs_it() {
        let folder = tempfile::tempdir().unwrap();
        let times = || {
            fs::write(
                folder.path().join(TIMESTAMPS),
                "frame:0 pts:0 pts_time:0\nframe:1 pts:1 pts_time:0.04\n",
            )
            .unwrap()
        };
        times();
        let naming = |prefix: &str| Naming {
            prefix: prefix.into(),
            digits: 5,
            extension: "png",
        };
        let read = || fs::read_to_string(folder.path().join(MANIFEST)).unwrap();
        write(folder.path(), &naming("img_"), 2, None).unwrap();
        assert_eq!(
            read(),
            "index,file,pts_seconds\n1,img_00001.png,0.000000\n2,img_00002.png,0.040000\n"
        );
        for (prefix, quoted) in [
            ("run,1_", "\"run,1_00001.png\""),
            ("say \"hi\"_", "\"say \"\"hi\"\"_00001.png\""),
            ("two\nlines_", "\"two\nlines_00001.png\""),
        ] {
            times();
            write(
                folder.path(),
                &naming(prefix),
                1,
                Some("2".parse().unwrap()),
            )
            .unwrap();
            assert_eq!(
                read(),
                format!("index,file,pts_seconds\n1,{quoted},2.000000\n")
            );
        }
    }
}
