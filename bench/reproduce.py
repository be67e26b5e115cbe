#!/usr/bin/python3
"""Reruns the Shi et al. 2018 reproduction study and writes docs/results.md.

    bench/reproduce.py            the full study (full MNIST, 3 epochs, 3 seeds)
    bench/reproduce.py --quick    a reduced version in minutes (same tables)

Every run compiles a variant of examples/shi2018.mlir with snn-opt and
snn-translate, trains and tests it with snn-run, and keeps snn-run's JSON
report under the output directory. The tables and plots are made from those
reports only. Variants are made by editing the spec's text (the pruning op, the
data set) or by pipeline options (device card, write policy), so each row
differs from the paper spec in exactly what its label says.

Results: <out>/runs/*.json, <out>/summary.json, <out>/*.png and a markdown
write-up (docs/results.md for the full study, <out>/results.md for --quick).
"""
import argparse
import concurrent.futures as futures
import datetime
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAPER_SPEC = os.path.join(ROOT, "examples", "shi2018.mlir")
DC_SPEC = os.path.join(ROOT, "examples", "diehl-cook-400.mlir")
FASHION_DIR = "/usr/share/datasets/fashion-mnist"

PRUNE_OP_RE = re.compile(r"\n\s*snn\.prune.*?!snn\.synapses<\d+, \d+>\n", re.S)
DEVICES = ["subquantum-cbram", "cbram", "pcm", "sram"]
# The target (8-bit digital words on subquantum CBRAM, chosen on the
# validation split, docs/tuning.md) is in examples/shi2018.mlir itself; the
# device and policy parts override single fields with pipeline options.
POLICIES = {
    "baseline (skip unchanged + skip pruned, row order)": "",
    "skip-unchanged off": "skip-unchanged=false",
    "skip-pruned off": "skip-pruned=false",
    "both skips off": "skip-unchanged=false skip-pruned=false",
    "wear-leveling (rotation every 1000 images)": "order=wear-leveling rotation-period=1000",
}


def paper_spec_text():
    with open(PAPER_SPEC) as f:
        return f.read()


def prune_schedule(text):
    """Returns the soft_prune attribute body of the paper spec."""
    m = re.search(r"#snn\.soft_prune<(.*?)>", text, re.S)
    if not m:
        sys.exit("reproduce: examples/shi2018.mlir has no #snn.soft_prune schedule")
    return " ".join(m.group(1).split())


def scale_schedule(schedule, factor):
    """Scales a schedule's start, ramp and interval (for --quick runs, whose
    few images would otherwise never reach the paper's pruning start)."""
    def scaled(m):
        return f"{m.group(1)} = {max(1, round(int(m.group(2)) * factor))}"
    return re.sub(r"\b(start|ramp|interval) = (\d+)", scaled, schedule)


def with_pruning(text, mode, fraction, factor=1.0):
    """The paper spec with its pruning op replaced: mode none|soft|conventional."""
    schedule = scale_schedule(prune_schedule(text), factor)
    body = PRUNE_OP_RE.sub("\n", text)
    if mode == "none" or fraction == 0:
        return body
    fields = re.sub(r"target_fraction = [0-9.e+-]+", f"target_fraction = {fraction}", schedule)
    if mode == "conventional":
        fields = re.sub(r",?\s*value = [0-9.e+-]+", "", fields)
        attr = f"#snn.conventional_prune<{fields}>"
    else:
        attr = f"#snn.soft_prune<{fields}>"
    syn = re.search(r"!snn\.synapses<\d+, \d+>", text).group(0)
    op = f"  snn.prune {attr} on %w : {syn}\n"
    return body.replace("  snn.train", op + "  snn.train", 1)


def with_dataset(text, dataset):
    return re.sub(r"snn\.train \w+", f"snn.train {dataset}", text)


