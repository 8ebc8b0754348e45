"""Writer: frames made in Python, streamed to `framekit stitch --stdin-frames`, decoded back."""

import os

import numpy
import pytest

import framekit_ffmpeg
from framekit_ffmpeg import FramekitError
from support import (
    assert_tab10,
    bar_frame,
    decode,
    frame_times,
    indices,
    probe,
    size_of,
    tab10_frame,
)


def test_numpy_frames_arrive_in_order_at_an_odd_size(tmp_path):
    out = tmp_path / "run.mp4"
    with framekit_ffmpeg.Writer(out, fps=10) as video:
        for index in range(30):
            video.write(bar_frame(index, 121, 65))
    assert indices(out) == list(range(30))
    assert size_of(out) == (122, 66)  # padded to even, every pixel kept
    assert frame_times(out) == pytest.approx([i / 10 for i in range(30)], abs=1e-3)
    assert video.report["frames"] == 30 and video.frames_written == 30
    assert os.listdir(tmp_path) == ["run.mp4"]


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda i: bar_frame(i)[:, :, 0], id="gray uint8 HxW"),
        pytest.param(lambda i: bar_frame(i, channels=4), id="rgba uint8"),
        pytest.param(lambda i: bar_frame(i).astype(numpy.uint16) * 257, id="rgb uint16"),
        pytest.param(lambda i: bar_frame(i)[:, :, 0].astype(numpy.uint16) * 257, id="gray uint16"),
        pytest.param(lambda i: numpy.asfortranarray(bar_frame(i)), id="not contiguous"),
    ],
)
def test_every_kind_of_array_is_taken(tmp_path, make):
    out = tmp_path / "kinds.mp4"
    with framekit_ffmpeg.Writer(out, fps=5) as video:
        for index in range(6):
            video.write(make(index))
    assert indices(out) == list(range(6))


def test_colours_come_out_right_on_a_bt709_reader(tmp_path):
    out = tmp_path / "tab10.mp4"
    with framekit_ffmpeg.Writer(out) as video:
        for _ in range(3):
            video.write(tab10_frame())
    assert_tab10(out)


def test_alpha_is_kept_in_webm(tmp_path):
    out = tmp_path / "alpha.webm"
    with framekit_ffmpeg.Writer(out, fps=5) as video:
        for index in range(3):
            frame = bar_frame(index, 128, 64, channels=4)
            frame[:, 64:, 3] = 0  # the right half transparent
            video.write(frame)
    alpha = decode(out, "rgba", before=["-c:v", "libvpx-vp9"])[..., 3]
    assert alpha.shape[0] == 3
    assert (alpha[:, :, :60] > 250).all() and (alpha[:, :, 68:] < 5).all()


def test_figures_stream_as_rgba(tmp_path):
    import matplotlib.figure

    out = tmp_path / "figures.mp4"
    figure = matplotlib.figure.Figure(figsize=(1.2, 0.64), dpi=100)
    with framekit_ffmpeg.Writer(out, fps=5) as video:
        for index in range(4):
            figure.clear()
            figure.figimage(bar_frame(index))
            video.write(figure)
    assert indices(out) == list(range(4))


def test_pil_images_stream_in_their_modes(tmp_path):
    from PIL import Image

    out = tmp_path / "pil.mp4"
    with framekit_ffmpeg.Writer(out, fps=5) as video:
        for index in range(4):
            image = Image.fromarray(bar_frame(index))
            # A palette image becomes RGB, as the first frame is.
            video.write(image if index % 2 else image.quantize(256).convert("P"))
    assert indices(out) == list(range(4))


def test_a_frame_of_another_shape_is_named_and_nothing_is_written(tmp_path):
    out = tmp_path / "shapes.mp4"
    with pytest.raises(FramekitError) as caught:
        with framekit_ffmpeg.Writer(out) as video:
            video.write(bar_frame(0, 120, 64))
            video.write(bar_frame(1, 120, 64))
            video.write(bar_frame(2, 122, 64))
    message = str(caught.value)
    assert "frame 2" in message
    assert "64x122x3 uint8 (rgb24)" in message and "64x120x3 uint8 (rgb24)" in message
    assert caught.value.exit_code is None
    assert os.listdir(tmp_path) == []
    assert video._framekit.process.returncode is not None


@pytest.mark.parametrize("interruption", [RuntimeError, KeyboardInterrupt])
def test_an_exception_inside_the_block_stops_framekit_and_writes_nothing(tmp_path, interruption):
    out = tmp_path / "stopped.mp4"
    with pytest.raises(interruption):
        with framekit_ffmpeg.Writer(out) as video:
            for index in range(5):
                video.write(bar_frame(index))
            raise interruption("stop")
    assert os.listdir(tmp_path) == []
    assert video._framekit.process.returncode is not None
    assert video.report is None


def test_framekit_s_refusal_is_a_framekit_error_never_a_broken_pipe(tmp_path):
    out = tmp_path / "kept.mp4"
    out.write_bytes(b"precious")
    with pytest.raises(FramekitError) as caught:
        with framekit_ffmpeg.Writer(out) as video:
            for index in range(300):
                video.write(bar_frame(index, 320, 240))
    assert caught.value.exit_code == 1
    assert "already exists" in str(caught.value)
    assert out.read_bytes() == b"precious"


def test_frames_of_different_sizes_are_centred_with_pad(tmp_path):
    out = tmp_path / "padded.mp4"
    with framekit_ffmpeg.Writer(out, fps=5, pad="black") as video:
        for index, width in enumerate((120, 126, 120, 131)):
            video.write(bar_frame(index, width, 64))
    assert size_of(out) == (132, 64)
    assert probe(out)["nb_read_frames"] == "4"


def test_a_writer_given_no_frame_fails_with_framekit_s_words(tmp_path):
    with pytest.raises(FramekitError) as caught:
        with framekit_ffmpeg.Writer(tmp_path / "empty.mp4"):
            pass
    assert caught.value.exit_code == 1
    assert os.listdir(tmp_path) == []


def test_a_folder_option_is_no_writer_option(tmp_path):
    with pytest.raises(TypeError, match="'sort'"):
        framekit_ffmpeg.Writer(tmp_path / "x.mp4", sort="natural")
