"""Graded exercises: self-checks with targeted feedback, one module per chapter.

``dlcalc.exercises.ch01`` ... ``ch06`` each define ``QUESTIONS`` (also bound as ``q1``,
``q2``, ...). A question has

* ``.check(answer, sheet=None)``: shows the feedback in the notebook and returns a
  :class:`Feedback` (``.passed``, ``.status``, ``.message``); never raises, whatever
  ``answer`` is. Status ``"not attempted"`` when the answer is still the placeholder ``...``
  (the exercise notebooks' answer cells start as ``qN_answer = ...``), ``None``, or missing;
* ``.hint()``: the next of its tiered hints; ``.solution()``: the worked explanation and the
  reference answer; ``.expected()``: the reference answer, computed by dlcalc;
* ``.misconceptions``: the mistakes it recognises, each with its own message.

Kinds: numbers/arrays (a precision stated in the question, by default 3 significant figures
entry by entry, exact for integer counts, see ``_precision`` and ``_numeric``), SymPy
expressions (symbolic equivalence with a numeric spot check; Poly, series and 1×1 Matrix forms;
strings are read by a safe parser, see ``_symbolic``), labels (one normaliser plus per-label
synonyms, see ``_labels`` and ``_vocabulary``) and "implement this function" (run on seeded
inputs against dlcalc, each in a forked child process killed at the question's time limit, see
``_function`` and ``_child``). ``.precision_statement()`` is the sentence the notebook shows.

A notebook keeps score explicitly: ``sheet = ScoreSheet(ch01)``, then
``ch01.q1.check(q1_answer, sheet=sheet)`` per question and ``sheet.summary()`` at the end.
Batch grading: ``python -m dlcalc.grade SUBMISSIONS_DIR --out grades.csv`` (see
:mod:`dlcalc.grade`).
"""

import importlib

from dlcalc.exercises._core import Feedback, Misconception, Question
from dlcalc.exercises._sheet import ScoreSheet, Summary

CHAPTERS = ("ch01", "ch02", "ch03", "ch04", "ch05", "ch06")
NOTEBOOKS = {
    "ch01": "01_taylor", "ch02": "02_jacobians_backprop", "ch03": "03_hessian_curvature",
    "ch04": "04_learning_rate", "ch05": "05_critical_points",
    "ch06": "06_neural_network_curvature",
}


def load(chapter):
    """Return the exercises module for ``chapter`` (``"ch01"`` ... ``"ch06"``)."""
    if chapter not in CHAPTERS:
        raise ValueError(f"chapter must be one of {', '.join(CHAPTERS)}, got {chapter!r}")
    return importlib.import_module(f"{__name__}.{chapter}")


__all__ = ["CHAPTERS", "NOTEBOOKS", "Feedback", "Misconception", "Question", "ScoreSheet",
           "Summary", "load"]
