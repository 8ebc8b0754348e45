# Sourced by scripts/quickstart, scripts/test and .ci/run: installs ffmpeg (and ffprobe)
# with the system's package manager when they are missing. Uses sudo only when not root.

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "error: '$*' needs root, and sudo is not installed" >&2
    return 1
  fi
}

ensure_ffmpeg() {
  if command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1; then
    return 0
  fi
  echo "ffmpeg is missing: installing it" >&2
  if command -v apt-get >/dev/null 2>&1; then
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq ffmpeg >/dev/null
  elif command -v dnf >/dev/null 2>&1; then
    as_root dnf install -y ffmpeg
  elif command -v brew >/dev/null 2>&1; then
    brew install ffmpeg
  else
    echo "error: install ffmpeg with your package manager, then run this again" >&2
    return 1
  fi
  command -v ffmpeg >/dev/null 2>&1 || { echo "error: ffmpeg is still missing" >&2; return 1; }
}
