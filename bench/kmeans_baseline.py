#!/usr/bin/python3
"""usage: bench/kmeans_baseline.py [--data DIR] [--dataset NAME] [--seeds S...] [--out FILE]

The baseline for any prototype-learning network: k-means with as many
centroids as the spec has output neurons, on the same pixels, assigned and
scored with snn-run's protocol (docs/learning-model.md, "Training, label
assignment and test"):

- pixels: the `crop` highest-mean-intensity pixels of the training images
  (ties: the lower pixel index), as the runtime crops them;
- training: Lloyd's k-means (k-means++ seeding from the run's seed) on the
  training images snn-run trains on (the first --train, in file order);
- assignment: each centroid is a neuron that "spikes" once for every
  assignment image it is nearest to; its class is max_average_response
  (spikes on class c / images of c, highest wins, ties: the lower class;
  a centroid nearest to no image stays unassigned);
- test: each test image is classified by its nearest centroid's class; an
  unassigned nearest centroid counts as wrong.

    bench/kmeans_baseline.py                      MNIST and Fashion-MNIST, seeds 1-3
    bench/kmeans_baseline.py --dataset mnist --seeds 1 --train 10000

Results: bench/results/<date>-kmeans.json (accuracy per seed, mean and sd,
iterations, the commit, CPU model and load average). bench/reproduce.py puts
the latest one into docs/results.md. Needs numpy (python3-numpy); with
Debian's reference BLAS it is about 4x slower than with libopenblas0-pthread,
which scripts/setup.sh installs. One thread: OPENBLAS_NUM_THREADS=1.
"""
import argparse
import datetime
import gzip
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATASETS = {"mnist": os.path.join(ROOT, "data", "mnist"),
            "fashion-mnist": "/usr/share/datasets/fashion-mnist"}


def read_idx(path):
    """The array of an idx file (raw or gzip), checked against its header."""
    import numpy as np
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 8:
        raise ValueError(f"{path}: not an unsigned-byte idx file")
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    body = data[4 + 4 * dims:]
    n = 1
    for s in shape:
        n *= s
    if len(body) != n:
        raise ValueError(f"{path}: header declares {n} bytes of data, file holds {len(body)}")
    return np.frombuffer(body, dtype=np.uint8).reshape(shape)


def load(directory, split):
    def find(base):
        for cand in (os.path.join(directory, base), os.path.join(directory, base + ".gz")):
            if os.path.exists(cand):
                return cand
        sys.exit(f"kmeans_baseline: {os.path.join(directory, base)}[.gz]: not found")
    images = read_idx(find(f"{split}-images-idx3-ubyte"))
    labels = read_idx(find(f"{split}-labels-idx1-ubyte"))
    return images.reshape(len(images), -1), labels


def crop_mask(train_images, k):
    """The runtime's crop (cropByMeanIntensity): the k pixels with the
    highest summed intensity, ties to the lower index, in pixel order."""
    import numpy as np
    sums = train_images.astype(np.int64).sum(axis=0)
    order = np.lexsort((np.arange(len(sums)), -sums))  # by -sum, then index
    return np.sort(order[:min(k, len(sums))])


def nearest(x, centroids, chunk=8192):
    """Index of the nearest centroid (squared Euclidean; ties: the lower
    index) of every row of x."""
    import numpy as np
    c2 = (centroids * centroids).sum(axis=1)
    out = np.empty(len(x), dtype=np.int64)
    for i in range(0, len(x), chunk):
        d = c2[None, :] - 2.0 * (x[i:i + chunk] @ centroids.T)
        out[i:i + chunk] = d.argmin(axis=1)
    return out


def kmeans(x, k, seed, max_iter=100):
    """Lloyd's algorithm from k-means++ seeding. Returns the centroids and
    the number of iterations (stops when no point changes cluster)."""
    import numpy as np
    rng = np.random.default_rng(seed)
    n = len(x)
    x2 = (x * x).sum(axis=1)
    centroids = np.empty((k, x.shape[1]), dtype=x.dtype)
    centroids[0] = x[rng.integers(n)]
    d = x2 - 2.0 * (x @ centroids[0]) + centroids[0] @ centroids[0]
    for j in range(1, k):
        p = np.maximum(d, 0)
        total = p.sum()
        idx = rng.choice(n, p=p / total) if total > 0 else rng.integers(n)
        centroids[j] = x[idx]
        d = np.minimum(d, x2 - 2.0 * (x @ centroids[j]) + centroids[j] @ centroids[j])
    labels = None
    for it in range(1, max_iter + 1):
        new = nearest(x, centroids)
        if labels is not None and np.array_equal(new, labels):
            return centroids, it - 1
        labels = new
        counts = np.bincount(labels, minlength=k)
        empty = counts == 0
        # Cluster sums: the points sorted by cluster, summed per run of one cluster.
        order = np.argsort(labels, kind="stable")
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        sums = np.add.reduceat(x[order], starts[~empty], axis=0, dtype=np.float64)
        centroids[~empty] = (sums / counts[~empty, None]).astype(x.dtype)
        if empty.any():  # an empty cluster takes the point farthest from its centroid
            far = ((x - centroids[labels]) ** 2).sum(axis=1)
            for j in np.flatnonzero(empty):
                i = int(far.argmax())
                centroids[j] = x[i]
                far[i] = -1
    return centroids, max_iter


