//! Bad timing files and options are refused, naming the line.

use super::*;

#[test]
fn bad_timing_files_and_options_are_refused_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 96, 32);
    let write = |name: &str, text: &str| fs::write(dir.path().join(name), text).unwrap();
    write("negative.csv", "file,seconds\nframe_001.png,-2\n");
    write("zero.csv", "file,seconds\nframe_001.png,0\n");
    write("word.csv", "file,seconds\nframe_001.png,long\n");
    write("nohead.csv", "frame_001.png,2\n");
    write("stranger.csv", "file,seconds\nzzz.png,1\n");
    write(
        "twice.csv",
        "file,seconds\nframe_001.png,1\nframe_001.png,2\n",
    );
    write(
        "backwards.csv",
        "index,file,pts_seconds\n1,frame_000.png,0\n2,frame_001.png,0.5\n3,frame_002.png,0.4\n",
    );
    write("missing.csv", "index,file,pts_seconds\n1,frame_000.png,0\n");
    for (name, args, code, words) in [
        (
            "durations_missing",
            &["--durations", "nope.csv"][..],
            1,
            &["nope.csv", "does not exist"][..],
        ),
        (
            "durations_negative",
            &["--durations", "negative.csv"],
            1,
            &["negative.csv line 2", "\"-2\""],
        ),
        (
            "durations_zero",
            &["--durations", "zero.csv"],
            1,
            &["zero.csv line 2", "above 0"],
        ),
        (
            "durations_word",
            &["--durations", "word.csv"],
            1,
            &["word.csv line 2", "\"long\""],
        ),
        (
            "durations_no_header",
            &["--durations", "nohead.csv"],
            1,
            &["nohead.csv line 1 is not a header"],
        ),
        (
            "durations_stranger",
            &["--durations", "stranger.csv"],
            1,
            &["stranger.csv line 2: zzz.png is not one of the frames"],
        ),
        (
            "durations_twice",
            &["--durations", "twice.csv"],
            1,
            &["twice.csv line 3", "twice (first on line 2)"],
        ),
        (
            "timestamps_backwards",
            &["--timestamps", "backwards.csv"],
            1,
            &["backwards.csv line 4", "is not after line 3"],
        ),
        (
            "timestamps_missing_frame",
            &["--timestamps", "missing.csv"],
            1,
            &["frame_001.png has no time in missing.csv"],
        ),
        (
            "timestamps_with_fps",
            &["--timestamps", "backwards.csv", "--fps", "5"],
            2,
            &["cannot be used with"],
        ),
        (
            "timestamps_with_durations",
            &["--timestamps", "backwards.csv", "--durations", "zero.csv"],
            2,
            &["cannot be used with"],
        ),
        (
            "plays_zero",
            &["--plays", "0"],
            2,
            &["0 plays would show nothing"],
        ),
        (
            "hold_last_zero",
            &["--hold-last", "0"],
            2,
            &["--hold-last 0"],
        ),
    ] {
        let all = [&["stitch", "frames", "-o", "x.gif"][..], args].concat();
        let message = fails(dir.path(), &all, code, words);
        assert_message!(name, &message);
    }
    let plays_video = fails(
        dir.path(),
        &["stitch", "frames", "-o", "x.mp4", "--plays", "2"],
        2,
        &["--plays applies to GIF, WebP and APNG, not an MP4"],
    );
    assert_message!("plays_video", &plays_video);
}
