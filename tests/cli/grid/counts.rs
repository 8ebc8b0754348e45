//! Folders of different frame counts: refused naming each count, unless `--uneven` says
//! to hold the shorter folder's last frame or to end with the shortest.

use super::*;

fn two_lengths(dir: &Path) {
    folder(dir, "long", 3, 0, (96, 32));
    folder(dir, "short", 2, 20, (96, 32));
}

const PLACES: [Place; 2] = [
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

#[test]
fn different_counts_are_refused_naming_each_folder_and_its_count() {
    let dir = tempfile::tempdir().unwrap();
    two_lengths(dir.path());
    let args = ["stitch", "long", "short", "-o", "u.mp4"];
    fails(
        dir.path(),
        &args,
        2,
        &[
            "different numbers of frames",
            "long: 3 frames",
            "short: 2 frames",
            "--uneven hold",
        ],
    );
}

#[test]
fn uneven_hold_shows_the_shorter_folders_last_frame_to_the_end() {
    let dir = tempfile::tempdir().unwrap();
    two_lengths(dir.path());
    let args = [
        "stitch",
        "long",
        "short",
        "--no-titles",
        "--uneven",
        "hold",
        "-o",
        "h.mp4",
    ];
    framekit_ok(dir.path(), &args);
    let video = dir.path().join("h.mp4");
    assert_eq!(
        indices_in(&video, (192, 32), &PLACES),
        [[0, 20], [1, 21], [2, 21]]
    );
}

#[test]
fn uneven_shortest_ends_with_the_shortest_folder() {
    let dir = tempfile::tempdir().unwrap();
    two_lengths(dir.path());
    let args = [
        "stitch",
        "long",
        "short",
        "--no-titles",
        "--uneven",
        "shortest",
        "-o",
        "s.gif",
    ];
    framekit_ok(dir.path(), &args);
    let gif = dir.path().join("s.gif");
    assert_eq!(animation_indices_in(&gif, &PLACES), [[0, 20], [1, 21]]);
}
