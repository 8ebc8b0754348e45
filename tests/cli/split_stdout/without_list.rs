//! Frames that need no list of the frames start at once: the decode is the first process
//! after `ffmpeg -version` (asked once, as every run asks it), ffprobe's description and
//! list of the frames beside it (one ffprobe, started with the version), and the times are
//! still frames.csv's `pts_seconds` (in containers whose times start elsewhere than 0, at
//! rates whose ticks are not whole microseconds: there ffmpeg's own log differs by a
//! microsecond); an ffmpeg older than 5.1 is given `-vsync` from the first try.

use super::*;
use crate::support::stand_in::{fake_ffmpeg, ffmpeg_before_5_1, installed, stand_in};
use crate::support::video::ffmpeg;

/// The stream's times and sizes against the folder's manifest (the pixels are compared by
/// `same_as_folder`).
fn same_times(dir: &Path, name: &str, args: &[&str]) {
    let expected = folder_frames(dir, name, args, OWN_CHOICE);
    let streamed = parse_stream(&stream(dir, name, args, OWN_CHOICE).stdout);
    let times = |frames: &[StreamFrame]| -> Vec<String> {
        frames.iter().map(|f| f.seconds.clone()).collect()
    };
    assert_eq!(times(&streamed), times(&expected), "{name} {args:?}");
}

#[test]
fn ffmpeg_logs_the_times_ffprobe_lists() {
    let dir = tempfile::tempdir().unwrap();
    video(40).rate("30000/1001").write(dir.path(), "ntsc.mp4");
    video(60).variable_rate().write(dir.path(), "vfr.mp4");
    // MPEG-TS starts its clock at 1.4 s; both count from the first frame.
    video(30).rate("30000/1001").write(dir.path(), "plain.mp4");
    ffmpeg(&[
        "-v",
        "error",
        "-i",
        &dir.path().join("plain.mp4").display().to_string(),
        "-c",
        "copy",
        "-y",
        &dir.path().join("stream.ts").display().to_string(),
    ]);
    // imageio-ffmpeg's static 4.2.2 and 7.0.2 crash opening any MPEG-TS: framekit reports
    // that (split_containers); here there would be no times to compare.
    let ts = !crate::support::video::decoding_crashes(&dir.path().join("stream.ts"));
    let names = ["ntsc.mp4", "vfr.mp4"]
        .into_iter()
        .chain(ts.then_some("stream.ts"));
    for name in names {
        for args in [
            &[][..],
            &["--every", "3"],
            &["--scene", "0.2"],
            &["--end", "0.5"],
        ] {
            same_times(dir.path(), name, args);
        }
    }
}

#[test]
fn every_frame_asks_the_version_once_and_decodes_once() {
    let dir = tempfile::tempdir().unwrap();
    video(12).write(dir.path(), "movie.mp4");
    let log = dir.path().join("calls.log");
    let log = log.display();
    for (name, real) in [
        ("ffmpeg", installed("ffmpeg")),
        ("ffprobe", installed("ffprobe")),
    ] {
        let script = format!(
            "#!/bin/sh\necho \"{name} $*\" >> '{log}'\nexec '{}' \"$@\"\n",
            real.display()
        );
        stand_in(dir.path(), "logged", name, &script);
    }
    let fake = dir.path().join("fake/logged/ffmpeg");
    let output = framekit(dir.path())
        .args(["split", "movie.mp4", "-", "--ffmpeg"])
        .arg(&fake)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(parse_stream(&output.stdout).len(), 12);
    let calls = fs::read_to_string(dir.path().join("calls.log")).unwrap();
    // ffmpeg's version first, then the decode; ffprobe's description (the declared count,
    // for the damaged-video warning) and its list of the frames (the times) are one
    // ffprobe run, started beside the version.
    let ffmpeg_calls: Vec<&str> = calls.lines().filter(|l| l.starts_with("ffmpeg ")).collect();
    assert!(
        ffmpeg_calls[0].starts_with("ffmpeg -hide_banner -version"),
        "{calls}"
    );
    let ffprobe_calls: Vec<&str> = calls
        .lines()
        .filter(|l| l.starts_with("ffprobe "))
        .collect();
    assert_eq!(ffprobe_calls.len(), 1, "{calls}");
    assert!(
        ffprobe_calls[0].contains("format_name:packet=pts_time,flags"),
        "{calls}"
    );
    assert_eq!(
        calls
            .lines()
            .filter(|l| l.starts_with("ffmpeg ") && l.contains("pipe:1"))
            .count(),
        1,
        "{calls}"
    );
    assert_eq!(calls.matches("ffmpeg ").count(), 2, "{calls}");
}

#[test]
fn an_ffmpeg_older_than_5_1_is_given_vsync_from_the_first_try() {
    let dir = tempfile::tempdir().unwrap();
    video(10).write(dir.path(), "movie.mp4");
    let log = dir.path().join("calls.log");
    let fake = ffmpeg_before_5_1(dir.path(), &log);
    for args in [&[][..], &["--count", "3"]] {
        let output = framekit(dir.path())
            .args(["split", "movie.mp4", "-", "--ffmpeg"])
            .arg(&fake)
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        let streamed = parse_stream(&output.stdout);
        assert_eq!(streamed.len(), if args.is_empty() { 10 } else { 3 });
        assert_eq!(streamed[0].seconds, "0.000000");
        assert!(!stderr(&output).contains("fps_mode"), "{}", stderr(&output));
    }
    // Each run: -version, then the decode with -vsync; -fps_mode never tried.
    let calls = fs::read_to_string(&log).unwrap();
    assert_eq!(calls.matches("-fps_mode").count(), 0, "{calls}");
    assert_eq!(calls.matches("-version").count(), 2, "{calls}");
    assert!(calls.matches("-vsync passthrough").count() >= 2, "{calls}");
}

/// An ffmpeg that ends without logging a frame's time: the run fails naming the frame
/// (framekit once waited forever here, its channel of log lines held open by a copy of
/// its own sender).
#[test]
fn a_frame_whose_time_ffmpeg_never_logs_fails_the_run_instead_of_hanging() {
    let dir = tempfile::tempdir().unwrap();
    video(5).write(dir.path(), "movie.mp4");
    // Its stdout untouched; its log without the metadata filter's lines.
    let script = format!(
        r#"#!/bin/sh
{{ '{real}' "$@" 2>&1 1>&3 3>&- | grep -v Parsed_metadata_ 1>&2; }} 3>&1
"#,
        real = installed("ffmpeg").display(),
    );
    let fake = fake_ffmpeg(dir.path(), "quiet", &script);
    let mut command = framekit(dir.path());
    command
        .args(["split", "movie.mp4", "-", "--ffmpeg"])
        .arg(&fake);
    // A hang is this test's failure, not the suite's.
    let output = assert_cmd::Command::from_std(command)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("ffmpeg logged no time for frame 1"),
        "{}",
        stderr(&output)
    );
    assert!(
        output.stdout.is_empty(),
        "no frame goes out without its time"
    );
}
