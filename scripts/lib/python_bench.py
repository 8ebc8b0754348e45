"""scripts/bench's python rows: one measurement per process, printed as JSON on stdout.

    python_bench.py write TOOL OUT.mp4          300 frames 1280x720 RGB, made in memory first
    python_bench.py read TOOL VIDEO             every frame of VIDEO as a numpy array
    python_bench.py memory OUT.mp4 N            Writer's peak memory over N frames
    python_bench.py colours OUT.mp4...          each video against the frames `write` makes

TOOL: framekit (framekit_ffmpeg.Writer / frames()), imageio (imageio.v2.mimwrite / its
ffmpeg reader), matplotlib (FFMpegWriter; write only), pyav (read only). Times are taken in
the process, from the tool's first call to the file finished (or the last array made):
interpreter start-up and imports (matplotlib's alone is about 0.4 s) are not the tool's work
on frames. Every writer gets the same x264 settings: -crf 23 -preset medium, yuv420p.
"""

import json
import os
import resource
import sys
import threading
import time

WIDTH, HEIGHT, FRAMES, FPS = 1280, 720, 300, 30
X264 = ["-crf", "23", "-preset", "medium"]


def gradient(numpy, index):
    """Frame `index` of a moving gradient: every hue, dark to bright, shifting 4 px a frame."""
    x = (numpy.arange(WIDTH, dtype=numpy.int32) + 4 * index) % WIDTH
    y = numpy.arange(HEIGHT, dtype=numpy.int32)
    frame = numpy.empty((HEIGHT, WIDTH, 3), numpy.uint8)
    frame[:, :, 0] = (x * 255 // (WIDTH - 1))[None, :]
    frame[:, :, 1] = (y * 255 // (HEIGHT - 1))[:, None]
    frame[:, :, 2] = ((WIDTH - 1 - x) * 255 // (WIDTH - 1))[None, :] // 2 + (
        y * 127 // (HEIGHT - 1)
    )[:, None]
    return frame


def cpu_seconds():
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def write(tool, out):
    import numpy

    frames = [gradient(numpy, i) for i in range(FRAMES)]
    start = time.perf_counter()
    if tool == "framekit":
        import framekit_ffmpeg

        with framekit_ffmpeg.Writer(out, fps=FPS, crf=23, preset="medium", force=True) as video:
            for frame in frames:
                video.write(frame)
    elif tool == "imageio":
        import imageio.v2 as imageio

        # quality=None: no -crf of its own (its default, 5, would be -crf 25); the same
        # settings as the others instead. 1280x720 is a multiple of 16: no resizing.
        imageio.mimwrite(out, frames, fps=FPS, codec="libx264", quality=None,
                         pixelformat="yuv420p", ffmpeg_params=X264, macro_block_size=16)
    elif tool == "matplotlib":
        import matplotlib

        matplotlib.use("Agg")
        matplotlib.rcParams["animation.ffmpeg_path"] = os.environ.get("IMAGEIO_FFMPEG_EXE", "ffmpeg")
        from matplotlib.animation import FFMpegWriter

        # What FFMpegWriter runs for a figure, given the frames' bytes: setup() starts
        # ffmpeg with -f rawvideo -pix_fmt rgba; its grab_frame() writes the canvas. Here
        # the frames go straight to its pipe as RGB (its frame_format), as a user writing
        # arrays through it would.
        writer = FFMpegWriter(fps=FPS, codec="libx264", extra_args=X264 + ["-pix_fmt", "yuv420p"])
        writer.frame_format = "rgb24"

        class Size:  # what setup() reads of a figure: its size in pixels
            dpi = 100

            def get_size_inches(self):
                return (WIDTH / 100, HEIGHT / 100)

        writer.setup(Size(), out, dpi=100)
        for frame in frames:
            writer._proc.stdin.write(memoryview(frame).cast("B"))
        writer.finish()
    else:
        raise SystemExit(f"no writer {tool}")
    wall = time.perf_counter() - start
    return {"wall": wall, "frames": FRAMES}


def read(tool, video):
    import numpy

    count = 0
    checksum = 0
    start = time.perf_counter()
    if tool == "framekit":
        import framekit_ffmpeg

        for _seconds, frame in framekit_ffmpeg.frames(video):
            count += 1
            checksum += int(frame[0, 0, 0])
    elif tool == "imageio":
        import imageio.v2 as imageio

        with imageio.get_reader(video, format="FFMPEG") as reader:
            for frame in reader:
                count += 1
                checksum += int(frame[0, 0, 0])
    elif tool == "pyav":
        import av

        with av.open(video) as container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"  # frame and slice threads, as ffmpeg's own decode
            for decoded in container.decode(stream):
                frame = decoded.to_ndarray(format="rgb24")
                count += 1
                checksum += int(frame[0, 0, 0])
    else:
        raise SystemExit(f"no reader {tool}")
    wall = time.perf_counter() - start
    assert isinstance(numpy.uint8(checksum % 256), numpy.uint8)
    return {"wall": wall, "frames": count}


def rss_kib(pid, field="VmRSS"):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listed:
            return [int(p) for p in listed.read().split()]
    except OSError:
        return []


def memory(out, count):
    """Writer over `count` frames made on the fly (a view of a wide gradient: nothing kept),
    sampled every 20 ms: Python's RSS plus framekit's, framekit's own peak (VmHWM), and
    ffmpeg's (the encoder every tool runs)."""
    import numpy

    import framekit_ffmpeg

    wide = numpy.concatenate([gradient(numpy, 0)] * 2, axis=1)
    peaks = {"python_and_framekit_kib": 0, "framekit_kib": 0, "ffmpeg_kib": 0, "python_kib": 0}
    done = threading.Event()
    video = framekit_ffmpeg.Writer(out, fps=FPS, crf=23, preset="medium", force=True)

    def sample():
        while not done.wait(0.02):
            framekit = video._framekit
            own = rss_kib("self") or 0
            peaks["python_kib"] = max(peaks["python_kib"], own)
            if framekit is None:
                continue
            pid = framekit.process.pid
            rss = rss_kib(pid) or 0
            peaks["python_and_framekit_kib"] = max(peaks["python_and_framekit_kib"], own + rss)
            peaks["framekit_kib"] = max(peaks["framekit_kib"], rss_kib(pid, "VmHWM") or 0)
            for child in children(pid):
                peaks["ffmpeg_kib"] = max(peaks["ffmpeg_kib"], rss_kib(child, "VmHWM") or 0)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    with video:
        for i in range(count):
            shift = (4 * i) % WIDTH
            video.write(wide[:, shift : shift + WIDTH])
    done.set()
    sampler.join()
    peaks["python_maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peaks["frames"] = video.report["frames"]
    peaks["wall"] = time.perf_counter() - start
    return peaks


def colours(videos):
    """Each video decoded by a BT.709 reader (TV range, as its tags should say and as
    browsers read untagged HD video) against the frames that went in."""
    import subprocess

    import numpy

    results = {}
    for path in videos:
        command = ["ffmpeg", "-v", "error", "-nostdin", "-i", path, "-vf",
                   "scale=in_color_matrix=bt709:in_range=tv,format=rgb24",
                   "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
        decoded = subprocess.run(command, check=True, capture_output=True).stdout
        size = WIDTH * HEIGHT * 3
        count = len(decoded) // size
        largest, total, sampled = 0, 0.0, 0
        # Every 10th frame: the colour shift is the same in each.
        for i in range(0, count, 10):
            got = numpy.frombuffer(decoded, numpy.uint8, size, i * size).reshape(HEIGHT, WIDTH, 3)
            diff = numpy.abs(got.astype(numpy.int16) - gradient(numpy, i).astype(numpy.int16))
            largest = max(largest, int(diff.max()))
            total += float(diff.mean())
            sampled += 1
        results[os.path.basename(path)] = {"frames": count, "largest": largest,
                                           "mean": total / max(sampled, 1)}
    return results


def main():
    what = sys.argv[1]
    if what == "write":
        result = write(sys.argv[2], sys.argv[3])
    elif what == "read":
        result = read(sys.argv[2], sys.argv[3])
    elif what == "memory":
        result = memory(sys.argv[2], int(sys.argv[3]))
    elif what == "colours":
        result = colours(sys.argv[2:])
    else:
        raise SystemExit(f"unknown measurement {what}")
    result["cpu_self"] = cpu_seconds()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
