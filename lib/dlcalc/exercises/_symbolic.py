"""SymPy-expression answers, compared by symbolic equivalence, not by string.

An answer is accepted when ``simplify(answer - expected) == 0``; when ``simplify`` cannot prove
it (or runs past its time limit), a numeric spot check at seeded random points of the
question's domain decides (relative agreement 1e-8 at every point where both are finite).
Symbols match by *name*, so ``Symbol("x", real=True)`` counts as ``x``.

Strings are accepted too and read without ``eval`` by a whitelist parser
(:func:`dlcalc.exercises._sympy_safe.read_expression`): numbers, the question's symbols,
``+ - * / ** ^`` and the functions ``sin cos tan exp log sqrt tanh ...``; ``"2x"`` (implicit
multiplication) is rejected with a message.
"""

import numpy as np
import sympy as sp

from dlcalc.exercises._answers import FunctionAnswer, Opaque, describe
from dlcalc.exercises._core import CORRECT, INCORRECT, Question
from dlcalc.exercises._harvest import TimeLimitExceeded, call_with_time_limit
from dlcalc.exercises._sympy_safe import REMAINDER, read_expression

_RELATIONS = {"Equality", "Unequality", "StrictLessThan", "StrictGreaterThan", "LessThan",
              "GreaterThan"}


def equivalent(a, b, symbols, domain, seconds=3.0, points=6, seed=0):
    """Return True when SymPy expressions ``a`` and ``b`` are equal on ``domain``.

    ``domain`` maps each symbol's name to an interval ``(lo, hi)`` used by the spot check.
    """
    try:
        if call_with_time_limit(lambda: sp.simplify(a - b) == 0, (), seconds):
            return True
    except TimeLimitExceeded:
        pass
    rng = np.random.default_rng(seed)
    compared = 0
    for _ in range(points):
        subs = {s: sp.Rational(round(rng.uniform(*domain.get(s.name, (-2, 2))) * 1000), 1000)
                for s in symbols}
        try:
            va = complex(sp.N(a.subs(subs), 30))
            vb = complex(sp.N(b.subs(subs), 30))
        except (TypeError, ValueError, ArithmeticError):
            continue
        if not (np.isfinite(va) and np.isfinite(vb)):
            continue
        compared += 1
        if abs(va - vb) > 1e-8 * max(1.0, abs(vb)):
            return False
    return compared >= 3


