#!/usr/bin/env python3
"""A small soft-pruning sweep with snnpy: compiles examples/tiny.mlir with a
few pruning target fractions, trains and tests each on the simulated chip, and
plots test accuracy and write pulses against the pruned fraction.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/pruning_sweep.py \
        --data data/mnist --out sweep.png

Prints one line per target and writes the figure (and, with --json, the
numbers)."""

import argparse
import json
import os
import re
import sys
import tempfile

import snnpy

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, "..", "tiny.mlir")


def spec_with_target(text, target):
    out, n = re.subn(r"target_fraction\s*=\s*[0-9.eE+-]+", f"target_fraction = {target}", text)
    if n != 1:
        sys.exit("pruning_sweep: the spec must have exactly one target_fraction")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default="data/mnist", help="idx data directory (default data/mnist)")
    ap.add_argument("--spec", default=SPEC, help="network spec with a soft_prune schedule")
    ap.add_argument("--targets", default="0,0.25,0.5,0.75", help="comma-separated target fractions")
    ap.add_argument("--train-limit", type=int, default=300)
    ap.add_argument("--test-limit", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="pruning_sweep.png", help="PNG to write")
    ap.add_argument("--json", help="also write the numbers as JSON")
    args = ap.parse_args()

    text = open(args.spec).read()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for t in [float(x) for x in args.targets.split(",")]:
            spec = os.path.join(tmp, f"t{t}.mlir")
            with open(spec, "w") as f:
                f.write(spec_with_target(text, t))
            run = snnpy.train(snnpy.compile(spec), args.data, train_limit=args.train_limit,
                              test_limit=args.test_limit, seed=args.seed)
            rep = run.report
            row = {
                "target": t,
                "pruned_fraction": rep["pruning"]["final_fraction"],
                "test_accuracy": rep["accuracy"]["test"],
                "write_pulses": rep["writes"]["total_pulses"],
                "writes_avoided": rep["pruning"]["writes_avoided"],
                "train_energy_pj": rep["energy_pj"]["train"]["total"],
            }
            rows.append(row)
            print(f"target {t:4.2f}: pruned {row['pruned_fraction']:.3f}  "
                  f"test accuracy {row['test_accuracy']:.3f}  write pulses {row['write_pulses']}  "
                  f"(avoided by pruning {row['writes_avoided']})", flush=True)

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = [r["pruned_fraction"] for r in rows]
    fig, ax = plt.subplots(figsize=(6, 4), dpi=100)
    ax.plot(x, [100 * r["test_accuracy"] for r in rows], "o-", color="tab:blue")
    ax.set_xlabel("pruned fraction of weights")
    ax.set_ylabel("test accuracy (%)", color="tab:blue")
    ax2 = ax.twinx()
    ax2.plot(x, [r["write_pulses"] for r in rows], "s--", color="tab:red")
    ax2.set_ylabel("write pulses", color="tab:red")
    ax.set_title(f"{os.path.basename(args.spec)}: soft pruning "
                 f"({args.train_limit} train / {args.test_limit} test images)")
    fig.tight_layout()
    fig.savefig(args.out)
    print(f"wrote {args.out}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
