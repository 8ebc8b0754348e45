//! The order of frames: by the bytes of their names (the documented default, independent of
//! locale), or natural order with `--sort natural`; a warning when the two differ.

use std::cmp::Ordering;
use std::ffi::OsStr;
use std::path::Path;

use clap::ValueEnum;

use crate::term::shown::shown;

/// The order of frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortOrder {
    /// By the bytes of the file name, independent of locale (`frame_10` before `frame_2`).
    Bytes,
    /// Numbers in names compare as numbers (`frame_2` before `frame_10`).
    Natural,
}

/// Sorts in place. Without an explicit order, warns when natural order would differ.
pub fn order<T: AsRef<OsStr>>(names: &mut [T], sort: Option<SortOrder>) {
    names.sort_unstable_by(|a, b| {
        let (a, b) = (a.as_ref(), b.as_ref());
        a.as_encoded_bytes().cmp(b.as_encoded_bytes())
    });
    match sort {
        Some(SortOrder::Bytes) => {}
        Some(SortOrder::Natural) => names.sort_by(|a, b| natural(a.as_ref(), b.as_ref())),
        None => {
            // Sorted by bytes, a pair of neighbours out of natural order shows the two differ.
            let out_of_order = |w: &&[T]| natural(w[0].as_ref(), w[1].as_ref()).is_gt();
            if let Some(pair) = names.windows(2).find(out_of_order) {
                crate::term::stderr::warn(&format!(
                    "frames are in byte order of their names, so {} comes before {}; \
                     pass --sort natural to order numbers by value, or --sort bytes to keep \
                     this order without this warning",
                    shown(Path::new(pair[0].as_ref())),
                    shown(Path::new(pair[1].as_ref())),
                ));
            }
        }
    }
}

/// Natural order (`2` before `10`), then bytes so that the order is total.
fn natural(a: &OsStr, b: &OsStr) -> Ordering {
    natord::compare(&a.to_string_lossy(), &b.to_string_lossy())
        .then_with(|| a.as_encoded_bytes().cmp(b.as_encoded_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn sorted(names: &[&str], sort: Option<SortOrder>) -> Vec<String> {
        let mut names: Vec<OsString> = names.iter().map(OsString::from).collect();
        order(&mut names, sort);
        names
            .into_iter()
            .map(|n| n.into_string().unwrap())
            .collect()
    }

    #[test]
    fn default_order_is_by_bytes_not_locale() {
        let names = [
            "frame_10.png",
            "Frame_3.png",
            "frame_2.png",
            "é.png",
            "a.png",
        ];
        assert_eq!(
            sorted(&names, None),
            [
                "Frame_3.png",
                "a.png",
                "frame_10.png",
                "frame_2.png",
                "é.png"
            ]
        );
    }

    #[test]
    fn natural_order_compares_numbers_by_value() {
        let names = [
            "frame_10.png",
            "frame_2.png",
            "frame_1.png",
            "frame_100.png",
        ];
        assert_eq!(
            sorted(&names, Some(SortOrder::Natural)),
            [
                "frame_1.png",
                "frame_2.png",
                "frame_10.png",
                "frame_100.png"
            ]
        );
    }

    #[test]
    fn natural_order_is_total_for_names_equal_as_numbers() {
        let names = ["f01.png", "f1.png", "f001.png"];
        let once = sorted(&names, Some(SortOrder::Natural));
        let reversed: Vec<&str> = names.iter().rev().copied().collect();
        assert_eq!(once, sorted(&reversed, Some(SortOrder::Natural)));
    }
}
