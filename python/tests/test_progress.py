"""progress=: framekit's --progress-json lines reach a callable (counts that only grow,
ending at the frame count), never the user's stderr as text; progress=False calls nothing."""

import framekit_ffmpeg
from support import bar_frame, write_bar_pngs


class Recorder:
    def __init__(self):
        self.calls = []

    def __call__(self, done, total):
        self.calls.append((done, total))

    def assert_counts_up_to(self, frames):
        assert self.calls, "no progress"
        dones = [done for done, _ in self.calls]
        assert dones == sorted(dones), self.calls
        assert self.calls[-1] == (frames, frames) or self.calls[-1] == (frames, None), self.calls


def assert_no_json(capfd):
    captured = capfd.readouterr()
    assert '{"progress"' not in captured.err, captured.err
    assert '{"progress"' not in captured.out, captured.out


def test_stitch_and_split_call_progress_up_to_the_frame_count(tmp_path, capfd):
    write_bar_pngs(tmp_path / "frames", 60)
    stitched = Recorder()
    report = framekit_ffmpeg.stitch(
        tmp_path / "frames", tmp_path / "movie.mp4", sort="natural", progress=stitched
    )
    stitched.assert_counts_up_to(60)
    assert stitched.calls[-1] == (60, 60)
    assert report["frames"] == 60
    split = Recorder()
    framekit_ffmpeg.split(tmp_path / "movie.mp4", tmp_path / "out", progress=split)
    split.assert_counts_up_to(60)
    assert_no_json(capfd)


def test_writer_and_frames_call_progress(tmp_path, capfd):
    written = Recorder()
    with framekit_ffmpeg.Writer(tmp_path / "run.mp4", fps=10, progress=written) as video:
        for index in range(40):
            video.write(bar_frame(index))
    written.assert_counts_up_to(40)
    read = Recorder()
    assert len(list(framekit_ffmpeg.frames(tmp_path / "run.mp4", progress=read))) == 40
    read.assert_counts_up_to(40)
    assert_no_json(capfd)


def test_progress_false_calls_nothing_and_prints_no_json(tmp_path, capfd):
    write_bar_pngs(tmp_path / "frames", 12)
    framekit_ffmpeg.stitch(
        tmp_path / "frames", tmp_path / "movie.mp4", sort="natural", progress=False
    )
    framekit_ffmpeg.split(tmp_path / "movie.mp4", tmp_path / "out", progress=False)
    assert_no_json(capfd)


def test_warnings_still_reach_stderr_beside_progress(tmp_path, capfd):
    # frame_10 sorts before frame_2 in byte order: framekit warns that natural order differs.
    write_bar_pngs(tmp_path / "frames", 11)
    recorder = Recorder()
    framekit_ffmpeg.stitch(tmp_path / "frames", tmp_path / "out.mp4", progress=recorder)
    recorder.assert_counts_up_to(11)
    err = capfd.readouterr().err
    assert err.startswith("warning: ") and '{"progress"' not in err, err
