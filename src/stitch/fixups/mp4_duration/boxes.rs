//! Reading the boxes of an MP4 or MOV's `moov`, and the number fields in them.

/// A box inside `moov`: its type, where it starts, where its body (after the header)
/// starts, and where it ends, as offsets in `moov`'s bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mp4Box {
    pub(super) kind: [u8; 4],
    pub(super) at: usize,
    pub(super) body: usize,
    pub(super) end: usize,
}

/// The boxes in `bytes[from..to]`; None when they do not add up.
pub(super) fn children(bytes: &[u8], from: usize, to: usize) -> Option<Vec<Mp4Box>> {
    let mut boxes = Vec::new();
    let mut at = from;
    while at < to {
        let size = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?);
        let kind = bytes.get(at + 4..at + 8)?.try_into().ok()?;
        let (size, header) = match size {
            0 => (to - at, 8),
            1 => (usize::try_from(be(bytes, at + 8, 8)?).ok()?, 16),
            size => (size as usize, 8),
        };
        let end = at.checked_add(size)?;
        if size < header || end > to {
            return None;
        }
        boxes.push(Mp4Box {
            kind,
            at,
            body: at + header,
            end,
        });
        at = end;
    }
    Some(boxes)
}

/// The first box of `kind` in `parent`.
pub(super) fn child(bytes: &[u8], parent: Mp4Box, kind: &[u8; 4]) -> Option<Mp4Box> {
    children(bytes, parent.body, parent.end)?
        .into_iter()
        .find(|b| &b.kind == kind)
}

/// The box at the end of `path` under `parent`, with every box on the way.
pub(super) fn descend(bytes: &[u8], parent: Mp4Box, path: &[&[u8; 4]]) -> Option<Vec<Mp4Box>> {
    let mut found = vec![parent];
    for kind in path {
        found.push(child(bytes, *found.last()?, kind)?);
    }
    Some(found)
}

/// The big-endian number of `width` bytes at `at`.
pub(super) fn be(bytes: &[u8], at: usize, width: usize) -> Option<u64> {
    let field = bytes.get(at..at.checked_add(width)?)?;
    Some(field.iter().fold(0, |v, &b| v << 8 | u64::from(b)))
}

/// A number field: where it is and how wide.
#[derive(Debug, Clone, Copy)]
pub(super) struct Field {
    pub(super) at: usize,
    pub(super) width: usize,
}

impl Field {
    pub(super) fn get(self, bytes: &[u8]) -> Option<u64> {
        be(bytes, self.at, self.width)
    }

    pub(super) fn set(self, bytes: &mut [u8], value: u64) -> Result<(), &'static str> {
        if self.width < 8 && value >> (8 * self.width) != 0 {
            return Err("a duration it would need does not fit the box's field");
        }
        let field = bytes
            .get_mut(self.at..self.at + self.width)
            .ok_or("a box is shorter than its fields")?;
        field.copy_from_slice(&value.to_be_bytes()[8 - self.width..]);
        Ok(())
    }
}

/// The timescale and duration fields of an `mvhd` or `mdhd` (version 0: 32-bit times,
/// version 1: 64-bit).
pub(super) fn header_times(bytes: &[u8], header: Mp4Box) -> Option<(u64, Field)> {
    let (timescale_at, width) = match bytes.get(header.body)? {
        0 => (header.body + 12, 4),
        1 => (header.body + 20, 8),
        _ => return None,
    };
    let timescale = be(bytes, timescale_at, 4)?.max(1);
    let duration = Field {
        at: timescale_at + 4,
        width,
    };
    duration.get(bytes)?;
    Some((timescale, duration))
}

/// The duration field of a `tkhd`.
pub(super) fn track_duration(bytes: &[u8], tkhd: Mp4Box) -> Option<Field> {
    let duration = match bytes.get(tkhd.body)? {
        0 => Field {
            at: tkhd.body + 20,
            width: 4,
        },
        1 => Field {
            at: tkhd.body + 28,
            width: 8,
        },
        _ => return None,
    };
    duration.get(bytes)?;
    Some(duration)
}

/// The last segment of an edit list (`elst`): its duration field (movie timescale) and its
/// media time (the track's; -1 for an empty edit).
pub(super) fn last_edit(bytes: &[u8], elst: Mp4Box) -> Option<(Field, i64)> {
    let width = match bytes.get(elst.body)? {
        0 => 4,
        1 => 8,
        _ => return None,
    };
    let count = be(bytes, elst.body + 4, 4)? as usize;
    let entry = 2 * width + 4;
    let last = elst.body + 8 + entry * count.checked_sub(1)?;
    if last + entry > elst.end {
        return None;
    }
    let media_time = be(bytes, last + width, width)?;
    let media_time = if width == 4 {
        i64::from(media_time as u32 as i32)
    } else {
        media_time as i64
    };
    Some((Field { at: last, width }, media_time))
}

/// The chunk offsets of a `stco` (32-bit) or `co64` (64-bit).
pub(super) fn chunk_offsets(bytes: &[u8], table: Mp4Box) -> Option<Vec<Field>> {
    let width = if &table.kind == b"co64" { 8 } else { 4 };
    let count = be(bytes, table.body + 4, 4)? as usize;
    if table.body + 8 + count.checked_mul(width)? > table.end {
        return None;
    }
    Some(
        (0..count)
            .map(|i| Field {
                at: table.body + 8 + i * width,
                width,
            })
            .collect(),
    )
}
