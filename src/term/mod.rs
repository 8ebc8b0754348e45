//! What framekit shows people: colour, warnings, paths shown safely, shell quoting for
//! `--dry-run`, the progress bar, and the success line or JSON.

pub mod progress_report;
pub mod report;
pub mod shell;
pub mod shown;
pub mod stderr;
pub mod style;
