"""Numeric answers (a number or an array), compared with a tolerance scaled by the answer.

``close(a, e)`` accepts ``a`` when ``max|a - e| <= atol + rtol * max|e|`` over the finite
entries (the scale is the whole reference's largest entry, so small entries of a large answer
are not held to a tighter standard), and infinite entries (``math.inf`` from
``dlcalc.optimal_step``, for instance) must match exactly.
"""

import numpy as np

from dlcalc.exercises._answers import FunctionAnswer, Opaque, describe, format_value
from dlcalc.exercises._core import CORRECT, INCORRECT, Question

RTOL, ATOL = 1e-6, 1e-9


def as_number_array(value):
    """Return ``value`` as a float64 array, or ``None`` when it is not numeric."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, np.ndarray)):
        return np.asarray(value, dtype=np.float64)
    if getattr(value, "is_number", False):  # a SymPy number such as Rational(1, 2)
        try:
            return np.asarray(complex(value).real if complex(value).imag == 0 else np.nan)
        except (TypeError, ValueError):
            return None
    return None


def close(a, e, rtol=RTOL, atol=ATOL):
    """Return True when arrays ``a`` and ``e`` (same shape) agree within the tolerance."""
    a, e = np.asarray(a, dtype=np.float64), np.asarray(e, dtype=np.float64)
    if a.shape != e.shape:
        return False
    inf = ~np.isfinite(e)
    if np.any(inf) and not np.array_equal(a[inf], e[inf], equal_nan=True):
        return False
    a, e = a[~inf], e[~inf]
    if e.size == 0:
        return True
    if not np.all(np.isfinite(a)):
        return False
    scale = float(np.max(np.abs(e)))
    return bool(np.max(np.abs(a - e)) <= atol + rtol * scale)


def same_shape_view(a, e):
    """Return ``a`` reshaped like ``e`` when only a size-1 difference in shape separates them
    (a 1-element array for a scalar answer), else ``a`` unchanged."""
    if a.shape != e.shape and a.size == e.size == 1:
        return a.reshape(e.shape)
    return a


def numeric_problem(value, expected_shape):
    """Return a message when ``value`` is not a usable number/array, else ``None``."""
    what = "a number" if expected_shape == () else f"an array of shape {expected_shape}"
    if isinstance(value, FunctionAnswer):
        return f"Expected {what}, got {describe(value)}: call your function to get the value."
    if isinstance(value, str):
        try:
            float(value)
            return f"Expected {what}, got {describe(value)}: write the number without quotes."
        except ValueError:
            return f"Expected {what}, got {describe(value)}."
    if isinstance(value, Opaque) and value.type_name == "list":
        return (f"Expected {what}, got a list that is not a rectangular array of numbers "
                "(rows of different lengths, or entries that are not numbers).")
    if getattr(value, "free_symbols", None):
        names = ", ".join(sorted(str(s) for s in value.free_symbols))
        return f"Expected {what}, got an expression that still contains {names}."
    if as_number_array(value) is None:
        return f"Expected {what}, got {describe(value)}."
    return None


class NumericQuestion(Question):
    """Answer: a number or an array equal to ``expected()`` within the tolerance.

    ``correct_note`` is added to the feedback of a correct answer (one sentence of "why").
    """

    def __init__(self, *args, rtol=RTOL, atol=ATOL, correct_note="", **kwargs):
        super().__init__(*args, **kwargs)
        self.rtol, self.atol, self.correct_note = rtol, atol, correct_note

    def _reference(self):
        return np.asarray(self.expected(), dtype=np.float64)

    def _same(self, a, b):
        b = np.asarray(b, dtype=np.float64)
        return close(same_shape_view(a, b), b, self.rtol, self.atol)

    def _judge(self, value):
        e = self._reference()
        problem = numeric_problem(value, e.shape)
        if problem:
            return INCORRECT, problem
        a = same_shape_view(as_number_array(value), e)
        if a.shape == e.shape and close(a, e, self.rtol, self.atol):
            return CORRECT, self.correct_note or "Matches the reference (computed by dlcalc)."
        if np.any(np.isnan(a)):
            return INCORRECT, "Your answer contains NaN: a computation failed along the way."
        message = self._match_misconception(a, self._same)
        if message:
            return INCORRECT, message
        if a.shape != e.shape:
            note = ""
            if a.size == e.size and close(a.reshape(e.shape), e, self.rtol, self.atol):
                note = " The numbers are right; only the shape is wrong (see np.reshape/ravel)."
            want = "a single number" if e.shape == () else f"shape {e.shape}"
            return INCORRECT, f"Expected {want}, got {describe(a)}.{note}"
        if e.size > 1 and close(-a, e, self.rtol, self.atol):
            return INCORRECT, "Every entry has the wrong sign: check the sign convention."
        return INCORRECT, self._miss_message(a, e)

    def _miss_message(self, a, e):
        finite = np.isfinite(e)
        if not np.all(finite == np.isfinite(a)):
            return ("Not the reference answer: it is infinite where it should be finite, "
                    "or finite where it should be infinite.")
        scale = float(np.max(np.abs(e[finite]))) if np.any(finite) else 0.0
        err = float(np.max(np.abs(a[finite] - e[finite]))) if np.any(finite) else 0.0
        rel = f" (about {err / scale:.2g} of the answer's size)" if scale > 0 else ""
        where = ""
        if e.size > 1:
            worst = np.unravel_index(int(np.argmax(np.abs(np.where(finite, a - e, 0)))), e.shape)
            where = f" The largest difference is at index {tuple(int(i) for i in worst)}."
        return (f"Not the reference answer: off by {format_value(np.array(err), 3)}{rel}."
                f"{where} Try .hint().")
