//! Commands for people to run: the `--dry-run` text and the commands hints suggest, quoted
//! for the platform's own shell. On Unix that is a POSIX shell (sh, bash, zsh), byte-exact
//! for any file name; on Windows it is cmd.exe (see [`cmd`]), which every Windows has.

use std::ffi::{OsStr, OsString};

/// Quotes one word for the platform's shell.
pub fn quote(word: &OsStr) -> Vec<u8> {
    if cfg!(windows) {
        cmd::quote(word).into_bytes()
    } else {
        posix::quote(word)
    }
}

/// [`quote`] for a word framekit made itself (a suggested `--glob`), as text.
pub fn quote_str(word: &str) -> String {
    String::from_utf8_lossy(&quote(OsStr::new(word))).into_owned()
}

/// `program arg1 arg2 ...`, each word quoted.
pub fn command_line(program: &OsStr, args: &[OsString]) -> Vec<u8> {
    let mut line = quote(program);
    for arg in args {
        line.push(b' ');
        line.extend(quote(arg));
    }
    line
}

/// A command that writes the files, concatenated, to its standard output: `cat -- FILES`.
/// (On Windows no shell command does so byte for byte: see [`ffmpeg_concat`].)
pub fn concatenate<P: AsRef<OsStr>>(files: &[P]) -> Vec<u8> {
    posix::concatenate(files)
}

/// ffmpeg's own `concat:` protocol, which reads the files one after another as one stream,
/// as `cat` does: `concat:file:A|file:B`. The `--dry-run` input on Windows, where neither
/// cmd.exe's `type` (under Wine it changed the bytes of a PNG) nor Windows PowerShell 5.1's
/// pipe (it re-encodes a program's output as text) can be trusted with binary frames.
/// Windows names cannot hold `|`, which separates the files; `file:` keeps a name that
/// holds `:` from being read as a protocol.
pub fn ffmpeg_concat<P: AsRef<OsStr>>(files: &[P]) -> OsString {
    let mut input = OsString::from("concat:");
    for (index, file) in files.iter().enumerate() {
        if index > 0 {
            input.push("|");
        }
        input.push("file:");
        input.push(file.as_ref());
    }
    input
}

/// The longest line cmd.exe runs.
pub const CMD_MAX_LINE: usize = 8191;

/// A command that creates `folder` and its parents: `mkdir -p -- OUT` (cmd.exe: `mkdir OUT`,
/// whose own parsing wants `\\`).
pub fn make_folder(folder: &OsStr) -> Vec<u8> {
    if cfg!(windows) {
        let folder = folder.to_string_lossy().replace('/', "\\");
        format!("mkdir {}", cmd::quote(OsStr::new(&folder))).into_bytes()
    } else {
        [b"mkdir -p -- ".as_slice(), &posix::quote(folder)].concat()
    }
}

/// [`make_folder`] when missing, then the command that follows: `mkdir -p -- OUT && `.
pub fn make_folder_then(folder: &OsStr) -> Vec<u8> {
    if cfg!(windows) {
        // cmd's mkdir fails on a folder that exists, which is fine here: `&`, not `&&`.
        [make_folder(folder).as_slice(), b" 2>NUL & "].concat()
    } else {
        [make_folder(folder).as_slice(), b" && "].concat()
    }
}

/// POSIX shell quoting, on bytes: names need not be UTF-8.
#[cfg_attr(windows, allow(dead_code))]
pub mod posix {
    use std::ffi::OsStr;

    /// Above this many bytes of quoted file names, `cat -- NAMES` could pass the kernel's
    /// limit on one command's arguments; the names then go through `printf` (a shell builtin,
    /// which has no such limit) and `xargs -0`.
    const MAX_INLINE_NAMES: usize = 64 * 1024;

    /// Quotes one word for a POSIX shell.
    pub fn quote(word: &OsStr) -> Vec<u8> {
        let bytes = word.as_encoded_bytes();
        // A NUL cannot occur in an argument or a file name, so quoting cannot fail on real
        // input; should it ever, single quotes still keep the word intact.
        match shlex::bytes::try_quote(bytes) {
            Ok(quoted) => quoted.into_owned(),
            Err(_) => [b"'".as_slice(), bytes, b"'"].concat(),
        }
    }

    /// `cat -- FILES`, or `printf ... | xargs -0 cat --` for a list too long for one command.
    pub fn concatenate<P: AsRef<OsStr>>(files: &[P]) -> Vec<u8> {
        let mut names = Vec::new();
        for file in files {
            names.push(b' ');
            names.extend(quote(file.as_ref()));
        }
        if names.len() <= MAX_INLINE_NAMES {
            [b"cat --".as_slice(), &names].concat()
        } else {
            [b"printf '%s\\0'".as_slice(), &names, b" | xargs -0 cat --"].concat()
        }
    }
}

/// cmd.exe quoting. A program reads its arguments by the C runtime's rules (double quotes
/// group, `\"` is a quote, backslashes are doubled only before a quote: what Rust's own
/// `Command` writes); cmd.exe first looks for `& | < > ^ ( )` outside double quotes. So a
/// word is quoted by the C runtime's rules, then any of those characters that cmd would
/// still see outside quotes (after a `\"`) is escaped with `^`.
///
/// Two things cmd.exe does cannot be quoted away: a line is at most 8191 characters (a few
/// hundred frames in a `--dry-run`), and `%NAME%` is replaced by the variable NAME when it
/// is set, inside quotes too. docs/reliability.md (Windows) says so.
#[cfg_attr(not(windows), allow(dead_code))]
pub mod cmd {
    use std::ffi::OsStr;

