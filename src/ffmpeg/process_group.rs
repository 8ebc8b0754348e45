//! Children that framekit alone stops: ffmpeg and ffprobe run in their own process group,
//! so that on SIGINT or SIGTERM (to framekit, or to the whole terminal group) framekit kills
//! the group, which also ends anything a wrapper script standing in for them started.
//!
//! They also die with framekit: on Linux by `PR_SET_PDEATHSIG`, on Windows by a job object
//! that kills every process in it when framekit's handle to it closes, which Windows does
//! when framekit ends, however it ends (`taskkill /F` included).

use std::io::{self, Read};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::AtomicBool;
use std::sync::mpsc;
use std::thread;

use anyhow::{Context, Result};

use crate::ffmpeg::supervisor::watch::watch;
use crate::signals;

/// Runs `command` to its end and collects what it printed, like `Command::output`, except
/// that a SIGINT or SIGTERM stops it at once and becomes framekit's interrupt (exit 130 or
/// 143). For ffprobe: counting the packets of a long video takes a while, and a probe that a
/// Ctrl-C ended must not read as "not a video".
pub fn output(command: &mut Command, what: &str) -> Result<Output> {
    signals::check()?;
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    own_process_group(command);
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot run {what}"))?;
    adopt(&child);
    let result = collect(&mut child);
    // Whatever happened, nothing of this run may outlive it.
    kill_group(&mut child);
    let _ = child.wait();
    result
}

fn collect(child: &mut Child) -> Result<Output> {
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    thread::scope(|scope| {
        // The reader's end tells the watch that the child is exiting.
        let (closed, stdout_closed) = mpsc::channel::<()>();
        let out = scope.spawn(move || {
            let mut bytes = Vec::new();
            let _ = stdout.read_to_end(&mut bytes);
            drop(closed);
            bytes
        });
        let err = scope.spawn(move || {
            let mut bytes = Vec::new();
            let _ = stderr.read_to_end(&mut bytes);
            bytes
        });
        // On a signal the watch has killed the group: the pipes close, the readers end.
        let exits = watch(
            &mut [child],
            &AtomicBool::new(false),
            Some(&stdout_closed),
            drop,
        )?;
        // Anything the child left running must not hold the pipes open.
        kill_group(child);
        Ok(Output {
            status: exits[0].status,
            stdout: out.join().unwrap_or_default(),
            stderr: err.join().unwrap_or_default(),
        })
    })
}

