//! What ffmpeg's decoders say of a damaged frame, in words a person can act on.

/// ffmpeg's phrases (PNG and JPEG decoders, 4.2 to 9) and what they mean for the file.
const MEANINGS: &[(&str, &str)] = &[
    (
        "inflate returned error",
        "its compressed image data is damaged or cut short (the zlib stream does not inflate)",
    ),
    (
        "IEND without all image",
        "it ends before all of its image data",
    ),
    (
        "Invalid PNG signature",
        "it does not start as a PNG does (its first bytes are damaged)",
    ),
    (
        "CRC mismatch",
        "a chunk's checksum does not match its data (damaged bytes)",
    ),
    (
        "IDAT without IHDR",
        "its image data comes before its header (a damaged PNG)",
    ),
    ("Invalid image size", "its header gives a size no image has"),
];

/// What is wrong with a frame, from ffmpeg's last words when it decoded it alone.
pub fn what_is_wrong(said: &[String]) -> &'static str {
    MEANINGS
        .iter()
        .find(|(phrase, _)| said.iter().any(|line| line.contains(phrase)))
        .map_or("it is damaged or truncated", |(_, meaning)| meaning)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_phrases_have_words_and_others_the_general_ones() {
        let said = |line: &str| what_is_wrong(&[line.to_string()]);
        assert!(said("[png @ 0x1] inflate returned error -3").contains("zlib"));
        assert!(said("[png @ 0x1] IEND without all image").contains("ends before"));
        assert_eq!(
            said("[mjpeg @ 0x1] overread 8"),
            "it is damaged or truncated"
        );
    }
}
