//! Sizes as users write them for `--fit`: `1280x720`.

use std::fmt;
use std::str::FromStr;

use crate::header::MAX_SIDE;

/// A width and a height, each from 1 to `MAX_SIDE` pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoxSize {
    pub width: u32,
    pub height: u32,
}

impl fmt::Display for BoxSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.width, self.height)
    }
}

impl FromStr for BoxSize {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || format!("'{text}' is not a size; use WIDTHxHEIGHT, such as 1280x720");
        let (width, height) = text.trim().split_once(['x', 'X']).ok_or_else(invalid)?;
        let side = |digits: &str| -> Result<u32, String> {
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            match digits.parse::<u32>() {
                Ok(side) if (1..=MAX_SIDE).contains(&side) => Ok(side),
                _ => Err(format!(
                    "'{text}': each side must be 1 to {MAX_SIDE} pixels"
                )),
            }
        };
        Ok(BoxSize {
            width: side(width)?,
            height: side(height)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn any_text_is_a_size_or_an_error(text in "\\PC*") {
            if let Ok(size) = text.parse::<BoxSize>() {
                proptest::prop_assert!(size.width >= 1 && size.height <= MAX_SIDE);
                proptest::prop_assert_eq!(size.to_string().parse::<BoxSize>(), Ok(size));
            }
        }
    }

    #[test]
    fn reads_width_by_height() {
        assert_eq!(
            "1280x720".parse(),
            Ok(BoxSize {
                width: 1280,
                height: 720
            })
        );
        assert_eq!("640X480".parse::<BoxSize>().unwrap().height, 480);
        for bad in [
            "", "1280", "x720", "1280x", "0x10", "10x0", "-1x5", "1e3x2", "99999x2", "1x2x3",
        ] {
            assert!(bad.parse::<BoxSize>().is_err(), "{bad}");
        }
    }
}
