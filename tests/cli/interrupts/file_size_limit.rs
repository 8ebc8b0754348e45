//! A full disk, as a file size limit: both commands (a video, framekit's own GIF, frames),
//! and split's manifest, fail cleanly, never hang.

use super::*;

#[test]
fn a_full_disk_fails_cleanly_in_both_commands() {
    let dir = tempfile::tempdir().unwrap();
    frames(dir.path(), 20);
    video(20)
        .size("640x360")
        .quick()
        .write(dir.path(), "movie.mp4");
    let framekit = FRAMEKIT;
    for (command, leftover) in [
        (
            format!("ulimit -f 20; exec '{framekit}' stitch frames -o out.mp4"),
            "out.mp4",
        ),
        (
            format!("ulimit -f 20; exec '{framekit}' split movie.mp4 out"),
            "out",
        ),
        // framekit's own GIF encoder writes the file itself (no ffmpeg words to quote).
        (
            format!("ulimit -f 20; exec '{framekit}' stitch frames -o out.gif"),
            "out.gif",
        ),
    ] {
        let mut shell = Command::new("sh");
        shell.arg("-c").arg(&command).current_dir(dir.path());
        let said = command_fails(&mut shell, dir.path(), 1, &["could not write"]);
        // ffmpeg 4.x ignores the image muxer's write errors and exits 0: framekit finds the
        // frames cut short itself.
        let old = leftover == "out" && crate::support::video::ffmpeg_version() < (5, 0);
        let name = format!("full_disk_{leftover}{}", if old { "_ffmpeg4" } else { "" });
        assert_message_quoting_ffmpeg!(name, said);
        assert!(
            !dir.path().join(leftover).exists(),
            "{command}: nothing partial"
        );
        assert_eq!(names(dir.path()), ["frames", "movie.mp4"], "{command}");
    }
}

#[test]
fn a_manifest_past_the_file_size_limit_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    // Tiny frames, each far below the limit; their list (frames.csv) is not.
    video(1500)
        .size("16x16")
        .quick()
        .write(dir.path(), "movie.mp4");
    let command = format!("ulimit -f 40; exec '{FRAMEKIT}' split movie.mp4 out --manifest");
    let mut shell = Command::new("sh");
    shell.arg("-c").arg(&command).current_dir(dir.path());
    let said = command_fails(&mut shell, dir.path(), 1, &["cannot write frames.csv"]);
    // How many times fit depends on how many bytes ffmpeg prints for each.
    let mut settings = crate::support::messages::settings();
    settings.add_filter(r"the times of \d+ of", "the times of [N] of");
    settings.bind(|| insta::assert_snapshot!("manifest_too_large", said));
}
