#!/usr/bin/python3
"""usage: bench/reproduce.py [--quick] [--jobs N | --slurm] [--out DIR] [--report-only]

Reruns the Shi et al. 2018 reproduction study and writes docs/results.md.

    bench/reproduce.py            the full study (full MNIST, 3 epochs, 3 seeds)
    bench/reproduce.py --quick    a reduced version in minutes (same tables)
    bench/reproduce.py --slurm    the runs as a Slurm job array (docs/sweeps.md)
    bench/reproduce.py --report-only --out DIR   only the write-up, from DIR

The study is the sweep file bench/sweeps/paper.toml (--quick:
bench/sweeps/paper-quick.toml): snn-sweep compiles every variant of
examples/shi2018.mlir with snn-opt and snn-translate, trains and tests it with
snn-run, and keeps each run's record (snn-run's JSON report plus provenance)
in <out>/runs/<id>.json; runs already there are not run again, so an
interrupted study resumes. The report step reads only those records (through
<out>/plan.json, which maps run ids to the sweep's groups and axis values):
tables, plot and markdown.

Results: <out>/runs/*.json, <out>/summary.json, <out>/*.png and a markdown
write-up (docs/results.md for the full study, <out>/results.md otherwise).
"""
import argparse
import datetime
import json
import os
import re
import shlex
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SWEEPS = os.path.join(ROOT, "bench", "sweeps")

DEVICES = ["subquantum-cbram", "cbram", "pcm", "sram"]
# Variant label in paper.toml's policy group -> row label of the table.
POLICIES = {
    "baseline": "baseline (skip unchanged + skip pruned, row order)",
    "skip-unchanged-off": "skip-unchanged off",
    "skip-pruned-off": "skip-pruned off",
    "both-skips-off": "both skips off",
    "wear-leveling": "wear-leveling (rotation every 1000 images)",
}
FRACTIONS = [0, 0.2, 0.4, 0.6, 0.75, 0.9]
# Part number of each group of the sweep (part 10, the k-means baseline,
# is no sweep group).
PARTS = {"unpruned": 1, "pruning": 1, "device": 4, "policy": 5,
         "policy-unpruned-rewrite": 5, "fashion": 6, "diehl-cook": 7,
         "accumulation": 8, "adc": 9, "precision": 11, "precision-unpruned": 11,
         "homeostasis": 12, "pruning-rule": 13, "readout": 14}
ACCUMULATION = ["rewindow", "recompute", "deferred"]
ADC_BITS = ["4", "8"]
# Energy components of snn-run's report: reads, writes, the rest.
READ_PARTS = ("array_read", "sensing", "row_drive", "shift_add", "accumulate")
WRITE_PARTS = ("set", "reset", "verify", "write_drive")


# Groups whose runs are named GROUP-LABEL-sSEED, by the label of this axis
# ('_' in a label becomes '-').
NAMED_BY_AXIS = {"device": "device", "fashion": "pruning", "accumulation": "accumulation",
                 "adc": "adc_bits", "precision": "bits", "precision-unpruned": "bits",
                 "homeostasis": "homeostasis", "pruning-rule": "maturity", "readout": "readout"}


def run_name(entry):
    """The name a row of the write-up knows a run by (as the study always
    named its reports): e.g. soft-75-s1, device-pcm-s1."""
    g, a, s = entry["group"], entry["axes"], entry["seed"]
    if g in NAMED_BY_AXIS:
        return f"{g}-{a[NAMED_BY_AXIS[g]].replace('_', '-')}-s{s}"
    if g == "unpruned":
        return f"unpruned-s{s}"
    if g == "pruning":
        return f"{a['mode']}-{int(round(float(a['fraction']) * 100))}-s{s}"
    if g == "policy":
        return f"policy-{list(POLICIES).index(a['policy'])}-s{s}"
    if g == "policy-unpruned-rewrite":
        return f"policy-unpruned-rewrite-s{s}"
    if g == "diehl-cook":
        return f"diehl-cook-400-s{s}"
    return None


def display_path(p):
    rel = os.path.relpath(p, ROOT)
    return p if rel.startswith("..") else rel


def parse_time(s):
    return datetime.datetime.fromisoformat(s).timestamp()


def union_length(intervals):
    """Seconds during which at least one of the [start, end] intervals ran."""
    total, cur = 0.0, None
    for a, b in sorted(intervals):
        if cur is None or a > cur[1]:
            if cur:
                total += cur[1] - cur[0]
            cur = [a, b]
        else:
            cur[1] = max(cur[1], b)
    if cur:
        total += cur[1] - cur[0]
    return total


