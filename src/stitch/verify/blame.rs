//! Which frame made the count wrong, from two decodes of the same files: as ffmpeg's image
//! stream cut them into pictures, and one file a packet, where each file is one picture
//! (the truth). Pure: the lists in, the suspect out.

/// One decoded picture as `-f framecrc` gives it: its size and checksum ("49152, 0x7d2c8b3a").
pub type Picture = String;

/// What the stream did to the frame it got wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The frame gave no picture of its own: dropped, or read as part of the one before it.
    Missing,
    /// The frame gave two pictures (or more): cut in two, or given twice.
    Extra,
    /// The frame gave another picture than it holds: cut at another place than its end.
    Changed,
}

/// The frame to blame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suspect {
    /// Its index among the frames.
    pub index: usize,
    pub fault: Fault,
    /// How many frames right before it decode to the very same picture: the checksums cannot
    /// tell which of those the stream got wrong.
    pub alike_before: usize,
}

/// The first frame whose picture the stream got wrong; None when both lists agree, so that
/// every frame gave exactly its own one picture.
pub fn blame(stream: &[Picture], files: &[Picture]) -> Option<Suspect> {
    let at = (0..stream.len().max(files.len())).find(|&i| stream.get(i) != files.get(i))?;
    let (index, fault) = if at >= files.len() {
        // Pictures after the last file's: the last file gave them.
        (at.saturating_sub(1), Fault::Extra)
    } else if at >= stream.len() || stream.get(at) == files.get(at + 1) {
        // The stream goes on with the next file: this one gave no picture.
        (at, Fault::Missing)
    } else if stream.get(at + 1) == files.get(at) {
        // The stream gives this file's picture one later: the file before gave an extra.
        (at.saturating_sub(1), Fault::Extra)
    } else {
        (at, Fault::Changed)
    };
    let alike_before = (0..index)
        .rev()
        .take_while(|&i| files[i] == files[index])
        .count();
    Some(Suspect {
        index,
        fault,
        alike_before,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pictures(names: &str) -> Vec<Picture> {
        names.chars().map(String::from).collect()
    }

    fn suspect(stream: &str, files: &str) -> Option<(usize, Fault, usize)> {
        blame(&pictures(stream), &pictures(files)).map(|s| (s.index, s.fault, s.alike_before))
    }

    #[test]
    fn lists_that_agree_blame_no_frame() {
        assert_eq!(suspect("abcd", "abcd"), None);
    }

    #[test]
    fn a_frame_without_a_picture_is_named() {
        // Dropped, or merged into the one before (whose picture the decoder gives).
        assert_eq!(suspect("abd", "abcd"), Some((2, Fault::Missing, 0)));
        assert_eq!(suspect("bcd", "abcd"), Some((0, Fault::Missing, 0)));
        // The last one: the stream ends early.
        assert_eq!(suspect("abc", "abcd"), Some((3, Fault::Missing, 0)));
    }

    #[test]
    fn a_frame_that_gave_two_pictures_is_named() {
        // Given twice.
        assert_eq!(suspect("abbcd", "abcd"), Some((1, Fault::Extra, 0)));
        // Cut in two: its picture, then another.
        assert_eq!(suspect("abxcd", "abcd"), Some((1, Fault::Extra, 0)));
        // The last one.
        assert_eq!(suspect("abcdx", "abcd"), Some((3, Fault::Extra, 0)));
        // The first one, its picture second.
        assert_eq!(suspect("xabcd", "abcd"), Some((0, Fault::Extra, 0)));
    }

    #[test]
    fn a_frame_that_gave_another_picture_is_named() {
        assert_eq!(suspect("abxd", "abcd"), Some((2, Fault::Changed, 0)));
    }

    #[test]
    fn frames_of_one_picture_are_counted_as_alike() {
        // Any of the three b's may be the one lost: the first difference is at the last.
        assert_eq!(suspect("abbc", "abbbc"), Some((3, Fault::Missing, 2)));
    }
}
