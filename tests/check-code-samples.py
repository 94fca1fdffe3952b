#!/usr/bin/env python3
"""Checks the code samples of the guides and the public headers, so that a
sample cannot drift from the API it shows: C samples are compiled, Python
samples are run.

Where samples are found:
- Markdown pages (README.md, docs/*.md): fenced blocks opened with ```c, or
  with ```python.
- Public headers: blocks between @code{.c} and @endcode inside comments (the
  leading " * " of each line is removed).

How a C sample is compiled (gcc/cc -fsyntax-only, C11, against include/ and the
build tree's generated headers; calling a function with the wrong arguments,
an undeclared function or identifier, or an incompatible pointer is an error):
- A sample with a top-level definition (a function, `static`/`STEEPEST_PLUGIN_EXPORT`
  objects, #include) is compiled at file scope; other samples are statements and
  are compiled as the body of a function.
- `...` on a line of its own, or as `{ ... }`, stands for elided code.
- Names a sample uses without declaring come from its context: a page may say
  `<!-- sample-context: DECLARATIONS -->` (applies to the page's later C
  samples), and one sample may say `<!-- sample: context DECLARATIONS -->` on
  the line before its fence.  In headers the same is written as a comment line
  `Sample context: DECLARATIONS` before @code.
- `<!-- sample: excerpt PATH -->` before a fence: the sample is an excerpt of a
  file that the test suite builds (PATH relative to the source root); the code
  of every line of the sample (comments and spacing aside) must appear in that
  file, in order (`...` skips lines).

How a Python sample is run (--python; with the package and the library of
the build: PYTHONPATH, STEEPEST_BUILD_LIBRARY and STEEPEST_PLUGIN_PATH set as
for the binding's tests): each in a fresh namespace, in this interpreter, its
output discarded unless it fails; an exception fails it.
- `<!-- sample: continues -->` before a fence: the sample continues the
  page's previous Python sample, in its namespace (a session in several
  blocks); it fails if that one failed.
- `<!-- sample: context STATEMENTS -->` before a fence: Python run first in
  the sample's namespace, for names the sample leaves to the reader (the
  data of a training loop, ...).  Both directives may be given, one a line.

usage: check-code-samples.py SOURCE_ROOT BUILD_INCLUDE_DIR [CC]
       check-code-samples.py --python SOURCE_ROOT"""
import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback

PRELUDE = """\
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <steepest/steepest.h>
#include <steepest/steepest-plugin.h>
"""

FILE_SCOPE = re.compile(r"^(static\b|STEEPEST_PLUGIN_EXPORT\b|typedef\b|"
                        r"int main\b|(?!(if|while|for|switch|return)\b)[A-Za-z_][A-Za-z0-9_ \*]*\([^;]*\)\s*$)")


CALL = re.compile(r"^[a-z_][A-Za-z0-9_]*\(.*\);\s*(/\*.*\*/)?$")


class Sample:
    def __init__(self, origin, code, context="", excerpt=None, continues=False, first_line=1):
        self.origin, self.code, self.context, self.excerpt = origin, code, context, excerpt
        self.continues, self.first_line = continues, first_line


def markdown_samples(path, lang="c"):
    """The samples of one language on a page, with their directives."""
    page_context = ""
    pending = {}
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"\s*<!-- sample-context: (.*) -->\s*$", line)
        if m:
            page_context = m.group(1)
        m = re.match(r"\s*<!-- sample: (context|excerpt) (.*) -->\s*$", line)
        if m:
            pending[m.group(1)] = m.group(2).strip()
        if re.match(r"\s*<!-- sample: continues -->\s*$", line):
            pending["continues"] = True
        if line.strip() == "```" + lang:
            start = i + 1
            i += 1
            while i < len(lines) and lines[i].strip() != "```":
                i += 1
            code = "\n".join(lines[start:i])
            # The page's context is C declarations: C samples only.
            ctx = (page_context + "\n" if lang == "c" else "") + pending.get("context", "")
            yield Sample("%s:%d" % (path, start), code, ctx, pending.get("excerpt"),
                         pending.get("continues", False), start + 1)
            pending = {}
        elif line.strip() and not line.lstrip().startswith("<!--"):
            pending = {} if not line.strip().startswith("```") else pending
        i += 1


