#!/usr/bin/env bash
# CI, prebuilt binaries: packs this machine's release build of framekit exactly as the
# release workflow packs each target's (scripts/release/pack.sh), then checks the archive as
# a user would: the SHA-256 sum verifies, the archive unpacks into one folder holding the
# binary, README, CHANGELOG, the licences, docs/ and the man pages, and the unpacked binary
# runs.
# The workflow's own targets (musl, macOS, Windows MSVC) cannot be built here: this
# machine's toolchain has only the Linux-gnu and Windows-gnu targets.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/ci/common.sh

target=$(rustc -vV | sed -n 's/^host: //p')
out=target/dist

build() {
  cargo build --release --locked
}

pack() {
  rm -rf "$out"
  bash scripts/release/pack.sh "$target" target/release/framekit "$out"
  ls -l "$out"
}

check() {
  local archive sum work
  archive=$(ls "$out"/framekit-*-"$target".tar.gz)
  sum=$archive.sha256
  (cd "$out" && sha256sum -c "$(basename "$sum")")
  # A corrupted archive fails the check.
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  cp "$archive" "$sum" "$work/"
  printf 'x' >>"$work/$(basename "$archive")"
  if (cd "$work" && sha256sum -c --status "$(basename "$sum")"); then
    echo "error: a changed archive still matched its SHA-256 sum" >&2
    return 1
  fi
  mkdir "$work/unpacked"
  tar -xzf "$archive" -C "$work/unpacked"
  local folder
  folder=$work/unpacked/$(basename "$archive" .tar.gz)
  [ "$(ls "$work/unpacked")" = "$(basename "$folder")" ] || {
    echo "error: the archive holds more than its one folder: $(ls "$work/unpacked")" >&2
    return 1
  }
  for file in framekit README.md CHANGELOG.md LICENSE LICENSE-MIT LICENSE-APACHE \
    docs/stitch.md docs/split.md docs/sheet.md docs/scripting.md docs/performance.md docs/reliability.md \
    docs/development.md docs/example.gif man/framekit.1 man/framekit-stitch.1 man/framekit-split.1 \
    man/framekit-sheet.1; do
    [ -f "$folder/$file" ] || {
      echo "error: the archive lacks $file" >&2
      return 1
    }
  done
  [ -x "$folder/framekit" ] || {
    echo "error: framekit is not executable in the archive" >&2
    return 1
  }
  "$folder/framekit" --version
  local version
  version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
  "$folder/framekit" --version | grep -qx "framekit $version"
  # The same files make the same archive (sorted, no owners, no times).
  bash scripts/release/pack.sh "$target" target/release/framekit "$work/again" >/dev/null
  cmp "$archive" "$work/again/$(basename "$archive")"
  echo "the archive checks out: $(basename "$archive")"
}

trap 'print_timings "prebuilt binary: timings"' EXIT
step "cargo build --release" build
step "pack $target as the release workflow does" pack
step "check the archive: SHA-256, contents, --version" check
