"""The one exception every failure of framekit raises, carrying framekit's own words."""

from typing import List, Optional


class FramekitError(Exception):
    """framekit failed, or could not be run: nothing was written.

    ``str(error)`` is framekit's own message: its ``error:`` line, the details below it and
    its ``hint:`` lines, as the command line shows them.

    Attributes:
        message: that message.
        exit_code: framekit's exit code (1 for a failed job, 2 for a wrong option, 127 when
            there is no ffmpeg, 130/143 when interrupted); ``None`` when framekit never ran
            or the failure was found on the Python side (a frame of another shape).
        hints: the ``hint:`` lines, without the prefix.
        stderr: everything framekit printed on stderr, warnings included.
    """

    def __init__(self, message: str, exit_code: Optional[int] = None, stderr: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.stderr = stderr
        self.hints: List[str] = [
            line[len("hint:") :].strip()
            for line in message.splitlines()
            if line.startswith("hint:")
        ]

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # Picklable with its exit code (multiprocessing sends exceptions between processes).
        return (type(self), (self.message, self.exit_code, self.stderr))
