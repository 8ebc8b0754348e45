"""Keyword arguments to framekit's command-line options, mechanically.

``max_size="10MB"`` becomes ``--max-size 10MB``; ``True`` a bare flag (``lossless=True``), or
an option whose value may be left out given without one (``dedupe=True``: ``--dedupe``);
``False`` and ``None`` nothing; a list ``--at 1.5,0.2``. The tables below list each option of
``framekit stitch --help``, ``framekit split --help`` and ``framekit sheet --help`` that a
caller may give; a test
(``python/tests/test_options.py``) checks them against the installed binary's ``--help``, so
a new option cannot be forgotten here.
"""

import datetime
import difflib
import fractions
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence

FLAG = "flag"
VALUE = "value"
#: An option whose value may be left out (``--dedupe[=THRESHOLD]``): True gives it bare.
OPTIONAL = "optional value"

#: Option name -> (kind, separator of a list value or None when it takes one value).
STITCH_OPTIONS: Dict[str, tuple] = {
    "glob": (VALUE, None),
    "recursive": (FLAG, None),
    "sort": (VALUE, None),
    "fps": (VALUE, None),
    "fps_from": (VALUE, None),
    "hold_last": (VALUE, None),
    "bounce": (FLAG, None),
    "durations": (VALUE, None),
    "timestamps": (VALUE, None),
    "crf": (VALUE, None),
    "preset": (VALUE, None),
    "codec": (VALUE, None),
    "hw": (VALUE, None),
    "audio": (VALUE, None),
    "width": (VALUE, None),
    "pad": (VALUE, None),
    "fit": (VALUE, "x"),
    "grid": (VALUE, "x"),
    "uneven": (VALUE, None),
    "no_titles": (FLAG, None),
    "background": (VALUE, None),
    "max_size": (VALUE, None),
    "plays": (VALUE, None),
    "lossless": (FLAG, None),
    "label": (VALUE, None),
    "label_at": (VALUE, None),
    "jobs": (VALUE, None),
    "force": (FLAG, None),
    "dry_run": (FLAG, None),
    "quiet": (FLAG, None),
    "ffmpeg": (VALUE, None),
}

SPLIT_OPTIONS: Dict[str, tuple] = {
    "prefix": (VALUE, None),
    "digits": (VALUE, None),
    "format": (VALUE, None),
    "fps": (VALUE, None),
    "every": (VALUE, None),
    "count": (VALUE, None),
    "at": (VALUE, ","),
    "at_file": (VALUE, None),
    "keyframes": (FLAG, None),
    "scene": (VALUE, None),
    "start": (VALUE, None),
    "end": (VALUE, None),
    "width": (VALUE, None),
    "manifest": (FLAG, None),
    "fast": (FLAG, None),
    "allow_damaged": (FLAG, None),
    "sharpest": (FLAG, None),
    "dedupe": (OPTIONAL, None),
    "force": (FLAG, None),
    "dry_run": (FLAG, None),
    "quiet": (FLAG, None),
    "ffmpeg": (VALUE, None),
}

SHEET_OPTIONS: Dict[str, tuple] = {
    "grid": (VALUE, "x"),
    "width": (VALUE, None),
    "glob": (VALUE, None),
    "sort": (VALUE, None),
    "allow_damaged": (FLAG, None),
    "force": (FLAG, None),
    "dry_run": (FLAG, None),
    "quiet": (FLAG, None),
    "ffmpeg": (VALUE, None),
}

#: Options the Python layer gives itself (the positional arguments' neighbours, the report,
#: the frame streams, progress= as --progress-json), never taken as keywords.
STITCH_INTERNAL = {
    "output",
    "json",
    "null",
    "stdin_frames",
    "raw",
    "progress_json",
    "help",
    "version",
}
SPLIT_INTERNAL = {"json", "progress_json", "help", "version"}
SHEET_INTERNAL = {"output", "json", "progress_json", "help", "version"}


def option_text(value: Any) -> str:
    """One value as framekit reads it: paths as paths, 29.97 as 29.97, 30000/1001 as is."""
    if isinstance(value, datetime.timedelta):
        value = value.total_seconds()
    if isinstance(value, float):
        text = repr(value)
        # framekit reads 0.00001, not 1e-05.
        return text if "e" not in text else f"{value:.9f}".rstrip("0").rstrip(".")
    if isinstance(value, (int, fractions.Fraction)):
        return str(value)
    if isinstance(value, (str, os.PathLike)):
        return os.fspath(value)
    raise TypeError(f"{value!r} ({type(value).__name__}) is not a value framekit takes")


def _unknown(function: str, name: str, known: Sequence[str]) -> TypeError:
    close = difflib.get_close_matches(name.replace("-", "_"), known, n=1, cutoff=0.5)
    if close:
        return TypeError(
            f"{function}() got an unexpected keyword argument {name!r}; did you mean {close[0]!r}?"
        )
    return TypeError(
        f"{function}() got an unexpected keyword argument {name!r}; "
        f"its options are {', '.join(sorted(known))}"
    )


def to_arguments(
    function: str, table: Mapping[str, tuple], options: Mapping[str, Any]
) -> List[str]:
    """The command-line words for ``options`` (keywords of ``function``, for its errors).

    Raises:
        TypeError: a keyword that is no option of ``table`` (naming the nearest one), or a
            value of the wrong kind (a flag given a value, an option given ``True``).
    """
    words: List[str] = []
    for name, value in options.items():
        if name not in table:
            raise _unknown(function, name, list(table))
        kind, separator = table[name]
        option = "--" + name.replace("_", "-")
        if value is None or value is False:
            continue
        if kind == OPTIONAL and value is True:
            words.append(option)
            continue
        if kind == FLAG:
            if value is not True:
                raise TypeError(f"{function}(): {name} is a flag ({option}): give True or False")
            words.append(option)
            continue
        if value is True:
            raise TypeError(f"{function}(): {name} takes a value ({option} VALUE), not True")
        if isinstance(value, (list, tuple)):
            if separator is None:
                raise TypeError(
                    f"{function}(): {name} takes one value ({option} VALUE), not a list"
                )
            text = separator.join(option_text(item) for item in value)
        else:
            text = option_text(value)
        # As one word, so that a value starting with '-' is not read as an option.
        words.append(f"{option}={text}")
    return words


def ffmpeg_arguments(function: str, ffmpeg_args: Optional[Sequence[Any]]) -> List[str]:
    """What follows ``--``: extra ffmpeg output options, as given."""
    if ffmpeg_args is None:
        return []
    if isinstance(ffmpeg_args, (str, bytes)):
        raise TypeError(
            f"{function}(): ffmpeg_args is a list of words, e.g. ['-tune', 'animation'], not a string"
        )
    return ["--", *(option_text(word) for word in ffmpeg_args)]
