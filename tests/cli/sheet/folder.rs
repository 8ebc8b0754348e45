//! `sheet DIR`: the folder's frames as stitch lists and orders them, spread over the tiles
//! by split --count's rule (the i-th of N the first at or after i*total/N), each captioned
//! with its file name.

use super::*;

#[test]
fn a_folder_s_frames_spread_over_the_tiles_with_their_names() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 10, FRAME_W, FRAME_H);
    let width = sheet_width(2).to_string();
    let output = framekit_ok(
        dir.path(),
        &[
            "sheet",
            "frames",
            "-o",
            "sheet.png",
            "--grid",
            "2x2",
            "--width",
            &width,
            "--json",
        ],
    );
    let sheet = Sheet::open(&dir.path().join("sheet.png"), 2, FRAME_H);
    let json = report(&output);
    for (k, index) in [0u32, 3, 5, 8].into_iter().enumerate() {
        let k32 = k as u32;
        assert_eq!(sheet.index_of(k32), index, "tile {k}");
        let name = format!("frame_{index:03}.png");
        assert_eq!(json["tiles"][k]["file"], name.as_str());
        assert_eq!(json["tiles"][k]["index"], index);
        let (_, _, rgb) = png_rgb(&dir.path().join("frames").join(&name));
        let difference = mean_difference(&sheet.tile(k32, FRAME_W, FRAME_H), &rgb);
        assert!(difference < 1.0, "tile {k} is {name}: {difference}");
        let (x, y, w, h) = sheet.caption_band(k32);
        assert!(sheet.has_text(x, y, w, h), "caption of tile {k}");
    }
    assert!(sheet.has_text(GAP, GAP, sheet.image.width() - 2 * GAP, sheet.header_h()));
    // Each caption its own text: no two bands alike.
    let bands: Vec<Vec<u8>> = (0..4).map(|k| sheet.caption_pixels(k)).collect();
    for a in 0..4 {
        for b in a + 1..4 {
            assert!(bands[a] != bands[b], "captions {a} and {b} differ");
        }
    }
    assert!(hidden_entries(dir.path()).is_empty());
}

#[test]
fn natural_order_and_fewer_frames_than_tiles() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    // Byte order would put plot_10 first.
    for (name, index) in [("plot_2.png", 2), ("plot_10.png", 10), ("plot_1.png", 1)] {
        crate::support::frames::write_frame(&frames.join(name), index, FRAME_W, FRAME_H);
    }
    let width = sheet_width(2).to_string();
    let output = framekit_ok(
        dir.path(),
        &[
            "sheet", "frames", "-o", "s.jpg", "--grid", "2x2", "--width", &width, "--sort",
            "natural", "--json",
        ],
    );
    let json = report(&output);
    assert_eq!(json["frames"], 3);
    assert_eq!(
        json["warnings"][0],
        "frames has 3 frames for the 4 tiles of --grid 2x2: all are shown, on 2 rows of 2"
    );
    assert_eq!(json["grid"], "2x2");
    let sheet = Sheet::open(&dir.path().join("s.jpg"), 2, FRAME_H);
    for (k, index) in [1, 2, 10].into_iter().enumerate() {
        assert_eq!(sheet.index_of(k as u32), index, "tile {k}");
    }
    let (x, y) = sheet.tile_origin(3);
    let empty = sheet.tile(3, FRAME_W, FRAME_H);
    let background: Vec<u8> = BACKGROUND.repeat((FRAME_W * FRAME_H) as usize);
    assert!(
        mean_difference(&empty, &background) < 2.0,
        "tile 4 at {x},{y} is empty"
    );
    let (cx, cy, cw, ch) = sheet.caption_band(3);
    assert!(!sheet.has_text(cx, cy, cw, ch), "and has no caption");
}

/// A PNG of one colour, RGBA: `rgba`'s alpha 0 is a transparent frame as PIL writes it.
fn write_flat_rgba(path: &Path, rgba: [u8; 4]) {
    let file = fs::File::create(path).unwrap();
    let mut encoder = png::Encoder::new(file, FRAME_W, FRAME_H);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer
        .write_image_data(&rgba.repeat((FRAME_W * FRAME_H) as usize))
        .unwrap();
}

