//! The orientation in an XMP packet (`tiff:Orientation`), read as Pillow's `getexif` reads
//! it for `ImageOps.exif_transpose`: the first `tiff:Orientation` followed at once by `="`
//! (attribute form, as Adobe's tools write it) or `>` (element form, as exiftool writes it)
//! and a digit. framekit also takes `='`, the attribute form in single quotes, which XML
//! allows and Pillow misses. No XML parser: one number is all framekit needs of the packet.

const NAME: &[u8] = b"tiff:Orientation";

/// The digit `tiff:Orientation` gives, in or out of the range 1-8; None when the packet
/// holds none.
pub fn xmp_orientation(packet: &[u8]) -> Option<u16> {
    let mut from = 0;
    while let Some(found) = find(&packet[from..], NAME) {
        let after = from + found + NAME.len();
        let value = match packet.get(after..) {
            Some([b'=', b'"' | b'\'', digit, ..]) | Some([b'>', digit, ..]) => Some(*digit),
            _ => None,
        };
        if let Some(digit) = value.filter(u8::is_ascii_digit) {
            return Some(u16::from(digit - b'0'));
        }
        from = after;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_and_element_forms_as_the_tools_write_them() {
        let adobe = br#"<rdf:Description rdf:about="" xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Orientation="6"/>"#;
        assert_eq!(xmp_orientation(adobe), Some(6));
        let exiftool = b"<rdf:Description rdf:about=''\n  xmlns:tiff='http://ns.adobe.com/tiff/1.0/'>\n  <tiff:Orientation>3</tiff:Orientation>";
        assert_eq!(xmp_orientation(exiftool), Some(3));
        assert_eq!(xmp_orientation(b"tiff:Orientation='8'"), Some(8));
        // Out of range is read (the caller decides), as Pillow does.
        assert_eq!(xmp_orientation(b"tiff:Orientation=\"9\""), Some(9));
    }

    #[test]
    fn the_first_readable_value_counts_and_nonsense_is_none() {
        assert_eq!(
            xmp_orientation(b"<tiff:Orientation/> tiff:Orientation=\"x\" <tiff:Orientation>5<"),
            Some(5)
        );
        assert_eq!(xmp_orientation(b"tiff:Orientation = \"6\""), None);
        assert_eq!(xmp_orientation(b"exif:Orientation=\"6\""), None);
        assert_eq!(xmp_orientation(b"tiff:Orientation"), None);
        assert_eq!(xmp_orientation(b""), None);
    }

    proptest::proptest! {
        #[test]
        fn any_packet_gives_an_answer(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let _ = xmp_orientation(&tail);
            let _ = xmp_orientation(&[NAME, &tail[..]].concat());
        }
    }
}
