//! Layouts as users write them for `--grid`: `3x2` (columns by rows).

use std::fmt;
use std::str::FromStr;

/// The most columns or rows a grid may have: far more panels than anyone can compare.
pub const MAX_CELLS_A_SIDE: u32 = 64;

/// Columns and rows, each from 1 to `MAX_CELLS_A_SIDE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridSize {
    pub columns: u32,
    pub rows: u32,
}

impl GridSize {
    /// How many panels the grid holds.
    pub fn cells(&self) -> u32 {
        self.columns * self.rows
    }
}

impl fmt::Display for GridSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.columns, self.rows)
    }
}

impl FromStr for GridSize {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || format!("'{text}' is not a grid; use COLUMNSxROWS, such as 2x2 or 3x1");
        let (columns, rows) = text.trim().split_once(['x', 'X']).ok_or_else(invalid)?;
        let side = |digits: &str| -> Result<u32, String> {
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            match digits.parse::<u32>() {
                Ok(side) if (1..=MAX_CELLS_A_SIDE).contains(&side) => Ok(side),
                _ => Err(format!(
                    "'{text}': columns and rows must each be 1 to {MAX_CELLS_A_SIDE}"
                )),
            }
        };
        Ok(GridSize {
            columns: side(columns)?,
            rows: side(rows)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_columns_by_rows() {
        assert_eq!(
            "3x2".parse(),
            Ok(GridSize {
                columns: 3,
                rows: 2
            })
        );
        assert_eq!(" 1X4 ".parse::<GridSize>().map(|g| g.cells()), Ok(4));
        for bad in [
            "", "3", "x2", "3x", "0x2", "2x0", "-1x2", "3x2x1", "65x1", "ax2",
        ] {
            assert!(bad.parse::<GridSize>().is_err(), "{bad}");
        }
    }
}
