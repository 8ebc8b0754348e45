"""frames(): a video's frames back as arrays, from `framekit split VIDEO -`, with their times."""

import os

import numpy
import pytest

import framekit_ffmpeg
from framekit_ffmpeg import FramekitError
from support import FFMPEG, bar_frame, decode, indices_of, write_bar_pngs


@pytest.fixture(scope="module")
def exact_video(tmp_path_factory):
    """20 frames of 120x64 at 5 fps, stored losslessly: frames() must give back each pixel."""
    folder = tmp_path_factory.mktemp("exact")
    write_bar_pngs(folder / "frames", 20, name="frame_{:02d}.png")
    framekit_ffmpeg.stitch(folder / "frames", folder / "exact.mkv", fps=5, lossless=True)
    return folder / "exact.mkv"


def test_every_frame_comes_back_exactly_with_its_time(exact_video):
    got = list(framekit_ffmpeg.frames(exact_video))
    assert [seconds for seconds, _ in got] == pytest.approx([i / 5 for i in range(20)], abs=1e-6)
    for index, (_, frame) in enumerate(got):
        assert frame.dtype == numpy.uint8 and frame.shape == (64, 120, 3)
        assert (frame == bar_frame(index)).all(), f"frame {index} changed"


@pytest.mark.parametrize(
    "options",
    [
        {"count": 4},
        {"at": [1.5, 0.2]},
        {"every": 6},
        {"fps": 2},
        {"start": 1, "end": 2},
        {"count": 4, "sharpest": True},
        {"every": 5, "sharpest": True, "dedupe": True},
        {"dedupe": 0.5},
    ],
    ids=str,
)
def test_a_mode_gives_the_frames_split_writes(exact_video, tmp_path, options):
    framekit_ffmpeg.split(exact_video, tmp_path / "split", **options)
    written = [indices_of(decode(path))[0] for path in sorted((tmp_path / "split").glob("*.png"))]
    streamed = [
        indices_of(frame[None, :, :, 0])[0]
        for _, frame in framekit_ffmpeg.frames(exact_video, **options)
    ]
    assert streamed == written and written


def test_width_scales_the_arrays(exact_video):
    _, frame = next(iter(framekit_ffmpeg.frames(exact_video, width=60)))
    assert frame.shape == (32, 60, 3)


def test_leaving_early_closes_the_pipe_and_reaps_framekit(exact_video):
    with framekit_ffmpeg.frames(exact_video) as stream:
        process = stream._framekit.process
        for index, _ in enumerate(stream):
            if index == 1:
                break
    assert process.returncode is not None
    # And a for loop's break, once the iterator is dropped.
    stream = framekit_ffmpeg.frames(exact_video)
    process = stream._framekit.process
    for _ in stream:
        break
    del stream
    process.wait(timeout=10)


def test_a_missing_video_raises_framekit_s_error(tmp_path):
    with pytest.raises(FramekitError) as caught:
        list(framekit_ffmpeg.frames(tmp_path / "missing.mp4"))
    assert caught.value.exit_code == 1
    assert "missing.mp4" in str(caught.value)


@pytest.mark.skipif(os.name != "posix", reason="the stand-in ffmpeg is a shell script")
def test_an_ffmpeg_that_stops_inside_a_frame_raises_framekit_s_error(exact_video, tmp_path):
    """On Linux the pixels are spliced as they come: the cut frame's start has gone out, and
    must never become an array; the frames before it do."""
    frame_bytes = 61 + 120 * 64 * 3  # ffmpeg's own PAM header for 120x64, then the pixels
    stand_in = tmp_path / "ffmpeg"
    stand_in.write_text(
        "#!/bin/sh\n"
        f"case \"$*\" in *pipe:1*) '{FFMPEG}' \"$@\" | head -c {2 * frame_bytes + 500}; exit 1;; esac\n"
        f"exec '{FFMPEG}' \"$@\"\n"
    )
    stand_in.chmod(0o755)
    got = []
    with pytest.raises(FramekitError) as caught:
        for _, frame in framekit_ffmpeg.frames(exact_video, ffmpeg=str(stand_in)):
            got.append(frame)
    assert caught.value.exit_code == 1
    assert "2 whole frame(s)" in str(caught.value)
    assert len(got) == 2
    for index, frame in enumerate(got):
        assert (frame == bar_frame(index)).all(), f"frame {index} changed"
