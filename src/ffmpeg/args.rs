//! Building ffmpeg argument lists, shared by both commands' plans.

use std::ffi::OsString;
use std::path::Path;

/// An ffmpeg argument list under construction.
#[derive(Debug, Default)]
pub struct Args(Vec<OsString>);

impl Args {
    /// The options every run starts with: no banner, never read the terminal (ffmpeg would
    /// otherwise stop a script on "Overwrite? [y/N]"), only errors on stderr; and, for
    /// framekit's own progress bar and frame count, `-progress` on stdout.
    pub fn unattended(report_progress: bool) -> Args {
        Args::unattended_logging(report_progress, "error")
    }

    /// [`Args::unattended`], logging at `loglevel` (`repeat+level+info`: every line tagged
    /// with its level, so that errors can be told from filters' printed facts).
    pub fn unattended_logging(report_progress: bool, loglevel: &str) -> Args {
        let mut args = Args::default();
        args.push_all(["-hide_banner", "-nostdin", "-loglevel", loglevel]);
        if report_progress {
            args.push_all(["-progress", "pipe:1", "-nostats"]);
        }
        args
    }

    /// `-y` (replace the output) or `-n` (refuse to).
    pub fn push_overwrite(&mut self, overwrite: bool) {
        self.push(if overwrite { "-y" } else { "-n" });
    }

    pub fn push(&mut self, arg: impl Into<OsString>) {
        self.0.push(arg.into());
    }

    pub fn push_all<'s>(&mut self, args: impl IntoIterator<Item = &'s str>) {
        self.0.extend(args.into_iter().map(OsString::from));
    }

    pub fn extend(&mut self, args: impl IntoIterator<Item = OsString>) {
        self.0.extend(args);
    }

    pub fn into_vec(self) -> Vec<OsString> {
        self.0
    }
}

/// A path as an ffmpeg argument that can only mean that local file: a leading `-` would be
/// read as an option and a `name:` prefix (`concat:`, `http:`, `file:`) as a protocol, so
/// such paths get an explicit `file:` prefix.
pub fn path_arg(path: &Path) -> OsString {
    let bytes = path.as_os_str().as_encoded_bytes();
    if bytes.starts_with(b"-") || bytes.contains(&b':') {
        let mut arg = OsString::from("file:");
        arg.push(path.as_os_str());
        arg
    } else {
        path.as_os_str().to_os_string()
    }
}

/// A file's path as a filter option's value (`lut3d=file=`, `movie=`): every character but
/// letters, digits and `/._-` escaped twice, for the filter's option parser and then the
/// graph's (a Windows temporary folder holds `:` and `\`).
pub fn filter_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let escape = |text: &str| {
        let mut out = String::with_capacity(text.len() * 2);
        for c in text.chars() {
            if !(c.is_ascii_alphanumeric() || "/._-".contains(c)) {
                out.push('\\');
            }
            out.push(c);
        }
        out
    };
    escape(&escape(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ambiguous_paths_get_the_file_protocol() {
        assert_eq!(path_arg(Path::new("movie.mp4")), "movie.mp4");
        assert_eq!(path_arg(Path::new("out dir/a b.mp4")), "out dir/a b.mp4");
        assert_eq!(path_arg(Path::new("-clip.mp4")), "file:-clip.mp4");
        assert_eq!(path_arg(Path::new("concat:x.mp4")), "file:concat:x.mp4");
        assert_eq!(path_arg(Path::new("file:x.mp4")), "file:file:x.mp4");
    }

    #[test]
    fn windows_paths_are_escaped_for_the_option_and_the_graph() {
        assert_eq!(
            filter_path(Path::new(r"C:\T\a b.cube")),
            r"C\\\:\\\\T\\\\a\\\ b.cube"
        );
        assert_eq!(filter_path(Path::new("/tmp/x-1.cube")), "/tmp/x-1.cube");
    }
}
