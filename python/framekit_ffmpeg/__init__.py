"""framekit from Python: folders, arrays, PIL images and matplotlib figures into videos, and
videos back into images or arrays, by running the ``framekit`` command this package installs.

- :func:`stitch`, :func:`split` and :func:`sheet`: the commands, every option a keyword, the
  ``--json`` report returned as a dict;
- :class:`Writer`: frames made in Python streamed into a video, as they come;
- :func:`frames`: a video's frames as ``(seconds, array)`` pairs;
- ``writer="framekit"`` for matplotlib's ``Animation.save`` (:mod:`framekit_ffmpeg.matplotlib`);
- :class:`FramekitError`: every failure, with framekit's own message and exit code.

numpy, Pillow and matplotlib are optional: each is imported only when a frame of its kind
is used. ``$FRAMEKIT_BINARY`` names another framekit binary to run (a development build).
Documentation: docs/python.md in framekit's repository.
"""

import sys

from ._binary import find_framekit
from ._commands import sheet, split, stitch
from ._errors import FramekitError
from ._frames import VideoFrames, frames
from ._writer import Writer

__all__ = [
    "FramekitError",
    "VideoFrames",
    "Writer",
    "find_framekit",
    "frames",
    "sheet",
    "split",
    "stitch",
]

# matplotlib has no plugin entry point for movie writers: register writer="framekit" now if
# matplotlib is in use, else `import framekit_ffmpeg.matplotlib` does it.
if "matplotlib.animation" in sys.modules or "matplotlib.pyplot" in sys.modules:
    from . import matplotlib as _matplotlib  # noqa: F401
