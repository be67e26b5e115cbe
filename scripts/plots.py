#!/usr/bin/env python3
"""Figures of an snn-run report (and, with --model, of the trained model).

    scripts/plots.py report.json [more.json ...] [--model m.snnm] [--out DIR] [--scale S]

Writes into DIR (default: the current directory):
  energy.png    energy per component (array read, set, reset, ...) and phase
                (train, assign, test), stacked, in pJ
  training.png  with one report: test accuracy per class, output spikes per
                image in each phase, and the pruned fraction over training;
                with several reports (e.g. runs with growing --train-limit):
                test accuracy and spikes per image against training images
  wear.png      (--model) write pulses per cell of every tile used, log colour
                scale, cropped to the cells holding weights
  weights.png   (--model) each neuron's weights as an image of the input
                (pixels not used are grey), its assigned class in the title,
                one diverging colour scale over [w_min, w_max], pruned weights
                marked with a yellow dot

Every figure is a fixed size times --scale (fonts scale too), so it stays
readable from a slide to a poster: at --scale 1 energy.png and training.png
are 1000x600 px, wear.png 1000x500, weights.png 1000 px wide. --model reads
the model with the snnpy module (PYTHONPATH=build/python, or found next to
this script in build/python). Needs matplotlib (Debian: python3-matplotlib).
"""

import argparse
import json
import math
import os
import sys

PHASES = ("train", "assign", "test")
# Energy components of the report, in its order (older reports lack some:
# they count as 0).
COMPONENTS = ("array_read", "sensing", "row_drive", "shift_add", "accumulate", "stdp_update",
              "set", "reset", "verify", "write_drive", "neuron", "routing", "control", "rng",
              "leakage")
DPI = 100


def die(msg):
    print(f"plots.py: error: {msg}", file=sys.stderr)
    sys.exit(2)


def load_report(path):
    try:
        with open(path) as f:
            rep = json.load(f)
    except (OSError, ValueError) as e:
        die(f"{path}: {e}")
    for key in ("energy_pj", "accuracy", "spikes_per_image", "settings"):
        if key not in rep:
            die(f"{path}: not an snn-run report (no '{key}')")
    return rep


def figure(plt, w_in, h_in, scale):
    return plt.figure(figsize=(w_in * scale, h_in * scale), dpi=DPI)


def energy(plt, rep, out, scale):
    fig = figure(plt, 10, 6, scale)
    ax = fig.add_subplot(1, 1, 1)
    bottom = [0.0] * len(PHASES)
    cmap = plt.get_cmap("tab20")
    for i, comp in enumerate(COMPONENTS):
        vals = [rep["energy_pj"].get(p, {}).get(comp, 0.0) for p in PHASES]
        ax.bar(PHASES, vals, bottom=bottom, color=cmap(i), label=comp.replace("_", " "))
        bottom = [b + v for b, v in zip(bottom, vals)]
    for x, total in enumerate(bottom):
        ax.annotate(f"{total:.3g}", (x, total), ha="center", va="bottom")
    ax.set_ylabel("energy (pJ)")
    ax.set_title(f"Energy by component and phase: {rep['program'].get('name', '')}")
    ax.legend(loc="upper right", ncol=3, fontsize="small")
    ax.margins(y=0.15)
    fig.subplots_adjust(left=0.1, right=0.97, top=0.92, bottom=0.08)
    fig.savefig(out)
    plt.close(fig)


def training(plt, reps, out, scale):
    fig = figure(plt, 10, 6, scale)
    if len(reps) == 1:
        rep = reps[0]
        ax1 = fig.add_subplot(2, 2, 1)
        acc = rep["accuracy"].get("per_class", [])
        ax1.bar(range(len(acc)), [100 * a for a in acc], color="tab:blue")
        ax1.axhline(100 * rep["accuracy"]["test"], color="k", ls="--", lw=1,
                    label=f"all: {100 * rep['accuracy']['test']:.1f}%")
        ax1.set_xticks(range(len(acc)))
        ax1.set_xlabel("class")
        ax1.set_ylabel("test accuracy (%)")
        ax1.legend(fontsize="small")
        ax2 = fig.add_subplot(2, 2, 2)
        spi = rep["spikes_per_image"]
        ax2.bar(PHASES, [spi.get(p, 0) for p in PHASES], color="tab:orange")
        ax2.set_ylabel("output spikes per image")
        ax3 = fig.add_subplot(2, 1, 2)
        pts = rep.get("pruning", {}).get("fraction_over_time", [])
        if pts:
            ax3.plot([p["images"] for p in pts], [p["fraction"] for p in pts], "o-",
                     color="tab:green", ms=3)
        else:
            ax3.text(0.5, 0.5, "no pruning", ha="center", va="center", transform=ax3.transAxes)
        ax3.set_xlabel("training images")
        ax3.set_ylabel("pruned fraction")
        ax3.set_ylim(-0.02, 1.02)
        fig.suptitle(f"{rep['program'].get('name', '')}: {rep['settings']['train_images']} "
                     f"training images x {rep['settings']['epochs']} epochs")
    else:
        reps = sorted(reps, key=lambda r: r["settings"]["train_images"] * r["settings"]["epochs"])
        x = [r["settings"]["train_images"] * r["settings"]["epochs"] for r in reps]
        ax1 = fig.add_subplot(2, 1, 1)
        ax1.plot(x, [100 * r["accuracy"]["test"] for r in reps], "o-", color="tab:blue")
        ax1.set_ylabel("test accuracy (%)")
        ax2 = fig.add_subplot(2, 1, 2, sharex=ax1)
        for p, c in zip(PHASES, ("tab:orange", "tab:purple", "tab:red")):
            ax2.plot(x, [r["spikes_per_image"].get(p, 0) for r in reps], "s-", color=c, label=p)
        ax2.set_xlabel("training images")
        ax2.set_ylabel("output spikes per image")
        ax2.legend(fontsize="small")
        fig.suptitle("Accuracy and spikes over training")
    fig.subplots_adjust(left=0.09, right=0.97, top=0.9, bottom=0.1, hspace=0.45, wspace=0.3)
    fig.savefig(out)
    plt.close(fig)


