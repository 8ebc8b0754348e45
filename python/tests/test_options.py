"""Keywords become framekit's options mechanically, and the tables behind that agree with
the binary's own --help (so that no option is missing or misread)."""

import re
import subprocess
from pathlib import Path

import pytest

import framekit_ffmpeg
from framekit_ffmpeg._options import (
    FLAG,
    OPTIONAL,
    SHEET_INTERNAL,
    SHEET_OPTIONS,
    SPLIT_INTERNAL,
    SPLIT_OPTIONS,
    STITCH_INTERNAL,
    STITCH_OPTIONS,
    to_arguments,
)

OPTION_LINE = re.compile(r"^\s+(?:-\w, )?--([a-z0-9-]+)(?: <([^>]+)>|(\[=<[^>]+>\]))?")


def help_options(framekit: str, command: str) -> dict:
    """Each long option of ``framekit COMMAND --help``: snake_case name -> takes a value."""
    text = subprocess.run(
        [framekit, command, "--help"], check=True, capture_output=True, text=True
    ).stdout
    options = text.split("\nOptions:\n", 1)[1].split("\nExamples:", 1)[0]
    found = {}
    for line in options.splitlines():
        match = OPTION_LINE.match(line)
        if match:
            takes = "optional" if match.group(3) else match.group(2) is not None
            found[match.group(1).replace("-", "_")] = takes
    return found


@pytest.mark.parametrize(
    "command, table, internal",
    [
        ("stitch", STITCH_OPTIONS, STITCH_INTERNAL),
        ("split", SPLIT_OPTIONS, SPLIT_INTERNAL),
        ("sheet", SHEET_OPTIONS, SHEET_INTERNAL),
    ],
)
def test_option_tables_match_framekit_help(framekit, command, table, internal):
    shown = help_options(framekit, command)
    assert len(shown) > 8, shown
    missing = sorted(set(shown) - set(table) - internal)
    assert not missing, f"framekit {command} --help lists options the Python table lacks: {missing}"
    gone = sorted(set(table) - set(shown))
    assert not gone, f"the Python table of {command} has options framekit lacks: {gone}"
    for name, takes_value in shown.items():
        if name in table and takes_value == "optional":
            assert table[name][0] == OPTIONAL, f"--{name}: its value may be left out"
        elif name in table:
            assert (table[name][0] != FLAG) == takes_value, f"--{name}: flag or value?"


def test_keywords_become_options_mechanically():
    words = to_arguments(
        "split",
        SPLIT_OPTIONS,
        {
            "count": 20,
            "at": [1.5, 0.2, "0:02"],
            "allow_damaged": True,
            "manifest": False,
            "start": None,
            "width": 512,
            "end": 0.00001,
            "prefix": Path("-odd"),
        },
    )
    assert words == [
        "--count=20",
        "--at=1.5,0.2,0:02",
        "--allow-damaged",
        "--width=512",
        "--end=0.00001",
        "--prefix=-odd",
    ]
    # An option whose value may be left out: True gives it bare.
    assert to_arguments("split", SPLIT_OPTIONS, {"sharpest": True, "dedupe": True}) == [
        "--sharpest",
        "--dedupe",
    ]
    assert to_arguments("split", SPLIT_OPTIONS, {"dedupe": 2.5}) == ["--dedupe=2.5"]
    assert to_arguments("stitch", STITCH_OPTIONS, {"max_size": "10MB", "fit": (1920, 1080)}) == [
        "--max-size=10MB",
        "--fit=1920x1080",
    ]


@pytest.mark.parametrize(
    "options, says",
    [
        ({"fsp": 10}, "did you mean 'fps'"),
        ({"maxsize": "10MB"}, "did you mean 'max_size'"),
        ({"lossles": True}, "did you mean 'lossless'"),
        ({"lossless": "yes"}, "lossless is a flag"),
        ({"pad": True}, "pad takes a value"),
        ({"fps": [1, 2]}, "fps takes one value"),
    ],
)
def test_a_wrong_keyword_is_a_type_error_naming_it(tmp_path, options, says):
    (tmp_path / "frames").mkdir()
    with pytest.raises(TypeError, match=re.escape(says)):
        framekit_ffmpeg.stitch(tmp_path / "frames", tmp_path / "out.mp4", **options)
    assert not (tmp_path / "out.mp4").exists()


def test_split_and_frames_name_their_own_options(tmp_path):
    with pytest.raises(TypeError, match="did you mean 'count'"):
        framekit_ffmpeg.split(tmp_path / "a.mp4", tmp_path / "out", cout=3)
    with pytest.raises(TypeError, match="did you mean 'every'"):
        framekit_ffmpeg.frames(tmp_path / "a.mp4", evry=3)
    # A file-naming option means nothing for arrays.
    with pytest.raises(TypeError, match="'prefix'"):
        framekit_ffmpeg.frames(tmp_path / "a.mp4", prefix="x_")
