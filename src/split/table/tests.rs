//! Tables for other modules' tests, and the table's own: ffprobe's text parsed, frames
//! found by time.

use super::*;

/// A table of `count` frames `step` µs apart, a key frame every `keyint`, seekable.
pub fn table(count: usize, step: i64, keyint: usize) -> FrameTable {
    let frames = (0..count)
        .map(|i| Frame {
            pts: i as i64 * step,
            key: i % keyint == 0,
            position: i as u32,
            key_position: (i - i % keyint) as u32,
        })
        .collect();
    FrameTable {
        frames,
        seekable: true,
        duration: Some(count as i64 * step),
        timed: true,
        keyframes_alone: true,
    }
}

/// A table with frames at these times (µs), the first a key frame.
pub fn table_at(times: &[i64]) -> FrameTable {
    let frames = times
        .iter()
        .enumerate()
        .map(|(i, &pts)| Frame {
            pts,
            key: i == 0,
            position: i as u32,
            key_position: 0,
        })
        .collect();
    FrameTable {
        frames,
        seekable: true,
        duration: times.last().map(|t| t + 20_000),
        timed: true,
        keyframes_alone: true,
    }
}

proptest::proptest! {
    #[test]
    fn any_ffprobe_text_is_a_table(text in "\\PC*") {
        let packets = parse_packets(&text);
        if let Some(table) = from_packets(&packets, 0.0, true) {
            proptest::prop_assert!(table.frames.windows(2).all(|w| w[0].pts <= w[1].pts));
        }
        let _ = from_frames(&parse_frames(&text), 0.0);
    }
}

#[test]
fn packets_sort_into_presentation_order_without_the_discarded() {
    // B-frames come after the frame they precede; an edit list's lead-in is discarded.
    let text = "pts_time=-0.080000|flags=KD\npts_time=-0.040000|flags=_D\n\
                pts_time=0.080000|flags=__\npts_time=0.000000|flags=__\n\
                pts_time=0.040000|flags=__\npts_time=0.120000|flags=K_\n";
    let table = from_packets(&parse_packets(text), 0.0, true).unwrap();
    let pts: Vec<i64> = table.frames.iter().map(|f| f.pts).collect();
    assert_eq!(pts, [0, 40_000, 80_000, 120_000]);
    // Decoding the first shown frame starts at the discarded key frame.
    assert_eq!(table.frames[0].position, 2);
    assert_eq!(table.frames[0].key_position, 0);
    assert_eq!(table.frames[3].key_position, table.frames[3].position);
    assert!(table.frames[3].key && !table.frames[0].key);
}

#[test]
fn open_groups_of_pictures_are_told_from_closed_ones() {
    // Closed: after the key frame, in decoding order, only later frames.
    let closed = "pts_time=0.0|flags=K_\npts_time=0.12|flags=__\npts_time=0.04|flags=__\n\
                  pts_time=0.08|flags=__\npts_time=0.16|flags=K_\npts_time=0.2|flags=__\n";
    assert!(!open_groups(&parse_packets(closed)));
    // Open: the B-frames after the second key frame are shown before it.
    let open = "pts_time=0.0|flags=K_\npts_time=0.12|flags=__\npts_time=0.04|flags=__\n\
                pts_time=0.24|flags=K_\npts_time=0.16|flags=__\npts_time=0.2|flags=__\n";
    assert!(open_groups(&parse_packets(open)));
}

#[test]
fn times_count_from_the_start_of_the_video() {
    let text = "pts_time=1.400000|flags=K_\npts_time=1.440000|flags=__\n";
    let table = from_packets(&parse_packets(text), 1.4, false).unwrap();
    assert_eq!(table.frames[1].pts, 40_000);
    assert!(!table.seekable);
}

#[test]
fn packets_without_timestamps_need_decoding() {
    let text = "pts_time=N/A|flags=K_\npts_time=N/A|flags=__\n";
    assert_eq!(from_packets(&parse_packets(text), 0.0, true), None);
    let frames = "key_frame=1|best_effort_timestamp_time=0.000000\n\
                  key_frame=0|best_effort_timestamp_time=0.040000\n\
                  key_frame=0|best_effort_timestamp_time=N/A\n\
                  key_frame=0|best_effort_timestamp_time=N/A\n";
    let table = from_frames(&parse_frames(frames), 0.0);
    let pts: Vec<i64> = table.frames.iter().map(|f| f.pts).collect();
    assert_eq!(pts, [0, 40_000, 80_000, 120_000]);
    assert!(table.frames[0].key && !table.seekable);
}

#[test]
fn frames_are_found_by_time() {
    let table = table(10, 40_000, 5);
    assert_eq!(table.first_at_or_after(0), Some(0));
    assert_eq!(table.first_at_or_after(40_000), Some(1));
    assert_eq!(table.first_at_or_after(40_001), Some(2));
    assert_eq!(table.first_at_or_after(360_001), None);
    assert_eq!(table.frame_at(79_500), Some(2));
    assert_eq!(table.frame_at(80_900), Some(2));
    assert_eq!(table.frame_at(60_000), None);
    assert_eq!(table.range(40_000, Some(120_000)), 1..3);
    assert_eq!(table.range(1_000_000, None), 10..10);
}
