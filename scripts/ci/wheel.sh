#!/usr/bin/env bash
# CI, `pip install "framekit-ffmpeg[ffmpeg]"`: builds framekit's wheel (the distribution
# framekit-ffmpeg, docs/development.md "Names") with maturin (from PyPI, pinned), checks that
# it holds the `framekit` command, installs it with the [ffmpeg] extra (imageio-ffmpeg, from
# PyPI) into a fresh virtualenv, and runs the installed framekit with a PATH that holds no
# ffmpeg and no ffprobe, as on a machine where pip brought the only ffmpeg: framekit must find
# imageio-ffmpeg's binary beside itself. It stitches examples/frames (an mp4, a GIF, an mp4
# scaled by a filter after --, whose reported size must be the video's though no ffprobe
# exists) and splits the video again; each result is checked with Debian's ffprobe. Then the
# Python package the wheel carries (framekit_ffmpeg, docs/python.md) is tested by pytest
# (python/tests) in that virtualenv, with numpy, Pillow and matplotlib from PyPI: what it
# makes is decoded with Debian's ffmpeg.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/ensure-ffmpeg.sh
. scripts/ci/common.sh

MATURIN=1.16.0
# What the Python tests use, pinned (PyPI; pip's cache keeps a second run offline-fast).
PYTHON_TEST_PACKAGES=(numpy==2.4.6 pillow==13.0.0 matplotlib==3.11.2 pytest==9.2.0)
TOOLS=$CI_CACHE/maturin-$MATURIN
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; print_timings "pip install framekit-ffmpeg[ffmpeg]: timings"' EXIT

build() {
  if ! [ -x "$TOOLS/bin/maturin" ]; then
    rm -rf "$TOOLS"
    python3 -m venv "$TOOLS"
    "$TOOLS/bin/pip" install --quiet --disable-pip-version-check "maturin==$MATURIN"
  fi
  "$TOOLS/bin/maturin" --version
  rm -rf target/wheels
  "$TOOLS/bin/maturin" build --release --locked --out target/wheels
  ls -l target/wheels
  # The distribution is framekit-ffmpeg (framekit_ffmpeg in file names); the one command it
  # installs is framekit, by its [[bin]] name.
  local wheel
  wheel=$(ls target/wheels/framekit_ffmpeg-*.whl)
  python3 -m zipfile -l "$wheel" | tee "$WORK/contents"
  grep -Eq '^framekit_ffmpeg-[^/]+\.data/scripts/framekit(\.exe)? ' "$WORK/contents" || {
    echo "error: $wheel installs no framekit command" >&2
    return 1
  }
  # Beside it, the Python package (python-source), typed, and not its tests.
  local file
  for file in framekit_ffmpeg/__init__.py framekit_ffmpeg/py.typed framekit_ffmpeg/matplotlib.py; do
    grep -q "^$file " "$WORK/contents" || {
      echo "error: $wheel lacks $file" >&2
      return 1
    }
  done
  if grep -q 'tests/' "$WORK/contents"; then
    echo "error: $wheel carries the tests" >&2
    return 1
  fi
}

install() {
  local wheel
  wheel=$(ls target/wheels/framekit_ffmpeg-*.whl)
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "$wheel[ffmpeg]"
  "$WORK/venv/bin/pip" list --disable-pip-version-check | grep -i -e framekit -e imageio
}

# framekit from the virtualenv, with a PATH of one empty folder: no ffmpeg, no ffprobe.
framekit() {
  mkdir -p "$WORK/empty-path"
  PATH=$WORK/empty-path "$WORK/venv/bin/framekit" "$@"
}

frames_in() {
  ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames \
    -of csv=p=0 "$1"
}

