//! What the modes say and write at their edges: times given twice, a count beyond the frames,
//! keyframes that leave the rest undecoded, a seeking dry run, and no manifest.

use super::*;

#[test]
fn at_file_times_are_numbered_in_the_order_given_and_repeats_are_said() {
    let dir = tempfile::tempdir().unwrap();
    video(100).keyint(10).write(dir.path(), "movie.mp4");
    let source = decoded_frames(&dir.path().join("movie.mp4"), None);
    fs::write(
        dir.path().join("labels.txt"),
        "# frame times from the labelling tool\n3.5\n0:01.02\n\n0.5\n3.5\n",
    )
    .unwrap();
    let output = framekit(dir.path())
        .args([
            "split",
            "movie.mp4",
            "out",
            "--at-file",
            "labels.txt",
            "--manifest",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_message!("at_time_given_twice", stderr(&output));
    let rows = manifest(&dir.path().join("out"));
    let frames: Vec<usize> = rows.iter().map(|row| row.source_frame).collect();
    assert_eq!(frames, [88, 26, 13, 88]);
    let hashes = image_hashes(&dir.path().join("out/img_%05d.png"));
    for (frame, hash) in frames.iter().zip(hashes) {
        assert_eq!(hash, source[*frame].hash);
    }
}

#[test]
fn count_beyond_the_frames_takes_them_all_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    video(5).write(dir.path(), "short.mp4");
    let source = decoded_frames(&dir.path().join("short.mp4"), None);
    for cost in [DECODE, SEEK] {
        let (written, report) = split(
            dir.path(),
            "short.mp4",
            "out",
            &["--count", "8"],
            cost,
            &source,
        );
        assert_eq!(written, [0, 1, 2, 3, 4]);
        assert_eq!(report["warnings"].as_array().unwrap().len(), 1);
    }
    let output = framekit(dir.path())
        .args(["split", "short.mp4", "out", "--count", "8"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_message!("count_beyond_the_frames", stderr(&output));
}

#[test]
fn keyframes_leave_the_other_frames_undecoded() {
    let dir = tempfile::tempdir().unwrap();
    let path = video(60)
        .size("320x240")
        .keyint(10)
        .write(dir.path(), "movie.mp4");
    let source = decoded_frames(&path, None);
    let keys: Vec<usize> = (0..source.len()).filter(|&i| source[i].key).collect();
    assert_eq!(keys.len(), 6);
    // The second half of every other frame's data overwritten: decoding those frames
    // fails, while the key frames stay whole.
    let packets = tool(
        "ffprobe",
        &[
            "-v",
            "error",
            "-select_streams",
            "V:0",
            "-show_entries",
            "packet=pos,size,flags",
            "-of",
            "compact=p=0",
            "movie.mp4",
        ],
        dir.path(),
    );
    let mut bytes = fs::read(&path).unwrap();
    let mut damaged = 0;
    for line in String::from_utf8_lossy(&packets.stdout).lines() {
        let field = |name: &str| {
            line.split('|')
                .find_map(|f| f.strip_prefix(&format!("{name}=")))
                .unwrap()
                .to_string()
        };
        let (pos, size): (usize, usize) = (
            field("pos").parse().unwrap(),
            field("size").parse().unwrap(),
        );
        if !field("flags").contains('K') && size > 80 {
            bytes[pos + size / 2..pos + size].fill(0x55);
            damaged += 1;
        }
    }
    assert!(damaged > 40, "{damaged} frames damaged");
    fs::write(dir.path().join("damaged.mp4"), bytes).unwrap();
    let output = framekit(dir.path())
        .args(["split", "damaged.mp4", "all"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "decoding every frame fails");
    assert!(stderr(&output).contains("damaged"), "{}", stderr(&output));
    let (written, report) = split(
        dir.path(),
        "damaged.mp4",
        "out",
        &["--keyframes"],
        OWN_CHOICE,
        &source,
    );
    assert_eq!(written, keys);
    assert_eq!(report["strategy"], "keyframes");
}

// The printed command is POSIX shell.
#[cfg(unix)]
#[test]
fn dry_run_of_a_seeking_split_prints_commands_that_write_the_same_frames() {
    let dir = tempfile::tempdir().unwrap();
    video(100).keyint(10).write(dir.path(), "movie.mp4");
    for args in [
        vec!["--at", "2.5,0.3,2.5"],
        vec!["--count", "6"],
        vec!["--every", "15", "--width", "32"],
    ] {
        let run = |extra: &[&str], out: &str| {
            let output = framekit(dir.path())
                .args(["split", "movie.mp4", out])
                .args(&args)
                .args(extra)
                .env("FRAMEKIT_SEEK_COST", SEEK)
                .output()
                .unwrap();
            assert!(output.status.success(), "{args:?}: {}", stderr(&output));
            output.stdout
        };
        let command = String::from_utf8(run(&["--dry-run"], "printed")).unwrap();
        assert!(command.contains(" -ss "), "{args:?}: it seeks: {command}");
        tool("sh", &["-c", &command], dir.path());
        run(&[], "real");
        let printed = image_hashes(&dir.path().join("printed/img_%05d.png"));
        assert_eq!(printed, image_hashes(&dir.path().join("real/img_%05d.png")));
        assert_eq!(
            names(&dir.path().join("printed")),
            names(&dir.path().join("real"))
        );
        fs::remove_dir_all(dir.path().join("printed")).unwrap();
        fs::remove_dir_all(dir.path().join("real")).unwrap();
    }
}

#[test]
fn without_a_manifest_nothing_but_the_frames_is_written() {
    let dir = tempfile::tempdir().unwrap();
    video(30).keyint(10).write(dir.path(), "movie.mp4");
    let output = framekit(dir.path())
        .args(["split", "movie.mp4", "out", "--count", "3"])
        .env("FRAMEKIT_SEEK_COST", SEEK)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        names(&dir.path().join("out")),
        ["img_00001.png", "img_00002.png", "img_00003.png"],
        "no staging folder, timestamps or stretch files left"
    );
    // Silence is the default without a terminal.
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
}
