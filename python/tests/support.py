"""Frames that carry their index, and ffmpeg decoding what framekit made: the proof the
tests look at (never framekit's own argument list)."""

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import List, Sequence

import numpy

#: Bits of index a frame carries, as black and white bars across its top half.
BITS = 10


def _tool(name: str) -> str:
    """ffmpeg or ffprobe for decoding: $FRAMEKIT_TEST_FFMPEG's folder, else PATH. A missing
    one fails the test run: these tests never skip for want of ffmpeg."""
    named = os.environ.get("FRAMEKIT_TEST_FFMPEG")
    if named:
        path = os.path.join(os.path.dirname(named), name)
        if name == "ffmpeg" or os.path.isfile(path):
            return named if name == "ffmpeg" else path
    found = shutil.which(name)
    assert found, f"the tests decode with {name}, and there is none on PATH"
    return found


FFMPEG = _tool("ffmpeg")
FFPROBE = _tool("ffprobe")


def bar_frame(index: int, width: int = 120, height: int = 64, channels: int = 3) -> numpy.ndarray:
    """A uint8 frame whose top half shows ``index`` as bars (one per bit, white for 1) and
    whose bottom half is noise seeded by the index, so that any change to any pixel shows."""
    frame = numpy.zeros((height, width, channels), numpy.uint8)
    bar = width // (BITS + 2)
    for bit in range(BITS):
        if index >> (BITS - 1 - bit) & 1:
            frame[: height // 2, (bit + 1) * bar : (bit + 2) * bar] = 255
    noise = numpy.random.default_rng(index).integers(
        0, 256, (height - height // 2, width, channels)
    )
    frame[height // 2 :] = noise
    if channels == 4:
        frame[:, :, 3] = 255
    return frame


def indices_of(gray: numpy.ndarray) -> List[int]:
    """The index each frame of ``gray`` (N x H x W) carries."""
    _, height, width = gray.shape
    bar = width // (BITS + 2)
    result = []
    for frame in gray:
        value = 0
        for bit in range(BITS):
            x = (bit + 1) * bar + bar // 2
            value = value << 1 | int(frame[height // 4, x] > 128)
        result.append(value)
    return result


def decode(
    video: Path, pixel_format: str = "gray", options: Sequence[str] = (), before: Sequence[str] = ()
) -> numpy.ndarray:
    """Every stored frame of ``video`` (or an image) as N x H x W [x C] samples, by ffmpeg."""
    width, height = size_of(video)
    raw = subprocess.run(
        [
            FFMPEG,
            "-v",
            "error",
            *before,
            "-i",
            str(video),
            *options,
            "-fps_mode",
            "passthrough",
            "-f",
            "rawvideo",
            "-pix_fmt",
            pixel_format,
            "-",
        ],
        check=True,
        stdout=subprocess.PIPE,
    ).stdout
    channels = {"gray": 1, "rgb24": 3, "rgba": 4}[pixel_format]
    frames = numpy.frombuffer(raw, numpy.uint8).reshape(-1, height, width, channels)
    return frames[..., 0] if channels == 1 else frames


def indices(video: Path) -> List[int]:
    """The index carried by each frame of ``video``, in order."""
    return indices_of(decode(video))


def probe(video: Path) -> dict:
    """ffprobe's view of the first video stream (frames counted by decoding)."""
    out = subprocess.run(
        [
            FFPROBE,
            "-v",
            "error",
            "-count_frames",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=width,height,nb_read_frames,pix_fmt,r_frame_rate,codec_name",
            "-of",
            "json",
            str(video),
        ],
        check=True,
        stdout=subprocess.PIPE,
    ).stdout
    return json.loads(out)["streams"][0]


def size_of(video: Path) -> tuple:
    stream = probe(video)
    return stream["width"], stream["height"]


def frame_times(video: Path) -> List[float]:
    """Each frame's presentation time in seconds, as ffprobe reads it."""
    out = subprocess.run(
        [
            FFPROBE,
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "frame=pts_time",
            "-of",
            "csv=p=0",
            str(video),
        ],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return [float(line.split(",")[0]) for line in out.split()]


def write_bar_pngs(
    folder: Path, count: int, name: str = "frame_{}.png", first: int = 0, **size
) -> List[Path]:
    """``count`` PNG frames carrying their index (from ``first``), written by Pillow."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(first, first + count):
        path = folder / name.format(index)
        Image.fromarray(bar_frame(index, **size)).save(path)
        paths.append(path)
    return paths


#: matplotlib's tab10 colours, which the colour tests draw as flat patches.
TAB10 = [
    (0x1F, 0x77, 0xB4),
    (0xFF, 0x7F, 0x0E),
    (0x2C, 0xA0, 0x2C),
    (0xD6, 0x27, 0x28),
    (0x94, 0x67, 0xBD),
    (0x8C, 0x56, 0x4B),
    (0xE3, 0x77, 0xC2),
    (0x7F, 0x7F, 0x7F),
    (0xBC, 0xBD, 0x22),
    (0x17, 0xBE, 0xCF),
]


def tab10_frame(width: int = 640, height: int = 360) -> numpy.ndarray:
    """Ten flat patches of tab10 side by side (wide enough that chroma bleeds not into the centre)."""
    frame = numpy.zeros((height, width, 3), numpy.uint8)
    patch = width // 10
    for i, colour in enumerate(TAB10):
        frame[:, i * patch : (i + 1) * patch] = colour
    return frame


def assert_tab10(video: Path, tolerance: int = 4) -> None:
    """Every patch's centre within ``tolerance`` levels of its tab10 colour, as a player
    that follows the tags shows it and as one that assumes BT.709 does."""
    assuming = ["-vf", "scale=in_color_matrix=bt709:in_range=tv,format=rgb24"]
    for player, options in (("follows the tags", []), ("assumes BT.709", assuming)):
        frames = decode(video, "rgb24", options)
        width = frames.shape[2]
        patch = width // 10
        for frame in frames:
            for i, want in enumerate(TAB10):
                got = frame[frames.shape[1] // 2, i * patch + patch // 2].astype(int)
                off = int(numpy.abs(got - numpy.array(want)).max())
                assert off <= tolerance, (
                    f"{video}: a player that {player} shows {want} as {tuple(got)}"
                )
