"""``stitch()``, ``split()`` and ``sheet()``: the commands, each returning its ``--json``
report."""

import json
import os
from typing import Any, Dict, Iterable, Optional, Sequence, Union

from ._options import (
    SHEET_OPTIONS,
    SPLIT_OPTIONS,
    STITCH_OPTIONS,
    ffmpeg_arguments,
    to_arguments,
)
from ._process import as_argument, run_for_report

PathLike = Union[str, "os.PathLike[str]"]


def _report(output: str, dry_run: bool) -> Dict[str, Any]:
    if dry_run:
        # --dry-run prints the ffmpeg command, not a report.
        return {"dry_run": True, "command": output.strip()}
    report: Dict[str, Any] = json.loads(output)
    return report


def stitch(
    folder: Union[PathLike, Iterable[PathLike]],
    output: PathLike,
    *,
    ffmpeg_args: Optional[Sequence[Any]] = None,
    progress: Any = None,
    **options: Any,
) -> Dict[str, Any]:
    """Encodes a folder of images into a video or GIF: ``framekit stitch FOLDER -o OUTPUT``.

    Args:
        folder: the folder of frames; or a list of image paths, taken in that order (given to
            framekit on stdin, as ``framekit stitch - -0`` reads them); or a list of folders,
            whose frames are put side by side (``framekit stitch DIR1 DIR2``: frame i of each
            folder in one frame; ``grid="2x2"``, ``uneven="hold"``, ``no_titles=True``). A list
            mixing folders and files is refused (ValueError).
        output: the video to write; its extension picks the format (.mp4 .mov .mkv .webm
            .gif .webp .apng).
        ffmpeg_args: extra ffmpeg output options, after framekit's own (``-- ARGS``), e.g.
            ``["-tune", "animation"]``.
        progress: ``None`` (default) shows progress where you would see it: a ``tqdm.auto``
            bar when tqdm is installed (Jupyter too), else a line on ``sys.stderr`` when it is
            a terminal; ``False`` shows none; a callable is called as ``progress(done,
            total)`` (frames; ``total`` None while unknown), from framekit's stderr thread.
        **options: any option of ``framekit stitch --help``, snake_case: ``fps=10``,
            ``sort="natural"``, ``max_size="10MB"``, ``pad="white"``, ``fit=(1920, 1080)``,
            ``lossless=True``, ``force=True``.

    Returns:
        framekit's ``--json`` report: ``output``, ``frames``, ``width``, ``height``, ``fps``,
        ``seconds``, ``codec``, ``warnings``... (with ``dry_run=True``: ``{"dry_run": True,
        "command": "..."}``, the ffmpeg command, nothing run).

    Raises:
        FramekitError: framekit failed (nothing was written); ``str(error)`` is its message.
        TypeError: a keyword that is no option of stitch (the nearest one is named).
    """
    words = to_arguments("stitch", STITCH_OPTIONS, options)
    stdin_bytes = None
    if isinstance(folder, (str, os.PathLike)):
        source = [as_argument(folder)]
    else:
        paths = list(folder)
        folders = [path for path in paths if os.path.isdir(path)]
        if folders and len(folders) == len(paths):
            source = [as_argument(path) for path in paths]
        elif folders:
            raise ValueError(
                f"stitch() takes a list of folders (side by side) or a list of images, not both: "
                f"{os.fspath(folders[0])!r} is a folder among files"
            )
        else:
            stdin_bytes = b"".join(os.fsencode(path) + b"\0" for path in paths)
            source = ["-", "--null"]
    arguments = [
        "stitch",
        *source,
        f"--output={os.fspath(output)}",
        "--json",
        *words,
        *ffmpeg_arguments("stitch", ffmpeg_args),
    ]
    output_text = run_for_report(arguments, stdin_bytes, progress)
    return _report(output_text, bool(options.get("dry_run")))


def split(
    video: PathLike, out_dir: PathLike, *, progress: Any = None, **options: Any
) -> Dict[str, Any]:
    """Writes a video's frames as numbered images: ``framekit split VIDEO OUT_DIR``.

    Args:
        video: the video to read.
        out_dir: the folder for the frames, created when missing (to get frames as arrays
            instead, use :func:`frames`).
        progress: ``None`` (default) shows progress where you would see it: a ``tqdm.auto``
            bar when tqdm is installed (Jupyter too), else a line on ``sys.stderr`` when it is
            a terminal; ``False`` shows none; a callable is called as ``progress(done,
            total)`` (frames; ``total`` None while unknown), from framekit's stderr thread.
        **options: any option of ``framekit split --help``, snake_case: ``count=20``,
            ``at=[1.5, 0.2]``, ``every=10``, ``fps=1``, ``width=512``, ``format="jpg"``,
            ``start=12.5``, ``manifest=True``.

    Returns:
        framekit's ``--json`` report: ``output``, ``frames``, ``first``, ``last``, ``width``,
        ``height``, ``fps``, ``mode``, ``warnings``...

    Raises:
        FramekitError: framekit failed (nothing was written); ``str(error)`` is its message.
        TypeError: a keyword that is no option of split (the nearest one is named).
    """
    words = to_arguments("split", SPLIT_OPTIONS, options)
    arguments = ["split", as_argument(video), as_argument(out_dir), "--json", *words]
    return _report(run_for_report(arguments, progress=progress), bool(options.get("dry_run")))


def sheet(
    source: PathLike, output: PathLike, *, progress: Any = None, **options: Any
) -> Dict[str, Any]:
    """A contact sheet of a video or a folder of frames: ``framekit sheet VIDEO|DIR -o OUTPUT``.

    Args:
        source: the video (its frames picked as ``split(count=C*R)`` picks them, each
            captioned with its time, under a header with the file's name, duration, size,
            frame rate and codec), or a folder of frames (captioned by file name).
        output: the sheet to write: .png, .jpg (.jpeg) or .webp.
        progress: as for :func:`split` (the video's frames as they are written).
        **options: any option of ``framekit sheet --help``, snake_case: ``grid=(6, 3)`` or
            ``grid="6x3"``, ``width=2400``, ``sort="natural"``, ``force=True``.

    Returns:
        framekit's ``--json`` report: ``output``, ``width``, ``height``, ``grid``, ``frames``,
        ``tiles`` (each with its ``pts_seconds`` and ``source_frame``, or ``file`` and
        ``index``), ``warnings``...

    Raises:
        FramekitError: framekit failed (nothing was written); ``str(error)`` is its message.
        TypeError: a keyword that is no option of sheet (the nearest one is named).
    """
    words = to_arguments("sheet", SHEET_OPTIONS, options)
    arguments = [
        "sheet",
        as_argument(source),
        f"--output={os.fspath(output)}",
        "--json",
        *words,
    ]
    return _report(run_for_report(arguments, progress=progress), bool(options.get("dry_run")))
