//! Snapshots (insta) of what framekit says: every error, warning and `--help` text is
//! compared with its committed copy in `tests/cli/snapshots/`, so that a change of wording
//! shows up as a snapshot diff to review (`cargo insta review`, or `INSTA_UPDATE=always` and
//! `git diff`), never by accident.
//!
//! What differs between runs and platforms is redacted: temporary folders become `[TEMP]`,
//! the process id in framekit's temporary names `[PID]`, `framekit.exe` is `framekit`, OS
//! error numbers are `[N]` (the words stay), a --json report's elapsed time `[S]`, and on
//! Windows `\` is `/` and the commands hints suggest for cmd.exe read as for a POSIX shell.
//! [`quoting_ffmpeg`] also redacts the real ffmpeg's own words, which change between its
//! versions; a test asserts the ones that matter with `contains`.

/// Asserts that `text` is the committed snapshot `name` of this test module (see
/// [`settings`]).
macro_rules! assert_message {
    ($name:expr, $text:expr $(,)?) => {
        $crate::support::messages::settings().bind(|| insta::assert_snapshot!($name, $text))
    };
}

/// [`assert_message!`] for a message that quotes the real ffmpeg (see [`quoting_ffmpeg`]).
macro_rules! assert_message_quoting_ffmpeg {
    ($name:expr, $text:expr $(,)?) => {
        $crate::support::messages::quoting_ffmpeg().bind(|| insta::assert_snapshot!($name, $text))
    };
}

/// Snapshots in `tests/cli/snapshots/`, named `cli__MODULE__NAME.snap`, with what differs
/// between runs and platforms redacted.
pub fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cli/snapshots"));
    settings.set_omit_expression(true);
    // A temporary folder (tempfile names them .tmpXXXXXX), wherever the platform keeps them.
    settings.add_filter(r#"[^\s'"(]*[/\\]\.tmp[0-9A-Za-z]{6}"#, "[TEMP]");
    // framekit's temporary output file or staging folder: .NAME.framekit-PID-ATTEMPT.part
    settings.add_filter(r"framekit-\d+-(\d+)\.part", "framekit-[PID]-$1.part");
    settings.add_filter(r"framekit\.exe", "framekit");
    settings.add_filter(r"\(os error \d+\)", "(os error [N])");
    // framekit's own time in a --json report.
    settings.add_filter(r#""elapsed_seconds":[0-9.e-]+"#, r#""elapsed_seconds":[S]"#);
    if cfg!(windows) {
        settings.add_filter(r"\\", "/");
        // The commands hints suggest, quoted for cmd.exe, as a POSIX shell has them (the
        // tests assert the cmd.exe words themselves).
        settings.add_filter(r#"--glob "([^"]*)""#, "--glob '$1'");
        settings.add_filter(r#"mkdir "([^"]*)""#, "mkdir -p -- '$1'");
        settings.add_filter(r#"mkdir ([^\s"'-][^\s"]*)"#, "mkdir -p -- $1");
    }
    settings
}

/// [`settings`], and the real ffmpeg's own words redacted: the lines it said last (quoted
/// after "its last words:"), its exit status and ffprobe's one-line verdict.
pub fn quoting_ffmpeg() -> insta::Settings {
    let mut settings = settings();
    // Every line quoted, whatever their number, put on one line. Where framekit put the
    // quote in parentheses, what it says after them stays.
    settings.add_filter(
        r"(?m)(\(ffmpeg [^\n]*its last words:)(?:\n    .*)*\n    .*?(\)(?:; nothing was written)?)$",
        "$1 [ffmpeg's words]$2",
    );
    settings.add_filter(
        r"(?m)(its last words:)(?:\n    .*)+$",
        "$1 [ffmpeg's words]",
    );
    settings.add_filter(
        r"ffmpeg exited with status -?\d+",
        "ffmpeg exited with status [N]",
    );
    settings.add_filter(
        r"is not a video that ffmpeg can read \(.*\)",
        "is not a video that ffmpeg can read ([ffprobe's words])",
    );
    settings
}
