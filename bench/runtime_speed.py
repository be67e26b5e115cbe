#!/usr/bin/env python3
"""Runtime speed benchmark: compiles the paper's experiment exactly as
examples/shi2018.mlir states it (397 inputs + bias, 500 Bayesian WTA neurons,
100 ms presentation, 1 ms steps, 8-bit digital words on subquantum CBRAM,
soft-pruning to 75%, cycle/energy accounting on) with snn-opt and
snn-translate, no extra options, trains it with snn-run on N MNIST training
images on one core, and records the result as
bench/results/<date>-runtime-speed.json (with the commit, CPU model and load).

Usage: bench/runtime_speed.py [--build DIR] [--spec FILE] [--data DIR]
                              [--train N] [--test M] [--out FILE]
--build defaults to build/ in the checkout (a full build: the compiler tools
and snn-run). Only the Python standard library is used.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"),
                    help="build directory (default: build/ in the checkout)")
    ap.add_argument("--data", default=os.path.join(ROOT, "data", "mnist"),
                    help="MNIST directory (default: data/mnist in the checkout)")
    ap.add_argument("--train", type=int, default=10000)
    ap.add_argument("--test", type=int, default=1000)
    ap.add_argument("--spec", default=os.path.join(ROOT, "examples", "shi2018.mlir"),
                    help="network spec (default: examples/shi2018.mlir)")
    ap.add_argument("--out", default=None, help="result file (default bench/results/<date>-runtime-speed.json)")
    a = ap.parse_args()

    opt = os.path.join(a.build, "bin", "snn-opt")
    translate = os.path.join(a.build, "bin", "snn-translate")
    run = os.path.join(a.build, "bin", "snn-run")
    for f in (opt, translate, run):
        if not os.path.exists(f):
            sys.exit(f"missing {f}: build first (ninja -C {a.build})")
    tmp = tempfile.mkdtemp(prefix="snn-bench-")
    try:
        prog = os.path.join(tmp, "paper.snnp")
        lowered = subprocess.run([opt, a.spec, "--snn-to-cbram-pipeline"], check=True,
                                 capture_output=True, text=True).stdout
        subprocess.run([translate, "--snn-to-program", "-o", prog], input=lowered,
                       check=True, text=True)
        report = os.path.join(tmp, "report.json")
        cmd = [run, prog, "--data", a.data, "--train-limit", str(a.train),
               "--test-limit", str(a.test), "--quiet", "--report", report]
        pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
        timer = ["/usr/bin/time", "-v"] if os.path.exists("/usr/bin/time") else []
        p = subprocess.run(pin + timer + cmd, capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"snn-run failed ({p.returncode}):\n{p.stderr}")
        r = json.load(open(report))
    finally:
        pass
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    rss_time = int(m.group(1)) / 1024 if m else None
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    now = datetime.datetime.now(datetime.timezone.utc)
    result = {
        "benchmark": "runtime-speed",
        "date": now.isoformat(timespec="seconds"),
        "commit": commit,
        "command": " ".join(pin + cmd).replace(tmp, "$TMP"),
        "program": f"snn-opt {os.path.relpath(a.spec, ROOT)} --snn-to-cbram-pipeline | "
                   "snn-translate --snn-to-program -o $TMP/paper.snnp",
        "spec_digest": r["program"].get("spec_digest"),
        "network": {"inputs": r["program"]["inputs"], "neurons": r["program"]["neurons"],
                    "device": r["program"]["device"], "chip": r["program"]["chip"]},
        "train_images": r["settings"]["train_images"],
        "test_images": r["settings"]["test_images"],
        "train_images_per_s": r["performance"]["train_images_per_s"],
        "train_wall_s": r["performance"]["train_wall_s"],
        "peak_rss_mb": rss_time if rss_time is not None else r["performance"]["peak_rss_mb"],
        "peak_rss_mb_getrusage": r["performance"]["peak_rss_mb"],
        "test_accuracy": r["accuracy"]["test"],
        "spikes_per_train_image": r["spikes_per_image"]["train"],
        "cycles": r["cycles"],
        "simulated_time_s": r["simulated_time_s"],
        "energy_pj": r["energy_pj"],
        "writes": {k: r["writes"][k] for k in ("total_pulses", "max_per_cell", "mean_per_cell")},
        "write_scheduling": r["write_scheduling"],
        "pruning": {k: r["pruning"][k] for k in ("mode", "final_fraction", "writes_avoided", "energy_saved_pj")},
        "cpu": open("/proc/cpuinfo").read().split("model name")[1].split("\n")[0].strip(" :\t")
               if os.path.exists("/proc/cpuinfo") else "unknown",
        "load_average_1min": os.getloadavg()[0],
    }
    out = a.out or os.path.join(ROOT, "bench", "results",
                                now.strftime("%Y-%m-%d") + "-runtime-speed.json")
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"{result['train_images_per_s']:.0f} train images/s, peak RSS {result['peak_rss_mb']:.0f} MB, "
          f"test accuracy {result['test_accuracy']:.3f} -> {out}")


if __name__ == "__main__":
    main()
