//! Rasterises real text and checks the pixels: the box, the text inside it, and names the
//! font cannot show.

use super::render::BOX_RGBA;
use super::{render, render_within, TextImage};

/// Pixels that are text: brighter than the box by far, and more opaque.
fn text_pixels(image: &TextImage) -> Vec<(u32, u32)> {
    let mut found = Vec::new();
    for y in 0..image.height {
        for x in 0..image.width {
            let [r, g, b, a] = image.pixel(x, y);
            if r > 200 && g > 200 && b > 200 && a > 200 {
                found.push((x, y));
            }
        }
    }
    found
}

#[test]
fn the_box_is_as_tall_as_asked_and_its_edges_are_the_box_colour() {
    let image = render("frame_0001.png", 40);
    assert_eq!(image.height, 40);
    assert_eq!(image.rgba.len(), (image.width * image.height * 4) as usize);
    for x in 0..image.width {
        assert_eq!(image.pixel(x, 0), BOX_RGBA, "top row at x={x}");
        assert_eq!(
            image.pixel(x, image.height - 1),
            BOX_RGBA,
            "bottom row at x={x}"
        );
    }
    for y in 0..image.height {
        assert_eq!(image.pixel(0, y), BOX_RGBA, "left column at y={y}");
        assert_eq!(
            image.pixel(image.width - 1, y),
            BOX_RGBA,
            "right column at y={y}"
        );
    }
}

#[test]
fn text_pixels_are_white_and_inside_the_box_margins() {
    let image = render("Hg 42", 50);
    let text = text_pixels(&image);
    assert!(text.len() > 50, "only {} text pixels", text.len());
    let left = text.iter().map(|p| p.0).min().unwrap();
    let right = text.iter().map(|p| p.0).max().unwrap();
    let top = text.iter().map(|p| p.1).min().unwrap();
    let bottom = text.iter().map(|p| p.1).max().unwrap();
    assert!(
        left >= 5 && right < image.width - 5,
        "x {left}..{right} in {}",
        image.width
    );
    assert!(
        top >= 3 && bottom < image.height - 3,
        "y {top}..{bottom} in {}",
        image.height
    );
    // "H" reaches near the top margin and "g" below the baseline: the text fills the box.
    assert!(
        bottom - top >= 25,
        "text only {} px tall in a 50 px box",
        bottom - top
    );
}

#[test]
fn the_size_follows_the_height() {
    let small = render("frame 12", 20);
    let big = render("frame 12", 80);
    assert_eq!(big.height, 80);
    assert!(
        big.width > 3 * small.width,
        "{} vs {}",
        big.width,
        small.width
    );
    assert!(text_pixels(&big).len() > 8 * text_pixels(&small).len().max(1));
}

#[test]
fn different_text_draws_different_pixels() {
    assert_ne!(render("frame 1", 30).rgba, render("frame 2", 30).rgba);
}

#[test]
fn names_in_other_scripts_draw_and_missing_glyphs_draw_a_box() {
    for name in [
        "Ελληνικά",
        "Кириллица",
        "日本語の名前.png",
        "🎞️ clip",
        "tab\there\nnewline",
    ] {
        let image = render(name, 32);
        assert_eq!(image.height, 32, "{name}");
        assert!(text_pixels(&image).len() > 20, "{name}: nothing drawn");
    }
    // The font has no CJK: each character is the missing-glyph box, which has ink.
    let cjk = render("漢", 40);
    let none = render("", 40);
    assert!(cjk.width > none.width);
    assert!(
        !text_pixels(&cjk).is_empty(),
        "the missing-glyph box was not drawn"
    );
}

#[test]
fn empty_text_and_tiny_heights_still_draw_a_box() {
    let empty = render("", 30);
    assert!(empty.width > 0);
    assert!(text_pixels(&empty).is_empty());
    let tiny = render("x", 1);
    assert!(tiny.height >= 1 && tiny.width >= 1);
}

#[test]
fn a_width_limit_cuts_the_text_with_an_ellipsis() {
    let long = "a_really_long_file_name_from_a_camera_roll_0001.jpg";
    let full = render(long, 30);
    let cut = render_within(long, 30, 120);
    assert!(full.width > 120);
    assert!(cut.width <= 120);
    assert!(!text_pixels(&cut).is_empty());
    let nothing_fits = render_within(long, 30, 3);
    assert!(nothing_fits.width <= 3);
}

#[test]
fn the_png_decodes_to_the_same_pixels() {
    let image = render("label", 24);
    let bytes = image.to_png().unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buffer = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buffer).unwrap();
    assert_eq!((info.width, info.height), (image.width, image.height));
    assert_eq!(info.color_type, png::ColorType::Rgba);
    assert_eq!(&buffer[..info.buffer_size()], &image.rgba[..]);
}
