#!/usr/bin/env python3
"""Checks that every relative link in the Markdown pages of a directory names a
file or directory that exists (anchors are not checked).  Run on the source
tree's docs/ by the test suite and on the installed share/doc/steepest/docs by
tests/install-test.sh, where examples/ is installed beside docs/.

usage: check-doc-links.py DIR"""
import os
import re
import sys

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def broken_links(directory):
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".md"):
            continue
        path = os.path.join(directory, name)
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                for target in LINK.findall(line):
                    if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                        continue
                    file_part = target.split("#", 1)[0]
                    if not os.path.exists(os.path.join(directory, file_part)):
                        yield f"{path}:{lineno}: broken link '{target}'"


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    problems = list(broken_links(sys.argv[1]))
    for p in problems:
        print(p, file=sys.stderr)
    print(f"check-doc-links: {len(problems)} broken link(s) in {sys.argv[1]}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
