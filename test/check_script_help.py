#!/usr/bin/env python3
"""usage: test/check_script_help.py [REPO]

Runs every script in scripts/ and bench/ (*.sh, *.py) of REPO (default: this
checkout) with --help and with -h, and checks that each exits 0 and prints a
line starting with "usage:". A script whose source does not mention --help is
reported without being run, so that a script that ignores the option is never
started for real (setup.sh would install packages and build). Registered with
ctest as scripts/help.
"""
import os
import re
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(os.path.dirname(__file__), ".."))
    scripts = sorted(
        os.path.join(d, f)
        for d in ("scripts", "bench")
        for f in os.listdir(os.path.join(root, d))
        if f.endswith((".sh", ".py")))
    if not scripts:
        print(f"no scripts found under {root}")
        return 1
    failures = []
    env = dict(os.environ, BUILD_DIR="/nonexistent-build-dir")
    with tempfile.TemporaryDirectory() as cwd:
        for rel in scripts:
            path = os.path.join(root, rel)
            source = open(path, encoding="utf-8").read()
            if "--help" not in source and "argparse" not in source:
                failures.append(f"{rel}: does not handle --help (not run)")
                continue
            if not os.access(path, os.X_OK):
                failures.append(f"{rel}: not executable")
                continue
            for flag in ("--help", "-h"):
                try:
                    p = subprocess.run([path, flag], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                       capture_output=True, text=True, timeout=30)
                except subprocess.TimeoutExpired:
                    failures.append(f"{rel} {flag}: still running after 30 s")
                    continue
                if p.returncode != 0:
                    failures.append(f"{rel} {flag}: exit status {p.returncode}\n{p.stderr}")
                elif not re.search(r"^usage:", p.stdout, re.I | re.M):
                    failures.append(f"{rel} {flag}: no 'usage:' line on stdout:\n{p.stdout}")
                else:
                    print(f"ok   {rel} {flag}")
    for f in failures:
        print(f"FAIL {f}")
    print(f"{len(scripts)} scripts, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
