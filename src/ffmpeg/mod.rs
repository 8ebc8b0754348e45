//! Everything about ffmpeg and ffprobe as programs: finding them, building their argument
//! lists, running and supervising them (stdin feeding, `-progress` reading, process groups),
//! reading what they said when they fail, and probing videos.

pub mod args;
pub mod capabilities;
pub mod failed;
pub mod locate;
pub mod matroska;
pub mod probe;
pub mod process_group;
pub mod progress;
pub mod stderr_tail;
pub mod supervisor;