use() {
  ensure_ffmpeg # Debian's, to check the results; never on framekit's PATH
  if PATH=$WORK/empty-path command -v ffmpeg >/dev/null 2>&1; then
    echo "error: the empty PATH has an ffmpeg" >&2
    return 1
  fi
  local expected version
  expected=$(find examples/frames -name '*.png' | wc -l)
  version=$(framekit --version)
  echo "$version"
  grep -q "imageio_ffmpeg" <<<"$version" || {
    echo "error: --version does not name imageio-ffmpeg's ffmpeg" >&2
    return 1
  }
  framekit stitch examples/frames -o "$WORK/life.mp4" --json | tee "$WORK/mp4.json"
  [ "$(frames_in "$WORK/life.mp4")" = "$expected" ]
  framekit stitch examples/frames -o "$WORK/life.gif" --quiet
  [ "$(frames_in "$WORK/life.gif")" = "$expected" ]
  # The size a filter after -- gives, reported without ffprobe.
  framekit stitch examples/frames -o "$WORK/big.mp4" --json -- -vf scale=iw*2:ih*2 |
    tee "$WORK/big.json"
  local size reported
  size=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0 \
    "$WORK/big.mp4")
  reported=$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print("%d,%d" % (r["width"], r["height"]))' \
    "$WORK/big.json")
  [ "$size" = "$reported" ] || {
    echo "error: --json says $reported, the video is $size" >&2
    return 1
  }
  framekit split "$WORK/life.mp4" "$WORK/out" --json | tee "$WORK/split.json"
  [ "$(find "$WORK/out" -name 'img_*.png' | wc -l)" = "$expected" ]
  # The manifest lists the frames with ffprobe, which imageio-ffmpeg lacks: said, exit 127,
  # nothing written.
  local said code=0
  said=$(framekit split "$WORK/life.mp4" "$WORK/listed" --manifest 2>&1) || code=$?
  [ "$code" = 127 ] && [ ! -e "$WORK/listed" ] || {
    echo "error: split --manifest without ffprobe gave exit $code: $said" >&2
    return 1
  }
  case "$said" in
    *"--manifest needs ffprobe"*) ;;
    *) echo "error: split --manifest without ffprobe said: $said" >&2; return 1 ;;
  esac
  framekit split "$WORK/life.mp4" "$WORK/every" --every 5 --quiet
  [ "$(find "$WORK/every" -name 'img_*.png' | wc -l)" = "$(((expected + 4) / 5))" ]
  # What finding imageio-ffmpeg costs: the dry run (which runs no ffmpeg) with it found
  # beside framekit, and with the same ffmpeg named by --ffmpeg, taken in turns (medians).
  local bundled python
  bundled=$(find "$WORK/venv" -path '*imageio_ffmpeg/binaries/ffmpeg-*' -type f | head -n 1)
  # The interpreter itself: python3 on PATH may be a shim script (pyenv's) that needs PATH.
  python=$(python3 -c 'import sys; print(sys.executable)')
  PATH=$WORK/empty-path "$python" - "$WORK/venv/bin/framekit" "$bundled" "$WORK/x.mp4" <<'PY'
import statistics, subprocess, sys, time
framekit, ffmpeg, out = sys.argv[1:]
base = [framekit, "stitch", "examples/frames", "-o", out, "--dry-run"]
runs = {"found beside framekit": base, "named by --ffmpeg": base + ["--ffmpeg", ffmpeg]}
times = {name: [] for name in runs}
for _ in range(40):
    for name, command in runs.items():
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times[name].append(time.perf_counter() - start)
for name, samples in times.items():
    print(f"{name}: {statistics.median(samples) * 1000:.2f} ms a run (median of 40)")
PY
}

# The Python package against the installed wheel: run from a scratch folder, so that the
# framekit_ffmpeg imported is the virtualenv's, not python/'s source (test_packaging checks
# where it and the binary are), with Debian's ffmpeg on PATH to decode what the tests make.
python_tests() {
  "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "${PYTHON_TEST_PACKAGES[@]}"
  ensure_ffmpeg
  local tests=$PWD/python/tests
  mkdir -p "$WORK/pytest"
  (cd "$WORK/pytest" && env -u FRAMEKIT_BINARY FRAMEKIT_EXPECT_INSTALLED=1 \
    "$WORK/venv/bin/python" -m pytest -p no:cacheprovider -q "$tests")
}

step "build the wheel (maturin $MATURIN from PyPI)" build
step "pip install the wheel with [ffmpeg] into a fresh virtualenv" install
step "stitch and split examples/frames with no ffmpeg or ffprobe on PATH" use
step "pytest python/tests against the installed package (numpy, Pillow, matplotlib from PyPI)" python_tests
