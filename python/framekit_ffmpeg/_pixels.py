"""A frame (numpy array, PIL image, matplotlib figure) as pixels framekit reads.

Nothing here imports numpy, Pillow or matplotlib: a frame of one of their types means its
module is loaded already, and is found in ``sys.modules``.
"""

import array
import sys
from typing import Any, NamedTuple, Union

# framekit's --raw pixel formats by (channels, bytes a sample).
_PIXFMTS = {
    (1, 1): "gray",
    (3, 1): "rgb24",
    (4, 1): "rgba",
    (1, 2): "gray16le",
    (3, 2): "rgb48le",
    (4, 2): "rgba64le",
}
_TUPLTYPES = {1: "GRAYSCALE", 3: "RGB", 4: "RGB_ALPHA"}


class Pixels(NamedTuple):
    """One frame's samples, row by row, 16-bit ones little-endian."""

    data: Union[bytes, memoryview]
    width: int
    height: int
    channels: int
    sample_bytes: int

    @property
    def pixfmt(self) -> str:
        return _PIXFMTS[(self.channels, self.sample_bytes)]

    @property
    def shape(self) -> str:
        """As numpy would say it, with its pixel format: ``480x640x3 uint8 (rgb24)``."""
        dims = f"{self.height}x{self.width}" + ("" if self.channels == 1 else f"x{self.channels}")
        return f"{dims} {'uint8' if self.sample_bytes == 1 else 'uint16'} ({self.pixfmt})"

    def pam(self) -> bytes:
        """The frame as a PAM image (netpbm P7): its size travels with it."""
        header = (
            f"P7\nWIDTH {self.width}\nHEIGHT {self.height}\nDEPTH {self.channels}\n"
            f"MAXVAL {255 if self.sample_bytes == 1 else 65535}\n"
            f"TUPLTYPE {_TUPLTYPES[self.channels]}\nENDHDR\n"
        ).encode("ascii")
        if self.sample_bytes == 1:
            return header + bytes(self.data)
        # PAM's 16-bit samples are big-endian.
        samples = array.array("H", bytes(self.data))
        if sys.byteorder == "little":
            samples.byteswap()
        return header + samples.tobytes()


def _from_numpy(frame: Any) -> Pixels:
    numpy = sys.modules["numpy"]
    if frame.dtype not in (numpy.uint8, numpy.uint16):
        raise TypeError(
            f"a frame must be uint8 or uint16, not {frame.dtype} "
            "(e.g. (frame * 255).clip(0, 255).astype(numpy.uint8) for floats in 0..1)"
        )
    if frame.ndim == 3 and frame.shape[2] == 1:
        frame = frame[:, :, 0]
    if not (frame.ndim == 2 or (frame.ndim == 3 and frame.shape[2] in (3, 4))):
        raise TypeError(
            f"a frame must be HxW, HxWx3 or HxWx4, not {'x'.join(map(str, frame.shape))}"
        )
    frame = numpy.ascontiguousarray(frame, dtype=frame.dtype.newbyteorder("<"))
    channels = 1 if frame.ndim == 2 else frame.shape[2]
    # A flat view of bytes: memoryview cannot cast numpy's explicit "<H" format itself.
    data = memoryview(frame.reshape(-1).view(numpy.uint8))
    return Pixels(data, frame.shape[1], frame.shape[0], channels, frame.dtype.itemsize)


def _from_pil(image: Any) -> Pixels:
    mode = image.mode
    if mode == "I;16":
        return Pixels(image.tobytes(), image.width, image.height, 1, 2)
    if mode not in ("L", "RGB", "RGBA"):
        transparent = "A" in mode or "transparency" in image.info
        image = image.convert("RGBA" if transparent else "RGB")
    channels = {"L": 1, "RGB": 3, "RGBA": 4}[image.mode]
    return Pixels(image.tobytes(), image.width, image.height, channels, 1)


def _from_figure(figure: Any) -> Pixels:
    canvas = figure.canvas
    if hasattr(canvas, "buffer_rgba"):
        # pyplot's figures (Agg, inline, and the GUI backends built on Agg): the drawn
        # buffer itself, no copy.
        canvas.draw()
        buffer = memoryview(canvas.buffer_rgba())
        height, width = buffer.shape[0], buffer.shape[1]  # type: ignore[index]
        return Pixels(buffer.cast("B"), width, height, 4, 1)
    # A Figure() made without pyplot, or a canvas without a buffer: savefig renders it with
    # Agg, as raw RGBA, at the figure's own size.
    import io

    stream = io.BytesIO()
    figure.savefig(stream, format="rgba", dpi=figure.dpi)
    data = stream.getbuffer()
    width = int(figure.bbox.width)
    return Pixels(data, width, len(data) // (4 * width), 4, 1)


def to_pixels(frame: Any) -> Pixels:
    """The pixels of a numpy array (uint8/uint16; HxW, HxWx3, HxWx4), a PIL image or a
    matplotlib figure.

    Raises:
        TypeError: another kind of frame, dtype or shape.
    """
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(frame, numpy.ndarray):
        return _from_numpy(frame)
    pil = sys.modules.get("PIL.Image")
    if pil is not None and isinstance(frame, pil.Image):
        return _from_pil(frame)
    figure = sys.modules.get("matplotlib.figure")
    if figure is not None and isinstance(frame, (figure.Figure, getattr(figure, "SubFigure", ()))):
        return _from_figure(frame.figure if hasattr(frame, "figure") else frame)
    raise TypeError(
        f"a frame is a numpy array, a PIL image or a matplotlib figure, not {type(frame).__name__}"
    )
