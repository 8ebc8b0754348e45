//! The files that give frames their own times, read with the csv crate: `--durations`
//! (`file,seconds`) and `--timestamps` (split's frames.csv: `file` and `pts_seconds`, other
//! columns ignored). Every problem names the file, the line and the value (exit 1).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::Failure;
use crate::term::shown::shown;

/// One line of such a file: the frame it names, its time, and the line number (from 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub file: PathBuf,
    pub seconds: f64,
    pub line: u64,
}

/// The rows of `path`, whose header must hold `file` and `column`; the time must be a number
/// of seconds above 0 (`positive`) or at least 0.
pub fn read(path: &Path, option: &str, column: &str, positive: bool) -> Result<Vec<Row>, Failure> {
    let shown_path = shown(path);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| {
            Failure::failed(format!(
                "cannot read the {option} file {shown_path}: {}",
                io_words(&e)
            ))
            .nothing_written()
        })?;
    let header = reader
        .headers()
        .map_err(|e| bad_csv(&shown_path, &e))?
        .clone();
    let position = |name: &str| header.iter().position(|h| h == name);
    let (Some(file_at), Some(time_at)) = (position("file"), position(column)) else {
        let first: Vec<&str> = header.iter().collect();
        return Err(Failure::failed(format!(
            "{shown_path} line 1 is not a header with the columns file and {column}: it reads {:?}",
            first.join(",")
        ))
        .nothing_written()
        .hint(format!(
            "the first line of the {option} file must be a header, such as file,{column}"
        )));
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| bad_csv(&shown_path, &e))?;
        let line = record.position().map_or(0, |p| p.line());
        let file = record.get(file_at).unwrap_or("");
        let value = record.get(time_at).unwrap_or("");
        let seconds = value.parse::<f64>().ok().filter(|s| s.is_finite());
        let valid = seconds.filter(|s| if positive { *s > 0.0 } else { *s >= 0.0 });
        let Some(seconds) = valid else {
            let wanted = if positive { "above 0" } else { "0 or more" };
            return Err(Failure::failed(format!(
                "{shown_path} line {line}: {column} {value:?} is not a number of seconds {wanted}"
            ))
            .nothing_written());
        };
        if file.is_empty() {
            return Err(
                Failure::failed(format!("{shown_path} line {line} names no file"))
                    .nothing_written(),
            );
        }
        rows.push(Row {
            file: PathBuf::from(file),
            seconds,
            line,
        });
    }
    Ok(rows)
}

/// Each row's frames (by their names), refusing a name that is no frame or is given twice.
pub fn frames_of<'r>(
    rows: &'r [Row],
    path: &Path,
    names: &[PathBuf],
) -> Result<Vec<(&'r Row, Vec<usize>)>, Failure> {
    let mut at = HashMap::<&Path, Vec<usize>>::new();
    for (index, name) in names.iter().enumerate() {
        at.entry(name.as_path()).or_default().push(index);
    }
    let mut seen = HashMap::<&Path, u64>::new();
    let mut matched = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(first) = seen.insert(&row.file, row.line) {
            return Err(Failure::failed(format!(
                "{} line {}: {} is given a time twice (first on line {first})",
                shown(path),
                row.line,
                shown(&row.file)
            ))
            .nothing_written());
        }
        let Some(indices) = at.get(row.file.as_path()) else {
            return Err(Failure::failed(format!(
                "{} line {}: {} is not one of the frames",
                shown(path),
                row.line,
                shown(&row.file)
            ))
            .nothing_written()
            .hint("name frames by their path inside DIR (as given, for a list on stdin)"));
        };
        matched.push((row, indices.clone()));
    }
    Ok(matched)
}

fn bad_csv(path: &str, error: &csv::Error) -> Failure {
    let line = error
        .position()
        .map_or(String::new(), |p| format!(" line {}", p.line()));
    Failure::failed(format!(
        "{path}{line} is not a CSV file framekit can read: {error}"
    ))
    .nothing_written()
}

fn io_words(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
            "it does not exist".to_string()
        }
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => error.to_string(),
    }
}
