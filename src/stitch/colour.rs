//! Colours as `--pad` takes them: a name ffmpeg knows, or `#RRGGBB`, checked before anything
//! runs (a wrong one would otherwise fail inside ffmpeg, after the frames were read).

use crate::error::Failure;

/// The colour names ffmpeg knows (`ffmpeg -colors`, 5.1), so that a wrong one is a usage
/// error before anything runs rather than a failure inside ffmpeg.
const COLOUR_NAMES: &[&str] = &[
    "AliceBlue",
    "AntiqueWhite",
    "Aqua",
    "Aquamarine",
    "Azure",
    "Beige",
    "Bisque",
    "Black",
    "BlanchedAlmond",
    "Blue",
    "BlueViolet",
    "Brown",
    "BurlyWood",
    "CadetBlue",
    "Chartreuse",
    "Chocolate",
    "Coral",
    "CornflowerBlue",
    "Cornsilk",
    "Crimson",
    "Cyan",
    "DarkBlue",
    "DarkCyan",
    "DarkGoldenRod",
    "DarkGray",
    "DarkGreen",
    "DarkKhaki",
    "DarkMagenta",
    "DarkOliveGreen",
    "Darkorange",
    "DarkOrchid",
    "DarkRed",
    "DarkSalmon",
    "DarkSeaGreen",
    "DarkSlateBlue",
    "DarkSlateGray",
    "DarkTurquoise",
    "DarkViolet",
    "DeepPink",
    "DeepSkyBlue",
    "DimGray",
    "DodgerBlue",
    "FireBrick",
    "FloralWhite",
    "ForestGreen",
    "Fuchsia",
    "Gainsboro",
    "GhostWhite",
    "Gold",
    "GoldenRod",
    "Gray",
    "Green",
    "GreenYellow",
    "HoneyDew",
    "HotPink",
    "IndianRed",
    "Indigo",
    "Ivory",
    "Khaki",
    "Lavender",
    "LavenderBlush",
    "LawnGreen",
    "LemonChiffon",
    "LightBlue",
    "LightCoral",
    "LightCyan",
    "LightGoldenRodYellow",
    "LightGreen",
    "LightGrey",
    "LightPink",
    "LightSalmon",
    "LightSeaGreen",
    "LightSkyBlue",
    "LightSlateGray",
    "LightSteelBlue",
    "LightYellow",
    "Lime",
    "LimeGreen",
    "Linen",
    "Magenta",
    "Maroon",
    "MediumAquaMarine",
    "MediumBlue",
    "MediumOrchid",
    "MediumPurple",
    "MediumSeaGreen",
    "MediumSlateBlue",
    "MediumSpringGreen",
    "MediumTurquoise",
    "MediumVioletRed",
    "MidnightBlue",
    "MintCream",
    "MistyRose",
    "Moccasin",
    "NavajoWhite",
    "Navy",
    "OldLace",
    "Olive",
    "OliveDrab",
    "Orange",
    "OrangeRed",
    "Orchid",
    "PaleGoldenRod",
    "PaleGreen",
    "PaleTurquoise",
    "PaleVioletRed",
    "PapayaWhip",
    "PeachPuff",
    "Peru",
    "Pink",
    "Plum",
    "PowderBlue",
    "Purple",
    "Red",
    "RosyBrown",
    "RoyalBlue",
    "SaddleBrown",
    "Salmon",
    "SandyBrown",
    "SeaGreen",
    "SeaShell",
    "Sienna",
    "Silver",
    "SkyBlue",
    "SlateBlue",
    "SlateGray",
    "Snow",
    "SpringGreen",
    "SteelBlue",
    "Tan",
    "Teal",
    "Thistle",
    "Tomato",
    "Turquoise",
    "Violet",
    "Wheat",
    "White",
    "WhiteSmoke",
    "Yellow",
    "YellowGreen",
];

/// A colour ffmpeg knows by name (white), or #RRGGBB / #RRGGBBAA, as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Colour(String);

impl Colour {
    /// The background transparent frames are composited onto by default.
    pub fn white() -> Colour {
        Colour("white".to_string())
    }

    /// Checks `text`, given to `option` (`--pad`); a usage error names both.
    pub fn parse(text: &str, option: &str) -> Result<Colour, Failure> {
        if is_colour(text) {
            Ok(Colour(text.to_string()))
        } else {
            Err(Failure::usage(format!("{option} {text:?} is not a colour"))
                .hint("give a name such as white or black, or #RRGGBB"))
        }
    }
}

/// As ffmpeg's filters take it.
impl std::fmt::Display for Colour {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_colour(colour: &str) -> bool {
    let hex = colour
        .strip_prefix('#')
        .or_else(|| colour.strip_prefix("0x"));
    let valid = match hex {
        Some(digits) => {
            matches!(digits.len(), 6 | 8) && digits.chars().all(|c| c.is_ascii_hexdigit())
        }
        None => COLOUR_NAMES
            .iter()
            .any(|name| name.eq_ignore_ascii_case(colour)),
    };
    valid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_colours_are_ffmpegs_names_or_hex() {
        for good in ["white", "AliceBlue", "aliceblue", "#FFFFFF", "0x11223344"] {
            assert!(Colour::parse(good, "--pad").is_ok(), "{good}");
        }
        for bad in ["notacolour", "white;rm", "#FFF", ""] {
            assert!(Colour::parse(bad, "--pad").is_err(), "{bad}");
        }
        let failure = Colour::parse("mauve-ish", "--pad").unwrap_err();
        assert_eq!(failure.title, "--pad \"mauve-ish\" is not a colour");
    }
}
