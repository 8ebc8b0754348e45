//! framekit's own memory for 100,000 frames (`stitch --dry-run`: list, validate and plan
//! every frame) stays under 32 MiB, and so does its memory for 5,000 raw frames (550 MB)
//! streamed on standard input (`stitch --raw`: read and checked in a dry run; and encoded
//! for real on the direct route, piped into ffmpeg as they come), and for a long video's
//! frames streamed to standard output (`split VIDEO -`: 2 GB of frames).
//!
//! A test binary of its own, so that it runs in a small process: Linux counts a child's peak
//! memory from the process that started it (at exec, the old address space's high-water
//! mark is carried over), and in the main test binary, with many tests at work beside it,
//! that was 100 MB whatever framekit used.
#![cfg(target_os = "linux")]

use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};

const FRAMES: u32 = 100_000;
const SIDE: u32 = 16;
const BUDGET_KIB: i64 = 32 * 1024;

fn write_tiny_frames(folder: &Path) {
    fs::create_dir(folder).unwrap();
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, SIDE, SIDE);
    encoder.set_color(png::ColorType::Grayscale);
    let mut writer = encoder.write_header().unwrap();
    writer
        .write_image_data(&[128; (SIDE * SIDE) as usize])
        .unwrap();
    writer.finish().unwrap();
    for index in 0..FRAMES {
        fs::write(folder.join(format!("f_{index:06}.png")), &bytes).unwrap();
    }
}

/// framekit with `args`, run in `dir`, not steered by the environment.
fn framekit(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_framekit"));
    command
        .current_dir(dir)
        .env_remove("FRAMEKIT_FFMPEG")
        .args(args);
    command
}

/// Writes `count` raw frames of `frame_bytes`, each of one grey level, to `stdin`.
fn write_raw_frames(stdin: &mut std::process::ChildStdin, count: usize, frame_bytes: usize) {
    use std::io::Write;
    for index in 0..count {
        let frame = vec![(index % 251) as u8; frame_bytes];
        stdin.write_all(&frame).unwrap();
    }
}

/// Peak resident memory of a finished child, in KiB, from wait4's resource usage.
// wait4 below reaps the child; std's wait() cannot return its resource usage.
#[allow(clippy::zombie_processes)]
fn run_measuring_memory(command: &mut Command) -> (std::process::ExitStatus, i64) {
    run_measuring_memory_fed(command, |_| {})
}

/// [`run_measuring_memory`] with `feed` writing the child's standard input on a thread.
#[allow(clippy::zombie_processes)]
fn run_measuring_memory_fed(
    command: &mut Command,
    feed: impl FnOnce(&mut std::process::ChildStdin) + Send + 'static,
) -> (std::process::ExitStatus, i64) {
    let mut child = command
        .stdout(Stdio::null())
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || feed(&mut stdin));
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own unreaped child; the pointers are valid for the call.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    writer.join().unwrap();
    (std::process::ExitStatus::from_raw(status), usage.ru_maxrss)
}

#[test]
fn a_hundred_thousand_frames_are_planned_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    write_tiny_frames(&dir.path().join("frames"));
    let mut command = framekit(
        dir.path(),
        &["stitch", "frames", "-o", "big.mp4", "--dry-run"],
    );
    let (status, peak_kib) = run_measuring_memory(&mut command);
    assert!(status.success());
    assert!(
        peak_kib < BUDGET_KIB,
        "framekit peaked at {peak_kib} KiB for 100,000 frames"
    );
}

/// Peak resident memory of framekit itself, in KiB, without its ffmpeg (wait4's figure
/// counts the children it waited for): its `VmHWM`, read from /proc until it exits, while
/// `feed` writes its standard input on a thread.
fn own_peak_memory(
    command: &mut Command,
    feed: impl FnOnce(&mut std::process::ChildStdin) + Send + 'static,
) -> (std::process::ExitStatus, i64) {
    let mut child = command
        .stdout(Stdio::null())
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || feed(&mut stdin));
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    let status = loop {
        let high_water = fs::read_to_string(&status_file)
            .ok()
            .and_then(|text| {
                let line = text.lines().find(|line| line.starts_with("VmHWM:"))?;
                line.split_whitespace().nth(1)?.parse::<i64>().ok()
            })
            .unwrap_or(0);
        peak = peak.max(high_water);
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    writer.join().unwrap();
    assert!(peak > 0, "framekit's memory was never read");
    (status, peak)
}

/// 3,000 frames of 640x360 (2 GB as RGB), quick to encode.
fn write_long_video(path: &Path) {
    let status = Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=640x360:r=25",
        ])
        .args([
            "-frames:v",
            "3000",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
        ])
        .args(["-pix_fmt", "yuv420p", "-y"])
        .arg(path)
        .status()
        .expect("ffmpeg runs");
    assert!(status.success());
}

#[test]
fn a_long_video_streams_to_stdout_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    write_long_video(&dir.path().join("long.mp4"));
    for args in [&[][..], &["--every", "3"]] {
        let mut command = framekit(dir.path(), &["split", "long.mp4", "-"]);
        command.args(args);
        let (status, peak_kib) = own_peak_memory(&mut command, |_| {});
        assert!(status.success(), "{args:?}");
        assert!(
            peak_kib < BUDGET_KIB,
            "framekit peaked at {peak_kib} KiB streaming 3,000 frames {args:?}"
        );
    }
}

#[test]
fn five_thousand_raw_frames_on_standard_input_are_kept_in_bounded_memory() {
    const STREAMED: usize = 5_000;
    const FRAME: usize = 256 * 144 * 3;
    let dir = tempfile::tempdir().unwrap();
    let mut command = framekit(
        dir.path(),
        &["stitch", "--raw", "256x144", "-o", "big.mp4", "--dry-run"],
    );
    command.stderr(Stdio::null());
    let (status, peak_kib) = run_measuring_memory_fed(&mut command, |stdin| {
        write_raw_frames(stdin, STREAMED, FRAME)
    });
    assert!(status.success());
    assert!(
        peak_kib < BUDGET_KIB,
        "framekit peaked at {peak_kib} KiB for {STREAMED} streamed frames"
    );
    eprintln!("peak {peak_kib} KiB for {STREAMED} streamed frames of {FRAME} bytes");
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "a dry run leaves no spool");
}

#[test]
fn five_thousand_raw_frames_are_encoded_straight_from_standard_input_in_bounded_memory() {
    const STREAMED: usize = 5_000;
    const FRAME: usize = 256 * 144 * 3;
    let dir = tempfile::tempdir().unwrap();
    let mut command = framekit(
        dir.path(),
        &[
            "stitch",
            "--raw",
            "256x144",
            "-o",
            "big.mp4",
            "--preset",
            "ultrafast",
        ],
    );
    command.stderr(Stdio::null());
    // wait4's peak would be ffmpeg's (a reaped descendant's): framekit's own high-water
    // mark is read from /proc while it runs instead.
    let (status, peak_kib) = own_peak_memory(&mut command, |stdin| {
        write_raw_frames(stdin, STREAMED, FRAME)
    });
    assert!(status.success());
    assert!(
        peak_kib < BUDGET_KIB,
        "framekit peaked at {peak_kib} KiB encoding {STREAMED} streamed frames"
    );
    eprintln!("peak {peak_kib} KiB encoding {STREAMED} streamed frames of {FRAME} bytes");
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(left.len(), 1, "the video alone: {left:?}");
}
