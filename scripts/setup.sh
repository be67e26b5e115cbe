#!/usr/bin/env bash
# usage: scripts/setup.sh [--no-run]
#
# Sets up a fresh Debian 12 machine for snn-cbram and runs the main job:
# installs the Debian packages, puts MNIST in data/mnist, configures and
# builds into build/, then compiles and trains the paper's network.
#
#   --no-run     everything but the main job (what CI runs)
#   -h, --help   this text
#
# Run it as root (it calls apt-get directly; sudo need not be installed), or
# as a normal user prefixed with sudo. A normal user may also run it without
# sudo: it then calls sudo for the package installation only, when packages
# are missing.
# Idempotent: packages already installed, data already verified and an
# existing build are reused.
#
# Environment:
#   SNN_DATA_DIR   a directory with the four MNIST idx files (.gz or raw),
#                  tried first (see scripts/fetch-mnist.sh for the others)
#   BUILD_DIR      build directory (default: build in the checkout)
#   JOBS           parallel build jobs (default: 2)
set -euo pipefail

# Prints the header comment above (the usage text).
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
JOBS="${JOBS:-2}"
RUN_MAIN=1

for arg in "$@"; do
  case "$arg" in
    --no-run) RUN_MAIN=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

log() { printf '\n== %s\n' "$*"; }

# --- 1. Debian packages ------------------------------------------------------
# One pinned LLVM/MLIR: 19 from bookworm main (19.1.7, will not move). Do not
# mix in libmlir-22-dev from bookworm-security: it conflicts with libmlir-19.
# find_package(MLIR) also needs mlir-19-tools (mlir-tblgen) and llvm-19-dev;
# llvm-19-tools provides lit and FileCheck. clang-19 and libclang-rt-19-dev
# (libFuzzer and the sanitizer runtimes of the same LLVM) build the fuzz
# targets (docs/testing.md).
PACKAGES=(
  cmake ninja-build g++ ccache git python3 gzip ca-certificates
  libmlir-19-dev mlir-19-tools llvm-19-dev llvm-19-tools
  clang-19 libclang-rt-19-dev
  libflatbuffers-dev flatbuffers-compiler
  libgtest-dev zlib1g-dev libpng-dev
  python3-matplotlib dataset-fashion-mnist
  slurm-wlm munge
  pybind11-dev python3-dev libhdf5-dev python3-h5py python3-numpy
  libopenblas0-pthread
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || {
      echo "setup.sh: installing packages needs root: run as root (sudo is not installed)" >&2
      exit 1
    }
    SUDO="sudo"
  fi
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
  # The paper's experiment, entirely as the spec states it (8-bit words, as
  # in docs/results.md; about a minute of training).
  log "main job: scripts/run-example.sh examples/shi2018.mlir"
  "$ROOT/scripts/run-example.sh" "$ROOT/examples/shi2018.mlir"
fi
log "done"
