//! Bigger pipes on Linux: a 64 KiB pipe makes ffmpeg, framekit and the reader take turns
//! 40 times for each 1280x720 frame; 1 MiB (the most an unprivileged process may ask
//! for, `/proc/sys/fs/pipe-max-size`) lets each write most of a frame at once. Elsewhere,
//! and when the kernel refuses (not a pipe, a lower limit), nothing changes.

/// Asks for a pipe of 1 MiB behind `fd`, if it is one.
#[cfg(target_os = "linux")]
pub fn enlarge(fd: &impl std::os::fd::AsRawFd) {
    // SAFETY: F_SETPIPE_SZ only resizes the pipe behind a valid descriptor, and fails
    // harmlessly (EBADF, EPERM, EBUSY) otherwise.
    unsafe {
        libc::fcntl(fd.as_raw_fd(), libc::F_SETPIPE_SZ, 1 << 20);
    }
}

#[cfg(not(target_os = "linux"))]
pub fn enlarge<T>(_fd: &T) {}
