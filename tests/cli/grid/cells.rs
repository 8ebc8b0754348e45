//! Where each folder's frames land: one row by default, `--grid` layouts, panels of
//! different shapes fitted without distortion, and every other option applied to the result.

use super::*;

#[test]
fn two_folders_side_by_side_keep_their_shapes_in_one_row() {
    let dir = tempfile::tempdir().unwrap();
    // A square beside a wide one: the common cell is 192x96; the square is fitted at its
    // own size in the middle of its cell, black either side, never stretched.
    folder(dir.path(), "square", 3, 0, (96, 96));
    folder(dir.path(), "wide", 3, 10, (192, 96));
    let args = [
        "stitch",
        "square",
        "wide",
        "--no-titles",
        "-o",
        "c.mp4",
        "--json",
    ];
    let said = framekit_ok(dir.path(), &args);
    let report: serde_json::Value = serde_json::from_slice(&said.stdout).unwrap();
    assert_eq!(
        (report["width"].clone(), report["height"].clone()),
        (384.into(), 96.into())
    );
    assert_eq!(report["frames"], 3);
    let square = Place {
        x: 48,
        y: 0,
        width: 96,
        height: 96,
    };
    let wide = Place {
        x: 192,
        y: 0,
        width: 192,
        height: 96,
    };
    let video = dir.path().join("c.mp4");
    assert_eq!(
        indices_in(&video, (384, 96), &[square, wide]),
        [[0, 10], [1, 11], [2, 12]]
    );
    // The letterbox either side of the square is black: nothing of it was stretched there.
    let frames = gray(&video);
    for side in [0, 148] {
        let bars = Place {
            x: side,
            y: 0,
            width: 44,
            height: 96,
        };
        assert!(
            brightest(&frames[..384 * 96], 384, bars) < 40,
            "letterbox at x={side}"
        );
    }
}

#[test]
fn a_grid_places_folders_left_to_right_then_top_to_bottom_in_a_gif() {
    let dir = tempfile::tempdir().unwrap();
    for (k, name) in ["a", "b", "c"].iter().enumerate() {
        folder(dir.path(), name, 2, 100 * k as u32, (96, 48));
    }
    let args = [
        "stitch",
        "a",
        "b",
        "c",
        "--grid",
        "2x2",
        "--no-titles",
        "--fps",
        "10",
    ];
    framekit_ok(dir.path(), &[&args[..], &["-o", "g.gif"]].concat());
    let gif = dir.path().join("g.gif");
    let place = |x, y| Place {
        x,
        y,
        width: 96,
        height: 48,
    };
    let places = [place(0, 0), place(96, 0), place(0, 48)];
    let expected = [[0, 100, 200], [1, 101, 201]];
    assert_eq!(indices_in(&gif, (192, 96), &places), expected, "ffmpeg");
    assert_eq!(animation_indices_in(&gif, &places), expected, "image crate");
    // The fourth cell has no folder: black.
    let shown = animation_frames(&gif);
    assert!(shown.iter().all(|f| f.delay.as_millis() == 100));
    let empty = (96..192).flat_map(|x| (48..96).map(move |y| (x, y)));
    assert!(empty
        .map(|(x, y)| shown[1].image.get_pixel(x, y).0)
        .all(|[r, g, b, _]| r < 30 && g < 30 && b < 30));
}

#[test]
fn other_options_apply_to_the_composed_frames() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path(), "a", 3, 0, (96, 32));
    folder(dir.path(), "b", 3, 50, (96, 32));
    // --bounce and --width apply to the result: 192 wide becomes 96 (cells of 48x16).
    let args = ["stitch", "a", "b", "--no-titles", "--bounce", "-o", "w.mkv"];
    framekit_ok(dir.path(), &[&args[..], &["--width", "384"]].concat());
    let place = |x| Place {
        x,
        y: 0,
        width: 192,
        height: 64,
    };
    assert_eq!(
        indices_in(
            &dir.path().join("w.mkv"),
            (384, 64),
            &[place(0), place(192)]
        ),
        [[0, 50], [1, 51], [2, 52], [1, 51], [0, 50]]
    );
}

#[test]
fn a_label_of_the_index_goes_on_the_composed_frames_and_names_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path(), "a", 2, 0, (96, 32));
    folder(dir.path(), "b", 2, 40, (96, 32));
    let base = ["stitch", "a", "b", "--no-titles"];
    framekit_ok(dir.path(), &[&base[..], &["-o", "plain.mp4"]].concat());
    let labelled = [
        "--label",
        "{index}",
        "--label-at",
        "bottom-right",
        "-o",
        "l.mp4",
    ];
    framekit_ok(dir.path(), &[&base[..], &labelled[..]].concat());
    // The panels' indices still read in their cells (the label sits bottom right, over
    // the noise half of panel b)...
    let places = [
        Place {
            x: 0,
            y: 0,
            width: 96,
            height: 32,
        },
        Place {
            x: 96,
            y: 0,
            width: 96,
            height: 32,
        },
    ];
    let video = dir.path().join("l.mp4");
    assert_eq!(indices_in(&video, (192, 32), &places), [[0, 40], [1, 41]]);
    // ...and the label changed the bottom-right corner of the composed frame, not panel a.
    let (labelled, plain) = (gray(&video), gray(&dir.path().join("plain.mp4")));
    let differs = |x0: u32, y0: u32, w: u32, h: u32| {
        let pixels = (y0..y0 + h).flat_map(|y| (x0..x0 + w).map(move |x| (y * 192 + x) as usize));
        pixels
            .map(|i| labelled[i].abs_diff(plain[i]) as u32)
            .sum::<u32>()
            / (w * h)
    };
    assert!(
        differs(192 - 24, 32 - 14, 20, 10) > 20,
        "no label at the bottom right"
    );
    assert!(differs(0, 0, 96, 16) < 4, "panel a's bars changed");
    let refused = ["stitch", "a", "b", "--label", "{name}", "-o", "n.mp4"];
    fails(
        dir.path(),
        &refused,
        2,
        &["{name} does not exist for folders side by side"],
    );
}
