#!/usr/bin/env python3
"""Checks for the NIR round-trip tests.
  compare.py nir A.nir B.nir        same graph: node types, edges, parameters
  compare.py program A.nir P.json   the program's initial_weights are A's weights
  compare.py model A.nir M.snnm     A's weights are the model's trained weights (read
                                    from the model file as docs/runtime.md lays it out)"""

import json
import struct
import sys

import h5py
import numpy as np


def nodes(path):
    """Nodes by name, and the chain of names from the Input along the edges."""
    with h5py.File(path, "r") as f:
        g = f["node"]
        out = {}
        for name, n in g["nodes"].items():
            out[name] = {k: (v[()].decode() if isinstance(v[()], bytes) else np.asarray(v[()]))
                         for k, v in n.items() if isinstance(v, h5py.Dataset)}
        succ = {a.decode(): b.decode() for a, b in g["edges"][()]}
        chain = [next(n for n, p in out.items() if p["type"] == "Input")]
        while chain[-1] in succ:
            chain.append(succ[chain[-1]])
        assert len(chain) == len(out), (chain, list(out))
        return out, chain


def model_weights(path):
    """The weights section of a saved model (SNNM, version 1)."""
    b = open(path, "rb").read()
    assert b[:4] == b"SNNM" and struct.unpack_from("<I", b, 4)[0] == 1
    at = 16

    def vec(fmt):
        nonlocal at
        (n,) = struct.unpack_from("<Q", b, at)
        size = struct.calcsize(fmt)
        v = np.frombuffer(b, dtype=np.dtype(fmt).newbyteorder("<"), count=n, offset=at + 8)
        at += 8 + n * size
        return v

    vec("B")                  # program
    at += 8 + 4 * 4           # settings
    vec("I")                  # mask
    rows, cols = struct.unpack_from("<II", b, at)
    at += 8
    return vec("f").reshape(rows, cols)


def matrix(path):
    """Rows x neurons, bias row last: the program's layout."""
    ns, _ = nodes(path)
    layer = next(n for n in ns.values() if n["type"] in ("Affine", "Linear"))
    w = layer["weight"].T
    if layer["type"] == "Affine":
        w = np.vstack([w, layer["bias"][None, :]])
    return w.astype(np.float32)


def main(mode, a, b):
    if mode == "nir":
        (na, ca), (nb, cb) = nodes(a), nodes(b)
        assert [na[n]["type"] for n in ca] == [nb[n]["type"] for n in cb], (ca, cb)
        for ka, kb in zip(ca, cb):
            pa, pb = na[ka], nb[kb]
            assert pa.keys() == pb.keys(), (ka, pa.keys(), pb.keys())
            for k in pa:
                x, y = pa[k], pb[k]
                name = ka
                if pa["type"] == "Input" and k == "shape":
                    x, y = np.prod(x), np.prod(y)  # [9] and [3, 3]: the same 9 channels
                if isinstance(x, str):
                    assert x == y, (name, k, x, y)
                else:
                    np.testing.assert_array_equal(x, y, err_msg=f"{name}.{k}")
    elif mode == "program":
        prog = json.load(open(b))["projection"]
        w = matrix(a)
        got = np.asarray(prog["initial_weights"], dtype=np.float32).reshape(w.shape)
        # The JSON prints floats to about 7 digits.
        np.testing.assert_allclose(got, w, rtol=0, atol=1e-6)
    elif mode == "model":
        np.testing.assert_array_equal(matrix(a), model_weights(b))
    print("same")


if __name__ == "__main__":
    main(*sys.argv[1:])
