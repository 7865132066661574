""""Implement this function" questions: the student's function against dlcalc on seeded inputs.

The question draws its test inputs from ``cases(rng)`` with a fixed seed (the grader may use
another seed). Each input is encoded, decoded into fresh arrays (the student may modify them
in place without harm), and passed to the student's function under a time limit
(``_harvest.run_case``); only the outputs are compared, with the reference (a function built on
dlcalc) evaluated in the checker's own process. The feedback names the first input where the
two differ, or the misconception whose wrong implementation reproduces every output.
"""

import time

import numpy as np

from dlcalc.exercises._answers import FunctionAnswer, decode, describe, format_value
from dlcalc.exercises._child import run_case
from dlcalc.exercises._core import CORRECT, INCORRECT, Question
from dlcalc.exercises._harvest import decode_plain, encode
from dlcalc.exercises._labels import Vocabulary
from dlcalc.exercises._numeric import fit_shape, numeric_problem
from dlcalc.exercises._precision import Precision, close

TIME_LIMIT = 5.0  # seconds per test input: far above any correct function, even on slow Binder
TOTAL_LIMIT = 15.0  # seconds for all inputs together (a reference solution takes < 0.1 s)


class FunctionQuestion(Question):
    """Answer: a function with signature ``signature`` (e.g. ``"f(x, g, H)"``).

    ``reference(*args)`` gives the right output (arrays, or a label when ``output="label"``,
    read with ``labels``/``aliases`` like a label question); ``cases(rng)`` returns a list of
    argument tuples (arrays and floats only); each misconception's ``wrong()`` returns a wrong
    implementation. ``solution_code`` is shown by ``.solution()``. Each input runs in a child
    process stopped after ``time_limit`` seconds; outputs must agree to ``sig`` significant
    figures entry by entry.
    """

    kind = "function"

    def __init__(self, *args, reference, cases, arg_names, output="array", sig=5,
                 labels=(), aliases=None, time_limit=TIME_LIMIT, seed=0, solution_code="",
                 **kwargs):
        super().__init__(*args, expected=lambda: reference, **kwargs)
        self.reference, self._cases, self.arg_names = reference, cases, tuple(arg_names)
        self.output, self.precision = output, Precision(sig)
        self.vocabulary = Vocabulary(labels, aliases) if output == "label" else None
        self.time_limit, self.seed, self.solution_code = time_limit, seed, solution_code

    def precision_statement(self):
        what = ("return one of the labels as a string (case, spacing and small words do not "
                "matter)" if self.output == "label" else
                f"outputs must agree with the reference to {self.precision.sig} significant "
                "figures, entry by entry")
        return (f"Your function runs on a few fixed test inputs, each stopped after "
                f"{self.time_limit:g} s; {what}.")

    @property
    def signature(self):
        return f"{self.variable}({', '.join(self.arg_names)})"

    def answer_template(self):
        lines = [self.setup] if self.setup else []
        lines += ["# Replace ... by your function, for example:",
                  f"# def {self.signature}:", "#     return ...",
                  f"{self.variable} = ..."]
        return "\n".join(lines)

    def make_cases(self, seed=None):
        """Return the encoded input cases for ``seed`` (default: the question's own seed)."""
        rng = np.random.default_rng(self.seed if seed is None else seed)
        return [[encode(a) for a in case] for case in self._cases(rng)]

    def encode_answer(self, answer, time_limit=None, seed=None):
        item = encode(answer)
        if item["kind"] == "function":
            cases = self.make_cases(seed)
            limit = self.time_limit if time_limit is None else time_limit
            item["cases"], item["outputs"] = cases, []
            budget = max(TOTAL_LIMIT, limit)
            started = time.monotonic()
            for case in cases:
                left = budget - (time.monotonic() - started)
                if left <= 0.05:
                    item["outputs"].append({"status": "timeout", "seconds": budget,
                                            "total": True})
                    break
                out = run_case(answer, [decode_plain(a) for a in case], min(limit, left))
                if out["status"] == "timeout" and left < limit:
                    out = dict(out, seconds=budget, total=True)
                item["outputs"].append(out)
                if out["status"] == "timeout":
                    break
        return item

    def grade_encoded(self, item):
        if isinstance(item, dict) and item.get("kind") == "function" and "cases" not in item:
            item = dict(item, cases=self.make_cases())  # outputs for the default cases
        return super().grade_encoded(item)

    # -- judging -------------------------------------------------------------------------------
    def _show_args(self, args):
        return "; ".join(f"{n} = {format_value(a, 4)}" for n, a in zip(self.arg_names, args,
                                                                         strict=False))

    def _agree(self, got, ref):
        """Return ``(True, "")`` when one output matches the reference, else ``(False, why)``."""
        if self.output == "label":
            if not isinstance(got, str):
                return False, f"it returned {describe(got)}, not a label string"
            label = self.vocabulary.canonical(got)
            if label is None:
                return False, (f"it returned {got.strip()[:40]!r}, not one of the labels "
                               f"{self.vocabulary.choices()}")
            return label == self.vocabulary.canonical(ref), ""
        ref = np.asarray(ref, dtype=np.float64)
        if got is None:
            return False, "it returned None (did you forget `return`?)"
        problem = numeric_problem(got, ref.shape)
        if problem:
            return False, problem[0].lower() + problem[1:].rstrip(".")
        a = fit_shape(np.asarray(got, dtype=np.float64), ref)
        if a.shape != ref.shape:
            want = "a single number" if ref.shape == () else f"shape {ref.shape}"
            return False, f"it returned shape {a.shape}, expected {want}"
        return close(a, ref, self.precision), ""

    def _judge(self, value):
        if not isinstance(value, FunctionAnswer):
            return INCORRECT, (f"Expected a function: def {self.signature}: ... ; "
                               f"got {describe(value)}.")
        if value.outputs is None:
            return INCORRECT, "Your function could not be run (the kernel stopped before it)."
        cases = [[decode_plain(a) for a in case] for case in value.cases or []]
        outcomes = list(zip(cases, value.outputs, strict=False))
        got_values = []
        for args, out in outcomes:
            status = out.get("status") if isinstance(out, dict) else None
            if status == "timeout" and out.get("total"):
                return INCORRECT, (f"Your function was stopped after {out['seconds']:g} s in "
                                   f"total, at test input {len(got_values) + 1} of {len(cases)} "
                                   f"({self._show_args(args)}): all inputs "
                                   f"together may take {out['seconds']:g} s, and a direct "
                                   "solution takes well under a second. Is it very slow "
                                   "(loops over entries, repeated inverses)?")
            if status == "timeout":
                seconds = out.get("seconds", self.time_limit)
                return INCORRECT, (f"Your function was stopped after {seconds:g} s on "
                                   f"input {self._show_args(args)}: does it loop forever?")
            if status != "ok":
                return INCORRECT, (f"Your function raised {out.get('error', 'an error')} on "
                                   f"input {self._show_args(args)}.")
            got_values.append(decode(out["value"]))
        if got_values and all(v is None or v is Ellipsis for v in got_values):
            return INCORRECT, "Your function returns None: did you forget `return`?"
        refs = [self.reference(*args) for args in cases]
        for args, got, ref in zip(cases, got_values, refs, strict=True):
            ok, why = self._agree(got, ref)
            if ok:
                continue
            message = self._match_misconception(
                got_values, lambda g, wrong: self._all_agree(g, wrong, cases))
            where = f"input {self._show_args(args)}"
            if message:
                return INCORRECT, f"{message} (First differing {where}.)"
            if why:
                return INCORRECT, f"At {where}, {why}."
            return INCORRECT, (f"Your function differs from the reference at {where}: expected "
                               f"{format_value(ref)}, got {format_value(got)}.")
        return CORRECT, f"Correct on all {len(cases)} test inputs."

    def _all_agree(self, got_values, wrong, cases):
        """Return True when the wrong implementation reproduces every output."""
        try:
            return all(self._agree(g, wrong(*args))[0]
                       for g, args in zip(got_values, cases, strict=True))
        except Exception:  # the wrong implementation does not apply to these inputs
            return False

    def describe_expected(self):
        code = self.solution_code.strip() or "(see dlcalc)"
        return f"a function {self.signature}; one implementation:\n{code}"
