//! A PNG's `iCCP` chunk: a profile name (1-79 bytes), a zero, the compression method (0:
//! zlib), then the zlib-compressed profile. The PNG specification puts it before PLTE and
//! the image data; the walk stops at the image data, as a decoder's would.

use std::io::{Read, Seek, SeekFrom};

use super::embedded::{read_exactly, Embedded, MAX_PROFILE_BYTES};

/// Chunks a walk steps over at most: a real PNG has a handful before its image data.
const MAX_CHUNKS: usize = 10_000;

/// The profile of the PNG read from `file` (from its start).
pub fn png_profile<R: Read + Seek>(file: &mut R) -> Embedded {
    let mut signature = [0u8; 8];
    if file.read_exact(&mut signature).is_err() {
        return Ok(None);
    }
    for _ in 0..MAX_CHUNKS {
        let Some(head) = read_exactly(file, 8)? else {
            return Ok(None);
        };
        let length = u32::from_be_bytes([head[0], head[1], head[2], head[3]]);
        match &head[4..8] {
            b"IDAT" | b"IEND" => return Ok(None),
            b"iCCP" => return iccp_data(file, length).map(Some),
            // The data and its CRC.
            _ => {
                let skip = i64::from(length) + 4;
                file.seek(SeekFrom::Current(skip))
                    .map_err(|e| format!("cannot be read again ({e})"))?;
            }
        }
    }
    Ok(None)
}

/// The profile in an iCCP chunk of `length` bytes whose data `file` stands at.
fn iccp_data<R: Read>(file: &mut R, length: u32) -> Result<Vec<u8>, String> {
    let damaged = |what: &str| format!("has a damaged ICC profile (iCCP chunk: {what})");
    let length = length as usize;
    if length > MAX_PROFILE_BYTES {
        return Err(damaged("larger than 16 MiB"));
    }
    let data = read_exactly(file, length)?.ok_or_else(|| damaged("the file ends inside it"))?;
    // The name ends at the first zero, within 80 bytes.
    let name_end = data
        .iter()
        .take(80)
        .position(|&b| b == 0)
        .ok_or_else(|| damaged("no profile name"))?;
    match data.get(name_end + 1) {
        Some(0) => {}
        Some(method) => return Err(damaged(&format!("compression method {method}"))),
        None => return Err(damaged("no compression method")),
    }
    let compressed = &data[name_end + 2..];
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(compressed, MAX_PROFILE_BYTES)
        .map_err(|e| damaged(&format!("its zlib stream is broken: {:?}", e.status)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    pub(crate) fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut bytes = (data.len() as u32).to_be_bytes().to_vec();
        bytes.extend(kind);
        bytes.extend(data);
        bytes.extend([0, 0, 0, 0]);
        bytes
    }

    fn png(chunks: &[Vec<u8>]) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend(chunk(b"IHDR", &[0; 13]));
        chunks.iter().for_each(|c| bytes.extend(c));
        bytes
    }

    fn iccp(name: &[u8], method: u8, profile: &[u8]) -> Vec<u8> {
        let mut data = name.to_vec();
        data.extend([0, method]);
        data.extend(miniz_oxide::deflate::compress_to_vec_zlib(profile, 6));
        chunk(b"iCCP", &data)
    }

    fn read(bytes: &[u8]) -> Embedded {
        png_profile(&mut Cursor::new(bytes))
    }

    #[test]
    fn the_profile_is_inflated_from_the_chunk_before_the_image_data() {
        let profile = b"a profile".repeat(50);
        let file = png(&[
            chunk(b"gAMA", &[0; 4]),
            iccp(b"ICC Profile", 0, &profile),
            chunk(b"IDAT", &[1, 2]),
        ]);
        assert_eq!(read(&file), Ok(Some(profile.clone())));
        // After the image data it is not the frame's (decoders have stopped reading).
        let late = png(&[chunk(b"IDAT", &[1]), iccp(b"x", 0, &profile)]);
        assert_eq!(read(&late), Ok(None));
        assert_eq!(read(&png(&[chunk(b"IDAT", &[1])])), Ok(None));
    }

    #[test]
    fn damage_is_said_in_words() {
        let method = read(&png(&[iccp(b"x", 1, b"p")])).unwrap_err();
        assert!(method.contains("compression method 1"), "{method}");
        let mut broken = iccp(b"x", 0, &[7; 100]);
        let end = broken.len() - 10;
        broken[12..end].iter_mut().for_each(|b| *b = 0xAB);
        let zlib = read(&png(&[broken])).unwrap_err();
        assert!(zlib.contains("zlib stream is broken"), "{zlib}");
        let cut = png(&[iccp(b"x", 0, b"profile")]);
        let ends = read(&cut[..cut.len() - 8]).unwrap_err();
        assert!(ends.contains("ends inside"), "{ends}");
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_give_an_answer(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            let _ = read(&[&png(&[])[..], &tail].concat());
            let _ = read(&[&png(&[])[..], b"\0\0\0\x40iCCP", &tail].concat());
        }
    }
}