class Study:
    def __init__(self, args):
        self.args = args
        self.bin = os.path.join(args.build, "bin")
        self.out = args.out
        os.makedirs(os.path.join(self.out, "runs"), exist_ok=True)
        os.makedirs(os.path.join(self.out, "specs"), exist_ok=True)
        self.runs = {}
        # --reuse keeps the wall times measured when the reports were made.
        self.previous = {}
        old = os.path.join(self.out, "summary.json")
        if args.reuse and os.path.exists(old):
            with open(old) as f:
                self.previous = json.load(f)

    def limits(self):
        if self.args.quick:
            return ["--train-limit", "3000", "--test-limit", "1000", "--epochs", "1"]
        return []

    def run(self, name, spec_text, seed, data=None, pipeline="", extra=()):
        """Compiles and runs one variant; returns (name, report dict, wall s)."""
        report = os.path.join(self.out, "runs", f"{name}.json")
        spec = os.path.join(self.out, "specs", f"{name}.mlir")
        program = os.path.join(self.out, "specs", f"{name}.snnp")
        with open(spec, "w") as f:
            f.write(spec_text)
        start = time.time()
        if not (self.args.reuse and os.path.exists(report)):
            # The spec is the experiment; options only where a part varies
            # the target on purpose (recorded in the program as overrides).
            opt = [os.path.join(self.bin, "snn-opt"), spec,
                   "--snn-to-cbram-pipeline=" + pipeline]
            translate = [os.path.join(self.bin, "snn-translate"), "--snn-to-program",
                         "-o", program]
            lowered = subprocess.run(opt, check=True, capture_output=True, text=True).stdout
            subprocess.run(translate, input=lowered, check=True, text=True)
            cmd = [os.path.join(self.bin, "snn-run"), program, "--data",
                   data or self.args.data, "--seed", str(seed), "--quiet",
                   "--report", report] + self.limits() + list(extra)
            subprocess.run(cmd, check=True)
        with open(report) as f:
            result = json.load(f)
        wall = time.time() - start
        if self.args.reuse and name in self.previous.get("runs", {}):
            wall = self.previous["runs"][name]["wall_s"]
        return name, result, wall

    def batch(self, jobs):
        """Runs [(name, spec, seed, kwargs)] on --jobs workers."""
        with futures.ThreadPoolExecutor(self.args.jobs) as pool:
            pending = [pool.submit(self.run, n, s, seed, **kw) for n, s, seed, kw in jobs]
            for fut in futures.as_completed(pending):
                name, result, wall = fut.result()
                self.runs[name] = (result, wall)
                acc = result["accuracy"]["test"]
                print(f"  {name:40s} test {acc * 100:6.2f}%  ({wall:5.1f} s)", flush=True)


# --- metrics from one report -------------------------------------------------

def acc(r):
    return 100.0 * r["accuracy"]["test"]


def train_images(r):
    s = r["settings"]
    return s["train_images"] * s["epochs"]


def writes_per_image(r):
    return r["write_scheduling"]["writes_issued"] / train_images(r)


def energy_per_image_nj(r):
    return r["energy_pj"]["train"]["total"] / train_images(r) / 1000.0


def write_energy_per_image_nj(r):
    e = r["energy_pj"]["train"]
    return (e["set"] + e["reset"] + e["verify"]) / train_images(r) / 1000.0


def mean_sd(values):
    if len(values) == 1:
        return values[0], 0.0
    return statistics.mean(values), statistics.stdev(values)


