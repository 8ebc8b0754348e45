//! An ffmpeg whose stdout ends inside a frame (it crashed, or was killed): framekit fails
//! (exit 1), names the frames that had gone out whole, and, where the pixels are spliced
//! as they come (Linux), says that the start of the next one went too.

use super::*;
use crate::support::stand_in::{fake_ffmpeg, installed};

#[test]
fn an_ffmpeg_that_stops_inside_a_frame_fails_the_run_naming_the_whole_frames_sent() {
    let dir = tempfile::tempdir().unwrap();
    video(10).write(dir.path(), "movie.mp4");
    // ffmpeg's own PAM header for 64x48 is 61 bytes: one frame whole, then 500 bytes more.
    let keep = 61 + 64 * 48 * 3 + 500;
    let script = format!(
        "#!/bin/sh\ncase \"$*\" in *pipe:1*) '{real}' \"$@\" | head -c {keep}; exit 1;; esac\n\
         exec '{real}' \"$@\"\n",
        real = installed("ffmpeg").display()
    );
    let fake = fake_ffmpeg(dir.path(), "cut", &script);
    let output = framekit(dir.path())
        .args(["split", "movie.mp4", "-", "--ffmpeg"])
        .arg(&fake)
        .output()
        .unwrap();
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("movie.mp4"), "{text}");
    assert!(
        text.contains("1 whole frame(s) had gone to standard output"),
        "{text}"
    );
    let first_frame_end = output
        .stdout
        .windows(8)
        .position(|w| w == b"\nENDHDR\n")
        .expect("a first frame")
        + 8
        + 64 * 48 * 3;
    let first = parse_stream(&output.stdout[..first_frame_end]);
    assert_eq!(first.len(), 1);
    let expected = folder_frames(dir.path(), "movie.mp4", &[], OWN_CHOICE);
    assert!(
        first[0] == expected[0],
        "the first frame is not split's own"
    );
    let rest = &output.stdout[first_frame_end..];
    if cfg!(target_os = "linux") {
        assert!(text.contains("the start of frame 2"), "{text}");
        // framekit's header for frame 2, then the part of its pixels ffmpeg wrote.
        assert!(
            rest.starts_with(b"P7\n"),
            "{:?}",
            &rest[..rest.len().min(80)]
        );
        assert!(rest.len() < 160 + 500, "{}", rest.len());
    } else {
        assert!(rest.is_empty(), "only whole frames are copied");
    }
}
