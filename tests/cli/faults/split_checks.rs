//! What split checks of ffmpeg's and ffprobe's reports: lost or skipped frames, a seek that
//! lands elsewhere, an ffprobe that cannot read, a video that cannot be verified.

use super::*;

#[test]
fn split_catches_an_ffmpeg_that_reports_more_frames_than_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    video(10).write(dir.path(), "movie.mp4");
    // The real ffmpeg, then one of its frames goes missing (split runs it in the staging folder).
    let script = format!(
        "#!/bin/sh\n'{}' \"$@\" || exit $?\nrm -f \"$(ls | grep png | tail -n 1)\"\n",
        real_ffmpeg()
    );
    let fake = fake_ffmpeg(dir.path(), "loses", &script);
    let args = [
        "split",
        "movie.mp4",
        "out",
        "--ffmpeg",
        fake.to_str().unwrap(),
    ];
    let said = fails(
        dir.path(),
        &args,
        1,
        &["ffmpeg reported 10 frame(s) but 9 file(s) were written"],
    );
    assert_message!("ffmpeg_loses_a_frame", said);
    assert_eq!(names(dir.path()), ["fake", "movie.mp4"]);
}

#[test]
fn split_decodes_instead_when_a_seek_lands_on_another_frame() {
    let dir = tempfile::tempdir().unwrap();
    video(100).keyint(10).write(dir.path(), "movie.mp4");
    // The real ffmpeg, told nothing of the seek: it gives the video's first frame instead,
    // as a container whose index of key frames lies would make it do.
    let script = format!(
        "#!/bin/sh\nskip=0\nfor a; do\n  shift\n  if [ $skip = 1 ]; then skip=0\n  \
         elif [ \"$a\" = -ss ]; then skip=1\n  else set -- \"$@\" \"$a\"\n  fi\ndone\n\
         exec '{}' \"$@\"\n",
        real_ffmpeg()
    );
    let fake = fake_ffmpeg(dir.path(), "no_seek", &script);
    let output = framekit(dir.path())
        .args([
            "split",
            "movie.mp4",
            "out",
            "--count",
            "3",
            "--manifest",
            "--json",
        ])
        .arg("--ffmpeg")
        .arg(&fake)
        .env("FRAMEKIT_SEEK_COST", "0")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_message!("seek_lands_elsewhere", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["strategy"], "decode");
    let manifest = fs::read_to_string(dir.path().join("out/frames.csv")).unwrap();
    let frames: Vec<&str> = manifest
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap())
        .collect();
    assert_eq!(frames, ["0", "34", "67"]);
    // The frames are the source's, though the seeks went wrong.
    let source = crate::support::video::decoded_frames(&dir.path().join("movie.mp4"), None);
    let written = crate::support::video::image_hashes(&dir.path().join("out/img_%05d.png"));
    assert_eq!(written, [0, 34, 67].map(|i| source[i].hash.clone()));
}

#[test]
fn a_video_that_cannot_be_verified_is_discarded() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 3, 48, 16);
    // No final frame count from ffmpeg, and no ffprobe to count with: no verdict.
    let fake = fake_ffmpeg(dir.path(), "uncounted", &writes_a_video("frame=3\\n"));
    let args = ["stitch", "frames", "-o", "out.mp4", "--ffmpeg"];
    let mut command = framekit(dir.path());
    command.args(args).arg(&fake).env("PATH", "/nonexistent");
    let said = command_fails(
        &mut command,
        dir.path(),
        1,
        &["cannot verify the encoded video"],
    );
    assert_message!("unverifiable_without_ffprobe", said);
    // An ffprobe beside that ffmpeg, which cannot count, fails, or cannot be run.
    for (name, script, words) in [
        (
            "ffprobe_cannot_count",
            "#!/bin/sh\necho N/A\n",
            "ffprobe could not count the frames of",
        ),
        (
            "ffprobe_cannot_read",
            "#!/bin/sh\necho 'fake: no such muxer' >&2\nexit 1\n",
            "ffprobe could not read",
        ),
        (
            "ffprobe_cannot_run",
            "#!/bin/sh\nexit 0\n",
            "cannot run ffprobe",
        ),
    ] {
        let ffprobe = stand_in(dir.path(), "uncounted", "ffprobe", script);
        if name == "ffprobe_cannot_run" {
            fs::set_permissions(&ffprobe, fs::Permissions::from_mode(0o644)).unwrap();
        }
        let mut command = framekit(dir.path());
        command.args(args).arg(&fake).env("PATH", "/nonexistent");
        let said = command_fails(&mut command, dir.path(), 1, &[words]);
        assert_message!(name, said);
    }
}

