#!/usr/bin/env bash
# CI, Windows: cross-compiles framekit and its whole test suite for x86_64-pc-windows-gnu and
# runs it under Wine, against a real Windows ffmpeg.exe and ffprobe.exe from the package
# registries:
#   ffmpeg.exe   9.0.2, from imageio-ffmpeg 0.8.1's win_amd64 wheel (PyPI)
#   ffprobe.exe  from @ffprobe-installer/win32-x64 5.1.0 (npm; a 2023-02 build, ffmpeg 6.0-dev)
#
#   bash scripts/ci/windows.sh                 everything (install, fetch, prefix, build, test)
#   bash scripts/ci/windows.sh --test stitch   extra arguments go to `cargo test`
#   FRAMEKIT_WINE_FRESH=1 bash scripts/ci/windows.sh   a new Wine prefix even if one is cached
#
# Idempotent: installs only what is missing (Debian's wine, wine64, gcc-mingw-w64-x86-64 and
# the rustup target), keeps downloads, the stub DLL and the Wine prefix in target/ci-cache
# (or $FRAMEKIT_CI_CACHE), each pinned by version and SHA-256. Prints how long each step took;
# exits non-zero when any step or test fails.
#
# Wine needs no display here: wineboot and every console program run with DISPLAY unset.
# Wine 8.0 lacks bcryptprimitives.dll, whose ProcessPrng every Rust binary (1.78+) imports:
# scripts/ci/bcryptprimitives.c is a stub that forwards it to RtlGenRandom.
#
# The runner goes in `--config`, not in CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER: that
# variable is inherited by the test binaries, and assert_cmd inside them then runs framekit
# through "wine" as a Windows program, which fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/ensure-ffmpeg.sh
. scripts/ci/common.sh

TARGET=x86_64-pc-windows-gnu
IMAGEIO_FFMPEG=0.8.1
IMAGEIO_WHEEL=imageio_ffmpeg-$IMAGEIO_FFMPEG-py3-none-win_amd64.whl
IMAGEIO_SHA=f27ca4cb85e2d4946deedbce1a81245dfd942a2bcf94b53676fb3956aa95bf1b
IMAGEIO_EXE=imageio_ffmpeg/binaries/ffmpeg-win-x86_64-v9.0.2.exe
FFPROBE_NPM=@ffprobe-installer/win32-x64@5.1.0
FFPROBE_TGZ=ffprobe-installer-win32-x64-5.1.0.tgz
FFPROBE_SHA=97992b5e3b651c7df625831fd369eecc5ec0e9532ac98921138b1c4fbc8de96e

WIN_BIN=$CI_CACHE/windows/bin # holds only ffmpeg.exe and ffprobe.exe: Wine's PATH gets it
DLL=$CI_CACHE/windows/bcryptprimitives.dll
HOLDER=$CI_CACHE/windows/hold-desktop.exe
TEST_LIMIT=${FRAMEKIT_WINE_TEST_LIMIT:-2400} # seconds
export WINEPREFIX=$CI_CACHE/windows/wineprefix
export WINEDEBUG=-all
# No window, no Mono or Gecko installer prompt during wineboot.
export WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
# Wine's PATH is its registry's plus WINEPATH; Z: is the Unix root.
export WINEPATH="Z:${WIN_BIN//\//\\}"

install_tools() {
  local missing=()
  command -v wine >/dev/null 2>&1 || missing+=(wine)
  [ -x /usr/lib/wine/wine64 ] || command -v wine64 >/dev/null 2>&1 || missing+=(wine64)
  command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing+=(gcc-mingw-w64-x86-64)
  command -v pgrep >/dev/null 2>&1 || missing+=(procps)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}"
    command -v apt-get >/dev/null 2>&1 || {
      echo "error: ${missing[*]} missing and no apt-get here: install them yourself" >&2
      return 1
    }
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
  rustup target list --installed | grep -qx "$TARGET" || rustup target add "$TARGET"
  wine --version
  x86_64-w64-mingw32-gcc --version | sed -n 1p
}

fetch_binaries() {
  mkdir -p "$WIN_BIN"
  local wheel tgz
  wheel=$(fetch_wheel "$CI_CACHE/downloads" "imageio-ffmpeg==$IMAGEIO_FFMPEG" win_amd64 \
    "$IMAGEIO_WHEEL" "$IMAGEIO_SHA")
  tgz=$(fetch_npm "$CI_CACHE/downloads" "$FFPROBE_NPM" "$FFPROBE_TGZ" "$FFPROBE_SHA")
  # Extracted again only when the archive is newer than the extracted file.
  [ "$WIN_BIN/ffmpeg.exe" -nt "$wheel" ] || unzip_one "$wheel" "$IMAGEIO_EXE" "$WIN_BIN/ffmpeg.exe"
  if ! [ "$WIN_BIN/ffprobe.exe" -nt "$tgz" ]; then
    tar -xzf "$tgz" -O package/ffprobe.exe >"$WIN_BIN/ffprobe.exe.tmp"
    chmod 755 "$WIN_BIN/ffprobe.exe.tmp" && mv -f "$WIN_BIN/ffprobe.exe.tmp" "$WIN_BIN/ffprobe.exe"
  fi
  ls -l "$WIN_BIN"
}

build_dll() {
  local src=scripts/ci/bcryptprimitives.c def=scripts/ci/bcryptprimitives.def
  if [ "$DLL" -nt "$src" ] && [ "$DLL" -nt "$def" ]; then
    echo "up to date: $DLL"
    return 0
  fi
  x86_64-w64-mingw32-gcc -shared -O2 -s -o "$DLL" "$src" "$def" -ladvapi32
  echo "built $DLL"
}

