"""``frames()``: a video's frames as numpy arrays, from ``framekit split VIDEO -``.

framekit writes each frame on stdout as a PAM image (netpbm P7) with its time in a comment:
``P7``, ``WIDTH w``, ``HEIGHT h``, ``DEPTH 3``, ``MAXVAL 255``, ``TUPLTYPE RGB``,
``#pts_seconds 1.234567``, ``ENDHDR``, then w*h*3 bytes. They are read one at a time, so
memory holds one frame whatever the video's length.
"""

import os
from types import TracebackType
from typing import Any, Dict, Optional, Tuple, Type, Union

from ._errors import FramekitError
from ._options import SPLIT_OPTIONS, to_arguments
from ._process import Framekit, as_argument

# What makes no sense when the frames come back as arrays rather than files.
_FILES_ONLY = {"prefix", "digits", "format", "manifest", "fast", "force", "dry_run"}
FRAMES_OPTIONS = {k: v for k, v in SPLIT_OPTIONS.items() if k not in _FILES_ONLY}

# A PAM header is a few short lines; anything longer is not one.
_MAX_HEADER_LINES = 32


class VideoFrames:
    """The iterator :func:`frames` returns: ``(seconds, array)`` pairs, one frame at a time.

    Closing it (``close()``, leaving a ``with`` block, or a ``break`` out of a ``for`` loop
    over ``frames(...)`` once the iterator is dropped) closes the pipe and reaps framekit.
    """

    def __init__(self, arguments: list, progress: Any = None) -> None:
        import numpy  # noqa: F401  (needed for the arrays; fail before starting framekit)

        self._framekit: Optional[Framekit] = Framekit(arguments, progress=progress)
        self._index = 0

    def __iter__(self) -> "VideoFrames":
        return self

    def __next__(self) -> Tuple[float, Any]:
        framekit = self._framekit
        if framekit is None:
            raise StopIteration
        try:
            frame = self._read_frame(framekit)
        except BaseException:
            self.close()
            raise
        if frame is None:
            self._framekit = None
            code = framekit.wait()
            if code != 0:
                raise framekit.failure(code)
            raise StopIteration
        self._index += 1
        return frame

    def _read_frame(self, framekit: Framekit) -> Optional[Tuple[float, Any]]:
        import numpy

        stream = framekit.stdout
        first = stream.readline()
        if not first:
            return None  # the end of the stream: framekit's exit code tells success
        fields: Dict[str, str] = {}
        line = first
        for _ in range(_MAX_HEADER_LINES):
            text = line.decode("ascii", errors="replace").strip()
            if text == "ENDHDR":
                break
            if text.startswith("#"):
                name, _, value = text[1:].partition(" ")
                fields[name] = value.strip()
            elif text:
                name, _, value = text.partition(" ")
                fields[name] = value.strip()
            line = stream.readline()
            if not line:
                raise self._broken(framekit, "inside a frame's header")
        else:
            raise self._broken(framekit, "with a header that never ends")
        if first.strip() != b"P7" or fields.get("DEPTH") != "3" or fields.get("MAXVAL") != "255":
            raise self._broken(framekit, f"with a frame that is not RGB PAM ({first[:20]!r})")
        try:
            width, height = int(fields["WIDTH"]), int(fields["HEIGHT"])
            seconds = float(fields["pts_seconds"])
        except (KeyError, ValueError):
            raise self._broken(
                framekit, f"with a header that lacks its size or time: {fields}"
            ) from None
        # Read straight into the array returned: one copy, out of the pipe, and no zeroing
        # first (numpy.empty).
        frame = numpy.empty((height, width, 3), numpy.uint8)
        view = memoryview(frame).cast("B")
        got, size = 0, len(view)
        while got < size:
            n = stream.readinto(view[got:])  # type: ignore[attr-defined]
            if not n:
                raise self._broken(framekit, f"inside frame {self._index}'s pixels")
            got += n
        return seconds, frame

    def _broken(self, framekit: Framekit, where: str) -> FramekitError:
        """The error for a stream cut short: framekit's own when it failed (it stops
        mid-frame then), else what is wrong with the stream."""
        self._framekit = None
        code = framekit.wait()
        if code != 0:
            return framekit.failure(code)
        return FramekitError(f"error: framekit's frame stream ended {where} (frame {self._index})")

    def close(self) -> None:
        """Stops framekit if it is still writing frames, and reaps it."""
        framekit, self._framekit = self._framekit, None
        if framekit is not None:
            framekit.stop()

    def __enter__(self) -> "VideoFrames":
        return self

    def __exit__(
        self,
        kind: Optional[Type[BaseException]],
        error: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


def frames(
    video: Union[str, "os.PathLike[str]"], *, progress: Any = None, **options: Any
) -> VideoFrames:
    """The frames of a video as ``(seconds, array)`` pairs, ``array`` HxWx3 ``uint8`` RGB.

    Exactly the frames and times ``framekit split`` would write, streamed from ``framekit
    split VIDEO -`` one at a time (memory holds one frame)::

        for seconds, frame in framekit_ffmpeg.frames("movie.mp4", count=20, width=512):
            ...

    Args:
        video: the video to read.
        **options: split's modes and ranges: ``count``, ``at`` (a list of times), ``every``,
            ``fps``, ``keyframes``, ``scene``, ``start``, ``end``, ``width``,
            ``allow_damaged``, ``quiet``, ``ffmpeg``.
        progress: ``None`` (default) shows progress where you would see it: a ``tqdm.auto``
            bar when tqdm is installed (Jupyter too), else a line on ``sys.stderr`` when it is
            a terminal; ``False`` shows none; a callable is called as ``progress(done,
            total)`` (frames; ``total`` None while unknown), from framekit's stderr thread.

    Raises:
        FramekitError: framekit failed (raised by the iteration, where framekit stopped).
        TypeError: a keyword that is no option of split's frames (the nearest one is named).
        ImportError: numpy is not installed.
    """
    words = to_arguments("frames", FRAMES_OPTIONS, options)
    return VideoFrames(["split", as_argument(video), "-", *words], progress)
