#!/usr/bin/env bash
# usage: bench/write_policies.sh [BUILD_DIR] [MNIST_DIR]
#
# What each write-scheduling policy (and placement objective) changes in
# writes, energy, wear and cycles on one small run: examples/tiny.mlir
# (64 inputs + bias, 20 neurons, soft-pruning to 50%), 300 training images,
# 200 test images, seed 1. Writes bench/results/<date>-write-policies.json.
#
#   BUILD_DIR   build directory with bin/snn-opt, bin/snn-translate and
#               bin/snn-run (default: $BUILD_DIR, else build in the checkout)
#   MNIST_DIR   MNIST idx files (default: data/mnist in the checkout)
set -euo pipefail

# Prints the header comment above (the usage text).
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  -*) echo "$(basename "$0"): unknown option '$1'" >&2; usage >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${BUILD_DIR:-$root/build}}
data=${2:-$root/data/mnist}
for tool in snn-opt snn-translate snn-run; do
  [ -x "$build/bin/$tool" ] || { echo "$(basename "$0"): no $build/bin/$tool: build first (ninja -C $build) or pass BUILD_DIR" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

policies=(
  "baseline:"
  "wear-leveling:order=wear-leveling rotation-period=50"
  "no-skip-unchanged:skip-unchanged=false"
  "no-skip-pruned:skip-pruned=false"
  "no-skips:skip-unchanged=false skip-pruned=false"
  "batch-8:batch-size=8"
  "balanced-wear-placement:objective=balanced-wear"
)
rows=()
for p in "${policies[@]}"; do
  name=${p%%:*}; options=${p#*:}
  "$build/bin/snn-opt" "$root/examples/tiny.mlir" --snn-to-cbram-pipeline="$options" |
    "$build/bin/snn-translate" --snn-to-program -o "$tmp/$name.snnp"
  "$build/bin/snn-run" "$tmp/$name.snnp" --data "$data" --quiet --report "$tmp/$name.json"
  rows+=("$(python3 - "$tmp/$name.json" "$name" "$options" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
e = r["energy_pj"]["train"]
print(json.dumps({
  "policy": sys.argv[2], "pipeline_options": sys.argv[3],
  "writes_issued": r["write_scheduling"]["writes_issued"],
  "writes_avoided": r["write_scheduling"]["writes_avoided"],
  "max_writes_per_cell": r["writes"]["max_per_cell"],
  "mean_writes_per_cell": r["writes"]["mean_per_cell"],
  "train_set_reset_pj": e["set"] + e["reset"],
  "train_total_pj": e["total"],
  "train_cycles": r["cycles"]["train"],
  "test_accuracy": r["accuracy"]["test"]}))
PY
)")
  echo "${rows[-1]}" >&2
done

date=$(date -u +%Y-%m-%d)
out=$root/bench/results/$date-write-policies.json
{
  echo "{"
  echo "  \"benchmark\": \"write-scheduling policies on examples/tiny.mlir, snn-run 300 train / 200 test images, seed 1\","
  echo "  \"command\": \"bench/write_policies.sh $build $data\","
  echo "  \"commit\": \"$(git -C "$root" rev-parse --short HEAD)\","
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"results\": ["
  for i in "${!rows[@]}"; do
    sep=,; [ "$i" -eq $((${#rows[@]} - 1)) ] && sep=
    echo "    ${rows[$i]}$sep"
  done
  echo "  ]"
  echo "}"
} > "$out"
echo "wrote $out" >&2
