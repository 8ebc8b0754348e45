//! What goes into the video: frame rates, codecs and extra options after `--`, a soundtrack
//! the video's length governs, and `--force` over an existing video.

use super::*;

#[test]
fn frame_rates_codecs_and_extra_options() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 10, 96, 32);
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "ntsc.mp4", "--fps", "30000/1001"],
    );
    let facts = probe(
        &dir.path().join("ntsc.mp4"),
        "v:0",
        "r_frame_rate,nb_read_frames",
    );
    assert_eq!(facts["r_frame_rate"], "30000/1001");
    assert_eq!(facts["nb_read_frames"], "10");

    framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "tuned.mkv",
            "--crf",
            "30",
            "--preset",
            "ultrafast",
            "--",
            "-tune",
            "animation",
        ],
    );
    let tuned = dir.path().join("tuned.mkv");
    assert_eq!(indices(&tuned, 96, 32), (0..10).collect::<Vec<_>>());
    // x264 wrote the settings it ran with into the stream. Each option below differs from
    // what x264 would otherwise choose: crf=23.0 by default; subme=7, me=hex and cabac=1 with
    // the default preset (medium); psy_rd=1.00:0.00, bframes=0 and deblock=0:0:0 with
    // ultrafast and no -tune.
    let settings = x264_settings(&tuned);
    let crf = ["crf=30.0"];
    let ultrafast = ["subme=0", "me=dia", "cabac=0"];
    let animation = ["psy_rd=0.40:0.00", "bframes=2", "deblock=0:1:1"];
    let missing = x264_options_missing(&settings, &[&crf[..], &ultrafast, &animation].concat());
    assert!(missing.is_empty(), "{missing:?} missing from: {settings}");

    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "hevc.mp4", "--codec", "libx265"],
    );
    let hevc = probe(
        &dir.path().join("hevc.mp4"),
        "v:0",
        "codec_name,codec_tag_string",
    );
    assert_eq!(hevc["codec_name"], "hevc");
    // hvc1, not ffmpeg's default hev1: Apple's players open only the former.
    assert_eq!(hevc["codec_tag_string"], "hvc1");
    assert_eq!(
        indices(&dir.path().join("hevc.mp4"), 96, 32),
        (0..10).collect::<Vec<_>>()
    );
}

#[test]
fn the_video_governs_the_soundtrack_length() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 25, 96, 32);
    tone(dir.path(), "short.wav", "0.3");
    tone(dir.path(), "long.mp3", "5");
    for (audio, output) in [
        ("short.wav", "short.mp4"),
        ("long.mp3", "long.mp4"),
        ("long.mp3", "long.webm"),
    ] {
        framekit_ok(
            dir.path(),
            &["stitch", "frames", "-o", output, "--audio", audio],
        );
        let video = dir.path().join(output);
        assert_eq!(
            indices(&video, 96, 32),
            (0..25).collect::<Vec<_>>(),
            "{output}"
        );
        assert_eq!(count_frames(&video), 25, "{output}");
        let audio_facts = probe(&video, "a:0", "duration,codec_type");
        assert_eq!(audio_facts["codec_type"], "audio", "{output}");
        // webm keeps no per-stream duration; the container's then.
        let duration: f64 = audio_facts
            .get("duration")
            .and_then(|d| d.parse().ok())
            .unwrap_or_else(|| container_duration(&video));
        assert!(
            (duration - 1.0).abs() < 0.1,
            "{output}: audio lasts {duration} s, video 1 s"
        );
    }
}

#[test]
fn force_replaces_an_existing_video() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 5, 96, 32);
    fs::write(dir.path().join("movie.mp4"), b"old").unwrap();
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "movie.mp4", "--force"],
    );
    assert_eq!(
        indices(&dir.path().join("movie.mp4"), 96, 32),
        (0..5).collect::<Vec<_>>()
    );
    assert_eq!(
        names(dir.path()),
        ["frames", "movie.mp4"],
        "no temporary file left"
    );
}
