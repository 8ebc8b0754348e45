//! Whole numbers as options take them (`--every 10`, `--crf 23`), with messages that say
//! what to type rather than Rust's "invalid digit found in string".

use std::fmt::Display;

/// A whole number that fits `T`.
pub fn whole_number<T: TryFrom<u64> + Display>(text: &str) -> Result<T, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "'{text}' is not a whole number; use digits, such as 10"
        ));
    }
    trimmed
        .parse::<u64>()
        .ok()
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| format!("'{text}' is too large"))
}

/// A width in pixels for `--width`: 2 to 16384.
pub fn pixels(text: &str) -> Result<u32, String> {
    let width: u32 = whole_number(text)?;
    if (2..=crate::header::MAX_SIDE).contains(&width) {
        Ok(width)
    } else {
        Err(format!(
            "{width} is not a width framekit writes: use 2 to {} pixels",
            crate::header::MAX_SIDE
        ))
    }
}

/// How many times an animation plays (`--plays`): 1 or more; forever is the default.
pub fn plays(text: &str) -> Result<u32, String> {
    match whole_number(text)? {
        0 => Err("0 plays would show nothing: leave --plays out to loop forever".into()),
        plays => Ok(plays),
    }
}

/// How many decoders run at once (`--jobs`): 1 or more.
pub fn jobs(text: &str) -> Result<usize, String> {
    match whole_number(text)? {
        0 => Err(
            "0 jobs would decode nothing: use 1 or more, or leave -j out for one per core".into(),
        ),
        jobs => Ok(jobs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_what_to_type_instead() {
        assert_eq!(whole_number::<u8>("23"), Ok(23));
        assert_eq!(whole_number::<u64>(" 7 "), Ok(7));
        assert!(whole_number::<u8>("two")
            .unwrap_err()
            .contains("not a whole number"));
        assert!(whole_number::<u8>("-1")
            .unwrap_err()
            .contains("not a whole number"));
        assert!(whole_number::<u8>("300").unwrap_err().contains("too large"));
        assert_eq!(pixels("1280"), Ok(1280));
        assert!(pixels("1").is_err() && pixels("16385").is_err() && pixels("abc").is_err());
    }
}
