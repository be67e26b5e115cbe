#!/usr/bin/env python3
"""Writes the NIR test fixtures (HDF5, the layout of NIR 1.0's nir.write:
/version, /node {type "NIRGraph", nodes/<name>/{type, params, metadata/},
edges (E, 2) strings, metadata/}) into the directory given, with h5py.
Run by the lit tests at test time: python3 make_fixtures.py OUTDIR"""

import os
import sys

import h5py
import numpy as np

STR = h5py.string_dtype()


def graph(path, nodes, edges, version="1.0.0", meta=None, edges_as_group=False,
          version_as_attr=False):
    with h5py.File(path, "w") as f:
        if version is not None:
            if version_as_attr:
                f.attrs["version"] = version
            else:
                f.create_dataset("version", data=version, dtype=STR)
        g = f.create_group("node")
        g.create_dataset("type", data="NIRGraph", dtype=STR)
        ng = g.create_group("nodes")
        for name, params in nodes.items():
            n = ng.create_group(name)
            for k, v in params.items():
                if isinstance(v, str):
                    n.create_dataset(k, data=v, dtype=STR)
                else:
                    n.create_dataset(k, data=np.asarray(v))
        if edges_as_group:
            e = g.create_group("edges")
            e.create_dataset("src", data=[a for a, _ in edges], dtype=STR)
            e.create_dataset("dst", data=[b for _, b in edges], dtype=STR)
        else:
            g.create_dataset("edges", data=np.array(edges, dtype=object), dtype=STR)
        if meta:
            m = g.create_group("metadata")
            for k, v in meta.items():
                m.create_dataset(k, data=v, dtype=STR)


def lif(n, tau=0.02, r=2.0, v_leak=0.0, v_threshold=1.0, v_reset=0.0):
    full = lambda v: np.full(n, v, dtype=np.float32)
    return {"type": "LIF", "tau": full(tau), "r": full(r), "v_leak": full(v_leak),
            "v_threshold": full(v_threshold), "v_reset": full(v_reset)}


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(1)
    W = rng.uniform(-0.5, 0.5, size=(3, 16)).astype(np.float32)
    W[0, 0] = 0.75
    chain = [("in", "fc"), ("fc", "lif"), ("lif", "out")]
    base = {"in": {"type": "Input", "shape": np.array([4, 4], dtype=np.int64)},
            "fc": {"type": "Linear", "weight": W},
            "lif": lif(3),
            "out": {"type": "Output", "shape": np.array([3], dtype=np.int64)}}
    graph(f"{out}/lif.nir", base, chain)
    graph(f"{out}/lif_srcdst.nir", base, chain, edges_as_group=True, version_as_attr=True)

    wta = {"input": {"type": "Input", "shape": np.array([9], dtype=np.int64)},
           "affine": {"type": "Affine", "weight": np.linspace(-1.5, 1.0, 45, dtype=np.float32).reshape(5, 9),
                      "bias": np.array([0.1, -0.1, 0.2, 0.0, 0.3], dtype=np.float32)},
           "output": {"type": "Output", "shape": np.array([5], dtype=np.int64)}}
    graph(f"{out}/wta.nir", wta, [("input", "affine"), ("affine", "output")])

    ifn = dict(base)
    ifn["lif"] = {"type": "IF", "r": np.ones(3, np.float32), "v_threshold": np.full(3, 2.0, np.float32)}
    graph(f"{out}/if.nir", ifn, chain)

    bad = dict(base)
    bad["lif"] = {"type": "CubaLIF", "tau_mem": np.ones(3), "tau_syn": np.ones(3), "r": np.ones(3),
                  "v_leak": np.zeros(3), "v_threshold": np.ones(3)}
    graph(f"{out}/bad_cubalif.nir", bad, chain)

    two = dict(base)
    two["fc2"] = {"type": "Linear", "weight": np.zeros((3, 3), np.float32)}
    two["lif2"] = lif(3)
    graph(f"{out}/bad_two_layers.nir", two,
          [("in", "fc"), ("fc", "lif"), ("lif", "fc2"), ("fc2", "lif2"), ("lif2", "out")])

    vary = dict(base)
    vary["lif"] = lif(3)
    vary["lif"]["tau"] = np.array([0.01, 0.02, 0.02], np.float32)
    graph(f"{out}/bad_varying.nir", vary, chain)

    biased = dict(base)
    biased["fc"] = {"type": "Affine", "weight": W, "bias": np.array([0, 0.5, 0], np.float32)}
    graph(f"{out}/bad_bias_lif.nir", biased, chain)

    shape = dict(base)
    shape["fc"] = {"type": "Linear", "weight": np.zeros((3, 10), np.float32)}
    graph(f"{out}/bad_shape.nir", shape, chain)

    graph(f"{out}/bad_edge.nir", base, chain[:2] + [("lif", "nowhere")])
    graph(f"{out}/bad_version.nir", base, chain, version="2.0.0")

    sq = dict(base)
    sq["in"] = {"type": "Input", "shape": np.array([16 * 1], dtype=np.int64) * 0 + 15}
    sq["fc"] = {"type": "Linear", "weight": np.zeros((3, 15), np.float32)}
    graph(f"{out}/bad_nonsquare.nir", sq, chain)

    graph(f"{out}/bad_metadata.nir", base, chain, meta={"snn_cbram.stdp": "{eta_ltp = }"})
    graph(f"{out}/bad_range.nir", base, chain,
          meta={"snn_cbram.projection": "{w_min = -0.25 : f64, w_max = 0.25 : f64}"})

    with open(f"{out}/not_hdf5.nir", "w") as f:
        f.write("this is not an HDF5 file\n")


if __name__ == "__main__":
    main(sys.argv[1])
