#!/usr/bin/python3
"""The k-means baseline's protocol (bench/kmeans_baseline.py): the runtime's
crop, max_average_response assignment, nearest-centroid test, idx checks.
Registered with ctest as bench/kmeans-unit."""
import gzip
import importlib.util
import os
import sys
import tempfile
import unittest

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
spec = importlib.util.spec_from_file_location(
    "kmeans_baseline", os.path.join(ROOT, "bench", "kmeans_baseline.py"))
kb = importlib.util.module_from_spec(spec)
spec.loader.exec_module(kb)


class Crop(unittest.TestCase):
    def test_brightest_pixels_ties_to_the_lower_index_in_pixel_order(self):
        images = np.array([[5, 9, 9, 1, 9, 0],
                           [5, 1, 1, 1, 1, 0]], dtype=np.uint8)  # sums 10 10 10 2 10 0
        self.assertEqual(kb.crop_mask(images, 2).tolist(), [0, 1])
        self.assertEqual(kb.crop_mask(images, 4).tolist(), [0, 1, 2, 4])
        self.assertEqual(kb.crop_mask(images, 99).tolist(), [0, 1, 2, 3, 4, 5])


class Assignment(unittest.TestCase):
    def test_average_response_not_total_spikes(self):
        # Class 0: 100 images, 10 of them nearest to centroid 0; class 1:
        # 10 images, 5 nearest to centroid 0. Total spikes would say class 0.
        labels = np.array([0] * 100 + [1] * 10)
        winners = np.array([0] * 10 + [1] * 90 + [0] * 5 + [1] * 5)
        self.assertEqual(kb.assign(winners, labels, k=3).tolist(), [1, 0, -1])

    def test_ties_go_to_the_lower_class(self):
        labels = np.array([3, 7])
        winners = np.array([0, 0])
        self.assertEqual(kb.assign(winners, labels, k=1).tolist(), [3])

    def test_an_unassigned_nearest_centroid_is_wrong(self):
        assignment = np.array([4, -1])
        self.assertEqual(kb.accuracy(np.array([0, 1, 0]), np.array([4, 4, 5]), assignment), 1 / 3)


class KMeans(unittest.TestCase):
    def blobs(self, seed):
        rng = np.random.default_rng(seed)
        centres = np.array([[0, 0], [10, 0], [0, 10]], dtype=np.float32)
        y = np.repeat(np.arange(3), 50)
        return (centres[y] + rng.normal(0, 0.5, (150, 2))).astype(np.float32), y

    def test_separated_blobs_are_found_and_labelled(self):
        x, y = self.blobs(0)
        r = kb.run_one(x, y, x, y, k=3, seed=1)
        self.assertEqual(r["test_accuracy"], 1.0)
        self.assertEqual(r["unassigned"], 0)

    def test_same_seed_same_centroids(self):
        x, _ = self.blobs(1)
        a, _ = kb.kmeans(x, 5, seed=7)
        b, _ = kb.kmeans(x, 5, seed=7)
        self.assertTrue(np.array_equal(a, b))


class Idx(unittest.TestCase):
    def test_a_truncated_file_is_refused_by_name(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "t.gz")
            with gzip.open(path, "wb") as f:
                f.write(bytes([0, 0, 8, 1]) + (5).to_bytes(4, "big") + b"abc")
            with self.assertRaisesRegex(ValueError, "t.gz: header declares 5 bytes"):
                kb.read_idx(path)


if __name__ == "__main__":
    unittest.main()
