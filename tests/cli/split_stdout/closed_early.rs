//! A reader that stops reading: framekit stops ffmpeg, leaves no process behind, says
//! nothing, and exits 0, as ripgrep and fd do on a closed pipe.

use std::io::Read;
use std::process::{Command, Stdio};

use super::*;
use crate::support::process::{children, running};
use crate::support::run::FRAMEKIT;

/// Reads one whole frame (the header, then its pixels).
fn read_one_frame(stdout: &mut impl Read) {
    let mut header = Vec::new();
    let mut byte = [0u8];
    while !header.ends_with(b"\nENDHDR\n") {
        stdout.read_exact(&mut byte).unwrap();
        header.push(byte[0]);
    }
    let text = String::from_utf8(header).unwrap();
    let number = |key: &str| -> usize {
        let line = text.lines().find(|l| l.starts_with(key)).unwrap();
        line[key.len()..].trim().parse().unwrap()
    };
    let mut pixels = vec![0; number("WIDTH") * number("HEIGHT") * 3];
    stdout.read_exact(&mut pixels).unwrap();
}

#[test]
fn a_reader_that_closes_early_ends_the_run_quietly_with_status_0() {
    let dir = tempfile::tempdir().unwrap();
    video(600)
        .size("320x240")
        .quick()
        .keyint(20)
        .write(dir.path(), "movie.mp4");
    for (args, cost) in [(vec![], DECODE), (vec!["--every", "20"], SEEK)] {
        let mut child = Command::new(FRAMEKIT)
            .current_dir(dir.path())
            .env_remove("FRAMEKIT_FFMPEG")
            .env("FRAMEKIT_SEEK_COST", cost)
            .args(["split", "movie.mp4", "-"])
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        read_one_frame(&mut stdout);
        // Seeking runs an ffmpeg per stretch: between two there is none for a moment. Once
        // the pipe is full, one waits to write.
        let mut ffmpegs = children(child.id());
        for _ in 0..100 {
            if !ffmpegs.is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
            ffmpegs = children(child.id());
        }
        assert!(
            !ffmpegs.is_empty(),
            "{args:?}: ffmpeg runs while frames are read"
        );
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stderr(&output), "", "{args:?}");
        for ffmpeg in ffmpegs {
            assert!(
                !running(ffmpeg),
                "{args:?}: ffmpeg {ffmpeg} was left running"
            );
        }
    }
}

#[test]
fn a_reader_that_takes_a_few_bytes_gets_them_and_a_quiet_end() {
    let dir = tempfile::tempdir().unwrap();
    video(300)
        .size("320x240")
        .quick()
        .write(dir.path(), "movie.mp4");
    // framekit's own status, as bash's PIPESTATUS gives it.
    let script =
        format!("'{FRAMEKIT}' split movie.mp4 - | head -c 100 | wc -c; echo ${{PIPESTATUS[0]}}");
    let output = Command::new("bash")
        .current_dir(dir.path())
        .env_remove("FRAMEKIT_FFMPEG")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(output.status.success());
    let said = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        said.split_whitespace().collect::<Vec<_>>(),
        ["100", "0"],
        "{said}"
    );
    assert_eq!(stderr(&output), "");
}
