#!/usr/bin/env bash
# usage: scripts/run-example.sh SPEC.mlir [snn-run options...]
#
# Compiles a network spec for the default chip and trains/tests it on MNIST.
# Writes out/NAME.snnp (the program), out/NAME.json (the report) and
# out/NAME.png (the learned weights). Extra options go to snn-run, e.g.
# --train-limit 2000 --test-limit 1000.
#
# Environment:
#   BUILD_DIR      build directory with bin/ (default: build in the checkout)
#   SNN_DATA_DIR   MNIST directory (default: data/mnist in the checkout)
#   SNN_PIPELINE   pipeline options that override the spec (recorded in the
#                  program), e.g. SNN_PIPELINE="cells-per-weight=4 snn-device=pcm"
set -euo pipefail

# Prints the header comment above (the usage text).
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${BUILD_DIR:-$ROOT/build}/bin"
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") echo "run-example.sh: missing SPEC.mlir" >&2; usage >&2; exit 2 ;;
esac
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
