"""Graded releases of the exercise notebooks: ``python -m dlcalc.release --graded OUTDIR``.

Each notebook of ``exercises/`` (or only ``--chapter chNN``; ``NN`` works too) is copied to
``OUTDIR`` with outputs cleared, notebook metadata ``dlcalc.graded = true``, and two lines at the
top of its setup cell that set ``DLCALC_GRADED=1`` in the kernel: there ``.solution()`` and
``.expected()`` say they are disabled (see :mod:`dlcalc.exercises._gate`), while ``.check()``
and ``.hint()`` work. The self-study notebooks in ``exercises/`` are not changed. The batch
grader still flags a submission that calls ``.solution()`` or ``.expected()``.
"""

import argparse
import sys
from pathlib import Path

import nbformat

from dlcalc.exercises import CHAPTERS, NOTEBOOKS
from dlcalc.exercises._gate import ENV

GRADED_LINES = (f'import os\nos.environ["{ENV}"] = "1"  # graded: solutions and reference '
                "answers are turned off\n")


def chapter_id(text):
    """Return ``"chNN"`` for ``"chNN"``, ``"NN"`` or ``"N"`` (1..6), or raise ValueError."""
    cleaned = str(text).strip().lower().removeprefix("ch")
    chapter = f"ch{int(cleaned):02d}" if cleaned.isdigit() else str(text)
    if chapter not in CHAPTERS:
        raise ValueError(f"chapter must be one of {', '.join(CHAPTERS)} (or 1..6), got {text!r}")
    return chapter


def graded_notebook(nb):
    """Return a graded copy of exercise notebook ``nb`` (the argument is not changed)."""
    nb = nbformat.from_dict(nb)
    nb = nbformat.reads(nbformat.writes(nb), as_version=4)  # a deep copy
    setup = next((c for c in nb.cells if c.cell_type == "code"), None)
    if setup is None or "ScoreSheet" not in "".join(c.source for c in nb.cells):
        raise ValueError("not an exercises notebook (no setup cell with a ScoreSheet)")
    setup.source = GRADED_LINES + setup.source
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata.setdefault("dlcalc", {})["graded"] = True
    return nb


def release_graded(outdir, chapters=None, source=None):
    """Write the graded copies into ``outdir``; return their paths."""
    source = Path(source) if source else Path(__file__).resolve().parents[2] / "exercises"
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for chapter in chapters or CHAPTERS:
        path = source / f"{NOTEBOOKS[chapter]}.ipynb"
        if not path.is_file():
            raise FileNotFoundError(f"{path} not found: release from a checkout of the book")
        nb = graded_notebook(nbformat.read(str(path), as_version=4))
        nbformat.write(nb, str(outdir / path.name))
        written.append(outdir / path.name)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m dlcalc.release",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--graded", metavar="OUTDIR", required=True,
                        help="write the graded-assignment notebooks into OUTDIR")
    parser.add_argument("--chapter", action="append", help="chNN or NN (repeat; default: all)")
    args = parser.parse_args(argv)
    try:
        chapters = [chapter_id(c) for c in args.chapter] if args.chapter else None
        paths = release_graded(args.graded, chapters)
    except (ValueError, FileNotFoundError) as exc:
        parser.error(str(exc))
    print(f"wrote {len(paths)} graded notebook(s) into {args.graded}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
