"""snnpy: the snn-cbram runtime from Python.

Train and test spiking networks on the simulated CBRAM chip, get the report as
a dict and the learned weights as numpy arrays, save and load checkpoints and
trained models, and compile network specs with the project's tools.

    import snnpy
    prog = snnpy.compile("examples/tiny.mlir")          # program bytes
    run = snnpy.train(prog, "data/mnist", train_limit=300, test_limit=200, seed=1)
    run.report["accuracy"]["test"], run.weights.shape   # dict, (65, 20) float32
    run.save_model("tiny.snnm")
    again = snnpy.test(snnpy.load_model("tiny.snnm"), "data/mnist")

Use it from the build tree with PYTHONPATH=build/python (docs/python.md).
"""

import json
import os
import shlex
import subprocess
import sys
import tempfile

from . import _core
from ._core import Error, Model, Program, load_model, load_program

try:
    from ._config import BIN_DIR as _BUILD_BIN_DIR
except ImportError:  # pragma: no cover - only outside a build tree
    _BUILD_BIN_DIR = ""

__version__ = _core.version
__all__ = [
    "Error", "Model", "Program", "Run", "compile", "load_model", "load_program",
    "train", "test", "print_progress", "bin_dir", "levels_to_weights",
]


def bin_dir():
    """Directory of snn-opt, snn-translate and snn-run: $SNN_BIN_DIR, else the
    build tree this module was built in."""
    return os.environ.get("SNN_BIN_DIR") or _BUILD_BIN_DIR


def _tool(name):
    path = os.path.join(bin_dir(), name)
    if not os.access(path, os.X_OK):
        raise Error(f"{name} not found in '{bin_dir()}' (set SNN_BIN_DIR to the build's bin/)")
    return path


def compile(spec_path, options="", output=None):
    """Compiles a network spec: snn-opt SPEC --snn-to-cbram-pipeline="OPTIONS" |
    snn-translate --snn-to-program. Returns the program bytes, or writes them
    to `output` and returns that path. Compiler errors (located at the spec
    line) raise snnpy.Error with the tools' message."""
    pipeline = "--snn-to-cbram-pipeline" + (f"={options}" if options else "")
    opt = subprocess.run([_tool("snn-opt"), os.fspath(spec_path), pipeline],
                         capture_output=True)
    if opt.returncode != 0:
        raise Error(opt.stderr.decode(errors="replace").strip())
    with tempfile.TemporaryDirectory() as tmp:
        out = output or os.path.join(tmp, "program.snnp")
        tr = subprocess.run([_tool("snn-translate"), "--snn-to-program", "-o", os.fspath(out)],
                            input=opt.stdout, capture_output=True)
        if tr.returncode != 0:
            raise Error(tr.stderr.decode(errors="replace").strip())
        if output:
            return output
        with open(out, "rb") as f:
            return f.read()


def print_progress(label, done, total, _last={}):
    """A progress callback that prints a line per 10% of each phase."""
    step = max(1, total // 10)
    if done == total or done % step == 0:
        if _last.get(label) != done:
            _last[label] = done
            print(f"{label}: {done}/{total}", file=sys.stderr, flush=True)


def levels_to_weights(levels, program):
    """Real weights of an array of levels under a program's quantizer (level 0
    = w_min, evenly spaced to w_max)."""
    import numpy as np
    return np.asarray(program.level_values)[np.asarray(levels)]


class Run:
    """One run on the simulated chip: training (or a saved model), label
    assignment and test. Arguments mirror snn-run's options; None keeps the
    program's value. `progress` is a callable (label, done, total), True for
    printed progress, or None."""

    def __init__(self, program, data, *, train_limit=None, test_limit=None, assign_limit=None,
                 epochs=None, seed=None, checkpoint=None, checkpoint_every=0, resume=None,
                 stop_after=0, model=None, phases="assign,test", progress=None):
        if isinstance(program, (str, os.PathLike)):
            program = os.fspath(program)
        if isinstance(model, (str, os.PathLike)):
            model = load_model(os.fspath(model))
        if progress is True:
            progress = print_progress
        self._run = _core.Run(program, os.fspath(data), train_limit, test_limit, assign_limit,
                              epochs, seed, os.fspath(checkpoint) if checkpoint else "",
                              checkpoint_every, os.fspath(resume) if resume else "",
                              stop_after, model, phases, True, progress or None)
        self._report = None

    def run(self):
        """Runs all phases; returns self (the report is in .report)."""
        self._run.run()
        return self

    @property
    def report(self):
        """The JSON report of snn-run (docs/runtime.md), as a dict."""
        if self._report is None:
            self._report = json.loads(self._run.report_json())
        return self._report

    def save_report(self, path):
        with open(path, "w") as f:
            f.write(self._run.report_json())

    def save_summary_csv(self, path):
        """The one-row CSV summary (snn-run --summary-csv)."""
        with open(path, "w") as f:
            f.write(self._run.summary_csv())

    def save_model(self, path):
        """Saves the program and its trained state (snn-run --save-model)."""
        self._run.save_model(os.fspath(path))

    def write_weights_png(self, path):
        self._run.write_weights_png(os.fspath(path))

    # Arrays: (inputs + bias row) x neurons, row-major like the chip's matrix.
    weights = property(lambda self: self._run.weights, doc="real weights (float32)")
    levels = property(lambda self: self._run.levels, doc="stored level per weight")
    pruned = property(lambda self: self._run.pruned, doc="pruned flag per weight")
    assignment = property(lambda self: self._run.assignment, doc="class per neuron, -1 = none")
    mask = property(lambda self: self._run.mask, doc="input -> pixel index")
    stopped = property(lambda self: self._run.stopped)

    def tile_writes(self):
        """Write pulses per cell of every tile used (list of 2-D arrays)."""
        return self._run.tile_writes()


def train(program, data, **kw):
    """Trains, assigns and tests; returns the finished Run."""
    return Run(program, data, **kw).run()


def test(model, data, phases="test", **kw):
    """Runs the inference phases of a saved model (a Model or a path)."""
    return Run(None, data, model=model, phases=phases, **kw).run()
