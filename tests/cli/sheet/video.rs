//! A video's sheet: its tiles are the frames `split --count` picks (pixel for pixel in a
//! PNG sheet), in order, at the times `split`'s manifest gives, under a header and
//! captions; JPEG and WebP sheets show the same frames.

use super::*;
use crate::support::split_truth::manifest;

/// `framekit split movie.mp4 split --count N --width W --manifest`: its rows and frames.
fn split_count(dir: &Path, count: u32, width: u32) -> Vec<(f64, usize, Vec<u8>, u32)> {
    framekit_ok(
        dir,
        &[
            "split",
            "movie.mp4",
            "split",
            "--count",
            &count.to_string(),
            "--width",
            &width.to_string(),
            "--manifest",
        ],
    );
    manifest(&dir.join("split"))
        .into_iter()
        .map(|row| {
            let (w, h, rgb) = png_rgb(&dir.join("split").join(&row.file));
            assert_eq!(w, width);
            (row.seconds, row.source_frame, rgb, h)
        })
        .collect()
}

#[test]
fn tiles_are_the_frames_split_count_picks_at_its_times() {
    let dir = tempfile::tempdir().unwrap();
    index_video(dir.path(), 50);
    let width = sheet_width(3).to_string();
    let output = framekit_ok(
        dir.path(),
        &[
            "sheet",
            "movie.mp4",
            "-o",
            "sheet.png",
            "--grid",
            "3x2",
            "--width",
            &width,
            "--json",
        ],
    );
    let split = split_count(dir.path(), 6, FRAME_W);
    let sheet = Sheet::open(&dir.path().join("sheet.png"), 3, split[0].3);
    assert_eq!(sheet.tile_w, FRAME_W);

    // The rule, from split --count's definition: the i-th of 6 is the first frame at or
    // after i * 2 s / 6 (frame k at k/25 s).
    let ruled: Vec<usize> = (0..6).map(|i| (i * 50usize).div_ceil(6)).collect();
    let picked: Vec<usize> = split.iter().map(|row| row.1).collect();
    assert_eq!(picked, ruled);

    let json = report(&output);
    assert_eq!(json["grid"], "3x2");
    assert_eq!(json["frames"], 6);
    assert_eq!(
        json["width"].as_u64().unwrap(),
        u64::from(sheet.image.width())
    );
    assert_eq!(
        json["height"].as_u64().unwrap(),
        u64::from(sheet.image.height())
    );
    for (k, (seconds, source, rgb, h)) in split.iter().enumerate() {
        let tile = &json["tiles"][k];
        assert_eq!(tile["tile"], k + 1);
        assert!(
            (tile["pts_seconds"].as_f64().unwrap() - seconds).abs() < 1e-6,
            "{tile}"
        );
        assert_eq!(tile["source_frame"], *source);
        // The frame split wrote, pixel for pixel, and the one its bars name.
        assert!(
            sheet.tile(k as u32, FRAME_W, *h) == *rgb,
            "tile {k} is split's frame {source}"
        );
        assert_eq!(sheet.index_of(k as u32) as usize, *source, "tile {k}");
        // Its caption (the time) under it, and the gap beside it empty.
        let (x, y, w, h) = sheet.caption_band(k as u32);
        assert!(sheet.has_text(x, y, w, h), "caption of tile {k}");
        let (tx, ty) = sheet.tile_origin(k as u32);
        assert!(
            sheet.is_background(tx + FRAME_W, ty, GAP, sheet.tile_h),
            "gap after tile {k}"
        );
    }
    // Six times, six different captions.
    for a in 0..6 {
        for b in a + 1..6 {
            assert!(
                sheet.caption_pixels(a) != sheet.caption_pixels(b),
                "captions {a}, {b}"
            );
        }
    }
    // The header: text in its band, background above it.
    assert!(sheet.has_text(GAP, GAP, sheet.image.width() - 2 * GAP, sheet.header_h()));
    assert!(sheet.is_background(0, 0, sheet.image.width(), GAP));
    assert!(
        hidden_entries(dir.path()).is_empty(),
        "the scratch folder is gone"
    );
}

