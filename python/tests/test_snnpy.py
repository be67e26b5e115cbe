"""Tests of the snnpy module (run by ctest as python/snnpy, with
PYTHONPATH=build/python). Data: a synthetic idx set written here, so the
tests need no download."""

import gzip
import os
import struct
import tempfile
import unittest

import numpy as np

import snnpy

SRC = os.environ.get("SNN_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
TMP = os.environ.get("SNN_TEST_TMP") or tempfile.mkdtemp()


def write_idx_set(directory, train=60, test=30, width=28, height=28, seed=0):
    """Class c: a bright vertical bar at a class-dependent column, plus noise."""
    os.makedirs(directory, exist_ok=True)
    rng = np.random.default_rng(seed)

    def images(n):
        labels = np.arange(n, dtype=np.uint8) % 10
        img = rng.integers(0, 30, size=(n, height, width), dtype=np.uint8)
        for i, c in enumerate(labels):
            col = int(2 + c * (width - 6) / 9)
            img[i, :, col:col + 3] = 250
        return img, labels

    for split, n in (("train", train), ("t10k", test)):
        img, lab = images(n)
        with gzip.open(os.path.join(directory, f"{split}-images-idx3-ubyte.gz"), "wb") as f:
            f.write(struct.pack(">IIII", 0x803, n, height, width) + img.tobytes())
        with gzip.open(os.path.join(directory, f"{split}-labels-idx1-ubyte.gz"), "wb") as f:
            f.write(struct.pack(">II", 0x801, n) + lab.tobytes())
    return directory


class SnnpyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = os.path.join(TMP, "snnpy")
        os.makedirs(cls.dir, exist_ok=True)
        cls.data = write_idx_set(os.path.join(cls.dir, "data"))
        if not os.access(os.path.join(snnpy.bin_dir(), "snn-opt"), os.X_OK):
            raise unittest.SkipTest("no compiler in this build (SNN_ENABLE_COMPILER=OFF)")
        cls.program = snnpy.compile(os.path.join(SRC, "examples", "tiny.mlir"))

    def run_tiny(self, **kw):
        kw.setdefault("train_limit", 40)
        kw.setdefault("test_limit", 20)
        kw.setdefault("seed", 3)
        return snnpy.train(self.program, self.data, **kw)

    def test_compile_returns_a_program_and_reports_spec_errors(self):
        self.assertEqual(self.program[4:8], b"SNNP")
        prog = snnpy.load_program(self.program)
        self.assertEqual((prog.inputs, prog.neurons, prog.rows), (64, 20, 65))
        path = snnpy.compile(os.path.join(SRC, "examples", "tiny.mlir"), "cells-per-weight=8",
                             output=os.path.join(self.dir, "tiny8.snnp"))
        self.assertEqual(len(snnpy.load_program(path).level_values), 256)
        with self.assertRaises(snnpy.Error) as e:
            snnpy.compile(os.path.join(SRC, "test", "Dialect", "SNN", "Inputs", "unverifiable.mlir"))
        self.assertIn("unverifiable.mlir:", str(e.exception))

    def test_run_gives_report_dict_and_weight_arrays(self):
        calls = []
        r = self.run_tiny(progress=lambda label, done, total: calls.append((label, done, total)))
        rep = r.report
        for key in ("program", "settings", "accuracy", "cycles", "energy_pj", "writes", "pruning"):
            self.assertIn(key, rep)
        self.assertEqual(rep["settings"]["train_images"], 40)
        self.assertEqual(rep["settings"]["seed"], 3)
        self.assertGreaterEqual(rep["accuracy"]["test"], 0.0)
        self.assertEqual(r.weights.shape, (65, 20))
        self.assertEqual(r.weights.dtype, np.float32)
        self.assertTrue(np.all((r.weights >= -1) & (r.weights <= 1)))
        prog = snnpy.load_program(self.program)
        np.testing.assert_array_equal(snnpy.levels_to_weights(r.levels, prog), r.weights)
        self.assertEqual(r.pruned.dtype, bool)
        self.assertEqual(len(r.assignment), 20)
        self.assertEqual(len(r.mask), 64)
        self.assertEqual({c[0] for c in calls}, {"train", "assign", "test"})
        self.assertIn(("train", 40, 40), calls)
        self.assertIn(("test", 20, 20), calls)
        writes = r.tile_writes()
        self.assertEqual(int(sum(w.sum() for w in writes)), rep["writes"]["total_pulses"])

    def test_same_seed_same_report(self):
        a, b = self.run_tiny().report, self.run_tiny().report
        for rep in (a, b):
            rep.pop("performance")
        self.assertEqual(a, b)

    def test_model_save_load_and_test_only(self):
        r = self.run_tiny()
        path = os.path.join(self.dir, "m.snnm")
        r.save_model(path)
        m = snnpy.load_model(path)
        np.testing.assert_array_equal(m.weights, r.weights)
        np.testing.assert_array_equal(m.assignment, r.assignment)
        self.assertEqual(m.settings["train_images"], 40)
        t = snnpy.test(path, self.data)
        for key in ("test", "confusion", "per_class", "no_spike"):
            self.assertEqual(t.report["accuracy"][key], r.report["accuracy"][key], key)
        self.assertEqual(t.report["accuracy"]["train"], 0)  # no assignment phase ran
        self.assertEqual(t.report["energy_pj"]["test"], r.report["energy_pj"]["test"])
        self.assertEqual(t.report["cycles"]["test"], r.report["cycles"]["test"])
        self.assertEqual(t.report["cycles"]["train"], 0)
        with self.assertRaises(snnpy.Error) as e:
            t.save_model(path + "2")
        self.assertEqual(e.exception.kind, "usage")
        bad = os.path.join(self.dir, "bad.snnm")
        with open(path, "rb") as f:
            blob = bytearray(f.read())
        blob[len(blob) // 2] ^= 1
        with open(bad, "wb") as f:
            f.write(blob)
        with self.assertRaises(snnpy.Error) as e:
            snnpy.load_model(bad)
        self.assertIn("checksum mismatch", str(e.exception))

    def test_checkpoint_and_resume_match_the_uninterrupted_run(self):
        ck = os.path.join(self.dir, "run.ckpt")
        full = self.run_tiny().report
        stopped = self.run_tiny(checkpoint=ck, checkpoint_every=10, stop_after=25)
        self.assertTrue(stopped.stopped)
        resumed = self.run_tiny(resume=ck).report
        self.assertTrue(resumed["settings"].pop("resumed"))
        full["settings"].pop("resumed")
        for rep in (full, resumed):
            rep.pop("performance")
        self.assertEqual(full, resumed)

    def test_errors_carry_a_kind(self):
        with self.assertRaises(snnpy.Error) as e:
            snnpy.train(self.program, os.path.join(self.dir, "nodata"))
        self.assertEqual(e.exception.kind, "bad_data")
        with self.assertRaises(snnpy.Error) as e:
            snnpy.load_program(b"not a program")
        self.assertEqual(e.exception.kind, "bad_program")
        with self.assertRaises(snnpy.Error):
            snnpy.Run(self.program, self.data, phases="test")

    def test_a_raising_progress_callback_ends_the_run(self):
        def stop(label, done, total):
            if done == 5:
                raise KeyboardInterrupt

        with self.assertRaises(KeyboardInterrupt):
            self.run_tiny(progress=stop)

    def test_pruning_sweep_example_writes_its_figure(self):
        import subprocess
        import sys
        out = os.path.join(self.dir, "sweep.png")
        r = subprocess.run([sys.executable, os.path.join(SRC, "examples", "python", "pruning_sweep.py"),
                            "--data", self.data, "--targets", "0,0.5", "--train-limit", "60",
                            "--test-limit", "30", "--out", out], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("target 0.50", r.stdout)
        with open(out, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")


if __name__ == "__main__":
    unittest.main()
