//! File sizes as `--max-size` takes them: `10MB`, `900KB`, `8MiB` (decimal and binary units,
//! no space between the number and the unit, as file managers and upload limits write them).

/// A size in bytes.
pub fn byte_size(text: &str) -> Result<u64, String> {
    let invalid = || {
        format!("'{text}' is not a size; write a number and a unit, no space: 10MB, 900KB, 8MiB")
    };
    let digits = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: f64 = number.parse().map_err(|_| invalid())?;
    let scale: u64 = match unit.to_ascii_lowercase().as_str() {
        "b" => 1,
        "kb" | "k" => 1_000,
        "mb" | "m" => 1_000_000,
        "gb" | "g" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        _ => return Err(invalid()),
    };
    let bytes = number * scale as f64;
    if !(1.0..=1e15).contains(&bytes) {
        return Err(format!("'{text}' is not a size framekit can aim for"));
    }
    Ok(bytes.floor() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_and_binary_units() {
        assert_eq!(byte_size("10MB"), Ok(10_000_000));
        assert_eq!(byte_size("900KB"), Ok(900_000));
        assert_eq!(byte_size("8MiB"), Ok(8 << 20));
        assert_eq!(byte_size("1.5mb"), Ok(1_500_000));
        assert_eq!(byte_size("512B"), Ok(512));
        for bad in ["10 MB", "10", "MB", "-1MB", "10XB", "", "0MB", "1e3MB"] {
            assert!(byte_size(bad).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_a_size_or_an_error(text in "\\PC*") {
            let _ = byte_size(&text);
        }
    }
}
