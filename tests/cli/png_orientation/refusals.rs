//! Where every frame must pass through one ffmpeg process, framekit cannot turn PNGs run by
//! run: refused before any work, naming the frame and the fix. The dry run shows the turns.

use super::{oriented, stored_png, write, Source};
use crate::support::paths::native;
use crate::support::run::{fails, framekit_ok};

fn frames_with_one_turned(dir: &std::path::Path) {
    let frames = dir.join("frames");
    let stored = stored_png(64, 32);
    write(&frames, "a.png", &stored);
    write(
        &frames,
        "b.png",
        &oriented(&stored, Source::Xmp { element: false }, 3),
    );
    write(&frames, "c.png", &stored);
}

#[test]
fn turned_pngs_that_must_pass_one_process_are_refused_naming_the_frame() {
    let dir = tempfile::tempdir().unwrap();
    frames_with_one_turned(dir.path());
    for extra in [
        &["--hold-last", "1"][..],
        &["--lossless"],
        &["--", "-vf", "hue=s=0"],
    ] {
        let output = if extra[0] == "--lossless" {
            "out.mkv"
        } else {
            "out.mp4"
        };
        let args = [&["stitch", "frames", "-o", output][..], extra].concat();
        fails(
            dir.path(),
            &args,
            2,
            &[
                &native("frames/b.png is turned by its orientation (eXIf or XMP)"),
                "exif_transpose",
            ],
        );
    }
}

#[test]
fn the_dry_run_shows_each_run_turned_by_its_own_decoder() {
    let dir = tempfile::tempdir().unwrap();
    frames_with_one_turned(dir.path());
    let output = framekit_ok(
        dir.path(),
        &["stitch", "frames", "-o", "out.mp4", "--dry-run"],
    );
    let line = String::from_utf8_lossy(&output.stdout);
    let said = String::from_utf8_lossy(&output.stderr);
    if cfg!(windows) {
        assert!(
            said.contains("framekit turns PNGs by their orientation"),
            "{said}"
        );
    } else {
        // Three runs: as stored, half a turn, as stored; no ffmpeg turns them a second time.
        assert_eq!(line.matches("-noautorotate").count(), 3, "{line}");
        assert_eq!(line.matches("hflip,vflip").count(), 1, "{line}");
        assert!(said.contains("the commands printed turn them"), "{said}");
    }
    assert!(!dir.path().join("out.mp4").exists());
}
