//! Where the label goes: its box at the corner or edge `--label-at` names, half its height
//! in from the edges, and every pixel outside it as the unlabelled frame has it.

use super::*;

/// The rectangle the label's box must start at for each position: (x0 or None for centred,
/// y0), and whether its right edge is at the margin.
fn expected_edges(at: &str) -> (Option<u32>, u32, bool) {
    let bottom = HEIGHT - MARGIN - LABEL;
    match at {
        "top-left" => (Some(MARGIN), MARGIN, false),
        "top" => (None, MARGIN, false),
        "top-right" => (None, MARGIN, true),
        "bottom-left" => (Some(MARGIN), bottom, false),
        "bottom" => (None, bottom, false),
        "bottom-right" => (None, bottom, true),
        other => panic!("{other}"),
    }
}

#[test]
fn the_box_is_where_label_at_says_and_nothing_else_changes() {
    let dir = tempfile::tempdir().unwrap();
    flat_frames(dir.path(), 2);
    // APNG keeps every pixel: any change outside the box would show.
    framekit_ok(dir.path(), &["stitch", "frames", "-o", "plain.apng"]);
    let plain = decoded_frames(&dir.path().join("plain.apng"), WIDTH, HEIGHT);
    for at in [
        "top-left",
        "top",
        "top-right",
        "bottom-left",
        "bottom",
        "bottom-right",
    ] {
        let output = format!("{at}.apng");
        framekit_ok(
            dir.path(),
            &[
                "stitch",
                "frames",
                "-o",
                &output,
                "--label",
                "{name}",
                "--label-at",
                at,
            ],
        );
        let labelled = decoded_frames(&dir.path().join(&output), WIDTH, HEIGHT);
        assert_eq!(labelled.len(), 2, "{at}");
        let (x0, y0, x1, y1) = changed(&plain[0], &labelled[0], WIDTH, 0)
            .unwrap_or_else(|| panic!("{at}: no label drawn"));
        let (left, top, at_right) = expected_edges(at);
        assert_eq!((y0, y1), (top, top + LABEL), "{at}: rows {y0}..{y1}");
        match left {
            Some(left) => assert_eq!(x0, left, "{at}"),
            None if at_right => assert_eq!(x1, WIDTH - MARGIN, "{at}"),
            // Centred: as much room on either side, give or take a pixel.
            None => assert!(
                (x0 as i64 - (WIDTH - x1) as i64).abs() <= 1,
                "{at}: {x0}..{x1}"
            ),
        }
        // "f_000.png" is wider than a few characters, narrower than the frame.
        assert!(
            x1 - x0 > 40 && x1 - x0 < WIDTH - 2 * MARGIN,
            "{at}: {x0}..{x1}"
        );
        // The box's corner is the dark box over the frame; inside, white text.
        assert!(is_box(pixel(&labelled[0], WIDTH, x0, y0), 2), "{at}");
        let brightest = crop(&labelled[0], WIDTH, (x0, y0, x1, y1))
            .chunks(3)
            .map(|p| p.iter().map(|&v| u32::from(v)).sum::<u32>())
            .max()
            .unwrap();
        assert!(brightest > 3 * 230, "{at}: no white text ({brightest})");
    }
}

#[test]
fn the_label_grows_with_the_frame() {
    let dir = tempfile::tempdir().unwrap();
    flat_frames_sized(dir.path(), 2, 640, 720);
    framekit_ok(dir.path(), &["stitch", "frames", "-o", "plain.apng"]);
    framekit_ok(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "big.apng",
            "--label",
            "{index}",
            "--label-at",
            "top-left",
        ],
    );
    let plain = decoded_frames(&dir.path().join("plain.apng"), 640, 720);
    let big = decoded_frames(&dir.path().join("big.apng"), 640, 720);
    let (x0, y0, _, y1) = changed(&plain[0], &big[0], 640, 0).unwrap();
    // 720 / 20: a 36-pixel box, 18 in from the edges.
    assert_eq!((x0, y0, y1), (18, 18, 18 + 36));
}
