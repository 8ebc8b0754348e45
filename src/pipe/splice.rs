//! Linux: bytes moved from one descriptor to another by splice(2), inside the kernel, when
//! one of them is a pipe: framekit never copies them through its own memory (for 300
//! frames of 1280x720, 830 MB it would otherwise read and write again). Where splice cannot
//! (an output opened for appending, a descriptor kind without splice, not Linux), it says
//! so before moving anything it cannot finish, and the caller copies the rest.

use std::io;

/// How moving `len` bytes ended.
#[derive(Debug)]
// Elsewhere than Linux only `Unsupported` is made.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub enum Moved {
    /// All of them.
    All,
    /// The source ended first.
    SourceEnded,
    /// splice cannot join these two descriptors; `moved` bytes went before that was known
    /// (0 in practice: the kernel refuses at the first call).
    Unsupported { moved: usize },
    /// A read or write failed (`EPIPE`: the reader went away).
    Failed(io::Error),
}

/// Moves exactly `len` bytes from `from` to `to`, waiting for them as a blocking read and
/// write would.
#[cfg(target_os = "linux")]
pub fn exactly(
    from: &impl std::os::fd::AsRawFd,
    to: &impl std::os::fd::AsRawFd,
    len: usize,
) -> Moved {
    let mut moved = 0;
    while moved < len {
        // SAFETY: splice only reads and writes the two descriptors, which stay open for
        // the call; null offsets use (and advance) each one's own position.
        let done = unsafe {
            libc::splice(
                from.as_raw_fd(),
                std::ptr::null_mut(),
                to.as_raw_fd(),
                std::ptr::null_mut(),
                len - moved,
                libc::SPLICE_F_MOVE,
            )
        };
        match done {
            0 => return Moved::SourceEnded,
            n if n > 0 => moved += n as usize,
            _ => {
                let error = io::Error::last_os_error();
                match error.raw_os_error() {
                    Some(libc::EINTR) => continue,
                    Some(libc::EINVAL | libc::ENOSYS) => return Moved::Unsupported { moved },
                    _ => return Moved::Failed(error),
                }
            }
        }
    }
    Moved::All
}

/// Not Linux: never moves anything, so the caller copies.
#[cfg(not(target_os = "linux"))]
pub fn exactly<F, T>(_from: &F, _to: &T, _len: usize) -> Moved {
    Moved::Unsupported { moved: 0 }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    fn pipe() -> (std::fs::File, std::fs::File) {
        let mut fds = [0; 2];
        // SAFETY: pipe fills the two descriptors, each then owned by one File.
        assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
        use std::os::fd::FromRawFd;
        // SAFETY: fresh descriptors from pipe(2), owned nowhere else.
        unsafe {
            (
                std::fs::File::from_raw_fd(fds[0]),
                std::fs::File::from_raw_fd(fds[1]),
            )
        }
    }

    #[test]
    fn moves_exactly_the_bytes_asked_and_leaves_the_rest() {
        let (from_read, mut from_write) = pipe();
        let (mut to_read, to_write) = pipe();
        from_write.write_all(b"0123456789").unwrap();
        assert!(matches!(exactly(&from_read, &to_write, 4), Moved::All));
        drop((from_write, to_write));
        let mut got = Vec::new();
        to_read.read_to_end(&mut got).unwrap();
        assert_eq!(got, b"0123");
        let mut rest = Vec::new();
        (&from_read).read_to_end(&mut rest).unwrap();
        assert_eq!(rest, b"456789");
    }

    #[test]
    fn a_source_that_ends_early_says_so() {
        let (from_read, mut from_write) = pipe();
        let (_to_read, to_write) = pipe();
        from_write.write_all(b"abc").unwrap();
        drop(from_write);
        assert!(matches!(
            exactly(&from_read, &to_write, 10),
            Moved::SourceEnded
        ));
    }

    #[test]
    fn a_file_opened_for_appending_is_refused_before_anything_moves() {
        let dir = tempfile::tempdir().unwrap();
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.path().join("out"))
            .unwrap();
        let (from_read, mut from_write) = pipe();
        from_write.write_all(b"abc").unwrap();
        assert!(matches!(
            exactly(&from_read, &file, 3),
            Moved::Unsupported { moved: 0 }
        ));
        let mut left = [0; 3];
        (&from_read).read_exact(&mut left).unwrap();
        assert_eq!(&left, b"abc");
    }
}
