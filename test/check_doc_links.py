#!/usr/bin/env python3
"""usage: test/check_doc_links.py [REPO]

Checks the Markdown files of REPO (default: this checkout; build*/, data/,
out/ and bench/results/ are skipped): every relative link must resolve to a
file or directory inside the repository, and no text may point at a sibling
directory of the checkout (../shared/...), which a fresh clone does not have.
Registered with ctest as docs/links.
"""
import os
import re
import sys

LINK = re.compile(r"\]\(([^)\s]+)\)")
SKIP = re.compile(r"^(build[^/]*|data|out|\.git|bench/results)(/|$)")


def main():
    if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    root = os.path.realpath(sys.argv[1] if len(sys.argv) > 1 else
                            os.path.join(os.path.dirname(__file__), ".."))
    problems, files = [], 0
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        dirnames[:] = [d for d in dirnames
                       if not SKIP.match(os.path.normpath(os.path.join(rel_dir, d)))]
        for name in filenames:
            if not name.endswith(".md"):
                continue
            files += 1
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            for n, line in enumerate(open(path, encoding="utf-8"), 1):
                if "../shared" in line:
                    problems.append(f"{rel}:{n}: points outside the repository: {line.strip()}")
                for target in LINK.findall(line):
                    if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                        continue  # URLs and in-page anchors
                    dest = os.path.realpath(os.path.join(dirpath, target.split("#")[0]))
                    if os.path.commonpath([dest, root]) != root:
                        problems.append(f"{rel}:{n}: link outside the repository: {target}")
                    elif not os.path.exists(dest):
                        problems.append(f"{rel}:{n}: broken link: {target}")
    for p in problems:
        print(p)
    print(f"{files} Markdown files, {len(problems)} problems")
    return 1 if problems or not files else 0


if __name__ == "__main__":
    sys.exit(main())