def fmt(values, digits=2):
    m, s = mean_sd(values)
    return f"{m:.{digits}f} ± {s:.{digits}f}" if len(values) > 1 else f"{m:.{digits}f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="3,000 training / 1,000 test images, 1 epoch, 1 seed")
    ap.add_argument("--seeds", default=None, help="seeds (default: 1 2 3; quick: 1)")
    ap.add_argument("--jobs", type=int, default=2, help="parallel runs (default 2)")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"),
                    help="build directory (default: build/ in the checkout)")
    ap.add_argument("--data", default=os.path.join(ROOT, "data", "mnist"),
                    help="MNIST directory (default: data/mnist in the checkout)")
    ap.add_argument("--out", default=None, help="output directory")
    ap.add_argument("--reuse", action="store_true", help="reuse reports already in --out")
    ap.add_argument("--only", default="1,2,3,4,5,6,7", help="parts to run (default all)")
    args = ap.parse_args()
    seeds = [int(s) for s in (args.seeds or ("1" if args.quick else "1 2 3")).split()]
    stamp = datetime.date.today().isoformat()
    args.out = args.out or os.path.join(
        ROOT, "bench", "results", f"{stamp}-reproduce{'-quick' if args.quick else ''}")
    parts = {int(p) for p in args.only.split(",")}
    study = Study(args)
    text = paper_spec_text()
    # Quick runs see 3,000 images once instead of 60,000 three times.
    factor = 3000 / 180000 if args.quick else 1.0
    text = with_pruning(text, "soft", 0.75, factor)
    fractions = [0, 0.2, 0.4, 0.6, 0.75, 0.9]
    timings = {}

    def part(n, title, jobs):
        if n not in parts:
            return
        print(f"[{n}] {title}: {len(jobs)} runs", flush=True)
        t0 = time.time()
        study.batch(jobs)
        timings[n] = time.time() - t0
        old = study.previous.get("wall_s_per_part", {}).get(str(n))
        if args.reuse and old is not None:
            timings[n] = old

    # (1) + (2) + (3): pruning sweep; fraction 0 is the unpruned network.
    sweep = []
    for seed in seeds:
        sweep.append((f"unpruned-s{seed}", with_pruning(text, "none", 0), seed, {}))
        for mode in ("soft", "conventional"):
            for fr in fractions[1:]:
                sweep.append((f"{mode}-{int(fr * 100)}-s{seed}",
                              with_pruning(text, mode, fr), seed, {}))
    part(1, "accuracy vs pruned fraction (soft, conventional)", sweep)
    part(4, "device cards", [(f"device-{d}-s{seeds[0]}", text, seeds[0],
                              {"pipeline": f"snn-device={d}"}) for d in DEVICES])
    # The unpruned network with full-word rewrites is the baseline against
    # which pruning's write savings are usually stated.
    part(5, "write-scheduling policies", [
        (f"policy-{i}-s{seeds[0]}", text, seeds[0], {"pipeline": opt})
        for i, opt in enumerate(POLICIES.values())] + [
        (f"policy-unpruned-rewrite-s{seeds[0]}", with_pruning(text, "none", 0), seeds[0],
         {"pipeline": "skip-unchanged=false"})])
    if os.path.isdir(FASHION_DIR):
        part(6, "Fashion-MNIST", [
            (f"fashion-{m}-s{seed}", with_dataset(with_pruning(text, m, 0.75 if m == "soft" else 0),
                                                  "fashion_mnist"), seed, {"data": FASHION_DIR})
            for seed in seeds for m in ("none", "soft")])
    with open(DC_SPEC) as f:
        dc_text = f.read()
    # Its spec keeps the default 4-bit words (784x400 8-bit words would not
    # fit the 4-tile chip).
    part(7, "Diehl & Cook-style network", [(f"diehl-cook-400-s{seeds[0]}", dc_text, seeds[0], {})])

    summary = {"date": stamp, "commit": git_commit(), "quick": args.quick, "seeds": seeds,
               "command": " ".join(shlex.quote(a) for a in sys.argv),
               "wall_s_per_part": timings,
               "runs": {k: summarize(r, w) for k, (r, w) in study.runs.items()}}
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    md = write_markdown(study, summary, seeds, fractions, args)
    target = os.path.join(args.out, "results.md") if args.quick else os.path.join(ROOT, "docs", "results.md")
    with open(target, "w") as f:
        f.write(md)
    print(f"wrote {target}")


def git_commit():
    try:
        return subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def summarize(r, wall):
    return {"test_accuracy": r["accuracy"]["test"], "writes_per_image": writes_per_image(r),
            "train_energy_per_image_nj": energy_per_image_nj(r),
            "write_energy_per_image_nj": write_energy_per_image_nj(r),
            "max_writes_per_cell": r["writes"]["max_per_cell"],
            "pruned_fraction": r["pruning"]["final_fraction"], "wall_s": wall,
            "train_images_per_s": r["performance"]["train_images_per_s"]}