class Study:
    """The recorded runs of a sweep directory, by run name."""

    def __init__(self, out, allow_mixed):
        self.out = out
        plan_path = os.path.join(out, "plan.json")
        if not os.path.exists(plan_path):
            sys.exit(f"reproduce: {out} has no plan.json: not a sweep directory")
        with open(plan_path) as f:
            self.plan = json.load(f)
        self.runs = {}       # name -> (report, wall_s)
        self.records = {}    # name -> record
        self.ids = {}        # name -> run id
        missing = []
        for e in self.plan["entries"]:
            name = run_name(e)
            if name is None:
                continue
            path = os.path.join(out, "runs", f"{e['id']}.json")
            if not os.path.exists(path):
                missing.append(e["label"])
                continue
            with open(path) as f:
                rec = json.load(f)
            self.records[name] = rec
            self.runs[name] = (rec["report"], rec["wall_s"])
            self.ids[name] = e["id"]
        if missing:
            print(f"reproduce: {len(missing)} runs have no result yet (left out of the "
                  f"tables), e.g. {missing[0]}", file=sys.stderr)
        versions = {}
        for name, rec in self.records.items():
            p = rec["provenance"]
            key = (p["snn_run_version"], p["snn_run_git"], p["compiler"], p["compiler_git"])
            versions.setdefault(key, []).append(name)
        if len(versions) > 1 and not allow_mixed:
            lines = "\n".join(f"  snn-run {v} (git {g}), {c} (git {cg}): {len(n)} runs, e.g. {n[0]}"
                              for (v, g, c, cg), n in versions.items())
            sys.exit("reproduce: the runs come from different tool versions (rerun the "
                     "older ones, or pass --allow-mixed-versions):\n" + lines)
        self.versions = versions
        self.seeds = sorted({e["seed"] for e in self.plan["entries"] if e["group"] == "unpruned"})

    def axis_labels(self, group, axis):
        """The labels of a group's axis, in plan order."""
        labels = [e["axes"][axis] for e in self.plan["entries"]
                  if e["group"] == group and axis in e["axes"]]
        return list(dict.fromkeys(labels))

    def spec_attr(self, name, pattern):
        """The first group of a regex in the spec a run compiled (its
        OUT/specs/ID.mlir): what the spec itself set, beyond the report.
        "" when the spec does not match, None without the spec."""
        try:
            with open(os.path.join(self.out, "specs", f"{self.ids[name]}.mlir")) as f:
                text = f.read()
        except (KeyError, OSError):
            return None
        m = re.search(pattern, text)
        return m.group(1) if m else ""

    def part_times(self):
        """Per part: wall time (the union of its runs' intervals), run time
        summed over runs, and the number of runs."""
        parts = {}
        for e in self.plan["entries"]:
            name = run_name(e)
            rec = self.records.get(name)
            if rec is None:
                continue
            p = parts.setdefault(PARTS[e["group"]], {"intervals": [], "run_s": 0.0, "runs": set()})
            if e["id"] in p["runs"]:
                continue
            p["runs"].add(e["id"])
            end = parse_time(rec["finished_at"])
            p["intervals"].append((end - rec["wall_s"], end))
            p["run_s"] += rec["wall_s"]
        return {n: {"wall_s": union_length(p["intervals"]), "run_s": p["run_s"],
                    "runs": len(p["runs"])} for n, p in parts.items()}


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
    return sum(e.get(k, 0.0) for k in WRITE_PARTS) / train_images(r) / 1000.0


def read_energy_per_image_nj(r):
    e = r["energy_pj"]["train"]
    return sum(e.get(k, 0.0) for k in READ_PARTS) / train_images(r) / 1000.0


def updates_per_image(r):
    return r["events"]["train"]["stdp_updates"] / train_images(r)


def cycles_per_image(r):
    return r["cycles"]["train"] / train_images(r)


def assumed_share(r):
    return 100.0 * r.get("energy_assumed_share", {}).get("train", float("nan"))


def ratio(a, b):
    return a / b if b else float("nan")


def mean_of(f, rs):
    return statistics.mean(f(r) for r in rs)


def mean_sd(values):
    if len(values) == 1:
        return values[0], 0.0
    return statistics.mean(values), statistics.stdev(values)


