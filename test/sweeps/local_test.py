#!/usr/bin/python3
"""usage: test/sweeps/local_test.py --bin DIR --mnist DIR [unittest options]

End-to-end tests of snn-sweep's local backend on examples/tiny.mlir (a few
hundred training images per run): results and their provenance, resuming
(nothing runs twice), failed runs, and a clean stop on SIGINT (finished
results kept, nothing half-written, the rest run on the next call).
Registered with ctest as sweeps/local.
"""
import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ARGS = None


def sweep_file(d, name, seeds, train, extra=""):
    p = os.path.join(d, f"{name}.toml")
    with open(p, "w") as f:
        f.write(textwrap.dedent(f"""\
            name = "{name}"
            spec = "{ROOT}/examples/tiny.mlir"
            seeds = {seeds}
            [run]
            train-limit = {train}
            test-limit = 50
            """) + textwrap.dedent(extra))
    return p


class LocalTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="snn-sweep-local-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def sweep(self, *args, check=None):
        p = subprocess.run([os.path.join(ARGS.bin, "snn-sweep")] + list(args)
                           + ["--data", f"mnist={ARGS.mnist}"] * (args[0] in ("run", "plan")),
                           capture_output=True, text=True, timeout=300)
        if check is not None:
            self.assertEqual(p.returncode, check, p.stdout + p.stderr)
        return p

    def records(self, out):
        return sorted(glob.glob(os.path.join(out, "runs", "*.json")))

    def test_run_resume_and_provenance(self):
        sw = sweep_file(self.tmp, "four", [1, 2], 100, """\
            [[axis]]
            name = "cpw"
            pipeline = "cells-per-weight"
            values = [2, 4]
            """)
        out = os.path.join(self.tmp, "out")
        p = self.sweep("run", sw, "--out", out, "-j", "2", check=0)
        self.assertIn("4 runs, 0 done, 4 to run on 2 worker(s)", p.stderr)
        recs = self.records(out)
        self.assertEqual(len(recs), 4)
        with open(os.path.join(out, "results.json")) as f:
            table = json.load(f)
        rows = table["rows"]
        self.assertEqual([r["label"] for r in rows],
                         ["cpw=2/seed=1", "cpw=2/seed=2", "cpw=4/seed=1", "cpw=4/seed=2"])
        # Provenance: spec digest, pipeline, seed, data digest, versions.
        version = subprocess.run([os.path.join(ARGS.bin, "snn-run"), "--version"],
                                 capture_output=True, text=True).stdout
        git = re.search(r"\(git ([^,)]+)", version).group(1)
        lines = []
        for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                     "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
            path = next(p for p in (os.path.join(ARGS.mnist, name),
                                    os.path.join(ARGS.mnist, name + ".gz")) if os.path.exists(p))
            with open(path, "rb") as f:
                lines.append(f"{hashlib.sha256(f.read()).hexdigest()}  {os.path.basename(path)}\n")
        data_sha = hashlib.sha256("".join(lines).encode()).hexdigest()
        for r in rows:
            self.assertRegex(r["spec_digest"], r"^[0-9a-f]{64}$")
            self.assertEqual(r["spec_name"], "tiny")
            self.assertEqual(r["pipeline"], f"cells-per-weight={r['cpw']}")
            self.assertEqual(r["overrides"], "" if r["cpw"] == "4" else "cells-per-weight=2")
            self.assertEqual(r["data_sha256"], data_sha)
            self.assertEqual(r["snn_run_git"], git)
            self.assertEqual(r["compiler_git"], git)
            self.assertEqual(r["run_options"], "--train-limit 100 --test-limit 50")
            self.assertEqual(r["train_images"], 100)
            self.assertEqual(r["backend"], "local")
        self.assertEqual(len({r["id"] for r in rows}), 4)
        # Same seed, same program: same result; other seed: another.
        self.assertNotEqual(rows[0]["cycles"], None)
        mtimes = [os.stat(r).st_mtime_ns for r in recs]
        # Resume: nothing runs again.
        p = self.sweep("run", sw, "--out", out, "-j", "2", check=0)
        self.assertIn("4 runs, 4 done, 0 to run", p.stderr)
        self.assertEqual(mtimes, [os.stat(r).st_mtime_ns for r in recs])
        # A lost result runs again, alone, and gives the same numbers.
        with open(recs[1]) as f:
            before = json.load(f)["report"]
        os.remove(recs[1])
        p = self.sweep("run", sw, "--out", out, "-j", "2", check=0)
        self.assertIn("4 runs, 3 done, 1 to run", p.stderr)
        with open(recs[1]) as f:
            after = json.load(f)["report"]
        for k in ("accuracy", "cycles", "energy_pj", "writes"):
            self.assertEqual(before[k], after[k], k)
        p = self.sweep("status", out, check=0)
        self.assertIn("4 runs: 4 done, 0 failed, 0 missing", p.stdout)

    def test_failed_run(self):
        sw = sweep_file(self.tmp, "bad", [1], 50, """\
            [[axis]]
            name = "device"
            pipeline = "snn-device"
            values = ["pcm", "no-such-card"]
            """)
        out = os.path.join(self.tmp, "out")
        p = self.sweep("run", sw, "--out", out, "-j", "2", check=1)
        self.assertIn("1 run(s) failed", p.stderr)
        self.assertIn("no-such-card", p.stderr)
        self.assertEqual(len(glob.glob(os.path.join(out, "runs", "*.failed.json"))), 1)
        self.assertFalse(os.path.exists(os.path.join(out, "results.csv")))
        p = self.sweep("status", out, check=0)
        self.assertIn("2 runs: 1 done, 1 failed, 0 missing", p.stdout)
        p = self.sweep("collect", out, check=1)
        self.assertIn("1 of 2 results missing", p.stderr)
        self.sweep("collect", out, "--partial", "--quiet", check=0)

    def test_sigint_stops_cleanly_and_resumes(self):
        # Runs of a few seconds each, so that SIGINT lands mid-run.
        sw = sweep_file(self.tmp, "slow", [1, 2, 3, 4], 12000)
        out = os.path.join(self.tmp, "out")
        cmd = [os.path.join(ARGS.bin, "snn-sweep"), "run", sw, "--out", out,
               "-j", "2", "--data", f"mnist={ARGS.mnist}"]
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        t0 = time.time()
        while not self.records(out) and time.time() - t0 < 120 and p.poll() is None:
            time.sleep(0.1)
        self.assertIsNone(p.poll(), "the sweep ended before it could be interrupted")
        time.sleep(0.3)
        p.send_signal(signal.SIGINT)
        so, se = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 130, se)
        self.assertIn("stopped:", se)
        kept = [r for r in self.records(out) if not r.endswith(".failed.json")]
        self.assertTrue(1 <= len(kept) < 4, se)
        for r in kept:
            with open(r) as f:
                self.assertIn("report", json.load(f))
        leftovers = [f for f in glob.glob(os.path.join(out, "**", "*"), recursive=True)
                     if ".tmp" in os.path.basename(f)]
        self.assertEqual(leftovers, [])
        self.assertEqual(glob.glob(os.path.join(out, "runs", "*.failed.json")), [])
        p = self.sweep("run", sw, "--out", out, "-j", "2", check=0)
        self.assertIn(f"4 runs, {len(kept)} done, {4 - len(kept)} to run", p.stderr)
        self.assertEqual(len(self.records(out)), 4)


def main():
    global ARGS
    ap = argparse.ArgumentParser(usage=__doc__.split("\n")[0][len("usage: "):],
                                 description=__doc__.split("\n\n")[1])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--mnist", required=True)
    ARGS, rest = ap.parse_known_args()
    missing = [f for f in ("train-images-idx3-ubyte", "t10k-images-idx3-ubyte")
               if not any(os.path.exists(os.path.join(ARGS.mnist, f + s)) for s in ("", ".gz"))]
    if missing:
        print(f"SKIP: no MNIST in {ARGS.mnist} (scripts/fetch-mnist.sh)")
        sys.exit(77)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
