//! Every frame ffmpeg decodes, as its framemd5 hash in RGB with ffprobe's time, and the
//! hashes of written images.

use super::*;

/// One frame of a video as ffmpeg decodes it: its time (ffprobe's), whether it is a key
/// frame, and the MD5 of its pixels in RGB (ffmpeg's framemd5).
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedFrame {
    pub seconds: f64,
    pub key: bool,
    pub hash: String,
}

/// Every frame of the first video stream, decoded, in order (the ground truth); the pixels
/// after `filter` (such as `scale=32:-1`) when one is given. Times are ffprobe's, from the
/// start of the video; where ffprobe has none (the last frames of an AVI with B-frames),
/// those ffmpeg gives the frames as it decodes them (framemd5's).
pub fn decoded_frames(video: &Path, filter: Option<&str>) -> Vec<DecodedFrame> {
    let path = video.to_str().unwrap();
    let mut args = vec!["-i", path, "-map", "0:V:0", fps_mode(), "passthrough"];
    if let Some(filter) = filter {
        args.extend(["-vf", filter]);
    }
    args.extend(["-f", "framemd5", "-pix_fmt", "rgb24", "-"]);
    let framemd5 = String::from_utf8(ffmpeg(&args)).unwrap();
    // `#tb 0: 1/12800`, then `0, dts, pts, duration, size, hash` per frame.
    let (numerator, denominator) = framemd5
        .lines()
        .find_map(|line| line.strip_prefix("#tb 0: "))
        .and_then(|tb| tb.trim().split_once('/'))
        .map(|(n, d)| (n.parse::<f64>().unwrap(), d.parse::<f64>().unwrap()))
        .expect("framemd5 names its time base");
    let hashed: Vec<(f64, String)> = framemd5
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            let pts: f64 = fields[2].parse().unwrap();
            (pts * numerator / denominator, fields[5].to_string())
        })
        .collect();
    let probed = tool(
        "ffprobe",
        &[
            "-v",
            "error",
            "-select_streams",
            "V:0",
            "-show_entries",
            "frame=pts_time,key_frame:format=start_time",
            "-of",
            "compact=p=0",
            path,
        ],
        Path::new("."),
    );
    let text = String::from_utf8_lossy(&probed.stdout);
    // Times from the start of the video, as a player (and the manifest) counts them.
    let start: f64 = text
        .lines()
        .find_map(|line| line.strip_prefix("start_time="))
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0.0);
    let frames: Vec<(Option<f64>, bool)> = text
        .lines()
        .filter(|line| line.contains("key_frame="))
        .map(|line| {
            let field = |name: &str| {
                line.split('|')
                    .find_map(|f| f.strip_prefix(&format!("{name}=")))
                    .unwrap_or_default()
                    .to_string()
            };
            let seconds = field("pts_time").parse::<f64>().ok();
            (seconds.map(|s| s - start), field("key_frame") == "1")
        })
        .collect();
    assert_eq!(
        frames.len(),
        hashed.len(),
        "ffprobe and ffmpeg see the same frames"
    );
    frames
        .into_iter()
        .zip(hashed)
        .map(|((seconds, key), (decoded, hash))| DecodedFrame {
            seconds: seconds.unwrap_or(decoded),
            key,
            hash,
        })
        .collect()
}

/// The MD5 of each image's pixels in RGB, in order: `pattern` is an image2 pattern such as
/// `out/img_%05d.png`.
pub fn image_hashes(pattern: &Path) -> Vec<String> {
    hashes(&ffmpeg(&[
        "-i",
        pattern.to_str().unwrap(),
        "-f",
        "framemd5",
        "-pix_fmt",
        "rgb24",
        "-",
    ]))
}

/// The hashes of a framemd5 listing (its last field).
fn hashes(framemd5: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(framemd5)
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.rsplit(',').next())
        .map(|hash| hash.trim().to_string())
        .collect()
}
