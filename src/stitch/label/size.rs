//! How big a label is drawn for a frame size, and how far in from the edges: the one rule
//! the label images (`track`) and the overlay (`plan::label_overlay`) share.

/// The label box's height: 1/20 of the frame's height (54 px on 1080p, 24 px on 480p),
/// at least 12 px so that it stays legible, at most the frame's height.
pub fn label_height(frame_height: u32) -> u32 {
    (frame_height.saturating_add(10) / 20)
        .max(12)
        .min(frame_height.max(1))
}

/// The space between the label and the frame's edges: half the label's height, less on
/// frames too small for it.
pub fn margin(frame_height: u32) -> u32 {
    let height = label_height(frame_height);
    (height / 2).min(frame_height.saturating_sub(height) / 2)
}

/// The widest a label may be: the frame's width less the margins.
pub fn max_width(frame_width: u32, frame_height: u32) -> u32 {
    frame_width.saturating_sub(2 * margin(frame_height)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_frame_height_within_limits() {
        assert_eq!(label_height(1080), 54);
        assert_eq!(label_height(480), 24);
        assert_eq!(label_height(100), 12);
        assert_eq!(label_height(8), 8);
        assert_eq!(margin(1080), 27);
        assert_eq!(margin(14), 1);
        assert!(max_width(320, 240) < 320);
    }
}