#[test]
fn jpeg_and_webp_sheets_show_the_same_frames() {
    let dir = tempfile::tempdir().unwrap();
    index_video(dir.path(), 40);
    let width = sheet_width(2).to_string();
    let split = split_count(dir.path(), 4, FRAME_W);
    for name in ["sheet.jpg", "sheet.webp"] {
        framekit_ok(
            dir.path(),
            &[
                "sheet",
                "movie.mp4",
                "-o",
                name,
                "--grid",
                "2x2",
                "--width",
                &width,
            ],
        );
        let bytes = fs::read(dir.path().join(name)).unwrap();
        let format = image::guess_format(&bytes).unwrap();
        let expected = match name {
            "sheet.jpg" => image::ImageFormat::Jpeg,
            _ => image::ImageFormat::WebP,
        };
        assert_eq!(format, expected, "{name} is what its name says");
        let sheet = Sheet::open(&dir.path().join(name), 2, split[0].3);
        for (k, (_, source, rgb, h)) in split.iter().enumerate() {
            assert_eq!(
                sheet.index_of(k as u32) as usize,
                *source,
                "{name} tile {k}"
            );
            let difference = mean_difference(&sheet.tile(k as u32, FRAME_W, *h), rgb);
            assert!(difference < 6.0, "{name} tile {k}: {difference}");
        }
    }
    assert!(hidden_entries(dir.path()).is_empty());
}

#[test]
fn a_video_shorter_than_the_grid_fills_what_it_can() {
    let dir = tempfile::tempdir().unwrap();
    index_video(dir.path(), 3);
    let width = sheet_width(2).to_string();
    let output = framekit_ok(
        dir.path(),
        &[
            "sheet",
            "movie.mp4",
            "-o",
            "s.png",
            "--grid",
            "2x2",
            "--width",
            &width,
            "--json",
        ],
    );
    let json = report(&output);
    assert_eq!(json["frames"], 3);
    assert!(!json["warnings"].as_array().unwrap().is_empty(), "{json}");
    let sheet = Sheet::open(&dir.path().join("s.png"), 2, FRAME_H);
    for k in 0..3 {
        assert_eq!(sheet.index_of(k), k);
    }
    let (x, y) = sheet.tile_origin(3);
    assert!(
        sheet.is_background(x, y, FRAME_W, FRAME_H),
        "the fourth tile is empty"
    );
}

#[test]
fn rows_no_frame_fills_are_left_out_with_the_sheet_s_own_warning() {
    let dir = tempfile::tempdir().unwrap();
    index_video(dir.path(), 5);
    let width = sheet_width(4).to_string();
    let sheet = |grid: &str, output: &str| {
        let args = [
            "sheet",
            "movie.mp4",
            "-o",
            output,
            "--grid",
            grid,
            "--width",
            &width,
        ];
        stderr(&framekit_ok(dir.path(), &args))
    };
    let said = sheet("4x4", "tall.png");
    sheet("4x2", "two.png");
    // The sheet's words, not split's (`--count 16`).
    assert!(
        said.contains(
            "movie.mp4 has 5 frames for the 16 tiles of --grid 4x4: all are shown, on 2 rows of 4"
        ),
        "{said}"
    );
    assert!(!said.contains("--count"), "{said}");
    let (tall, two) = (
        png_rgb(&dir.path().join("tall.png")),
        png_rgb(&dir.path().join("two.png")),
    );
    assert_eq!((tall.0, tall.1), (two.0, two.1), "two rows tall");
    assert!(tall.2 == two.2, "and the same pixels");
    let sheet = Sheet::open(&dir.path().join("tall.png"), 4, FRAME_H);
    for k in 0..5 {
        assert_eq!(sheet.index_of(k), k, "tile {k}");
    }
}

#[test]
fn a_phone_s_turned_video_has_the_size_it_plays_at_in_the_header() {
    let dir = tempfile::tempdir().unwrap();
    // The same clip twice, both named movie.mp4: stored 240x120 with a quarter turn, as a
    // phone writes it, and stored upright at 120x240.
    let make = |folder: &str, size: &'static str| {
        let folder = dir.path().join(folder);
        fs::create_dir(&folder).unwrap();
        crate::support::video::video(8)
            .size(size)
            .write(&folder, "movie.mp4");
        folder
    };
    let turned = make("turned", "240x120");
    crate::support::video::turn_quarter_clockwise(&turned.join("movie.mp4"));
    let upright = make("upright", "120x240");
    let width = sheet_width(2).to_string();
    let header = |folder: &Path| {
        let args = [
            "sheet",
            "movie.mp4",
            "-o",
            "s.png",
            "--grid",
            "2x1",
            "--width",
            &width,
        ];
        framekit_ok(folder, &args);
        let (w, h, rgb) = png_rgb(&folder.join("s.png"));
        let header_h = (w / 45).clamp(18, 40);
        (h, rgb[..(w * (GAP + header_h) * 3) as usize].to_vec())
    };
    let (turned_h, turned_header) = header(&turned);
    let (upright_h, upright_header) = header(&upright);
    // Tiles as the video plays (portrait), and the header says so: "120x240", not "240x120".
    assert_eq!(turned_h, upright_h, "portrait tiles");
    assert!(turned_header == upright_header, "the header reads the same");
}
