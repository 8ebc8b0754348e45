"""A matplotlib movie writer named ``framekit``: ``animation.save("a.mp4", writer="framekit")``.

matplotlib finds writers only in its own registry (it has no plugin entry point for them), so
this module registers one when it is imported. ``import framekit_ffmpeg`` imports it too when
matplotlib is already imported; otherwise ``import framekit_ffmpeg.matplotlib`` does.

::

    import framekit_ffmpeg.matplotlib  # registers writer="framekit"
    animation.save("a.mp4", writer="framekit", fps=20)

Frames go to framekit as they are drawn (raw RGBA pixels, bounded memory), and come out as
any framekit video: odd figure sizes padded to even, BT.709 colours, nothing written unless
all succeeded. ``grab_frame(bbox_inches="tight")`` is allowed (matplotlib's own writers refuse
it): the frames, whose sizes then differ by a few pixels, go as PNG images and framekit
centres each on the largest (``--pad`` with the figure's face colour).
"""

import io
import os
import sys
from typing import Any, Dict, List, Optional

import matplotlib.animation
import matplotlib.colors

from ._binary import find_framekit
from ._errors import FramekitError
from ._pixels import Pixels
from ._writer import Writer

# The formats that keep transparency: matplotlib composites onto white for the others.
_ALPHA_FORMATS = (".webm", ".gif", ".webp", ".apng")


class FramekitMovieWriter(matplotlib.animation.AbstractMovieWriter):
    """matplotlib's movie-writer protocol (``setup``, ``grab_frame``, ``finish``) over
    :class:`framekit_ffmpeg.Writer`.

    Args:
        fps: frames per second.
        codec: an encoder instead of the one the extension picks (framekit's ``--codec``);
            only when given, not matplotlib's ``animation.codec`` default.
        bitrate: kbit/s (``-b:v`` after ``--``); matplotlib's default -1 leaves framekit's
            quality setting.
        extra_args: extra ffmpeg output options (after ``--``).
        metadata: ``-metadata key=value`` for each item.
        **options: framekit stitch options (``crf=18``, ``pad="black"``, ``plays=1``...).
    """

    def __init__(
        self,
        fps: float = 5,
        codec: Optional[str] = None,
        bitrate: Optional[int] = None,
        extra_args: Optional[List[str]] = None,
        metadata: Optional[Dict[str, str]] = None,
        **options: Any,
    ) -> None:
        super().__init__(fps=fps, metadata=metadata, codec=codec, bitrate=bitrate)  # type: ignore[arg-type]
        self._options = dict(options)
        if codec is not None:
            self._options["codec"] = codec
        extra: List[str] = []
        if bitrate is not None and bitrate > 0:
            extra += ["-b:v", f"{bitrate}k"]
        for key, value in (metadata or {}).items():
            extra += ["-metadata", f"{key}={value}"]
        self._ffmpeg_args = extra + list(extra_args or [])
        self._writer: Optional[Writer] = None
        self.report: Optional[Dict[str, Any]] = None

    @classmethod
    def isAvailable(cls) -> bool:
        """Whether the framekit binary is there (matplotlib's registry asks)."""
        try:
            find_framekit()
        except FramekitError:
            return False
        return True

    def _supports_transparency(self) -> bool:
        return os.fspath(self.outfile).lower().endswith(_ALPHA_FORMATS)

    def setup(self, fig: Any, outfile: Any, dpi: Optional[float] = None) -> None:
        super().setup(fig, outfile, dpi)
        self._writer = None
        self.report = None

    def _open(self, tight: bool) -> Writer:
        options = dict(self._options)
        if tight and "pad" not in options and "fit" not in options:
            face = self.fig.get_facecolor()
            options["pad"] = matplotlib.colors.to_hex(face, keep_alpha=False)
        return Writer(self.outfile, fps=self.fps, ffmpeg_args=self._ffmpeg_args or None, **options)

    def grab_frame(self, **savefig_kwargs: Any) -> None:
        """Draws the figure and sends it to framekit.

        Any ``savefig`` keyword is taken (``facecolor``, ``transparent``...); ``format`` is
        this writer's. ``bbox_inches`` makes each frame its own size (see the module).
        """
        savefig_kwargs.pop("format", None)
        tight = savefig_kwargs.get("bbox_inches") is not None
        if self._writer is None:
            self._writer = self._open(tight)
        savefig_kwargs.setdefault("dpi", self.dpi)
        buffer = io.BytesIO()
        if tight:
            self.fig.savefig(buffer, format="png", **savefig_kwargs)
            self._writer._write_encoded(buffer.getvalue())
            return
        self.fig.savefig(buffer, format="rgba", **savefig_kwargs)
        data = buffer.getbuffer()
        # savefig's RGBA is frame_size's width (figure inches x dpi); the rows follow from it.
        width = self.frame_size[0]
        self._writer._write_pixels(Pixels(data, width, len(data) // (4 * width), 4, 1))

    def finish(self) -> None:
        """Finishes the file (framekit's report in ``self.report``), or stops framekit when
        an exception is on its way (matplotlib calls ``finish`` from a ``finally``)."""
        writer, self._writer = self._writer, None
        if writer is None:
            return
        if sys.exc_info()[0] is not None:
            writer.abort()
            return
        self.report = writer.close()


def register() -> None:
    """Registers :class:`FramekitMovieWriter` as matplotlib's writer ``"framekit"``."""
    matplotlib.animation.writers.register("framekit")(FramekitMovieWriter)


register()
