//! Paths as framekit prints them on this platform: the tests write them with `/`, and on
//! Windows framekit rightly says `frames\a.png`.

/// `text` with each `/` turned into the platform's separator (`\` on Windows): for the
/// words a test expects in a message, whose every `/` is a path's (`frames/a.png is empty`).
pub fn native(text: &str) -> String {
    text.replace('/', std::path::MAIN_SEPARATOR_STR)
}

/// A pattern as framekit's hints quote it for this platform's shell: `'*.png'` for a POSIX
/// shell, `"*.png"` for cmd.exe.
pub fn quoted_glob(pattern: &str) -> String {
    if cfg!(windows) {
        format!("\"{pattern}\"")
    } else {
        format!("'{pattern}'")
    }
}
