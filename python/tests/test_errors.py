"""Every failure is one FramekitError with framekit's own words and exit code; nothing is
written; framekit's warnings reach the user's stderr."""

import os
import pickle

import pytest

import framekit_ffmpeg
from framekit_ffmpeg import FramekitError
from support import write_bar_pngs


def test_a_failed_job_raises_framekit_s_message_and_exit_1(tmp_path):
    with pytest.raises(FramekitError) as caught:
        framekit_ffmpeg.stitch(tmp_path / "nowhere", tmp_path / "out.mp4")
    error = caught.value
    assert error.exit_code == 1
    assert str(error).startswith("error: the frames folder ")
    assert "nowhere" in str(error) and "does not exist" in str(error)
    assert not (tmp_path / "out.mp4").exists()


def test_a_damaged_frame_is_named_and_nothing_is_written(tmp_path):
    paths = write_bar_pngs(tmp_path / "frames", 4)
    paths[2].write_bytes(paths[2].read_bytes()[:300])
    with pytest.raises(FramekitError) as caught:
        framekit_ffmpeg.stitch(tmp_path / "frames", tmp_path / "out.mp4")
    assert caught.value.exit_code == 1
    assert "frame_2.png" in str(caught.value)
    assert os.listdir(tmp_path) == ["frames"]


def test_a_value_framekit_refuses_is_a_usage_error_exit_2(tmp_path):
    write_bar_pngs(tmp_path / "frames", 2)
    with pytest.raises(FramekitError) as caught:
        framekit_ffmpeg.stitch(tmp_path / "frames", tmp_path / "out.mp4", sort="random")
    assert caught.value.exit_code == 2
    assert "'random'" in str(caught.value)
    assert not (tmp_path / "out.mp4").exists()


def test_an_existing_output_is_kept_and_the_hint_says_force(tmp_path):
    write_bar_pngs(tmp_path / "frames", 2)
    (tmp_path / "out.mp4").write_bytes(b"precious")
    with pytest.raises(FramekitError) as caught:
        framekit_ffmpeg.stitch(tmp_path / "frames", tmp_path / "out.mp4")
    assert any("--force" in hint for hint in caught.value.hints), caught.value.hints
    assert (tmp_path / "out.mp4").read_bytes() == b"precious"
    framekit_ffmpeg.stitch(tmp_path / "frames", tmp_path / "out.mp4", force=True)
    assert (tmp_path / "out.mp4").read_bytes() != b"precious"


def test_a_missing_ffmpeg_says_how_to_get_one(tmp_path):
    write_bar_pngs(tmp_path / "frames", 2)
    with pytest.raises(FramekitError) as caught:
        framekit_ffmpeg.stitch(
            tmp_path / "frames", tmp_path / "out.mp4", ffmpeg=tmp_path / "no-ffmpeg"
        )
    assert caught.value.exit_code == 127
    assert 'pip install "framekit-ffmpeg[ffmpeg]"' in str(caught.value)


def test_a_missing_framekit_binary_is_a_framekit_error(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMEKIT_BINARY", str(tmp_path / "no-framekit"))
    with pytest.raises(FramekitError) as caught:
        framekit_ffmpeg.stitch(tmp_path, tmp_path / "out.mp4")
    assert caught.value.exit_code == 127
    assert "FRAMEKIT_BINARY" in str(caught.value)


def test_warnings_reach_stderr_and_the_report(tmp_path, capsys):
    # frame_10 sorts before frame_2 in byte order: framekit warns that natural order differs.
    write_bar_pngs(tmp_path / "frames", 11)
    report = framekit_ffmpeg.stitch(tmp_path / "frames", tmp_path / "out.mp4")
    stderr = capsys.readouterr().err
    assert stderr.startswith("warning: "), stderr
    assert "natural" in stderr
    assert report["warnings"], report


def test_the_error_pickles_with_its_exit_code():
    error = pickle.loads(pickle.dumps(FramekitError("error: x\nhint: y", 1, "error: x\n")))
    assert (str(error), error.exit_code, error.hints) == ("error: x\nhint: y", 1, ["y"])
