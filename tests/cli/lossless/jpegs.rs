//! JPEG frames with `--lossless`.
