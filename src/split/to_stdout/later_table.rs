//! ffprobe's list of the frames, made beside the decode when nothing had to be decided
//! from it first (every frame, `--every` where seeking cannot pay, `--scene`): each frame
//! streamed is then given the time ffprobe lists for it, as frames.csv gives it, where
//! ffmpeg's own can differ by a microsecond (its times are rounded twice where the clock
//! starts elsewhere than 0 at ticks that are not whole microseconds: MPEG-TS). The first
//! frame waits for the list; ffmpeg starts decoding meanwhile.

use std::sync::mpsc::Receiver;
use std::sync::{Mutex, OnceLock};

use crate::split::table::FrameTable;

/// The list, once the thread that makes it has sent it.
pub struct LaterTable {
    coming: Mutex<Receiver<Option<FrameTable>>>,
    table: OnceLock<Option<FrameTable>>,
}

impl LaterTable {
    pub fn new(coming: Receiver<Option<FrameTable>>) -> LaterTable {
        LaterTable {
            coming: Mutex::new(coming),
            table: OnceLock::new(),
        }
    }

    /// The list, waiting for it the first time; None when none is made (no ffprobe, or
    /// it failed): the frames then keep ffmpeg's times.
    pub fn get(&self) -> Option<&FrameTable> {
        self.table
            .get_or_init(|| {
                let coming = self.coming.lock().expect("not poisoned");
                coming.recv().ok().flatten()
            })
            .as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_never_sent_is_none_and_a_sent_one_is_kept() {
        let (sender, coming) = std::sync::mpsc::channel();
        drop(sender);
        assert!(LaterTable::new(coming).get().is_none());
        let (sender, coming) = std::sync::mpsc::channel();
        sender.send(Some(FrameTable::default())).unwrap();
        let later = LaterTable::new(coming);
        assert!(later.get().is_some());
        assert!(later.get().is_some());
    }
}