#[test]
fn split_catches_an_ffmpeg_that_skips_frame_numbers() {
    let dir = tempfile::tempdir().unwrap();
    video(10).write(dir.path(), "movie.mp4");
    // The real ffmpeg, then its first frame goes missing.
    let script = format!(
        "#!/bin/sh\n'{}' \"$@\" || exit $?\nrm -f \"$(ls | grep png | head -n 1)\"\n",
        real_ffmpeg()
    );
    let fake = fake_ffmpeg(dir.path(), "skips", &script);
    let fake = fake.to_str().unwrap();
    let said = fails(
        dir.path(),
        &["split", "movie.mp4", "out", "--ffmpeg", fake],
        1,
        &["ffmpeg skipped frame numbers"],
    );
    assert_message!("ffmpeg_skips_numbers", said);
}

#[test]
fn split_names_what_ffprobe_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    video(5).write(dir.path(), "movie.mp4");
    let ffmpeg = installed("ffmpeg");
    let bin = dir.path().join("fake").join("silent");
    fs::create_dir_all(&bin).unwrap();
    symlink(&ffmpeg, bin.join("ffmpeg")).unwrap();
    // --dry-run asks ffprobe about the video; this one fails without a word.
    let ffprobe = stand_in(dir.path(), "silent", "ffprobe", "#!/bin/sh\nexit 1\n");
    let args = ["split", "movie.mp4", "out", "--dry-run", "--ffmpeg"];
    let mut command = framekit(dir.path());
    command.args(args).arg(bin.join("ffmpeg"));
    let said = command_fails(
        &mut command,
        dir.path(),
        1,
        &["movie.mp4 is not a video that ffmpeg can read; nothing was written"],
    );
    assert_message!("ffprobe_says_nothing", said);
    fs::set_permissions(&ffprobe, fs::Permissions::from_mode(0o644)).unwrap();
    let mut command = framekit(dir.path());
    command.args(args).arg(bin.join("ffmpeg"));
    let said = command_fails(&mut command, dir.path(), 1, &["cannot run ffprobe"]);
    assert_message!("split_ffprobe_cannot_run", said);
}

#[cfg(target_os = "linux")]
#[test]
fn split_warns_when_a_video_has_fewer_frames_than_it_declares() {
    let dir = tempfile::tempdir().unwrap();
    video(12).write(dir.path(), "movie.mp4");
    let bin = dir.path().join("fake").join("boasts");
    fs::create_dir_all(&bin).unwrap();
    symlink(installed("ffmpeg"), bin.join("ffmpeg")).unwrap();
    // On a terminal split asks ffprobe for the total of its progress bar; this one says 99.
    let json = r#"{"streams":[{"codec_type":"video","nb_frames":"99","duration":"0.48"}]}"#;
    stand_in(
        dir.path(),
        "boasts",
        "ffprobe",
        &format!("#!/bin/sh\necho '{json}'\n"),
    );
    let output = crate::support::run::in_terminal(
        dir.path(),
        "split movie.mp4 out --ffmpeg fake/boasts/ffmpeg",
        &[],
    );
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{screen}");
    assert_eq!(names(&dir.path().join("out")).len(), 12);
    let warning = screen
        .split(['\r', '\n'])
        .find(|line| line.contains("warning:"))
        .unwrap_or_else(|| panic!("a warning: {screen}"));
    assert!(
        warning.contains("movie.mp4 declares 99 frames, but ffmpeg decoded 12"),
        "{warning}"
    );
    let warning = crate::support::run::without_escapes(warning);
    assert_message!("declared_frames_differ", warning);
}
