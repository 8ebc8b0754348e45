//! What ffprobe and the file say about a video: stream facts, frame counts, the container's
//! duration, and the settings x264 wrote.

use super::*;

/// ffprobe's `KEY=VALUE` facts about the first video stream (or `stream` selector).
pub fn probe(video: &Path, stream: &str, entries: &str) -> HashMap<String, String> {
    let output = Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", stream, "-count_frames"])
        .args([
            "-show_entries",
            &format!("stream={entries}"),
            "-of",
            "default=nw=1",
        ])
        .arg(video)
        .output()
        .expect("ffprobe must be installed to run the tests");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The frames ffprobe decodes from the first video stream (the ground truth).
pub fn count_frames(video: &Path) -> u64 {
    probe(video, "v:0", "nb_read_frames")["nb_read_frames"]
        .parse()
        .unwrap()
}

/// The duration the container gives, in seconds (WebM keeps none per stream).
pub fn container_duration(video: &Path) -> f64 {
    let output = tool(
        "ffprobe",
        &[
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
            video.to_str().unwrap(),
        ],
        Path::new("."),
    );
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap()
}

/// The settings x264 wrote into an H.264 (or libx264rgb) stream of the file at `path`, as
/// the text of its SEI message: `x264 - core 164 ... - options: cabac=0 ref=1 ... crf=30.0 ...`.
/// Every encoder option framekit or the user chose (`--crf`, `--preset`, `-tune`) shows there,
/// whatever the container. Fails the test when the file holds no such text.
pub fn x264_settings(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let marker = b"x264 - core ";
    let start = bytes
        .windows(marker.len())
        .position(|window| window == marker)
        .unwrap_or_else(|| panic!("{} holds no x264 settings", path.display()));
    // The SEI's text ends with a NUL byte.
    let end = bytes[start..]
        .iter()
        .position(|&byte| byte == 0)
        .map_or(bytes.len(), |length| start + length);
    String::from_utf8_lossy(&bytes[start..end]).into_owned()
}

/// Whether x264's `settings` (see [`x264_settings`]) hold each of `options`, as whole words
/// (`crf=30.0`, `me=dia`), and if not, which are missing, for the assertion's message.
pub fn x264_options_missing<'a>(settings: &str, options: &[&'a str]) -> Vec<&'a str> {
    let words: Vec<&str> = settings.split_whitespace().collect();
    options
        .iter()
        .copied()
        .filter(|option| !words.contains(option))
        .collect()
}
