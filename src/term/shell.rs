//! The `--dry-run` text: a POSIX shell command, byte-exact for any file name.

use std::ffi::{OsStr, OsString};

/// Above this many bytes of quoted file names, `cat -- NAMES` could pass the kernel's limit
/// on one command's arguments; the names then go through `printf` (a shell builtin, which
/// has no such limit) and `xargs -0`.
const MAX_INLINE_NAMES: usize = 64 * 1024;

/// Quotes one word for a POSIX shell. Works on bytes: names need not be UTF-8.
pub fn quote(word: &OsStr) -> Vec<u8> {
    let mut quoted = Vec::new();
    push_quoted(&mut quoted, word);
    quoted
}

/// Appends `word`, quoted, to `line` (no copy of a word that needs no quotes).
fn push_quoted(line: &mut Vec<u8>, word: &OsStr) {
    let bytes = word.as_encoded_bytes();
    // A NUL cannot occur in an argument or a file name, so quoting cannot fail on real input;
    // should it ever, single quotes still keep the word intact.
    match shlex::bytes::try_quote(bytes) {
        Ok(quoted) => line.extend_from_slice(&quoted),
        Err(_) => {
            line.push(b'\'');
            line.extend_from_slice(bytes);
            line.push(b'\'');
        }
    }
}

/// `program arg1 arg2 ...`, each word quoted.
pub fn command_line(program: &OsStr, args: &[OsString]) -> Vec<u8> {
    let mut line = quote(program);
    for arg in args {
        line.push(b' ');
        push_quoted(&mut line, arg);
    }
    line
}

/// A shell command that writes the files, concatenated, to its standard output.
pub fn concatenate<P: AsRef<OsStr>>(files: &[P]) -> Vec<u8> {
    let mut names = Vec::new();
    for file in files {
        names.push(b' ');
        push_quoted(&mut names, file.as_ref());
    }
    if names.len() <= MAX_INLINE_NAMES {
        [b"cat --".as_slice(), &names].concat()
    } else {
        [b"printf '%s\\0'".as_slice(), &names, b" | xargs -0 cat --"].concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn sh_echo_words(line: &[u8]) -> Vec<u8> {
        let script = [b"printf '%s\\0' ".as_slice(), line].concat();
        let script = String::from_utf8(script).unwrap();
        Command::new("sh")
            .arg("-c")
            .arg(script)
            .output()
            .unwrap()
            .stdout
    }

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
            let line = quote(OsStr::new(word));
            assert_eq!(
                sh_echo_words(&line),
                [word.as_bytes(), b"\0"].concat(),
                "{word:?}"
            );
        }
    }

    #[test]
    fn command_line_quotes_every_word() {
        let args = [OsString::from("-i"), OsString::from("my file.png")];
        assert_eq!(
            command_line(OsStr::new("ffmpeg"), &args),
            b"ffmpeg -i 'my file.png'".to_vec()
        );
    }

    #[test]
    fn long_file_lists_avoid_the_argument_limit() {
        let short = concatenate(&["a.png", "b c.png"]);
        assert_eq!(short, b"cat -- a.png 'b c.png'".to_vec());
        let many: Vec<String> = (0..20_000).map(|i| format!("frame_{i:06}.png")).collect();
        let long = concatenate(&many);
        assert!(long.starts_with(b"printf '%s\\0' frame_000000.png"));
        assert!(long.ends_with(b" | xargs -0 cat --"));
    }
}
