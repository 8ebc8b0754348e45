# shellcheck shell=bash
# Sourced by scripts/ci/windows.sh and scripts/ci/newer-ffmpeg.sh: a cache folder, timed
# steps, and downloads from package registries pinned by version and SHA-256.
#
# Everything downloaded is kept in $CI_CACHE (default target/ci-cache, which `cargo clean`
# empties), so that a second run fetches nothing. A cached file whose SHA-256 differs from
# the pinned one is fetched again; a fresh download that still differs fails the run.

CI_CACHE=${FRAMEKIT_CI_CACHE:-$PWD/target/ci-cache}
mkdir -p "$CI_CACHE"
CI_CACHE=$(cd "$CI_CACHE" && pwd)

# Seconds since the epoch, with a fraction.
ci_now() { date +%s.%N; }

# step NAME CMD...: runs CMD (in a subshell: what it exports is lost), then prints how long it
# took. Fails as CMD fails.
TIMINGS=()
step() {
  local name=$1 start status=0
  shift
  printf '\n==> %s\n' "$name"
  start=$(ci_now)
  # In a subshell with errexit on: `"$@" || status=$?` would switch errexit off inside "$@".
  local errexit=+e
  [[ $- == *e* ]] && errexit=-e
  set +e
  (
    set -e
    "$@"
  )
  status=$?
  set "$errexit"
  local took
  took=$(awk -v a="$start" -v b="$(ci_now)" 'BEGIN { printf "%.1f", b - a }')
  TIMINGS+=("$(printf '%7ss  %s%s' "$took" "$name" "$([ "$status" = 0 ] || echo "  (FAILED: exit $status)")")")
  printf '<== %s: %ss%s\n' "$name" "$took" "$([ "$status" = 0 ] || echo ", exit $status")"
  return "$status"
}

# print_timings TITLE: the table of every step run so far.
print_timings() {
  printf '\n%s\n' "$1"
  printf '%s\n' "${TIMINGS[@]}"
}

# sha_ok FILE SHA256: whether FILE exists and has that SHA-256.
sha_ok() {
  [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]
}

# fetch_wheel DIR PACKAGE==VERSION PLATFORM FILE SHA256: DIR/FILE, downloaded by pip when
# missing or different. Prints the wheel's path.
fetch_wheel() {
  local dir=$1 spec=$2 platform=$3 file=$4 sha=$5
  mkdir -p "$dir"
  if ! sha_ok "$dir/$file" "$sha"; then
    rm -f "$dir/$file"
    python3 -m pip download --quiet --no-deps --only-binary=:all: \
      --platform "$platform" --dest "$dir" "$spec" >&2 || return 1
  fi
  if ! sha_ok "$dir/$file" "$sha"; then
    echo "error: $dir/$file is missing or its SHA-256 is not the pinned $sha" >&2
    return 1
  fi
  echo "$dir/$file"
}

# fetch_npm DIR NAME@VERSION FILE SHA256: DIR/FILE, the package's tarball, packed by npm when
# missing or different. Prints the tarball's path.
fetch_npm() {
  local dir=$1 spec=$2 file=$3 sha=$4
  mkdir -p "$dir"
  if ! sha_ok "$dir/$file" "$sha"; then
    rm -f "$dir/$file"
    (cd "$dir" && npm pack --silent "$spec" >/dev/null) || return 1
  fi
  if ! sha_ok "$dir/$file" "$sha"; then
    echo "error: $dir/$file is missing or its SHA-256 is not the pinned $sha" >&2
    return 1
  fi
  echo "$dir/$file"
}

# unzip_one ZIP MEMBER DEST: extracts one member of a wheel to the file DEST (executable).
unzip_one() {
  local tmp
  tmp=$(mktemp "$3.XXXXXX")
  python3 - "$1" "$2" "$tmp" <<'PY' || { rm -f "$tmp"; return 1; }
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel, wheel.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
  chmod 755 "$tmp" && mv -f "$tmp" "$3"
}

# targets_for ARGS...: --all-targets, unless ARGS choose targets themselves (--test NAME,
# --lib, --bin ...): cargo would otherwise run every target whatever ARGS say.
targets_for() {
  local arg
  for arg in "$@"; do
    [ "$arg" = -- ] && break
    case $arg in
    --lib | --bins | --bin | --bin=* | --tests | --test | --test=* | --examples | --example | \
      --example=* | --benches | --bench | --bench=* | --doc) return 0 ;;
    esac
  done
  echo --all-targets
}
