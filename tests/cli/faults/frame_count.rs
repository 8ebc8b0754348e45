//! A wrong frame count names the frame to blame, or says that none is. Real files that make
//! ffmpeg's image stream lose or add a picture are fed one image a file now, so the fault is
//! injected: a stand-in ffmpeg that drops or repeats one picture where the frames arrive as
//! an image stream (the encode, and framekit's decode of them as the encode fed them), while
//! one file a packet (framekit's Matroska decode) stays exact.

use super::*;

/// Which runs of the stand-in change the pictures.
enum Where {
    /// Those fed the frames as an image stream (`image2pipe`).
    ImageStreams,
    /// The encode only: not framekit's decodes to checksums (`framecrc`).
    Encode,
}

/// A stand-in that runs the real ffmpeg, with `filter` put first in its video filter (or
/// given as one, before the output) in the runs `place` says.
fn filtering_ffmpeg(dir: &Path, folder: &str, place: Where, filter: &str) -> String {
    let real = real_ffmpeg();
    let unchanged = match place {
        Where::ImageStreams => format!("*\" image2pipe \"*) ;;\n  *) exec '{real}' \"$@\";;"),
        Where::Encode => format!("*\" framecrc \"*|*\" -version \"*) exec '{real}' \"$@\";;"),
    };
    let script = format!(
        r#"#!/bin/sh
case " $* " in
  {unchanged}
esac
filter='{filter}'
n=$#; i=0; given=; previous=
for a; do
  i=$((i+1))
  b=$a
  if [ "$previous" = -vf ]; then b="$filter,$a"; given=1; fi
  if [ $i -eq $n ] && [ -z "$given" ]; then set -- "$@" -vf "$filter"; fi
  set -- "$@" "$b"
  previous=$a
  shift
done
exec '{real}' "$@"
"#
    );
    fake_ffmpeg(dir, folder, &script).display().to_string()
}

/// Drops the picture numbered `n` (from 0), the rest renumbered so no rate fills the gap.
fn dropping(n: u32) -> String {
    format!("select=not(eq(n\\,{n})),setpts=N/FRAME_RATE/TB")
}

#[test]
fn a_frame_the_image_stream_drops_is_named_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 8, 48, 16);
    let fake = filtering_ffmpeg(dir.path(), "drops", Where::ImageStreams, &dropping(4));
    let said = fails(
        dir.path(),
        &["stitch", "frames", "-o", "out.mp4", "--ffmpeg", &fake],
        1,
        &[
            "has 7 frame(s), but 8 were given",
            "frame 5 of 8, frames/frame_004.png, gave no picture of its own",
            "nothing was written",
        ],
    );
    assert_message!("stream_drops_a_frame", said);
}

#[test]
fn a_frame_the_image_stream_gives_twice_is_named() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 6, 48, 16);
    // loop's start=2 repeats the picture numbered 1 (the second) in every ffmpeg from 4.2
    // to 9.0.
    let repeat = "loop=loop=1:size=1:start=2,setpts=N/FRAME_RATE/TB";
    let fake = filtering_ffmpeg(dir.path(), "repeats", Where::ImageStreams, repeat);
    let said = fails(
        dir.path(),
        &["stitch", "frames", "-o", "out.mp4", "--ffmpeg", &fake],
        1,
        &[
            "has 7 frame(s), but 6 were given",
            "frame 2 of 6, frames/frame_001.png, became two pictures",
            "nothing was written",
        ],
    );
    assert_message!("stream_repeats_a_frame", said);
}

#[test]
fn a_frame_of_a_list_is_named_with_its_place_in_the_list() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 6, 48, 16);
    let list = dir.path().join("list.txt");
    // Out of order, and one file twice: only its place tells which one is meant.
    let order = [5, 1, 1, 3, 0, 2];
    let lines: Vec<String> = (order.iter())
        .map(|i| format!("frames/frame_{i:03}.png\n"))
        .collect();
    fs::write(&list, lines.concat()).unwrap();
    let fake = filtering_ffmpeg(dir.path(), "drops", Where::ImageStreams, &dropping(2));
    let said = command_fails(
        framekit(dir.path())
            .args(["stitch", "-", "-o", "out.mp4", "--ffmpeg", &fake])
            .stdin(fs::File::open(&list).unwrap()),
        dir.path(),
        1,
        &[
            "frame 3 of 6, frames/frame_001.png (frame 3 of the list), gave no picture",
            "nothing was written",
        ],
    );
    assert_message!("stream_drops_a_listed_frame", said);
}

#[test]
fn a_count_the_encoder_changed_blames_no_frame() {
    let dir = tempfile::tempdir().unwrap();
    write_frames(dir.path(), 8, 48, 16);
    let fake = filtering_ffmpeg(dir.path(), "encoder", Where::Encode, &dropping(4));
    let said = fails(
        dir.path(),
        &["stitch", "frames", "-o", "out.mp4", "--ffmpeg", &fake],
        1,
        &[
            "has 7 frame(s), but 8 were given",
            "every frame decodes to exactly one picture, so ffmpeg's encoder lost or \
             duplicated frames",
            "no frame is to blame",
            "nothing was written",
        ],
    );
    assert!(!said.contains("frame_"), "no frame is named: {said}");
    assert_message!("encoder_drops_a_frame", said);
    // The same with times of their own, where the encode is fed one file a packet too.
    fs::write(
        dir.path().join("durations.csv"),
        "file,seconds\nframe_000.png,0.5\n",
    )
    .unwrap();
    let said = fails(
        dir.path(),
        &[
            "stitch",
            "frames",
            "-o",
            "out.mkv",
            "--durations",
            "durations.csv",
            "--ffmpeg",
            &fake,
        ],
        1,
        &["has 7 frame(s), but 8 were given", "no frame is to blame"],
    );
    assert!(!said.contains("frame_"), "no frame is named: {said}");
}
