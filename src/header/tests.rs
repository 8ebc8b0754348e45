//! The header readers on bytes as real tools and damaged files give them.

use super::*;

/// The header of a file of these bytes, read as `read_frame_header` reads it.
fn header_of(bytes: &[u8], declared: Option<FrameFormat>) -> std::result::Result<Header, String> {
    let first = bytes.len().min(FIRST_READ);
    let mut rest = io::Cursor::new(bytes.to_vec());
    header_from(
        &bytes[..first],
        (first < bytes.len()).then_some(&mut rest),
        declared,
    )
}

#[test]
fn sizes_outside_the_limits_are_rejected() {
    assert!(header_with_size(FrameFormat::Png, 0, 10).is_err());
    assert!(header_with_size(FrameFormat::Png, 100_000, 100_000).is_err());
    assert!(header_with_size(FrameFormat::Png, 16385, 2).is_err());
    assert_eq!(
        header_with_size(FrameFormat::Png, 16384, 1),
        Ok(Header {
            format: FrameFormat::Png,
            width: 16384,
            height: 1,
            turned: false,
            orientation: 1,
            png: None,
            jpeg: None,
            may_carry_profile: true,
        })
    );
}

proptest::proptest! {
    // Fuzzing the header reader: any bytes give a header or a clean error, never a
    // panic or a hang (proptest's default 256 cases, each shrunk on failure).
    #[test]
    fn any_bytes_give_a_header_or_an_error(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
        let _ = header_of(&bytes, None);
        let _ = header_of(&bytes, Some(FrameFormat::Png));
    }

    #[test]
    fn png_and_jpeg_prefixes_with_any_tail_never_panic(
        png in proptest::bool::ANY,
        tail in proptest::collection::vec(proptest::num::u8::ANY, 0..4096),
    ) {
        let magic: &[u8] = if png { b"\x89PNG\r\n\x1a\n" } else { &[0xFF, 0xD8, 0xFF] };
        let bytes = [magic, &tail].concat();
        if let Ok(header) = header_of(&bytes, None) {
            proptest::prop_assert!(header.width >= 1 && header.width <= MAX_SIDE);
            proptest::prop_assert!(header.height >= 1 && header.height <= MAX_SIDE);
        }
    }
}

#[test]
fn a_png_header_claiming_100000_square_is_refused() {
    let png = |width: u32, height: u32| {
        let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
        header_of(&bytes, None).unwrap_err()
    };
    let error = png(20_000, 1000);
    assert!(
        error.contains("20000x1000, larger than framekit's limit"),
        "{error}"
    );
    // Sizes no decoder takes are garbage: named as damage, never shown.
    for (width, height) in [(100_000, 100_000), (97293039, 1048810005)] {
        let error = png(width, height);
        assert!(error.contains("damaged PNG header"), "{error}");
        assert!(!error.contains(&width.to_string()), "{error}");
    }
}

#[test]
fn junk_before_a_jpeg_start_is_skipped_as_ffmpeg_skips_it() {
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 2];
    jpeg.extend([0xFF, 0xC0, 0, 11, 8, 0, 16, 0, 32, 1, 1, 0x11, 0]);
    jpeg.extend([0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0, 0xFF, 0xD9]);
    let junk = [&b"\0\0garbage"[..], &jpeg].concat();
    let header = header_of(&junk, Some(FrameFormat::Jpeg)).unwrap();
    assert_eq!((header.width, header.height), (32, 16));
    assert!(header_of(&junk, Some(FrameFormat::Png)).is_err());
}

#[test]
fn declared_format_follows_the_extension_case_insensitively() {
    assert_eq!(
        FrameFormat::declared_by(Path::new("a/IMG_1.JPG")),
        Some(FrameFormat::Jpeg)
    );
    assert_eq!(
        FrameFormat::declared_by(Path::new("x.Png")),
        Some(FrameFormat::Png)
    );
    assert_eq!(FrameFormat::declared_by(Path::new("x.frame")), None);
}