def fmt(values, digits=2):
    m, s = mean_sd(values)
    return f"{m:.{digits}f} ± {s:.{digits}f}" if len(values) > 1 else f"{m:.{digits}f}"


def snn_sweep(args):
    return [sys.executable, os.path.join(args.build, "bin", "snn-sweep")]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    ap.add_argument("--quick", action="store_true",
                    help="3,000 training / 1,000 test images, 1 epoch, 1 seed "
                         "(bench/sweeps/paper-quick.toml)")
    ap.add_argument("--sweep", default=None,
                    help="another sweep file with the groups of paper.toml")
    ap.add_argument("--jobs", type=int, default=2, help="parallel runs (default 2)")
    ap.add_argument("--slurm", action="store_true",
                    help="run through Slurm (snn-sweep submit --wait) instead of locally")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"),
                    help="build directory (default: build/ in the checkout)")
    ap.add_argument("--data", default=None,
                    help="MNIST directory (default: snn-sweep's, the build's SNN_MNIST_DIR)")
    ap.add_argument("--out", default=None,
                    help="sweep directory (default: bench/results/<date>-reproduce[-quick])")
    ap.add_argument("--report-only", action="store_true",
                    help="run nothing: write the report from the records in --out")
    ap.add_argument("--md", default=None,
                    help="markdown output (default: docs/results.md for the full "
                         "study, <out>/results.md otherwise)")
    ap.add_argument("--allow-mixed-versions", action="store_true",
                    help="report runs made by different tool versions together")
    args = ap.parse_args()
    sweep = args.sweep or os.path.join(SWEEPS, "paper-quick.toml" if args.quick else "paper.toml")
    stamp = datetime.date.today().isoformat()
    if args.report_only and not args.out:
        ap.error("--report-only needs --out DIR")
    args.out = os.path.abspath(args.out or os.path.join(
        ROOT, "bench", "results", f"{stamp}-reproduce{'-quick' if args.quick else ''}"))
    if not args.report_only:
        cmd = snn_sweep(args)
        if args.slurm:
            cmd += ["submit", sweep, "--wait"]
        else:
            cmd += ["run", sweep, "-j", str(args.jobs)]
        cmd += ["--out", args.out, "--bin", os.path.join(args.build, "bin")]
        if args.data:
            cmd += ["--data", f"mnist={os.path.abspath(args.data)}"]
        print("$ " + " ".join(shlex.quote(c) for c in cmd), flush=True)
        rc = subprocess.run(cmd).returncode
        if rc != 0:
            sys.exit(f"reproduce: snn-sweep failed (exit status {rc}); rerun to resume")
    study = Study(args.out, args.allow_mixed_versions)
    full = study.plan["name"] == "paper"
    md_path = args.md or (os.path.join(ROOT, "docs", "results.md") if full
                          else os.path.join(args.out, "results.md"))
    version, git, compiler, _ = next(iter(study.versions)) if study.versions else ("?",) * 4
    dates = [r["finished_at"][:10] for r in study.records.values()]
    summary = {"date": max(dates) if dates else stamp, "commit": git, "snn_run": version,
               "compiler": compiler, "quick": not full, "seeds": study.seeds,
               "sweep": sweep_path(study.plan["sweep_file"]),
               "command": study_command(args),
               "report_command": report_command(args),
               "wall_s_per_part": {n: t["wall_s"] for n, t in sorted(study.part_times().items())},
               "parts": study.part_times(),
               "runs": {k: summarize(r, w) for k, (r, w) in study.runs.items()}}
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    args.md = md_path
    md = write_markdown(study, summary, study.seeds, FRACTIONS, args, quick=not full)
    with open(md_path, "w") as f:
        f.write(md)
    print(f"wrote {md_path}")


def sweep_path(path):
    """The sweep file as the repository names it (bench/sweeps/...), also
    for a study run from another checkout."""
    rel = os.path.relpath(path, ROOT)
    if rel.startswith("..") and "/bench/sweeps/" in path:
        return "bench/sweeps/" + path.split("/bench/sweeps/", 1)[1]
    return rel


def this_command():
    return " ".join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:])


def study_command(args):
    """The command that ran the study: this one, or for --report-only the one
    recorded in the summary it rewrites."""
    if args.report_only:
        try:
            with open(os.path.join(args.out, "summary.json")) as f:
                return json.load(f)["command"]
        except (OSError, ValueError, KeyError):
            pass
    return this_command()


def report_command(args):
    """The command that wrote the report when it did not run the study."""
    return this_command() if args.report_only else None


