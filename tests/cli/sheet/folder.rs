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
    assert!(
        json["warnings"][0].as_str().unwrap().contains("left empty"),
        "{json}"
    );
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