def wear(plt, np, model, out, scale):
    from matplotlib.colors import LogNorm
    tiles = model.tile_writes()
    fig = figure(plt, 10, 5, scale)
    n = len(tiles)
    cols = min(n, 4)
    rows = math.ceil(n / cols)
    vmax = max(1, max(int(t.max()) for t in tiles))
    im = None
    for i, t in enumerate(tiles):
        ax = fig.add_subplot(rows, cols, i + 1)
        used_r = np.nonzero(t.any(axis=1))[0]
        used_c = np.nonzero(t.any(axis=0))[0]
        view = t[: used_r[-1] + 1, : used_c[-1] + 1] if len(used_r) else t[:1, :1]
        im = ax.imshow(np.ma.masked_equal(view, 0), norm=LogNorm(vmin=1, vmax=vmax),
                       cmap="inferno", aspect="auto", interpolation="nearest")
        ax.set_facecolor("#202020")
        ax.set_title(f"tile {i}: max {int(t.max())}, {int(t.sum())} pulses", fontsize="small")
        ax.set_xlabel("column")
        ax.set_ylabel("row")
    fig.suptitle("Write pulses per cell (black: never written)")
    fig.subplots_adjust(left=0.08, right=0.86, top=0.86, bottom=0.12, wspace=0.35, hspace=0.5)
    cax = fig.add_axes([0.89, 0.12, 0.02, 0.74])
    fig.colorbar(im, cax=cax, label="pulses")
    fig.savefig(out)
    plt.close(fig)


def weights(plt, np, model, out, scale):
    prog = model.program
    width, height = prog.image_size
    w = model.weights
    pruned = model.pruned
    mask = model.mask
    assign = model.assignment
    values = prog.level_values
    lo, hi = float(values[0]), float(values[-1])
    inputs, n = prog.inputs, prog.neurons
    cols = min(n, 10)
    rows = math.ceil(n / cols)
    fig_w = 10.0
    cell = fig_w * 0.85 / cols
    fig = figure(plt, fig_w, rows * cell * 1.25 + 0.8, scale)
    H = fig.get_figheight()
    im = None
    for k in range(n):
        img = np.full(width * height, np.nan)
        img[mask] = w[:inputs, k]
        ax = fig.add_axes([0.02 + (k % cols) * 0.85 / cols,
                           1 - (0.4 * scale + (k // cols + 1) * cell * 1.25 * scale) / H,
                           0.85 / cols * 0.92, cell * scale / H])
        im = ax.imshow(img.reshape(height, width), cmap="RdBu_r", vmin=lo, vmax=hi,
                       interpolation="nearest")
        ax.set_facecolor("#b0b0b0")
        pr = np.nonzero(pruned[:inputs, k])[0]
        if len(pr):
            px = np.asarray(mask)[pr]
            # A dot a third of a pixel wide, in a colour off the weight scale.
            ms = 0.35 * cell * scale * 72 / max(width, height)
            ax.plot(px % width, px // width, "o", color="#f0c000", ms=ms, mew=0)
        c = int(assign[k])
        ax.set_title(f"#{k}: {c if c >= 0 else '-'}", fontsize="small", pad=2)
        ax.set_xticks([])
        ax.set_yticks([])
    cax = fig.add_axes([0.9, 0.1, 0.025, 0.8])
    fig.colorbar(im, cax=cax, label="weight")
    fig.suptitle("Weights per neuron (title: assigned class; yellow dots: pruned; grey: unused pixel)",
                 fontsize="medium")
    fig.savefig(out)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 2)[2])
    ap.add_argument("reports", nargs="+", help="snn-run --report JSON files")
    ap.add_argument("--model", help="a model saved by snn-run --save-model (wear and weights)")
    ap.add_argument("--out", default=".", help="output directory (default: .)")
    ap.add_argument("--scale", type=float, default=1.0, help="size factor of every figure")
    args = ap.parse_args()
    if not (0.25 <= args.scale <= 8):
        die("--scale must be in [0.25, 8]")
    if not os.path.isdir(args.out):
        die(f"--out {args.out}: not a directory")
    reps = [load_report(p) for p in args.reports]

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    plt.rcParams["font.size"] = 10 * args.scale
    plt.rcParams["lines.linewidth"] = 1.5 * args.scale

    written = []
    path = os.path.join(args.out, "energy.png")
    energy(plt, reps[0], path, args.scale)
    written.append(path)
    path = os.path.join(args.out, "training.png")
    training(plt, reps, path, args.scale)
    written.append(path)
    if args.model:
        here = os.path.dirname(os.path.abspath(__file__))
        sys.path.append(os.path.join(here, "..", "build", "python"))
        try:
            import snnpy
        except ImportError:
            die("--model needs the snnpy module: build it and set PYTHONPATH=build/python")
        try:
            model = snnpy.load_model(args.model)
        except snnpy.Error as e:
            die(str(e))
        for name, fn in (("wear.png", wear), ("weights.png", weights)):
            path = os.path.join(args.out, name)
            fn(plt, np, model, path, args.scale)
            written.append(path)
    for p in written:
        print(p)


if __name__ == "__main__":
    main()