#[cfg(unix)]
pub fn own_process_group(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    command.process_group(0);
    #[cfg(target_os = "linux")]
    // SAFETY: prctl is async-signal-safe, as pre_exec requires. If framekit itself is
    // killed outright (SIGKILL), the kernel then kills the child too.
    unsafe {
        command.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
}

/// A process group of its own, so that a Ctrl-C in framekit's console reaches framekit
/// alone (Windows delivers it to every process of the console's group otherwise).
#[cfg(windows)]
pub fn own_process_group(command: &mut Command) {
    use std::os::windows::process::CommandExt;
    use windows_sys::Win32::System::Threading::CREATE_NEW_PROCESS_GROUP;
    command.creation_flags(CREATE_NEW_PROCESS_GROUP);
}

#[cfg(not(any(unix, windows)))]
pub fn own_process_group(_command: &mut Command) {}

/// Puts a child just started into the job that dies with framekit, when framekit could not
/// join that job itself (see [`die_with_framekit`]); otherwise the child is in it already.
#[cfg(windows)]
pub fn adopt(child: &Child) {
    use std::os::windows::io::AsRawHandle;
    if let Some(Job {
        handle,
        joined: false,
    }) = JOB.get()
    {
        // SAFETY: both handles are valid: the job's is never closed, the child's is open
        // while `child` lives. A failure leaves the child outside the job, as before.
        unsafe {
            windows_sys::Win32::System::JobObjects::AssignProcessToJobObject(
                *handle as windows_sys::Win32::Foundation::HANDLE,
                child.as_raw_handle() as windows_sys::Win32::Foundation::HANDLE,
            );
        }
    }
}

#[cfg(not(windows))]
pub fn adopt(_child: &Child) {}

/// The job object every child of framekit runs in (Windows).
#[cfg(windows)]
struct Job {
    /// The job's handle, as an integer (a HANDLE is a pointer, which a static cannot hold).
    handle: usize,
    /// Whether framekit itself is in the job, so that its children are born in it.
    joined: bool,
}

#[cfg(windows)]
static JOB: std::sync::OnceLock<Job> = std::sync::OnceLock::new();

/// Creates a job object with `JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE` and puts framekit in it,
/// so that every ffmpeg and ffprobe it starts is born in the job, with no moment outside
/// it. The handle is never closed: Windows closes it when framekit ends, and then ends
/// every process in the job. Where framekit cannot join (a job that forbids it), each child
/// is put in the job right after it starts ([`adopt`]). Call once, at start-up.
#[cfg(windows)]
pub fn die_with_framekit() {
    use windows_sys::Win32::System::JobObjects::{
        AssignProcessToJobObject, CreateJobObjectW, JobObjectExtendedLimitInformation,
        SetInformationJobObject, JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
        JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
    };
    use windows_sys::Win32::System::Threading::GetCurrentProcess;
    // SAFETY: plain Win32 calls on a job this function creates; `info` is a zeroed
    // JOBOBJECT_EXTENDED_LIMIT_INFORMATION (all integers) of the size passed.
    let job = unsafe {
        let job = CreateJobObjectW(std::ptr::null(), std::ptr::null());
        if job.is_null() {
            return;
        }
        let mut info: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = std::mem::zeroed();
        info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        let set = SetInformationJobObject(
            job,
            JobObjectExtendedLimitInformation,
            (&info as *const JOBOBJECT_EXTENDED_LIMIT_INFORMATION).cast(),
            std::mem::size_of_val(&info) as u32,
        );
        if set == 0 {
            return;
        }
        let joined = AssignProcessToJobObject(job, GetCurrentProcess()) != 0;
        Job {
            handle: job as usize,
            joined,
        }
    };
    let _ = JOB.set(job);
}

/// Kills the child and everything in its process group. Harmless when they are gone.
pub fn kill_group(child: &mut Child) {
    #[cfg(unix)]
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        if not_yet_reaped(child) {
            // SAFETY: kill has no memory-safety preconditions. The group id is the child's
            // pid, reserved while the child is alive or unreaped (see try_finish).
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }
    let _ = child.kill();
}

/// The child's exit status once it has exited, after killing what is left of its group
/// (a wrapper script's background jobs). The group is killed before the child is reaped:
/// after that its pid, which is the group's id, may name an unrelated process.
pub fn try_finish(child: &mut Child) -> io::Result<Option<ExitStatus>> {
    if !has_exited(child)? {
        return Ok(None);
    }
    kill_group(child);
    child.wait().map(Some)
}

/// What waitid with WNOWAIT tells of the child, reaping nothing.
#[cfg(target_os = "linux")]
#[derive(PartialEq, Eq)]
enum Peek {
    Running,
    /// Exited, not yet reaped: its pid, the group's id, is still reserved.
    Exited,
    /// Reaped already (ECHILD): its pid may name another process now.
    Reaped,
}

#[cfg(target_os = "linux")]
fn peek(child: &Child) -> Peek {
    let pid: libc::id_t = child.id();
    // SAFETY: waitid writes only into the siginfo it is given, which is zeroed first.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    let flags = libc::WEXITED | libc::WNOHANG | libc::WNOWAIT;
    if unsafe { libc::waitid(libc::P_PID, pid, &mut info, flags) } == -1 {
        return Peek::Reaped;
    }
    // SAFETY: after a successful waitid, si_pid is the child's pid, or 0 if it still runs.
    if unsafe { info.si_pid() } == 0 {
        Peek::Running
    } else {
        Peek::Exited
    }
}

/// Whether the child has exited, leaving it unreaped.
#[cfg(target_os = "linux")]
fn has_exited(child: &mut Child) -> io::Result<bool> {
    Ok(peek(child) != Peek::Running)
}

/// Elsewhere the status is taken at once; the group is killed just after.
#[cfg(not(target_os = "linux"))]
fn has_exited(child: &mut Child) -> io::Result<bool> {
    Ok(child.try_wait()?.is_some())
}

/// Whether the child's pid is still its own: alive, or exited but not yet reaped.
#[cfg(target_os = "linux")]
fn not_yet_reaped(child: &Child) -> bool {
    peek(child) != Peek::Reaped
}

#[cfg(all(unix, not(target_os = "linux")))]
fn not_yet_reaped(_child: &Child) -> bool {
    true
}
