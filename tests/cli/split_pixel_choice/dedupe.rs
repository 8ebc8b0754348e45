//! `--dedupe`: a frame too like the last one written is skipped; a held still segment
//! gives one frame; alone and with a mode, decoding or seeking, and `--json` counts the
//! skipped frames.

use super::*;

/// The rule, over the decoded source: of `candidates`, each frame unlike the last one kept.
/// (The noise frames of the test video differ from each other by about 85 levels in the
/// mean, and the held ones by none: any threshold between tells them apart.)
fn unlike_the_last_kept(source: &[DecodedFrame], candidates: &[usize]) -> Vec<usize> {
    let mut kept: Vec<usize> = Vec::new();
    for &frame in candidates {
        if kept
            .last()
            .is_none_or(|&last| source[last].hash != source[frame].hash)
        {
            kept.push(frame);
        }
    }
    kept
}

#[test]
fn a_held_still_segment_gives_one_frame() {
    let dir = tempfile::tempdir().unwrap();
    noise_held_still(dir.path(), "held.mp4");
    let source = source(dir.path(), "held.mp4");
    assert_eq!(source.len(), 60);
    let all: Vec<usize> = (0..60).collect();
    let kept = unlike_the_last_kept(&source, &all);
    // The video holds one frame still for a long stretch, with noise before and after.
    assert!(kept.len() < 45 && kept.len() > 15, "{kept:?}");
    for cost in [DECODE, SEEK] {
        let (written, rows, report) = split(dir.path(), "held.mp4", &["--dedupe"], cost, &source);
        assert_eq!(written, kept, "cost {cost}");
        let numbers: Vec<usize> = rows.iter().map(|row| row.source_frame).collect();
        assert_eq!(numbers, kept, "the manifest names each file's source frame");
        assert_eq!(report["skipped"], 60 - kept.len(), "{report}");
    }
    // With a mode: of its picks, those unlike the last one kept.
    let every: Vec<usize> = (0..60).step_by(4).collect();
    let kept = unlike_the_last_kept(&source, &every);
    assert!(kept.len() < every.len());
    let args = ["--every", "4", "--dedupe=0.5"];
    let (written, _, report) = split(dir.path(), "held.mp4", &args, SEEK, &source);
    assert_eq!(written, kept);
    assert_eq!(report["skipped"], every.len() - kept.len());
    // A threshold above every difference keeps the first frame alone.
    let (written, _, report) = split(dir.path(), "held.mp4", &["--dedupe=255"], DECODE, &source);
    assert_eq!(written, [0]);
    assert_eq!(report["skipped"], 59);
}

#[test]
fn dedupe_goes_with_sharpest() {
    let dir = tempfile::tempdir().unwrap();
    blurred_but(dir.path(), "movie.mp4", 60, &[3, 26, 30, 59], false);
    let source = source(dir.path(), "movie.mp4");
    let args = ["--count", "4", "--sharpest", "--dedupe"];
    let (written, _, report) = split(dir.path(), "movie.mp4", &args, SEEK, &source);
    assert_eq!(written, [3, 26, 30, 59]);
    assert_eq!(report["skipped"], 0);
}
