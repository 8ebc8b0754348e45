//! A video's frames decoded to pixels (gray, RGB, RGBA, as players show them), and each
//! frame's index read from its pixels.

use super::*;

/// The bar-encoded index of each frame of a video of `width` x `height`.
pub fn indices(video: &Path, width: u32, height: u32) -> Vec<u32> {
    let gray = gray(video);
    let size = (width * height) as usize;
    assert_eq!(gray.len() % size, 0, "whole frames of {width}x{height}");
    let bar = width / (BITS + 2);
    gray.chunks(size)
        .map(|frame| {
            (0..BITS).fold(0, |value, b| {
                let x = (b + 1) * bar + bar / 2;
                let pixel = frame[(height / 4 * width + x) as usize];
                value << 1 | u32::from(pixel > 128)
            })
        })
        .collect()
}

/// The gray levels of every frame of an image or video, decoded by ffmpeg.
pub fn gray(video: &Path) -> Vec<u8> {
    decoded(video, &[], "gray")
}

/// The gray levels of frame `index` of `video`.
pub fn gray_frame(video: &Path, index: u32) -> Vec<u8> {
    let select = format!("select=eq(n\\,{index})");
    decoded(video, &["-vf", &select, "-frames:v", "1"], "gray")
}

/// The RGB pixels of an image or video, decoded by ffmpeg.
pub fn rgb(image: &Path) -> Vec<u8> {
    decoded(image, &[], "rgb24")
}

/// The raw pixels of `video` in `pixel_format`, with ffmpeg options `options` after `-i`.
fn decoded(video: &Path, options: &[&str], pixel_format: &str) -> Vec<u8> {
    let mut args = vec!["-i", video.to_str().unwrap()];
    args.extend(options);
    // Each stored frame once: ffmpeg 7 and later would repeat frames to a constant rate.
    args.extend([fps_mode(), "passthrough"]);
    args.extend(["-f", "rawvideo", "-pix_fmt", pixel_format, "-"]);
    ffmpeg(&args)
}

/// Each frame of `video` as RGB, decoded as a player that follows the file's colour tags
/// does (ffmpeg's own conversion reads them), and as one that assumes BT.709 TV range, as
/// browsers and QuickTime do for HD video without tags.
pub fn rgb_as_players_show(video: &Path) -> [Vec<u8>; 2] {
    let assuming = "scale=in_color_matrix=bt709:in_range=tv,format=rgb24";
    [
        decoded(video, &[], "rgb24"),
        decoded(video, &["-vf", assuming], "rgb24"),
    ]
}

/// Each frame of a video as RGBA, alpha included: VP9's alpha plane is read only by libvpx's
/// own decoder (ffmpeg's native VP9 decoder ignores it), so that one is asked for.
pub fn rgba(video: &Path) -> Vec<u8> {
    let vp9 = video.extension().is_some_and(|e| e == "webm");
    let mut args = vec![];
    if vp9 {
        args.extend(["-c:v", "libvpx-vp9"]);
    }
    args.extend([
        "-i",
        video.to_str().unwrap(),
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgba",
        "-",
    ]);
    ffmpeg(&args)
}
