#!/usr/bin/python3
"""bench/runtime_speed.py refuses a --images window it cannot measure, before
any work (no build or data needed). Registered with ctest as
bench/runtime-speed-args."""
import os
import subprocess
import sys
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


if __name__ == "__main__":
    unittest.main()
