//! The order of frames: byte order by default with a warning, natural order on request, and
//! names no shell or ffmpeg pattern ever reads.

use super::*;

/// Frames named `frame_N.png` (no padding) carrying index N.
fn unpadded_frames(dir: &Path, count: u32) {
    let frames = dir.join("frames");
    fs::create_dir_all(&frames).unwrap();
    for n in 1..=count {
        write_frame(&frames.join(format!("frame_{n}.png")), n, 96, 32);
    }
}

#[test]
fn default_order_is_byte_order_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    unpadded_frames(dir.path(), 12);
    // stdout is for --json and --dry-run only.
    let run = framekit(dir.path())
        .args(["stitch", "frames", "-o", "bytes.mp4"])
        .assert()
        .success()
        .stdout("")
        .stderr(contains("warning:").and(contains("--sort natural")));
    assert_eq!(
        indices(&dir.path().join("bytes.mp4"), 96, 32),
        [1, 10, 11, 12, 2, 3, 4, 5, 6, 7, 8, 9]
    );
    assert_message!("byte_order_warning", stderr(run.get_output()));
}

#[test]
fn natural_order_on_request_and_no_warning_once_chosen() {
    let dir = tempfile::tempdir().unwrap();
    unpadded_frames(dir.path(), 12);
    framekit(dir.path())
        .args(["stitch", "frames", "-o", "n.mp4", "--sort", "natural"])
        .assert()
        .success()
        .stderr("");
    assert_eq!(
        indices(&dir.path().join("n.mp4"), 96, 32),
        (1..=12).collect::<Vec<_>>()
    );
    framekit(dir.path())
        .args(["stitch", "frames", "-o", "b.mp4", "--sort", "bytes"])
        .assert()
        .success()
        .stderr("");
}

// Windows forbids some of these characters in names, and has no sh.
#[cfg(unix)]
#[test]
fn hostile_names_in_a_hostile_folder_are_just_names() {
    let dir = tempfile::tempdir().unwrap();
    let folder = "we ird [dir] $(touch pwned); 'q' %d";
    let frames = dir.path().join(folder);
    fs::create_dir(&frames).unwrap();
    let mut names = vec![
        "a space.png",
        "b'quote.png",
        "c\"dq.png",
        "d[1].png",
        "e*.png",
        "f?.png",
        "g%05d.png",
        "h$(touch pwned).png",
        "i;rm -rf x.png",
        "j\nnewline.png",
        "k-é-中.png",
        "-leading.png",
        "concat:l.png",
        "file:m.png",
        "n`id`.png",
    ];
    names.sort();
    for (index, name) in names.iter().enumerate() {
        write_frame(&frames.join(name), index as u32, 96, 32);
    }
    framekit_ok(dir.path(), &["stitch", folder, "-o", "hostile.mp4"]);
    let expected: Vec<u32> = (0..names.len() as u32).collect();
    assert_eq!(indices(&dir.path().join("hostile.mp4"), 96, 32), expected);
    assert!(
        !dir.path().join("pwned").exists(),
        "no shell ever ran a name"
    );

    // The dry run's command, run under sh from the same folder, makes the same video.
    let output = framekit_ok(
        dir.path(),
        &["stitch", folder, "--output=-dry 'run'.mp4", "--dry-run"],
    );
    assert!(
        !dir.path().join("-dry 'run'.mp4").exists(),
        "a dry run writes nothing"
    );
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(String::from_utf8(output.stdout).unwrap())
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        indices(&dir.path().join("-dry 'run'.mp4"), 96, 32),
        expected
    );
    assert!(!dir.path().join("pwned").exists());
}
