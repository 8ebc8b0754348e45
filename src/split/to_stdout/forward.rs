//! One ffmpeg run's frames onto framekit's stdout: each PAM image ffmpeg writes, its header
//! read, given its time (logged by ffmpeg before the frame reaches its encoder), checked
//! when the run was planned to give particular frames, and sent with framekit's header: on
//! Linux the pixels are spliced from ffmpeg's pipe to framekit's stdout as they come (no
//! copy through framekit); elsewhere, or where stdout takes no splice, the frame is read
//! whole and written whole with its header in one write.

use std::io::{self, Read, Write};
use std::process::ChildStdout;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::pipe::splice::{self, Moved};

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
    /// Part of a frame went out before ffmpeg's stdout ended inside it (spliced pixels).
    pub cut_frame_sent: bool,
    /// Pixels are spliced, until splice says stdout cannot take them.
    splicing: bool,
    bar: ProgressReport,
}

impl Output {
    pub fn new(bar: ProgressReport) -> Output {
        let stdout = io::stdout();
        crate::pipe::size::enlarge(&stdout);
        Output {
            stdout,
            buffer: Vec::new(),
            frames: 0,
            size: None,
            last_pts: None,
            cut_frame_sent: false,
            splicing: cfg!(target_os = "linux"),
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
    mut stdout: ChildStdout,
    times: &mut Times,
    plan: &RunPlan<'_>,
    output: &mut Output,
) -> Ended {
    crate::pipe::size::enlarge(&stdout);
    for place in 0usize.. {
        // Unbuffered: the pixels stay in the pipe, for splice.
        let header = match pam::read_header_exactly(&mut stdout) {
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
        // Copying: the whole frame first, so that only whole frames go out. Splicing waits
        // for the time with the pixels still in the pipe: ffmpeg logged it before they
        // reached its encoder (`times`), so it is on its way.
        let pixels = header.pixel_bytes();
        let whole_first = !output.splicing;
        if whole_first && output.read_pixels(&mut stdout, pixels, 0).is_err() {
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
        let sent = match whole_first {
            true => output.write_frame(&header, pts),
            false => output.splice_frame(&header, pts, &mut stdout),
        };
        if let Err(ended) = sent {
            return ended;
        }
    }
    Ended::Done
}

/// A failed write to stdout, as forwarding ends.
fn write_failed(error: io::Error) -> Ended {
    match error.kind() {
        io::ErrorKind::BrokenPipe => Ended::ReaderGone,
        _ => Ended::Failed(format!("cannot write to standard output: {error}")),
    }
}

impl Output {
    /// Reads `pixels` bytes of ffmpeg's stdout into the buffer, behind room for a header,
    /// from `from` on (what went out before stays out).
    fn read_pixels(
        &mut self,
        stdout: &mut ChildStdout,
        pixels: usize,
        from: usize,
    ) -> io::Result<()> {
        self.buffer.resize(MAX_HEADER + pixels, 0);
        stdout.read_exact(&mut self.buffer[MAX_HEADER + from..])
    }

    /// Writes framekit's header, then splices the frame's pixels from ffmpeg's stdout;
    /// where stdout takes no splice, copies the rest and copies from then on.
    fn splice_frame(
        &mut self,
        header: &Header,
        pts: i64,
        stdout: &mut ChildStdout,
    ) -> Result<(), Ended> {
        let text = pam::header(header.width, header.height, &seconds_text(pts));
        let mut out = self.stdout.lock();
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(write_failed)?;
        drop(out);
        let pixels = header.pixel_bytes();
        match splice::exactly(stdout, &self.stdout, pixels) {
            Moved::All => {}
            Moved::SourceEnded => {
                self.cut_frame_sent = true;
                return Err(Ended::Cut("ffmpeg's frames ended inside a frame".into()));
            }
            Moved::Failed(error) => {
                self.cut_frame_sent = true;
                return Err(write_failed(error));
            }
            Moved::Unsupported { moved } => {
                self.splicing = false;
                if self.read_pixels(stdout, pixels, moved).is_err() {
                    self.cut_frame_sent = true;
                    return Err(Ended::Cut("ffmpeg's frames ended inside a frame".into()));
                }
                let mut out = self.stdout.lock();
                out.write_all(&self.buffer[MAX_HEADER + moved..])
                    .and_then(|()| out.flush())
                    .map_err(write_failed)?;
            }
        }
        self.sent(header, pts);
        Ok(())
    }

    fn sent(&mut self, header: &Header, pts: i64) {
        self.frames += 1;
        self.size.get_or_insert((header.width, header.height));
        self.last_pts = Some(pts);
        self.bar.inc(1);
    }

    /// Writes the frame in the buffer, its header in front, in one write.
    fn write_frame(&mut self, header: &Header, pts: i64) -> Result<(), Ended> {
        let text = pam::header(header.width, header.height, &seconds_text(pts));
        let start = MAX_HEADER - text.len();
        self.buffer[start..MAX_HEADER].copy_from_slice(text.as_bytes());
        let mut stdout = self.stdout.lock();
        stdout
            .write_all(&self.buffer[start..])
            .and_then(|()| stdout.flush())
            .map_err(write_failed)?;
        drop(stdout);
        self.sent(header, pts);
        Ok(())
    }
}
