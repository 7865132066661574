"""Scoring in the grader's process: which answers to collect, and how to score what came back.

``build_spec`` lists, per question, the answer variable and (for "implement" questions) the
inputs chosen by the grader's seed plus any hidden extra inputs; ``score`` turns the encoded
answers a kernel reported into Feedback with the same question objects a notebook uses, then
applies the instructor's hidden checks (see :mod:`dlcalc.grade`). An answer that is missing because
its answer cell raised or hung is reported as such ("Your answer cell, cell 16 (`...`), raised
NameError: ..."), not as "not attempted".
"""

import importlib.util
import re
from pathlib import Path

from dlcalc.exercises import CHAPTERS, NOTEBOOKS
from dlcalc.exercises._answers import decode
from dlcalc.exercises._core import INCORRECT, NOT_ATTEMPTED, Feedback
from dlcalc.exercises._harvest import encode
from dlcalc.exercises._runner import cell_label

DEFAULT_SEED = 20_250_101


def detect_chapter(nb, path):
    """Return ``"chNN"`` from the notebook's metadata, its setup code, or its file name."""
    chapter = nb.get("metadata", {}).get("dlcalc", {}).get("chapter")
    if chapter in CHAPTERS:
        return chapter
    for cell in nb.cells:
        match = re.search(r"ScoreSheet\(\s*(ch0[1-6])\s*\)|dlcalc\.exercises[\w .,]*\b(ch0[1-6])\b",
                          cell.get("source", ""))
        if match:
            return match.group(1) or match.group(2)
    for chapter, stem in NOTEBOOKS.items():
        if stem in Path(path).stem:
            return chapter
    return None


def load_hidden(path):
    """Return the ``HIDDEN`` dict of the instructor's hidden-checks file (empty without one)."""
    if path is None:
        return {}
    spec = importlib.util.spec_from_file_location("dlcalc_hidden_checks", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    hidden = getattr(module, "HIDDEN", None)
    if not isinstance(hidden, dict):
        raise ValueError(f"{path} must define a dict HIDDEN = {{chapter: {{question: ...}}}}")
    return hidden


def build_spec(module, seed, hidden):
    """Return qid -> {var, cases, public, seconds}: what the kernel must report per question."""
    spec = {}
    for q in module.QUESTIONS:
        item = {"var": q.variable, "cases": None, "seconds": getattr(q, "time_limit", 1.0)}
        if q.kind == "function":
            extra = [[encode(a) for a in case] for case in hidden.get(q.name, {}).get("cases", [])]
            item["public"] = q.make_cases(seed)
            item["cases"] = item["public"] + extra
        spec[q.name] = item
    return spec


def _hidden_feedback(q, value, item, rules):
    """Return a failing Feedback from the hidden rules for ``q``, or ``None`` if all pass."""
    if "cases" in rules and q.kind == "function":
        n = len(item["public"])
        outputs = (value.get("outputs") or [])[n:] if isinstance(value, dict) else []
        fb = q.grade_encoded(dict(value, cases=item["cases"][n:], outputs=outputs))
        if not fb.passed:
            return Feedback(INCORRECT, "Hidden test: " + fb.message, q.label, q.points)
    if "check" in rules:
        try:
            verdict = rules["check"](decode(value))
        except Exception as exc:  # the instructor's check failed on this answer
            verdict = (False, f"the check could not run ({type(exc).__name__})")
        passed, message = verdict if isinstance(verdict, tuple) else (verdict, "")
        if not passed:
            return Feedback(INCORRECT, f"Hidden check failed. {message}".strip(), q.label,
                            q.points)
    return None


def _answer_cell_failure(q, execution):
    """Return a Feedback when an answer cell of ``q`` raised or hung, else ``None``."""
    assigns = re.compile(rf"\b{q.variable}\s*=(?!=)|def\s+{q.variable}\b")
    for number, source in sorted(execution.sources.items(), reverse=True):
        if number in execution.failures and assigns.search(source):
            return Feedback(INCORRECT, f"Your answer cell, {cell_label(number, source)}, "
                            f"{execution.failures[number]}, so {q.variable} was not set: fix "
                            "the cell and re-run it.", q.label, q.points)
    return None


def score(module, execution, spec, hidden):
    """Return the list of Feedback for every question of ``module`` from an Execution."""
    results = []
    for q in module.QUESTIONS:
        item = spec[q.name]
        value = dict((execution.answers or {}).get(q.name) or {"kind": "missing"})
        if q.kind == "function" and value.get("kind") == "function":
            if "outputs" not in value:  # from a snapshot: the function never ran
                value["outputs"] = None
            public = value if value["outputs"] is None else dict(
                value, outputs=value["outputs"][:len(item["public"])])
            fb = q.grade_encoded(dict(public, cases=item["public"]))
        else:
            fb = q.grade_encoded(value)
        if fb.status == NOT_ATTEMPTED:
            fb = _answer_cell_failure(q, execution) or fb
        if fb.passed and hidden.get(q.name):
            fb = _hidden_feedback(q, value, item, hidden[q.name]) or fb
        results.append(fb)
    return results