def summarize(r, wall):
    return {"test_accuracy": r["accuracy"]["test"], "writes_per_image": writes_per_image(r),
            "train_energy_per_image_nj": energy_per_image_nj(r),
            "write_energy_per_image_nj": write_energy_per_image_nj(r),
            "read_energy_per_image_nj": read_energy_per_image_nj(r),
            "stdp_updates_per_image": updates_per_image(r),
            "energy_assumed_share_train": r.get("energy_assumed_share", {}).get("train"),
            "max_writes_per_cell": r["writes"]["max_per_cell"],
            "pruned_fraction": r["pruning"]["final_fraction"], "wall_s": wall,
            "train_images_per_s": r["performance"]["train_images_per_s"]}


def write_markdown(study, summary, seeds, fractions, args, quick):
    R = {k: r for k, (r, _) in study.runs.items()}
    out = []
    w = out.append
    w(f"# Results: reproducing Shi et al. 2018{' (quick mode)' if quick else ''}\n")
    by = f" (report by `{summary['report_command']}`)" if summary.get("report_command") else ""
    w(f"Generated by `{summary['command']}`{by} on {summary['date']} at commit "
      f"`{summary['commit'][:16]}` (snn-run {summary['snn_run']}) from the sweep "
      f"`{summary['sweep']}`; seeds {seeds}. Per-run records (snn-run's report and "
      f"provenance; `plan.json` names them): `{display_path(args.out)}/runs/`.\n")
    parts = {1: "parts 1-3 (pruning sweep)", 4: "part 4 (devices)", 5: "part 5 (write policies)",
             6: "part 6 (Fashion-MNIST)", 7: "part 7 (Diehl & Cook)",
             8: "part 8 (accumulation schemes)", 9: "part 9 (ADC sensing)",
             11: "part 11 (weight precision)", 12: "part 12 (homeostasis)",
             13: "part 13 (pruning rule)", 14: "part 14 (readout)"}
    for n, t in sorted(summary["parts"].items(), key=lambda kv: int(kv[0])):
        par = t["run_s"] / t["wall_s"] if t["wall_s"] > 0 else 1.0
        w(f"- {parts.get(int(n), f'part {n}')}: {t['wall_s'] / 60:.1f} min wall time, "
          f"{t['runs']} run{'s' if t['runs'] != 1 else ''}, {par:.1f} in parallel on average")
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
        w("Per training image (mean ± sd over seeds). Read energy: cells, sensing, "
          "word lines and digital adds of every array read; write energy: pulses, "
          "verifies and write drivers; the model is [hardware-model.md](hardware-model.md#energy).\n")
        w("| pruning | fraction | test accuracy (%) | STDP updates / image | write pulses / image | write energy / image (nJ) | read energy / image (nJ) | train energy / image (nJ) |")
        w("|---|---|---|---|---|---|---|---|")
        rows = {}
        for mode in ("soft", "conventional"):
            for fr in fractions:
                rs = unpruned if fr == 0 else series(f"{mode}-{int(fr * 100)}")
                if not rs:
                    continue
                rows[(mode, fr)] = rs
                w(f"| {mode} | {fr:.2f} | {fmt([acc(r) for r in rs])} | "
                  f"{fmt([updates_per_image(r) for r in rs], 0)} | "
                  f"{fmt([writes_per_image(r) for r in rs], 0)} | "
                  f"{fmt([write_energy_per_image_nj(r) for r in rs], 3)} | "
                  f"{fmt([read_energy_per_image_nj(r) for r in rs], 1)} | "
                  f"{fmt([energy_per_image_nj(r) for r in rs], 1)} |")
        w("")
        w("### The paper's metrics as ratios (unpruned / pruned)\n")
        w("Means over seeds. The bound is what freezing a fraction p of the input "
          "weights can do to the number of weight updates at most: 1/(1-p) "
          "(every post spike updates the unfrozen weights only; the bias row is never "
          "pruned, and the schedule ramps each neuron's fraction up, so the real "
          "reduction stays below it).\n")
        w("| pruning | fraction | bound 1/(1-p) | STDP updates | write pulses | write energy | read energy | total energy |")
        w("|---|---|---|---|---|---|---|---|")
        ratios = {}
        for (mode, fr), rs in rows.items():
            if fr == 0:
                continue
            q = [ratio(mean_of(f, unpruned), mean_of(f, rs))
                 for f in (updates_per_image, writes_per_image, write_energy_per_image_nj,
                           read_energy_per_image_nj, energy_per_image_nj)]
            ratios[(mode, fr)] = q
            w(f"| {mode} | {fr:.2f} | {1 / (1 - fr):.2f}x | " +
              " | ".join(f"{v:.2f}x" for v in q) + " |")
        w("")
        q = ratios.get(("soft", 0.75))
        if q:
            w(f"Unpruned / soft-pruned 75%: STDP updates **{q[0]:.2f}x**, write pulses "
              f"**{q[1]:.2f}x**, write energy **{q[2]:.2f}x**, read energy **{q[3]:.2f}x**, "
              f"total training energy **{q[4]:.2f}x** (the paper: about 10x; the arithmetic "
              f"bound on updates at 75% is 4x).\n")
        plot_path = plot_sweep(rows, args.out)
        if plot_path:
            rel = os.path.relpath(plot_path, os.path.dirname(os.path.abspath(args.md)))
            w(f"![accuracy versus pruned fraction]({rel})\n")
        soft = rows.get(("soft", 0.75))
        if soft and "window_close_reads" in soft[0]:
            close = [r["window_close_reads"]["train"] for r in soft]
            w("### The second read of every input window\n")
            w("With `accumulation = rewindow` (the default) a row is read when its input's "
              "window opens and again when it closes, to subtract it from the potentials. "
              "On the soft-pruned 75% network (means over seeds), the re-reads at window "
              f"closes are {statistics.mean(c['row_reads'] for c in close) / train_images(soft[0]):.0f} "
              f"row reads per training image, **{100 * statistics.mean(c['share_of_reads'] for c in close):.1f}%** "
              f"of the read energy and **{100 * statistics.mean(c['share_of_total'] for c in close):.1f}%** "
              f"of all training energy ({statistics.mean(c['energy_pj'] for c in close) / train_images(soft[0]) / 1000:.1f} nJ "
              f"per image); they keep a tile busy {statistics.mean(c['busy_cycles'] for c in close) / train_images(soft[0]):.0f} "
              "cycles per image, all hidden inside the 1 ms time steps. Part 8 compares "
              "the alternatives.\n")
    devs = [(d, R.get(f"device-{d}-s{seeds[0]}")) for d in DEVICES]
    devs = [(d, r) for d, r in devs if r]
    if devs:
        w("## 4. Device cards (same network, soft-pruned 75%)\n")
        base = next((r for d, r in devs if d == "subquantum-cbram"), None)
        w("Energies per training image (nJ); ratios are this card over subquantum "
          "CBRAM. \"Assumed\" is the share of the training energy computed from at "
          "least one value the cards list as an assumption.\n")
        w("| device | test accuracy (%) | write energy | read energy | train energy | write-energy ratio | total-energy ratio | assumed (%) |")
        w("|---|---|---|---|---|---|---|---|")
        for d, r in devs:
            w(f"| {d} | {acc(r):.2f} | {write_energy_per_image_nj(r):.3f} | "
              f"{read_energy_per_image_nj(r):.1f} | {energy_per_image_nj(r):.1f} | "
              f"{ratio(write_energy_per_image_nj(r), write_energy_per_image_nj(base)):.2f} | "
              f"{ratio(energy_per_image_nj(r), energy_per_image_nj(base)):.2f} | "
              f"{assumed_share(r):.0f} |")
        w("")
        plots = plot_breakdowns(devs, args.out)
        if plots:
            w("Training energy per image by component (hatched: computed from an assumed value):\n")
            for d, path in plots:
                rel = os.path.relpath(path, os.path.dirname(os.path.abspath(args.md)))
                w(f"![{d} energy breakdown]({rel})")
            w("")
    pols = [(label, R.get(f"policy-{i}-s{seeds[0]}")) for i, label in enumerate(POLICIES.values())]
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
    accs = [(a, R.get(f"accumulation-{a}-s{seeds[0]}")) for a in ACCUMULATION]
    accs = [(a, r) for a, r in accs if r]
    if accs:
        w("## 8. Accumulation schemes (soft-pruned 75%)\n")
        w("How the WTA potentials follow the input windows (`#cbram.mapping<accumulation = ...>`, "
          "[hardware-model.md](hardware-model.md#time-cycles)): `rewindow` reads a row at its "
          "window's open and close; `recompute` reads the bias and every active row when the "
          "layer fires; `deferred` reads, when the layer fires, each row whose window changed "
          "since the last firing. All compute the same potentials, so accuracy, spikes and "
          "writes are identical; only reads, energy and cycles differ.\n")
        w("| scheme | test accuracy (%) | row reads / image | read energy / image (nJ) | train energy / image (nJ) | train cycles / image | overrun steps |")
        w("|---|---|---|---|---|---|---|")
        for a, r in accs:
            w(f"| {a} | {acc(r):.2f} | {r['events']['train']['row_reads'] / train_images(r):.0f} | "
              f"{read_energy_per_image_nj(r):.1f} | {energy_per_image_nj(r):.1f} | "
              f"{cycles_per_image(r):.0f} | {r['events']['train']['overrun_steps']} |")
        base = dict(accs).get("rewindow")
        if base:
            w("")
            for a, r in accs:
                if a != "rewindow":
                    w(f"- {a} / rewindow: read energy **{ratio(read_energy_per_image_nj(r), read_energy_per_image_nj(base)):.2f}x**, "
                      f"total **{ratio(energy_per_image_nj(r), energy_per_image_nj(base)):.2f}x**, "
                      f"cycles {ratio(cycles_per_image(r), cycles_per_image(base)):.6f}x")
        w("")
    adcs = [("1 (sense amplifiers)", R.get(f"soft-75-s{seeds[0]}"))] + \
           [(b, R.get(f"adc-{b}-s{seeds[0]}")) for b in ADC_BITS]
    adcs = [(b, r) for b, r in adcs if r]
    if len(adcs) > 1:
        w("## 9. Column sensing: sense amplifiers or ADCs (soft-pruned 75%)\n")
        w("The chip's `adc_bits`: 1 = a sense amplifier per column; more = a SAR ADC per "
          "column, FoM x 2^bits per conversion and one cycle per bit, and the 8 bit columns "
          "of each weight merged by 7 shift-adds.\n")
        w("| adc_bits | test accuracy (%) | sensing / image (nJ) | shift-add / image (nJ) | read energy / image (nJ) | train energy / image (nJ) | train cycles / image |")
        w("|---|---|---|---|---|---|---|")
        for b, r in adcs:
            e = r["energy_pj"]["train"]
            n = train_images(r) * 1000.0
            w(f"| {b} | {acc(r):.2f} | {e.get('sensing', 0) / n:.1f} | {e.get('shift_add', 0) / n:.1f} | "
              f"{read_energy_per_image_nj(r):.1f} | {energy_per_image_nj(r):.1f} | {cycles_per_image(r):.0f} |")
        w("")
    kmeans = latest_kmeans()
    if kmeans:
        path, km = kmeans
        w("## 10. Baseline: k-means with as many centroids as neurons\n")
        w(f"`bench/kmeans_baseline.py`: {km['k']} centroids (Lloyd's k-means, k-means++ "
          f"seeding) on the same {km['crop']} cropped pixels of the first {km['train']} training "
          f"images, each centroid assigned a class by max_average_response over those images, "
          f"each test image classified by its nearest centroid: the reference for any "
          f"prototype-learning network. Lloyd's iterations per run: "
          f"{', '.join(str(r['iterations']) for res in km['results'].values() for r in res['runs'])} "
          f"(at most 100). Seeds {km['seeds']}; "
          f"`{display_path(path)}` (commit {km['commit']}).\n")
        w("| data set | k-means test accuracy (%) | this network, unpruned (%) | gap | soft-pruned 75% (%) | gap |")
        w("|---|---|---|---|---|---|")
        nets = {"mnist": (unpruned, series("soft-75")),
                "fashion-mnist": (series("fashion-none"), series("fashion-soft"))}
        for name, res in km["results"].items():
            base = [100 * r["test_accuracy"] for r in res["runs"]]
            cells = []
            for rs in nets.get(name, ([], [])):
                if rs:
                    a = [acc(r) for r in rs]
                    cells += [fmt(a), f"{statistics.mean(a) - statistics.mean(base):+.2f}"]
                else:
                    cells += ["-", "-"]
            w(f"| {name} | {fmt(base)} | " + " | ".join(cells) + " |")
        w("")
    for section in (precision_section, homeostasis_section, pruning_rule_section,
                    readout_section):
        section(w, study, R, seeds[0])
    return "\n".join(out) + "\n"


