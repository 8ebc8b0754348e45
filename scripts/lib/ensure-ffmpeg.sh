# shellcheck shell=bash
# Sourced by scripts/quickstart, scripts/test and .ci/run (bash): installs what framekit and
# its tests need with the system's package manager, only when it is missing.
#
#   ensure_ffmpeg      ffmpeg and ffprobe (apt-get, else dnf, else brew)
#   install_packages   apt-get / dnf names, for anything else (.ci/run's Node.js)
#   as_root CMD...     CMD as root: directly when root (CI), else through sudo
#
# Nothing here prompts: apt-get runs with DEBIAN_FRONTEND=noninteractive (passed through
# sudo with `env`, which sudo would otherwise strip), so tzdata and friends never ask.

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "error: '$*' needs root, and sudo is not installed; run it as root" >&2
    return 1
  fi
}

# install_packages NAME...: one install with the first package manager found.
install_packages() {
  if command -v apt-get >/dev/null 2>&1; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  elif command -v dnf >/dev/null 2>&1; then
    as_root dnf install -y "$@"
  elif command -v brew >/dev/null 2>&1; then
    brew install "$@"
  else
    echo "error: no apt-get, dnf or brew here: install $* yourself, then run this again" >&2
    return 1
  fi
}

have_ffmpeg() {
  command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1
}

ensure_ffmpeg() {
  have_ffmpeg && return 0
  echo "ffmpeg (with ffprobe) is missing: installing it" >&2
  if command -v apt-get >/dev/null 2>&1 || command -v brew >/dev/null 2>&1; then
    install_packages ffmpeg
  elif command -v dnf >/dev/null 2>&1; then
    # Fedora's own build is ffmpeg-free; `ffmpeg` itself comes from RPM Fusion when enabled.
    as_root dnf install -y ffmpeg || as_root dnf install -y ffmpeg-free
  else
    install_packages ffmpeg
  fi || return 1
  hash -r
  have_ffmpeg || {
    echo "error: ffmpeg or ffprobe is still missing after the install" >&2
    return 1
  }
  echo "installed: $(ffmpeg -version | sed -n 1p)" >&2
}
