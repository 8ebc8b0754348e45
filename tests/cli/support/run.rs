//! Running framekit: plainly, on a terminal, and expecting a failure ([`fails`], the one
//! helper every failing run goes through).

use std::path::Path;
use std::process::{Command, Output};

use super::tree::tree;

/// The framekit binary cargo built for these tests.
pub const FRAMEKIT: &str = env!("CARGO_BIN_EXE_framekit");

/// framekit, run in `dir`, not told where ffmpeg is (`FRAMEKIT_FFMPEG` removed).
pub fn framekit(dir: &Path) -> Command {
    let mut command = Command::new(FRAMEKIT);
    command.current_dir(dir).env_remove("FRAMEKIT_FFMPEG");
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
    fails_adding(command, dir, code, words, &[])
}

/// The variant of [`command_fails`] for a run during which something other than framekit
/// (a stand-in ffmpeg) adds the paths `added` (relative to `dir`, with whatever is inside
/// them): everything that was there is still as it was, and nothing else appeared.
pub fn fails_adding(
    command: &mut Command,
    dir: &Path,
    code: i32,
    words: &[&str],
    added: &[&str],
) -> String {
    let before = tree(dir);
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
    let mut after = tree(dir);
    for path in added {
        let added = dir.join(path);
        assert!(
            after.iter().any(|(path, _)| *path == added),
            "{run}: {} was added",
            added.display()
        );
        after.retain(|(path, _)| !path.starts_with(&added));
    }
    assert!(
        after == before,
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
