//! Running framekit: plainly, on a terminal, as a user without privileges, and expecting a
//! failure ([`fails`], the one helper every failing run goes through).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::tree::{tree, Tree};

/// The framekit binary cargo built for these tests.
pub const FRAMEKIT: &str = env!("CARGO_BIN_EXE_framekit");

/// framekit, run in `dir`, not told where ffmpeg is (`FRAMEKIT_FFMPEG` removed), nor how
/// wide a terminal is (`COLUMNS`, which clap wraps its messages to).
pub fn framekit(dir: &Path) -> Command {
    let mut command = Command::new(FRAMEKIT);
    command
        .current_dir(dir)
        .env_remove("FRAMEKIT_FFMPEG")
        .env_remove("COLUMNS");
    command
}

/// Runs framekit in `dir` and insists it succeeds.
pub fn framekit_ok(dir: &Path, args: &[&str]) -> Output {
    let output = framekit(dir).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "framekit {args:?}: {}",
        stderr(&output)
    );
    output
}

/// What a finished run printed on stderr, as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs framekit with `args` in `dir` and expects it to fail: exit `code`, each of `words`
/// in its stderr, nothing on stdout, and every file and folder under `dir` as it was, byte
/// for byte. Returns stderr, for `assert_message!`.
pub fn fails(dir: &Path, args: &[&str], code: i32, words: &[&str]) -> String {
    command_fails(framekit(dir).args(args), dir, code, words)
}

/// [`fails`] for a command the caller set up: an environment variable, a shell around
/// framekit, another user. `dir` is the tree that must stay as it was.
pub fn command_fails(command: &mut Command, dir: &Path, code: i32, words: &[&str]) -> String {
    fails_except(command, dir, code, words, &[])
}

/// The variant of [`command_fails`] for a run during which something other than framekit
/// (a stand-in ffmpeg) adds, removes or rewrites the paths `touched` (relative to `dir`,
/// with whatever is inside them): everything else under `dir` must be as it was.
pub fn fails_except(
    command: &mut Command,
    dir: &Path,
    code: i32,
    words: &[&str],
    touched: &[&str],
) -> String {
    let touched: Vec<PathBuf> = touched.iter().map(|path| dir.join(path)).collect();
    let untouched = |tree: Tree| -> Tree {
        tree.into_iter()
            .filter(|(path, _)| !touched.iter().any(|t| path.starts_with(t)))
            .collect()
    };
    let before = untouched(tree(dir));
    let output = command.output().expect("framekit runs");
    let message = stderr(&output);
    let run = format!("{:?}", command.get_args().collect::<Vec<_>>());
    assert_eq!(output.status.code(), Some(code), "{run}: {message}");
    for word in words {
        assert!(
            message.contains(word),
            "{run}: {word:?} missing from: {message}"
        );
    }
    assert!(
        output.stdout.is_empty(),
        "{run}: nothing on stdout, but: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(
        untouched(tree(dir)) == before,
        "{run}: the files under {} changed",
        dir.display()
    );
    message
}

/// Runs framekit with `args` on a pseudo-terminal (util-linux `script`), as an interactive
/// shell would; returns what the terminal showed.
#[cfg(target_os = "linux")]
pub fn in_terminal(dir: &Path, args: &str, env: &[(&str, &str)]) -> Output {
    let command = format!("'{FRAMEKIT}' {args}");
    Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir)
        .env_remove("FRAMEKIT_FFMPEG")
        .envs(env.iter().copied())
        .output()
        .expect("script (util-linux) runs")
}

/// `screen` without its terminal escape sequences (colours, line erasing), for a snapshot.
#[cfg(target_os = "linux")]
pub fn without_escapes(screen: &str) -> String {
    let mut plain = String::new();
    let mut chars = screen.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ parameters, ended by a letter.
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

/// framekit in `dir` as a user whom file modes bind, for the messages about permissions:
/// root reads and writes whatever the modes say, so as root a copy of framekit runs as
/// `nobody`, from a folder anyone may enter (returned: keep it while the command runs).
/// `dir` is opened to others (0755); make what must be refused unreadable or read-only.
#[cfg(unix)]
pub fn framekit_unprivileged(dir: &Path) -> (Command, tempfile::TempDir) {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;

    let open = |folder: &Path| fs::set_permissions(folder, fs::Permissions::from_mode(0o755));
    open(dir).unwrap();
    let bin = tempfile::tempdir().unwrap();
    open(bin.path()).unwrap();
    let copy = bin.path().join("framekit");
    fs::copy(FRAMEKIT, &copy).unwrap();
    // A process another test forks while the copy is open for writing holds it open until
    // it execs, and Linux refuses to run a file open for writing (ETXTBSY). Once one run
    // starts, none holds it any more: no test may then fail to start it.
    for _ in 0..500 {
        match Command::new(&copy).arg("--version").output() {
            Err(error) if error.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            _ => break,
        }
    }
    let mut command = Command::new(&copy);
    command.current_dir(dir).env_remove("FRAMEKIT_FFMPEG");
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        command.uid(65534).gid(65534);
    }
    (command, bin)
}