def assign(winners, labels, k, classes=10):
    """max_average_response: centroid j's class is the c maximising
    (images of c it is nearest to) / (images of c); -1 if it wins none."""
    import numpy as np
    counts = np.bincount(winners * classes + labels.astype(np.int64),
                         minlength=k * classes).reshape(k, classes)
    per_class = np.maximum(np.bincount(labels.astype(np.int64), minlength=classes), 1)
    score = counts / per_class[None, :]
    out = score.argmax(axis=1)  # argmax takes the first maximum: the lower class
    out[counts.sum(axis=1) == 0] = -1
    return out


def accuracy(winners, labels, assignment):
    import numpy as np
    pred = assignment[winners]
    return float(np.mean(pred == labels.astype(np.int64)))


def run_one(train_x, train_y, test_x, test_y, k, seed):
    t0 = time.time()
    centroids, iters = kmeans(train_x, k, seed)
    assignment = assign(nearest(train_x, centroids), train_y, k)
    return {"seed": seed, "iterations": iters,
            "train_accuracy": accuracy(nearest(train_x, centroids), train_y, assignment),
            "test_accuracy": accuracy(nearest(test_x, centroids), test_y, assignment),
            "unassigned": int((assignment < 0).sum()), "wall_s": round(time.time() - t0, 2)}


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = "unknown"
    return {"cpu": cpu, "commit": commit, "load": " ".join(f"{v:.2f}" for v in os.getloadavg())}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    ap.add_argument("--dataset", choices=sorted(DATASETS), action="append",
                    help="data set (repeatable; default: both)")
    ap.add_argument("--data", default=None,
                    help="idx directory (only with one --dataset; default: data/mnist "
                         "for mnist, /usr/share/datasets/fashion-mnist)")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--k", type=int, default=500, help="centroids (the spec's neurons; default 500)")
    ap.add_argument("--crop", type=int, default=397, help="pixels kept (the spec's crop; default 397)")
    ap.add_argument("--train", type=int, default=60000, help="training images (default 60000)")
    ap.add_argument("--test", type=int, default=10000, help="test images (default 10000)")
    ap.add_argument("--out", default=None,
                    help="result file (default bench/results/<date>-kmeans.json)")
    a = ap.parse_args()
    import numpy as np
    datasets = a.dataset or ["mnist", "fashion-mnist"]
    if a.data and len(datasets) != 1:
        ap.error("--data needs exactly one --dataset")
    out = a.out or os.path.join(ROOT, "bench", "results",
                                f"{datetime.date.today().isoformat()}-kmeans.json")
    record = {"benchmark": "k-means baseline (bench/kmeans_baseline.py)",
              "command": " ".join([os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:]),
              "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
              **machine(), "k": a.k, "crop": a.crop, "train": a.train, "test": a.test,
              "seeds": a.seeds, "results": {}}
    for name in datasets:
        directory = a.data or DATASETS[name]
        tx, ty = load(directory, "train")
        vx, vy = load(directory, "t10k")
        tx, ty, vx, vy = tx[:a.train], ty[:a.train], vx[:a.test], vy[:a.test]
        mask = crop_mask(tx, a.crop)
        train_x = tx[:, mask].astype(np.float32) / 255.0
        test_x = vx[:, mask].astype(np.float32) / 255.0
        runs = []
        for s in a.seeds:
            r = run_one(train_x, ty, test_x, vy, a.k, s)
            print(f"{name} seed {s}: test {100 * r['test_accuracy']:.2f}%  "
                  f"({r['iterations']} iterations, {r['wall_s']:.0f} s)", flush=True)
            runs.append(r)
        accs = [r["test_accuracy"] for r in runs]
        record["results"][name] = {
            "data": os.path.abspath(directory), "runs": runs,
            "test_accuracy_mean": statistics.mean(accs),
            "test_accuracy_sd": statistics.stdev(accs) if len(accs) > 1 else 0.0}
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as f:
        json.dump(record, f, indent=1)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
