#!/usr/bin/env bash
# CI, other ffmpegs: runs the whole test suite once per Linux ffmpeg taken from an
# imageio-ffmpeg wheel on PyPI (pinned by version and SHA-256, cached in target/ci-cache):
#   4.2.2  imageio-ffmpeg 0.4.5, manylinux2010 wheel: a static build, what a pip user of an
#          older imageio-ffmpeg (and Ubuntu 20.04's age) has
#   7.0.2  imageio-ffmpeg 0.7.0, manylinux2014 wheel: a fully static build
#   9.0.2  imageio-ffmpeg 0.8.1, manylinux_2_28 wheel: needs only glibc >= 2.28
# No wheel has an ffprobe. Each ffmpeg sits alone in a folder put first on PATH, so that
# framekit (the which crate) and the tests' own `ffmpeg` calls run it, while `ffprobe` is
# still found later on PATH: Debian's (5.1), as on a user's machine with a newer ffmpeg beside
# an older ffprobe. framekit looks for ffprobe beside the ffmpeg it runs first, finds none
# there, then takes the one on PATH.
#
#   bash scripts/ci/newer-ffmpeg.sh                  every version above, the whole suite
#   FRAMEKIT_NEWER_FFMPEG=9.0.2 bash scripts/ci/newer-ffmpeg.sh --test stitch_errors
#
# Extra arguments go to `cargo test`. Idempotent; prints how long each step took; exits
# non-zero when any version's suite fails (every version is still run).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/ensure-ffmpeg.sh
. scripts/ci/common.sh

VERSIONS=${FRAMEKIT_NEWER_FFMPEG:-7.0.2 9.0.2}

# wheel_for VERSION: "IMAGEIO_VERSION PLATFORM WHEEL SHA256 BINARY"
wheel_for() {
  case $1 in
  4.2.2) echo "0.4.5 manylinux2010_x86_64 imageio_ffmpeg-0.4.5-py3-none-manylinux2010_x86_64.whl f127b8cdd842e8398de5f2aef23c687ae75d4d964e1df2ea3a9ff03e92a370e7 ffmpeg-linux64-v4.2.2" ;;
  7.0.2) echo "0.7.0 manylinux2014_x86_64 imageio_ffmpeg-0.7.0-py3-none-manylinux2014_x86_64.whl 4e1f36bef7bedd4bc5dc25f60a8345d88f57133fa1e754f09b411ac61b854408 ffmpeg-linux-x86_64-v7.0.2" ;;
  9.0.2) echo "0.8.1 manylinux_2_28_x86_64 imageio_ffmpeg-0.8.1-py3-none-manylinux_2_28_x86_64.whl 050d6850601c3b3890bd2b28306f3b842b3daea390a561101174375a1c460bda ffmpeg-linux-x86_64-v9.0.2" ;;
  *)
    echo "error: no pinned wheel for ffmpeg $1 (known: 4.2.2 7.0.2 9.0.2)" >&2
    return 1
    ;;
  esac
}

# The folder holding only that version's `ffmpeg`.
bin_for() { echo "$CI_CACHE/ffmpeg-$1/bin"; }

fetch() {
  local version=$1 imageio platform file sha binary wheel bin
  read -r imageio platform file sha binary <<<"$(wheel_for "$version")"
  wheel=$(fetch_wheel "$CI_CACHE/downloads" "imageio-ffmpeg==$imageio" "$platform" "$file" "$sha")
  bin=$(bin_for "$version")
  mkdir -p "$bin"
  [ "$bin/ffmpeg" -nt "$wheel" ] ||
    unzip_one "$wheel" "imageio_ffmpeg/binaries/$binary" "$bin/ffmpeg"
  "$bin/ffmpeg" -hide_banner -version | sed -n 1p
}

debian_tools() {
  ensure_ffmpeg
  cargo test --all-targets --no-run
}

run_suite() {
  local version=$1 bin
  shift
  bin=$(bin_for "$version")
  export PATH="$bin:$PATH"
  hash -r
  [ "$(command -v ffmpeg)" = "$bin/ffmpeg" ] || {
    echo "error: ffmpeg on PATH is $(command -v ffmpeg), not $bin/ffmpeg" >&2
    return 1
  }
  echo "ffmpeg:  $(command -v ffmpeg): $(ffmpeg -hide_banner -version | sed -n 1p)"
  echo "ffprobe: $(command -v ffprobe): $(ffprobe -hide_banner -version | sed -n 1p)"
  # shellcheck disable=SC2046 # targets_for prints one word or none
  RUST_BACKTRACE=${RUST_BACKTRACE:-1} cargo test $(targets_for "$@") --no-fail-fast "$@"
}

trap 'print_timings "newer ffmpeg: timings"' EXIT

step "Debian's ffmpeg/ffprobe (for ffprobe) and the test build" debian_tools
failed=()
for version in $VERSIONS; do
  step "fetch ffmpeg $version (pinned, cached in $CI_CACHE)" fetch "$version"
  # Not `step ... || ...`: that would switch errexit off inside the step.
  set +e
  step "cargo test with ffmpeg $version first on PATH" run_suite "$version" "$@"
  status=$?
  set -e
  [ "$status" = 0 ] || failed+=("$version")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "error: the suite failed with ffmpeg ${failed[*]}" >&2
  exit 1
fi
