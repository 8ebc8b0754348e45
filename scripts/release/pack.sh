#!/usr/bin/env bash
# Packs one release binary as the release workflow attaches it (.github/workflows/release.yml),
# and as .ci/run checks it (scripts/ci/package.sh):
#
#   bash scripts/release/pack.sh TARGET BINARY OUT_DIR
#
# writes OUT_DIR/framekit-VERSION-TARGET.tar.gz (.zip for a Windows target) holding one folder,
# framekit-VERSION-TARGET/, with the binary, README.md, CHANGELOG.md, the licence texts, the
# documentation README links to (docs/) and the man pages; and beside it ARCHIVE.sha256, in `sha256sum` format (check it with
# `sha256sum -c ARCHIVE.sha256`, or `shasum -a 256 -c` on macOS). Prints the archive's path.
# Needs bash, tar (zip: 7z or python3) and sha256sum or shasum: every GitHub runner has them.
set -euo pipefail
[ $# -eq 3 ] || {
  echo "usage: $0 TARGET BINARY OUT_DIR" >&2
  exit 2
}
target=$1 binary=$2 out=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)
name=framekit-$version-$target
mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$binary" "$stage/$name/"
cp "$root/README.md" "$root/CHANGELOG.md" "$root/LICENSE" "$root/LICENSE-MIT" \
  "$root/LICENSE-APACHE" "$stage/$name/"
cp -R "$root/docs" "$stage/$name/docs"
cp -R "$root/man" "$stage/$name/man"
case $target in
*windows*)
  archive=$name.zip
  rm -f "$out/$archive"
  if command -v 7z >/dev/null 2>&1; then
    (cd "$stage" && 7z a -tzip -bso0 "$out/$archive" "$name")
  else
    (cd "$stage" && python3 -c 'import shutil, sys; shutil.make_archive(sys.argv[1], "zip", ".", sys.argv[2])' \
      "$out/$name" "$name")
  fi
  ;;
*)
  archive=$name.tar.gz
  # Sorted, owned by root, without this machine's times: the same archive from the same files.
  tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime='@0' \
    -czf "$out/$archive" "$name" 2>/dev/null ||
    tar -C "$stage" -czf "$out/$archive" "$name" # BSD tar (macOS) lacks those options
  ;;
esac
if command -v sha256sum >/dev/null 2>&1; then
  (cd "$out" && sha256sum "$archive" >"$archive.sha256")
else
  (cd "$out" && shasum -a 256 "$archive" >"$archive.sha256")
fi
echo "$out/$archive"
