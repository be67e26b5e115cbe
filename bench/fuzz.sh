#!/usr/bin/env bash
# usage: bench/fuzz.sh [MINUTES] [TARGET...]
#
# Runs the libFuzzer targets (fuzz/, docs/testing.md) one after the other,
# each on one core, until it has made RUNS executions or MINUTES minutes have
# passed, and records the results in bench/results/<date>-fuzz.json: per
# target the minutes, executions, exec/s, coverage (cov: and ft: of fork
# mode's final stats line; corpus_cov/corpus_ft: the same of the grown
# corpus replayed by a plain run, -runs=0), the corpus it grew and its
# findings (crash, oom, timeout and leak files), with the commit, CPU model
# and load average. Targets run earlier the same day keep their entries.
# Builds the targets first if needed (configuring the build directories with
# clang-19 when they do not exist).
#
#   MINUTES   time limit per target (default: 20)
#   TARGET    fuzz-program fuzz-simulate fuzz-checkpoint fuzz-idx fuzz-spec
#             (default: all five)
#
# Each target runs in libFuzzer's fork mode, with FORKS jobs at a time
# (-fork=FORKS -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1), so a
# finding is saved and fuzzing goes on. Corpora grow outside the tree, in CORPUS_DIR/<target>
# (the checked-in seeds fuzz/corpus/<target> are read, never written);
# findings and logs go to OUT_DIR/<target>/.
#
# Environment:
#   BUILD_DIR       runtime fuzz build (default: build-fuzz in the checkout)
#   SPEC_BUILD_DIR  compiler fuzz build, for fuzz-spec (default: build-fuzz-spec)
#   CORPUS_DIR      default: /var/tmp/snn-fuzz/corpus
#   OUT_DIR         default: /var/tmp/snn-fuzz/<date>
#   RUNS            executions per target (default: 10000000; fuzz-spec: SPEC_RUNS)
#   SPEC_RUNS       default: 1000000
#   JOBS            build jobs (default: 1)
#   FORKS           fuzzing processes per target at a time (default: 1; 2 uses
#                   both cores of this machine)
#   TIMEOUT         seconds of wall time one execution may take before it is
#                   a timeout finding (default: 10; raise it when the fuzzers
#                   share the machine at a low priority: a starved process
#                   times out on inputs that take a second)
set -euo pipefail

# Prints the header comment above (the usage text).
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  -*) echo "$(basename "$0"): unknown option '$1'" >&2; usage >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
minutes=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz-program fuzz-simulate fuzz-checkpoint fuzz-idx fuzz-spec)
case "$minutes" in ''|*[!0-9.]*) echo "fuzz.sh: MINUTES must be a number, got '$minutes'" >&2; exit 2 ;; esac
build=${BUILD_DIR:-$root/build-fuzz}
spec_build=${SPEC_BUILD_DIR:-$root/build-fuzz-spec}
date=$(date -u +%Y-%m-%d)
corpus_root=${CORPUS_DIR:-/var/tmp/snn-fuzz/corpus}
out_root=${OUT_DIR:-/var/tmp/snn-fuzz/$date}
runs=${RUNS:-10000000}
spec_runs=${SPEC_RUNS:-1000000}
jobs=${JOBS:-1}
forks=${FORKS:-1}
timeout_s=${TIMEOUT:-10}
case "$timeout_s" in ''|*[!0-9]*|0) echo "fuzz.sh: TIMEOUT must be a positive integer, got '$timeout_s'" >&2; exit 2 ;; esac
case "$forks" in ''|*[!0-9]*|0) echo "fuzz.sh: FORKS must be a positive integer, got '$forks'" >&2; exit 2 ;; esac

