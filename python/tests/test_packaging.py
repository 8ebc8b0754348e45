"""The installed package: its binary found where the wheel put it, and nothing optional
imported until used."""

import os
import sysconfig

import framekit_ffmpeg
from conftest import run_python


def test_the_binary_is_the_one_installed_beside_this_python():
    found = framekit_ffmpeg.find_framekit()
    named = os.environ.get("FRAMEKIT_BINARY")
    if named:
        assert found == named
    else:
        assert os.path.dirname(found) == sysconfig.get_path("scripts"), found


def test_importing_loads_neither_numpy_nor_pillow_nor_matplotlib():
    done = run_python(
        "import sys, framekit_ffmpeg\n"
        "print(sorted(m for m in ('numpy', 'PIL', 'matplotlib') if m in sys.modules))"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_package_is_typed():
    folder = os.path.dirname(framekit_ffmpeg.__file__)
    assert os.path.isfile(os.path.join(folder, "py.typed"))
