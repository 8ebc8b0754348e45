//! Windows' own mechanisms, on Windows (and under Wine, as `.ci/run` runs them): Ctrl-C
//! through the console's control handler, ffmpeg dying with framekit through a job object,
//! and `--dry-run` lines that a real cmd.exe runs.
//!
//! (Wine's own failures, which docs/reliability.md lists, are not here: Wine's `type` changes
//! a PNG's bytes, which is why the dry run does not use it.)
//!
//! Ctrl-C: framekit gets a console of its own (`CREATE_NO_WINDOW`: no window, a console all
//! the same), and this test binary, started again as [`ctrl_c_helper`], attaches to that
//! console and sends it `CTRL_C_EVENT`, as a terminal does when Ctrl-C is pressed. The
//! other tests, running meanwhile, have no part in that console.

use std::fs;
use std::io::Read;
use std::os::windows::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use windows_sys::Win32::Foundation::{CloseHandle, HANDLE, WAIT_OBJECT_0};
use windows_sys::Win32::System::Console::{
    AttachConsole, FreeConsole, GenerateConsoleCtrlEvent, SetConsoleCtrlHandler, CTRL_C_EVENT,
};
use windows_sys::Win32::System::Diagnostics::ToolHelp::{
    CreateToolhelp32Snapshot, Process32FirstW, Process32NextW, PROCESSENTRY32W, TH32CS_SNAPPROCESS,
};
use windows_sys::Win32::System::Threading::{
    OpenProcess, WaitForSingleObject, CREATE_NO_WINDOW, PROCESS_SYNCHRONIZE,
};

use crate::support::frames::write_frames;
use crate::support::run::{framekit_ok, stderr, FRAMEKIT};
use crate::support::tree::names;
use crate::support::video::indices;

const PATIENCE: Duration = Duration::from_secs(120);

/// Not a test: run by [`send_ctrl_c`] in a process of its own, it sends Ctrl-C to the
/// console of the process `FRAMEKIT_TEST_CTRL_C_PID` names. Without it, it does nothing.
#[test]
#[ignore = "a helper that send_ctrl_c runs"]
fn ctrl_c_helper() {
    let Ok(pid) = std::env::var("FRAMEKIT_TEST_CTRL_C_PID") else {
        return;
    };
    let pid: u32 = pid.parse().unwrap();
    // SAFETY: console calls on this process's own console state; no pointers.
    unsafe {
        FreeConsole();
        assert!(
            AttachConsole(pid) != 0,
            "AttachConsole({pid}): {}",
            std::io::Error::last_os_error()
        );
        // The helper itself ignores the Ctrl-C it sends to everyone on that console.
        SetConsoleCtrlHandler(None, 1);
        assert!(
            GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0) != 0,
            "GenerateConsoleCtrlEvent: {}",
            std::io::Error::last_os_error()
        );
        sleep(Duration::from_millis(100));
        FreeConsole();
    }
}

/// Presses Ctrl-C in the console of `pid`, as a terminal would.
fn send_ctrl_c(pid: u32) {
    let status = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "windows::ctrl_c_helper", "--ignored", "--quiet"])
        .env("FRAMEKIT_TEST_CTRL_C_PID", pid.to_string())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "the Ctrl-C helper failed");
}

/// framekit stitching `count` frames at one frame a second in real time (ffmpeg's
/// `realtime` filter): a run that lasts, with ffmpeg busy all along. Started on a console
/// of its own (no window).
fn start_slow_stitch(dir: &Path, count: u32) -> Child {
    write_frames(dir, count, 64, 32);
    Command::new(FRAMEKIT)
        .args(["stitch", "frames", "-o", "slow.mp4", "--fps", "1"])
        .args(["--", "-vf", "realtime"])
        .current_dir(dir)
        .env_remove("FRAMEKIT_FFMPEG")
        .creation_flags(CREATE_NO_WINDOW)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("framekit starts")
}

/// The processes whose parent is `pid`, with their executable's file name.
fn children_of(pid: u32) -> Vec<(u32, String)> {
    let mut found = Vec::new();
    // SAFETY: a snapshot read with an entry whose dwSize is set, as the API asks; the
    // snapshot's handle is closed at the end.
    unsafe {
        let snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
        assert!(
            !snapshot.is_null() && snapshot as isize != -1,
            "no snapshot"
        );
        let mut entry: PROCESSENTRY32W = std::mem::zeroed();
        entry.dwSize = std::mem::size_of::<PROCESSENTRY32W>() as u32;
        let mut more = Process32FirstW(snapshot, &mut entry) != 0;
        while more {
            if entry.th32ParentProcessID == pid {
                let len = entry.szExeFile.iter().position(|&c| c == 0).unwrap_or(0);
                let name = String::from_utf16_lossy(&entry.szExeFile[..len]);
                found.push((entry.th32ProcessID, name));
            }
            more = Process32NextW(snapshot, &mut entry) != 0;
        }
        CloseHandle(snapshot);
    }
    found
}

/// A handle to framekit's ffmpeg, once it runs, to wait for its end.
fn ffmpeg_of(framekit: &Child) -> Process {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let ffmpeg = children_of(framekit.id())
            .into_iter()
            .find(|(_, name)| name.to_ascii_lowercase().starts_with("ffmpeg"));
        if let Some((pid, _)) = ffmpeg {
            // SAFETY: OpenProcess has no memory preconditions; null is checked.
            let handle = unsafe { OpenProcess(PROCESS_SYNCHRONIZE, 0, pid) };
            assert!(!handle.is_null(), "cannot open ffmpeg's process {pid}");
            return Process(handle);
        }
        assert!(Instant::now() < deadline, "framekit never started ffmpeg");
        sleep(Duration::from_millis(20));
    }
}

