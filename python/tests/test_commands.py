"""stitch() and split(): the frames, their order and times, checked by decoding the results."""

import pytest

import framekit_ffmpeg
from support import decode, frame_times, indices, indices_of, size_of, write_bar_pngs


def test_stitch_encodes_the_frames_in_order_and_returns_the_report(tmp_path):
    # frame_2 before frame_10 only in natural order: the keyword must reach framekit.
    write_bar_pngs(tmp_path / "frames", 12)
    report = framekit_ffmpeg.stitch(
        tmp_path / "frames", tmp_path / "movie.mp4", fps=10, sort="natural"
    )
    assert indices(tmp_path / "movie.mp4") == list(range(12))
    assert report["frames"] == 12 and report["fps"] == 10.0
    assert report["output"] == str(tmp_path / "movie.mp4")
    assert (report["width"], report["height"]) == size_of(tmp_path / "movie.mp4")
    assert frame_times(tmp_path / "movie.mp4") == pytest.approx(
        [i / 10 for i in range(12)], abs=1e-3
    )


def test_stitch_takes_a_list_of_frames_in_the_order_given(tmp_path):
    paths = write_bar_pngs(tmp_path / "frames", 6)
    picked = [paths[4], paths[0], paths[5], paths[0]]
    report = framekit_ffmpeg.stitch(picked, tmp_path / "picked.mp4")
    assert indices(tmp_path / "picked.mp4") == [4, 0, 5, 0]
    assert report["frames"] == 4


def test_stitch_puts_a_list_of_folders_side_by_side(tmp_path):
    write_bar_pngs(tmp_path / "left", 5)
    write_bar_pngs(tmp_path / "right", 5, first=20)
    report = framekit_ffmpeg.stitch(
        [tmp_path / "left", tmp_path / "right"], tmp_path / "pair.mp4", no_titles=True
    )
    assert report["frames"] == 5
    assert size_of(tmp_path / "pair.mp4") == (240, 64)
    decoded = decode(tmp_path / "pair.mp4")
    assert indices_of(decoded[:, :, :120]) == [0, 1, 2, 3, 4]
    assert indices_of(decoded[:, :, 120:]) == [20, 21, 22, 23, 24]


def test_stitch_refuses_a_list_mixing_folders_and_files(tmp_path):
    paths = write_bar_pngs(tmp_path / "frames", 2)
    with pytest.raises(ValueError, match="folder among files"):
        framekit_ffmpeg.stitch([tmp_path / "frames", paths[0]], tmp_path / "x.mp4")
    assert not (tmp_path / "x.mp4").exists()


def test_stitch_passes_ffmpeg_args_after_its_own(tmp_path):
    write_bar_pngs(tmp_path / "frames", 3)
    report = framekit_ffmpeg.stitch(
        tmp_path / "frames", tmp_path / "big.mp4", ffmpeg_args=["-vf", "scale=iw*2:ih*2"]
    )
    assert size_of(tmp_path / "big.mp4") == (240, 128)
    assert (report["width"], report["height"]) == (240, 128)


def test_stitch_dry_run_returns_the_command_and_writes_nothing(tmp_path):
    write_bar_pngs(tmp_path / "frames", 3)
    report = framekit_ffmpeg.stitch(tmp_path / "frames", tmp_path / "x.mp4", dry_run=True)
    assert report["dry_run"] is True and "ffmpeg" in report["command"]
    assert not (tmp_path / "x.mp4").exists()


def test_stitch_lossless_keeps_every_pixel(tmp_path):
    write_bar_pngs(tmp_path / "frames", 4)
    framekit_ffmpeg.stitch(tmp_path / "frames", tmp_path / "exact.mkv", lossless=True)
    from PIL import Image
    import numpy

    decoded = decode(tmp_path / "exact.mkv", "rgb24")
    for index, frame in enumerate(decoded):
        original = numpy.asarray(Image.open(tmp_path / "frames" / f"frame_{index}.png"))
        assert (frame == original).all(), f"frame {index} changed"


def test_split_writes_the_frames_a_mode_picks(tmp_path):
    write_bar_pngs(tmp_path / "frames", 20)
    framekit_ffmpeg.stitch(
        tmp_path / "frames", tmp_path / "movie.mkv", lossless=True, sort="natural"
    )
    report = framekit_ffmpeg.split(tmp_path / "movie.mkv", tmp_path / "at", at=[0.2, 0.04, 0.5])
    files = sorted((tmp_path / "at").glob("*.png"))
    assert [f.name for f in files] == ["img_00001.png", "img_00002.png", "img_00003.png"]
    # 25 fps: the first frames at or after 0.2 s, 0.04 s and 0.5 s (0.52 s), in the order given.
    assert [indices_of(decode(f))[0] for f in files] == [5, 1, 13]
    assert report["frames"] == 3 and report["mode"] == "at"


def test_split_every_frame_with_a_manifest(tmp_path):
    write_bar_pngs(tmp_path / "frames", 8)
    framekit_ffmpeg.stitch(tmp_path / "frames", tmp_path / "movie.mp4", fps=4)
    report = framekit_ffmpeg.split(
        tmp_path / "movie.mp4", tmp_path / "out", manifest=True, prefix="f_"
    )
    files = sorted((tmp_path / "out").glob("f_*.png"))
    assert [indices_of(decode(f))[0] for f in files] == list(range(8))
    rows = (tmp_path / "out" / "frames.csv").read_text().splitlines()[1:]
    assert [float(row.split(",")[2]) for row in rows] == pytest.approx([i / 4 for i in range(8)])
    assert report["frames"] == 8 and report["first"] == "f_00001.png"


def test_sheet_shows_the_frames_split_count_picks(tmp_path):
    write_bar_pngs(tmp_path / "frames", 20)
    framekit_ffmpeg.stitch(tmp_path / "frames", tmp_path / "movie.mp4", fps=10)
    report = framekit_ffmpeg.sheet(
        tmp_path / "movie.mp4", tmp_path / "sheet.png", grid=(2, 2), width=400
    )
    framekit_ffmpeg.split(tmp_path / "movie.mp4", tmp_path / "picked", count=4, manifest=True)
    rows = (tmp_path / "picked" / "frames.csv").read_text().splitlines()[1:]
    picked = [int(row.split(",")[3]) for row in rows]
    assert [tile["source_frame"] for tile in report["tiles"]] == picked
    assert [tile["pts_seconds"] for tile in report["tiles"]] == pytest.approx(
        [float(row.split(",")[2]) for row in rows]
    )
    from PIL import Image

    with Image.open(tmp_path / "sheet.png") as image:
        assert image.size == (report["width"], report["height"]) and image.width == 400


def test_sheet_refuses_an_unknown_extension_with_exit_code_2(tmp_path):
    write_bar_pngs(tmp_path / "frames", 3)
    with pytest.raises(framekit_ffmpeg.FramekitError) as raised:
        framekit_ffmpeg.sheet(tmp_path / "frames", tmp_path / "sheet.bmp")
    assert raised.value.exit_code == 2 and "sheet.bmp" in str(raised.value)
    assert not (tmp_path / "sheet.bmp").exists()
