//! Paths as messages show them: readable, one line, and safe for a terminal.

use std::path::Path;

/// The path as text; control characters (a newline in a file name, an escape sequence) are
/// written as escapes so that a message stays on one line and cannot drive the terminal.
pub fn shown(path: &Path) -> String {
    let text = path.to_string_lossy();
    if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        text.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_are_unchanged() {
        assert_eq!(
            shown(Path::new("frames/my frame 01.png")),
            "frames/my frame 01.png"
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(shown(Path::new("a\nb\x1b[31m.png")), "a\\nb\\u{1b}[31m.png");
    }
}
