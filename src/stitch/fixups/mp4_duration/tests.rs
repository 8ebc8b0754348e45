use std::fs;
use std::fs::OpenOptions;

use super::built::*;
use super::*;

#[test]
fn a_last_sample_without_duration_gets_it_in_place() {
    // As ffmpeg 4.2 and 4.3 write it: 36 frames of 40 ms, the last one of none.
    let before = file(
        &[video(&[(35, 640), (1, 0)], 1400)],
        Layout::Faststart(Some((b"free", 8))),
    );
    let after = patched(&before, 3_400_000).unwrap();
    assert_eq!(after.len(), before.len());
    let (before, after) = (seen(&before), seen(&after));
    assert_eq!(after.movie, 3400);
    let TrackSeen {
        tkhd,
        mdhd,
        edit,
        runs,
        media,
    } = &after.tracks[0];
    assert_eq!((*tkhd, *mdhd, *edit), (3400, 54400, 3400));
    assert_eq!(runs, &[(35, 640), (1, 32000)]);
    assert_eq!(media, &before.tracks[0].media);
    assert_eq!(after.top, before.top);
}

#[test]
fn a_last_run_is_split_in_the_free_space_before_mdat() {
    for (free, left) in [(b"free", None), (b"wide", Some(("wide".into(), 16)))] {
        let size = if left.is_some() { 24 } else { 8 };
        let before = file(
            &[video(&[(36, 640)], 1440)],
            Layout::Faststart(Some((free, size))),
        );
        let after = patched(&before, 3_400_000).unwrap();
        assert_eq!(after.len(), before.len());
        let mdat_at = |bytes: &[u8]| bytes.len() - MEDIA.len() - 8;
        assert_eq!(mdat_at(&after), mdat_at(&before));
        let (before, after) = (seen(&before), seen(&after));
        let TrackSeen {
            tkhd,
            mdhd,
            edit,
            runs,
            media,
        } = &after.tracks[0];
        assert_eq!((*tkhd, *mdhd, *edit), (3400, 54400, 3400));
        assert_eq!(runs, &[(35, 640), (1, 32000)]);
        assert_eq!(media, &before.tracks[0].media);
        assert_eq!(after.movie, 3400);
        assert_eq!(after.top[1].1, before.top[1].1 + 8);
        assert_eq!(after.top[2], left.unwrap_or(("mdat".into(), 308)));
    }
}

#[test]
fn without_free_space_what_follows_moov_moves_and_every_chunk_offset_with_it() {
    let sound = Track {
        handler: b"soun",
        scale: 48000,
        runs: vec![(150, 1024)],
        length: 3200,
        chunks: vec![50, 150],
        ..video(&[], 0)
    };
    for layout in [Layout::Faststart(None), Layout::MoovLast] {
        let moov_last = matches!(layout, Layout::MoovLast);
        let before = file(&[video(&[(36, 640)], 1440), sound.clone()], layout);
        let after = patched(&before, 3_400_000).unwrap();
        assert_eq!(after.len(), before.len() + 8);
        let (before, after) = (seen(&before), seen(&after));
        assert_eq!(after.movie, 3400);
        assert_eq!(after.tracks[0].runs, [(35, 640), (1, 32000)]);
        assert_eq!(
            after.tracks[1], before.tracks[1],
            "the sound's durations and data"
        );
        assert_eq!(
            after.tracks[0].media, before.tracks[0].media,
            "the video's data"
        );
        let mdat = if moov_last { 1 } else { 2 };
        assert_eq!(after.top[mdat], before.top[mdat]);
    }
}

