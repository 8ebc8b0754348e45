//! What each ffmpeg process says it ran, from a real run: with `FFREPORT` in its environment
//! (framekit passes its own on), ffmpeg writes a report whose first lines are `Command line:`
//! and its full command line, as every ffmpeg since long before 4.2 does, on every platform.
//!
//! The report's name can vary only with the program's name (`%p`, always `ffmpeg`) and the
//! second ffmpeg started (`%t`), not with its process: ffmpeg processes that run at once
//! (parallel decoding) open one file and write over each other. Hence two ways to read them:
//! - [`ffmpeg_reports`]: the report file, where one ffmpeg ran at a time (the file then
//!   holds the last one's report). Any platform.
//! - [`ReportPipe`] (Unix): the report's name made a FIFO that every ffmpeg writes into and
//!   the test reads all of. A report (`Command line:` and the line after it) is one write
//!   of less than `PIPE_BUF` bytes, which a FIFO keeps whole: every process's, however many
//!   ran at once.
//!
//! The file name is relative, in the folder framekit runs in (`run::framekit` sets it; ffmpeg
//! runs in the same one): on Windows, a `C:` in a path would end FFREPORT's `file=` value.

use std::path::Path;
use std::process::Command;

/// Where ffmpeg writes its report, relative to the folder it runs in.
const REPORT: &str = "ffreport-ffmpeg.log";

/// `command` with every ffmpeg it runs writing a report into its working folder (errors only
/// besides the command line: level 16).
pub fn reporting(command: &mut Command) -> &mut Command {
    command.env("FFREPORT", "file=ffreport-%p.log:level=16")
}

/// One ffmpeg process's report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Its command line, as ffmpeg wrote it: the arguments separated by spaces, those with
    /// characters other than letters, digits and `+,-./:@_` in double quotes.
    pub args: String,
}

impl Report {
    /// Whether the options before its first input (`-i`), those that tell ffmpeg how to read
    /// that input, hold `words` as whole arguments.
    pub fn input_has(&self, words: &str) -> bool {
        let before_input = self.args.split(" -i ").next().unwrap_or_default();
        format!(" {before_input} ").contains(&format!(" {words} "))
    }

    /// Whether this ffmpeg decoded frames for another (its raw frames to its stdout), not
    /// wrote a file.
    pub fn decodes_for_another(&self) -> bool {
        self.args.ends_with(" -f rawvideo pipe:1")
    }
}

/// The reports of the ffmpeg run in `dir`'s report file, which is then removed (the next
/// run's report is its own): the last ffmpeg's, where ffmpeg processes ran one at a time.
pub fn ffmpeg_reports(dir: &Path) -> Vec<Report> {
    let path = dir.join(REPORT);
    let bytes = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("no ffmpeg report at {}: {e}", path.display()));
    std::fs::remove_file(&path).unwrap();
    parse(&bytes)
}

/// Every `Command line:` of a report or of several, with the line after it; but not
/// `ffmpeg -version`, which framekit asks once where the version decides an option and which
/// decodes nothing.
fn parse(bytes: &[u8]) -> Vec<Report> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.lines();
    let mut reports = Vec::new();
    while let Some(line) = lines.next() {
        if line == "Command line:" {
            let args = lines.next().expect("the command line follows").to_string();
            if !args.ends_with(" -version") {
                reports.push(Report { args });
            }
        }
    }
    reports
}

/// The report of every ffmpeg run in a folder while this lives, through a FIFO at the
/// report's path: [`ReportPipe::reports`] once framekit has finished.
#[cfg(unix)]
pub struct ReportPipe {
    path: std::path::PathBuf,
    // Held open so that the reader sees the end only when the test says so, not each time
    // no ffmpeg happens to have the report open.
    writer: std::fs::File,
    reader: std::thread::JoinHandle<Vec<u8>>,
}

#[cfg(unix)]
impl ReportPipe {
    /// A FIFO at the report's path in `dir`, read from now on.
    pub fn new(dir: &Path) -> ReportPipe {
        use std::io::Read;
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::OpenOptionsExt;

        let path = dir.join(REPORT);
        let name = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid C string; mkfifo has no other precondition.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0, "mkfifo");
        // Opening a FIFO waits for the other end, unless non-blocking (for reading), and
        // opening it for writing then finds a reader.
        let mut reader = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&path)
            .unwrap();
        let writer = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        {
            use std::os::unix::io::AsRawFd;
            let fd = reader.as_raw_fd();
            // SAFETY: fcntl on a descriptor this function owns.
            unsafe {
                libc::fcntl(
                    fd,
                    libc::F_SETFL,
                    libc::fcntl(fd, libc::F_GETFL) & !libc::O_NONBLOCK,
                )
            };
        }
        let reader = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            reader.read_to_end(&mut bytes).unwrap();
            bytes
        });
        ReportPipe {
            path,
            writer,
            reader,
        }
    }

    /// The report of every ffmpeg that ran, in the order they started writing; the FIFO is
    /// removed. Call it once framekit has finished (its ffmpeg processes end before it does).
    pub fn reports(self) -> Vec<Report> {
        drop(self.writer);
        let bytes = self.reader.join().unwrap();
        std::fs::remove_file(&self.path).unwrap();
        parse(&bytes)
    }
}
