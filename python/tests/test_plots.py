"""Smoke test of scripts/plots.py: on a small run's report and model it writes
the four figures at the documented pixel sizes, scaled by --scale."""

import json
import os
import struct
import subprocess
import sys
import unittest

import snnpy
from test_snnpy import SRC, TMP, write_idx_set

PLOTS = os.path.join(SRC, "scripts", "plots.py")


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


class PlotsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = os.path.join(TMP, "plots")
        os.makedirs(cls.dir, exist_ok=True)
        data = write_idx_set(os.path.join(cls.dir, "data"))
        if not os.access(os.path.join(snnpy.bin_dir(), "snn-opt"), os.X_OK):
            raise unittest.SkipTest("no compiler in this build (SNN_ENABLE_COMPILER=OFF)")
        prog = snnpy.compile(os.path.join(SRC, "examples", "tiny.mlir"))
        run = snnpy.train(prog, data, train_limit=60, test_limit=20, seed=2)
        cls.report = os.path.join(cls.dir, "r.json")
        cls.model = os.path.join(cls.dir, "m.snnm")
        run.save_report(cls.report)
        run.save_model(cls.model)

    def plots(self, *args):
        env = dict(os.environ)
        return subprocess.run([sys.executable, PLOTS, *args], capture_output=True, text=True, env=env)

    def test_figures_exist_with_the_documented_sizes(self):
        for scale, name in ((1, "s1"), (0.5, "s05"), (2, "s2")):
            out = os.path.join(self.dir, name)
            os.makedirs(out, exist_ok=True)
            r = self.plots(self.report, "--model", self.model, "--out", out, "--scale", str(scale))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(png_size(os.path.join(out, "energy.png")), (1000 * scale, 600 * scale))
            self.assertEqual(png_size(os.path.join(out, "training.png")), (1000 * scale, 600 * scale))
            self.assertEqual(png_size(os.path.join(out, "wear.png")), (1000 * scale, 500 * scale))
            w, h = png_size(os.path.join(out, "weights.png"))
            self.assertEqual(w, 1000 * scale)
            self.assertGreater(h, 100 * scale)

    def test_several_reports_plot_accuracy_over_training(self):
        out = os.path.join(self.dir, "multi")
        os.makedirs(out, exist_ok=True)
        other = os.path.join(self.dir, "r2.json")
        rep = json.load(open(self.report))
        rep["settings"]["train_images"] = 30
        json.dump(rep, open(other, "w"))
        r = self.plots(self.report, other, "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(png_size(os.path.join(out, "training.png")), (1000, 600))
        self.assertFalse(os.path.exists(os.path.join(out, "wear.png")))

    def test_bad_input_is_a_clear_error(self):
        bad = os.path.join(self.dir, "bad.json")
        with open(bad, "w") as f:
            f.write("{}")
        r = self.plots(bad, "--out", self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("not an snn-run report", r.stderr)
        r = self.plots(self.report, "--out", os.path.join(self.dir, "missing"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("not a directory", r.stderr)


if __name__ == "__main__":
    unittest.main()
