#!/usr/bin/env python3
"""usage: bench/runtime_speed.py [--build DIR] [--ref-build DIR [--ref-spec FILE]
                              [--ref-pipeline OPTS]] [--data DIR] [--spec FILE]
                              [--repeats R] [--images N0 N1] [--whole-training]
                              [--ratio-only] [--quick] [--out FILE]

Runtime speed of snn-run on the paper's experiment (examples/shi2018.mlir:
397 inputs + bias, 500 Bayesian WTA neurons, 100 ms at 1 ms steps, 8-bit
words of binary cells on subquantum CBRAM, soft-pruning to 75%, full cycle
and energy accounting), in one command; records
bench/results/<date>-runtime-speed.json (commit, CPU model, load average).

1. ratio: CPU time per training image of this build against a reference
   build (--ref-build, e.g. the b0206a2 build in /work/wt-old/build), run
   interleaved (ref, this, ref, this, ...) on core 0 (taskset -c 0). Per
   image = (CPU(N1 images) - CPU(N0 images)) / (N1 - N0), which removes
   start-up, data loading, assignment and test; N0, N1 = 50, 1050 unless
   --images says otherwise. The cost of an image changes as training goes
   on (the write counts grow planes, the weights spread), so compare ratios
   over the same images. Each build compiles the spec with its own compiler
   (the reference's program format may be older); --ref-pipeline gives the
   reference's pipeline options for the same experiment ('' for a reference
   that reads the spec's own target). These short runs anneal the learning
   rate over N1 images, not over the spec's training, and stop before the
   paper's soft-pruning starts (a neuron becomes eligible after 1,000
   spikes, about 25,000 images). --whole-training measures over the spec's
   own training instead (its epochs over the whole training set, its
   schedules), the paper's experiment as a user runs it:
   per image = (CPU(--stop-after N1) - CPU(--stop-after N0)) / (N1 - N0),
   N0 = 200 and N1 = the last training image unless --images says
   otherwise (a few minutes per pair with b0206a2 as the reference).
   --ratio-only skips 2 and 3.
2. scaling: the spec with 500, 6,400 and 102,400 neurons (the population size
   changed, the chip given enough tiles): wall time per training image and
   start-up (the run's wall time outside its train, assign and test phases:
   program, data, device) from snn-run's report, compile time (snn-opt +
   snn-translate CPU), peak RSS, and the marginal bytes per weight (peak RSS
   growth over the next smaller network / weights added).
3. parallel: two seeds trained in parallel (taskset -c 0 and -c 1) against
   the same two runs one after the other: wall time, and CPU time (what the
   two runs cost each other through the shared cache and memory; other load
   on the machine does not change it, the wall time it does).

Speed is measured here, never in unit tests. Only the Python standard library
is used; --build defaults to build/ in the checkout (compiler tools and
snn-run). --quick uses fewer images and repeats (a smoke test).
"""
import argparse
import datetime
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The paper experiment at b0206a2, whose spec left the target to pipeline options.
B0206A2_PIPELINE = ("encoding=digital bits=8 rounding=stochastic skip-unchanged=true "
                    "skip-pruned=true order=row snn-device=subquantum-cbram snn-chip=cbram-512k")


def tools(build):
    t = {n: os.path.join(build, "bin", n) for n in ("snn-opt", "snn-translate", "snn-run")}
    for f in t.values():
        if not os.path.exists(f):
            sys.exit(f"missing {f}: build first (ninja -C {build})")
    return t


