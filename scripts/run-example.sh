#!/usr/bin/env bash
# Compiles a network spec for the default chip and trains/tests it on MNIST.
#
#   scripts/run-example.sh SPEC.mlir [snn-run options...]
#
# Writes out/NAME.snnp (the program), out/NAME.json (the report) and
# out/NAME.png (the learned weights). Extra options go to snn-run, e.g.
# --train-limit 2000 --test-limit 1000. SNN_PIPELINE adds pipeline options,
# e.g. SNN_PIPELINE="cells-per-weight=8 snn-device=pcm".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${BUILD_DIR:-$ROOT/build}/bin"
if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  [ $# -ge 1 ] && exit 0 || exit 2
fi
SPEC="$1"; shift
NAME="$(basename "$SPEC" .mlir)"
OUT="$ROOT/out"
mkdir -p "$OUT"

echo "compiling $SPEC -> out/$NAME.snnp"
"$BIN/snn-opt" "$SPEC" --snn-to-cbram-pipeline="${SNN_PIPELINE:-}" \
  | "$BIN/snn-translate" --snn-to-program -o "$OUT/$NAME.snnp"
echo "running out/$NAME.snnp"
"$BIN/snn-run" "$OUT/$NAME.snnp" --data "${SNN_DATA_DIR:-$ROOT/data/mnist}" \
  --report "$OUT/$NAME.json" --weights-png "$OUT/$NAME.png" "$@"
