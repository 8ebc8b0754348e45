//! Helpers shared by the integration tests, one module per kind of help.
//!
//! - [`run`]: running framekit (plainly, on a terminal, as an unprivileged user) and the
//!   one "expect a failure" helper, [`run::fails`].
//! - [`messages`]: insta snapshots of what framekit says, with what differs between runs
//!   and platforms redacted ([`assert_message!`]).
//! - [`frames`]: frames that carry their own index, in every PNG kind, JPEG with EXIF,
//!   PNG chunks.
//! - [`images`]: animated WebP, APNG and GIF decoded by the `image` crate, not by ffmpeg.
//! - [`video`]: making test videos and sounds with ffmpeg, probing and decoding them.
//! - [`paths`]: paths as framekit prints them on this platform (`\` on Windows).
//! - [`split_truth`]: `split`'s manifest checked against every decoded frame of the
//!   source, and each sampling mode's rule.
//! - [`reports`]: what each ffmpeg process of a real run says it ran (`FFREPORT`).
//! - [`tree`]: what a folder holds, to show that a failed run changed nothing.
//! - [`stand_in`]: scripts that stand in for ffmpeg or ffprobe (Unix).
//! - [`process`]: children and liveness of processes, from /proc (Linux).

#[macro_use]
pub mod messages;

pub mod frames;
pub mod images;
pub mod paths;
#[cfg(target_os = "linux")]
pub mod process;
pub mod reports;
pub mod run;
pub mod split_truth;
#[cfg(unix)]
pub mod stand_in;
pub mod tree;
pub mod video;
