//! One ffmpeg run's frames onto framekit's stdout: each PAM image ffmpeg writes, read
//! whole, given its time (logged by ffmpeg just before), checked when the run was planned to
//! give particular frames, and written whole with framekit's header in one write.

use std::io::{self, BufReader, Read, Write};
use std::process::ChildStdout;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::split::manifest::seconds_text;
use crate::split::table::FrameTable;
use crate::term::progress_report::ProgressReport;

use super::later_table::LaterTable;
use super::pam::{self, Header, MAX_HEADER};
use super::times::Times;

/// framekit's stdout, and what has gone through it.
pub struct Output {
    stdout: io::Stdout,
    /// Room for a header, then one frame's pixels: reused for every frame.
    buffer: Vec<u8>,
    /// Whole frames written.
    pub frames: u64,
    /// The first frame's size.
    pub size: Option<(u32, u32)>,
    /// The last frame's time.
    pub last_pts: Option<i64>,
    bar: ProgressReport,
}

impl Output {
    pub fn new(bar: ProgressReport) -> Output {
        let stdout = io::stdout();
        super::pipe_size::enlarge(&stdout);
        Output {
            stdout,
            buffer: Vec::new(),
            frames: 0,
            size: None,
            last_pts: None,
            bar,
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// What one run is expected to give.
pub struct RunPlan<'a> {
    /// Where ffmpeg's time 0 is (µs from the start of the video): the seek, if any.
    pub offset: i64,
    /// ffprobe's list of the frames: each time is given as it lists it (as frames.csv).
    pub table: Option<&'a FrameTable>,
    /// The list, made beside the decode, for a pass run without one.
    pub later: Option<&'a LaterTable>,
    /// A stretch's frames (table indices), in the order ffmpeg gives them; None for a pass.
    pub expected: Option<&'a [usize]>,
    /// The run seeks: errors ffmpeg logs before its first frame mean the seek did not
    /// read cleanly (frames before the key frame missing their references).
    pub seeks: bool,
}

/// How forwarding one run ended.
#[derive(Debug)]
pub enum Ended {
    /// ffmpeg's stdout ended after a whole frame (or before any).
    Done,
    /// ffmpeg's stdout ended inside a frame, or its log before a frame's time: ffmpeg
    /// failed, or something is badly wrong.
    Cut(String),
    /// Whoever reads framekit's stdout has closed it.
    ReaderGone,
    /// A stretch gave another frame than planned, or ffmpeg logged errors after seeking,
    /// before any of its frames was written.
    Missed(String),
    /// What ffmpeg wrote is not what was asked for, or framekit's stdout failed.
    Failed(String),
}

/// Forwards the frames of `stdout`, their times from `times`; raises `stop` when it ends
/// before ffmpeg's stdout does (ffmpeg is then stopped).
pub fn forward(
    stdout: ChildStdout,
    times: &mut Times,
    stop: &AtomicBool,
    plan: &RunPlan<'_>,
    output: &mut Output,
) -> Ended {
    let ended = forward_frames(stdout, times, plan, output);
    if !matches!(ended, Ended::Done | Ended::Cut(_)) {
        stop.store(true, Ordering::SeqCst);
    }
    ended
}

fn forward_frames(
    stdout: ChildStdout,
    times: &mut Times,
    plan: &RunPlan<'_>,
    output: &mut Output,
) -> Ended {
    super::pipe_size::enlarge(&stdout);
    let mut reader = BufReader::with_capacity(1 << 16, stdout);
    for place in 0usize.. {
        let header = match pam::read_header(&mut reader) {
            Ok(Some(header)) => header,
            Ok(None) => return Ended::Done,
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                return Ended::Cut("ffmpeg's frames ended inside a frame".into())
            }
            Err(e) => return Ended::Failed(format!("ffmpeg wrote what is not a frame: {e}")),
        };
        if !header.is_rgb8() {
            return Ended::Failed(format!(
                "ffmpeg wrote a frame that is not 8-bit RGB: {header:?}"
            ));
        }
        // The whole frame first: ffmpeg may log the time of this frame only as it works on
        // the next, and must not wait for framekit meanwhile.
        let pixels = header.pixel_bytes();
        output.buffer.resize(MAX_HEADER + pixels, 0);
        if reader.read_exact(&mut output.buffer[MAX_HEADER..]).is_err() {
            return Ended::Cut("ffmpeg's frames ended inside a frame".into());
        }
        let Some(time) = times.next() else {
            return Ended::Cut(format!("ffmpeg logged no time for frame {}", place + 1));
        };
        let Some(time) = time.map(|t| t + plan.offset) else {
            return Ended::Failed(format!("ffmpeg has no time for frame {}", place + 1));
        };
        if plan.seeks && place == 0 {
            if let Some(said) = times.errors.last() {
                return Ended::Missed(format!("made ffmpeg report errors ({said})"));
            }
        }
        let table = plan.table.or_else(|| plan.later.and_then(LaterTable::get));
        let pts = match (table, plan.expected) {
            (Some(table), Some(expected)) => {
                let Some(&wanted) = expected.get(place) else {
                    return Ended::Failed("ffmpeg gave more frames than were asked for".into());
                };
                if table.frame_at(time) != Some(wanted) {
                    return Ended::Missed("did not land on the frames asked for".into());
                }
                table.frames[wanted].pts
            }
            // As frames.csv gives it; a frame ffprobe does not list keeps ffmpeg's time.
            (Some(table), None) => table.frame_at(time).map_or(time, |i| table.frames[i].pts),
            (None, _) => time,
        };
        if let Err(ended) = output.write_frame(&header, pts) {
            return ended;
        }
    }
    Ended::Done
}

impl Output {
    /// Writes the frame in the buffer, its header in front, in one write.
    fn write_frame(&mut self, header: &Header, pts: i64) -> Result<(), Ended> {
        let text = pam::header(header.width, header.height, &seconds_text(pts));
        let start = MAX_HEADER - text.len();
        self.buffer[start..MAX_HEADER].copy_from_slice(text.as_bytes());
        let mut stdout = self.stdout.lock();
        let written = stdout
            .write_all(&self.buffer[start..])
            .and_then(|()| stdout.flush());
        match written {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Err(Ended::ReaderGone),
            Err(e) => {
                return Err(Ended::Failed(format!(
                    "cannot write to standard output: {e}"
                )))
            }
        }
        self.frames += 1;
        self.size.get_or_insert((header.width, header.height));
        self.last_pts = Some(pts);
        self.bar.inc(1);
        Ok(())
    }
}