def cell(f, r, digits):
    """A table cell: f(r), or "-" for a missing run."""
    return f"{f(r):.{digits}f}" if r else "-"


def precision_section(w, study, R, s):
    soft, unpruned = R.get(f"soft-75-s{s}"), R.get(f"unpruned-s{s}")
    rows = {}   # bits -> (unpruned run, soft-75% run)
    for b in study.axis_labels("precision", "bits") + \
            study.axis_labels("precision-unpruned", "bits"):
        rows[int(b)] = (R.get(f"precision-unpruned-{b}-s{s}"), R.get(f"precision-{b}-s{s}"))
    if not any(u or p for u, p in rows.values()):
        return
    spec = soft or unpruned
    if spec:
        # The spec's own word width: the paper networks of parts 1-3.
        rows.setdefault(spec["program"]["cells_per_weight"], (unpruned, soft))
    w("## 11. Weight precision (bits per weight)\n")
    w("The pipeline's `cells-per-weight`: words of that many binary cells, 2^bits levels. "
      f"The spec's {spec['program']['cells_per_weight'] if spec else '?'} bits are the "
      "runs of parts 1-3. Updates, writes and energies are the soft-pruned 75% network's.\n")
    w("| bits | levels | test accuracy, unpruned (%) | test accuracy, soft-pruned 75% (%) | STDP updates / image | write pulses / image | write energy / image (nJ) | train energy / image (nJ) |")
    w("|---|---|---|---|---|---|---|---|")
    for b, (u, p) in sorted(rows.items()):
        levels = (u or p)["program"]["levels"] if (u or p) else 2 ** b
        w(f"| {b} | {levels} | {cell(acc, u, 2)} | {cell(acc, p, 2)} | "
          f"{cell(updates_per_image, p, 0)} | {cell(writes_per_image, p, 0)} | "
          f"{cell(write_energy_per_image_nj, p, 3)} | {cell(energy_per_image_nj, p, 1)} |")
    w("")


