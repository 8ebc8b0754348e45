//! Each panel's title (its folder's name, drawn by framekit) on a band above it; the
//! panel itself untouched; `--no-titles` leaves the band out.

use super::*;

#[test]
fn each_panel_has_its_folders_name_above_it_and_is_whole_below() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path(), "truth", 2, 0, (96, 64));
    folder(dir.path(), "prediction", 2, 30, (96, 64));
    // Lossless, so that the panels below the band can be compared pixel for pixel.
    framekit_ok(
        dir.path(),
        &["stitch", "truth", "prediction", "--lossless", "-o", "t.mkv"],
    );
    framekit_ok(
        dir.path(),
        &[
            "stitch",
            "truth",
            "prediction",
            "--lossless",
            "--no-titles",
            "-o",
            "n.mkv",
        ],
    );
    // A cell 64 tall gets a 12-pixel band.
    let (width, band) = (192, 12);
    let titled = gray(&dir.path().join("t.mkv"));
    let plain = gray(&dir.path().join("n.mkv"));
    assert_eq!(titled.len(), 2 * (width * (64 + band)) as usize);
    assert_eq!(plain.len(), 2 * (width * 64) as usize);
    let places = [
        Place {
            x: 0,
            y: band,
            width: 96,
            height: 64,
        },
        Place {
            x: 96,
            y: band,
            width: 96,
            height: 64,
        },
    ];
    let titled_frames: Vec<&[u8]> = titled.chunks((width * (64 + band)) as usize).collect();
    for (i, frame) in titled_frames.iter().enumerate() {
        let read: Vec<u32> = places.iter().map(|&p| index_at(frame, width, p)).collect();
        assert_eq!(read, [i as u32, 30 + i as u32]);
        // Text in each band: white strokes on the dark box.
        for x in [0, 96] {
            let title = Place {
                x,
                y: 0,
                width: 96,
                height: band,
            };
            assert!(
                brightest(frame, width, title) > 200,
                "frame {i}, band at x={x}"
            );
        }
        // Below the band, each panel is exactly the untitled one.
        let below = &frame[(width * band) as usize..];
        let untitled = &plain[i * (width * 64) as usize..(i + 1) * (width * 64) as usize];
        assert_eq!(below, untitled, "frame {i}: the panels under the titles");
    }
}