build_holder() {
  local src=scripts/ci/hold-desktop.c
  if [ "$HOLDER" -nt "$src" ]; then
    echo "up to date: $HOLDER"
    return 0
  fi
  x86_64-w64-mingw32-gcc -O2 -s -o "$HOLDER" "$src" -luser32
  echo "built $HOLDER"
}

# One explorer.exe /desktop for the whole run (scripts/ci/hold-desktop.c says why); `finish`
# ends it with every other Windows process.
hold_desktop() {
  wine "$HOLDER" </dev/null >/dev/null 2>&1 &
  local waited=0
  until pgrep -f 'explorer.exe /desktop' >/dev/null; do
    sleep 0.2
    waited=$((waited + 1))
    if [ "$waited" -gt 150 ]; then
      echo "error: Wine's desktop (explorer.exe /desktop) did not start within 30 s" >&2
      return 1
    fi
  done
  pgrep -af 'explorer.exe /desktop|hold-desktop'
}

make_prefix() {
  local stamp=$WINEPREFIX/.framekit-ci
  if [ "${FRAMEKIT_WINE_FRESH:-0}" = 1 ] || [ "$(cat "$stamp" 2>/dev/null)" != "$(wine --version)" ]; then
    wineserver -k 2>/dev/null || true
    rm -rf "$WINEPREFIX"
    mkdir -p "$WINEPREFIX"
    # "wine32 is missing" is only a notice: everything here is 64-bit.
    wineboot --init 2>&1 | grep -v -e 'wine32 is missing' -e 'multiarch needs' \
      -e 'dpkg --add-architecture' -e 'apt-get install wine32' \
      -e 'syswow64' || true
    wineserver -w
    wine --version >"$stamp"
  else
    echo "cached: $WINEPREFIX ($(cat "$stamp"))"
  fi
  cp -f "$DLL" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
}

check_binaries() {
  echo "WINEPATH=$WINEPATH"
  # Resolved through Wine's PATH, exactly as the tests and framekit (the which crate) do.
  wine cmd /c "ffmpeg -hide_banner -version" | sed -n 1p
  wine cmd /c "ffprobe -hide_banner -version" | sed -n 1p
}

cross_build() {
  cargo test --target "$TARGET" --all-targets --no-run
  # The smallest Rust program under Wine: fails here if the stub DLL is missing.
  wine "target/$TARGET/debug/framekit.exe" --version
}

run_tests() {
  local log=$CI_CACHE/windows/tests.log status
  set +e
  # shellcheck disable=SC2046 # targets_for prints one word or none
  # A test stuck under Wine must not take the whole CI's time limit (and the steps after it)
  # with it: the suite takes about 11 minutes here (16 before the desktop was held).
  RUST_BACKTRACE=${RUST_BACKTRACE:-1} timeout -k 30 "$TEST_LIMIT" \
    cargo test --target "$TARGET" $(targets_for "$@") \
    --config "target.$TARGET.runner = \"wine\"" --no-fail-fast "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  [ "$status" = 0 ] && return 0
  if [ "$status" = 124 ] || [ "$status" = 137 ]; then
    echo "error: the tests under Wine did not finish within $TEST_LIMIT s; still running:"
    pgrep -af '\.exe' || true
    return 1
  fi
  # Wine itself fails now and then: a CreateProcess of framekit.exe answered "Internal error"
  # (os error 1359) once in a whole run, for a test that passed in every other. A run of
  # the whole suite (no arguments) whose failures are that few gets one more try of those
  # tests alone; each must pass then, and the log says which needed it.
  local failed=()
  mapfile -t failed < <(sed -n 's/^test \(.*\) \.\.\. FAILED$/\1/p' "$log")
  if [ $# -gt 0 ] || [ ${#failed[@]} -eq 0 ] || [ ${#failed[@]} -gt 3 ]; then
    return "$status"
  fi
  echo "notice: ${#failed[@]} test(s) failed under Wine; each runs once more: ${failed[*]}"
  set +e # errexit and pipefail would end the step here, before it says the retry failed
  RUST_BACKTRACE=1 cargo test --target "$TARGET" --all-targets \
    --config "target.$TARGET.runner = \"wine\"" --no-fail-fast -- --exact "${failed[@]}" 2>&1 |
    sed 's/^test result: /second try: test result: /'
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" != 0 ]; then
    echo "error: the second try failed too: a failure of framekit's, not a flake of Wine's"
    return 1
  fi
  # .ci/run's count of tests reads this line: these failed once, then passed.
  echo "wine-retry: ${#failed[@]} passed on a second try under Wine: ${failed[*]}"
}

finish() {
  local status=$?
  # Leaves no Windows process (a stuck ffmpeg.exe) behind for the next step.
  wineserver -k 2>/dev/null || true
  print_timings "Windows under Wine: timings"
  exit "$status"
}
trap finish EXIT

step "install wine, mingw-w64 and the $TARGET target" install_tools
step "fetch ffmpeg.exe and ffprobe.exe (pinned, cached in $CI_CACHE)" fetch_binaries
step "build the ProcessPrng stub DLL" build_dll
step "build the desktop holder" build_holder
step "Wine prefix ($WINEPREFIX)" make_prefix
step "ffmpeg.exe and ffprobe.exe found on Wine's PATH" check_binaries
step "cross-build framekit and its tests for $TARGET" cross_build
step "hold Wine's desktop for the whole run" hold_desktop
step "cargo test --target $TARGET under Wine" run_tests "$@"
