//! Paths as framekit prints them on this platform: the tests write them with `/`, and on
//! Windows framekit rightly says `frames\a.png`.

/// `text` with each `/` turned into the platform's separator (`\` on Windows): for the
/// words a test expects in a message, whose every `/` is a path's (`frames/a.png is empty`).
pub fn native(text: &str) -> String {
    text.replace('/', std::path::MAIN_SEPARATOR_STR)
}
