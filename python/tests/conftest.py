"""The tests run the framekit this Python finds (the wheel's, in CI; $FRAMEKIT_BINARY for a
development build) and decode its output with ffmpeg."""

import subprocess
import sys

import pytest

import framekit_ffmpeg


@pytest.fixture(scope="session")
def framekit() -> str:
    return framekit_ffmpeg.find_framekit()


def run_python(code: str) -> subprocess.CompletedProcess:
    """``code`` in a fresh interpreter of this environment (what a new import loads)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


# No display in CI, and the same pixels everywhere.
import os  # noqa: E402

os.environ.setdefault("MPLBACKEND", "Agg")
