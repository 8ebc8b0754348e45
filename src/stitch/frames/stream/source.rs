//! Standard input as frames are cut from it: bytes taken in order, each one's place in the
//! stream known (for messages), and what was read past a frame's end kept for the next.

use std::io::{self, Read};

/// Bytes read at a time from the stream.
const READ_SIZE: usize = 64 * 1024;

/// A byte stream with its position and a look-ahead buffer.
pub struct Source<R> {
    reader: R,
    /// Bytes read but not yet taken: `buffer[at..]`.
    buffer: Vec<u8>,
    at: usize,
    /// The stream offset of `buffer[at]`.
    offset: u64,
    ended: bool,
}

impl<R: Read> Source<R> {
    pub fn new(reader: R) -> Source<R> {
        Source {
            reader,
            buffer: Vec::new(),
            at: 0,
            offset: 0,
            ended: false,
        }
    }

    /// Where the next byte taken is, from the stream's start.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The bytes waiting, without taking them.
    pub fn waiting(&self) -> &[u8] {
        &self.buffer[self.at..]
    }

    /// Reads more of the stream into the buffer; false at its end.
    pub fn fill(&mut self) -> io::Result<bool> {
        if self.ended {
            return Ok(false);
        }
        if self.at > 0 && self.at == self.buffer.len() {
            self.buffer.clear();
            self.at = 0;
        }
        let old = self.buffer.len();
        self.buffer.resize(old + READ_SIZE, 0);
        let read = loop {
            match self.reader.read(&mut self.buffer[old..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                result => break result,
            }
        };
        let read = read.inspect_err(|_| self.buffer.truncate(old))?;
        self.buffer.truncate(old + read);
        self.ended = read == 0;
        Ok(read > 0)
    }

    /// Makes at least `count` bytes wait; false when the stream ends first.
    pub fn wait_for(&mut self, count: usize) -> io::Result<bool> {
        while self.waiting().len() < count {
            if !self.fill()? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Whether the stream holds nothing more.
    pub fn at_end(&mut self) -> io::Result<bool> {
        Ok(self.waiting().is_empty() && !self.fill()?)
    }

    /// Takes `count` waiting bytes, appending them to `into`.
    pub fn take_into(&mut self, count: usize, into: &mut Vec<u8>) {
        into.extend_from_slice(&self.buffer[self.at..self.at + count]);
        self.at += count;
        self.offset += count as u64;
        // Keep the buffer from growing with everything ever read.
        if self.at > READ_SIZE * 4 {
            self.buffer.drain(..self.at);
            self.at = 0;
        }
    }

    /// Takes exactly `count` bytes into `into`, reading as needed; false when the stream
    /// ends first (what there was is taken).
    pub fn take_exactly(&mut self, count: usize, into: &mut Vec<u8>) -> io::Result<bool> {
        let mut left = count;
        while left > 0 {
            if self.waiting().is_empty() && !self.fill()? {
                return Ok(false);
            }
            let now = left.min(self.waiting().len());
            self.take_into(now, into);
            left -= now;
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_taken_in_order_with_their_offset() {
        let mut source = Source::new(&b"abcdef"[..]);
        let mut taken = Vec::new();
        assert!(source.take_exactly(4, &mut taken).unwrap());
        assert_eq!((taken.as_slice(), source.offset()), (&b"abcd"[..], 4));
        assert!(!source.take_exactly(4, &mut taken).unwrap());
        assert_eq!(taken, b"abcdef");
        assert!(source.at_end().unwrap());
    }
}
