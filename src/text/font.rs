//! The font framekit draws with, embedded in the binary: DejaVu Sans 2.37
//! (assets/fonts/LICENSE-DejaVu.txt: Bitstream Vera and Arev licences, DejaVu's changes in
//! the public domain).

use std::sync::OnceLock;

use ab_glyph::FontRef;

const DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The embedded font, parsed once (ab_glyph reads its tables lazily, so this is cheap).
pub fn embedded() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| {
        FontRef::try_from_slice(DEJAVU_SANS).expect("the embedded DejaVu Sans is a valid font")
    })
}
