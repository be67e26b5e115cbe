# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "SNN"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.snn_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%examples", os.path.join(config.snn_src_root, "examples")))
config.substitutions.append(("%mnist", config.snn_mnist_dir))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%snn_version", config.snn_version))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.snn_tools_dir, config.llvm_tools_dir]
# --param snn_run_dir=DIR runs the tests with the snn-run of another build
# (CI checks a portable runtime, -DSNN_NATIVE=OFF, against the pinned
# reports this way: its loops are not the vector ones).
run_dir = lit_config.params.get("snn_run_dir")
tools = ["snn-opt", "snn-translate"] + ([] if run_dir else ["snn-run"])
llvm_config.add_tool_substitutions(
    [ToolSubst(t, unresolved="ignore") for t in tools], tool_dirs)
if run_dir:
    llvm_config.add_tool_substitutions([ToolSubst("snn-run", unresolved="fatal")], [run_dir])
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.snn_tools_dir, append_path=True)

# The four idx files, each raw or gzip-compressed, as scripts/fetch-mnist.sh
# leaves them.
def has_idx_set(d):
    return all(
        os.path.isfile(os.path.join(d, f)) or os.path.isfile(os.path.join(d, f + ".gz"))
        for f in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                  "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"))


if has_idx_set(config.snn_mnist_dir):
    config.available_features.add("mnist")

# NIR tests write their HDF5 fixtures with h5py (python3-h5py) and need an
# snn-translate built with HDF5 (--import-nir).
import subprocess
try:
    subprocess.run([config.python_executable, "-c", "import h5py"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    config.available_features.add("h5py")
except (OSError, subprocess.CalledProcessError):
    pass
if getattr(config, "snn_have_nir", "OFF") in ("ON", "1", "TRUE", True):
    config.available_features.add("nir")
