#!/usr/bin/python3
"""usage: test/sweeps/slurm_test.py --bin DIR --mnist DIR [--work DIR]

The Slurm backend against a real Slurm: runs bench/sweeps/tiny.toml (24
runs: 2 seeds x 3 pruning schemes x 4 word widths) once locally and once as
a Slurm job array, cancelling the array after a few results and submitting
again (resume), then checks that the two merged tables are identical except
for wall-time fields (`snn-sweep compare`).

Needs a Slurm cluster that accepts jobs (scripts/slurm-local.sh start makes
one on this machine). Without one the test is skipped (exit status 77),
unless SNN_REQUIRE_SLURM=1 (set by CI), when it fails. Registered with
ctest as sweeps/slurm.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SWEEP = os.path.join(ROOT, "bench", "sweeps", "tiny.toml")
SKIP = 77


def slurm_env():
    env = dict(os.environ)
    if "SLURM_CONF" not in env and not os.path.exists("/etc/slurm/slurm.conf"):
        local = os.path.join(env.get("SNN_SLURM_DIR", "/tmp/snn-slurm"), "slurm.conf")
        if os.path.exists(local):
            env["SLURM_CONF"] = local
    return env


def skip_or_fail(reason):
    if os.environ.get("SNN_REQUIRE_SLURM") == "1":
        print(f"FAIL: Slurm is required here (SNN_REQUIRE_SLURM=1) but {reason}")
        sys.exit(1)
    print(f"SKIP: {reason}")
    sys.exit(SKIP)


def check(cond, msg):
    if not cond:
        print(f"FAIL: {msg}")
        sys.exit(1)


def main():
    ap = argparse.ArgumentParser(usage=__doc__.split("\n")[0][len("usage: "):],
                                 description=__doc__.split("\n\n")[1])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--mnist", required=True)
    ap.add_argument("--work", help="scratch directory (default: a temporary one)")
    ap.add_argument("--timeout", type=float, default=240, help="seconds to wait for the jobs")
    args = ap.parse_args()

    for tool in ("sbatch", "squeue", "scancel", "sinfo"):
        if not shutil.which(tool):
            skip_or_fail(f"'{tool}' is not installed (apt-get install slurm-wlm munge; "
                         f"then scripts/slurm-local.sh start)")
    env = slurm_env()
    if "SLURM_CONF" not in env and not os.path.exists("/etc/slurm/slurm.conf"):
        skip_or_fail("no slurm.conf (start a cluster with scripts/slurm-local.sh start)")
    p = subprocess.run(["sinfo", "-h", "-o", "%a %t"], capture_output=True, text=True, env=env,
                       timeout=30)
    if p.returncode != 0 or not p.stdout.strip():
        skip_or_fail(f"no Slurm controller answers ({(p.stderr or p.stdout).strip()}); "
                     f"start one with scripts/slurm-local.sh start")
    if not any(s.startswith("up ") and not s.split()[1].startswith(("down", "drain", "fail"))
               for s in p.stdout.splitlines()):
        skip_or_fail(f"no Slurm node is up: sinfo says {p.stdout.strip()!r}")

    work = args.work or tempfile.mkdtemp(prefix="snn-sweep-slurm-", dir=os.getcwd())
    shutil.rmtree(os.path.join(work, "local"), ignore_errors=True)
    shutil.rmtree(os.path.join(work, "slurm"), ignore_errors=True)
    os.makedirs(work, exist_ok=True)
    local, slurm = os.path.join(work, "local"), os.path.join(work, "slurm")
    # Run by its own #! line (Debian's python3, with matplotlib for the plots).
    tool = [os.path.join(args.bin, "snn-sweep")]
    data = ["--data", f"mnist={args.mnist}"]
    t0 = time.time()

    def run(cmd, **kw):
        print("$ " + " ".join(cmd), flush=True)
        return subprocess.run(cmd, env=env, text=True, **kw)

    p = run(tool + ["run", SWEEP, "--out", local, "-j", "2", "--quiet-collect"] + data)
    check(p.returncode == 0, "the local sweep failed")
    print(f"local: {time.time() - t0:.0f} s", flush=True)

    # Submit, cancel after a few results, submit again: only the missing
    # runs are resubmitted, and the table comes out the same.
    t1 = time.time()
    p = run(tool + ["submit", SWEEP, "--out", slurm, "--throttle", "2"] + data,
            capture_output=True)
    check(p.returncode == 0, f"sbatch failed:\n{p.stderr}")
    job = p.stdout.strip().splitlines()[-1]
    runs = os.path.join(slurm, "runs")
    while time.time() - t1 < args.timeout:
        done = [f for f in os.listdir(runs) if f.endswith(".json") and "failed" not in f]
        if len(done) >= 4:
            break
        time.sleep(0.5)
    run(["scancel", job])
    while subprocess.run(["squeue", "-h", "-j", job], capture_output=True, text=True,
                         env=env).stdout.strip():
        check(time.time() - t1 < args.timeout, f"job {job} still queued after scancel")
        time.sleep(0.5)
    done = len([f for f in os.listdir(runs) if f.endswith(".json") and "failed" not in f])
    print(f"cancelled job {job} with {done} of 24 results", flush=True)
    check(done < 24, "the job finished before it could be cancelled")
    p = run(tool + ["submit", SWEEP, "--out", slurm, "--wait", "--timeout",
                    str(int(max(30, args.timeout - (time.time() - t1))))] + data,
            capture_output=True)
    print(p.stderr[-3000:])
    check(p.returncode == 0, "the second submission failed")
    check(f"({24 - done} tasks," in p.stderr, f"expected {24 - done} tasks resubmitted")
    print(f"slurm: {time.time() - t1:.0f} s", flush=True)

    p = run(tool + ["compare", local, slurm], capture_output=True)
    print(p.stdout)
    check(p.returncode == 0, "local and Slurm tables differ")
    with open(os.path.join(slurm, "results.json")) as f:
        rows = json.load(f)["rows"]
    check(len(rows) == 24, f"{len(rows)} rows, expected 24")
    check(all(r["backend"] == "slurm" and r["slurm_job"] for r in rows),
          "a row of the Slurm table was not made by a Slurm task")
    for name in ("results.csv", "plots/tiny-pruning.png", "plots/tiny-cells_per_weight.png"):
        check(os.path.exists(os.path.join(slurm, name)), f"no {name}")
    p = run(tool + ["submit", SWEEP, "--out", slurm] + data, capture_output=True)
    check(p.returncode == 0 and "nothing to submit" in p.stderr, "a finished sweep resubmitted")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    print(f"PASS: 24 runs, local and Slurm tables identical ({time.time() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
