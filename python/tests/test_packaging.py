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


def test_ci_tests_the_installed_wheel_not_the_source():
    # scripts/ci/wheel.sh sets this: the package and binary must be the virtualenv's.
    if os.environ.get("FRAMEKIT_EXPECT_INSTALLED"):
        assert "FRAMEKIT_BINARY" not in os.environ
        package = os.path.dirname(framekit_ffmpeg.__file__)
        site = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
        assert os.path.dirname(package) in site, package


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
