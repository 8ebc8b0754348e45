//! The sheet drawn in framekit: the tiles' PNGs decoded and laid out on a dark background,
//! the header and the captions drawn by `crate::text`, and the result encoded as a PNG.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::grid_size::GridSize;
use crate::error::Failure;
use crate::sheet::layout::Layout;
use crate::term::shown::shown;
use crate::text::{self, TextImage};

/// The sheet's background: a dark grey, so the dark caption boxes still show as bands.
pub const BACKGROUND: [u8; 3] = [28, 28, 28];

/// One tile: the picture (a PNG framekit or ffmpeg wrote) and its caption.
#[derive(Debug, Clone)]
pub struct Tile {
    pub path: PathBuf,
    pub caption: String,
}

/// A decoded picture, straight RGBA.
struct Picture {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
}

/// An RGB image being drawn.
struct Canvas {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

/// Draws the sheet: every tile decoded (the tallest decides the tiles' height), laid out
/// by `Layout`, captioned, under the header. Returns the sheet's layout and its PNG bytes.
pub fn draw(
    width: u32,
    grid: GridSize,
    tile_width: u32,
    header: &str,
    tiles: &[Tile],
) -> Result<(Layout, Vec<u8>)> {
    let pictures = tiles
        .iter()
        .map(|tile| decode(&tile.path))
        .collect::<Result<Vec<_>>>()?;
    let tallest = pictures
        .iter()
        .map(|p| p.height)
        .max()
        .unwrap_or(tile_width);
    let layout = Layout::new(width, grid, tile_width, tallest);
    let mut canvas = Canvas {
        width,
        height: layout.height(),
        rgb: BACKGROUND.repeat((width * layout.height()) as usize),
    };
    let (left, top, room) = layout.header();
    canvas.put_text(
        &text::render_within(header, layout.header_height, room),
        left,
        top,
    );
    for (index, (tile, picture)) in tiles.iter().zip(&pictures).enumerate() {
        crate::signals::check()?;
        let (x, y) = layout.tile_origin(index);
        // Centred in the tile's box (a folder's frames may differ in shape).
        let dx = layout.tile_width.saturating_sub(picture.width) / 2;
        let dy = layout.tile_height.saturating_sub(picture.height) / 2;
        canvas.put(
            picture,
            x + dx,
            y + dy,
            layout.tile_width,
            layout.tile_height,
        );
        let caption = text::render_within(&tile.caption, layout.caption_height, layout.tile_width);
        let cx = x + layout.tile_width.saturating_sub(caption.width) / 2;
        canvas.put_text(&caption, cx, layout.caption_top(index));
    }
    Ok((layout, canvas.to_png()?))
}

impl Canvas {
    /// `picture` at (x, y), over what is there (straight alpha), cut to `max_w` x `max_h`
    /// and to the canvas.
    fn put(&mut self, picture: &Picture, x: u32, y: u32, max_w: u32, max_h: u32) {
        let w = picture.width.min(max_w).min(self.width.saturating_sub(x));
        let h = picture.height.min(max_h).min(self.height.saturating_sub(y));
        for row in 0..h {
            for column in 0..w {
                let from = ((row * picture.width + column) * 4) as usize;
                let to = (((y + row) * self.width + x + column) * 3) as usize;
                let alpha = u32::from(picture.rgba[from + 3]);
                for c in 0..3 {
                    let over = u32::from(picture.rgba[from + c]);
                    let under = u32::from(self.rgb[to + c]);
                    self.rgb[to + c] = ((over * alpha + under * (255 - alpha) + 127) / 255) as u8;
                }
            }
        }
    }

    fn put_text(&mut self, image: &TextImage, x: u32, y: u32) {
        let picture = Picture {
            width: image.width,
            height: image.height,
            rgba: image.rgba.clone(),
        };
        self.put(&picture, x, y, image.width, image.height);
    }

    fn to_png(&self) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .context("encoding the sheet as PNG")?;
        writer
            .write_image_data(&self.rgb)
            .context("encoding the sheet as PNG")?;
        writer.finish().context("encoding the sheet as PNG")?;
        Ok(bytes)
    }
}