def write_markdown(study, summary, seeds, fractions, args):
    R = {k: r for k, (r, _) in study.runs.items()}
    out = []
    w = out.append
    w(f"# Results: reproducing Shi et al. 2018{' (quick mode)' if args.quick else ''}\n")
    w(f"Generated by `{summary['command']}` on {summary['date']} at commit "
      f"`{summary['commit'][:12]}`; seeds {seeds}. Per-run reports: "
      f"`{os.path.relpath(args.out, ROOT)}/runs/`.\n")
    parts = {1: "parts 1-3 (pruning sweep)", 4: "part 4 (devices)", 5: "part 5 (write policies)",
             6: "part 6 (Fashion-MNIST)", 7: "part 7 (Diehl & Cook)"}
    for n, t in sorted(summary["wall_s_per_part"].items(), key=lambda kv: int(kv[0])):
        w(f"- {parts.get(int(n), f'part {n}')}: {t / 60:.1f} min wall time, {args.jobs} runs in parallel on 2 cores")
    w("")
    w("What these numbers do and do not show, and what was tried where a target "
      "is missed: [results-discussion.md](results-discussion.md). How the parameters "
      "were chosen: [tuning.md](tuning.md).\n")

    def series(prefix):
        return [R[f"{prefix}-s{s}"] for s in seeds if f"{prefix}-s{s}" in R]

    unpruned = series("unpruned")
    if unpruned:
        w("## 1. Unpruned accuracy\n")
        w(f"Test accuracy: **{fmt([acc(r) for r in unpruned])} %** over {len(unpruned)} seed(s).\n")
    if unpruned:
        w("## 2-3. Accuracy, writes and energy versus pruned fraction\n")
        w("| pruning | fraction | test accuracy (%) | writes / image | train energy / image (nJ) | write energy / image (nJ) |")
        w("|---|---|---|---|---|---|")
        rows = {}
        for mode in ("soft", "conventional"):
            for fr in fractions:
                rs = unpruned if fr == 0 else series(f"{mode}-{int(fr * 100)}")
                if not rs:
                    continue
                rows[(mode, fr)] = rs
                w(f"| {mode} | {fr:.2f} | {fmt([acc(r) for r in rs])} | "
                  f"{fmt([writes_per_image(r) for r in rs], 0)} | "
                  f"{fmt([energy_per_image_nj(r) for r in rs], 1)} | "
                  f"{fmt([write_energy_per_image_nj(r) for r in rs], 2)} |")
        w("")
        soft75 = rows.get(("soft", 0.75))
        if soft75:
            wr = statistics.mean(writes_per_image(r) for r in unpruned) / statistics.mean(
                writes_per_image(r) for r in soft75)
            er = statistics.mean(write_energy_per_image_nj(r) for r in unpruned) / statistics.mean(
                write_energy_per_image_nj(r) for r in soft75)
            tr = statistics.mean(energy_per_image_nj(r) for r in unpruned) / statistics.mean(
                energy_per_image_nj(r) for r in soft75)
            w(f"Unpruned / soft-pruned 75%: writes **{wr:.2f}x**, write energy **{er:.2f}x**, "
              f"total training energy **{tr:.2f}x** (the paper claims about 10x from the algorithm).\n")
        plot_path = plot_sweep(rows, args.out)
        if plot_path:
            rel = os.path.relpath(plot_path, os.path.join(ROOT, "docs"))
            w(f"![accuracy versus pruned fraction]({rel})\n")
    devs = [(d, R.get(f"device-{d}-s{seeds[0]}")) for d in DEVICES]
    devs = [(d, r) for d, r in devs if r]
    if devs:
        w("## 4. Device cards (same network, soft-pruned 75%)\n")
        base = next((r for d, r in devs if d == "subquantum-cbram"), None)
        w("| device | test accuracy (%) | train energy / image (nJ) | write energy / image (nJ) | read energy / image (nJ) | ratio to subquantum CBRAM (total) |")
        w("|---|---|---|---|---|---|")
        for d, r in devs:
            e = r["energy_pj"]["train"]
            ratio = energy_per_image_nj(r) / energy_per_image_nj(base) if base else float("nan")
            w(f"| {d} | {acc(r):.2f} | {energy_per_image_nj(r):.1f} | {write_energy_per_image_nj(r):.2f} | "
              f"{e['array_read'] / train_images(r) / 1000:.1f} | {ratio:.2f} |")
        w("")
    pols = [(label, R.get(f"policy-{i}-s{seeds[0]}")) for i, label in enumerate(POLICIES)]
    pols = [(l, r) for l, r in pols if r]
    if pols:
        w("## 5. Write scheduling policies (soft-pruned 75%)\n")
        w("| policy | test accuracy (%) | writes / image | max writes per cell | write energy / image (nJ) | train energy / image (nJ) |")
        w("|---|---|---|---|---|---|")
        for l, r in pols:
            w(f"| {l} | {acc(r):.2f} | {writes_per_image(r):.0f} | {r['writes']['max_per_cell']} | "
              f"{write_energy_per_image_nj(r):.2f} | {energy_per_image_nj(r):.1f} |")
        full = R.get(f"policy-unpruned-rewrite-s{seeds[0]}")
        if full:
            w(f"| unpruned network, skip-unchanged off | {acc(full):.2f} | {writes_per_image(full):.0f} | "
              f"{full['writes']['max_per_cell']} | {write_energy_per_image_nj(full):.2f} | "
              f"{energy_per_image_nj(full):.1f} |")
            rewrite = dict(pols).get("skip-unchanged off")
            if rewrite:
                w(f"\nWith full-word rewrites (skip-unchanged off), soft-pruning 75% cuts writes "
                  f"**{writes_per_image(full) / writes_per_image(rewrite):.2f}x** and write energy "
                  f"**{write_energy_per_image_nj(full) / write_energy_per_image_nj(rewrite):.2f}x**.")
        w("")
    fashion = [(m, series(f"fashion-{m}")) for m in ("none", "soft")]
    if any(rs for _, rs in fashion):
        w("## 6. Fashion-MNIST (same spec and protocol, nothing tuned for it)\n")
        w("| pruning | test accuracy (%) |")
        w("|---|---|")
        for m, rs in fashion:
            if rs:
                w(f"| {'soft 75%' if m == 'soft' else 'none'} | {fmt([acc(r) for r in rs])} |")
        w("")
    dc = R.get(f"diehl-cook-400-s{seeds[0]}")
    if dc:
        w("## 7. Diehl & Cook-style network (examples/diehl-cook-400.mlir)\n")
        w(f"Test accuracy **{acc(dc):.2f} %** (commonly cited for 400 neurons: ~87%), "
          f"{dc['performance']['train_images_per_s']:.0f} training images/s.\n")
    return "\n".join(out) + "\n"


def plot_sweep(rows, out):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("reproduce: matplotlib missing; no plot (apt-get install python3-matplotlib)")
        return None
    fig, ax = plt.subplots(figsize=(6, 4))
    for mode, style in (("soft", "o-"), ("conventional", "s--")):
        pts = sorted((fr, rs) for (m, fr), rs in rows.items() if m == mode)
        if not pts:
            continue
        xs = [fr * 100 for fr, _ in pts]
        means = [mean_sd([acc(r) for r in rs])[0] for _, rs in pts]
        sds = [mean_sd([acc(r) for r in rs])[1] for _, rs in pts]
        ax.errorbar(xs, means, yerr=sds, fmt=style, capsize=3, label=f"{mode} pruning")
    ax.set_xlabel("weights pruned (%)")
    ax.set_ylabel("MNIST test accuracy (%)")
    ax.grid(alpha=0.3)
    ax.legend()
    path = os.path.join(out, "accuracy-vs-pruning.png")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    return path


if __name__ == "__main__":
    main()
