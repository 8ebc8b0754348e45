"""Where the ``framekit`` command that came with this package is.

The wheel installs the binary as a script of the Python environment (maturin's "bin"
bindings), so it is looked for where ruff's and uv's Python shims look for theirs: the
environment's scripts folder, then the user scheme's (``pip install --user``), then ``PATH``.
"""

import os
import shutil
import sys
import sysconfig
from typing import List, Optional

from ._errors import FramekitError

#: Names a framekit binary to run instead of the installed one (a debug build, say).
BINARY_VARIABLE = "FRAMEKIT_BINARY"

_EXE = "framekit" + (sysconfig.get_config_var("EXE") or "")


def _user_scripts() -> Optional[str]:
    if sys.version_info >= (3, 10):
        scheme = sysconfig.get_preferred_scheme("user")
    elif os.name == "nt":
        scheme = "nt_user"
    elif sys.platform == "darwin" and getattr(sys, "_framework", None):
        scheme = "osx_framework_user"
    else:
        scheme = "posix_user"
    try:
        return sysconfig.get_path("scripts", scheme=scheme)
    except KeyError:
        return None


def _candidates() -> List[str]:
    folders = [sysconfig.get_path("scripts"), _user_scripts()]
    # `pip install --target DIR` puts the scripts in DIR/bin, beside this package's folder.
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    folders.append(os.path.join(here, "bin"))
    return [os.path.join(folder, _EXE) for folder in folders if folder]


def find_framekit() -> str:
    """The path of the framekit binary to run.

    ``$FRAMEKIT_BINARY`` when set, else the one this package's wheel installed beside the
    Python environment's scripts, else ``framekit`` on ``PATH``.

    Raises:
        FramekitError: none was found (exit code 127, as framekit's own for a missing ffmpeg).
    """
    named = os.environ.get(BINARY_VARIABLE)
    if named:
        if os.path.isfile(named):
            return named
        raise FramekitError(
            f"error: ${BINARY_VARIABLE} names {named}, which is not a file\n"
            f"hint: unset {BINARY_VARIABLE} to run the framekit installed with this package",
            exit_code=127,
        )
    tried = _candidates()
    for path in tried:
        if os.path.isfile(path):
            return path
    on_path = shutil.which("framekit")
    if on_path:
        return on_path
    raise FramekitError(
        "error: the framekit command was not found beside this Python ("
        + ", ".join(tried)
        + ") nor on PATH\n"
        "hint: reinstall the package into this environment: "
        f"`{os.path.basename(sys.executable)} -m pip install --force-reinstall framekit-ffmpeg`\n"
        f"hint: or name a framekit binary with {BINARY_VARIABLE}=PATH",
        exit_code=127,
    )
