#!/usr/bin/env python3
"""Prints everything a run produced that the simulation determines, one
`path = value` line each, for the pin test (test/Target/pin-report.test):
every field of snn-run's JSON report except those that name files, the
compiler build or the wall-clock performance, then the SHA-256 of the saved
model after its program (the learned state: weights, levels, pruned flags,
assignment, homeostasis, LIF thresholds, and the simulator's checkpoint
payload with every cell's state, write count and fault flags, the random
streams and the ledger).

Usage: digest.py REPORT.json MODEL.snnm
"""
import hashlib
import json
import struct
import sys

# Fields that differ between builds or machines, not between simulations.
SKIP = {("performance",), ("program", "file"), ("program", "compiler"),
        ("program", "compiler_git"), ("program", "producer"), ("settings", "data_dir"),
        ("settings", "model")}


def flatten(prefix, v, out):
    if prefix in SKIP:
        return
    if isinstance(v, dict):
        for k in v:
            flatten(prefix + (k,), v[k], out)
    elif isinstance(v, list) and any(isinstance(x, (dict, list)) for x in v):
        for i, x in enumerate(v):
            flatten(prefix + (str(i),), x, out)
    else:
        out.append(".".join(prefix) + " = " + json.dumps(v))


def model_state_digest(path):
    data = open(path, "rb").read()
    assert data[:4] == b"SNNM", path
    at = 16  # magic, version, payload size
    (program_bytes,) = struct.unpack_from("<Q", data, at)
    at += 8 + program_bytes
    return hashlib.sha256(data[at:-4]).hexdigest()  # without the CRC trailer


def main():
    report, model = sys.argv[1:3]
    out = []
    flatten((), json.load(open(report)), out)
    out.append("model_state_sha256 = " + model_state_digest(model))
    print("\n".join(out))


if __name__ == "__main__":
    main()