def homeostasis_of(study, name, fallback):
    """The population's homeostasis form and rate as the run's spec wrote them."""
    form = study.spec_attr(name, r"homeostasis\s*=\s*(\w+)")
    rate = study.spec_attr(name, r"homeostasis_rate\s*=\s*([-+0-9.e]+)")
    return f"`{form}`, rate {rate}" if form and rate else fallback


def homeostasis_section(w, study, R, s):
    rows = [(homeostasis_of(study, f"homeostasis-{h.replace('_', '-')}-s{s}", h),
             R.get(f"homeostasis-{h.replace('_', '-')}-s{s}"))
            for h in study.axis_labels("homeostasis", "homeostasis")]
    rows = [(l, r) for l, r in rows if r]
    if not rows:
        return
    base = R.get(f"unpruned-s{s}")
    if base:
        rows.insert(0, (homeostasis_of(study, f"unpruned-s{s}", "as in the spec") + " (the spec)",
                        base))
    w("## 12. Homeostasis (unpruned)\n")
    w("The population's `homeostasis` on the unpruned network. Unassigned neurons did not "
      "fire during assignment, so they never vote.\n")
    w("| homeostasis | test accuracy (%) | unassigned neurons | spikes / training image | STDP updates / image |")
    w("|---|---|---|---|---|")
    for l, r in rows:
        w(f"| {l} | {acc(r):.2f} | {r['unassigned_neurons']} | "
          f"{r['spikes_per_image']['train']:.2f} | {updates_per_image(r):.0f} |")
    w("")


