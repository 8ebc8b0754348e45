"""Running framekit: its stderr relayed live, its error kept for the exception.

framekit prints warnings as they happen and, when it fails, an ``error:`` line, details and
``hint:`` lines last. A thread reads its stderr line by line: lines before ``error:`` go to
``sys.stderr`` at once (a Jupyter cell's too: ipykernel replaces ``sys.stderr``), the error
itself is kept, to be raised as :class:`FramekitError` rather than printed twice. framekit's
``--progress-json`` lines never reach ``sys.stderr``: they go to the progress shown.
"""

import os
import subprocess
import sys
import threading
from typing import IO, Any, List, Optional, Sequence

from ._binary import find_framekit
from ._errors import FramekitError
from ._progress import parse_progress, progress_sink


def as_argument(path: "os.PathLike[str] | str") -> str:
    """A path as a command-line word framekit cannot take for an option or for stdin (``-``)."""
    text = os.fspath(path)
    if text.startswith("-"):
        return os.path.join(".", text)
    return text


class Framekit:
    """One running framekit process, with pipes to its stdin and from its stdout."""

    def __init__(
        self, arguments: Sequence[str], stdin: bool = False, progress: Any = None
    ) -> None:
        self._progress = progress_sink(progress)
        if self._progress is not None:
            # After the command's name: a later `--` would hand it to ffmpeg.
            arguments = [arguments[0], "--progress-json", *arguments[1:]]
        command = [find_framekit(), *arguments]
        try:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError as error:
            raise FramekitError(f"error: could not run {command[0]}: {error}", 127) from None
        self._relayed: List[str] = []
        self._error: List[str] = []
        self._relay = threading.Thread(target=self._relay_stderr, daemon=True)
        self._relay.start()

    @property
    def stdin(self) -> IO[bytes]:
        assert self.process.stdin is not None
        return self.process.stdin

    @property
    def stdout(self) -> IO[bytes]:
        assert self.process.stdout is not None
        return self.process.stdout

    def _relay_stderr(self) -> None:
        assert self.process.stderr is not None
        for raw in iter(self.process.stderr.readline, b""):
            line = raw.decode("utf-8", errors="replace")
            progress = parse_progress(line)
            if progress is not None:
                self._show_progress(*progress)
                continue
            if self._error or line.startswith("error:"):
                self._error.append(line)
                continue
            self._relayed.append(line)
            try:
                sys.stderr.write(line)
                sys.stderr.flush()
            except Exception:  # a closed or odd sys.stderr must not stop the draining
                pass

    def _show_progress(self, done: int, total: Optional[int]) -> None:
        if self._progress is None:
            return
        try:
            self._progress(done, total)
        except Exception as error:  # the user's callback failing must not hide framekit's end
            self._progress = None
            sys.stderr.write(f"framekit_ffmpeg: progress callback failed: {error!r}\n")

    def wait(self) -> int:
        """Waits for framekit to exit and for its stderr to be read to the end."""
        code = self.process.wait()
        self._relay.join()
        if self._progress is not None:
            self._progress.close()
            self._progress = None
        return code

    def stop(self) -> None:
        """Stops framekit (SIGTERM; ``TerminateProcess`` on Windows), so it writes nothing."""
        # Signal first: closing stdin flushes what is buffered, which a framekit that no
        # longer reads would never take.
        if self.process.poll() is None:
            self.process.terminate()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:
                    pass  # the flush met the closed pipe
        self.wait()

    def finish(self, last_bytes: Optional[bytes] = None) -> str:
        """Writes `last_bytes` (when given), closes stdin if framekit has one, and waits for
        framekit to end: its stdout as text, or its failure raised. Any interruption stops it."""
        try:
            if self.process.stdin is not None:
                try:
                    if last_bytes is not None:
                        self.process.stdin.write(last_bytes)
                    self.process.stdin.close()
                except OSError:
                    pass  # framekit stopped reading: its exit says why
            output = self.stdout.read()
            code = self.wait()
        except BaseException:
            self.stop()
            raise
        if code != 0:
            raise self.failure(code)
        return output.decode("utf-8", errors="replace")

    def failure(self, code: Optional[int] = None) -> FramekitError:
        """framekit's failure as an exception: its own message, else its exit status."""
        code = self.wait() if code is None else code
        stderr = "".join(self._relayed + self._error)
        message = "".join(self._error).strip()
        if not message:
            message = f"error: framekit exited with code {code}"
            if code < 0:
                message = f"error: framekit was killed by signal {-code}"
        return FramekitError(message, code, stderr)


def run_for_report(
    arguments: Sequence[str], stdin_bytes: Optional[bytes] = None, progress: Any = None
) -> str:
    """Runs framekit to the end and returns its stdout; raises its failure."""
    framekit = Framekit(arguments, stdin=stdin_bytes is not None, progress=progress)
    return framekit.finish(stdin_bytes)
