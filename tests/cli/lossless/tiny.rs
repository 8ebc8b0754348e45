//! Frames a few pixels on a side.