struct Process(HANDLE);

impl Process {
    /// Whether the process ends within `time`.
    fn ends_within(&self, time: Duration) -> bool {
        // SAFETY: the handle is open until drop.
        unsafe { WaitForSingleObject(self.0, time.as_millis() as u32) == WAIT_OBJECT_0 }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        // SAFETY: opened by ffmpeg_of, closed once.
        unsafe { CloseHandle(self.0) };
    }
}

fn finish(mut child: Child) -> (ExitStatus, String) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut said = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut said)
                .unwrap();
            return (status, said);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("framekit did not stop");
        }
        sleep(Duration::from_millis(20));
    }
}

/// Nothing of the run is left: no video, no temporary file.
fn assert_nothing_written(dir: &Path) {
    let left: Vec<String> = names(dir)
        .into_iter()
        .filter(|name| name != "frames")
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn ctrl_c_stops_ffmpeg_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let framekit = start_slow_stitch(dir.path(), 120);
    let ffmpeg = ffmpeg_of(&framekit);
    // ffmpeg is encoding: the temporary file is there.
    let deadline = Instant::now() + PATIENCE;
    while names(dir.path()).len() < 2 {
        assert!(Instant::now() < deadline, "no temporary file appeared");
        sleep(Duration::from_millis(20));
    }
    let pressed = Instant::now();
    send_ctrl_c(framekit.id());
    let (status, said) = finish(framekit);
    assert_eq!(status.code(), Some(130), "{said}");
    assert!(said.contains("interrupted"), "{said}");
    assert!(
        pressed.elapsed() < Duration::from_secs(20),
        "took {:?}",
        pressed.elapsed()
    );
    assert!(
        ffmpeg.ends_within(Duration::from_secs(10)),
        "ffmpeg runs on"
    );
    assert_nothing_written(dir.path());
}

/// `taskkill /F` or a crash: framekit runs no code of its own, and ffmpeg still ends,
/// because the job object it runs in closes with framekit.
#[test]
fn ffmpeg_dies_with_framekit_killed_outright() {
    let dir = tempfile::tempdir().unwrap();
    let mut framekit = start_slow_stitch(dir.path(), 120);
    let ffmpeg = ffmpeg_of(&framekit);
    assert!(
        !ffmpeg.ends_within(Duration::from_millis(500)),
        "ffmpeg ended early"
    );
    // TerminateProcess, which is what `taskkill /F` does.
    framekit.kill().unwrap();
    framekit.wait().unwrap();
    assert!(
        ffmpeg.ends_within(Duration::from_secs(10)),
        "ffmpeg outlived framekit"
    );
}

/// Runs `line` as cmd.exe runs a command typed at its prompt, in `dir`. The line goes to
/// cmd as it is (`/s /c "LINE"`), not quoted again by Rust's rules.
fn cmd(line: &str, dir: &Path) {
    let output = Command::new("cmd")
        .raw_arg(format!("/d /s /c \"{line}\""))
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cmd /c {line}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The dry run's command, run by cmd.exe in the same folder, makes the same video: names
/// with cmd's special characters, spaces and letters beyond ASCII are quoted, the frames
/// read by ffmpeg's `concat:` protocol.
#[test]
fn stitch_dry_run_runs_in_cmd() {
    let dir = tempfile::tempdir().unwrap();
    let folder = "my frames & (more)";
    let frames = dir.path().join(folder);
    fs::create_dir(&frames).unwrap();
    let mut names = vec![
        "a plain.png",
        "b&c.png",
        "c(1).png",
        "d,e;f=g.png",
        "e^caret.png",
        "f'quote.png",
        "g-é-中.png",
        "-leading.png",
        "h%05d.png",
        "i!bang.png",
    ];
    names.sort();
    for (index, name) in names.iter().enumerate() {
        crate::support::frames::write_frame(&frames.join(name), index as u32, 96, 32);
    }
    let output = framekit_ok(
        dir.path(),
        &["stitch", folder, "--output=out & (1).mp4", "--dry-run"],
    );
    let line = String::from_utf8(output.stdout).unwrap();
    assert!(line.contains("concat:file:"), "{line}");
    assert!(
        !dir.path().join("out & (1).mp4").exists(),
        "a dry run writes nothing"
    );
    cmd(line.trim_end(), dir.path());
    let expected: Vec<u32> = (0..names.len() as u32).collect();
    assert_eq!(indices(&dir.path().join("out & (1).mp4"), 96, 32), expected);
}

#[test]
fn split_dry_run_runs_in_cmd() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::video::video(15).write(dir.path(), "my movie.mp4");
    for out in ["out 1%", "a&b", "-out"] {
        let output = crate::support::run::framekit(dir.path())
            .args([
                "split",
                "my movie.mp4",
                "--every",
                "2",
                "--dry-run",
                "--",
                out,
            ])
            .output()
            .unwrap();
        assert!(output.status.success(), "{out}: {}", stderr(&output));
        assert!(!dir.path().join(out).exists(), "a dry run writes nothing");
        let line = String::from_utf8(output.stdout).unwrap();
        cmd(line.trim_end(), dir.path());
        assert_eq!(names(&dir.path().join(out)).len(), 8, "{out}: {line}");
    }
}
