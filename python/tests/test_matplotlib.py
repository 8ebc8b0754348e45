"""writer="framekit" for matplotlib's Animation.save, and its registration."""

import pytest

from conftest import run_python
from support import bar_frame, frame_times, indices, probe, size_of


def test_animation_save_with_writer_framekit_at_an_odd_size(tmp_path):
    import matplotlib.animation
    import matplotlib.figure

    import framekit_ffmpeg.matplotlib  # noqa: F401  (registers writer="framekit")

    # 301x201 pixels: libx264 refuses odd sizes; framekit pads them.
    figure = matplotlib.figure.Figure(figsize=(3.01, 2.01), dpi=100)

    def draw(index):
        figure.clear()
        figure.figimage(bar_frame(index, 301, 201))

    animation = matplotlib.animation.FuncAnimation(figure, draw, frames=12)
    out = tmp_path / "a.mp4"
    animation.save(str(out), writer="framekit", fps=20)
    assert indices(out) == list(range(12))
    assert size_of(out) == (302, 202)
    assert frame_times(out) == pytest.approx([i / 20 for i in range(12)], abs=1e-3)


def test_bbox_inches_tight_frames_of_changing_sizes(tmp_path):
    import matplotlib.figure

    from framekit_ffmpeg.matplotlib import FramekitMovieWriter

    figure = matplotlib.figure.Figure(figsize=(3, 2), dpi=60)
    axes = figure.add_subplot()
    writer = FramekitMovieWriter(fps=5)
    out = tmp_path / "tight.mp4"
    with writer.saving(figure, str(out), dpi=60):
        for step in range(6):
            axes.clear()
            axes.plot(range(step + 2))
            axes.set_title("loss " + "0" * (step * 4))  # wider titles: another tight box
            writer.grab_frame(bbox_inches="tight")
    assert probe(out)["nb_read_frames"] == "6"
    assert writer.report["frames"] == 6


def test_an_error_while_saving_writes_nothing(tmp_path):
    import matplotlib.animation
    import matplotlib.figure

    import framekit_ffmpeg.matplotlib  # noqa: F401

    figure = matplotlib.figure.Figure(figsize=(1.2, 0.64), dpi=100)

    def draw(index):
        if index == 3:
            raise ValueError("the data ran out")
        figure.clear()
        figure.figimage(bar_frame(index))

    animation = matplotlib.animation.FuncAnimation(figure, draw, frames=6)
    with pytest.raises(ValueError, match="ran out"):
        animation.save(str(tmp_path / "broken.mp4"), writer="framekit", fps=5)
    assert not list(tmp_path.iterdir())


def test_writer_framekit_is_registered_by_importing_it_or_the_package_after_matplotlib():
    check = "import matplotlib.animation as a\n{}\nprint(a.writers.is_available('framekit'))"
    for imports, available in [
        ("", "False"),
        ("import framekit_ffmpeg", "True"),
        ("import framekit_ffmpeg.matplotlib", "True"),
    ]:
        done = run_python(check.format(imports))
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == available, imports
