//! The ffmpeg arguments of each mode, range, stretch and output option.

use super::*;
use crate::ffmpeg::capabilities::Version;

/// Debian 12's ffmpeg, and Debian 11's.
static NEW: std::sync::LazyLock<Capabilities> =
    std::sync::LazyLock::new(|| Capabilities::known(Version::Known(5, 1)));
static OLD: std::sync::LazyLock<Capabilities> =
    std::sync::LazyLock::new(|| Capabilities::known(Version::Known(4, 3)));

const PASS: Reading<'static> = Reading::Pass {
    count_rate: None,
    exact_seek: true,
    skip_frames: true,
};

fn writing(timestamps: Option<&str>) -> Writing<'_> {
    Writing {
        pattern: OsStr::new("out/img_%05d.png"),
        start_number: 1,
        timestamps_file: timestamps,
        overwrite: false,
        report_progress: false,
        ffmpeg: &NEW,
        one_thread: false,
        to_stdout: false,
    }
}

fn text(args: Vec<OsString>) -> String {
    args.iter()
        .map(|a| a.to_str().unwrap())
        .collect::<Vec<_>>()
        .join(" ")
}

fn args(options: &SplitOptions, video: &str, timestamps: Option<&str>) -> String {
    text(ffmpeg_args(
        options,
        Path::new(video),
        PASS,
        writing(timestamps),
    ))
}

#[test]
fn classic_split_passes_every_frame_through() {
    assert_eq!(
        args(&SplitOptions::default(), "movie.mp4", None),
        "-hide_banner -nostdin -loglevel error -xerror -i movie.mp4 -map 0:V:0 \
         -fps_mode passthrough -c:v png -f image2 -start_number 1 -n out/img_%05d.png"
    );
    let damaged = SplitOptions {
        allow_damaged: true,
        ..Default::default()
    };
    assert!(!args(&damaged, "movie.mp4", None).contains("-xerror"));
}

#[test]
fn old_ffmpeg_gets_vsync() {
    let writing = Writing {
        pattern: OsStr::new("a%05d.png"),
        start_number: 1,
        timestamps_file: None,
        overwrite: true,
        report_progress: true,
        ffmpeg: &OLD,
        one_thread: false,
        to_stdout: false,
    };
    let text = text(ffmpeg_args(
        &SplitOptions::default(),
        Path::new("v.mp4"),
        PASS,
        writing,
    ));
    assert!(text.contains("-vsync passthrough"));
    assert!(text.contains("-progress pipe:1 -nostats"));
    assert!(text.ends_with("-y a%05d.png"));
}

#[test]
fn timestamps_are_printed_on_every_ffmpeg() {
    let with_times = |ffmpeg| {
        let writing = Writing {
            timestamps_file: Some("t.txt"),
            ffmpeg,
            ..writing(None)
        };
        text(ffmpeg_args(
            &SplitOptions::default(),
            Path::new("v.mp4"),
            PASS,
            writing,
        ))
    };
    assert!(with_times(&NEW).contains(
        "-vf settb=AVTB,metadata=mode=add:key=framekit:value=1,metadata=mode=print:file=t.txt"
    ));
    assert!(with_times(&OLD).contains("metadata=mode=add"));
    let oldest = Capabilities::known(Version::Known(4, 2));
    assert!(with_times(&oldest).contains(
        "-vf settb=AVTB,split[frames][times];[times]scale=8:8,signalstats,\
         metadata=mode=print:file=t.txt,nullsink;[frames]null"
    ));
}

#[test]
fn options_become_seeks_and_filters() {
    let o = SplitOptions {
        start: Some("1:30".parse().unwrap()),
        end: Some("100.5".parse().unwrap()),
        sampling: Sampling::Every(3),
        format: ImageFormat::Jpg,
        width: Some(224),
        ..Default::default()
    };
    let text = args(&o, "-clip.mp4", Some("times.txt"));
    assert!(
        text.contains("-ss 90 -to 100.5 -i file:-clip.mp4"),
        "{text}"
    );
    assert!(
        text.contains(
            "-vf select=not(mod(n\\,3)),scale=224:-1,settb=AVTB,\
             metadata=mode=add:key=framekit:value=1,metadata=mode=print:file=times.txt"
        ),
        "{text}"
    );
    assert!(text.contains("-c:v mjpeg -q:v 2"), "{text}");
    let o = SplitOptions {
        sampling: Sampling::Fps("2".parse().unwrap()),
        fast: true,
        ..Default::default()
    };
    let text = args(&o, "v.mp4", None);
    assert!(
        text.contains(
            "-vf select=isnan(prev_t)+gt(floor(t*(2)+1e-4)\\,floor(prev_t*(2)+1e-4)) \
             -fps_mode passthrough -c:v png -compression_level 1"
        ),
        "{text}"
    );
}

