#!/usr/bin/env bash
# CI, ffmpeg 4.3: Debian 11's own ffmpeg and ffprobe (4.3.x, what Debian 11 users have, and
# the same major series as Ubuntu 22.04's and Colab's 4.4), from a Debian 11 root that
# debootstrap makes from Debian's packages, cached in target/ci-cache/bullseye. Their
# binaries run without chroot, through the root's own loader and libraries, from two small
# wrapper scripts in a folder put first on PATH:
#
#   bash scripts/ci/debian11-ffmpeg.sh                 the whole suite against 4.3
#   bash scripts/ci/debian11-ffmpeg.sh --test cli gif  some of it
#   bash scripts/ci/debian11-ffmpeg.sh --bin-only      print the wrappers' folder and stop
#
# Extra arguments go to `cargo test`. Idempotent; prints how long each step took.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/ensure-ffmpeg.sh
. scripts/ci/common.sh

ROOT=$CI_CACHE/bullseye
BIN=$CI_CACHE/ffmpeg-4.3/bin

# The mirror the machine's apt sources name (deb.debian.org when they name none).
mirror() {
  local found
  found=$(grep -rhoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null |
    grep -v security | head -n 1 | tr -d ' ' || true)
  echo "${found:-http://deb.debian.org/debian}"
}

make_root() {
  if [ -x "$ROOT/usr/bin/ffmpeg" ] && [ -x "$ROOT/usr/bin/ffprobe" ]; then
    return 0
  fi
  command -v debootstrap >/dev/null 2>&1 || install_packages debootstrap
  rm -rf "$ROOT.partial"
  as_root debootstrap --variant=minbase bullseye "$ROOT.partial" "$(mirror)" >/dev/null
  as_root chroot "$ROOT.partial" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null
  # Only what the binaries need is kept: the root is big, the cache need not be.
  as_root rm -rf "$ROOT.partial/var/cache/apt" "$ROOT.partial/usr/share/doc" \
    "$ROOT.partial/usr/share/man" "$ROOT.partial/usr/share/locale"
  rm -rf "$ROOT"
  mv "$ROOT.partial" "$ROOT"
}

# Wrappers: the root's loader runs its ffmpeg with the root's libraries (blas and lapack
# first: their links in the library folder point into /etc/alternatives, the host's).
wrappers() {
  local lib=$ROOT/usr/lib/x86_64-linux-gnu loader tool
  loader=$(ls "$ROOT"/lib/x86_64-linux-gnu/ld-2.*.so "$lib"/ld-2.*.so 2>/dev/null | head -n 1)
  [ -n "$loader" ] || {
    echo "error: no loader in $ROOT" >&2
    return 1
  }
  mkdir -p "$BIN"
  for tool in ffmpeg ffprobe; do
    cat >"$BIN/$tool" <<SH
#!/bin/sh
exec '$loader' --library-path '$lib/blas:$lib/lapack:$lib:$lib/pulseaudio' '$ROOT/usr/bin/$tool' "\$@"
SH
    chmod 755 "$BIN/$tool"
  done
  "$BIN/ffmpeg" -hide_banner -version | sed -n 1p
  "$BIN/ffprobe" -hide_banner -version | sed -n 1p
}

run_suite() {
  export PATH="$BIN:$PATH"
  hash -r
  echo "ffmpeg:  $(command -v ffmpeg): $(ffmpeg -hide_banner -version | sed -n 1p)"
  echo "ffprobe: $(command -v ffprobe): $(ffprobe -hide_banner -version | sed -n 1p)"
  # shellcheck disable=SC2046 # targets_for prints one word or none
  RUST_BACKTRACE=${RUST_BACKTRACE:-1} cargo test $(targets_for "$@") --no-fail-fast "$@"
}

if [ "${1:-}" = --bin-only ]; then
  make_root >&2
  wrappers >&2
  echo "$BIN"
  exit 0
fi

trap 'print_timings "ffmpeg 4.3 (Debian 11): timings"' EXIT
step "Debian's ffmpeg 5.1 (for the build) and the test build" bash -c \
  '. scripts/lib/ensure-ffmpeg.sh && ensure_ffmpeg && cargo test --all-targets --no-run'
step "a Debian 11 root with its ffmpeg 4.3 (cached in $ROOT)" make_root
step "wrappers for its ffmpeg and ffprobe" wrappers
step "cargo test with Debian 11's ffmpeg and ffprobe first on PATH" run_suite "$@"