configure() { # dir compiler(ON|OFF)
  [ -f "$1/build.ninja" ] && return 0
  cmake -G Ninja -S "$root" -B "$1" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DSNN_ENABLE_FUZZERS=ON -DSNN_ENABLE_COMPILER="$2" \
    -DMLIR_DIR=/usr/lib/llvm-19/lib/cmake/mlir -DLLVM_USE_LINKER=gold >/dev/null
}
for t in "${targets[@]}"; do
  case "$t" in
    fuzz-spec) configure "$spec_build" ON; ninja -C "$spec_build" -j"$jobs" fuzz-spec ;;
    fuzz-program|fuzz-simulate|fuzz-checkpoint|fuzz-idx)
      configure "$build" OFF; ninja -C "$build" -j"$jobs" "$t" ;;
    *) echo "fuzz.sh: unknown target '$t'" >&2; usage >&2; exit 2 ;;
  esac
done

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
commit=$(git -C "$root" rev-parse --short HEAD)
results=()
for t in "${targets[@]}"; do
  short=${t#fuzz-}
  bin=$build/bin/$t
  n=$runs
  env=()
  if [ "$t" = fuzz-spec ]; then
    bin=$spec_build/bin/$t
    n=$spec_runs
    env=(ASAN_OPTIONS=allow_user_poisoning=0)
  fi
  corpus=$corpus_root/$short
  out=$out_root/$short
  mkdir -p "$corpus" "$out"
  dict=()
  [ -f "$root/fuzz/dict/$short.dict" ] && dict=("-dict=$root/fuzz/dict/$short.dict")
  load0=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "== $t: up to $minutes min or $n executions; log $out/log" >&2
  start=$(date +%s)
  # Exit status: nonzero when libFuzzer stopped on a finding it could not
  # ignore; the findings are counted below either way.
  (cd "$out" && env "${env[@]}" UBSAN_OPTIONS=print_stacktrace=1 "$bin" \
      -fork="$forks" -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
      -max_total_time="$(awk "BEGIN { printf \"%d\", $minutes * 60 }")" -runs="$n" \
      -timeout="$timeout_s" -rss_limit_mb=2048 -artifact_prefix="$out/" "${dict[@]}" \
      "$corpus" "$root/fuzz/corpus/$short") > "$out/log" 2>&1 || true
  secs=$(( $(date +%s) - start ))
  load1=$(cut -d' ' -f1-3 /proc/loadavg)
  # Fork mode's stats line: "#N: cov: C ft: F corp: K exec/s: E oom/timeout/crash: ...".
  stats=$(grep -E '^#[0-9]+: cov: ' "$out/log" | tail -1 || true)
  execs=$(sed -E 's/^#([0-9]+):.*/\1/' <<< "$stats")
  cov=$(sed -E 's/.* cov: ([0-9]+).*/\1/' <<< "$stats")
  ft=$(sed -E 's/.* ft: ([0-9]+).*/\1/' <<< "$stats")
  oct=$(sed -E 's#.*oom/timeout/crash: ([0-9/]+).*#\1#' <<< "$stats")
  [ -n "$execs" ] || { execs=0; cov=0; ft=0; oct="0/0/0"; }
  # The grown corpus (and the seeds) replayed without fuzzing: cov and ft as libFuzzer's
  # non-fork runs report them ("INITED"), comparable between runs.
  replay=$(cd "$out" && env "${env[@]}" "$bin" -runs=0 -rss_limit_mb=2048 -timeout="$timeout_s" \
             "$corpus" "$root/fuzz/corpus/$short" 2>&1 | grep -E '^#[0-9]+[[:space:]]+INITED' | tail -1 || true)
  rcov=$(sed -E 's/.* cov: ([0-9]+).*/\1/' <<< "$replay")
  rft=$(sed -E 's/.* ft: ([0-9]+).*/\1/' <<< "$replay")
  [ -n "$replay" ] || { rcov=0; rft=0; }
  files=$(find "$corpus" -type f | wc -l)
  bytes=$(du -sb "$corpus" | cut -f1)
  # Findings: every saved input, and what they are: up to 40 of them rerun
  # one by one, grouped by the report's kind and the first project frame.
  nfind=$(find "$out" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \) | wc -l)
  kinds=$(cd "$out" && env "${env[@]}" /usr/bin/python3 - "$bin" "$out" "$timeout_s" <<'PY'
import collections, glob, json, os, re, subprocess, sys
bin, out, timeout_s = sys.argv[1], sys.argv[2], sys.argv[3]
files = sorted(f for p in ("crash-*", "oom-*", "timeout-*", "leak-*") for f in glob.glob(os.path.join(out, p)))
kinds = collections.Counter()
for f in files[:40]:
    try:
        r = subprocess.run([bin, "-rss_limit_mb=2048", f"-timeout={timeout_s}", f], capture_output=True,
                           text=True, errors="replace", timeout=max(60, 3 * int(timeout_s)))
        log = r.stdout + r.stderr
    except subprocess.TimeoutExpired:
        log = f"SUMMARY: hang (no report after {max(60, 3 * int(timeout_s))} s)"
    m = re.search(r"FUZZ FINDING: ([^\n]*)", log) or re.search(r"SUMMARY: ([^\n(]*)", log)
    what = m.group(1).strip()[:160] if m else "no report (does not reproduce)"
    frame = re.search(r" in (?:snn::|snnrt::|snn_contract::|mlir::snn::|mlir::cbram::)[^\n]* (/\S+:\d+)", log)
    kinds[what + (" at " + frame.group(1) if frame else "")] += 1
print(json.dumps({"files": len(files), "rerun": min(len(files), 40), "kinds": kinds,
                  "examples": files[:5]}))
PY
)
  rate=$(( secs > 0 ? execs / secs : 0 ))
  echo "$t: $execs executions in $secs s ($rate/s), cov $cov ft $ft, corpus $files files, $nfind findings (oom/timeout/crash $oct)" >&2
  results+=("{\"target\": \"$t\", \"command\": \"$( [ "$forks" = 1 ] || echo "FORKS=$forks " )$( [ "$timeout_s" = 10 ] || echo "TIMEOUT=$timeout_s " )bench/fuzz.sh $minutes $t\", \"commit\": \"$commit\", \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\", \"runs_limit\": $n, \"minutes_limit\": $minutes, \"minutes\": $(awk "BEGIN { printf \"%.1f\", $secs / 60 }"), \"executions\": $execs, \"exec_per_s\": $rate, \"cov\": $cov, \"ft\": $ft, \"corpus_cov\": $rcov, \"corpus_ft\": $rft, \"corpus_files\": $files, \"corpus_bytes\": $bytes, \"oom_timeout_crash\": \"$oct\", \"findings\": $kinds, \"load_before\": \"$load0\", \"load_after\": \"$load1\", \"log\": \"$out/log\"}")
done

out=$root/bench/results/$date-fuzz.json
# Targets run before on the same day keep their entries (each entry names
# its command, commit and time); the ones run now replace theirs.
new=$out_root/results.jsonl
printf '%s\n' "${results[@]}" > "$new"
/usr/bin/python3 - "$out" "$new" <<PY
import json, sys
out = sys.argv[1]
order = ["fuzz-program", "fuzz-simulate", "fuzz-checkpoint", "fuzz-idx", "fuzz-spec"]
try:
    prev = json.load(open(out))
    old = {}
    for r in prev["results"]:
        # Entries of an older format name the command and commit once, above.
        for key in ("command", "commit"):
            if key not in r and key in prev:
                r[key] = prev[key]
        old[r["target"]] = r
except (OSError, ValueError, KeyError):
    old = {}
for line in open(sys.argv[2]):
    if line.strip():
        r = json.loads(line)
        old[r["target"]] = r
doc = {
    "benchmark": "libFuzzer targets (fuzz/), one at a time on one core, fork mode with one job, "
                 "until runs_limit executions or minutes_limit per target (bench/fuzz.sh)",
    "cpu": "$cpu",
    "machine": "$(nproc) cores, $(uname -sr), shared with other builds (noisy; see the load per target)",
    "build": "RelWithDebInfo, clang-19, -fsanitize=fuzzer,address,undefined; "
             "$(basename "$build"), $(basename "$spec_build") (fuzz-spec)",
    "corpus_dir": "$corpus_root",
    "results": sorted(old.values(), key=lambda r: order.index(r["target"]) if r["target"] in order else 99),
}
with open(out, "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")
PY
echo "wrote $out" >&2
