"""Numeric answers (a number or an array), judged under the precision policy of ``_precision``.

A correct answer hears why (``correct_note``); a wrong one the recognised misconception it
matches, else what is wrong in this order: too few figures, a count not exact, a permutation, a
sign, infinite entries, then the size and place of the largest difference (compact numbers).
Fractions, numeric strings (``"11/12"``), SymPy numbers and size-1 axes are read as numbers.
"""

import math

import numpy as np

from dlcalc.exercises._answers import FunctionAnswer, Opaque, describe
from dlcalc.exercises._core import CORRECT, INCORRECT, Question
from dlcalc.exercises._number_forms import REFUSED, _huge_text, _plain_number, sympy_number_problem
from dlcalc.exercises._precision import SIG, Precision, close, figures_right
from dlcalc.exercises._sympy_safe import read_expression


def as_number_array(value):
    """Return ``value`` as a float64 array, or ``None`` when it is not numeric."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, np.ndarray)):
        return np.asarray(value, dtype=np.float64)
    if getattr(value, "is_number", False):  # a SymPy number such as Rational(1, 2) or oo
        if getattr(value, "is_infinite", False) and value.is_extended_real:
            return np.asarray(math.inf if value.is_extended_positive else -math.inf)
        try:
            z = complex(value)
        except (TypeError, ValueError, OverflowError):
            return None
        return np.asarray(z.real if z.imag == 0 else np.nan)
    return None


def number_from_text(text):
    """Return the number a string such as ``"0.09"``, ``"11/12"`` or ``"inf"`` holds, or None."""
    t = text.strip().replace("\u2212", "-").replace("\u221e", "inf").replace("np.inf", "inf")
    try:
        return float(t)
    except ValueError:
        pass
    try:
        expr = read_expression(t)
    except ValueError:
        return None
    if expr.free_symbols or not expr.is_number:
        return None
    value = as_number_array(expr)
    return None if value is None or np.isnan(value) else float(value)


def fit_shape(a, e):
    """Return ``a`` reshaped like ``e`` when only size-1 axes separate them (a 1-element array
    for a scalar, a (1, n) row for an (n,) vector), else ``a`` unchanged."""
    if a.shape != e.shape and a.size == e.size and np.squeeze(a).shape == np.squeeze(e).shape:
        return a.reshape(e.shape)
    return a


same_shape_view = fit_shape


def numeric_problem(value, expected_shape):
    """Return a message when ``value`` is not a usable number/array, else ``None``."""
    what = "a number" if expected_shape == () else f"an array of shape {expected_shape}"
    if isinstance(value, FunctionAnswer):
        return f"Expected {what}, got {describe(value)}: call your function to get the value."
    if isinstance(value, str):
        if _huge_text(value):
            return (f"Expected {what}; your string holds a finite number too large for the "
                    "checker (beyond 1e308), not infinity.")
        try:
            read_expression(value)
        except ValueError as exc:
            if "too large" in str(exc):
                return f"Expected {what}; your string is not a number the checker can " \
                    f"evaluate: {exc}."
        return f"Expected {what}, got {describe(value)}."
    if isinstance(value, Opaque) and value.type_name == REFUSED:
        return value.text
    if problem := sympy_number_problem(value):
        return problem
    if isinstance(value, Opaque) and value.type_name == "list":
        return (f"Expected {what}, got a list that is not a rectangular array of numbers "
                "(rows of different lengths, or entries that are not numbers).")
    if getattr(value, "free_symbols", None):
        names = ", ".join(sorted(str(s) for s in value.free_symbols))
        return f"Expected {what}, got an expression that still contains {names}."
    if as_number_array(value) is None:
        return f"Expected {what}, got {describe(value)}."
    return None


def compact(x):
    """Return the number ``x`` in a short form (3 significant figures, exponent when large)."""
    x = float(x)
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    return f"{x:.3g}"


class NumericQuestion(Question):
    """Answer: a number or an array equal to ``expected()`` under ``precision`` (by default 3
    significant figures; ``exact=True`` for integer counts; ``rel=0.05`` for "within 5 %").

    ``correct_note`` is added to the feedback of a correct answer (one sentence of "why").
    """

    def __init__(self, *args, sig=SIG, exact=False, rel=None, correct_note="", **kwargs):
        super().__init__(*args, **kwargs)
        self.precision = Precision(sig, exact, rel)
        self.correct_note = correct_note

    def precision_statement(self):
        return self.precision.statement(np.ndim(self._reference()) > 0)

    def encode_answer(self, answer, time_limit=None):
        plain = _plain_number(answer)
        if isinstance(plain, dict) and plain is not answer:  # already a message
            return plain
        return super().encode_answer(plain, time_limit)

    def _reference(self):
        return np.asarray(self.expected(), dtype=np.float64)

    def _same(self, a, b):
        b = np.asarray(b, dtype=np.float64)
        return close(fit_shape(a, b), b, self.precision)

    def _as_array(self, value, e):
        if isinstance(value, str) and not _huge_text(value):
            number = number_from_text(value)
            if number is not None:
                value = number
        problem = numeric_problem(value, e.shape)
        return (None, problem) if problem else (fit_shape(as_number_array(value), e), None)

    def _judge(self, value):
        e = self._reference()
        a, problem = self._as_array(value, e)
        if problem:
            return INCORRECT, problem
        if a.shape == e.shape and close(a, e, self.precision):
            return CORRECT, self.correct_note or "Matches the reference (computed by dlcalc)."
        if np.any(np.isnan(a)):
            return INCORRECT, "Your answer contains NaN: a computation failed along the way."
        message = self._match_misconception(a, self._same)
        if message:
            return INCORRECT, message
        if a.shape != e.shape:
            note = ""
            if a.size == e.size and close(a.reshape(e.shape), e, self.precision):
                note = " The numbers are right; only the shape is wrong (see np.reshape/ravel)."
            elif a.ndim == 2 and a.T.shape == e.shape and close(a.T, e, self.precision):
                note = " It is the transpose of the right answer: rows and columns are swapped."
            want = "a single number" if e.shape == () else f"shape {e.shape}"
            return INCORRECT, f"Expected {want}, got {describe(a)}.{note}"
        return INCORRECT, self._near_miss(a, e)

    def _near_miss(self, a, e):
        k = figures_right(a, e, self.precision)
        if k is not None:
            return (f"Right to {k} significant figures; give at least {self.precision.sig} "
                    "(keep more digits in your computation, or round later).")
        if self.precision.exact and np.all(np.isfinite(a)) and np.all(np.isfinite(e)) and \
                np.all(np.abs(a - e) <= 5e-3 * np.abs(e)):
            return ("Close, but this is a whole-number count and must be exact: count every "
                    "term (no rounding).")
        if e.size > 1 and np.all(np.isfinite(a)) and close(np.sort(a, axis=None),
                                                           np.sort(e, axis=None), self.precision):
            return "Right values, wrong order: check the order the question asks for."
        if e.size > 1 and close(-a, e, self.precision):
            return "Every entry has the wrong sign: check the sign convention."
        finite = np.isfinite(e)
        if e.size == 1 and not finite.all() and np.isfinite(a).all():
            return ("The answer is infinite (write np.inf or math.inf); yours is a finite "
                    f"number. Try {self.label}.hint().")
        if not np.array_equal(finite, np.isfinite(a)):
            return ("Not the reference answer: it is infinite where it should be finite, "
                    f"or finite where it should be infinite. Try {self.label}.hint().")
        if np.any(~finite) and not np.array_equal(a[~finite], e[~finite]):
            return (f"Not the reference answer: an infinite entry has the wrong sign. Try "
                    f"{self.label}.hint().")
        diff = np.where(finite, np.abs(a - e), 0.0)
        scale = float(np.max(np.abs(e[finite]))) if np.any(finite) else 0.0
        err = float(np.max(diff))
        rel = f" (about {err / scale:.2g} of the answer's size)" if 0 < scale and \
            err / scale < 1e3 else ""
        where = ""
        if e.size > 1:
            worst = np.unravel_index(int(np.argmax(diff)), e.shape)
            where = f" The largest difference is at index {tuple(int(i) for i in worst)}."
        return (f"Not the reference answer: off by {compact(err)}{rel}.{where} "
                f"Try {self.label}.hint().")
