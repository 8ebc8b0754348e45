//! Photos come out upright by their EXIF orientation, every one of the eight, on every
//! ffmpeg: 5.0 and later turn them themselves; for 4.x framekit turns them in its decoders.

use std::fs;

use crate::support::frames::with_exif_orientation;
use crate::support::run::framekit_ok;
use crate::support::video::{ffmpeg, rgb};

/// Where the stored picture's top-left corner is shown, for each EXIF orientation: left or
/// right, top or bottom (TIFF 6.0's Orientation tag).
const TOP_LEFT_SHOWN_AT: [(u16, (bool, bool)); 8] = [
    (1, (false, false)),
    (2, (true, false)),  // mirrored left to right
    (3, (true, true)),   // turned half a turn
    (4, (false, true)),  // mirrored top to bottom
    (5, (false, false)), // mirrored along the main diagonal
    (6, (true, false)),  // turned a quarter clockwise
    (7, (true, true)),   // mirrored along the other diagonal
    (8, (false, true)),  // turned a quarter counter-clockwise
];

#[test]
fn every_exif_orientation_comes_out_upright() {
    let dir = tempfile::tempdir().unwrap();
    // Stored 64x32, grey, with a red block in its top-left corner.
    let stored = dir.path().join("stored.jpg");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "color=c=gray:s=64x32,drawbox=x=0:y=0:w=16:h=8:c=red:t=fill",
        "-frames:v",
        "1",
        "-q:v",
        "2",
        stored.to_str().unwrap(),
    ]);
    let jpeg = fs::read(&stored).unwrap();
    for (orientation, (right, bottom)) in TOP_LEFT_SHOWN_AT {
        let frames = dir.path().join(format!("o{orientation}"));
        fs::create_dir_all(&frames).unwrap();
        for name in ["a.jpg", "b.jpg"] {
            fs::write(frames.join(name), with_exif_orientation(&jpeg, orientation)).unwrap();
        }
        let output = format!("o{orientation}.mp4");
        let frames_arg = format!("o{orientation}");
        framekit_ok(
            dir.path(),
            &["stitch", &frames_arg, "--glob", "*.jpg", "-o", &output],
        );
        let quarter_turned = orientation >= 5;
        let (width, height) = if quarter_turned { (32, 64) } else { (64, 32) };
        let pixels = rgb(&dir.path().join(&output));
        assert_eq!(
            pixels.len(),
            2 * width * height * 3,
            "orientation {orientation}"
        );
        // The red block's corner of the first frame.
        let red_at = |x: usize, y: usize| {
            let at = (y * width + x) * 3;
            pixels[at] > 150 && pixels[at + 1] < 110
        };
        let x = if right { width - 2 } else { 1 };
        let y = if bottom { height - 2 } else { 1 };
        assert!(red_at(x, y), "orientation {orientation}: red at ({x}, {y})");
        let (far_x, far_y) = (width - 1 - x, height - 1 - y);
        assert!(
            !red_at(far_x, far_y),
            "orientation {orientation}: not at the far corner"
        );
        // Quarter turns put the block's long side along the height.
        let (along_x, along_y) = if quarter_turned { (3, 12) } else { (12, 3) };
        let beside = |dx: usize, dy: usize| {
            let x = if right { width - 1 - dx } else { dx };
            let y = if bottom { height - 1 - dy } else { dy };
            red_at(x, y)
        };
        assert!(
            beside(along_x, along_y),
            "orientation {orientation}: block's shape"
        );
    }
}
