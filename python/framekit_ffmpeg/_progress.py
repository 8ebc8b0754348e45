"""Progress as the user would see it: framekit's ``--progress-json`` lines turned into a tqdm
bar, a one-line text on a terminal, or calls of the user's own ``progress(done, total)``.

``progress=None`` shows progress where a person would see it (tqdm when installed, which
also renders in Jupyter; else text on ``sys.stderr`` when that is a terminal); ``False``
shows none; a callable is called with each update.
"""

import json
import sys
from typing import Any, Callable, Optional

PROGRESS_PREFIX = '{"progress"'

Callback = Callable[[int, Optional[int]], Any]


def parse_progress(line: str) -> Optional[tuple]:
    """``(done, total)`` of a ``--progress-json`` line, or None when it is not one."""
    if not line.startswith(PROGRESS_PREFIX):
        return None
    try:
        progress = json.loads(line)["progress"]
        return int(progress["done"]), progress.get("total")
    except (ValueError, KeyError, TypeError):
        return None


class _Tqdm:
    """A tqdm bar, started again when framekit starts a new phase (a spool: received, then
    encoded), which it tells by a new total."""

    def __init__(self, tqdm: Any) -> None:
        self._tqdm = tqdm
        self._bar: Any = None
        self._total: Optional[int] = None

    def __call__(self, done: int, total: Optional[int]) -> None:
        if self._bar is None:
            self._bar = self._tqdm(total=total, unit="frames", leave=False)
        elif total != self._total:
            self._bar.reset(total=total)
        self._total = total
        self._bar.n = done
        self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


class _TerminalLine:
    """``framekit: N/M frames`` on one line of a terminal, rewritten in place."""

    def __call__(self, done: int, total: Optional[int]) -> None:
        of = f"/{total}" if total is not None else ""
        try:
            sys.stderr.write(f"\rframekit: {done}{of} frames")
            sys.stderr.flush()
        except Exception:  # progress must never break the run
            pass

    def close(self) -> None:
        try:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
        except Exception:
            pass


class _Callback:
    def __init__(self, callback: Callback) -> None:
        self._callback = callback

    def __call__(self, done: int, total: Optional[int]) -> None:
        self._callback(done, total)

    def close(self) -> None:
        pass


def progress_sink(progress: Any) -> Optional[Any]:
    """What receives framekit's progress for ``progress=``, or None for no progress at all."""
    if progress is False:
        return None
    if callable(progress):
        return _Callback(progress)
    if progress is not None and progress is not True:
        raise TypeError("progress= takes None, True, False or a callable progress(done, total)")
    try:
        from tqdm.auto import tqdm
    except ImportError:
        tqdm = None
    if tqdm is not None:
        return _Tqdm(tqdm)
    try:
        on_terminal = sys.stderr.isatty()
    except Exception:
        on_terminal = False
    return _TerminalLine() if on_terminal else None
