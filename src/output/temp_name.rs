//! Names of framekit's temporary files and folders: hidden, unique per process and attempt
//! (so that concurrent runs in one folder never collide), and recognisable.

use std::ffi::{OsStr, OsString};

/// `.movie.mp4.framekit-1234-0.part` for an output named `movie.mp4` (when the name is
/// short enough to repeat), or `.framekit-1234-0.part`.
pub fn temp_name(output_name: Option<&OsStr>, attempt: u32) -> OsString {
    let mut name = OsString::from(".");
    if let Some(output_name) = output_name.filter(|n| n.len() <= 200) {
        name.push(output_name);
        name.push(".");
    }
    name.push(format!("framekit-{}-{attempt}.part", std::process::id()));
    name
}

/// A path in the system's temporary folder for this run's scratch file or folder:
/// `{prefix}-{pid}-{nanoseconds}{suffix}`, beside no frame and no output, so nothing the user
/// owns is touched.
pub fn scratch_path(prefix: &str, suffix: &str) -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    std::env::temp_dir().join(format!("{prefix}-{}-{nanos}{suffix}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_files_are_hidden_and_unique_per_process_and_attempt() {
        let a = temp_name(Some("movie.mp4".as_ref()), 0);
        let b = temp_name(Some("movie.mp4".as_ref()), 1);
        assert!(a.to_str().unwrap().starts_with(".movie.mp4.framekit-"));
        assert_ne!(a, b);
        let long = "x".repeat(250);
        assert!(temp_name(Some(long.as_ref()), 0).len() < 40);
        let folder = temp_name(None, 3);
        assert!(folder.to_str().unwrap().starts_with(".framekit-"));
        assert!(folder.to_str().unwrap().ends_with("-3.part"));
    }
}
