//! Hostile file names and odd files: every byte in a name, symlinks, unreadable frames,
//! folders that forbid reading or writing.

use super::*;

#[test]
fn names_with_every_byte_keep_their_byte_order() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    let bytes: Vec<u8> = (1..=255u8).filter(|b| *b != b'/').collect();
    for (index, byte) in bytes.iter().enumerate() {
        let name = [b"f".as_slice(), &[*byte], b".png"].concat();
        let path = frames.join(std::ffi::OsStr::from_bytes(&name));
        write_frame(&path, index as u32, 72, 16);
    }
    framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "all.mp4", "--sort", "bytes"],
    );
    let expected: Vec<u32> = (0..bytes.len() as u32).collect();
    assert_eq!(indices(&dir.path().join("all.mp4"), 72, 16), expected);

    // The dry run's command reproduces it under sh, byte for byte.
    let output = framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "sh.mp4",
            "--sort",
            "bytes",
            "--dry-run",
        ],
    );
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(std::ffi::OsStr::from_bytes(&output.stdout))
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(indices(&dir.path().join("sh.mp4"), 72, 16), expected);
}

#[test]
fn symlinked_frames_are_followed_and_broken_ones_named() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 3, 48, 16);
    let elsewhere = dir.path().join("elsewhere.png");
    write_frame(&elsewhere, 3, 48, 16);
    symlink(&elsewhere, frames.join("frame_003.png")).unwrap();
    framekit_ok(dir.path(), &["stitch", "frames", "-o", "linked.mp4"]);
    assert_eq!(
        indices(&dir.path().join("linked.mp4"), 48, 16),
        [0, 1, 2, 3]
    );

    for (name, target, problem) in [
        ("frame_004.png", "missing.png", "does not exist"),
        ("frame_005.png", "frame_005.png", "cannot be followed"),
    ] {
        let link = frames.join(name);
        symlink(target, &link).unwrap();
        let said = fails(
            dir.path(),
            &["stitch", "frames", "-o", "bad.mp4"],
            1,
            &[name, problem],
        );
        assert_message!(format!("symlinked_frame_{name}"), said);
        fs::remove_file(link).unwrap();
    }
}

#[test]
fn unreadable_frames_are_named_unless_running_as_root() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 3, 48, 16);
    fs::set_permissions(
        frames.join("frame_001.png"),
        fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let args = ["stitch", "frames", "-o", "out.mp4"];
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        // root reads a mode-000 file anyway, so there is no error to show: say so.
        eprintln!("running as root: mode 000 does not stop reads, so the frame is used");
        framekit_ok(dir.path(), &args);
    } else {
        // Its snapshot is permissions_that_forbid_reading_or_writing_are_named's, which
        // runs as root too.
        fails(
            dir.path(),
            &args,
            1,
            &["frame_001.png cannot be read (permission denied)"],
        );
    }
}

#[test]
fn permissions_that_forbid_reading_or_writing_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let frames = write_frames(dir.path(), 3, 48, 16);
    video(5).write(dir.path(), "movie.mp4");
    let mode = |path: &Path, mode: u32| {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap()
    };
    let cases: [(&str, &[&str], &str); 5] = [
        (
            "frames_folder_unreadable",
            &["stitch", "frames", "-o", "out.mp4"],
            "cannot read the frames folder frames: permission denied",
        ),
        (
            "frame_unreadable",
            &["stitch", "frames", "-o", "out.mp4"],
            "frames/frame_001.png cannot be read (permission denied)",
        ),
        (
            "output_folder_read_only",
            &["stitch", "frames", "-o", "locked/out.mp4"],
            "cannot write in locked: ",
        ),
        (
            "out_dir_read_only",
            &["split", "movie.mp4", "locked"],
            "cannot write in locked: ",
        ),
        (
            "video_unreadable",
            &["split", "hidden/movie.mp4", "out"],
            "cannot read the video hidden/movie.mp4: ",
        ),
    ];
    fs::create_dir(dir.path().join("locked")).unwrap();
    mode(&dir.path().join("locked"), 0o555);
    fs::create_dir(dir.path().join("hidden")).unwrap();
    fs::copy(
        dir.path().join("movie.mp4"),
        dir.path().join("hidden/movie.mp4"),
    )
    .unwrap();
    mode(&dir.path().join("hidden"), 0o000);
    for (name, args, words) in cases {
        match name {
            "frames_folder_unreadable" => mode(&frames, 0o000),
            "frame_unreadable" => {
                mode(&frames, 0o755);
                mode(&frames.join("frame_001.png"), 0o000);
            }
            _ => mode(&frames.join("frame_001.png"), 0o644),
        }
        let (mut command, _bin) = framekit_unprivileged(dir.path());
        command.args(args);
        let said = command_fails(&mut command, dir.path(), 1, &[words]);
        assert_message!(name, said);
    }
    // So that the folder can be removed by whoever runs the tests.
    mode(&dir.path().join("hidden"), 0o755);
}
