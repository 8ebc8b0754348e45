//! framekit's integration tests: one test binary made of modules (as ripgrep and fd do),
//! so that `support/` compiles once. Every test runs the real framekit against the real
//! ffmpeg; a missing ffmpeg fails the run, never skips it.
//!
//! Run one module while working on it: `cargo test --test cli stitch_errors::`.

#[macro_use]
mod support;

mod animation_size;
mod big_photos;
mod colour_profiles;
mod colours;
mod docs;
mod first_run;
mod frame_lists;
mod gif;
mod gif_encoder;
mod grid;
mod guidance;
mod hw;
// Stand-in ffmpegs (sh) that open GPU encoders: Unix only, like faults.
#[cfg(unix)]
mod hw_stand_in;
// Stand-in ffmpeg scripts (sh), symlinks and file modes: Unix only.
#[cfg(unix)]
mod faults;
// Signals, process groups and /proc: Linux only.
#[cfg(target_os = "linux")]
mod interrupts;
mod label;
mod lossless;
mod orientation;
mod png_orientation;
mod progress_json;
mod real_files;
mod real_inputs;
mod round_trip;
// wait4's resource usage: Linux only.
#[cfg(target_os = "linux")]
mod scale;
mod sheet;
mod split;
mod split_containers;
mod split_errors;
mod split_modes;
mod split_pixel_choice;
mod split_stdout;
mod stdin_frames;
mod stitch;
mod stitch_errors;
mod timing;
mod transparency;
// Ctrl-C through the console, job objects, cmd.exe: Windows only.
#[cfg(windows)]
mod windows;
