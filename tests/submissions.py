"""Crafted submissions of the chapter-4 exercises, shared by the grading tests.

``FULL`` maps each question to source code giving its reference answer as a literal (or the
solution's function); ``with_answers`` puts answers into the exercise notebook's answer cells;
``insert_after`` adds a cell after a question's check cell; ``scored`` lists the questions a
submission can score at all (those whose answer cell the notebook has).
"""

import copy
import csv
import re
from pathlib import Path

import nbformat
import numpy as np

from dlcalc.exercises import load

ROOT = Path(__file__).resolve().parents[1]
CH = load("ch04")
N = len(CH.QUESTIONS)
BASE = nbformat.read(ROOT / "exercises" / "04_learning_rate.ipynb", as_version=4)


def literal(q):
    """Source code giving q's reference answer as a literal (or the solution's function)."""
    if q.kind == "function":
        return q.solution_code
    e = q.expected()
    if isinstance(e, str):
        return f"{q.variable} = {e!r}"
    a = np.asarray(e, dtype=float)
    if a.ndim == 0:
        return f"{q.variable} = float({repr(float(a))!r})"
    return f"{q.variable} = np.array({a.tolist()!r})"


FULL = {q.name: literal(q) for q in CH.QUESTIONS}


def cell_index(nb, pattern):
    """Index of the first cell whose source matches ``pattern`` (a regex)."""
    return next(i for i, c in enumerate(nb.cells) if re.search(pattern, c.source, re.M))


def answer_cell(qname, nb=BASE):
    return cell_index(nb, rf"^{qname}_answer = \.\.\.")


def check_cell(qname, nb=BASE):
    return cell_index(nb, rf"{qname}\.check\(")


def scored(numbers, nb=BASE):
    """The question numbers among ``numbers`` whose answer cell the notebook has."""
    return {n for n in numbers if re.search(rf"^q{n}_answer = \.\.\.", "\n".join(
        c.source for c in nb.cells), re.M)}


ALL = scored(range(1, N + 1))


def with_answers(answers, nb=BASE):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        match = re.search(r"^(q\d+)_answer = \.\.\..*$", cell.source, re.M)
        if cell.cell_type == "code" and match and match.group(1) in answers:
            cell.source = (cell.source[:match.start()] + answers[match.group(1)]
                           + cell.source[match.end():])
    return nb


def insert_after(nb, qname, code):
    nb = copy.deepcopy(nb)
    nb.cells.insert(check_cell(qname, nb) + 1, nbformat.v4.new_code_cell(code))
    return nb


def write_all(folder, notebooks):
    """Write ``name -> notebook or raw text`` into ``folder``; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, nb in notebooks.items():
        if isinstance(nb, str):
            (folder / f"{name}.ipynb").write_text(nb)
        else:
            nbformat.write(nb, str(folder / f"{name}.ipynb"))
    return folder


def read_rows(path):
    with Path(path).open(newline="", encoding="utf-8") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}
