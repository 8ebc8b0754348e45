//! SIGTERM while the producer is still writing (as the Python layer stops framekit when
//! the user's code raises): exit 143 at once, though the pipe stays open, and nothing left.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::*;
use crate::support::run::FRAMEKIT;

#[test]
fn sigterm_mid_stream_leaves_nothing_though_the_producer_is_still_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(FRAMEKIT)
        .args(["stitch", "--stdin-frames", "-o", "movie.mp4"])
        .current_dir(dir.path())
        .env_remove("FRAMEKIT_FFMPEG")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&stream(3, |i| png(i, 96, 32))).unwrap();
    stdin.flush().unwrap();
    // The frames kept so far, in the hidden spool folder beside the output.
    let deadline = Instant::now() + Duration::from_secs(60);
    let spooled = || {
        fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .any(|entry| fs::read_dir(entry.path()).is_ok_and(|files| files.count() == 3))
    };
    while !spooled() {
        assert!(Instant::now() < deadline, "the frames were never kept");
        std::thread::sleep(Duration::from_millis(10));
    }
    // SAFETY: kill has no memory-safety preconditions.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
    // stdin stays open: framekit must not wait for the producer.
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "framekit waited for its producer"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    drop(stdin);
    assert_eq!(status.code(), Some(143));
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
}
