//! The direct route: frames piped into one ffmpeg as they arrive. Shown to be taken (the
//! video is being written while the producer still holds frames back), to make the very
//! video the spool route makes of the same frames (decoded: every frame, in order, colours,
//! alpha composited), and to stop mid-stream with nothing written and no ffmpeg left.

use std::io::Write;
use std::process::{Child, ChildStdin, Stdio};
use std::time::{Duration, Instant};

use super::*;
use crate::support::video::{count_frames, indices, rgb};

/// Even sides: `--pad white` (which keeps the spool) then pads nothing.
const W: u32 = 160;
const H: u32 = 80;

/// Frame `index` in a raw layout, from its RGB pixels.
fn raw_frame(index: u32, pixfmt: &str) -> Vec<u8> {
    let pixels = frame_pixels(index, W, H);
    let pixel = |n: usize, p: &[u8]| -> Vec<u8> {
        match pixfmt {
            "rgb24" => p.to_vec(),
            // Alpha from opaque to clear across the frame: compositing has work to do.
            "rgba" => vec![p[0], p[1], p[2], (n % W as usize * 255 / W as usize) as u8],
            "gray16le" => (u16::from(p[0]) * 256 + (n % 7) as u16)
                .to_le_bytes()
                .to_vec(),
            other => panic!("{other}"),
        }
    };
    pixels
        .chunks(3)
        .enumerate()
        .flat_map(|(n, p)| pixel(n, p))
        .collect()
}

/// Whether an ffmpeg is running whose command line names `dir` (the output is given
/// by its absolute path, so ffmpeg's temporary output is too).
fn ffmpeg_in(dir: &Path) -> bool {
    let wanted = dir.to_string_lossy().into_owned();
    fs::read_dir("/proc").unwrap().flatten().any(|entry| {
        let line = fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let args: Vec<_> = line
            .split(|&b| b == 0)
            .map(String::from_utf8_lossy)
            .collect();
        // The program, or what a loader runs (Debian 11's ffmpeg in CI runs through its
        // root's ld.so: `ld.so --library-path ... /.../ffmpeg ARGS`).
        let ffmpeg = args.iter().take(4).any(|arg| arg.ends_with("ffmpeg"));
        ffmpeg && args.iter().any(|arg| arg.contains(&wanted))
    })
}