#[test]
fn names_with_a_percent_sign_are_read_as_they_are_and_transparency_shows_on_white() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    // ffmpeg's image2 would read "frame%03d.png" as the pattern that names frame001.png.
    write_flat_rgba(&frames.join("frame%03d.png"), [255, 0, 0, 255]);
    write_flat_rgba(&frames.join("frame001.png"), [0, 0, 255, 255]);
    // A transparent frame, (0,0,0,0) as PIL writes it: white, never the sheet's dark grey.
    write_flat_rgba(&frames.join("frame002.png"), [0, 0, 0, 0]);
    let width = sheet_width(3).to_string();
    let output = framekit_ok(
        dir.path(),
        &[
            "sheet", "frames", "-o", "s.png", "--grid", "3x1", "--width", &width, "--json",
        ],
    );
    let json = report(&output);
    assert_eq!(json["tiles"][0]["file"], "frame%03d.png");
    let sheet = Sheet::open(&dir.path().join("s.png"), 3, FRAME_H);
    for (k, rgb) in [[255u8, 0, 0], [0, 0, 255], [255, 255, 255]]
        .into_iter()
        .enumerate()
    {
        let tile = sheet.tile(k as u32, FRAME_W, FRAME_H);
        let expected = rgb.repeat((FRAME_W * FRAME_H) as usize);
        assert!(
            mean_difference(&tile, &expected) < 1.0,
            "tile {k} is {rgb:?}"
        );
    }
}

#[test]
fn fewer_frames_than_a_row_make_one_row_and_mixed_sizes_need_no_pad() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    fs::create_dir(&frames).unwrap();
    // A plot saved with bbox_inches="tight" beside a full one: sizes differ, as they do.
    crate::support::frames::write_frame(&frames.join("a.png"), 1, FRAME_W, FRAME_H);
    crate::support::frames::write_frame(&frames.join("b.png"), 2, FRAME_W - 40, FRAME_H + 30);
    let width = sheet_width(3).to_string();
    let sheet = |grid: &str, output: &str| {
        let args = [
            "sheet", "frames", "-o", output, "--grid", grid, "--width", &width, "--json",
        ];
        let output = framekit_ok(dir.path(), &args);
        (report(&output), stderr(&output))
    };
    let (json, said) = sheet("3x3", "tall.png");
    // The empty rows are left out: the same sheet, pixel for pixel, as a grid of one row.
    sheet("3x1", "row.png");
    let (tall, row) = (
        png_rgb(&dir.path().join("tall.png")),
        png_rgb(&dir.path().join("row.png")),
    );
    assert_eq!((tall.0, tall.1), (row.0, row.1), "one row tall");
    assert!(tall.2 == row.2, "and the same pixels");
    assert_eq!(json["grid"], "3x1");
    assert_eq!(
        json["warnings"],
        serde_json::json!([
            "frames has 2 frames for the 9 tiles of --grid 3x3: all are shown, on 1 row of 3"
        ])
    );
    // Each frame is fitted into its tile: stitch's --pad/--fit advice is not a sheet's.
    assert!(!said.contains("--pad") && !said.contains("--fit"), "{said}");
    let sheet = Sheet::open(&dir.path().join("tall.png"), 3, FRAME_H);
    assert_eq!(sheet.index_of(0), 1);
    // b.png, scaled into its tile (its own bars no longer where `index_of` reads them).
    let (x, y) = sheet.tile_origin(1);
    assert!(
        !sheet.is_background(x, y, FRAME_W / 2, FRAME_H),
        "tile 2 shows b.png"
    );
}

#[test]
fn progress_json_counts_the_tiles_fitted() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 40, FRAME_W, FRAME_H);
    let args = [
        "sheet",
        "frames",
        "-o",
        "s.png",
        "--grid",
        "6x6",
        "--progress-json",
    ];
    let said = stderr(&framekit_ok(dir.path(), &args));
    let lines: Vec<serde_json::Value> = said
        .lines()
        .filter(|line| line.starts_with("{\"progress\""))
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let last = lines
        .last()
        .unwrap_or_else(|| panic!("no progress lines: {said}"));
    assert_eq!(last["progress"]["done"], 36, "{said}");
    assert_eq!(last["progress"]["total"], 36, "{said}");
}
