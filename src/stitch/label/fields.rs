//! Each frame's values for a label's fields: its file and folder name, number, count, time
//! in the video, and date (EXIF DateTimeOriginal, else the file's modification time, in the
//! machine's time zone).

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use crate::stitch::label::template::Field;

/// The facts a label is filled from, for every frame.
pub struct FrameFacts<'a> {
    /// The frames' files (for stdin's frames, framekit's own copies: their names and
    /// dates are not asked for).
    pub paths: &'a [std::path::PathBuf],
    /// When each frame starts in the video, in microseconds.
    pub starts: Vec<u64>,
}

impl FrameFacts<'_> {
    /// Frame `index`'s value for `field`.
    pub fn value(&self, field: Field, index: usize) -> String {
        let path = &self.paths[index];
        match field {
            Field::Name => file_name(path),
            Field::Index => (index + 1).to_string(),
            Field::Count => self.paths.len().to_string(),
            Field::Time => clock(self.starts[index]),
            Field::Date => date(path),
            Field::Dir => folder_name(path),
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| path.to_string_lossy(), |name| name.to_string_lossy())
        .into_owned()
}

/// The name of the folder holding the frame (the real name for `.` and the like).
fn folder_name(path: &Path) -> String {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    let parent = parent.unwrap_or(Path::new("."));
    if let Some(name) = parent.file_name() {
        return name.to_string_lossy().into_owned();
    }
    parent
        .canonicalize()
        .ok()
        .and_then(|real| real.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default()
}

/// A time in the video as `MM:SS.mmm`, or `H:MM:SS.mmm` from an hour on.
pub fn clock(micros: u64) -> String {
    let millis = micros / 1000;
    let (hours, minutes) = (millis / 3_600_000, millis / 60_000 % 60);
    let (seconds, fraction) = (millis / 1000 % 60, millis % 1000);
    match hours {
        0 => format!("{minutes:02}:{seconds:02}.{fraction:03}"),
        _ => format!("{hours}:{minutes:02}:{seconds:02}.{fraction:03}"),
    }
}

/// `YYYY-MM-DD HH:MM:SS`: when the photo was taken, as its EXIF says, else when the file
/// was last changed; empty when neither can be read.
fn date(path: &Path) -> String {
    exif_date(path)
        .or_else(|| modified(path))
        .unwrap_or_default()
}

fn exif_date(path: &Path) -> Option<String> {
    let file = File::open(path).ok()?;
    let exif = exif::Reader::new()
        .read_from_container(&mut BufReader::new(file))
        .ok()?;
    let field = exif.get_field(exif::Tag::DateTimeOriginal, exif::In::PRIMARY)?;
    let exif::Value::Ascii(ref parts) = field.value else {
        return None;
    };
    let date = exif::DateTime::from_ascii(parts.first()?).ok()?;
    Some(format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        date.year, date.month, date.day, date.hour, date.minute, date.second
    ))
}

fn modified(path: &Path) -> Option<String> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let timestamp = jiff::Timestamp::try_from(modified).ok()?;
    let local = timestamp.to_zoned(jiff::tz::TimeZone::system());
    Some(local.strftime("%Y-%m-%d %H:%M:%S").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_a_clock() {
        assert_eq!(clock(0), "00:00.000");
        assert_eq!(clock(1_040_000), "00:01.040");
        assert_eq!(clock(61_999_999), "01:01.999");
        assert_eq!(clock(3_723_004_000), "1:02:03.004");
    }

    /// A JPEG's start with an EXIF block whose sub-directory holds DateTimeOriginal.
    fn jpeg_with_date(date: &str) -> Vec<u8> {
        let mut tiff = b"II*\0".to_vec();
        tiff.extend(8u32.to_le_bytes());
        // IFD0 at 8: one entry, the EXIF sub-directory's offset (26).
        tiff.extend(1u16.to_le_bytes());
        tiff.extend([0x69, 0x87, 4, 0]);
        tiff.extend(1u32.to_le_bytes());
        tiff.extend(26u32.to_le_bytes());
        tiff.extend(0u32.to_le_bytes());
        // The sub-directory at 26: DateTimeOriginal, ASCII, 20 bytes at 44.
        tiff.extend(1u16.to_le_bytes());
        tiff.extend([0x03, 0x90, 2, 0]);
        tiff.extend(20u32.to_le_bytes());
        tiff.extend(44u32.to_le_bytes());
        tiff.extend(0u32.to_le_bytes());
        tiff.extend(date.as_bytes());
        tiff.push(0);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff);
        let mut jpeg = vec![0xff, 0xd8, 0xff, 0xe1];
        jpeg.extend(((app1.len() + 2) as u16).to_be_bytes());
        jpeg.extend(app1);
        jpeg.extend([0xff, 0xd9]);
        jpeg
    }

    #[test]
    fn date_is_the_photos_exif_date_else_the_files_time() {
        let dir = tempfile::tempdir().unwrap();
        let photo = dir.path().join("IMG_1.jpg");
        std::fs::write(&photo, jpeg_with_date("2024:05:01 12:34:56")).unwrap();
        assert_eq!(date(&photo), "2024-05-01 12:34:56");
        let plain = dir.path().join("plot.png");
        std::fs::write(&plain, b"not an image").unwrap();
        let shown = date(&plain);
        // The file's own time: this year's, in the date's shape.
        assert_eq!(shown.len(), 19, "{shown}");
        assert_eq!(&shown[4..5], "-");
        assert!(shown.starts_with("20"), "{shown}");
    }

    #[test]
    fn names_come_from_the_path() {
        let path = Path::new("runs").join("a").join("f_01.png");
        assert_eq!(file_name(&path), "f_01.png");
        assert_eq!(folder_name(&path), "a");
    }
}