def header_samples(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    context = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.search(r"Sample context: (.*)$", line)
        if m:
            context = m.group(1)
        if "@code" in line:
            start = i + 1
            body = []
            i += 1
            while i < len(lines) and "@endcode" not in lines[i]:
                body.append(re.sub(r"^\s*\* ?", "", lines[i]))
                i += 1
            yield Sample("%s:%d" % (path, start), "\n".join(body), context)
            context = ""
        i += 1


def elide(code):
    code = re.sub(r"\{\s*\.\.\.\s*\}", "{ }", code)
    return "\n".join(";" if l.strip().startswith("...") else l for l in code.split("\n"))


def translation_unit(sample):
    lines = elide(sample.code).split("\n")
    directives = "\n".join(l for l in lines if l.startswith("#"))
    code = "\n".join(l for l in lines if not l.startswith("#"))
    head = PRELUDE + directives + "\n"
    if any(FILE_SCOPE.match(l) for l in code.split("\n")):
        # Calls after the definitions ("register the callback") run in a function.
        body = code.rstrip().split("\n")
        calls = []
        while body and CALL.match(body[-1]):
            calls.insert(0, body.pop())
        tail = ""
        if calls:
            tail = ("int sample_calls(void);\nint sample_calls(void)\n{\n%s\n%s\nreturn 0;\n}\n"
                    % (sample.context, "\n".join(calls)))
            return head + "\n".join(body) + "\n" + tail
        return head + sample.context + "\n" + code + "\n"
    return (head + "int sample_body(void);\nint sample_body(void)\n{\n" + sample.context + "\n"
            + code + "\nreturn 0;\n}\n")


TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|[A-Za-z_0-9.]+|->|\+\+|--|<<|>>|[<>=!&|+\-*/%^]=|&&|\|\||\S')


def tokens(text):
    """C tokens without comments; adjacent string literals are joined, so an
    excerpt may wrap a long string or a long line differently."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    out = []
    for t in TOKEN.findall(text):
        if t.startswith('"') and out and out[-1].startswith('"'):
            out[-1] = out[-1][:-1] + t[1:]
        else:
            out.append(t)
    return out


def find(haystack, needle, start):
    for i in range(start, len(haystack) - len(needle) + 1):
        if haystack[i:i + len(needle)] == needle:
            return i
    return -1


def check_excerpt(root, sample):
    """Every run of the excerpt between `...` lines is a run of the file's
    tokens, in order: comments, spacing and line breaks aside, the code is the
    file's."""
    path = os.path.join(root, sample.excerpt)
    try:
        text = tokens(open(path, encoding="utf-8").read())
    except OSError as e:
        return "%s: excerpt of %s, which cannot be read: %s" % (sample.origin, sample.excerpt, e)
    chunks = re.split(r"^\s*\.\.\..*$|\{\s*\.\.\.\s*\}", sample.code, flags=re.M)
    pos = 0
    for chunk in chunks:
        want = tokens(chunk)
        if not want:
            continue
        at = find(text, want, pos)
        if at < 0:
            return "%s: this code is not in %s (in this order):\n%s" % (
                sample.origin, sample.excerpt, chunk.strip())
        pos = at + len(want)
    return None


def compile_sample(cc, includes, sample, tmp):
    src = os.path.join(tmp, "sample.c")
    with open(src, "w", encoding="utf-8") as f:
        f.write(translation_unit(sample))
    cmd = [cc, "-std=c11", "-fsyntax-only", "-D_GNU_SOURCE", "-Wno-unused", "-Wno-unused-parameter",
           "-Werror=implicit-function-declaration", "-Werror=int-conversion",
           "-Werror=incompatible-pointer-types", "-Werror=return-type", "-Werror=format"]
    for inc in includes:
        cmd += ["-I", inc]
    if re.search(r"#include\s*[<\"](mpi\.h|steepest/steepest-mpi\.h)", sample.code):
        # An MPI program: the MPI compiler wrapper knows where mpi.h lives.
        cmd[0] = shutil.which("mpicc") or "mpicc"
    r = subprocess.run(cmd + [src], capture_output=True, text=True)
    if r.returncode:
        return "%s: does not compile:\n%s\n--- the translation unit ---\n%s" % (
            sample.origin, r.stderr.strip(), open(src, encoding="utf-8").read())
    return None


def pages(root):
    return ["README.md"] + sorted("docs/" + p for p in os.listdir(os.path.join(root, "docs"))
                                  if p.endswith(".md"))


def run_python_sample(sample, namespace):
    """None, or what went wrong: the traceback (line numbers are the page's)
    and the sample's output."""
    path = sample.origin.rsplit(":", 1)[0]
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            if sample.context.strip():
                exec(compile(sample.context, "%s (context)" % sample.origin, "exec"), namespace)
            # Padded so that a traceback's line numbers are the page's.
            code = "\n" * (sample.first_line - 1) + sample.code
            exec(compile(code, path, "exec"), namespace)
    except BaseException:   # SystemExit and KeyboardInterrupt of a sample too
        kind, e, tb = sys.exc_info()
        trace = "".join(traceback.format_exception(kind, e, tb.tb_next))   # from the sample on
        return "%s: raised:\n%s%s" % (sample.origin, trace,
                                      "--- its output ---\n" + out.getvalue() if out.getvalue() else "")
    return None


def check_python(root):
    for var in ("STEEPEST_BUILD_LIBRARY", "STEEPEST_PLUGIN_PATH"):
        if not os.environ.get(var):
            print("check-code-samples --python: %s is not set (run it through meson test)" % var,
                  file=sys.stderr)
            return 2
    samples = []
    for page in pages(root):
        samples += markdown_samples(os.path.join(root, page), "python")
    problems = []
    session = {}            # page -> namespace of its last sample, None if that one failed
    for s in samples:
        page = s.origin.rsplit(":", 1)[0]
        if s.continues:
            namespace = session.get(page)
            if namespace is None:
                problems.append("%s: continues the page's previous Python sample, which %s" % (
                    s.origin, "failed" if page in session else "does not exist"))
                session[page] = None
                continue
        else:
            namespace = {"__name__": "__sample__"}
        p = run_python_sample(s, namespace)
        if p:
            problems.append(p)
        session[page] = None if p else namespace
    for p in problems:
        print(p, file=sys.stderr)
    print("check-code-samples --python: %d samples, %d failing" % (len(samples), len(problems)))
    return 1 if problems or not samples else 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--python":
        return check_python(sys.argv[2])
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    root, build_include = sys.argv[1], sys.argv[2]
    cc = sys.argv[3] if len(sys.argv) == 4 else os.environ.get("CC", "cc")
    samples = []
    for page in pages(root):
        samples += markdown_samples(os.path.join(root, page))
    hdir = os.path.join(root, "include", "steepest")
    for h in sorted(os.listdir(hdir)):
        if h.endswith(".h"):
            samples += header_samples(os.path.join(hdir, h))
    includes = [os.path.join(root, "include"), build_include]
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for s in samples:
            p = check_excerpt(root, s) if s.excerpt else compile_sample(cc, includes, s, tmp)
            if p:
                problems.append(p)
    for p in problems:
        print(p, file=sys.stderr)
    print("check-code-samples: %d samples, %d failing" % (len(samples), len(problems)))
    return 1 if problems or not samples else 0


if __name__ == "__main__":
    sys.exit(main())
