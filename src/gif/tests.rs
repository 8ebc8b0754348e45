use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use super::{encode, Quantiser, Settings, THRESHOLD};

fn settings(width: u32, height: u32, frames: usize, plays: Option<u32>) -> Settings {
    Settings {
        width,
        height,
        delays: vec![4; frames],
        plays,
        threshold: THRESHOLD,
        quantiser: Quantiser::default(),
        workers: 2,
        alpha: false,
    }
}

/// Every frame as a viewer shows it (RGBA, transparent where nothing shows), with its
/// delay: decoded by the `gif` crate and composed by the disposal rules.
fn shown(gif: &[u8]) -> (Vec<(Vec<u8>, u16)>, Option<u16>) {
    let mut options = ::gif::DecodeOptions::new();
    options.set_color_output(::gif::ColorOutput::RGBA);
    let mut decoder = options.read_info(gif).unwrap();
    let (width, height) = (decoder.width() as usize, decoder.height() as usize);
    let mut canvas = vec![0u8; width * height * 4];
    let mut frames = Vec::new();
    let mut clear: Option<(usize, usize, usize, usize)> = None;
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        if let Some((left, top, w, h)) = clear.take() {
            for y in top..top + h {
                canvas[(y * width + left) * 4..(y * width + left + w) * 4].fill(0);
            }
        }
        if frame.dispose == ::gif::DisposalMethod::Background {
            let rect = (
                frame.left as usize,
                frame.top as usize,
                frame.width as usize,
                frame.height as usize,
            );
            clear = Some(rect);
        } else {
            assert_eq!(frame.dispose, ::gif::DisposalMethod::Keep);
        }
        for y in 0..frame.height as usize {
            for x in 0..frame.width as usize {
                let from = (y * frame.width as usize + x) * 4;
                if frame.buffer[from + 3] == 0 {
                    continue;
                }
                let to = ((y + frame.top as usize) * width + x + frame.left as usize) * 4;
                canvas[to..to + 4].copy_from_slice(&frame.buffer[from..from + 4]);
            }
        }
        frames.push((canvas.clone(), frame.delay));
    }
    let repeat = match decoder.repeat() {
        ::gif::Repeat::Infinite => None,
        ::gif::Repeat::Finite(n) => Some(n),
    };
    (frames, repeat)
}

fn run(frames: &[Vec<u8>], settings: &Settings) -> Vec<u8> {
    let input: Vec<u8> = frames.concat();
    let mut output = Vec::new();
    let count = AtomicU64::new(0);
    let written = encode(
        input.as_slice(),
        &mut output,
        settings,
        &AtomicBool::new(false),
        &|| {
            count.fetch_add(1, Ordering::SeqCst);
        },
    )
    .unwrap();
    assert_eq!(written, frames.len() as u64);
    assert_eq!(count.load(Ordering::SeqCst), written);
    output
}

fn flat(width: usize, height: usize, colour: [u8; 3]) -> Vec<u8> {
    colour.repeat(width * height)
}

/// RGB as RGBA, opaque.
fn rgba(rgb: &[u8]) -> Vec<u8> {
    rgb.chunks(3)
        .flat_map(|p| [p[0], p[1], p[2], 255])
        .collect()
}

#[test]
fn flat_frames_come_back_exactly_in_order_with_their_delays() {
    let mut second = flat(8, 6, [10, 20, 30]);
    second[3 * (2 * 8 + 3)..][..3].copy_from_slice(&[250, 0, 0]);
    let frames = vec![
        flat(8, 6, [10, 20, 30]),
        second.clone(),
        second,
        flat(8, 6, [0, 0, 0]),
    ];
    let mut settings = settings(8, 6, 4, None);
    settings.delays = vec![3, 4, 3, 100];
    let (shown, repeat) = shown(&run(&frames, &settings));
    assert_eq!(repeat, None, "loops forever");
    assert_eq!(shown.len(), 4);
    for (at, (rgb, delay)) in shown.iter().enumerate() {
        assert_eq!(rgb, &rgba(&frames[at]), "frame {at}");
        assert_eq!(*delay, settings.delays[at]);
    }
}

#[test]
fn plays_are_written_as_repeats_and_once_has_no_loop_block() {
    let frames = vec![flat(2, 2, [1, 1, 1]), flat(2, 2, [2, 2, 2])];
    let (_, repeat) = shown(&run(&frames, &settings(2, 2, 2, Some(3))));
    assert_eq!(repeat, Some(2));
    let once = run(&frames, &settings(2, 2, 2, Some(1)));
    assert!(!once.windows(8).any(|w| w == b"NETSCAPE"));
}

#[test]
fn photo_like_frames_stay_close_to_their_sources() {
    // A moving gradient with noise: thousands of colours a frame.
    let (width, height) = (64usize, 48usize);
    let frames: Vec<Vec<u8>> = (0..5)
        .map(|t| {
            (0..width * height)
                .flat_map(|i| {
                    let (x, y) = (i % width, i / width);
                    let noise = ((i * 7919 + t * 104_729) % 13) as u8;
                    [(x * 4 + t * 3) as u8, (y * 5) as u8 ^ noise, 128 + noise]
                })
                .collect()
        })
        .collect();
    let (shown, _) = shown(&run(&frames, &settings(64, 48, 5, None)));
    for (at, (rgb, _)) in shown.iter().enumerate() {
        let mse = (rgb.iter().zip(&rgba(&frames[at])))
            .map(|(&a, &b)| (f64::from(a) - f64::from(b)).powi(2))
            .sum::<f64>()
            / rgb.len() as f64;
        let psnr = 10.0 * (255.0f64.powi(2) / mse).log10();
        assert!(psnr > 35.0, "frame {at}: PSNR {psnr:.1} dB");
    }
}

#[test]
fn a_partial_frame_is_an_error() {
    let input = vec![0u8; 2 * 2 * 3 + 5];
    let result = encode(
        input.as_slice(),
        Vec::new(),
        &settings(2, 2, 2, None),
        &AtomicBool::new(false),
        &|| {},
    );
    assert!(format!("{:#}", result.unwrap_err()).contains("a frame ended after 5 of 12 bytes"));
}

#[test]
fn a_transparent_frame_among_opaque_ones_shows_its_holes_and_only_there() {
    // PIL's way: RGBA, (0, 0, 0, 0) where nothing is drawn.
    let (width, height) = (6, 4);
    let opaque = |colour: [u8; 3]| -> Vec<u8> {
        [colour[0], colour[1], colour[2], 255].repeat(width * height)
    };
    let mut holed = opaque([200, 10, 10]);
    for at in [0, 1, 7, 8, 23] {
        holed[at * 4..at * 4 + 4].copy_from_slice(&[0, 0, 0, 0]);
    }
    let mut dot = opaque([200, 10, 10]);
    dot[9 * 4..9 * 4 + 3].copy_from_slice(&[0, 0, 255]);
    let frames = vec![
        opaque([10, 200, 10]),
        holed.clone(),
        holed,
        dot,
        opaque([10, 200, 10]),
    ];
    let mut settings = settings(width as u32, height as u32, frames.len(), None);
    settings.alpha = true;
    let (shown, _) = shown(&run(&frames, &settings));
    assert_eq!(shown.len(), frames.len());
    for (at, (shown, _)) in shown.iter().enumerate() {
        assert_eq!(shown, &frames[at], "frame {at}");
    }
}