class ExpressionQuestion(Question):
    """Answer: a SymPy expression in ``symbols`` equivalent to ``expected()``.

    ``domain`` (name -> (lo, hi)) is where the spot check samples (e.g. ``x > 0`` for log).
    """

    def __init__(self, *args, symbols, domain=None, correct_note="", **kwargs):
        super().__init__(*args, **kwargs)
        self.symbols = list(symbols)
        self.domain = dict(domain or {})
        self.correct_note = correct_note
        self._by_name = {s.name: s for s in self.symbols}

    def answer_template(self):
        names = " ".join(s.name for s in self.symbols)
        lhs = ", ".join(s.name for s in self.symbols)
        head = f'{lhs} = sympy.symbols("{names}")' if len(self.symbols) > 1 else \
            f'{lhs} = sympy.Symbol("{names}")'
        return "\n".join([self.setup, head] if self.setup else [head]) + \
            f"\n{self.variable} = ...  # a SymPy expression in {lhs}"

    def _names(self):
        return ", ".join(s.name for s in self.symbols)

    def _same(self, a, b):
        return equivalent(a, b, self.symbols, self.domain)

    def precision_statement(self):
        return ("Any equivalent SymPy expression is accepted (expanded or factored, exact or "
                "with decimals, a Poly, or a string such as \"x**2 - 1\").")

    def encode_answer(self, answer, time_limit=None):
        return super().encode_answer(_plain_expression(answer), time_limit)

    def _as_expression(self, value):
        """Return ``(expression, None)`` or ``(None, message)``."""
        example = f"e.g. {self.symbols[0].name}**2 + 1 with {self.symbols[0].name} = " \
                  f"sympy.Symbol({self.symbols[0].name!r})"
        if isinstance(value, Opaque) and value.type_name.endswith("Matrix"):
            value = _one_by_one(value.text)
            if value is None:
                return None, "Expected a single expression, got a matrix with several entries."
        if isinstance(value, str):
            try:
                value = read_expression(value)
            except ValueError as exc:
                return None, (f"Could not read the string {value.strip()[:60]!r} as an "
                              f"expression: {exc}. Give a SymPy expression ({example}); "
                              "write products with * (2*x, not 2x).")
        elif isinstance(value, float):
            value = sp.Float(value)
        elif isinstance(value, np.ndarray) and value.size == 1:
            value = sp.Float(float(value.ravel()[0]))
        elif isinstance(value, FunctionAnswer):
            return None, (f"Expected a SymPy expression, got {describe(value)}: build the "
                          f"expression from symbols ({example}) instead of a Python function.")
        if getattr(value, "is_Relational", False) or (
                isinstance(value, Opaque) and value.type_name in _RELATIONS):
            return None, "You gave an equation; give only the expression (its right-hand side)."
        if not isinstance(value, sp.Expr):
            return None, (f"Expected a single SymPy expression ({example}); got "
                          f"{describe(value)}.")
        unknown = sorted(s.name for s in value.free_symbols if s.name not in self._by_name)
        if unknown:
            return None, (f"Your expression uses {', '.join(unknown)}, but the answer is "
                          f"written in {self._names()} only.")
        return value.subs({s: self._by_name[s.name] for s in value.free_symbols}), None

    def _judge(self, value):
        expr, problem = self._as_expression(value)
        if problem:
            return INCORRECT, problem
        dropped = ""
        if expr.has(sp.Order) or expr.has(REMAINDER):
            expr = expr.removeO().replace(lambda e: e.func == REMAINDER, lambda e: 0)
            dropped = (" (The O(...) remainder term of your series was dropped before "
                       "comparing: the polynomial is what is asked for.)")
        expected = self.expected()
        if self._same(expr, expected):
            return CORRECT, (self.correct_note or "Equivalent to the reference expression.") \
                + dropped
        message = self._match_misconception(expr, self._same)
        if message:
            return INCORRECT, message + dropped
        return INCORRECT, self._miss_message(expr, expected) + dropped

    def _miss_message(self, expr, expected, points=3):
        """Name the sample point (of ``points`` spread over the domain) where the answer and
        the reference differ most."""
        worst = None
        for k in range(points):
            subs = {s: sp.Rational(round(_spread(self.domain.get(s.name, (-2, 2)), k, i,
                                                 points) * 100), 100)
                    for i, s in enumerate(self.symbols)}
            try:
                mine, ref = complex(sp.N(expr.subs(subs))), complex(sp.N(expected.subs(subs)))
            except (TypeError, ValueError, ArithmeticError):
                continue
            gap = abs(mine - ref) / max(1.0, abs(ref))
            if np.isfinite(gap) and (worst is None or gap > worst[0]):
                worst = (gap, subs, mine, ref)
        if worst is None:
            return f"Not equivalent to the reference expression. Try {self.label}.hint()."
        _, subs, mine, ref = worst
        where = ", ".join(f"{s.name} = {v}" for s, v in subs.items())
        return (f"Not equivalent to the reference: at {where} yours gives {mine.real:.6g}, "
                f"the reference {ref.real:.6g}. Try {self.label}.hint().")


def _spread(interval, k, i, points):
    """The k-th of ``points`` sample values in ``interval`` (shifted per symbol ``i``)."""
    lo, hi = interval
    return lo + (hi - lo) * ((k + 0.5 + 0.37 * i) % points) / points


def _one_by_one(text):
    """Return the entry of a 1×1 matrix from its repr ``Matrix([[...]])``, else ``None``."""
    if not (text.startswith("Matrix([[") and text.endswith("]])")):
        return None
    inner = text[len("Matrix([["):-3]
    if "]" in inner or "," in inner:
        return None
    return inner


def _plain_expression(answer):
    """Return ``answer`` with a Poly as its expression and a 1×1 matrix as its entry."""
    if isinstance(answer, sp.Poly):
        return answer.as_expr()
    if getattr(answer, "is_Matrix", False) and getattr(answer, "shape", None) == (1, 1):
        return answer[0, 0]
    return answer
