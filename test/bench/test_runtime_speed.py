#!/usr/bin/python3
"""bench/runtime_speed.py refuses a --images window it cannot measure, and a
ratio option without a reference, before any work (no build or data
needed); --whole-training counts the spec's training images, and refuses a
training shorter than its window and an image file that is missing or not
idx3 images. Registered with ctest as bench/runtime-speed-args."""
import gzip
import importlib.util
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "bench", "runtime_speed.py")


def run(*args):
    # A build directory that does not exist: the check must come first.
    return subprocess.run([sys.executable, SCRIPT, "--build", "/nonexistent", *args],
                          capture_output=True, text=True)


class ImagesWindow(unittest.TestCase):
    def test_n0_of_zero_is_refused(self):
        # snn-run reads --train-limit 0 as every image.
        r = run("--images", "0", "10")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--images: N0 must be at least 1 and below N1", r.stderr)

    def test_n1_not_above_n0_is_refused(self):
        for n0, n1 in (("10", "10"), ("20", "10")):
            r = run("--images", n0, n1)
            self.assertEqual(r.returncode, 2)
            self.assertIn("--images: N0 must be at least 1 and below N1", r.stderr)

    def test_a_valid_window_passes_the_check(self):
        # It gets as far as looking for the tools.
        r = run("--images", "1", "2")
        self.assertNotEqual(r.returncode, 0)
        self.assertNotIn("--images", r.stderr)
        self.assertIn("missing /nonexistent/bin/", r.stderr)


class WholeTraining(unittest.TestCase):
    def test_ratio_options_need_a_reference(self):
        for opt in ("--whole-training", "--ratio-only"):
            r = run(opt)
            self.assertEqual(r.returncode, 2)
            self.assertIn("give --ref-build", r.stderr)

    def test_training_images_are_epochs_times_the_set_or_the_spec_limit(self):
        spec = importlib.util.spec_from_file_location("runtime_speed", SCRIPT)
        rs = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(rs)
        with tempfile.TemporaryDirectory() as d:
            # An idx3 header of 1,234 images (the pixels are not read).
            with gzip.open(os.path.join(d, "train-images-idx3-ubyte.gz"), "wb") as f:
                f.write(bytes([0, 0, 8, 3]) + (1234).to_bytes(4, "big") + bytes(8))
            self.assertEqual(rs.training_images("  snn.train mnist epochs 3 seed 1\n", d), 3 * 1234)
            self.assertEqual(rs.training_images("  snn.train mnist epochs 2 images 300\n", d), 600)
            self.assertEqual(rs.training_images("  snn.train mnist images 5000\n", d), 1234)
            # epochs of another op are not the training's.
            self.assertEqual(rs.training_images("  snn.foo epochs 7\n  snn.train mnist seed 1\n", d), 1234)

    def test_a_training_too_short_for_the_default_window_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "train-images-idx3-ubyte"), "wb") as f:
                f.write(bytes([0, 0, 8, 3]) + (60000).to_bytes(4, "big"))
            spec = os.path.join(d, "short.mlir")
            with open(spec, "w") as f:
                f.write("  snn.train mnist epochs 1 images 150\n")
            r = run("--ref-build", "/nonexistent", "--whole-training", "--spec", spec, "--data", d)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("--whole-training: the spec trains on 150 images, not more than 200", r.stderr)
            # With a window it gets as far as looking for the tools.
            r = run("--ref-build", "/nonexistent", "--whole-training", "--images", "10", "100",
                    "--spec", spec, "--data", d)
            self.assertIn("missing /nonexistent/bin/", r.stderr)

    def test_a_missing_or_foreign_image_file_is_refused_by_name(self):
        spec = importlib.util.spec_from_file_location("runtime_speed", SCRIPT)
        rs = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(rs)
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaises(SystemExit) as e:
                rs.training_images("snn.train mnist\n", d)
            self.assertIn("no train-images-idx3-ubyte[.gz] in " + d, str(e.exception))
            path = os.path.join(d, "train-images-idx3-ubyte")
            for head in (b"", bytes([0, 0, 8, 1]) + (5).to_bytes(4, "big")):  # empty; labels, not images
                with open(path, "wb") as f:
                    f.write(head)
                with self.assertRaises(SystemExit) as e:
                    rs.training_images("snn.train mnist\n", d)
                self.assertIn(path + ": not an idx3 image file", str(e.exception))


if __name__ == "__main__":
    unittest.main()