#[test]
fn each_mode_has_its_pass() {
    let mode = |sampling, count_rate| {
        let o = SplitOptions {
            sampling,
            ..Default::default()
        };
        let reading = Reading::Pass {
            count_rate,
            exact_seek: true,
            skip_frames: true,
        };
        text(ffmpeg_args(&o, Path::new("v.mp4"), reading, writing(None)))
    };
    let rate = CountRate {
        count: 20,
        duration: 600_000_000,
    };
    assert!((rate.per_second() - 20.0 / 600.0).abs() < 1e-15);
    assert!(mode(Sampling::Count(20), Some(rate)).contains(
        "-vf select=isnan(prev_t)+gt(min(floor(t*(20*1000000/600000000)+1e-4)\\,19)\\,\
         min(floor(prev_t*(20*1000000/600000000)+1e-4)\\,19)) "
    ));
    assert!(mode(Sampling::Keyframes, None)
        .contains("-skip_frame nokey -i v.mp4 -map 0:V:0 -vf select=key "));
    assert!(mode(Sampling::Scene(0.3), None).contains("-vf select=eq(n\\,0)+gt(scene\\,0.3) "));
}

#[test]
fn a_range_without_exact_seeking_is_cut_by_a_filter() {
    let o = SplitOptions {
        start: Some("1.5".parse().unwrap()),
        end: Some("3".parse().unwrap()),
        ..Default::default()
    };
    let reading = Reading::Pass {
        count_rate: None,
        exact_seek: false,
        skip_frames: false,
    };
    let cut = text(ffmpeg_args(&o, Path::new("v.ts"), reading, writing(None)));
    assert!(
        cut.contains("-to 3 -i v.ts -map 0:V:0 -vf trim=start=1.5,setpts=PTS-1.5/TB "),
        "{cut}"
    );
    assert!(!cut.contains("-ss"), "{cut}");
    let keyframes = SplitOptions {
        sampling: Sampling::Keyframes,
        ..Default::default()
    };
    let all_decoded = text(ffmpeg_args(
        &keyframes,
        Path::new("v.avi"),
        reading,
        writing(None),
    ));
    assert!(
        all_decoded.contains("-i v.avi -map 0:V:0 -vf select=key "),
        "{all_decoded}"
    );
    assert!(!all_decoded.contains("-skip_frame"), "{all_decoded}");
}

#[test]
fn a_stretch_seeks_and_keeps_its_frames() {
    let stretch = Stretch {
        seek: Some(29_980_000),
        first: 750,
        frames: vec![750, 760, 800],
    };
    let o = SplitOptions {
        width: Some(320),
        ..Default::default()
    };
    let mut to = writing(Some("s000001.txt"));
    to.start_number = 7;
    to.one_thread = true;
    let seeking = text(ffmpeg_args(
        &o,
        Path::new("v.mp4"),
        Reading::Stretch(&stretch),
        to,
    ));
    assert!(
        seeking.starts_with(
            "-hide_banner -nostdin -loglevel error -xerror -threads 1 -ss 29.98 -i v.mp4 \
             -map 0:V:0 \
             -vf select=eq(n\\,0)+eq(n\\,10)+eq(n\\,50),scale=320:-1,settb=AVTB,"
        ),
        "{seeking}"
    );
    assert!(
        seeking.ends_with(
            "-frames:v 3 -fps_mode passthrough -c:v png -f image2 -start_number 7 -n \
             out/img_%05d.png"
        ),
        "{seeking}"
    );
    let single = Stretch {
        seek: None,
        first: 0,
        frames: vec![0],
    };
    let text = text(ffmpeg_args(
        &SplitOptions::default(),
        Path::new("v.mp4"),
        Reading::Stretch(&single),
        writing(None),
    ));
    assert!(
        text.contains("-i v.mp4 -map 0:V:0 -frames:v 1 -fps_mode"),
        "{text}"
    );
    assert_eq!(seconds_arg(1_500_000), "1.5");
    assert_eq!(seconds_arg(2_000_000), "2");
    assert_eq!(seconds_arg(1), "0.000001");
}

#[test]
fn percent_signs_are_literal_in_pattern_folders() {
    assert_eq!(escape_pattern_folder(Path::new("a%d/b")), "a%%d/b");
}
