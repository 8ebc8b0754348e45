//! ICC profiles as the tools that write them store them: a PNG's `iCCP` chunk (Pillow,
//! ImageMagick: a name, compression 0, the zlib-compressed profile, right after IHDR) and a
//! JPEG's `APP2 ICC_PROFILE` segments (numbered, after APP0; a profile over one segment is
//! cut across several). The profiles are built here with moxcms, as Apple's and Adobe's
//! describe them (primaries, white, curves, no CICP tag).

use moxcms::ColorProfile;

use crate::support::frames::with_chunk;

/// Display P3, as Apple's phones embed it.
pub fn display_p3() -> Vec<u8> {
    let mut profile = ColorProfile::new_display_p3();
    profile.cicp = None;
    profile.encode().unwrap()
}

/// Adobe RGB (1998), as cameras embed it.
pub fn adobe_rgb() -> Vec<u8> {
    let mut profile = ColorProfile::new_adobe_rgb();
    profile.cicp = None;
    profile.encode().unwrap()
}

/// sRGB, as most software embeds it.
pub fn srgb() -> Vec<u8> {
    let mut profile = ColorProfile::new_srgb();
    profile.cicp = None;
    profile.encode().unwrap()
}

/// A gray profile (gamma 2.2), as scanners embed it.
pub fn gray() -> Vec<u8> {
    ColorProfile::new_gray_with_gamma(2.2).encode().unwrap()
}

/// `png` with `profile` in an iCCP chunk.
pub fn png_with_profile(png: &[u8], profile: &[u8]) -> Vec<u8> {
    let mut data = b"ICC Profile\0\0".to_vec();
    data.extend(miniz_oxide::deflate::compress_to_vec_zlib(profile, 9));
    with_chunk(png, b"iCCP", &data)
}

/// `jpeg` with `profile` in `parts` APP2 segments right after its APP0 (JFIF) segment, or
/// its start when it has none (ffmpeg writes a comment first).
pub fn jpeg_with_profile(jpeg: &[u8], profile: &[u8], parts: usize) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "a JPEG");
    let app0_end = match jpeg[2..4] {
        [0xFF, 0xE0] => 4 + usize::from(u16::from_be_bytes([jpeg[4], jpeg[5]])),
        _ => 2,
    };
    let mut file = jpeg[..app0_end].to_vec();
    let size = profile.len().div_ceil(parts);
    for (at, part) in profile.chunks(size).enumerate() {
        let data = [&b"ICC_PROFILE\0"[..], &[at as u8 + 1, parts as u8], part].concat();
        file.extend([0xFF, 0xE2]);
        file.extend(u16::try_from(data.len() + 2).unwrap().to_be_bytes());
        file.extend(data);
    }
    file.extend(&jpeg[app0_end..]);
    file
}
