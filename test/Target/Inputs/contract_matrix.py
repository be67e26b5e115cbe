#!/usr/bin/env python3
"""No compile-then-reject: every shipped device card x weight encoding x write
order x neuron model x pruning kind either fails to compile with a located
error (and no program file), or compiles to a program that snn-run loads and
runs. Prints one summary line per outcome and exits 1 on any violation.

usage: contract_matrix.py WORKDIR
(snn-opt, snn-translate and snn-run must be on PATH; lit puts them there.)
"""
import gzip
import itertools
import os
import re
import struct
import subprocess
import sys

CARDS = ["subquantum-cbram", "cbram", "pcm", "sram"]
ENCODINGS = ["digital", "multi_level"]
ORDERS = ["row", "wear_leveling"]
MODELS = ["bayesian_wta", "lif_adaptive"]
PRUNING = ["none", "soft", "conventional"]


def write_idx(workdir, n=4):
    """A tiny MNIST-shaped data set: n 28x28 images and labels per split."""
    for split in ("train", "t10k"):
        pixels = bytes((i * 37 + k) % 256 for i in range(n) for k in range(784))
        with open(os.path.join(workdir, f"{split}-images-idx3-ubyte"), "wb") as f:
            f.write(struct.pack(">IIII", 0x803, n, 28, 28) + pixels)
        with open(os.path.join(workdir, f"{split}-labels-idx1-ubyte"), "wb") as f:
            f.write(struct.pack(">II", 0x801, n) + bytes(i % 10 for i in range(n)))


def spec(card, encoding, order, model, pruning):
    neuron = ("#snn.bayesian_wta<>" if model == "bayesian_wta"
              else "#snn.lif_adaptive<>")
    bias = "" if model == "bayesian_wta" else " {bias = false}"
    prune = {
        "none": "",
        "soft": "  snn.prune #snn.soft_prune<start = 1, ramp = 2, interval = 1> on %w : !snn.synapses<16, 4>\n",
        "conventional": "  snn.prune #snn.conventional_prune<start = 1, ramp = 2, interval = 1> on %w : !snn.synapses<16, 4>\n",
    }[pruning]
    return f"""snn.network @m attributes {{
    cbram.device = #cbram.device<"{card}">,
    cbram.mapping = #cbram.mapping<encoding = {encoding}, order = {order}, rotation_period = 1>}} {{
  %x = snn.input #snn.poisson<> image(28, 28) crop 16 : !snn.spikes<16>
  %y = snn.population {neuron} -> !snn.spikes<4>
  %w = snn.projection %x -> %y{bias} : !snn.spikes<16> -> !snn.spikes<4>
  snn.stdp %w ltp nessler_exp ltd constant : !snn.synapses<16, 4>
{prune}  snn.train mnist epochs 1 images 4
  snn.evaluate max_average_response test_images 4
}}
"""


def main():
    workdir = sys.argv[1]
    os.makedirs(workdir, exist_ok=True)
    write_idx(workdir)
    located = re.compile(r"\.mlir:\d+:\d+: error: ")
    outcomes = {"ran": 0, "rejected": 0}
    bad = []
    for combo in itertools.product(CARDS, ENCODINGS, ORDERS, MODELS, PRUNING):
        name = "-".join(combo)
        src = os.path.join(workdir, name + ".mlir")
        prog = os.path.join(workdir, name + ".snnp")
        with open(src, "w") as f:
            f.write(spec(*combo))
        opt = subprocess.run(["snn-opt", src, "--snn-to-cbram-pipeline"],
                             capture_output=True, text=True)
        if opt.returncode != 0:
            if not located.search(opt.stderr):
                bad.append(f"{name}: compile error without a spec location: {opt.stderr.strip()[:200]}")
            outcomes["rejected"] += 1
            continue
        tr = subprocess.run(["snn-translate", "--snn-to-program", "-o", prog],
                            input=opt.stdout, capture_output=True, text=True)
        if tr.returncode != 0:
            bad.append(f"{name}: snn-opt accepted but snn-translate rejected: {tr.stderr.strip()[:200]}")
            continue
        run = subprocess.run(["snn-run", prog, "--data", workdir, "--quiet"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            bad.append(f"{name}: compiled, then snn-run rejected it: {run.stderr.strip()[:300]}")
            continue
        outcomes["ran"] += 1
    total = sum(outcomes.values()) + len(bad)
    print(f"combinations {total}")
    print(f"ran {outcomes['ran']}")
    print(f"rejected-at-compile-time {outcomes['rejected']}")
    print(f"violations {len(bad)}")
    for b in bad:
        print("VIOLATION", b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
