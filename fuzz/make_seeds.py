#!/usr/bin/python3
"""usage: fuzz/make_seeds.py [BUILD_DIR]

Regenerates the checked-in seed corpora of the fuzz targets and the spec
dictionary:
  fuzz/corpus/{program,simulate,checkpoint,idx}/  BUILD_DIR/bin/fuzz-seeds write
      (programs from the test ProgramBuilder, checkpoints the runtime wrote,
      idx pairs raw and gzipped; BUILD_DIR defaults to build-fuzz, a build
      with -DSNN_ENABLE_FUZZERS=ON, see docs/testing.md)
  fuzz/corpus/spec/   examples/*.mlir and the lit tests' specs and cbram IR,
      split at "// -----", comment lines dropped
  fuzz/dict/spec.dict the keywords, attribute names and dialect prefixes of
      those specs
Existing files in these directories are replaced, except kept findings
(finding-*). ctest's fuzz/seeds checks
that the binary seeds are still accepted by the runtime.
"""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def spec_chunks():
    files = sorted(glob.glob(os.path.join(ROOT, "examples", "*.mlir")))
    files += sorted(glob.glob(os.path.join(ROOT, "test", "**", "*.mlir"), recursive=True))
    for path in files:
        rel = os.path.relpath(path, ROOT)
        text = open(path, encoding="utf-8").read()
        for i, chunk in enumerate(re.split(r"^// -----.*$", text, flags=re.M)):
            lines = [l for l in chunk.splitlines() if not l.lstrip().startswith("//")]
            body = "\n".join(lines).strip()
            if body:
                name = rel.replace("/", "_").removesuffix(".mlir")
                yield f"{name}-{i}.mlir", body + "\n"


def main():
    if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build-fuzz"))
    tool = os.path.join(build, "bin", "fuzz-seeds")
    if not os.access(tool, os.X_OK):
        print(f"make_seeds.py: no {tool}: configure and build with -DSNN_ENABLE_FUZZERS=ON "
              "(docs/testing.md)", file=sys.stderr)
        return 2
    corpus = os.path.join(ROOT, "fuzz", "corpus")
    # Generated seeds are replaced; kept findings (finding-*) stay.
    for t in ("program", "simulate", "checkpoint", "idx", "spec"):
        d = os.path.join(corpus, t)
        for name in os.listdir(d) if os.path.isdir(d) else []:
            if not name.startswith("finding-"):
                os.remove(os.path.join(d, name))
    subprocess.run([tool, "write", corpus], check=True)

    os.makedirs(os.path.join(corpus, "spec"), exist_ok=True)
    tokens = set()
    for name, body in spec_chunks():
        with open(os.path.join(corpus, "spec", name), "w", encoding="utf-8") as f:
            f.write(body)
        tokens.update(re.findall(r"[#!]?[a-z_]+(?:\.[a-z_]+)?", body))
    tokens.update(["{", "}", "<", ">", "(", ")", " = ", ", ", " : ", " -> ", "%", "@",
                   "attributes", "1.0e+30", "-1", "0", "4294967295", "nan", "0x7FC00000"])
    with open(os.path.join(ROOT, "fuzz", "dict", "spec.dict"), "w", encoding="utf-8") as f:
        f.write("# fuzz-spec: tokens of the seed specs (fuzz/make_seeds.py).\n")
        for t in sorted(tokens):
            if len(t) > 1 or not t.isalpha():
                esc = t.replace("\\", "\\\\").replace('"', '\\"')
                f.write(f'"{esc}"\n')
    n = sum(len(os.listdir(os.path.join(corpus, t))) for t in os.listdir(corpus))
    print(f"wrote {n} seeds under {os.path.relpath(corpus, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
