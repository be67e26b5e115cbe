#!/usr/bin/env bash
# usage: bench/compile_time.sh [BUILD_DIR] [REPEATS]
#
# Compile time of the whole compiler (snn-opt --snn-to-cbram-pipeline, then
# snn-translate --snn-to-program) for the paper's network and a 6400-neuron
# network. Targets: < 1 s and < 5 s. Writes bench/results/<date>-compile-time.json.
#
#   BUILD_DIR   build directory with bin/snn-opt and bin/snn-translate
#               (default: $BUILD_DIR, else build in the checkout)
#   REPEATS     timed runs per case, the median is kept (default: 5)
set -euo pipefail

# Prints the header comment above (the usage text).
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  -*) echo "$(basename "$0"): unknown option '$1'" >&2; usage >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${BUILD_DIR:-$root/build}}
repeats=${2:-5}
opt=$build/bin/snn-opt
translate=$build/bin/snn-translate
for tool in snn-opt snn-translate; do
  [ -x "$build/bin/$tool" ] || { echo "$(basename "$0"): no $build/bin/$tool: build first (ninja -C $build) or pass BUILD_DIR" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 6400 Diehl & Cook-style neurons: 784 x 6400 weights at 4 cells = 20 Mcells,
# 39 tiles of 512 x 1024; the chip is cbram-512k with 64 tiles.
cat > "$tmp/dc6400.mlir" <<'MLIR'
snn.network @dc6400 attributes {cbram.chip = #cbram.chip<"cbram-512k", num_tiles = 64>} {
  %x = snn.input #snn.poisson<presentation_ms = 350.0> image(28, 28) : !snn.spikes<784>
  %y = snn.population #snn.lif_adaptive<> -> !snn.spikes<6400>
  %w = snn.projection %x -> %y init uniform {w_min = 0.0, w_max = 1.0, init_low = 0.0, init_high = 0.3, bias = false} : !snn.spikes<784> -> !snn.spikes<6400>
  snn.stdp %w ltp nessler_exp ltd constant {window_ms = 20.0, eta_ltp = 0.005, eta_ltd = 0.001} : !snn.synapses<784, 6400>
  snn.train mnist epochs 1
  snn.evaluate max_average_response
}
MLIR

# Median wall time (s) of REPEATS runs of "$@".
measure() {
  local times=()
  for _ in $(seq "$repeats"); do
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.4f", a[int((NR+1)/2)]}'
}

compile() { # spec objective
  "$opt" "$1" --snn-to-cbram-pipeline="objective=$2" | "$translate" --snn-to-program -o "$tmp/out.snnp"
}

results=()
for case in "shi2018:$root/examples/shi2018.mlir:1.0" "dc6400:$tmp/dc6400.mlir:5.0"; do
  IFS=: read -r name spec target <<< "$case"
  for objective in fewest-tiles balanced-wear column-locality; do
    t=$(measure compile "$spec" "$objective")
    blocks=$("$opt" "$spec" --snn-to-cbram-pipeline="objective=$objective" | grep -c 'cbram.block')
    tiles=$("$opt" "$spec" --snn-to-cbram-pipeline="objective=$objective" | grep -c 'cbram.tile ')
    echo "$name $objective: ${t} s (target < ${target} s), $tiles tiles, $blocks blocks" >&2
    results+=("{\"network\": \"$name\", \"objective\": \"$objective\", \"seconds_median\": $t, \"target_seconds\": $target, \"tiles\": $tiles, \"blocks\": $blocks}")
  done
done

date=$(date -u +%Y-%m-%d)
commit=$(git -C "$root" rev-parse --short HEAD)
out=$root/bench/results/$date-compile-time.json
{
  echo "{"
  echo "  \"benchmark\": \"compile time: snn-opt --snn-to-cbram-pipeline=objective=O SPEC | snn-translate --snn-to-program -o OUT.snnp\","
  echo "  \"command\": \"bench/compile_time.sh $build $repeats\","
  echo "  \"commit\": \"$commit\","
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"machine\": \"$(nproc) cores, $(uname -sr), shared with other builds (noisy)\","
  echo "  \"build\": \"Release, $(basename "$build")\","
  echo "  \"repeats\": $repeats,"
  echo "  \"results\": ["
  for i in "${!results[@]}"; do
    sep=,; [ "$i" -eq $((${#results[@]} - 1)) ] && sep=
    echo "    ${results[$i]}$sep"
  done
  echo "  ]"
  echo "}"
} > "$out"
echo "wrote $out" >&2