/// A tile's PNG as straight RGBA, 8 bits (palettes expanded, 16 bits cut to 8).
fn decode(path: &Path) -> Result<Picture> {
    let unreadable = |e: &dyn std::fmt::Display| {
        Failure::failed(format!("cannot read the tile {}: {e}", shown(path))).nothing_written()
    };
    let file = File::open(path).map_err(|e| unreadable(&e))?;
    let mut decoder = png::Decoder::new(BufReader::new(file));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| unreadable(&e))?;
    let mut buffer = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buffer).map_err(|e| unreadable(&e))?;
    let (width, height) = (info.width, info.height);
    let mut rgba = Vec::with_capacity((width * height * 4) as usize);
    for row in buffer.chunks(info.line_size).take(height as usize) {
        let row = &row[..(width as usize * info.color_type.samples())];
        match info.color_type {
            png::ColorType::Rgba => rgba.extend_from_slice(row),
            png::ColorType::Rgb => row
                .chunks(3)
                .for_each(|p| rgba.extend_from_slice(&[p[0], p[1], p[2], 255])),
            png::ColorType::GrayscaleAlpha => row
                .chunks(2)
                .for_each(|p| rgba.extend_from_slice(&[p[0], p[0], p[0], p[1]])),
            png::ColorType::Grayscale => row
                .iter()
                .for_each(|&g| rgba.extend_from_slice(&[g, g, g, 255])),
            png::ColorType::Indexed => return Err(unreadable(&"an unexpanded palette").into()),
        }
    }
    // A transparent frame is shown on white, as stitch shows it by default (--background):
    // on the sheet's dark grey, the black text and lines of a transparent plot would vanish.
    for pixel in rgba.chunks_mut(4) {
        let alpha = u32::from(pixel[3]);
        for c in &mut pixel[..3] {
            *c = ((u32::from(*c) * alpha + 255 * (255 - alpha) + 127) / 255) as u8;
        }
        pixel[3] = 255;
    }
    Ok(Picture {
        width,
        height,
        rgba,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::layout::GAP;

    fn write_png(path: &Path, width: u32, height: u32, rgb: [u8; 3]) {
        let file = File::create(path).unwrap();
        let mut encoder = png::Encoder::new(file, width, height);
        encoder.set_color(png::ColorType::Rgb);
        let mut writer = encoder.write_header().unwrap();
        writer
            .write_image_data(&rgb.repeat((width * height) as usize))
            .unwrap();
    }

    #[test]
    fn tiles_land_in_their_cells_and_captions_under_them() {
        let dir = tempfile::tempdir().unwrap();
        let colours = [[250, 0, 0], [0, 250, 0], [0, 0, 250]];
        let tiles: Vec<Tile> = colours
            .iter()
            .enumerate()
            .map(|(k, colour)| {
                let path = dir.path().join(format!("{k}.png"));
                write_png(&path, 100, 50, *colour);
                Tile {
                    path,
                    caption: format!("tile {k}"),
                }
            })
            .collect();
        let grid = GridSize {
            columns: 2,
            rows: 2,
        };
        let (layout, bytes) = draw(218, grid, 100, "header", &tiles).unwrap();
        assert_eq!(layout.tile_height, 50);
        let mut decoder = png::Decoder::new(&bytes[..]);
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let mut rgb = vec![0; reader.output_buffer_size()];
        reader.next_frame(&mut rgb).unwrap();
        let at = |x: u32, y: u32| {
            let i = ((y * 218 + x) * 3) as usize;
            [rgb[i], rgb[i + 1], rgb[i + 2]]
        };
        for (k, colour) in colours.iter().enumerate() {
            let (x, y) = layout.tile_origin(k);
            assert_eq!(at(x + 50, y + 25), *colour, "tile {k}");
        }
        // The fourth cell is empty: background.
        let (x, y) = layout.tile_origin(3);
        assert_eq!(at(x + 50, y + 25), BACKGROUND);
        // Captions and the header differ from the background somewhere in their bands.
        let band_differs = |top: u32, height: u32, left: u32, width: u32| {
            (top..top + height).any(|y| (left..left + width).any(|x| at(x, y) != BACKGROUND))
        };
        assert!(band_differs(
            layout.caption_top(0),
            layout.caption_height,
            GAP,
            100
        ));
        assert!(!band_differs(
            layout.caption_top(3),
            layout.caption_height,
            layout.tile_origin(3).0,
            100
        ));
        assert!(band_differs(GAP, layout.header_height, GAP, 200));
    }
}
