//! `--label-at`: where on the frame the label goes, as overlay's x and y expressions.

use clap::ValueEnum;

/// A corner, or the middle of the top or bottom edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LabelAt {
    TopLeft,
    Top,
    TopRight,
    BottomLeft,
    Bottom,
    BottomRight,
}

/// Left, centre or right: where a label narrower than its track's images sits in them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

impl LabelAt {
    pub fn align(self) -> Align {
        match self {
            LabelAt::TopLeft | LabelAt::BottomLeft => Align::Left,
            LabelAt::Top | LabelAt::Bottom => Align::Centre,
            LabelAt::TopRight | LabelAt::BottomRight => Align::Right,
        }
    }

    fn at_top(self) -> bool {
        matches!(self, LabelAt::TopLeft | LabelAt::Top | LabelAt::TopRight)
    }

    /// overlay's `x` and `y` (W, H: the frame; w, h: the label), `margin` pixels in from
    /// the edges.
    pub fn overlay_xy(self, margin: u32) -> (String, String) {
        let x = match self.align() {
            Align::Left => margin.to_string(),
            Align::Centre => "(W-w)/2".to_string(),
            Align::Right => format!("W-w-{margin}"),
        };
        let y = match self.at_top() {
            true => margin.to_string(),
            false => format!("H-h-{margin}"),
        };
        (x, y)
    }
}