/// Waits until ffmpeg encodes into `dir`, the stream still open: on the spool route none
/// starts before the stream ends.
fn wait_for_ffmpeg(dir: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !ffmpeg_in(dir) {
        assert!(
            Instant::now() < deadline,
            "no ffmpeg started while frames came"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// `dir/name` as an argument.
fn absolute(dir: &Path, name: &str) -> String {
    dir.join(name).to_string_lossy().into_owned()
}

/// Starts `framekit ARGS` in `dir`, its stdin ours to write.
fn start(dir: &Path, args: &[&str]) -> (Child, ChildStdin) {
    let mut child = framekit(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    (child, stdin)
}

/// Writes `first`, waits until ffmpeg is encoding (the stream still open), then
/// writes `rest` and waits for framekit. A spool would deadlock here: its encode starts
/// only when the stream ends.
fn encode_while_streaming(dir: &Path, args: &[&str], first: &[u8], rest: &[u8]) -> Output {
    let (child, mut stdin) = start(dir, args);
    stdin.write_all(first).unwrap();
    stdin.flush().unwrap();
    wait_for_ffmpeg(dir);
    stdin.write_all(rest).unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    output
}

#[test]
fn raw_and_png_frames_are_encoded_while_the_stream_is_still_open() {
    let dir = tempfile::tempdir().unwrap();
    let raw = format!("{W}x{H}");
    let frames: Vec<Vec<u8>> = (0..60).map(|i| raw_frame(i, "rgb24")).collect();
    let out = absolute(dir.path(), "raw.mp4");
    let args = ["stitch", "--raw", &raw, "-o", &out];
    encode_while_streaming(
        dir.path(),
        &args,
        &frames[..50].concat(),
        &frames[50..].concat(),
    );
    let video = dir.path().join("raw.mp4");
    assert_eq!(indices(&video, W, H), (0..60).collect::<Vec<_>>());

    let frames: Vec<Vec<u8>> = (0..60).map(|i| png(i, W, H)).collect();
    let out = absolute(dir.path(), "png.mp4");
    let args = ["stitch", "--stdin-frames", "-o", &out];
    encode_while_streaming(
        dir.path(),
        &args,
        &frames[..50].concat(),
        &frames[50..].concat(),
    );
    let video = dir.path().join("png.mp4");
    assert_eq!(indices(&video, W, H), (0..60).collect::<Vec<_>>());
}

/// Encodes `input` into NAME.mp4 directly and into NAME-spool.mp4 through the spool
/// (`--pad white`, which pads nothing here), and gives both decoded.
fn both_routes(dir: &Path, name: &str, stream_args: &[&str], input: &[u8]) -> [Vec<u8>; 2] {
    let direct = format!("{name}.mp4");
    let spooled = format!("{name}-spool.mp4");
    let mut args = vec!["stitch"];
    args.extend(stream_args);
    let mut direct_args = args.clone();
    direct_args.extend(["-o", &direct]);
    ok_with_stdin(dir, &direct_args, input);
    args.extend(["--pad", "white", "-o", &spooled]);
    ok_with_stdin(dir, &args, input);
    [rgb(&dir.join(direct)), rgb(&dir.join(spooled))]
}

#[test]
fn the_direct_route_makes_the_spool_routes_video() {
    let dir = tempfile::tempdir().unwrap();
    let raw_format = |pixfmt: &str| format!("{W}x{H}:{pixfmt}");
    for pixfmt in ["rgb24", "rgba", "gray16le"] {
        let input = stream(8, |i| raw_frame(i, pixfmt));
        let raw = raw_format(pixfmt);
        let [direct, spooled] = both_routes(dir.path(), pixfmt, &["--raw", &raw], &input);
        assert_eq!(direct.len(), (W * H * 3 * 8) as usize, "{pixfmt}: 8 frames");
        assert!(direct == spooled, "{pixfmt}: the same pixels both ways");
        let video = dir.path().join(format!("{pixfmt}.mp4"));
        if pixfmt != "rgba" {
            assert_eq!(
                indices(&video, W, H),
                (0..8).collect::<Vec<_>>(),
                "{pixfmt}"
            );
        }
    }
    // PNG frames, the third with alpha (PIL's RGBA) among opaque ones: composited alike,
    // and said of that frame by its place, as the spool route says it.
    let input = stream(6, |i| match i {
        2 => transparent_png(i, W, H),
        _ => png(i, W, H),
    });
    let [direct, spooled] = both_routes(dir.path(), "png", &["--stdin-frames"], &input);
    assert!(direct == spooled, "PNG: the same pixels both ways");
    let output = ok_with_stdin(
        dir.path(),
        &["stitch", "--stdin-frames", "-o", "said.mp4"],
        &input,
    );
    let said = stderr(&output);
    assert!(
        said.contains("frame 3 of standard input has transparent pixels"),
        "{said}"
    );
    assert_eq!(count_frames(&dir.path().join("said.mp4")), 6);
}

/// Starts a direct encode of 10 good frames then `bad`, and checks the failure: exit 1,
/// `words` said, nothing written, no ffmpeg left.
fn fails_mid_stream(args: &[&str], good: Vec<u8>, bad: &[u8], words: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out = absolute(dir.path(), "out.mp4");
    let args = [args, &["-o", &out]].concat();
    let (child, mut stdin) = start(dir.path(), &args);
    stdin.write_all(&good).unwrap();
    stdin.flush().unwrap();
    // ffmpeg is at work on the good frames before the bad one comes.
    wait_for_ffmpeg(dir.path());
    let _ = stdin.write_all(bad);
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    for word in words {
        assert!(said.contains(word), "{word:?} missing from: {said}");
    }
    assert!(said.contains("nothing was written"), "{said}");
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    assert!(!ffmpeg_in(dir.path()), "an ffmpeg was left running");
}

#[test]
fn a_partial_raw_frame_garbage_or_another_size_stops_the_encode_with_nothing_written() {
    let raw = format!("{W}x{H}");
    let good = stream(50, |i| raw_frame(i, "rgb24"));
    let frame = (W * H * 3) as usize;
    let at = (50 * frame).to_string();
    fails_mid_stream(
        &["stitch", "--raw", &raw],
        good,
        &raw_frame(50, "rgb24")[..frame / 2],
        &["inside frame 51", &at],
    );
    let good = stream(50, |i| png(i, W, H));
    let at = format!("frame 51 at byte {} of standard input", good.len());
    fails_mid_stream(
        &["stitch", "--stdin-frames"],
        good.clone(),
        b"Traceback (most recent call last):\n",
        &[&at, "is not a PNG, JPEG or PNM image"],
    );
    let size = format!("{}x{H}, expected {W}x{H} (as frame 1)", W + 2);
    fails_mid_stream(
        &["stitch", "--stdin-frames"],
        good,
        &png(50, W + 2, H),
        &[&at, &size],
    );
}

#[test]
fn a_dry_run_prints_the_one_ffmpeg_command_framekit_feeds() {
    let dir = tempfile::tempdir().unwrap();
    let raw = format!("{W}x{H}:rgba");
    let input = stream(3, |i| raw_frame(i, "rgba"));
    let output = ok_with_stdin(
        dir.path(),
        &["stitch", "--raw", &raw, "-o", "d.mp4", "--dry-run"],
        &input,
    );
    let line = String::from_utf8_lossy(&output.stdout).into_owned();
    let input_args = format!("-f rawvideo -pix_fmt rgba -s {W}x{H} -framerate 25 -i pipe:0");
    assert!(line.starts_with("ffmpeg "), "one command, no cat: {line}");
    assert!(line.contains(&input_args), "{line}");
    assert!(
        stderr(&output).contains("as they come"),
        "{}",
        stderr(&output)
    );
    assert!(names(dir.path()).is_empty());
}
