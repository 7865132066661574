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
from dlcalc.exercises._sympy_safe import read_expression

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

    def _as_expression(self, value):
        """Return ``(expression, None)`` or ``(None, message)``."""
        example = f"e.g. {self.symbols[0].name}**2 + 1 with {self.symbols[0].name} = " \
                  f"sympy.Symbol({self.symbols[0].name!r})"
        if isinstance(value, str):
            try:
                value = read_expression(value)
            except ValueError as exc:
                return None, (f"Could not read the string {value.strip()[:60]!r} as an "
                              f"expression: {exc}. Give a SymPy expression ({example}); "
                              "write products with * (2*x, not 2x).")
        elif isinstance(value, float):
            value = sp.Float(value)
        elif isinstance(value, FunctionAnswer):
            return None, (f"Expected a SymPy expression, got {describe(value)}: build the "
                          f"expression from symbols ({example}) instead of a Python function.")
        if getattr(value, "is_Relational", False) or (
                isinstance(value, Opaque) and value.type_name in _RELATIONS):
            return None, "You gave an equation; give only the expression (its right-hand side)."
        if not isinstance(value, sp.Expr):
            return None, f"Expected a SymPy expression ({example}); got {describe(value)}."
        unknown = sorted(s.name for s in value.free_symbols if s.name not in self._by_name)
        if unknown:
            return None, (f"Your expression uses {', '.join(unknown)}, but the answer is "
                          f"written in {self._names()} only.")
        return value.subs({s: self._by_name[s.name] for s in value.free_symbols}), None

    def _judge(self, value):
        expr, problem = self._as_expression(value)
        if problem:
            return INCORRECT, problem
        expected = self.expected()
        if self._same(expr, expected):
            return CORRECT, self.correct_note or "Equivalent to the reference expression."
        message = self._match_misconception(expr, self._same)
        if message:
            return INCORRECT, message
        return INCORRECT, self._miss_message(expr, expected)

    def _miss_message(self, expr, expected):
        rng = np.random.default_rng(1)
        subs = {s: sp.Rational(round(rng.uniform(*self.domain.get(s.name, (-2, 2))) * 100), 100)
                for s in self.symbols}
        try:
            mine, ref = complex(sp.N(expr.subs(subs))), complex(sp.N(expected.subs(subs)))
            where = ", ".join(f"{s.name} = {v}" for s, v in subs.items())
            return (f"Not equivalent to the reference: at {where} yours gives "
                    f"{mine.real:.6g}, the reference {ref.real:.6g}. Try .hint().")
        except (TypeError, ValueError, ArithmeticError):
            return "Not equivalent to the reference expression. Try .hint()."