    /// What cmd.exe acts on outside double quotes.
    const SPECIAL: &[char] = &['&', '|', '<', '>', '^', '(', ')'];

    /// Whether the word is quoted: cmd's and the C runtime's special characters, the
    /// separators cmd's own commands (type, mkdir) split at, and patterns, so that a
    /// suggested `--glob "*.png"` reads the same in cmd.exe and PowerShell.
    fn needs_quotes(word: &str) -> bool {
        word.is_empty()
            || word
                .chars()
                .any(|c| c.is_whitespace() || SPECIAL.contains(&c) || "\",;=*?[]'`$!{}".contains(c))
    }

    /// Quotes one word for cmd.exe and the program it runs.
    pub fn quote(word: &OsStr) -> String {
        let word = word.to_string_lossy();
        if !needs_quotes(&word) {
            return word.into_owned();
        }
        // The C runtime's quoting (as Rust's std writes it for CreateProcess).
        let mut quoted = String::from("\"");
        let mut backslashes = 0;
        for c in word.chars() {
            if c == '\\' {
                backslashes += 1;
            } else {
                if c == '"' {
                    quoted.extend(std::iter::repeat_n('\\', backslashes + 1));
                }
                backslashes = 0;
            }
            quoted.push(c);
        }
        quoted.extend(std::iter::repeat_n('\\', backslashes));
        quoted.push('"');
        // cmd's view: every `"` toggles, `\"` included.
        let mut line = String::with_capacity(quoted.len());
        let mut inside = false;
        for c in quoted.chars() {
            if c == '"' {
                inside = !inside;
            } else if !inside && SPECIAL.contains(&c) {
                line.push('^');
            }
            line.push(c);
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn sh_echo_words(line: &[u8]) -> Vec<u8> {
        let script = [b"printf '%s\\0' ".as_slice(), line].concat();
        let script = String::from_utf8(script).unwrap();
        std::process::Command::new("sh")
            .arg("-c")
            .arg(script)
            .output()
            .unwrap()
            .stdout
    }

    /// Runs the words through a real sh; Windows has none (tests/cli/windows.rs runs the
    /// cmd.exe quoting through a real cmd.exe).
    #[cfg(unix)]
    #[test]
    fn quoted_words_survive_the_shell_byte_for_byte() {
        let hostile = [
            "plain",
            "with space",
            "it's",
            "\"double\"",
            "$(touch pwned)",
            "`id`",
            "a;b|c&d",
            "[*?]",
            "100%",
            "new\nline",
            "-leading-dash",
            "concat:x.mp4",
            "tab\there",
            "é ü 中",
            "",
        ];
        for word in hostile {
            let line = posix::quote(OsStr::new(word));
            assert_eq!(
                sh_echo_words(&line),
                [word.as_bytes(), b"\0"].concat(),
                "{word:?}"
            );
        }
    }

    #[test]
    fn posix_command_line_quotes_every_word() {
        let args = ["-i", "my file.png"].map(OsStr::new);
        let mut line = posix::quote(OsStr::new("ffmpeg"));
        for arg in args {
            line.push(b' ');
            line.extend(posix::quote(arg));
        }
        assert_eq!(line, b"ffmpeg -i 'my file.png'".to_vec());
    }

    #[test]
    fn long_file_lists_avoid_the_argument_limit() {
        let short = posix::concatenate(&["a.png", "b c.png"]);
        assert_eq!(short, b"cat -- a.png 'b c.png'".to_vec());
        let many: Vec<String> = (0..20_000).map(|i| format!("frame_{i:06}.png")).collect();
        let long = posix::concatenate(&many);
        assert!(long.starts_with(b"printf '%s\\0' frame_000000.png"));
        assert!(long.ends_with(b" | xargs -0 cat --"));
    }

    /// The C runtime's rules and cmd's, word by word (a real cmd.exe runs them in
    /// tests/cli/windows.rs).
    #[test]
    fn cmd_quoting_follows_the_c_runtime_and_cmd() {
        let cases = [
            ("plain.png", "plain.png"),
            (r"frames\a.png", r"frames\a.png"),
            ("-leading", "-leading"),
            ("", "\"\""),
            ("with space", "\"with space\""),
            ("a&b", "\"a&b\""),
            ("(x)", "\"(x)\""),
            ("a,b;c=d", "\"a,b;c=d\""),
            ("*.png", "\"*.png\""),
            ("it's", "\"it's\""),
            (r"trailing\ space\", r#""trailing\ space\\""#),
            // A quote inside: `\"` for the C runtime; cmd then sees `&` outside quotes.
            ("say \"a&b\"", r#""say \"a^&b\"""#),
            ("img_%05d.png", "img_%05d.png"),
            ("é ü", "\"é ü\""),
        ];
        for (word, quoted) in cases {
            assert_eq!(cmd::quote(OsStr::new(word)), quoted, "{word:?}");
        }
        assert_eq!(
            ffmpeg_concat(&["a.png", "c:d.png"]),
            OsString::from("concat:file:a.png|file:c:d.png")
        );
    }
}