#[test]
fn a_file_whose_last_frame_already_lasts_is_left_as_it_is() {
    // As ffmpeg 5.1 writes it; and within a millisecond (16 ticks), its own rounding.
    for last in [32000, 32016, 31984] {
        let before = file(
            &[video(&[(35, 640), (1, last)], 3400)],
            Layout::Faststart(Some((b"free", 8))),
        );
        assert_eq!(patched(&before, 3_400_000).unwrap(), before, "{last}");
    }
    let before = file(
        &[video(&[(35, 640), (1, 31983)], 3400)],
        Layout::Faststart(Some((b"free", 8))),
    );
    assert_eq!(
        seen(&patched(&before, 3_400_000).unwrap()).tracks[0].runs[1],
        (1, 32000)
    );
}

#[test]
fn version_1_boxes_keep_64_bit_durations() {
    let long = Track {
        version: 1,
        ..video(&[(35, 640), (1, 0)], 1400)
    };
    let after = patched(&file(&[long], Layout::Faststart(None)), 3_400_000).unwrap();
    let after = seen(&after);
    assert_eq!(after.movie, 3400);
    let TrackSeen {
        tkhd,
        mdhd,
        edit,
        runs,
        ..
    } = &after.tracks[0];
    assert_eq!((*tkhd, *mdhd, *edit), (3400, 54400, 3400));
    assert_eq!(runs, &[(35, 640), (1, 32000)]);
}

#[test]
fn the_video_ends_where_the_edit_list_starts_it_plus_its_length() {
    // An empty edit of 100 ms, then the media from 1600 ticks (100 ms) on: the last frame
    // (at 1.5 s in the media) lasts until 0.1 + 3.4 s there.
    let delayed = Track {
        edits: vec![(100, -1), (1400, 1600)],
        ..video(&[(1, 1600), (35, 640), (1, 0)], 1500)
    };
    let after = patched(&file(&[delayed], Layout::Faststart(None)), 3_400_000).unwrap();
    let after = seen(&after);
    let TrackSeen {
        tkhd,
        mdhd,
        edit,
        runs,
        ..
    } = &after.tracks[0];
    assert_eq!(runs, &[(1, 1600), (35, 640), (1, 32000)]);
    assert_eq!((*tkhd, *mdhd, *edit), (3500, 56000, 3400));
    assert_eq!(after.movie, 3500);
}

#[test]
fn a_file_it_cannot_patch_fails_and_says_why_untouched() {
    let sound_only = Track {
        handler: b"soun",
        ..video(&[(35, 640), (1, 0)], 1400)
    };
    let good = file(&[video(&[(36, 640)], 1440)], Layout::Faststart(None));
    let fragmented = [good.clone(), mp4_box(b"moof", &[])].concat();
    let cases = [
        (
            file(&[sound_only], Layout::Faststart(None)),
            "no video track",
        ),
        (fragmented, "fragmented"),
        (good[..good.len() - 1].to_vec(), "do not add up"),
        (mp4_box(b"ftyp", &[]), "no moov box"),
        (
            file(&[video(&[], 0)], Layout::Faststart(None)),
            "no samples",
        ),
    ];
    for (bytes, reason) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.mp4");
        fs::write(&path, &bytes).unwrap();
        let error = set(&path, 3_400_000).unwrap_err();
        let shown = crate::error::render(&error, &crate::term::style::Style::plain());
        assert!(
            shown.contains("framekit cannot set; nothing was written"),
            "{shown}"
        );
        assert!(shown.contains(reason), "{shown}");
        assert_eq!(fs::read(&path).unwrap(), bytes);
    }
}

#[test]
fn what_follows_moves_on_whole_across_many_copies() {
    let bytes: Vec<u8> = (0..(5u32 << 19) + 3).map(|i| (i % 251) as u8).collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.mp4");
    fs::write(&path, &bytes).unwrap();
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .unwrap();
    let rewrite = Rewrite {
        at: 10,
        old_length: 4,
        bytes: vec![7; 12],
    };
    apply(&mut file, &rewrite).unwrap();
    let expected = [&bytes[..10], &[7; 12], &bytes[14..]].concat();
    assert!(fs::read(&path).unwrap() == expected);
}