def pruning_rule_section(w, study, R, s):
    rows = [(f"soft 75%, maturity {m}", R.get(f"pruning-rule-{m}-s{s}"))
            for m in study.axis_labels("pruning-rule", "maturity")]
    rows = [(l, r) for l, r in rows if r]
    if not rows:
        return
    unpruned = R.get(f"unpruned-s{s}")
    soft = R.get(f"soft-75-s{s}")
    if soft:
        # The spec's own maturity (0, the default, when it writes none).
        m = study.spec_attr(f"soft-75-s{s}", r"snn\.prune\s+#snn\.\w+<[^>]*?maturity\s*=\s*(\d+)")
        rows.insert(0, (f"soft 75%, maturity {m or 0} (the spec)" if m is not None
                        else "soft 75% (the spec)", soft))
    if unpruned:
        rows.insert(0, ("unpruned", unpruned))
    w("## 13. Pruning rule: maturity (soft-pruned 75%)\n")
    w("With `maturity = K`, of a neuron's lowest-ranked weights only those whose stored "
      "level stayed the same at the last K+1 controller steps are pruned; the others "
      "wait.\n")
    w("| network | test accuracy (%) | STDP updates / image | updates, unpruned / this | write pulses / image | final pruned fraction (%) |")
    w("|---|---|---|---|---|---|")
    for l, r in rows:
        q = f"{ratio(updates_per_image(unpruned), updates_per_image(r)):.2f}x" if unpruned else "-"
        w(f"| {l} | {acc(r):.2f} | {updates_per_image(r):.0f} | {q} | "
          f"{writes_per_image(r):.0f} | {100 * r['pruning']['final_fraction']:.1f} |")
    w("")


