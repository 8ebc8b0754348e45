//! Each format's encoder, its flags and its refusals: MP4, GIF, WebM, HEVC, lossless,
//! audio, run-time choices and output names.

use super::*;

#[test]
fn mp4_is_playable_h264_from_frames_on_stdin() {
    assert_eq!(
        joined(&options("movie.mp4")),
        "-hide_banner -nostdin -loglevel error -xerror \
         -f image2pipe -c:v png -framerate 25 -i pipe:0 \
         -vf scale,format=rgb24,scale=out_color_matrix=bt709:out_range=tv,format=yuv420p,\
         setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv \
         -c:v libx264 -pix_fmt yuv420p -colorspace bt709 -color_primaries bt709 \
         -color_trc bt709 -color_range tv -sws_flags bicubic+accurate_rnd+full_chroma_int \
         -movflags +faststart -fflags +bitexact -f mp4 -n movie.mp4"
    );
}

#[test]
fn progress_and_overwrite_are_run_time_choices() {
    let options = options("movie.mkv");
    let encoding = Encoding::choose(&options).unwrap();
    let frames = frames(FrameFormat::Jpeg, 64, 48);
    let plan = plan(&options, &encoding, &frames);
    let args = one_process_args(
        &plan,
        Destination {
            path: Path::new("dir/.movie.mkv.framekit-1.part"),
            overwrite: true,
            report_progress: true,
        },
    );
    let text: Vec<_> = args.iter().map(|a| a.to_str().unwrap()).collect();
    let text = text.join(" ");
    assert!(text.contains("-progress pipe:1 -nostats"), "{text}");
    assert!(text.contains("-c:v mjpeg"), "{text}");
    assert!(
        text.ends_with("-f matroska -y dir/.movie.mkv.framekit-1.part"),
        "{text}"
    );
    assert!(!text.contains("movflags"), "{text}");
}

#[test]
fn gif_refuses_rates_its_players_cannot_show() {
    let mut fast = options("a.gif");
    fast.fps = "60".parse().unwrap();
    let failure = Encoding::choose(&fast).unwrap_err();
    assert!(failure
        .to_string()
        .contains("cannot play 60 frames a second"));
    fast.fps = "50".parse().unwrap();
    assert!(Encoding::choose(&fast).is_ok());
    let mut mp4 = options("a.mp4");
    mp4.fps = "120".parse().unwrap();
    assert!(Encoding::choose(&mp4).is_ok());
}

#[test]
fn hevc_in_mp4_and_mov_is_tagged_for_apple_players() {
    for output in ["a.mp4", "a.mov"] {
        let mut hevc = options(output);
        hevc.codec = Some("libx265".into());
        assert!(joined(&hevc).contains("-c:v libx265 -pix_fmt yuv420p -tag:v hvc1"));
    }
    let mut mkv = options("a.mkv");
    mkv.codec = Some("libx265".into());
    assert!(!joined(&mkv).contains("hvc1"));
    assert!(!joined(&options("a.mp4")).contains("hvc1"));
}

#[test]
fn gif_is_a_decoder_piped_into_a_palette_encoder() {
    let [decoder, encoder] = gif_args_for(&options("anim.gif"), 64, 48);
    assert!(!decoder.contains("-reinit_filter"), "{decoder}");
    assert!(
        decoder.ends_with("-fps_mode passthrough -c:v rawvideo -pix_fmt rgb24 -f nut pipe:1"),
        "{decoder}"
    );
    assert!(encoder.contains(
        "-f nut -i pipe:0 -vf split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=diff_mode=rectangle -c:v gif"
    ), "{encoder}");
    assert!(!encoder.contains("yuv420p"));
    assert!(encoder.ends_with("-f gif -n anim.gif"), "{encoder}");
}

#[test]
fn webm_is_vp9_at_constant_quality() {
    let text = joined(&options("clip.webm"));
    assert!(
        text.contains("-c:v libvpx-vp9 -pix_fmt yuv420p -crf 32 -b:v 0"),
        "{text}"
    );
    let mut o = options("clip.webm");
    o.crf = Some(40);
    assert!(joined(&o).contains("-crf 40 -b:v 0"));
}

#[test]
fn options_map_to_encoder_flags() {
    let mut o = options("movie.MOV");
    o.fps = "30000/1001".parse().unwrap();
    o.crf = Some(18);
    o.preset = Some("slow".into());
    o.codec = Some("libx265".into());
    o.extra = vec!["-tune".into(), "animation".into()];
    let text = joined(&o);
    assert!(text.contains("-framerate 30000/1001"), "{text}");
    assert!(
        text.contains("-c:v libx265 -pix_fmt yuv420p -crf 18 -preset slow"),
        "{text}"
    );
    assert!(
        text.contains("-movflags +faststart -tune animation -fflags +bitexact -f mov"),
        "{text}"
    );
}

#[test]
fn audio_is_cut_and_padded_to_the_video_length() {
    let mut o = options("movie.mp4");
    o.audio = Some(PathBuf::from("-song:1.mp3"));
    let text = joined(&o);
    // 50 frames at 25 fps = 2 s.
    assert!(
        text.contains("-t 2.000000 -i file:-song:1.mp3 -map 0:v:0 -map 1:a:0"),
        "{text}"
    );
    assert!(
        text.contains("-c:a aac -af apad=whole_dur=2.000000"),
        "{text}"
    );
    o.output = PathBuf::from("movie.webm");
    assert!(joined(&o).contains("-c:a libopus"));
}

#[test]
fn hostile_output_names_are_files_not_options_or_protocols() {
    let args = args_for(&options("-x.mp4"), 64, 48);
    assert_eq!(args.last().unwrap(), "file:-x.mp4");
    let args = args_for(&options("concat:y.mp4"), 64, 48);
    assert_eq!(args.last().unwrap(), "file:concat:y.mp4");
}

#[test]
fn lossless_picks_an_exact_codec_or_refuses() {
    let mut o = options("exact.mkv");
    o.lossless = true;
    let text = joined(&o);
    // The PNG frames' own format (gray, here), always given; level 3 from 32 pixels a side.
    assert!(
        text.contains("-c:v ffv1 -pix_fmt gray -level 3 -fflags +bitexact -f matroska"),
        "{text}"
    );
    let tiny = args_for(&o, 2, 40).join(" ");
    assert!(tiny.contains("-c:v ffv1 -pix_fmt gray -level 1 "), "{tiny}");
    o.output = PathBuf::from("exact.mp4");
    assert!(joined(&o).contains("-c:v libx264rgb -pix_fmt rgb24 -qp 0"));
    let odd = args_for(&o, 65, 33).join(" ");
    assert!(!odd.contains("pad="), "{odd}");
    for refused in ["exact.webm", "exact.gif"] {
        o.output = PathBuf::from(refused);
        assert!(Encoding::choose(&o).is_err(), "{refused}");
    }
}

#[test]
fn impossible_combinations_are_usage_errors() {
    let mut o = options("movie.avi");
    assert!(Encoding::choose(&o).is_err());
    o.output = PathBuf::from("anim.gif");
    o.crf = Some(20);
    assert!(Encoding::choose(&o).is_err());
    o.crf = None;
    o.audio = Some(PathBuf::from("a.mp3"));
    assert!(Encoding::choose(&o).is_err());
    let mut o = options("movie.mp4");
    o.crf = Some(52);
    assert!(Encoding::choose(&o).is_err());
    o.output = PathBuf::from("clip.webm");
    o.crf = Some(63);
    assert!(Encoding::choose(&o).is_ok());
    o.preset = Some("fast".into());
    assert!(Encoding::choose(&o).is_err());
}
