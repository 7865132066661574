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


def _sample_points(symbols, domain, points, seed=0):
    """Seeded rational sample points (3 decimals) in each symbol's interval of ``domain``."""
    rng = np.random.default_rng(seed)
    return [{s: sp.Rational(round(rng.uniform(*domain.get(s.name, (-2, 2))) * 1000), 1000)
             for s in symbols} for _ in range(points)]


def _value(expr, subs):
    """Return ``expr`` at ``subs`` as a complex number (30 digits), or None."""
    try:
        return complex(sp.N(expr.subs(subs), 30))
    except (TypeError, ValueError, ArithmeticError):
        return None


def _complex_where_real(va, vb):
    return abs(va.imag) > 1e-12 * max(1.0, abs(va)) and vb.imag == 0


def polynomial_verdict(a, b, symbols):
    """When ``a`` and ``b`` are both polynomials in ``symbols``, return whether their
    coefficients agree (relative 1e-8, no imaginary part where ``b`` has none), else None.
    Exact: a sampled check misses ``(x - 1)**1000/1000`` near x = 1."""
    try:
        if not (a.is_polynomial(*symbols) and b.is_polynomial(*symbols)):
            return None
        pa, pb = sp.Poly(a, *symbols), sp.Poly(b, *symbols)
        ref = [complex(c) for c in pb.coeffs()]
        scale = max([1.0] + [abs(c) for c in ref])
        if all(c.imag == 0 for c in ref) and any(complex(c).imag != 0 for c in pa.coeffs()):
            return False
        return all(abs(complex(c)) <= 1e-8 * scale for c in (pa - pb).coeffs())
    except (TypeError, ValueError, ArithmeticError, sp.PolynomialError):
        return None


def equivalent(a, b, symbols, domain, seconds=3.0, points=6, seed=0):
    """Return True when SymPy expressions ``a`` and ``b`` are equal on ``domain``.

    ``domain`` maps each symbol's name to an interval ``(lo, hi)`` used by the spot check.
    Polynomials are compared coefficient by coefficient; an imaginary part where the reference
    is real is never accepted.
    """
    verdict = polynomial_verdict(a, b, symbols)
    if verdict is not None:
        return verdict
    if a.has(sp.I) and not b.has(sp.I):
        return False
    try:
        if call_with_time_limit(lambda: sp.simplify(a - b) == 0, (), seconds):
            return True
    except TimeLimitExceeded:
        pass
    compared = 0
    for subs in _sample_points(symbols, domain, points, seed):
        va, vb = _value(a, subs), _value(b, subs)
        if va is None or vb is None or not (np.isfinite(va) and np.isfinite(vb)):
            continue
        compared += 1
        if abs(va - vb) > 1e-8 * max(1.0, abs(vb)) or _complex_where_real(va, vb):
            return False
    return compared >= 3


def _show_pair(mine, ref):
    """Return the two numbers as text with enough figures to tell them apart."""
    def text(z, d):
        out = f"{z.real:.{d}g}"
        return out + (f" {'+' if z.imag > 0 else '-'} {abs(z.imag):.{d}g}i" if z.imag else "")

    for d in (6, 9, 12, 15, 17):
        a, b = text(mine, d), text(ref, d)
        if a != b:
            break
    return a, b


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
            shown = ", ".join(n if len(n) <= 20 else n[:17] + "..." for n in unknown[:5])
            return None, (f"Your expression uses {shown}, but the answer is "
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
        """Name the sample point (of ``points`` spread over the domain, then the spot check's
        points) where the answer and the reference differ most."""
        candidates = [{s: sp.Rational(round(_spread(self.domain.get(s.name, (-2, 2)), k, i,
                                                    points) * 100), 100)
                       for i, s in enumerate(self.symbols)} for k in range(points)]
        worst = None
        for subs in candidates + _sample_points(self.symbols, self.domain, 6):
            mine, ref = _value(expr, subs), _value(expected, subs)
            if mine is None or ref is None:
                continue
            gap = abs(mine - ref) / max(1.0, abs(ref))
            if np.isfinite(gap) and gap > 0 and (worst is None or gap > worst[0]):
                worst = (gap, subs, mine, ref)
        if worst is None:
            note = _term_note(expr, expected, self.symbols)
            return f"Not equivalent to the reference expression.{note} Try {self.label}.hint()."
        _, subs, mine, ref = worst
        where = ", ".join(f"{s.name} = {v}" for s, v in subs.items())
        yours, theirs = _show_pair(mine, ref)
        imaginary = " Your expression has an imaginary part; the answer is real." \
            if mine.imag and not ref.imag else ""
        return (f"Not equivalent to the reference: at {where} yours gives {yours}, "
                f"the reference {theirs}.{imaginary} Try {self.label}.hint().")


def _term_note(expr, expected, symbols):
    """Name the highest term where two polynomials differ (invisible at sample points)."""
    try:
        monom, coeff = sp.Poly(expr - expected, *symbols).terms()[0]
    except (IndexError, TypeError, ValueError, ArithmeticError, sp.PolynomialError):
        return ""
    term = sp.Mul(*[s**k for s, k in zip(symbols, monom, strict=True)])
    return f" Your polynomial differs in the coefficient of {term} (by {sp.N(coeff, 3)})."


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