def test_energy_per_image_nj(r):
    return r["energy_pj"]["test"]["total"] / r["settings"]["test_images"] / 1000.0


def readout_of(r):
    """Assignment and test presentation as the report states it (a program
    without a readout presents them as training does)."""
    p = r["settings"].get("presentation", {}).get("readout")
    if not p:
        return "as training"
    rate = f", output {p['total_rate_hz']:g} Hz" if "total_rate_hz" in p else ""
    return f"{p['presentation_ms']:g} ms, inputs up to {p['max_rate_hz']:g} Hz{rate}"


def readout_section(w, study, R, s):
    evaluate = r"(?m)^\s*snn\.evaluate max_average_response([^\n]*)"
    rows = []
    for v in study.axis_labels("readout", "readout"):
        name = f"readout-{v}-s{s}"
        opts = (study.spec_attr(name, evaluate) or "").strip()
        rows.append((f"`{opts}`" if opts else v, R.get(name)))
    rows = [(l, r) for l, r in rows if r]
    if not rows:
        return
    base = R.get(f"soft-75-s{s}")
    if base:
        opts = (study.spec_attr(f"soft-75-s{s}", evaluate) or "").strip()
        rows.insert(0, ((f"`{opts}`" if opts else "none") + " (the spec)", base))
    w("## 14. Readout presentation (soft-pruned 75%)\n")
    w("`snn.evaluate max_average_response [presentation_ms P] [max_rate_hz F] "
      "[total_rate_hz R]`: how assignment and test present images, apart from training "
      "(the same trained network). Energy and spikes per test image.\n")
    w("| readout options | presentation | test accuracy (%) | spikes / test image | test energy / image (nJ) | energy / the spec's |")
    w("|---|---|---|---|---|---|")
    for l, r in rows:
        e = f"{ratio(test_energy_per_image_nj(r), test_energy_per_image_nj(base)):.2f}x" \
            if base else "-"
        w(f"| {l} | {readout_of(r)} | {acc(r):.2f} | {r['spikes_per_image']['test']:.2f} | "
          f"{test_energy_per_image_nj(r):.1f} | {e} |")
    w("")


def latest_kmeans():
    """The newest bench/results/*-kmeans.json (path, record), or None."""
    import glob
    paths = sorted(glob.glob(os.path.join(ROOT, "bench", "results", "*-kmeans.json")))
    if not paths:
        return None
    with open(paths[-1]) as f:
        return paths[-1], json.load(f)


def plot_breakdowns(devs, out):
    """One PNG per device: training energy per image by component, hatched
    where the component rests on an assumed card value."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    paths = []
    for d, r in devs:
        e = r["energy_pj"]["train"]
        comps = [k for k in e if k != "total"]
        model = r.get("energy_model", {}).get("components", {})
        n = train_images(r) * 1000.0
        vals = [e[k] / n for k in comps]
        fig, ax = plt.subplots(figsize=(6.5, 4))
        bars = ax.barh(comps, vals, color="tab:blue")
        for b, k in zip(bars, comps):
            if model.get(k, {}).get("assumed"):
                b.set_hatch("//")
                b.set_facecolor("tab:orange")
        ax.invert_yaxis()
        from matplotlib.patches import Patch
        ax.legend(handles=[Patch(facecolor="tab:blue", label="sourced inputs"),
                           Patch(facecolor="tab:orange", hatch="//",
                                 label="rests on an assumed value")],
                  loc="lower right", fontsize="small")
        ax.set_xscale("symlog", linthresh=0.01)
        ax.set_xlabel("nJ per training image (symlog)")
        ax.set_title(f"{d}: {energy_per_image_nj(r):.1f} nJ / image, "
                     f"{assumed_share(r):.0f}% on assumed values")
        ax.grid(axis="x", alpha=0.3)
        fig.tight_layout()
        path = os.path.join(out, f"energy-{d}.png")
        fig.savefig(path, dpi=110)
        plt.close(fig)
        paths.append((d, path))
    return paths


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