def timed(cmd):
    """CPU seconds (user + sys), wall seconds and peak RSS (bytes) of one child."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode()
    p.stderr.close()
    if status != 0:
        sys.exit(f"{' '.join(cmd)} failed (status {status}):\n{err[-2000:]}")
    return ru.ru_utime + ru.ru_stime, wall, ru.ru_maxrss * 1024


def compile_spec(t, spec_text, out, pipeline, tmp):
    """Compiles spec_text to out; returns the CPU seconds of both tools."""
    src = os.path.join(tmp, os.path.basename(out) + ".mlir")
    lowered = out + ".cbram.mlir"
    with open(src, "w") as f:
        f.write(spec_text)
    opt = [t["snn-opt"], src, "--snn-to-cbram-pipeline" + (f"={pipeline}" if pipeline else ""),
           "-o", lowered]
    cpu1, _, _ = timed(opt)
    cpu2, _, _ = timed([t["snn-translate"], "--snn-to-program", lowered, "-o", out])
    return cpu1 + cpu2


def scaled_spec(text, neurons):
    """The spec with `neurons` WTA neurons and a chip with tiles enough."""
    text = text.replace("!snn.spikes<500>", f"!snn.spikes<{neurons}>")
    text = text.replace("!snn.synapses<397, 500>", f"!snn.synapses<397, {neurons}>")
    # 8 cells per weight in 1024-cell tile rows: a tile holds 128 neurons' columns.
    tiles = max(4, -(-neurons // 128))
    return text.replace('#cbram.chip<"cbram-512k">', f'#cbram.chip<"cbram-512k", num_tiles = {tiles}>')


def pinned(core):
    """The command prefix that runs on `core` (none without taskset)."""
    return ["taskset", "-c", core] if shutil.which("taskset") else []


def snn_run(t, prog, data, train, assign=10, test=10, seed=None, core="0"):
    cmd = pinned(core) + [t["snn-run"], prog, "--data", data, "--train-limit", str(train), "--epochs", "1",
            "--assign-limit", str(assign), "--test-limit", str(test), "--quiet"]
    if seed is not None:
        cmd += ["--seed", str(seed)]
    return cmd


def stop_after(t, prog, data, n):
    """The spec's own training (its epochs and schedules), stopped after n
    images: no assignment, no test."""
    return pinned("0") + [t["snn-run"], prog, "--data", data, "--stop-after", str(n), "--quiet"]


def per_image(t, prog, data, n0, n1, run=snn_run):
    """CPU seconds per training image between runs of n0 and n1 images
    (`run` makes the command of a run of n images), and the peak RSS."""
    c0, _, _ = timed(run(t, prog, data, n0))
    c1, _, rss = timed(run(t, prog, data, n1))
    return (c1 - c0) / (n1 - n0), rss


def training_images(spec_text, data):
    """Training images of the spec's run: its epochs x its images (the
    training set's, from the idx header, gzip or raw, unless it names fewer)."""
    train = re.search(r"\bsnn\.train\b[^\n]*", spec_text)
    line = train.group(0) if train else ""
    m = re.search(r"\bepochs\s+(\d+)", line)
    epochs = int(m.group(1)) if m else 1
    m = re.search(r"\bimages\s+(\d+)", line)
    limit = int(m.group(1)) if m else None
    for name in ("train-images-idx3-ubyte", "train-images-idx3-ubyte.gz"):
        path = os.path.join(data, name)
        if os.path.exists(path):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rb") as f:
                head = f.read(8)
            if len(head) < 8 or head[:4] != b"\x00\x00\x08\x03":
                sys.exit(f"{path}: not an idx3 image file (its header: {head.hex() or 'empty'})")
            n = int.from_bytes(head[4:8], "big")
            return epochs * (min(n, limit) if limit else n)
    sys.exit(f"no train-images-idx3-ubyte[.gz] in {data}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--ref-build", default=None, help="reference build to compare with (e.g. b0206a2's)")
    ap.add_argument("--ref-pipeline", default=B0206A2_PIPELINE,
                    help="the reference compiler's pipeline options for the same experiment "
                         "(default: b0206a2's; '' for none)")
    ap.add_argument("--ref-spec", default=None,
                    help="the reference's copy of the spec (default: examples/ next to --ref-build)")
    ap.add_argument("--data", default=os.path.join(ROOT, "data", "mnist"))
    ap.add_argument("--spec", default=os.path.join(ROOT, "examples", "shi2018.mlir"))
    ap.add_argument("--repeats", type=int, default=5, help="interleaved pairs of the ratio")
    ap.add_argument("--images", type=int, nargs=2, metavar=("N0", "N1"), default=None,
                    help="the ratio's training images: CPU(N1) - CPU(N0) over N1 - N0 "
                         "(default 50 1050)")
    ap.add_argument("--whole-training", action="store_true",
                    help="ratio over the spec's own training (its epochs and schedules), "
                         "images N0..N1 via --stop-after (default 200 to the last)")
    ap.add_argument("--ratio-only", action="store_true", help="measure the ratio only (with --ref-build)")
    ap.add_argument("--quick", action="store_true", help="fewer images and repeats")
    ap.add_argument("--out", default=None, help="default bench/results/<date>-runtime-speed.json")
    a = ap.parse_args()
    # snn-run reads --train-limit 0 as "every image".
    if (a.whole_training or a.ratio_only) and not a.ref_build:
        ap.error("--whole-training and --ratio-only measure the ratio: give --ref-build")
    if a.images and not 0 < a.images[0] < a.images[1]:
        ap.error("--images: N0 must be at least 1 and below N1")
    spec = open(a.spec).read()
    quick = a.quick
    # The ratio's window, checked before any work.
    n0, n1 = (20, 220) if quick else (50, 1050)
    if a.whole_training:
        n0, n1 = 200, training_images(spec, a.data) - 1
    if a.images:
        n0, n1 = a.images
    elif a.whole_training and not n0 < n1:
        sys.exit(f"--whole-training: the spec trains on {n1 + 1} images, not more than {n0}: "
                 "give --images N0 N1")
    run = stop_after if a.whole_training else snn_run
    t = tools(a.build)
    repeats = 1 if quick else a.repeats
    tmp = tempfile.mkdtemp(prefix="snn-bench-")
    result = {"benchmark": "runtime-speed", "spec": os.path.relpath(a.spec, ROOT)}
    try:
        prog = os.path.join(tmp, "paper.snnp")
        compile_spec(t, spec, prog, "", tmp)

        # 1. Ratio against the reference, interleaved.
        if a.ref_build:
            r = tools(a.ref_build)
            ref_prog = os.path.join(tmp, "ref.snnp")
            ref_spec_path = a.ref_spec or os.path.join(os.path.dirname(os.path.abspath(a.ref_build)),
                                                       "examples", os.path.basename(a.spec))
            ref_spec = open(ref_spec_path).read()
            compile_spec(r, ref_spec, ref_prog, a.ref_pipeline, tmp)
            ref_us, new_us = [], []
            for _ in range(repeats):
                ref_us.append(per_image(r, ref_prog, a.data, n0, n1, run)[0] * 1e6)
                new_us.append(per_image(t, prog, a.data, n0, n1, run)[0] * 1e6)
            result["ratio"] = {
                "reference_build": os.path.abspath(a.ref_build),
                "reference_commit": git(os.path.join(a.ref_build, "..")),
                "reference_pipeline": a.ref_pipeline,
                "reference_spec": ref_spec_path,
                "train_images": [n0, n1],
                "schedule": ("the spec's own training, --stop-after N" if a.whole_training
                             else "--train-limit N --epochs 1 (annealing over N images)"),
                "reference_us_per_image": ref_us,
                "us_per_image": new_us,
                "speedup_median": statistics.median(ref_us) / statistics.median(new_us),
            }
            print(f"ratio: reference {statistics.median(ref_us):.0f} us/image, this build "
                  f"{statistics.median(new_us):.0f} us/image: {result['ratio']['speedup_median']:.2f}x")

        if a.ratio_only:
            return record(result, a, quick)

        # 2. Scaling with the number of neurons.
        rows = []
        prev = None
        for neurons, images in ((500, 200 if quick else 1000), (6400, 20 if quick else 100),
                                (102400, 3 if quick else 10)):
            p = os.path.join(tmp, f"n{neurons}.snnp")
            compile_cpu = compile_spec(t, scaled_spec(spec, neurons), p, "", tmp)
            report = os.path.join(tmp, f"n{neurons}.json")
            _, wall, rss = timed(snn_run(t, p, a.data, images, assign=1, test=1) + ["--report", report])
            perf = json.load(open(report))["performance"]
            img = perf["train_wall_s"] / images
            weights = 398 * neurons
            row = {"neurons": neurons, "weights": weights, "train_images": images,
                   "us_per_train_image": img * 1e6,
                   "startup_s": wall - perf["train_wall_s"] - perf["assign_wall_s"] - perf["test_wall_s"],
                   "compile_s": compile_cpu, "peak_rss_mb": rss / 2**20,
                   "memory_estimate_mb": perf["memory_estimate_mb"]}
            if prev:
                row["bytes_per_weight"] = (rss - prev[1]) / (weights - prev[0])
            prev = (weights, rss)
            rows.append(row)
            print(f"{neurons} neurons: {img * 1e6:.0f} us/image, start-up {row['startup_s']:.2f} s, "
                  f"compile {compile_cpu:.2f} s, peak RSS {rss / 2**20:.0f} MB"
                  + (f", {row['bytes_per_weight']:.1f} bytes/weight" if "bytes_per_weight" in row else ""))
        result["scaling"] = rows

        # 3. Two seeds in parallel against one after the other: wall time,
        # and CPU time (which other load on the machine leaves alone: equal
        # CPU means the two runs do not slow each other down through the
        # shared cache and memory).
        n = 1050 if a.whole_training and not a.images else n1
        serial_wall = serial_cpu = 0.0
        for seed in (1, 2):
            cpu, wall, _ = timed(snn_run(t, prog, a.data, n, seed=seed, core="0"))
            serial_wall += wall
            serial_cpu += cpu
        start = time.perf_counter()
        procs = [subprocess.Popen(snn_run(t, prog, a.data, n, seed=seed, core=core),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for seed, core in ((1, "0"), (2, "1"))]
        parallel_cpu = 0.0
        for p in procs:
            _, status, ru = os.wait4(p.pid, 0)
            if status != 0:
                sys.exit("a parallel run failed")
            parallel_cpu += ru.ru_utime + ru.ru_stime
        parallel = time.perf_counter() - start
        result["parallel"] = {"train_images": n, "serial_wall_s": serial_wall, "parallel_wall_s": parallel,
                              "parallel_over_serial": parallel / serial_wall,
                              "serial_cpu_s": serial_cpu, "parallel_cpu_s": parallel_cpu,
                              "cpu_parallel_over_serial": parallel_cpu / serial_cpu}
        print(f"two seeds: serial {serial_wall:.2f} s, parallel {parallel:.2f} s "
              f"({parallel / serial_wall:.2f}x wall; CPU {parallel_cpu / serial_cpu:.2f}x)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    record(result, a, quick)


def record(result, a, quick):
    now = datetime.datetime.now(datetime.timezone.utc)
    result.update({
        "date": now.isoformat(timespec="seconds"),
        "commit": git(ROOT),
        "build": os.path.abspath(a.build),
        "cpu": cpu_model(),
        "load_average": list(os.getloadavg()),
        "quick": quick,
    })
    out = a.out or os.path.join(ROOT, "bench", "results", now.strftime("%Y-%m-%d") + "-runtime-speed.json")
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(f"-> {out}")


def git(path):
    return subprocess.run(["git", "-C", path, "rev-parse", "HEAD"], capture_output=True,
                          text=True).stdout.strip() or "unknown"


def cpu_model():
    try:
        m = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read())
        return m.group(1).strip() if m else "unknown"
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
