#!/usr/bin/env python3
"""Makes a validation data directory from a training set.

The first N training images become the directory's training set and the last
M become its test set (t10k-*), so snn-run can be tuned on held-out training
data without ever touching the real test set:

    bench/make_validation_split.py data/mnist data/mnist-val --val 10000

Writes gzip-compressed idx files (the runtime reads .gz and raw).
"""
import argparse
import gzip
import os
import struct
import sys


def read_idx(directory, stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rb") as f:
                return f.read()
    sys.exit(f"make_validation_split: no {stem}[.gz] in {directory}")


def split(data, first, count):
    """Returns an idx blob holding `count` items starting at `first`."""
    magic, total = struct.unpack(">II", data[:8])
    ndims = magic & 0xFF
    dims = struct.unpack(">" + "I" * (ndims - 1), data[8:4 + 4 * ndims])
    header = 4 + 4 * ndims
    item = 1
    for d in dims:
        item *= d
    if first + count > total:
        sys.exit(f"make_validation_split: asked for items {first}..{first + count} of {total}")
    body = data[header + first * item: header + (first + count) * item]
    return struct.pack(">II", magic, count) + data[8:header] + body


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", help="directory with train-{images,labels} idx files")
    ap.add_argument("dest", help="directory to write")
    ap.add_argument("--val", type=int, default=10000, help="held-out images (default 10000)")
    args = ap.parse_args()
    os.makedirs(args.dest, exist_ok=True)
    images = read_idx(args.source, "train-images-idx3-ubyte")
    labels = read_idx(args.source, "train-labels-idx1-ubyte")
    total = struct.unpack(">I", images[4:8])[0]
    keep = total - args.val
    if keep <= 0:
        sys.exit("make_validation_split: --val leaves no training images")
    out = {
        "train-images-idx3-ubyte": split(images, 0, keep),
        "train-labels-idx1-ubyte": split(labels, 0, keep),
        "t10k-images-idx3-ubyte": split(images, keep, args.val),
        "t10k-labels-idx1-ubyte": split(labels, keep, args.val),
    }
    for stem, blob in out.items():
        with gzip.open(os.path.join(args.dest, stem + ".gz"), "wb", compresslevel=1) as f:
            f.write(blob)
    print(f"{args.dest}: train {keep}, validation {args.val} images")


if __name__ == "__main__":
    main()
