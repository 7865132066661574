"""The PDF edition's build and the checks of its LaTeX log.

- ``build_pdf(dest)``: ``jupyter-book build --builder pdflatex -W --keep-going`` into the same
  ``dest`` as the test run's HTML build (tests/strict_build.py), so the notebooks are read from
  that build's execution cache (none executes a second time); LaTeX runs non-stop and halts at
  its first error.
- ``missing_characters(log)``: xelatex's "Missing character" lines (a glyph no font has; xelatex
  only warns, the PDF silently lacks the character).

Run as a script on a log (``make pdf`` does),
``python tests/pdf_build.py _build/latex/curvature.log`` prints the missing characters and
exits 1 if there are any.
"""

import re
import subprocess
import sys
import time
from pathlib import Path

PDF_NAME = "curvature"  # _config.yml: latex.latex_documents.targetname
LATEXOPTS = "-interaction=nonstopmode -halt-on-error"
MISSING_CHARACTER = re.compile(r"^Missing character: There is no .*$", re.M)


def missing_characters(log_text):
    """Return the distinct "Missing character: There is no X in font F!" lines of a TeX log."""
    return sorted(set(MISSING_CHARACTER.findall(log_text)))


def build_pdf(dest, reader=None):
    """Build the PDF strictly into ``dest/_build/latex``; return a strict_build.BookBuild
    (its ``html`` field is the LaTeX folder). Its log goes to test-artifacts/pdf-build.log.

    Must follow the HTML build into the same ``dest``: the execution cache there is read. Should
    a notebook still need executing, it runs in ``reader``'s kernel (a strict_build.ReaderEnv)."""
    from strict_build import (
        ARTIFACTS,
        ROOT,
        BookBuild,
        _clean_env,
        jupyter_book_command,
        test_config,
    )

    dest = Path(dest)
    cmd = [jupyter_book_command(), "build", str(ROOT), "--path-output", str(dest),
           "--config", str(test_config(dest)), "-W", "--keep-going", "--builder", "pdflatex"]
    env = _clean_env()
    env["LATEXOPTS"] = LATEXOPTS  # read by Sphinx's latexmkrc
    if reader is not None:
        env["JUPYTER_PATH"] = str(reader.jupyter_path)
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - start
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "pdf-build.log").write_text(proc.stdout, encoding="utf-8")
    return BookBuild(dest / "_build" / "latex", proc.returncode, proc.stdout, seconds)


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} path/to/book.log", file=sys.stderr)
        return 2
    log = Path(argv[1])
    if not log.is_file():
        print(f"error: no LaTeX log at {log} (did the PDF build run?)", file=sys.stderr)
        return 1
    missing = missing_characters(log.read_text(encoding="utf-8", errors="replace"))
    for line in missing:
        print(f"{log}: {line}", file=sys.stderr)
    if missing:
        print(f"error: {len(missing)} character(s) missing from the PDF's fonts", file=sys.stderr)
        return 1
    print(f"{log}: no missing characters")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
