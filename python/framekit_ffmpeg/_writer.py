"""``Writer``: frames made in Python streamed to ``framekit stitch --stdin-frames``."""

import json
import os
from types import TracebackType
from typing import Any, Dict, Optional, Sequence, Type, Union

from ._errors import FramekitError
from ._options import STITCH_OPTIONS, ffmpeg_arguments, to_arguments
from ._pixels import Pixels, to_pixels
from ._process import Framekit

# Options about a folder's files mean nothing for frames that come as data.
_FOLDER_ONLY = {"glob", "recursive", "sort", "durations", "timestamps", "dry_run"}
WRITER_OPTIONS = {k: v for k, v in STITCH_OPTIONS.items() if k not in _FOLDER_ONLY}


class Writer:
    """Writes frames made in Python into a video (or GIF, WebP, APNG), as they come.

    ::

        with framekit_ffmpeg.Writer("training.mp4", fps=10) as video:
            for step in range(100):
                video.write(frame)          # numpy array, PIL image or matplotlib figure
        print(video.report["frames"])

    Frames go to ``framekit stitch --stdin-frames`` as they are written, so memory stays
    bounded whatever their number, and every guarantee of ``stitch`` holds: odd sizes padded,
    BT.709 colours, transparency composited (or kept in .webm .gif .webp .apng), the frame
    count verified, nothing written unless all succeeded.

    By default every frame must have the first one's shape: they are sent as raw pixels
    (``--raw WxH:PIXFMT``: ``gray``, ``rgb24``, ``rgba``, or ``gray16le``, ``rgb48le``,
    ``rgba64le`` for uint16), and a frame of another shape raises :class:`FramekitError`
    naming its index and both shapes, before any of it is sent. With ``pad=COLOUR`` (frames
    of different sizes centred on the largest, as matplotlib's ``bbox_inches="tight"``
    needs) or ``fit=(W, H)``, each frame is sent as a PAM image carrying its own size.

    Leaving the ``with`` block normally finishes the file (:meth:`close`); an exception
    inside it, KeyboardInterrupt included, stops framekit (:meth:`abort`): nothing is
    written, and the exception goes on.

    Args:
        output: the file to write; its extension picks the format.
        fps: frames per second (framekit's default: 25).
        ffmpeg_args: extra ffmpeg output options (after ``--``).
        progress: as for :func:`stitch`: ``None`` (default) shows it where you would see it,
            ``False`` shows none, a callable is called as ``progress(done, total)``.
        **options: options of ``framekit stitch`` that apply to frames as data: ``crf``,
            ``codec``, ``pad``, ``fit``, ``background``, ``width``, ``hold_last``,
            ``plays``, ``max_size``, ``lossless``, ``force``, ``quiet``, ``audio``...

    Attributes:
        report: framekit's ``--json`` report once the file is finished, else ``None``.
        frames_written: how many frames were sent.
    """

    def __init__(
        self,
        output: Union[str, "os.PathLike[str]"],
        fps: Any = None,
        *,
        ffmpeg_args: Optional[Sequence[Any]] = None,
        progress: Any = None,
        **options: Any,
    ) -> None:
        options = {"fps": fps, **options}
        self._progress = progress
        self._options = to_arguments("Writer", WRITER_OPTIONS, options)
        self._extra = ffmpeg_arguments("Writer", ffmpeg_args)
        self._output = os.fspath(output)
        # Frames of several sizes carry their size: PAM images, not raw pixels.
        self._self_describing = bool(options.get("pad") or options.get("fit"))
        self._framekit: Optional[Framekit] = None
        self._first: Optional[Pixels] = None
        self._finished = False
        self.frames_written = 0
        self.report: Optional[Dict[str, Any]] = None

    def _start(self, first: Optional[Pixels]) -> Framekit:
        framing = []
        if first is not None and not self._self_describing:
            framing = [f"--raw={first.width}x{first.height}:{first.pixfmt}"]
        arguments = [
            "stitch",
            "--stdin-frames",
            f"--output={self._output}",
            "--json",
            *framing,
            *self._options,
            *self._extra,
        ]
        self._framekit = Framekit(arguments, stdin=True, progress=self._progress)
        return self._framekit

    def _check_open(self) -> None:
        if self._finished:
            raise FramekitError(
                "error: this Writer is closed: write frames before leaving its block"
            )

    def write(self, frame: Any) -> None:
        """Sends one frame: a numpy array (``uint8`` or ``uint16``; HxW, HxWx3 or HxWx4), a
        PIL image or a matplotlib figure (drawn, then its RGBA buffer).

        Raises:
            FramekitError: the frame's shape differs from the first one's (nothing of it is
                sent), or framekit stopped (its own message, never a BrokenPipeError).
            TypeError: not a frame of a kind above.
        """
        self._write_pixels(to_pixels(frame))

    def _write_pixels(self, pixels: Pixels) -> None:
        self._check_open()
        if self._first is None:
            self._first = pixels
            framekit = self._start(pixels)
        else:
            framekit = self._framekit  # type: ignore[assignment]
            if not self._self_describing and pixels.shape != self._first.shape:
                raise FramekitError(
                    f"error: frame {self.frames_written} (from 0) is {pixels.shape}, "
                    f"the first frame was {self._first.shape}\n"
                    "hint: give every frame one shape, or pass pad='white' (or another "
                    "colour) to centre frames of different sizes on the largest"
                )
        self._send(framekit, pixels.pam() if self._self_describing else pixels.data)

    def _write_encoded(self, image: bytes) -> None:
        """Sends a whole PNG/JPEG/PNM image (the matplotlib writer's ``bbox_inches`` frames)."""
        self._check_open()
        if self._framekit is None:
            self._self_describing = True
            self._start(None)
        self._send(self._framekit, image)  # type: ignore[arg-type]

    def _send(self, framekit: Framekit, data: Any) -> None:
        try:
            framekit.stdin.write(data)
        except OSError:
            # framekit stopped reading (BrokenPipeError; EINVAL on Windows): its exit says why.
            self._finished = True
            raise framekit.failure() from None
        self.frames_written += 1

    def close(self) -> Dict[str, Any]:
        """Finishes the file: ends the stream, waits for framekit, returns its report.

        Raises:
            FramekitError: framekit failed (nothing was written).
        """
        if self.report is not None:
            return self.report
        self._check_open()
        framekit = self._framekit or self._start(None)
        self._finished = True
        self.report = json.loads(framekit.finish())
        return self.report

    def abort(self) -> None:
        """Stops framekit without finishing: nothing is written."""
        self._finished = True
        if self._framekit is not None:
            self._framekit.stop()

    def __enter__(self) -> "Writer":
        return self

    def __exit__(
        self,
        kind: Optional[Type[BaseException]],
        error: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()

    def __del__(self) -> None:
        # A Writer dropped unfinished leaves no framekit running and no file.
        # (getattr: __init__ may have raised before setting them.)
        if not getattr(self, "_finished", True) and getattr(self, "_framekit", None):
            self.abort()
