//! The sheet's file: its format from the output's extension (PNG written by framekit;
//! JPEG and WebP converted from that PNG by ffmpeg), and the converting ffmpeg's arguments.

use std::ffi::OsString;
use std::path::Path;

use crate::error::Failure;
use crate::ffmpeg::args::{path_arg, Args};
use crate::ffmpeg::capabilities::Capabilities;
use crate::term::shown::shown;

/// The formats a sheet is written in, by the output's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    Png,
    Jpeg,
    Webp,
}

/// The extensions `-o` may have.
pub const EXTENSIONS: &str = ".png, .jpg, .jpeg or .webp";

impl SheetFormat {
    /// The format `output`'s extension names (case ignored), or a usage error (exit 2).
    pub fn of(output: &Path) -> Result<SheetFormat, Failure> {
        let extension = output
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("png") => Ok(SheetFormat::Png),
            Some("jpg" | "jpeg") => Ok(SheetFormat::Jpeg),
            Some("webp") => Ok(SheetFormat::Webp),
            _ => Err(Failure::usage(format!(
                "framekit cannot tell a sheet's format from the name {}",
                shown(output)
            ))
            .hint(format!(
                "name the sheet with {EXTENSIONS}, such as sheet.jpg"
            ))),
        }
    }

    /// What ffmpeg must be able to encode for this format: the encoder, when it is one a
    /// build may lack (libwebp), or a failure naming it.
    pub fn check_ffmpeg(self, capabilities: &Capabilities) -> Result<(), Failure> {
        if self != SheetFormat::Webp {
            return Ok(());
        }
        match capabilities.encoders() {
            Some(encoders) if !encoders.iter().any(|e| e == "libwebp") => Err(Failure::failed(
                "this ffmpeg was built without libwebp, which a WebP sheet needs",
            )
            .hint("write a .png or .jpg sheet, or use an ffmpeg built with libwebp (`ffmpeg -encoders` lists it)")),
            _ => Ok(()),
        }
    }

    /// Refuses a sheet taller or wider than the format holds (JPEG 65,500 pixels, WebP
    /// 16,383; PNG has no limit that matters here), naming the ways out.
    pub fn check_size(self, output: &Path, width: u32, height: u32) -> Result<(), Failure> {
        let (name, most) = match self {
            SheetFormat::Png => return Ok(()),
            SheetFormat::Jpeg => ("a JPEG", 65_500),
            SheetFormat::Webp => ("a WebP", 16_383),
        };
        if width <= most && height <= most {
            return Ok(());
        }
        Err(Failure::failed(format!(
            "{} would be {width}x{height} pixels, but {name} is at most {most} pixels on each \
             side",
            shown(output)
        ))
        .nothing_written()
        .hint("write a .png sheet, or ask for fewer rows (--grid) or a narrower --width"))
    }

    /// The arguments that convert the sheet's PNG into `output` (JPEG or WebP); None for
    /// PNG, which framekit writes itself.
    pub fn convert_args(self, png: &Path, output: &Path) -> Option<Vec<OsString>> {
        let encode: &[&str] = match self {
            SheetFormat::Png => return None,
            // -q:v 2: the best quality but 1 that mjpeg gives, at a third of the size.
            SheetFormat::Jpeg => &["-c:v", "mjpeg", "-q:v", "2", "-f", "mjpeg"],
            SheetFormat::Webp => &["-c:v", "libwebp", "-quality", "90", "-f", "webp"],
        };
        let mut args = Args::unattended(false);
        args.push("-i");
        args.push(path_arg(png));
        args.push_all(["-frames:v", "1"]);
        args.push_all(encode.iter().copied());
        args.push("-y");
        args.push(path_arg(output));
        Some(args.into_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_decides_and_others_are_usage_errors() {
        assert_eq!(SheetFormat::of(Path::new("a.PNG")), Ok(SheetFormat::Png));
        assert_eq!(SheetFormat::of(Path::new("a.jpeg")), Ok(SheetFormat::Jpeg));
        assert_eq!(
            SheetFormat::of(Path::new("d/a.webp")),
            Ok(SheetFormat::Webp)
        );
        for bad in ["a.gif", "a", "a.mp4"] {
            let error = SheetFormat::of(Path::new(bad)).unwrap_err();
            assert_eq!(error.exit_code(), crate::error::exit::USAGE);
            assert!(error.hints[0].contains(EXTENSIONS));
        }
    }

    #[test]
    fn a_sheet_past_the_format_s_limit_is_refused_naming_png() {
        let out = Path::new("s.webp");
        assert!(SheetFormat::Png.check_size(out, 400, 100_000).is_ok());
        assert!(SheetFormat::Webp.check_size(out, 16_383, 16_383).is_ok());
        let error = SheetFormat::Webp.check_size(out, 400, 16_384).unwrap_err();
        assert!(error.title.contains("400x16384"), "{}", error.title);
        assert!(error.hints[0].contains(".png"));
        assert!(SheetFormat::Jpeg.check_size(out, 65_501, 10).is_err());
    }

    #[test]
    fn png_needs_no_ffmpeg_and_jpeg_is_converted_at_high_quality() {
        assert!(SheetFormat::Png
            .convert_args(Path::new("s.png"), Path::new("o"))
            .is_none());
        let args = SheetFormat::Jpeg
            .convert_args(Path::new("s.png"), Path::new("-o.part"))
            .unwrap();
        let text: Vec<_> = args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert!(text.windows(2).any(|w| w == ["-q:v", "2"]));
        assert_eq!(text.last().unwrap(), "file:-o.part");
    }
}
