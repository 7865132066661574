"""Student-form battery for the exercise checkers (issue 14).

Every question of ``dlcalc.exercises.ch01`` … ``ch06`` is answered the ways students type
answers: correct values rounded to 3 significant figures (or the precision the question states),
with more figures, as lists, tuples, ints, NumPy scalars, fractions, other SymPy forms, labels in
plain words, and student functions written differently. Each correct form must be accepted
(``.passed is True``); each plausible wrong answer (a wrong point, a dropped factor, a transposed
layout, a wrong order, a sign, an integer count off by one term, too few figures where a
precision is stated) must be rejected (``.passed is False``). ``check()`` must never raise.

Written as an independent tester: the reference values below are derived from the question texts
in ``exercises/*.ipynb`` and the math (SymPy, hand-written NumPy, and the public ``dlcalc`` math
library as a second route), never from the checkers' ``expected()`` or ``solution()``.
``test_reference_routes_agree`` asserts that the two routes of each reference agree, and
``test_battery_margins`` that every numeric "correct" case is within half a unit of the stated
precision of the reference and every numeric "wrong" case is more than 1.5 units away, so that a
case cannot be on the fence.

Precision policy assumed (issue 14, being stated by the checkers): 3 significant figures by
default, entry by entry; exact for integer counts (FLOPs, parameters, steps); the question's own
precision where it states one (ch01.q4: within 5 %; ch01.q8: four significant figures).

``python tests/test_student_forms.py --summary`` prints the counts per question and kind.
"""

from __future__ import annotations

import importlib
import json
import math
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sympy as sp

import dlcalc
from dlcalc import eos, nets

# ------------------------------------------------------------------------------------ cases


@dataclass
class Case:
    qid: str  # "ch03-q1"
    kind: str
    answer: Any
    correct: bool
    id: str = ""


CASES: list[Case] = []
# qid -> (reference, precision): precision = number of significant figures, "exact", or
# ("rel", 0.05); used only by the battery's own margin test, never given to a checker.
REFERENCES: dict[str, tuple[Any, Any]] = {}
# qid -> (route_a, route_b): the same reference computed two independent ways.
ROUTES: dict[str, tuple[Any, Any]] = {}


def ok(qid: str, kind: str, answer: Any) -> None:
    CASES.append(Case(qid, kind, answer, True))


def bad(qid: str, kind: str, answer: Any) -> None:
    CASES.append(Case(qid, kind, answer, False))


def sig(value, n: int):
    """Round a number, or every entry of an array, to n significant figures (a student's
    rounding); returns a float or a nested list of floats."""
    arr = np.asarray(value, dtype=float)
    out = np.vectorize(lambda v: float(f"{v:.{n}g}"))(arr) if arr.size else arr
    return float(out) if arr.ndim == 0 else np.asarray(out).tolist()


_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _stated_figures() -> dict[str, int]:
    """The number of significant figures each question's text (exercises/*.ipynb) asks for,
    where it states one ("to at least four significant figures"); the others default to 3.
    Read from the students' notebooks so that the battery follows the stated policy."""
    out = {}
    for path in sorted((Path(__file__).resolve().parents[1] / "exercises").glob("0*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"])
            head = re.match(r"#+\s*Question\s+(\d+)", text)
            figures = re.search(r"\b(\w+)\s+significant\s+(?:figures?|digits?)", text)
            if cell["cell_type"] != "markdown" or not head or not figures:
                continue
            word = figures.group(1).lower()
            n = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
            if n:
                out[f"ch{path.name[:2]}-q{head.group(1)}"] = n
    return out


STATED = _stated_figures()


def fig(qid: str) -> int:
    """Significant figures asked by question qid (3 unless its text states another)."""
    return STATED.get(qid, 3)


def _units_of(ref, n):
    ref = np.abs(np.asarray(ref, dtype=float))
    mag = np.floor(np.log10(np.where(ref == 0, 1.0, ref)))
    return np.where(ref == 0, 1e-9, 10.0 ** (mag - (n - 1)))


def _too_few(qid: str, ref) -> None:
    """Where a question states more than 3 figures, the answer rounded to one figure fewer is
    wrong (if that rounding moves some entry by more than 1.5 units of the stated figure)."""
    n = fig(qid)
    if n > 3:
        short = np.asarray(sig(ref, n - 1), dtype=float)
        if np.any(np.abs(short - np.asarray(ref, dtype=float)) > 1.5 * _units_of(ref, n)):
            bad(qid, "too-few-figures", sig(ref, n - 1))


def numeric_forms(qid: str, ref: float, *, exact=None, more=(1, 3)) -> None:
    """The usual ways of typing a number: rounded to the stated figures (3 by default), more
    figures, NumPy scalars, a 0-d array, a SymPy Float, and (if given) an exact SymPy value."""
    n = fig(qid)
    ok(qid, f"rounded-{n}sf", sig(ref, n))
    for extra in more:
        ok(qid, f"rounded-{n + extra}sf", sig(ref, n + extra))
    ok(qid, "more-figures", float(ref))
    ok(qid, "numpy-scalar", np.float64(ref))
    ok(qid, "numpy-float32", np.float32(ref))
    ok(qid, "numpy-0d", np.array(ref))
    ok(qid, "sympy-float", sp.Float(sig(ref, n)))
    if exact is not None:
        ok(qid, "sympy-exact", exact)
    _too_few(qid, ref)


def array_forms(qid: str, ref, *, more=(1,)) -> None:
    """The usual ways of typing an array: an ndarray, a list, a tuple, rounded entries."""
    ref = np.asarray(ref, dtype=float)
    n = fig(qid)
    ok(qid, f"rounded-{n}sf", sig(ref, n))
    for extra in more:
        ok(qid, f"rounded-{n + extra}sf", sig(ref, n + extra))
    _too_few(qid, ref)
    ok(qid, "more-figures", ref.copy())
    ok(qid, "list", ref.tolist())
    ok(qid, "tuple", tuple(map(tuple, ref.tolist())) if ref.ndim == 2 else tuple(ref.tolist()))
    ok(qid, "numpy-float32", ref.astype(np.float32))


# ------------------------------------------------------------------------------------ ch01
X, Y = sp.symbols("x y")

# q1: x^2 + 2 x dx is a polynomial of degree 1 in dx: "linear" (question text).
for kind, a in [("exact", "linear"), ("label-case", "Linear"), ("label-case", "LINEAR"),
                ("label-space", "  linear "), ("label-punct", "linear."),
                ("label-quote", "'linear'"), ("label-quote", "\u201clinear\u201d"),
                ("label-punct", "Linear!"), ("label-space", "linear\n")]:
    ok("ch01-q1", kind, a)
for a in ["quadratic", "constant", "cubic"]:
    bad("ch01-q1", "wrong-label", a)
for a in ["nonlinear", "not linear"]:
    bad("ch01-q1", "negated-label", a)

# q2: f(3) + f'(3) 0.1 = 9 + 6 * 0.1 = 48/5 (hand); route B: dlcalc.grad.
Q2 = 9 + float(dlcalc.grad(lambda z: z[0] ** 2)(3.0)[0]) * 0.1
ROUTES["ch01-q2"] = (48 / 5, Q2)
REFERENCES["ch01-q2"] = (48 / 5, 3)
ok("ch01-q2", "exact", 9.6)
ok("ch01-q2", "more-figures", 9 + 6 * 0.1)  # 9.600000000000001
ok("ch01-q2", "fraction", Fraction(48, 5))
ok("ch01-q2", "sympy-rational", sp.Rational(48, 5))
ok("ch01-q2", "nsimplify", sp.nsimplify(9.6))
ok("ch01-q2", "numpy-scalar", np.float64(9.6))
ok("ch01-q2", "numpy-float32", np.float32(9.6))
ok("ch01-q2", "numpy-0d", np.array(9.6))
ok("ch01-q2", "sympy-float", sp.Float(9.6))
ok("ch01-q2", "library", Q2)
bad("ch01-q2", "dropped-factor", 9 + 3 * 0.1)  # f' = x instead of 2x
bad("ch01-q2", "sign", 9 - 0.6)
bad("ch01-q2", "wrong-quantity", 0.6)  # only the increment
bad("ch01-q2", "wrong-quantity", 9.0)  # zeroth order
bad("ch01-q2", "wrong-point", 9 + 6 * 0.2)  # dx = 0.2
bad("ch01-q2", "dropped-factor", 9 + 6 * 0.01)

# q4: the order-2 error is ~ f'''/6 dx^3, so the log-log slope is n + 1 = 3 (theory); route B:
# the least-squares slope of the actual errors on the stated range (2.998).
_h = np.logspace(-3, -1, 50)
_err = np.abs(np.sin(0.5 + _h) - (np.sin(0.5) + np.cos(0.5) * _h - 0.5 * np.sin(0.5) * _h**2))
SLOPE = float(np.polyfit(np.log(_h), np.log(_err), 1)[0])
ROUTES["ch01-q4"] = (3.0, round(SLOPE, 1))
REFERENCES["ch01-q4"] = (3.0, ("rel", 0.05))
ok("ch01-q4", "int", 3)
ok("ch01-q4", "float", 3.0)
ok("ch01-q4", "more-figures", SLOPE)
ok("ch01-q4", "rounded-3sf", sig(SLOPE, 3))
ok("ch01-q4", "within-tolerance", 2.9)
ok("ch01-q4", "within-tolerance", 3.1)
ok("ch01-q4", "within-tolerance", 2.95)
ok("ch01-q4", "numpy-scalar", np.float64(SLOPE))
ok("ch01-q4", "fraction", Fraction(3))
ok("ch01-q4", "sympy-rational", sp.Integer(3))
bad("ch01-q4", "off-by-one", 2)  # n instead of n + 1
bad("ch01-q4", "off-by-one", 4)
bad("ch01-q4", "sign", -3)
bad("ch01-q4", "outside-tolerance", 2.8)
bad("ch01-q4", "outside-tolerance", 3.2)
bad("ch01-q4", "wrong-quantity", 1 / 3)

# q5: f = x^4 - 3x, f'(1) = 1, f''(1) = 12, dx = -1/12, x_t = 11/12 (hand); route B: dlcalc.
_g5 = float(dlcalc.grad(lambda z: z[0] ** 4 - 3 * z[0])(1.0)[0])
_h5 = float(dlcalc.hessian(lambda z: z[0] ** 4 - 3 * z[0])(1.0)[0, 0])
ROUTES["ch01-q5"] = (11 / 12, 1 - _g5 / _h5)
REFERENCES["ch01-q5"] = (11 / 12, 3)
numeric_forms("ch01-q5", 11 / 12, exact=sp.Rational(11, 12))
ok("ch01-q5", "fraction", Fraction(11, 12))
ok("ch01-q5", "more-figures", 1 - 1 / 12)
bad("ch01-q5", "sign", 1 + 1 / 12)
bad("ch01-q5", "dropped-factor", 1 - 1 / 24)  # model without the 1/2
bad("ch01-q5", "dropped-factor", 1 - 2 / 12)
bad("ch01-q5", "wrong-quantity", -1 / 12)  # gave the step, not the new point
bad("ch01-q5", "too-few-figures", 0.92)
bad("ch01-q5", "wrong-derivative", 1 - 4 / 12)  # f' = 4x^3, the -3 dropped

# q3: log x about 1 to order 2: (x-1) - (x-1)^2/2 (hand: f(1)=0, f'=1, f''=-1); route B:
# dlcalc.taylor_polynomial.
P3 = X - 1 - (X - 1) ** 2 / 2
ROUTES["ch01-q3"] = (P3, dlcalc.taylor_polynomial(sp.log(X), X, 1, 2))
REFERENCES["ch01-q3"] = (P3, "sympy")
_xp = sp.Symbol("x", positive=True)
ok("ch01-q3", "exact", P3)
ok("ch01-q3", "expanded", sp.expand(P3))
ok("ch01-q3", "factored", sp.factor(P3))
ok("ch01-q3", "float-coefs", -0.5 * X**2 + 2.0 * X - 1.5)
ok("ch01-q3", "sympy-rational", (X - 1) - sp.Rational(1, 2) * (X - 1) ** 2)
ok("ch01-q3", "poly", sp.Poly(P3, X))
ok("ch01-q3", "series-O", sp.log(X).series(X, 1, 3))
ok("ch01-q3", "string", "x - 1 - (x - 1)**2/2")
ok("ch01-q3", "string", "-x**2/2 + 2*x - 3/2")
ok("ch01-q3", "string-caret", "x - 1 - (x - 1)^2/2")
ok("ch01-q3", "nsimplify", sp.nsimplify(-0.5 * X**2 + 2.0 * X - 1.5))
ok("ch01-q3", "library", dlcalc.taylor_polynomial(sp.log(X), X, 1, 2))
ok("ch01-q3", "assumptions", _xp - 1 - (_xp - 1) ** 2 / 2)
bad("ch01-q3", "dropped-factor", X - 1 - (X - 1) ** 2)
bad("ch01-q3", "sign", X - 1 + (X - 1) ** 2 / 2)
bad("ch01-q3", "wrong-point", X - X**2 / 2)  # powers of x instead of x - 1
bad("ch01-q3", "wrong-quantity", X - 1)  # first order only
bad("ch01-q3", "extra-term", X - 1 - (X - 1) ** 2 / 2 + (X - 1) ** 3 / 3)
bad("ch01-q3", "string", "x - 1 - (x - 1)**2")

# q6: e^x cos y + x y at 0: f = 1, g = (1, 0), H = [[1, 1], [1, -1]] (hand); route B:
# dlcalc.grad / dlcalc.hessian give the same coefficients.
P6 = 1 + X + X**2 / 2 + X * Y - Y**2 / 2


def _f6(z):
    return np.exp(z[0]) * np.cos(z[1]) + z[0] * z[1]


_g6 = dlcalc.grad(_f6)(np.zeros(2))
_H6 = dlcalc.hessian(_f6)(np.zeros(2))
_d = sp.Matrix([X, Y])
_P6_lib = sp.expand(1.0 + (sp.Matrix(_g6).T * _d)[0] + (_d.T * sp.Matrix(_H6) * _d)[0] / 2)
ROUTES["ch01-q6"] = (P6, sp.nsimplify(_P6_lib))
REFERENCES["ch01-q6"] = (P6, "sympy")
ok("ch01-q6", "exact", P6)
ok("ch01-q6", "factored", 1 + X + (X**2 + 2 * X * Y - Y**2) / 2)
ok("ch01-q6", "sympy-form", sp.Rational(1, 2) * (X + Y) ** 2 - Y**2 + 1 + X)
ok("ch01-q6", "float-coefs", 1.0 + X + 0.5 * X**2 + 1.0 * X * Y - 0.5 * Y**2)
ok("ch01-q6", "library", _P6_lib)
ok("ch01-q6", "poly", sp.Poly(P6, X, Y))
ok("ch01-q6", "sympy-matrix", sp.Matrix([1]) + sp.Matrix([[1, 0]]) * _d
   + _d.T * sp.Matrix([[1, 1], [1, -1]]) * _d / 2)
ok("ch01-q6", "string", "1 + x + x**2/2 + x*y - y**2/2")
ok("ch01-q6", "string-caret", "1 + x + x^2/2 + x*y - y^2/2")
ok("ch01-q6", "nsimplify", sp.nsimplify(_P6_lib))
bad("ch01-q6", "dropped-factor", 1 + X + X**2 + 2 * X * Y - Y**2)
bad("ch01-q6", "wrong-quantity", 1 + X + X**2 / 2 - Y**2 / 2)  # the cross term forgotten
bad("ch01-q6", "dropped-factor", 1 + X + X**2 / 2 + 2 * X * Y - Y**2 / 2)
bad("ch01-q6", "sign", 1 + X + X**2 / 2 + X * Y + Y**2 / 2)
bad("ch01-q6", "wrong-quantity", X + X**2 / 2 + X * Y - Y**2 / 2)  # f(0) dropped
bad("ch01-q6", "transposed", 1 + Y + Y**2 / 2 + X * Y - X**2 / 2)  # x and y swapped
bad("ch01-q6", "wrong-quantity", 1 + X)

# q7: f = log(1 + x1^2) + x1 x2^2 at (1, 2): f0 = log 2 + 4, g = (5, 4),
# H = [[0, 4], [4, 2]] (hand); route B: dlcalc.quadratic_model.
F7_0, G7, H7 = math.log(2) + 4, np.array([5.0, 4.0]), np.array([[0.0, 4.0], [4.0, 2.0]])
X7 = np.array([1.0, 2.0])


def f7(z):
    return np.log(1 + z[0] ** 2) + z[0] * z[1] ** 2


def ref7(delta):
    d = np.asarray(delta, dtype=float)
    return F7_0 + G7 @ d + 0.5 * d @ H7 @ d


_q7_lib = dlcalc.quadratic_model(f7, X7)
ROUTES["ch01-q7"] = (ref7, lambda d: float(_q7_lib(X7 + np.asarray(d, dtype=float))))
REFERENCES["ch01-q7"] = (ref7, "function")


def c01q7_library(delta):
    g = dlcalc.grad(f7)(X7)
    H = dlcalc.hessian(f7)(X7)
    return f7(X7) + g @ delta + 0.5 * delta @ H @ delta


def c01q7_hand(delta):
    d1, d2 = delta[0], delta[1]
    return math.log(2) + 4 + 5 * d1 + 4 * d2 + 4 * d1 * d2 + d2**2


def c01q7_loops(delta):
    total = F7_0
    for i in range(2):
        total += G7[i] * delta[i]
        for j in range(2):
            total += 0.5 * H7[i, j] * delta[i] * delta[j]
    return total


def c01q7_model(delta):
    return float(dlcalc.quadratic_model(f7, X7)(X7 + np.asarray(delta)))


def c01q7_hvp(delta):
    d = np.asarray(delta, dtype=float)
    return f7(X7) + dlcalc.grad(f7)(X7) @ d + 0.5 * d @ dlcalc.hvp(f7, X7, d)


def c01q7_0d(delta):
    return np.array(F7_0 + np.dot(G7, delta) + 0.5 * np.dot(delta, H7 @ delta))


_m7 = sp.log(2) + 4 + 5 * X + 4 * Y + 4 * X * Y + Y**2
_m7_num = sp.lambdify((X, Y), _m7, "math")


def c01q7_sympy(delta):
    return _m7_num(float(delta[0]), float(delta[1]))


def c01q7_python_floats(delta):
    d = [float(v) for v in delta]
    return F7_0 + sum(G7[i] * d[i] for i in range(2)) + 0.5 * (
        2 * H7[0, 1] * d[0] * d[1] + H7[1, 1] * d[1] ** 2)


for _kind, _fn in [("fn-library", c01q7_library), ("fn-hand", c01q7_hand),
                   ("fn-loop", c01q7_loops), ("fn-library", c01q7_model),
                   ("fn-library", c01q7_hvp), ("fn-0d", c01q7_0d), ("fn-sympy", c01q7_sympy),
                   ("fn-loop", c01q7_python_floats)]:
    ok("ch01-q7", _kind, _fn)


def w01q7_no_half(delta):
    return F7_0 + G7 @ delta + delta @ H7 @ delta


def w01q7_true_f(delta):
    return f7(X7 + np.asarray(delta))


def w01q7_wrong_point(delta):  # the model about (2, 1): coordinates swapped
    x0 = np.array([2.0, 1.0])
    return f7(x0) + dlcalc.grad(f7)(x0) @ delta + 0.5 * delta @ dlcalc.hessian(f7)(x0) @ delta


def w01q7_sign(delta):
    return F7_0 - G7 @ delta + 0.5 * delta @ H7 @ delta


def w01q7_no_constant(delta):
    return G7 @ delta + 0.5 * delta @ H7 @ delta


def w01q7_first_order(delta):
    return F7_0 + G7 @ delta


for _kind, _fn in [("dropped-factor", w01q7_no_half), ("wrong-quantity", w01q7_true_f),
                   ("wrong-point", w01q7_wrong_point), ("sign", w01q7_sign),
                   ("wrong-quantity", w01q7_no_constant), ("wrong-quantity", w01q7_first_order)]:
    bad("ch01-q7", _kind, _fn)

# q8: the poles of 1/(1+x^2) are +-i; their distance from 2 is sqrt(5) (hand); route B:
# the smallest |root| of 1 + (2 + t)^2 in t by numpy.roots. Four significant figures stated.
ROUTES["ch01-q8"] = (math.sqrt(5), float(np.min(np.abs(np.roots([1, 4, 5])))))
REFERENCES["ch01-q8"] = (math.sqrt(5), 4)
ok("ch01-q8", "rounded-4sf", 2.236)
ok("ch01-q8", "rounded-5sf", 2.2361)
ok("ch01-q8", "rounded-6sf", 2.23607)
ok("ch01-q8", "more-figures", math.sqrt(5))
ok("ch01-q8", "numpy-scalar", np.sqrt(5))
ok("ch01-q8", "float", 5**0.5)
ok("ch01-q8", "sympy-exact", sp.sqrt(5))
ok("ch01-q8", "sympy-exact", sp.Abs(2 - sp.I))
ok("ch01-q8", "sympy-float", sp.Float("2.236068"))
ok("ch01-q8", "numpy-float32", np.float32(math.sqrt(5)))
ok("ch01-q8", "more-figures", abs(complex(2, -1)))
bad("ch01-q8", "too-few-figures", 2.24)  # 3 figures where 4 are asked
bad("ch01-q8", "too-few-figures", 2.2)
bad("ch01-q8", "wrong-point", 1.0)  # the radius about 0
bad("ch01-q8", "dropped-factor", 5.0)  # the squared distance
bad("ch01-q8", "wrong-quantity", 2.0)  # distance from 2 to 0
bad("ch01-q8", "sign", -math.sqrt(5))
bad("ch01-q8", "sign", math.sqrt(3))  # 4 - 1 instead of 4 + 1

# ------------------------------------------------------------------------------------ ch02
# q1: J_ij = d f_i / d x_j: 3 rows (outputs), 5 columns (inputs).
REFERENCES["ch02-q1"] = (np.array([3.0, 5.0]), "exact")
ROUTES["ch02-q1"] = ((3, 5), dlcalc.jacobian(lambda z: z[:3] * z[3])(np.ones(5)).shape)
for kind, a in [("tuple", (3, 5)), ("list", [3, 5]), ("exact", np.array([3, 5])),
                ("float", np.array([3.0, 5.0])), ("float", (3.0, 5.0)),
                ("numpy-scalar", (np.int64(3), np.int64(5))), ("library", np.zeros((3, 5)).shape),
                ("sympy-rational", [sp.Integer(3), sp.Integer(5)]),
                ("sympy-matrix", sp.Matrix([3, 5]))]:
    ok("ch02-q1", kind, a)
bad("ch02-q1", "transposed", (5, 3))
bad("ch02-q1", "wrong-quantity", (3, 3))
bad("ch02-q1", "wrong-quantity", (5, 5))
bad("ch02-q1", "off-by-one", (3, 4))
bad("ch02-q1", "wrong-shape", (3, 5, 1))

# q2: f = (x1 x2 x3, sin x1 + x2^2) at (1, 2, 3): J = [[6, 3, 2], [cos 1, 4, 0]] (hand);
# route B: dlcalc.jacobian.


def f22(z):
    return np.stack([z[0] * z[1] * z[2], np.sin(z[0]) + z[1] ** 2])


J22 = np.array([[6.0, 3.0, 2.0], [math.cos(1.0), 4.0, 0.0]])
ROUTES["ch02-q2"] = (J22, dlcalc.jacobian(f22)(np.array([1.0, 2.0, 3.0])))
REFERENCES["ch02-q2"] = (J22, 3)
array_forms("ch02-q2", J22)
ok("ch02-q2", "int", [[6, 3, 2], [math.cos(1), 4, 0]])
ok("ch02-q2", "sympy-exact", sp.Matrix([[6, 3, 2], [sp.cos(1), 4, 0]]))
ok("ch02-q2", "sympy-matrix", sp.Matrix(sig(J22, fig("ch02-q2"))))
ok("ch02-q2", "library", dlcalc.jacobian(f22)(np.array([1.0, 2.0, 3.0])))
ok("ch02-q2", "list", [np.array([6.0, 3.0, 2.0]), np.array([math.cos(1), 4.0, 0.0])])
bad("ch02-q2", "transposed", J22.T)
bad("ch02-q2", "wrong-order", J22[::-1])
bad("ch02-q2", "wrong-derivative", [[6, 3, 2], [math.sin(1), 4, 0]])
bad("ch02-q2", "sign", [[6, 3, 2], [-math.cos(1), 4, 0]])
bad("ch02-q2", "dropped-factor", [[6, 3, 2], [math.cos(1), 2, 0]])  # d(x2^2) = x2
bad("ch02-q2", "wrong-point", dlcalc.jacobian(f22)(np.array([3.0, 2.0, 1.0])))
bad("ch02-q2", "too-few-figures", [[6, 3, 2], [0.5, 4, 0]])

# q3: 10 outputs < 1000 inputs, so reverse mode (one pass per output) needs fewer passes.
for kind, a in [("exact", "reverse"), ("label-case", "Reverse"), ("label-case", "REVERSE"),
                ("label-words", "reverse mode"), ("label-words", "Reverse mode."),
                ("label-punct", "reverse-mode"), ("label-space", " reverse "),
                ("label-quote", "\u201creverse\u201d"), ("label-article", "the reverse mode"),
                ("label-synonym", "backward mode")]:
    ok("ch02-q3", kind, a)
for a in ["forward", "Forward mode", "forward-mode", "either", "the same"]:
    bad("ch02-q3", "wrong-label", a)

# q4: J_F = J3(h2) J2(h1) J1(x), by hand with tanh' = 1 - tanh^2; route B: dlcalc.jacobian of F.
W1, b1 = np.array([[1.0, -1.0], [0.5, 2.0]]), np.array([0.0, 0.5])
W2, b2 = np.array([[2.0, 0.5], [-1.0, 1.0]]), np.array([0.1, 0.0])
W3, b3 = np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([0.0, 0.0])
X2 = np.array([0.5, -1.0])


def net2(z):
    return W3 @ np.tanh(W2 @ np.tanh(W1 @ z + b1) + b2) + b3


def chain2(z):
    h1 = np.tanh(W1 @ z + b1)
    h2 = np.tanh(W2 @ h1 + b2)
    J1, J2 = (1 - h1**2)[:, None] * W1, (1 - h2**2)[:, None] * W2
    return h1, h2, W3 @ h2 + b3, J1, J2, W3


_h1, _h2, _h3, _J1, _J2, _J3 = chain2(X2)
JF = _J3 @ _J2 @ _J1
ROUTES["ch02-q4"] = (JF, dlcalc.jacobian(net2)(X2))
REFERENCES["ch02-q4"] = (JF, 3)
array_forms("ch02-q4", JF, more=(1, 3))
ok("ch02-q4", "library", dlcalc.jacobian(net2)(X2))
ok("ch02-q4", "library", dlcalc.jacobian(net2, mode="forward")(X2))
ok("ch02-q4", "sympy-matrix", sp.Matrix(sig(JF, fig("ch02-q4"))))
bad("ch02-q4", "transposed", JF.T)
bad("ch02-q4", "wrong-order", _J1 @ _J2 @ _J3)
bad("ch02-q4", "dropped-factor", W3 @ W2 @ W1)  # the tanh' factors dropped
bad("ch02-q4", "wrong-point", dlcalc.jacobian(net2)(np.zeros(2)))
bad("ch02-q4", "sign", -JF)
bad("ch02-q4", "too-few-figures", sig(JF, fig("ch02-q4") - 1))

# q5: J = [[x2, x1, 0], [0, x3, x2], [cos x1, 0, 1]] at (1, 2, 3); u^T J = (2 + 2 cos 1, -2, 0)
# (hand); route B: dlcalc.vjp.


def f25(z):
    return np.stack([z[0] * z[1], z[1] * z[2], np.sin(z[0]) + z[2]])


U25, X25 = np.array([1.0, -1.0, 2.0]), np.array([1.0, 2.0, 3.0])
V25 = np.array([2 + 2 * math.cos(1), -2.0, 0.0])
_vjp = dlcalc.vjp(f25, X25)[1](U25)
ROUTES["ch02-q5"] = (V25, _vjp)
REFERENCES["ch02-q5"] = (V25, 3)
array_forms("ch02-q5", V25)
ok("ch02-q5", "int", [sig(V25[0], fig("ch02-q5")), -2, 0])
ok("ch02-q5", "float-noise", V25 + np.array([0.0, 0.0, 2.2e-16]))
ok("ch02-q5", "sympy-exact", sp.Matrix([[2 + 2 * sp.cos(1), -2, 0]]))
ok("ch02-q5", "sympy-matrix", sp.Matrix([2 + 2 * sp.cos(1), -2, 0]))
ok("ch02-q5", "library", _vjp)
ok("ch02-q5", "library", U25 @ dlcalc.jacobian(f25)(X25))
_J25 = dlcalc.jacobian(f25)(X25)
bad("ch02-q5", "transposed", _J25 @ U25)  # J u instead of u^T J
bad("ch02-q5", "wrong-order", V25[::-1])
bad("ch02-q5", "sign", -V25)
bad("ch02-q5", "wrong-derivative", [2 + 2 * math.sin(1), -2, 0])
bad("ch02-q5", "too-few-figures", [3.1, -2, 0])
bad("ch02-q5", "wrong-point", dlcalc.vjp(f25, X25[::-1])[1](U25))

# q6: dL/dh1 = J2^T J3^T h3 for L = |h3|^2 / 2 (hand backprop); route B: dlcalc.grad of L
# as a function of h1.
DH1 = _J2.T @ (_J3.T @ _h3)
_grad_h1 = dlcalc.grad(lambda h: 0.5 * np.sum((W3 @ np.tanh(W2 @ h + b2) + b3) ** 2))(_h1)
ROUTES["ch02-q6"] = (DH1, _grad_h1)
REFERENCES["ch02-q6"] = (DH1, 3)
array_forms("ch02-q6", DH1, more=(1, 3))
ok("ch02-q6", "library", _grad_h1)
ok("ch02-q6", "sympy-matrix", sp.Matrix(sig(DH1, fig("ch02-q6"))))
bad("ch02-q6", "wrong-quantity", _J1.T @ DH1)  # dL/dx, one step too far
bad("ch02-q6", "wrong-quantity", _J3.T @ _h3)  # dL/dh2
bad("ch02-q6", "transposed", _J2 @ (_J3 @ _h3))  # Jacobians not transposed
bad("ch02-q6", "dropped-factor", 2 * DH1)  # L = |h3|^2 without the 1/2
bad("ch02-q6", "wrong-order", DH1[::-1])
bad("ch02-q6", "sign", -DH1)
bad("ch02-q6", "too-few-figures", sig(DH1, fig("ch02-q6") - 1))

# q7: left to right three (1x1000)(1000x1000) products = 3 * 2e6 = 6e6; right to left two
# (1000^3) products 2 * 2e9 and one row product 2e6 = 4.002e9 (hand; exact integer counts).
# Route B: the 2mkn rule applied to the shapes in a loop.


def _flops(shapes):
    total, (m, k) = 0, shapes[0]
    for k2, n in shapes[1:]:
        assert k2 == k
        total, k = total + 2 * m * k * n, n
    return total


_sq = (1000, 1000)
ROUTES["ch02-q7"] = ((6_000_000, 4_002_000_000),
                     (_flops([(1, 1000), _sq, _sq, _sq]),
                      2 * 1000**3 + 2 * 1000**3 + _flops([(1, 1000), _sq])))
REFERENCES["ch02-q7"] = (np.array([6e6, 4.002e9]), "exact")
for kind, a in [("int", [6_000_000, 4_002_000_000]), ("tuple", (6_000_000, 4_002_000_000)),
                ("float", [6e6, 4.002e9]), ("exact", np.array([6_000_000, 4_002_000_000])),
                ("float", np.array([6e6, 4.002e9])),
                ("numpy-scalar", [np.int64(6_000_000), np.int64(4_002_000_000)]),
                ("sympy-rational", [sp.Integer(6_000_000), sp.Integer(4_002_000_000)]),
                ("more-figures", [3 * 2 * 1000**2, 2 * 2 * 1000**3 + 2 * 1000**2]),
                ("sympy-matrix", sp.Matrix([6_000_000, 4_002_000_000]))]:
    ok("ch02-q7", kind, a)
bad("ch02-q7", "wrong-order", [4_002_000_000, 6_000_000])
bad("ch02-q7", "off-by-one", [6_000_000, 4_000_000_000])  # the g^T product left out
bad("ch02-q7", "dropped-factor", [3_000_000, 2_001_000_000])  # mkn instead of 2mkn
bad("ch02-q7", "off-by-one", [6_004_000, 4_002_000_000])
bad("ch02-q7", "off-by-one", [8_000_000, 4_002_000_000])  # one product too many
bad("ch02-q7", "off-by-one", [6_000_000, 6_002_000_000])  # three 1000^3 products


# q8: J = diag(1 - tanh^2(Wx + b)) W (question text); route B for the margin test:
# dlcalc.jacobian of the layer.
def ref28(W, b, x):
    return (1 - np.tanh(W @ x + b) ** 2)[:, None] * W


ROUTES["ch02-q8"] = (ref28, lambda W, b, x: dlcalc.jacobian(lambda z: np.tanh(W @ z + b))(x))
REFERENCES["ch02-q8"] = (ref28, "function")


def c02q8_broadcast(W, b, x):
    s = 1 - np.tanh(W @ x + b) ** 2
    return s[:, None] * W


def c02q8_diag(W, b, x):
    return np.diag(1 - np.tanh(np.dot(W, x) + b) ** 2) @ W


def c02q8_loops(W, b, x):
    m, n = len(W), len(W[0])
    J = []
    for i in range(m):
        z = sum(W[i][j] * x[j] for j in range(n)) + b[i]
        J.append([(1 - math.tanh(z) ** 2) * W[i][j] for j in range(n)])
    return J


def c02q8_autodiff(W, b, x):
    return dlcalc.jacobian(lambda z: np.tanh(W @ z + b))(x)


def c02q8_forward(W, b, x):
    return dlcalc.jacobian(lambda z: np.tanh(W @ z + b), mode="forward")(x)


def c02q8_cosh(W, b, x):
    return W / np.cosh(W @ x + b)[:, None] ** 2


def c02q8_einsum(W, b, x):
    return np.einsum("i,ij->ij", 1 - np.tanh(W @ x + b) ** 2, W)


def c02q8_tolist(W, b, x):
    return (np.diag(1 - np.tanh(W @ x + b) ** 2) @ W).tolist()


def c02q8_outer(W, b, x):
    return np.outer(1 - np.tanh(W @ x + b) ** 2, np.ones(W.shape[1])) * W


for _kind, _fn in [("fn-vectorised", c02q8_broadcast), ("fn-vectorised", c02q8_diag),
                   ("fn-loop", c02q8_loops), ("fn-library", c02q8_autodiff),
                   ("fn-library", c02q8_forward), ("fn-alt", c02q8_cosh),
                   ("fn-alt", c02q8_einsum), ("fn-list", c02q8_tolist),
                   ("fn-alt", c02q8_outer)]:
    ok("ch02-q8", _kind, _fn)


def w02q8_transposed(W, b, x):
    return W.T @ np.diag(1 - np.tanh(W @ x + b) ** 2)


def w02q8_not_squared(W, b, x):
    return np.diag(1 - np.tanh(W @ x + b)) @ W


def w02q8_no_bias(W, b, x):
    return np.diag(1 - np.tanh(W @ x) ** 2) @ W


def w02q8_sign(W, b, x):
    return np.diag(np.tanh(W @ x + b) ** 2 - 1) @ W


def w02q8_no_W(W, b, x):
    return np.diag(1 - np.tanh(W @ x + b) ** 2)


def w02q8_wrong_point(W, b, x):  # tanh' evaluated at x instead of at Wx + b
    return np.diag(1 - np.tanh(W @ np.ones_like(x) + b) ** 2) @ W


for _kind, _fn in [("transposed", w02q8_transposed), ("dropped-factor", w02q8_not_squared),
                   ("wrong-point", w02q8_no_bias), ("sign", w02q8_sign),
                   ("dropped-factor", w02q8_no_W), ("wrong-point", w02q8_wrong_point)]:
    bad("ch02-q8", _kind, _fn)

# ------------------------------------------------------------------------------------ ch03
# q1: eps g - eps^2 f''/2 = 0.1 - 0.5 * 0.01 * 2 = 0.09 (hand); route B: dlcalc.taylor_step_terms
# (slope, curvature) = (-eps g^T g, eps^2 g^T H g / 2), so the decrease is -(slope + curvature).
_st = dlcalc.taylor_step_terms(np.array([1.0]), np.array([[2.0]]), 0.1)
ROUTES["ch03-q1"] = (0.09, -(_st[0] + _st[1]))
REFERENCES["ch03-q1"] = (0.09, 3)
ok("ch03-q1", "exact", 0.09)
ok("ch03-q1", "more-figures", 0.1 - 0.5 * 0.01 * 2)
ok("ch03-q1", "fraction", Fraction(9, 100))
ok("ch03-q1", "sympy-rational", sp.Rational(9, 100))
ok("ch03-q1", "nsimplify", sp.nsimplify("0.09"))
ok("ch03-q1", "numpy-scalar", np.float64(0.09))
ok("ch03-q1", "numpy-float32", np.float32(0.09))
ok("ch03-q1", "numpy-0d", np.array(0.09))
ok("ch03-q1", "sympy-float", sp.Float("0.090"))
ok("ch03-q1", "library", float(-(_st[0] + _st[1])))
bad("ch03-q1", "dropped-factor", 0.08)  # no 1/2
bad("ch03-q1", "sign", 0.11)
bad("ch03-q1", "sign", -0.09)
bad("ch03-q1", "wrong-quantity", 0.1)  # curvature ignored
bad("ch03-q1", "wrong-quantity", 0.01)  # curvature term only
bad("ch03-q1", "dropped-factor", 0.9)  # eps = 1

# q2: f'' = -2: decrease 0.1 + 0.01 = 0.11 > eps.
for kind, a in [("exact", "more than eps"), ("label-case", "More than eps"),
                ("label-symbol", "more than epsilon"), ("label-symbol", "more than \u03b5"),
                ("label-symbol", "More than \u03b5."), ("label-case", "MORE THAN EPS"),
                ("label-space", "more  than eps"), ("label-symbol", "more than Epsilon"),
                ("label-symbol", "more than \u03f5"), ("label-punct", "more-than-eps"),
                ("label-quote", "'more than eps'"), ("label-punct", "more than eps!")]:
    ok("ch03-q2", kind, a)
for a in ["less than eps", "exactly eps", "less than \u03b5", "Exactly epsilon"]:
    bad("ch03-q2", "wrong-label", a)
bad("ch03-q2", "negated-label", "not more than eps")

# q3: H of x1^2 x2 + 3 x1 x3 + sin x3 at (1, 2, 0.5): [[2 x2, 2 x1, 3], [2 x1, 0, 0],
# [3, 0, -sin x3]] (hand, SymPy); route B: dlcalc.hessian.
_x1, _x2, _x3 = sp.symbols("x1 x2 x3")
_f33 = _x1**2 * _x2 + 3 * _x1 * _x3 + sp.sin(_x3)
H33_exact = sp.hessian(_f33, (_x1, _x2, _x3)).subs({_x1: 1, _x2: 2, _x3: sp.Rational(1, 2)})
H33 = np.array(H33_exact.evalf(), dtype=float)


def f33(z):
    return z[0] ** 2 * z[1] + 3 * z[0] * z[2] + np.sin(z[2])


_H33_ad = dlcalc.hessian(f33)(np.array([1.0, 2.0, 0.5]))
ROUTES["ch03-q3"] = (H33, _H33_ad)
REFERENCES["ch03-q3"] = (H33, 3)
array_forms("ch03-q3", H33)
ok("ch03-q3", "sympy-exact", H33_exact)
ok("ch03-q3", "int", [[4, 2, 3], [2, 0, 0],
                            [3, 0, sig(-math.sin(0.5), fig("ch03-q3"))]])
ok("ch03-q3", "library", _H33_ad)
ok("ch03-q3", "float-noise", H33 + np.array([[0, 0, 0], [0, 1e-15, -3e-16], [0, -3e-16, 0]]))
ok("ch03-q3", "sympy-matrix", sp.Matrix(sig(H33, fig("ch03-q3"))))
bad("ch03-q3", "sign", [[4, 2, 3], [2, 0, 0], [3, 0, math.sin(0.5)]])
bad("ch03-q3", "wrong-derivative", [[4, 2, 3], [2, 0, 0], [3, 0, -math.cos(0.5)]])
bad("ch03-q3", "dropped-factor", [[2, 1, 3], [1, 0, 0], [3, 0, -math.sin(0.5)]])
bad("ch03-q3", "wrong-quantity", np.triu(H33))  # upper triangle only
bad("ch03-q3", "wrong-point", dlcalc.hessian(f33)(np.array([2.0, 1.0, 0.5])))
bad("ch03-q3", "too-few-figures", [[4, 2, 3], [2, 0, 0], [3, 0, -0.5]])

# q4: [[2, 1], [1, 2]] has eigenvalues 1 and 3 (hand: 2 -+ 1); route B: numpy.linalg.eigvalsh.
H34 = np.array([[2.0, 1.0], [1.0, 2.0]])
ROUTES["ch03-q4"] = (np.array([1.0, 3.0]), np.linalg.eigvalsh(H34))
REFERENCES["ch03-q4"] = (np.array([1.0, 3.0]), 3)
for kind, a in [("int", [1, 3]), ("tuple", (1, 3)), ("float", np.array([1.0, 3.0])),
                ("library", np.linalg.eigvalsh(H34)), ("float", [1.0, 3.0]),
                ("sympy-rational", [sp.Integer(1), sp.Integer(3)]),
                ("sympy-exact", sorted(sp.Matrix([[2, 1], [1, 2]]).eigenvals())),
                ("fraction", [Fraction(1), Fraction(3)]), ("sympy-matrix", sp.Matrix([1, 3])),
                ("numpy-scalar", np.array([1, 3], dtype=np.int64)),
                ("library", np.linalg.eigh(H34)[0].tolist())]:
    ok("ch03-q4", kind, a)
bad("ch03-q4", "wrong-order", [3, 1])
bad("ch03-q4", "dropped-factor", [0.5, 1.5])
bad("ch03-q4", "wrong-quantity", [2, 2])  # the diagonal
bad("ch03-q4", "sign", [-1, 3])
bad("ch03-q4", "dropped-factor", [2, 6])

# q5: d^T H d / d^T d with d = (1, 2): 14 / 5 (hand); route B: dlcalc.
D35 = np.array([1.0, 2.0])
ROUTES["ch03-q5"] = (2.8, dlcalc.directional_second_derivative(H34, D35))
REFERENCES["ch03-q5"] = (2.8, 3)
_d5 = sp.Matrix([1, 2])
ok("ch03-q5", "exact", 2.8)
ok("ch03-q5", "fraction", Fraction(14, 5))
ok("ch03-q5", "sympy-rational", sp.Rational(14, 5))
ok("ch03-q5", "numpy-scalar", np.float64(2.8))
ok("ch03-q5", "numpy-float32", np.float32(2.8))
ok("ch03-q5", "more-figures", (D35 @ H34 @ D35) / (D35 @ D35))
ok("ch03-q5", "sympy-matrix", (_d5.T * sp.Matrix([[2, 1], [1, 2]]) * _d5) / (_d5.T * _d5)[0])
ok("ch03-q5", "library", dlcalc.directional_second_derivative(H34, D35))
ok("ch03-q5", "numpy-0d", np.array(2.8))
ok("ch03-q5", "sympy-float", sp.Float("2.80"))
bad("ch03-q5", "dropped-factor", 14.0)  # not divided by d^T d
bad("ch03-q5", "dropped-factor", 14 / math.sqrt(5))
bad("ch03-q5", "wrong-quantity", 3.0)  # the largest eigenvalue
bad("ch03-q5", "wrong-quantity", 1.0)
bad("ch03-q5", "wrong-order", 5 / 14)
bad("ch03-q5", "sign", -2.8)

# q6: v1 = (1, -1)/sqrt2 (lambda 1), v2 = (1, 1)/sqrt2 (lambda 3), u = (1, 2)/sqrt5: weights
# (u.v1)^2 = 1/10, (u.v2)^2 = 9/10 (hand); route B: dlcalc.eigen_weights.
W36 = np.array([0.1, 0.9])
ROUTES["ch03-q6"] = (W36, dlcalc.eigen_weights(H34, D35)[1])
REFERENCES["ch03-q6"] = (W36, 3)
_vals, _vecs = np.linalg.eigh(H34)
_u = D35 / np.linalg.norm(D35)
for kind, a in [("exact", [0.1, 0.9]), ("tuple", (0.1, 0.9)), ("fraction", [Fraction(1, 10),
                Fraction(9, 10)]), ("sympy-rational", [sp.Rational(1, 10), sp.Rational(9, 10)]),
                ("float", np.array([0.1, 0.9])), ("more-figures", (_u @ _vecs) ** 2),
                ("library", dlcalc.eigen_weights(H34, D35)[1]),
                ("sympy-matrix", sp.Matrix([sp.Rational(1, 10), sp.Rational(9, 10)])),
                ("numpy-float32", np.array([0.1, 0.9], dtype=np.float32)),
                ("list", [1 / 10, 9 / 10])]:
    ok("ch03-q6", kind, a)
bad("ch03-q6", "wrong-order", [0.9, 0.1])
bad("ch03-q6", "dropped-factor", [-1 / math.sqrt(10), 3 / math.sqrt(10)])  # not squared
bad("ch03-q6", "dropped-factor", [0.5, 4.5])  # d not normalised
bad("ch03-q6", "wrong-quantity", [1, 3])
bad("ch03-q6", "dropped-factor", [1 / math.sqrt(10), 3 / math.sqrt(10)])

# q7: y = x^3 at -1: f' = 3, f'' = -6, K = 6 / 10^(3/2) = 3 sqrt(10) / 50 (hand, SymPy);
# route B: dlcalc.plane_curve_curvature.
K37 = 3 * math.sqrt(10) / 50
ROUTES["ch03-q7"] = (K37, dlcalc.plane_curve_curvature(lambda t: t**3, -1.0))
REFERENCES["ch03-q7"] = (K37, 3)
numeric_forms("ch03-q7", K37, exact=3 * sp.sqrt(10) / 50)
ok("ch03-q7", "sympy-exact", sp.Abs(-6) / (1 + 3**2) ** sp.Rational(3, 2))
ok("ch03-q7", "library", dlcalc.plane_curve_curvature(lambda t: t**3, -1.0))
ok("ch03-q7", "more-figures", 6 / 10**1.5)
bad("ch03-q7", "sign", -K37)
bad("ch03-q7", "dropped-factor", 6 / 10)  # exponent 1 instead of 3/2
bad("ch03-q7", "wrong-quantity", 6.0)
bad("ch03-q7", "dropped-factor", 6 / 100)
bad("ch03-q7", "too-few-figures", 0.2)
bad("ch03-q7", "dropped-factor", 3 / 10**1.5)


# q8: the Hessian of x^T A x / 2 + b^T x is (A + A^T)/2 (question text: A not symmetric);
# route B: dlcalc.hessian.
def ref38(A, b, x):
    A = np.asarray(A, dtype=float)
    return (A + A.T) / 2


ROUTES["ch03-q8"] = (ref38, lambda A, b, x: dlcalc.hessian(lambda z: 0.5 * z @ A @ z + b @ z)(x))
REFERENCES["ch03-q8"] = (ref38, "function")


def c03q8_half_sum(A, b, x):
    return 0.5 * (A + A.T)


def c03q8_loops(A, b, x):
    n = len(A)
    return [[(A[i][j] + A[j][i]) / 2 for j in range(n)] for i in range(n)]


def c03q8_autodiff(A, b, x):
    return dlcalc.hessian(lambda z: 0.5 * z @ A @ z + b @ z)(x)


def c03q8_tolist(A, b, x):
    return ((A + A.T) / 2).tolist()


def c03q8_add(A, b, x):
    return np.add(A, np.transpose(A)) * 0.5


def c03q8_jac_of_grad(A, b, x):
    return dlcalc.jacobian(dlcalc.grad(lambda z: 0.5 * z @ A @ z + b @ z))(x)


def c03q8_float_copy(A, b, x):
    A = np.array(A, dtype=float)
    return (A + np.transpose(A)) / 2.0


def c03q8_symmetrise_loop(A, b, x):
    A = np.asarray(A, dtype=float)
    H = np.empty_like(A)
    for i in range(A.shape[0]):
        for j in range(A.shape[1]):
            H[i, j] = 0.5 * A[i, j] + 0.5 * A[j, i]
    return H


for _kind, _fn in [("fn-vectorised", c03q8_half_sum), ("fn-loop", c03q8_loops),
                   ("fn-library", c03q8_autodiff), ("fn-list", c03q8_tolist),
                   ("fn-alt", c03q8_add), ("fn-library", c03q8_jac_of_grad),
                   ("fn-alt", c03q8_float_copy), ("fn-loop", c03q8_symmetrise_loop)]:
    ok("ch03-q8", _kind, _fn)


def w03q8_A(A, b, x):
    return np.asarray(A, dtype=float)


def w03q8_no_half(A, b, x):
    return A + A.T


def w03q8_transposed(A, b, x):
    return np.asarray(A).T


def w03q8_sign(A, b, x):
    return (A - A.T) / 2


def w03q8_gradient(A, b, x):
    return (A + A.T) / 2 @ x + b


def w03q8_half_A(A, b, x):
    return 0.5 * A


for _kind, _fn in [("wrong-quantity", w03q8_A), ("dropped-factor", w03q8_no_half),
                   ("transposed", w03q8_transposed), ("sign", w03q8_sign),
                   ("wrong-quantity", w03q8_gradient), ("dropped-factor", w03q8_half_A)]:
    bad("ch03-q8", _kind, _fn)

# ------------------------------------------------------------------------------------ ch04
# q1: e^(x1/2) + x1 x2^2 + cos x2 at (0.5, -1), delta = (0.2, 0.1): the model by SymPy (exact);
# route B: dlcalc.quadratic_model.
_f41 = sp.exp(_x1 / 2) + _x1 * _x2**2 + sp.cos(_x2)
_at41 = {_x1: sp.Rational(1, 2), _x2: -1}
_g41 = sp.Matrix([_f41.diff(v) for v in (_x1, _x2)]).subs(_at41)
_H41 = sp.hessian(_f41, (_x1, _x2)).subs(_at41)
_dl41 = sp.Matrix([sp.Rational(1, 5), sp.Rational(1, 10)])
M41_exact = sp.simplify(_f41.subs(_at41) + (_g41.T * _dl41)[0] + (_dl41.T * _H41 * _dl41)[0] / 2)
M41 = float(M41_exact)
X41, D41 = np.array([0.5, -1.0]), np.array([0.2, 0.1])


def f41(z):
    return np.exp(z[0] / 2) + z[0] * z[1] ** 2 + np.cos(z[1])


def _model41(x0, d):
    return f41(x0) + dlcalc.grad(f41)(x0) @ d + 0.5 * d @ dlcalc.hessian(f41)(x0) @ d


ROUTES["ch04-q1"] = (M41, float(dlcalc.quadratic_model(f41, X41)(X41 + D41)))
REFERENCES["ch04-q1"] = (M41, 3)
numeric_forms("ch04-q1", M41, exact=M41_exact)
ok("ch04-q1", "sympy-matrix", sp.Matrix([_f41.subs(_at41)]) + _g41.T * _dl41
   + _dl41.T * _H41 * _dl41 / 2)
ok("ch04-q1", "library", dlcalc.quadratic_model(f41, X41)(X41 + D41))
bad("ch04-q1", "dropped-factor", f41(X41) + dlcalc.grad(f41)(X41) @ D41
    + D41 @ dlcalc.hessian(f41)(X41) @ D41)
bad("ch04-q1", "wrong-quantity", f41(X41) + dlcalc.grad(f41)(X41) @ D41)  # first order only
bad("ch04-q1", "wrong-quantity", f41(X41))  # f(x0)
bad("ch04-q1", "sign", _model41(X41, -D41))  # x0 - delta
bad("ch04-q1", "wrong-point", _model41(np.array([-1.0, 0.5]), D41))  # x0 swapped
bad("ch04-q1", "too-few-figures", 3.0)

# q2: g^T g = 5, g^T H g = 12: -0.1 * 5 + 0.5 * 0.01 * 12 = -0.44 (hand); route B:
# the sum of dlcalc.taylor_step_terms.
G4, H4 = np.array([1.0, -2.0]), np.array([[4.0, 1.0], [1.0, 3.0]])
ROUTES["ch04-q2"] = (-0.44, sum(dlcalc.taylor_step_terms(G4, H4, 0.1)))
REFERENCES["ch04-q2"] = (-0.44, 3)
_g4s, _H4s = sp.Matrix([1, -2]), sp.Matrix([[4, 1], [1, 3]])
ok("ch04-q2", "exact", -0.44)
ok("ch04-q2", "more-figures", -0.1 * 5 + 0.5 * 0.01 * 12)
ok("ch04-q2", "fraction", Fraction(-11, 25))
ok("ch04-q2", "sympy-rational", sp.Rational(-11, 25))
ok("ch04-q2", "numpy-scalar", np.float64(-0.44))
ok("ch04-q2", "numpy-float32", np.float32(-0.44))
ok("ch04-q2", "library", sum(dlcalc.taylor_step_terms(G4, H4, 0.1)))
ok("ch04-q2", "sympy-matrix", -sp.Rational(1, 10) * _g4s.T * _g4s
   + sp.Rational(1, 200) * _g4s.T * _H4s * _g4s)
ok("ch04-q2", "numpy-0d", np.array(-0.44))
ok("ch04-q2", "nsimplify", sp.nsimplify(-0.44))
bad("ch04-q2", "sign", 0.44)
bad("ch04-q2", "dropped-factor", -0.5 + 0.12)  # no 1/2
bad("ch04-q2", "wrong-quantity", -0.5)  # first order only
bad("ch04-q2", "sign", -0.56)
bad("ch04-q2", "wrong-quantity", 0.06)
bad("ch04-q2", "wrong-point", -0.01 * 5 + 0.5 * 0.0001 * 12)  # eps = 0.01

# q3: eps* = g^T g / g^T H g = 5/12 (hand); route B: dlcalc.optimal_step.
ROUTES["ch04-q3"] = (5 / 12, dlcalc.optimal_step(G4, H4))
REFERENCES["ch04-q3"] = (5 / 12, 3)
numeric_forms("ch04-q3", 5 / 12, exact=sp.Rational(5, 12))
ok("ch04-q3", "fraction", Fraction(5, 12))
ok("ch04-q3", "library", dlcalc.optimal_step(G4, H4))
bad("ch04-q3", "wrong-order", 12 / 5)
bad("ch04-q3", "dropped-factor", 5 / 6)
bad("ch04-q3", "dropped-factor", 5 / 24)
bad("ch04-q3", "too-few-figures", 0.42)
bad("ch04-q3", "too-few-figures", 0.4)
bad("ch04-q3", "sign", -5 / 12)

# q4: the change -eps g^T g + eps^2 g^T H g / 2 is negative for eps < 2 g^T g / g^T H g = 5/6
# (hand); route B: dlcalc.max_decreasing_step.
ROUTES["ch04-q4"] = (5 / 6, dlcalc.max_decreasing_step(G4, H4))
REFERENCES["ch04-q4"] = (5 / 6, 3)
numeric_forms("ch04-q4", 5 / 6, exact=sp.Rational(5, 6))
ok("ch04-q4", "fraction", Fraction(5, 6))
ok("ch04-q4", "library", dlcalc.max_decreasing_step(G4, H4))
bad("ch04-q4", "dropped-factor", 5 / 12)  # the best step
bad("ch04-q4", "too-few-figures", 0.83)
bad("ch04-q4", "wrong-order", 6 / 5)
bad("ch04-q4", "dropped-factor", 10 / 6)
bad("ch04-q4", "wrong-quantity", 2 / ((7 + math.sqrt(5)) / 2))  # the stable learning rate
bad("ch04-q4", "sign", -5 / 6)

# q5: g^T H g = 1 - 3 = -2 < 0: the model decreases without bound, best step infinite
# (hand); route B: dlcalc.optimal_step.
G5, H5 = np.array([1.0, 1.0]), np.array([[1.0, 0.0], [0.0, -3.0]])
ROUTES["ch04-q5"] = (math.inf, dlcalc.optimal_step(G5, H5))
for kind, a in [("exact", np.inf), ("float", float("inf")), ("float", math.inf),
                ("sympy-exact", sp.oo), ("numpy-scalar", np.float64(np.inf)),
                ("float", 1e309), ("library", dlcalc.optimal_step(G5, H5)),
                ("float", float("infinity")), ("numpy-0d", np.array(np.inf)),
                ("sympy-exact", sp.S.Infinity)]:
    ok("ch04-q5", kind, a)
bad("ch04-q5", "sign", -np.inf)
bad("ch04-q5", "sign", -1.0)  # g^T g / g^T H g taken at face value
bad("ch04-q5", "wrong-quantity", 1.0)
bad("ch04-q5", "wrong-quantity", 0.0)
bad("ch04-q5", "wrong-quantity", np.nan)
bad("ch04-q5", "wrong-quantity", 1e6)

# q6: lambda_max of [[4, 1], [1, 3]] = (7 + sqrt 5)/2, bound 4 / (7 + sqrt 5) (hand);
# route B: dlcalc.max_stable_lr.
LR46 = 4 / (7 + math.sqrt(5))
ROUTES["ch04-q6"] = (LR46, dlcalc.max_stable_lr(H4))
REFERENCES["ch04-q6"] = (LR46, 3)
numeric_forms("ch04-q6", LR46, exact=4 / (7 + sp.sqrt(5)))
ok("ch04-q6", "sympy-exact", (7 - sp.sqrt(5)) / 11)
ok("ch04-q6", "library", dlcalc.max_stable_lr(H4))
ok("ch04-q6", "more-figures", 2 / np.linalg.eigvalsh(H4).max())
bad("ch04-q6", "wrong-quantity", 2 / ((7 - math.sqrt(5)) / 2))  # 2 / lambda_min
bad("ch04-q6", "dropped-factor", 1 / ((7 + math.sqrt(5)) / 2))
bad("ch04-q6", "wrong-quantity", 0.5)  # 2 / max diagonal entry
bad("ch04-q6", "wrong-quantity", (7 + math.sqrt(5)) / 2)
bad("ch04-q6", "too-few-figures", 0.43)
bad("ch04-q6", "too-few-figures", 0.4)

# q7: x_{t+1} = (I - eps H) x_t, ten steps from (1, 1): by hand in a loop; route B:
# dlcalc.gradient_descent; also exact in rationals with SymPy.
_x = np.array([1.0, 1.0])
for _ in range(10):
    _x = _x - 0.05 * H4 @ _x
X47 = _x
X47_exact = (sp.eye(2) - sp.Rational(1, 20) * _H4s) ** 10 * sp.Matrix([1, 1])
ROUTES["ch04-q7"] = (X47, dlcalc.gradient_descent(lambda z: H4 @ z, np.ones(2), 0.05, 10)[-1])
REFERENCES["ch04-q7"] = (X47, 3)
array_forms("ch04-q7", X47, more=(1, 3))
ok("ch04-q7", "sympy-exact", X47_exact)
ok("ch04-q7", "library", dlcalc.gradient_descent(lambda z: H4 @ z, np.ones(2), 0.05, 10)[-1])
ok("ch04-q7", "more-figures", np.linalg.matrix_power(np.eye(2) - 0.05 * H4, 10) @ np.ones(2))
_step = np.eye(2) - 0.05 * H4
bad("ch04-q7", "off-by-one", np.linalg.matrix_power(_step, 9) @ np.ones(2))
bad("ch04-q7", "off-by-one", np.linalg.matrix_power(_step, 11) @ np.ones(2))
bad("ch04-q7", "sign", np.linalg.matrix_power(np.eye(2) + 0.05 * H4, 10) @ np.ones(2))
bad("ch04-q7", "wrong-order", X47[::-1])
bad("ch04-q7", "too-few-figures", sig(X47, fig("ch04-q7") - 1))
bad("ch04-q7", "wrong-point", np.linalg.matrix_power(_step, 10) @ np.array([1.0, -1.0]))

# q8: eps = 0.5: eps * lambda_max = 2.31 > 2, so |1 - eps lambda_max| > 1: diverges.
for kind, a in [("exact", "diverge"), ("label-words", "diverges"), ("label-case", "Diverge"),
                ("label-case", "DIVERGES"), ("label-punct", "diverge."),
                ("label-punct", "Diverges!"), ("label-quote", "\u201cdiverge\u201d"),
                ("label-space", " diverges "), ("label-quote", "'diverge'")]:
    ok("ch04-q8", kind, a)
for a in ["converge", "converges", "oscillate but converge", "oscillates but converges",
          "Converge."]:
    bad("ch04-q8", "wrong-label", a)


# q9: x - H^{-1} g (question text); route B: the explicit inverse, used only as a reference.
def ref49(x, g, H):
    return np.asarray(x, float) - np.linalg.solve(np.asarray(H, float), np.asarray(g, float))


ROUTES["ch04-q9"] = (ref49, lambda x, g, H: x - np.linalg.inv(H) @ g)
REFERENCES["ch04-q9"] = (ref49, "function")


def c04q9_solve(x, g, H):
    return x - np.linalg.solve(H, g)


def c04q9_asarray_list(x, g, H):
    x, g, H = np.asarray(x, float), np.asarray(g, float), np.asarray(H, float)
    return list(x - np.linalg.solve(H, g))


def c04q9_cholesky(x, g, H):
    L = np.linalg.cholesky(H)
    y = np.linalg.solve(L, g)
    return x - np.linalg.solve(L.T, y)


def c04q9_lstsq(x, g, H):
    return x - np.linalg.lstsq(H, g, rcond=None)[0]


def c04q9_gauss(x, g, H):
    n = len(g)
    M = [[float(H[i][j]) for j in range(n)] + [float(g[i])] for i in range(n)]
    for k in range(n):
        p = max(range(k, n), key=lambda r: abs(M[r][k]))
        M[k], M[p] = M[p], M[k]
        for r in range(k + 1, n):
            f = M[r][k] / M[k][k]
            M[r] = [M[r][c] - f * M[k][c] for c in range(n + 1)]
    s = [0.0] * n
    for i in reversed(range(n)):
        s[i] = (M[i][n] - sum(M[i][j] * s[j] for j in range(i + 1, n))) / M[i][i]
    return [float(x[i]) - s[i] for i in range(n)]


def c04q9_column(x, g, H):
    return (x[:, None] - np.linalg.solve(H, g[:, None])).ravel()


def c04q9_tuple(x, g, H):
    return tuple(x - np.linalg.solve(H, g))


def c04q9_cg(x, g, H):
    s, r = np.zeros_like(g, dtype=float), np.array(g, dtype=float)
    p = r.copy()
    for _ in range(2 * len(g)):
        if np.linalg.norm(r) <= 1e-15 * np.linalg.norm(g):
            break
        a = (r @ r) / (p @ H @ p)
        s, r_new = s + a * p, r - a * (H @ p)
        p, r = r_new + (r_new @ r_new) / (r @ r) * p, r_new
    return x - s


for _kind, _fn in [("fn-vectorised", c04q9_solve), ("fn-list", c04q9_asarray_list),
                   ("fn-alt", c04q9_cholesky), ("fn-alt", c04q9_lstsq), ("fn-loop", c04q9_gauss),
                   ("fn-alt", c04q9_column), ("fn-list", c04q9_tuple), ("fn-loop", c04q9_cg)]:
    ok("ch04-q9", _kind, _fn)


def w04q9_sign(x, g, H):
    return x + np.linalg.solve(H, g)


def w04q9_no_H(x, g, H):
    return x - g


def w04q9_times_H(x, g, H):
    return x - H @ g


def w04q9_step_only(x, g, H):
    return np.linalg.solve(H, g)


def w04q9_half(x, g, H):
    return x - 0.5 * np.linalg.solve(H, g)


def w04q9_diagonal(x, g, H):
    return x - g / np.diag(H)


def w04q9_wrong_point(x, g, H):
    return x - np.linalg.solve(H, x)


for _kind, _fn in [("sign", w04q9_sign), ("wrong-quantity", w04q9_no_H),
                   ("transposed", w04q9_times_H), ("wrong-quantity", w04q9_step_only),
                   ("dropped-factor", w04q9_half), ("wrong-quantity", w04q9_diagonal),
                   ("wrong-point", w04q9_wrong_point)]:
    bad("ch04-q9", _kind, _fn)

# ------------------------------------------------------------------------------------ ch05
# q1: f'' = 0: the second-derivative test says nothing.
for kind, a in [("exact", "inconclusive"), ("label-case", "Inconclusive"),
                ("label-case", "INCONCLUSIVE"), ("label-punct", "inconclusive."),
                ("label-words", "the test is inconclusive"),
                ("label-words", "The test is inconclusive."), ("label-space", " inconclusive"),
                ("label-quote", "'inconclusive'"), ("label-punct", "Inconclusive!")]:
    ok("ch05-q1", kind, a)
for a in ["saddle", "minimum", "not critical", "maximum"]:
    bad("ch05-q1", "wrong-label", a)
bad("ch05-q1", "negated-label", "conclusive")

# q2: H = diag(2, -2): one positive and one negative eigenvalue: a saddle.
_SADDLE = [("exact", "saddle"), ("label-case", "Saddle"), ("label-words", "saddle point"),
           ("label-words", "Saddle point."), ("label-article", "a saddle"),
           ("label-article", "a saddle point"), ("label-case", "SADDLE"),
           ("label-punct", "saddle-point"), ("label-quote", "\u201csaddle\u201d"),
           ("label-space", " saddle ")]
for kind, a in _SADDLE:
    ok("ch05-q2", kind, a)
for a in ["minimum", "maximum", "inconclusive", "not critical"]:
    bad("ch05-q2", "wrong-label", a)
bad("ch05-q2", "negated-label", "not a saddle")

# q3: eigenvalues of [[2,0,0],[0,1,1],[0,1,1]] are 0, 2, 2 (hand: the block [[1,1],[1,1]] has
# 0 and 2); route B: dlcalc.classify_critical_point says the same.
H53 = np.array([[2.0, 0, 0], [0, 1, 1], [0, 1, 1]])
ROUTES["ch05-q3"] = ("inconclusive", dlcalc.classify_critical_point(H53))
for kind, a in [("exact", "inconclusive"), ("label-punct", "Inconclusive."),
                ("label-words", "the test is inconclusive"), ("label-case", "INCONCLUSIVE"),
                ("label-synonym", "degenerate"), ("label-case", "Inconclusive"),
                ("label-quote", "'inconclusive'"), ("label-space", "inconclusive ")]:
    ok("ch05-q3", kind, a)
for a in ["minimum", "saddle", "maximum", "not critical"]:
    bad("ch05-q3", "wrong-label", a)

# q4: the gradient of x^2 + y^2 + x at 0 is (1, 0) != 0: not a critical point.
ROUTES["ch05-q4"] = ("not critical", dlcalc.classify(lambda z: z[0] ** 2 + z[1] ** 2 + z[0],
                                                    np.zeros(2)))
for kind, a in [("exact", "not critical"), ("label-case", "Not critical"),
                ("label-words", "not a critical point"), ("label-synonym", "non-critical"),
                ("label-synonym", "noncritical"), ("label-punct", "Not critical."),
                ("label-case", "NOT CRITICAL"), ("label-punct", "not-critical"),
                ("label-space", "not  critical"), ("label-words", "not a critical point.")]:
    ok("ch05-q4", kind, a)
for a in ["minimum", "saddle", "inconclusive"]:
    bad("ch05-q4", "wrong-label", a)
bad("ch05-q4", "negated-label", "critical")
bad("ch05-q4", "negated-label", "a critical point")

# q5: f' = 3x^2 - 3 = 0 at -1 and 1 (hand); route B: dlcalc.critical_points.
_cp = sorted(float(p[0]) for p, _ in dlcalc.critical_points(X**3 - 3 * X, [X]))
ROUTES["ch05-q5"] = (np.array([-1.0, 1.0]), np.array(_cp))
REFERENCES["ch05-q5"] = (np.array([-1.0, 1.0]), 3)
for kind, a in [("int", [-1, 1]), ("tuple", (-1, 1)), ("float", np.array([-1.0, 1.0])),
                ("sympy-exact", sp.solve(sp.diff(X**3 - 3 * X, X), X)),
                ("library", np.sort(np.roots([3, 0, -3]))), ("fraction", [Fraction(-1),
                Fraction(1)]), ("float", [-1.0, 1.0]), ("sympy-matrix", sp.Matrix([-1, 1])),
                ("numpy-scalar", np.array([-1, 1], dtype=np.int64)),
                ("sympy-rational", [sp.Integer(-1), sp.Integer(1)])]:
    ok("ch05-q5", kind, a)
bad("ch05-q5", "wrong-order", [1, -1])
bad("ch05-q5", "wrong-quantity", [-math.sqrt(3), math.sqrt(3)])  # the zeros of f
bad("ch05-q5", "dropped-factor", [-3, 3])
bad("ch05-q5", "wrong-shape", [-1, 0, 1])
bad("ch05-q5", "wrong-derivative", [-1 / math.sqrt(3), 1 / math.sqrt(3)])  # 3x^2 - 1 = 0

# q6: f' = x^3 - x^2 - 2x = x (x - 2)(x + 1); f(-1) = -5/12 > f(2) = -8/3: global min x = 2
# (hand); route B: dlcalc.critical_points + evaluate.
_f56 = X**4 / 4 - X**3 / 3 - X**2
_mins = [p[0] for p, k in dlcalc.critical_points(_f56, [X]) if k == "minimum"]
ROUTES["ch05-q6"] = (2.0, float(min(_mins, key=lambda p: _f56.subs(X, p))))
REFERENCES["ch05-q6"] = (2.0, 3)
for kind, a in [("int", 2), ("float", 2.0), ("numpy-scalar", np.int64(2)),
                ("numpy-scalar", np.float64(2)), ("fraction", Fraction(2)),
                ("sympy-rational", sp.Integer(2)), ("sympy-rational", sp.Rational(4, 2)),
                ("more-figures", 1.9999999999), ("numpy-float32", np.float32(2.0)),
                ("numpy-0d", np.array(2.0))]:
    ok("ch05-q6", kind, a)
bad("ch05-q6", "wrong-quantity", -1)  # the other local minimum
bad("ch05-q6", "wrong-quantity", 0)  # the local maximum
bad("ch05-q6", "wrong-quantity", -8 / 3)  # the minimum value, not its x
bad("ch05-q6", "sign", -2)
bad("ch05-q6", "wrong-quantity", 1)


# q7: classify by the eigenvalues with the stated tolerance (question text); route B:
# dlcalc.classify_critical_point.
def ref57(H):
    lam = np.linalg.eigvalsh(np.asarray(H, dtype=float))
    tol = 1e-8 * max(1.0, float(np.max(np.abs(lam))))
    pos, neg = np.any(lam > tol), np.any(lam < -tol)
    if pos and neg:
        return "saddle"
    if np.any(np.abs(lam) <= tol):
        return "inconclusive"
    return "minimum" if pos else "maximum"


ROUTES["ch05-q7"] = (ref57, dlcalc.classify_critical_point)
REFERENCES["ch05-q7"] = (ref57, "function")


def _classify(H, labels):
    lam = np.linalg.eigvalsh(H)
    tol = 1e-8 * max(1.0, np.abs(lam).max())
    if lam.max() > tol and lam.min() < -tol:
        return labels[2]
    if np.abs(lam).min() <= tol:
        return labels[3]
    return labels[0] if lam.min() > tol else labels[1]


def c05q7_plain(H):
    return _classify(H, ("minimum", "maximum", "saddle", "inconclusive"))


def c05q7_capitalised(H):
    return _classify(H, ("Minimum", "Maximum", "Saddle", "Inconclusive"))


def c05q7_saddle_point(H):
    return _classify(H, ("minimum", "maximum", "saddle point", "inconclusive"))


def c05q7_min_max(H):
    return _classify(H, ("min", "max", "saddle", "inconclusive"))


def c05q7_sentence(H):
    return _classify(H, ("minimum", "maximum", "a saddle point", "the test is inconclusive"))


def c05q7_loops(H):
    lam = np.linalg.eigvalsh(np.asarray(H, dtype=float))
    scale = 1.0
    for v in lam:
        scale = max(scale, abs(v))
    n_pos = n_neg = n_zero = 0
    for v in lam:
        if abs(v) <= 1e-8 * scale:
            n_zero += 1
        elif v > 0:
            n_pos += 1
        else:
            n_neg += 1
    if n_pos and n_neg:
        return "saddle"
    if n_zero:
        return "inconclusive"
    return "minimum" if n_pos else "maximum"


def c05q7_library(H):
    return dlcalc.classify_critical_point(np.asarray(H, dtype=float))


def c05q7_eig(H):
    lam = np.sort(np.linalg.eig(H)[0].real)
    tol = 1e-8 * max(1, max(abs(lam)))
    if lam[0] < -tol < tol < lam[-1]:
        return "saddle"
    if any(abs(v) <= tol for v in lam):
        return "inconclusive"
    return "minimum" if lam[0] > 0 else "maximum"


for _kind, _fn in [("fn-vectorised", c05q7_plain), ("fn-words", c05q7_capitalised),
                   ("fn-words", c05q7_saddle_point), ("fn-words", c05q7_min_max),
                   ("fn-words", c05q7_sentence), ("fn-loop", c05q7_loops),
                   ("fn-library", c05q7_library), ("fn-alt", c05q7_eig)]:
    ok("ch05-q7", _kind, _fn)


def w05q7_no_tolerance(H):
    lam = np.linalg.eigvalsh(H)
    if lam.max() > 0 and lam.min() < 0:
        return "saddle"
    if np.any(lam == 0):
        return "inconclusive"
    return "minimum" if lam.min() > 0 else "maximum"


def w05q7_swapped(H):
    return _classify(H, ("maximum", "minimum", "saddle", "inconclusive"))


def w05q7_semidefinite_is_min(H):
    lam = np.linalg.eigvalsh(H)
    tol = 1e-8 * max(1.0, np.abs(lam).max())
    if lam.max() > tol and lam.min() < -tol:
        return "saddle"
    if lam.min() >= -tol and lam.max() > tol:
        return "minimum"
    if lam.max() <= tol and lam.min() < -tol:
        return "maximum"
    return "inconclusive"


def w05q7_diagonal(H):
    return _classify(np.diag(np.diag(np.asarray(H, dtype=float))),
                     ("minimum", "maximum", "saddle", "inconclusive"))


def w05q7_det_trace(H):
    d, t = np.linalg.det(H), np.trace(H)
    if abs(d) <= 1e-8:
        return "inconclusive"
    if d < 0:
        return "saddle"
    return "minimum" if t > 0 else "maximum"


def w05q7_absolute_tolerance(H):
    lam = np.linalg.eigvalsh(H)
    if lam.max() > 1e-8 and lam.min() < -1e-8:
        return "saddle"
    if np.abs(lam).min() <= 1e-8:
        return "inconclusive"
    return "minimum" if lam.min() > 0 else "maximum"


for _kind, _fn in [("wrong-quantity", w05q7_no_tolerance), ("sign", w05q7_swapped),
                   ("wrong-quantity", w05q7_semidefinite_is_min),
                   ("wrong-quantity", w05q7_diagonal), ("wrong-quantity", w05q7_det_trace),
                   ("dropped-factor", w05q7_absolute_tolerance)]:
    bad("ch05-q7", _kind, _fn)


# q8: GD multiplies x2 by 1.2 each step (0.01 * 1.2^30 = 2.4: leaves); Newton lands on (0, 0) in
# one step (x - H^{-1} g = 0 for a quadratic). Route B: dlcalc.gradient_descent and dlcalc.newton.
def _g58(z):
    return np.array([2 * z[0], -2 * z[1]])


_gd = dlcalc.gradient_descent(_g58, np.array([0.5, 0.01]), 0.1, 30)[-1]
_nt = dlcalc.newton(_g58, lambda z: np.diag([2.0, -2.0]), np.array([0.5, 0.01]), 30)[-1]
ROUTES["ch05-q8"] = ((False, True), (bool(np.linalg.norm(_gd) < 1e-6),
                                     bool(np.linalg.norm(_nt) < 1e-6)))
for kind, a in [("exact", "newton"), ("label-case", "Newton"),
                ("label-words", "Newton's method"), ("label-quote", "Newton\u2019s method"),
                ("label-words", "newton method"), ("label-punct", "Newton's"),
                ("label-case", "NEWTON"), ("label-punct", "newton."),
                ("label-quote", "Newton\u2019s"), ("label-words", "Newton's method.")]:
    ok("ch05-q8", kind, a)
for a in ["gradient descent", "both", "neither", "GD"]:
    bad("ch05-q8", "wrong-label", a)
bad("ch05-q8", "negated-label", "not newton")

# q9: x2 <- (1 + eps b) x2 = 1.12 x2 and 1e-4 * 1.12^k >= 0.3 first at k = 71 (k > ln 3000 /
# ln 1.12 = 70.6; hand loop); route B: dlcalc.gradient_descent.
_k, _z = 0, np.array([1.0, 1e-4])
while abs(_z[1]) < 0.3:
    _z, _k = _z - 0.2 * np.array([4.0 * _z[0], -0.6 * _z[1]]), _k + 1
_tr = dlcalc.gradient_descent(lambda z: np.array([4.0 * z[0], -0.6 * z[1]]),
                              np.array([1.0, 1e-4]), 0.2, 200)
ROUTES["ch05-q9"] = (_k, int(np.argmax(np.abs(_tr[:, 1]) >= 0.3)))
REFERENCES["ch05-q9"] = (71.0, "exact")
for kind, a in [("int", 71), ("float", 71.0), ("numpy-scalar", np.int64(71)),
                ("numpy-scalar", np.float64(71)), ("sympy-rational", sp.Integer(71)),
                ("fraction", Fraction(71)), ("numpy-scalar", np.int32(71)),
                ("more-figures", math.ceil(math.log(3000) / math.log(1.12))),
                ("library", int(np.argmax(np.abs(_tr[:, 1]) >= 0.3))),
                ("numpy-0d", np.array(71))]:
    ok("ch05-q9", kind, a)
bad("ch05-q9", "off-by-one", 70)
bad("ch05-q9", "off-by-one", 72)
bad("ch05-q9", "wrong-quantity", math.log(3000) / math.log(1.12))  # not a whole number
bad("ch05-q9", "too-few-figures", 70.6)
bad("ch05-q9", "dropped-factor", math.ceil(math.log(3000) / math.log(1.6)))  # lr dropped
bad("ch05-q9", "wrong-quantity", np.inf)  # x2 taken as shrinking

# ------------------------------------------------------------------------------------ ch06
SIZES = [2, 3, 1]
XD, YD = nets.synthetic_regression(8, 2, 1, seed=0)
LOSS = nets.mse_loss(SIZES, XD, YD)
THETA0 = nets.init_params(SIZES, seed=0)

# q1: 2*3 weights + 3 biases + 3*1 weights + 1 bias = 13 (hand); route B: init_params size.
ROUTES["ch06-q1"] = (13, THETA0.size)
REFERENCES["ch06-q1"] = (13.0, "exact")
for kind, a in [("int", 13), ("float", 13.0), ("numpy-scalar", np.int64(13)),
                ("numpy-scalar", np.float64(13)), ("sympy-rational", sp.Integer(13)),
                ("fraction", Fraction(13)), ("numpy-scalar", np.int32(13)),
                ("library", THETA0.size), ("more-figures", 2 * 3 + 3 + 3 * 1 + 1),
                ("numpy-0d", np.array(13))]:
    ok("ch06-q1", kind, a)
bad("ch06-q1", "off-by-one", 12)  # output bias forgotten
bad("ch06-q1", "wrong-quantity", 9)  # weights only
bad("ch06-q1", "wrong-quantity", 10)  # hidden biases forgotten
bad("ch06-q1", "off-by-one", 14)
bad("ch06-q1", "wrong-quantity", 6)

# q2: the gradient at theta0 by reverse mode (dlcalc.grad); route B: central differences.
G62 = dlcalc.grad(LOSS)(THETA0)
ROUTES["ch06-q2"] = (G62, dlcalc.gradient_fd(LOSS, THETA0))
REFERENCES["ch06-q2"] = (G62, 3)
array_forms("ch06-q2", G62, more=(1, 3))
ok("ch06-q2", "library", dlcalc.gradient_fd(LOSS, THETA0))
ok("ch06-q2", "list", [np.float64(v) for v in G62])
bad("ch06-q2", "dropped-factor", 2 * G62)  # the gradient of the MSE without its 1/2
bad("ch06-q2", "sign", -G62)
bad("ch06-q2", "wrong-order", G62[::-1])
bad("ch06-q2", "wrong-point", dlcalc.grad(LOSS)(np.zeros(13)))
bad("ch06-q2", "too-few-figures", sig(G62, fig("ch06-q2") - 1))
bad("ch06-q2", "dropped-factor", G62 * 8)  # a sum over the 8 points instead of the mean

# q3: the largest eigenvalue of dlcalc.hessian at theta0; route B: Lanczos on exact
# Hessian-vector products (dlcalc.top_eigenvalues), which never forms H.
_eig0 = np.linalg.eigvalsh(dlcalc.hessian(LOSS)(THETA0))
S63 = float(_eig0[-1])
_top = dlcalc.top_eigenvalues(lambda v: dlcalc.hvp(LOSS, THETA0, v), 13)
ROUTES["ch06-q3"] = (S63, float(_top[0]))
REFERENCES["ch06-q3"] = (S63, 3)
numeric_forms("ch06-q3", S63)
ok("ch06-q3", "library", float(_top[0]))
ok("ch06-q3", "length-1-array", _top)
ok("ch06-q3", "library", float(np.linalg.eigvalsh(dlcalc.hessian_fd(LOSS, THETA0))[-1]))
bad("ch06-q3", "too-few-figures", sig(S63, fig("ch06-q3") - 1))
bad("ch06-q3", "wrong-quantity", float(_eig0[-2]))
bad("ch06-q3", "wrong-quantity", float(_eig0[0]))
bad("ch06-q3", "wrong-quantity", 2 / S63)
bad("ch06-q3", "dropped-factor", 2 * S63)
bad("ch06-q3", "too-few-figures", sig(S63, 1))

# q4: the quadratic model is stable for eps < 2 / lambda_max; lambda_max = 2.88 > 2 = 2 / eps
# (q3 above): "unstable".
ROUTES["ch06-q4"] = ("unstable", "unstable" if S63 > 2 / 1.0 else "stable")
for kind, a in [("exact", "unstable"), ("label-case", "Unstable"), ("label-case", "UNSTABLE"),
                ("label-punct", "unstable."), ("label-synonym", "not stable"),
                ("label-synonym", "Not stable"), ("label-quote", "\u201cunstable\u201d"),
                ("label-space", " unstable "), ("label-punct", "Unstable!")]:
    ok("ch06-q4", kind, a)
for a in ["stable", "Stable.", "cannot tell"]:
    bad("ch06-q4", "wrong-label", a)
bad("ch06-q4", "negated-label", "not unstable")

# q5: the sharpness after 200 steps of eos.train_gd (its last record); route B: 200 plain
# gradient-descent steps with dlcalc.grad, then numpy.linalg.eigvalsh of dlcalc.hessian.
RUN = eos.train_gd(LOSS, THETA0, lr=1.0, steps=200, track_every=50)
S65 = float(RUN.sharpness[-1])
_theta = THETA0.copy()
_grad = dlcalc.grad(LOSS)
for _ in range(200):
    _theta = _theta - 1.0 * _grad(_theta)
ROUTES["ch06-q5"] = (S65, float(np.linalg.eigvalsh(dlcalc.hessian(LOSS)(_theta))[-1]))
REFERENCES["ch06-q5"] = (S65, 3)
numeric_forms("ch06-q5", S65)
ok("ch06-q5", "library", RUN.sharpness[-1])
bad("ch06-q5", "wrong-point", S63)  # the sharpness at initialisation
bad("ch06-q5", "wrong-point", float(RUN.sharpness[1]))  # at step 50
bad("ch06-q5", "wrong-quantity", 2.0)  # the edge 2 / eps
bad("ch06-q5", "too-few-figures", sig(S65, fig("ch06-q5") - 1))
bad("ch06-q5", "wrong-quantity", 2 / S63)
bad("ch06-q5", "wrong-quantity", float(RUN.loss[-1]))

# q6: at theta_star the Hessian has eigenvalues +-0.234 (the W1-W2 cross terms) and 1 (the
# output bias): a saddle. Route A: numpy.linalg.eigvalsh of dlcalc.hessian; route B:
# dlcalc.classify (gradient and Hessian together).
THETA_STAR = np.zeros(13)
THETA_STAR[-1] = YD.mean()
_eig_star = np.linalg.eigvalsh(dlcalc.hessian(LOSS)(THETA_STAR))
ROUTES["ch06-q6"] = ("saddle" if _eig_star[0] < -1e-6 < 1e-6 < _eig_star[-1] else "other",
                     dlcalc.classify(LOSS, THETA_STAR))
for kind, a in _SADDLE:
    ok("ch06-q6", kind, a)
for a in ["minimum", "min", "inconclusive", "not critical", "maximum", "max"]:
    bad("ch06-q6", "wrong-label", a)


# q7: the algebraically largest eigenvalue (question text); route B: Lanczos.
def ref67(H):
    return float(np.linalg.eigvalsh(np.asarray(H, dtype=float))[-1])


ROUTES["ch06-q7"] = (ref67, lambda H: float(dlcalc.top_eigenvalues(lambda v: H @ v,
                                                                    len(H))[0]))
REFERENCES["ch06-q7"] = (ref67, "function")


def c06q7_last(H):
    return np.linalg.eigvalsh(H)[-1]


def c06q7_max(H):
    return np.max(np.linalg.eigvalsh(H))


def c06q7_eig_real(H):
    return float(max(np.linalg.eigvals(H).real))


def c06q7_lanczos(H):
    H = np.asarray(H, dtype=float)
    return dlcalc.top_eigenvalues(lambda v: H @ v, H.shape[0])[0]


def c06q7_sorted(H):
    return sorted(np.linalg.eigvalsh(H).tolist())[-1]


def c06q7_eigh(H):
    return np.linalg.eigh(H)[0][-1]


def c06q7_loop(H):
    best = -math.inf
    for v in np.linalg.eigvalsh(np.asarray(H, dtype=float)):
        if v > best:
            best = float(v)
    return best


def c06q7_shifted_power(H):
    H = np.asarray(H, dtype=float)
    shift = np.abs(H).sum(axis=1).max()  # H + shift I is positive semidefinite
    M = H + shift * np.eye(len(H))
    v = np.linspace(1.0, 2.0, len(H))
    for _ in range(20000):
        w = M @ v
        w /= np.linalg.norm(w)
        if np.linalg.norm(w - v) < 1e-13:
            break
        v = w
    # polish: Rayleigh quotient of the converged vector, exact for an eigenvector
    return float(v @ H @ v / (v @ v))


for _kind, _fn in [("fn-vectorised", c06q7_last), ("fn-vectorised", c06q7_max),
                   ("fn-alt", c06q7_eig_real), ("fn-library", c06q7_lanczos),
                   ("fn-list", c06q7_sorted), ("fn-alt", c06q7_eigh), ("fn-loop", c06q7_loop),
                   ("fn-loop", c06q7_shifted_power)]:
    ok("ch06-q7", _kind, _fn)


def w06q7_abs(H):
    return np.max(np.abs(np.linalg.eigvalsh(H)))


def w06q7_smallest(H):
    return np.linalg.eigvalsh(H)[0]


def w06q7_diagonal(H):
    return np.max(np.diag(H))


def w06q7_norm(H):
    return np.linalg.norm(H, 2)


def w06q7_second(H):
    return np.linalg.eigvalsh(H)[-2]


def w06q7_trace(H):
    return np.trace(H)


for _kind, _fn in [("sign", w06q7_abs), ("wrong-order", w06q7_smallest),
                   ("wrong-quantity", w06q7_diagonal), ("sign", w06q7_norm),
                   ("off-by-one", w06q7_second), ("wrong-quantity", w06q7_trace)]:
    bad("ch06-q7", _kind, _fn)

# ------------------------------------------- more forms: copied code font, printing, mutation
# Labels copied from the question's code font (backticks, the double quotes kept), a no-break
# space from the rendered page, and a negative zero.
ok("ch01-q1", "label-quote", '"linear"')
ok("ch02-q3", "label-quote", "`reverse`")
ok("ch03-q2", "label-space", "more\u00a0than eps")
ok("ch05-q2", "label-quote", "`saddle`")
ok("ch06-q4", "label-quote", '"unstable"')
ok("ch05-q4", "label-quote", "`not critical`")
ok("ch02-q5", "float-noise", [2 + 2 * math.cos(1), -2.0, -0.0])
ok("ch02-q7", "float-arith", [6 * 10**6, 4.002 * 10**9])


# Student functions that print while they work (the check must still read the return value).
def c03q8_prints(A, b, x):
    H = (np.asarray(A) + np.asarray(A).T) / 2
    print("Hessian:", H)
    return H


def c06q7_prints(H):
    lam = np.linalg.eigvalsh(H)
    print("eigenvalues", lam)
    return lam[-1]


def c05q7_prints(H):
    label = c05q7_plain(H)
    print(f"classified as {label}")
    return label


# Student functions that overwrite their arguments in place and return the right value (a
# fair check passes each call its own copy).
def c03q8_in_place(A, b, x):
    A += A.T
    A /= 2
    return A


def c04q9_in_place(x, g, H):
    x -= np.linalg.solve(H, g)
    return x


def c06q7_float32(H):
    return np.float32(np.linalg.eigvalsh(H)[-1])


for _qid, _kind, _fn in [("ch03-q8", "fn-prints", c03q8_prints),
                         ("ch06-q7", "fn-prints", c06q7_prints),
                         ("ch05-q7", "fn-prints", c05q7_prints),
                         ("ch03-q8", "fn-in-place", c03q8_in_place),
                         ("ch04-q9", "fn-in-place", c04q9_in_place),
                         ("ch06-q7", "fn-float32", c06q7_float32)]:
    ok(_qid, _kind, _fn)


# Wrong functions that are right only for 2 x 2 inputs (closed forms) or treat the step as
# the point.
def w06q7_two_by_two(H):
    a, b, d = H[0][0], H[0][1], H[1][1]
    return (a + d) / 2 + math.sqrt(((a - d) / 2) ** 2 + b**2)


def w04q9_cramer(x, g, H):
    a, b, c, d = H[0][0], H[0][1], H[1][0], H[1][1]
    det = a * d - b * c
    return np.array([x[0] - (d * g[0] - b * g[1]) / det, x[1] - (a * g[1] - c * g[0]) / det]
                    + [x[i] - g[i] / H[i][i] for i in range(2, len(x))])


def w05q7_two_by_two(H):
    d, t = H[0][0] * H[1][1] - H[0][1] * H[1][0], H[0][0] + H[1][1]
    if abs(d) <= 1e-8 * max(1.0, abs(t)):
        return "inconclusive"
    return "saddle" if d < 0 else ("minimum" if t > 0 else "maximum")


def w01q7_step_as_point(delta):
    return float(dlcalc.quadratic_model(f7, X7)(np.asarray(delta, dtype=float)))


def w02q8_first_row_only(W, b, x):
    s = 1 - np.tanh(W @ x + b) ** 2
    return s[0] * W


# One entry wrong while the others are exact: caught only when entries are compared one by
# one (a tolerance scaled by the largest entry or the norm lets some of these through).
_G_one_sign = G62.copy()
_G_one_sign[9] = -_G_one_sign[9]  # the smallest entry (0.0439) with the wrong sign
_JF_one = JF.copy()
_JF_one[0, 0] = 0.07  # the smallest entry to one figure
_X47_one = X47.copy()
_X47_one[0] = 0.04
bad("ch06-q2", "sign", _G_one_sign)
bad("ch02-q4", "too-few-figures", _JF_one)
bad("ch04-q7", "too-few-figures", _X47_one)
bad("ch02-q2", "wrong-order", [[6, 2, 3], [math.cos(1), 4, 0]])  # x1 x3 and x1 x2 swapped
bad("ch03-q3", "wrong-order", [[4, 2, 0], [2, 0, 3], [0, 3, -math.sin(0.5)]])
bad("ch02-q6", "too-few-figures", [float(DH1[0]), 0.3])

# Other number types a student may hold.
ok("ch03-q7", "sympy-float", sp.N(3 * sp.sqrt(10) / 50, 30))
ok("ch01-q8", "sympy-float", sp.N(sp.sqrt(5), 20))
ok("ch04-q3", "numpy-0d", np.float64(5) / np.float64(12))

for _qid, _kind, _fn in [("ch06-q7", "wrong-shape", w06q7_two_by_two),
                         ("ch04-q9", "wrong-shape", w04q9_cramer),
                         ("ch05-q7", "wrong-shape", w05q7_two_by_two),
                         ("ch01-q7", "wrong-point", w01q7_step_as_point),
                         ("ch02-q8", "wrong-quantity", w02q8_first_row_only)]:
    bad(_qid, _kind, _fn)

# ------------------------------------- questions appended in issue 14 (numbers kept, appended)
# Where a question states four figures, the exact function value is told apart from the model.
if fig("ch01-q2") >= 4:
    bad("ch01-q2", "wrong-quantity", 3.1**2)  # f(3.1) itself, not the prediction
if fig("ch04-q1") >= 4:
    bad("ch04-q1", "wrong-quantity", f41(X41 + D41))  # f(x0 + delta) itself, not the model


# ch01 q9: grad of x1^2 x2 + 3 x1 + e^x2 at (1, 0) is (2 x1 x2 + 3, x1^2 + e^x2) = (3, 2);
# steepest descent u = -g/|g| = -(3, 2)/sqrt(13) (hand); route B: dlcalc.grad.
def f19(z):
    return z[0] ** 2 * z[1] + 3 * z[0] + np.exp(z[1])


U19 = -np.array([3.0, 2.0]) / math.sqrt(13)
_g19 = dlcalc.grad(f19)(np.array([1.0, 0.0]))
ROUTES["ch01-q9"] = (U19, -_g19 / np.linalg.norm(_g19))
REFERENCES["ch01-q9"] = (U19, 3)
array_forms("ch01-q9", U19, more=(1, 3))
ok("ch01-q9", "sympy-exact", sp.Matrix([-3, -2]) / sp.sqrt(13))
ok("ch01-q9", "library", -_g19 / np.linalg.norm(_g19))
ok("ch01-q9", "sympy-matrix", sp.Matrix([[-3 / sp.sqrt(13), -2 / sp.sqrt(13)]]))
bad("ch01-q9", "sign", -U19)
bad("ch01-q9", "dropped-factor", [-3.0, -2.0])  # not normalised
bad("ch01-q9", "dropped-factor", [-3 / 13, -2 / 13])  # divided by |g|^2
bad("ch01-q9", "wrong-order", U19[::-1])
_g19w = dlcalc.grad(f19)(np.array([0.0, 1.0]))
bad("ch01-q9", "wrong-point", -_g19w / np.linalg.norm(_g19w))
bad("ch01-q9", "too-few-figures", sig(U19, 2))

# ch02 q9: dL/dW2 = delta2 h1^T with delta2 = (1 - h2^2) * (W3^T h3) (hand backprop, q4's
# layers); route B: dlcalc.grad of L as a function of W2's four entries.
DELTA2 = (1 - _h2**2) * (W3.T @ _h3)
DW2 = np.outer(DELTA2, _h1)


def _loss_of_w2(w):
    h2 = np.tanh(w.reshape(2, 2) @ _h1 + b2)
    return 0.5 * np.sum((W3 @ h2 + b3) ** 2)


_dw2_ad = dlcalc.grad(_loss_of_w2)(W2.reshape(-1)).reshape(2, 2)
ROUTES["ch02-q9"] = (DW2, _dw2_ad)
REFERENCES["ch02-q9"] = (DW2, 3)
array_forms("ch02-q9", DW2, more=(1, 3))
ok("ch02-q9", "library", _dw2_ad)
ok("ch02-q9", "sympy-matrix", sp.Matrix(sig(DW2, fig("ch02-q9"))))
bad("ch02-q9", "transposed", DW2.T)
bad("ch02-q9", "dropped-factor", np.outer(W3.T @ _h3, _h1))  # tanh' left out
bad("ch02-q9", "wrong-point", np.outer(DELTA2, X2))  # the network input instead of h1
bad("ch02-q9", "dropped-factor", 2 * DW2)
bad("ch02-q9", "sign", -DW2)
bad("ch02-q9", "too-few-figures", sig(DW2, fig("ch02-q9") - 1))

# ch03 q9: H v with q3's H and v = (1, 0, -1): (4 - 3, 2, 3 + sin 0.5) (hand); route B:
# dlcalc.hvp (exact, without forming H).
V39 = np.array([1.0, 0.0, -1.0])
HV39 = H33 @ V39
_hvp39 = dlcalc.hvp(f33, np.array([1.0, 2.0, 0.5]), V39)
ROUTES["ch03-q9"] = (np.array([1.0, 2.0, 3 + math.sin(0.5)]), _hvp39)
REFERENCES["ch03-q9"] = (HV39, 3)
array_forms("ch03-q9", HV39, more=(1, 3))
ok("ch03-q9", "sympy-exact", H33_exact * sp.Matrix([1, 0, -1]))
ok("ch03-q9", "library", _hvp39)
ok("ch03-q9", "library", dlcalc.jvp(dlcalc.grad(f33), np.array([1.0, 2.0, 0.5]), V39)[1])
ok("ch03-q9", "int", [1, 2, sig(3 + math.sin(0.5), fig("ch03-q9"))])
bad("ch03-q9", "sign", [1, 2, 3 - math.sin(0.5)])
bad("ch03-q9", "sign", H33 @ np.array([1.0, 0.0, 1.0]))  # v with the wrong sign
bad("ch03-q9", "wrong-order", HV39[::-1])
bad("ch03-q9", "wrong-quantity", dlcalc.grad(f33)(np.array([1.0, 2.0, 0.5])))  # the gradient
bad("ch03-q9", "too-few-figures", sig(HV39, fig("ch03-q9") - 1))

# ch04 q10: eps = 4/(10 + 1)^2, beta = (9/11)^2: every eigen-direction's 2x2 iteration matrix
# has spectral radius sqrt(beta) = 9/11 (hand: a double root at both ends); route B: numpy
# eigenvalues of [[1 + beta - eps lambda, -beta], [1, 0]] for lambda = 1 and 100.
_eps10, _beta10 = 4 / 121, (9 / 11) ** 2
_rho10 = max(float(np.max(np.abs(np.linalg.eigvals(np.array([[1 + _beta10 - _eps10 * lam,
                                                                -_beta10], [1.0, 0.0]])))))
             for lam in (1.0, 100.0))
ROUTES["ch04-q10"] = (9 / 11, _rho10)
REFERENCES["ch04-q10"] = (9 / 11, 3)
numeric_forms("ch04-q10", 9 / 11, exact=sp.Rational(9, 11))
ok("ch04-q10", "fraction", Fraction(9, 11))
ok("ch04-q10", "sympy-exact", (sp.sqrt(100) - 1) / (sp.sqrt(100) + 1))
bad("ch04-q10", "dropped-factor", (9 / 11) ** 2)  # beta, not its square root
bad("ch04-q10", "wrong-quantity", 99 / 101)  # plain gradient descent's rate
bad("ch04-q10", "wrong-quantity", 0.9)  # 1 - 1/sqrt(kappa)
bad("ch04-q10", "sign", -9 / 11)
bad("ch04-q10", "too-few-figures", 0.82)
bad("ch04-q10", "wrong-quantity", 0.99)

# ch05 q10: on x2 = 3/2 x1^2, f = (3/2 - 1)(3/2 - 2) x1^4 = -1/4 x1^4 (hand); route B: SymPy.
_c510 = sp.simplify(((Y - X**2) * (Y - 2 * X**2)).subs(Y, sp.Rational(3, 2) * X**2) / X**4)
ROUTES["ch05-q10"] = (-0.25, float(_c510))
REFERENCES["ch05-q10"] = (-0.25, 3)
for kind, a in [("exact", -0.25), ("fraction", Fraction(-1, 4)),
                ("sympy-rational", sp.Rational(-1, 4)), ("float", -1 / 4),
                ("numpy-scalar", np.float64(-0.25)), ("numpy-float32", np.float32(-0.25)),
                ("library", _c510), ("numpy-0d", np.array(-0.25)),
                ("nsimplify", sp.nsimplify(-0.25)), ("sympy-float", sp.Float("-0.250"))]:
    ok("ch05-q10", kind, a)
bad("ch05-q10", "sign", 0.25)
bad("ch05-q10", "wrong-quantity", 0.5)  # the first factor only
bad("ch05-q10", "wrong-quantity", -0.5)  # the second factor only
bad("ch05-q10", "sign", 8.75)  # (3/2 + 1)(3/2 + 2)
bad("ch05-q10", "wrong-quantity", 2.0)

# ch05 q11: H(0) = diag(0, 2) has a zero eigenvalue: the test is inconclusive (although the
# origin is not a minimum).
ROUTES["ch05-q11"] = ("inconclusive", dlcalc.classify_critical_point(np.diag([0.0, 2.0])))
for kind, a in [("exact", "inconclusive"), ("label-case", "Inconclusive"),
                ("label-words", "the test is inconclusive"), ("label-punct", "inconclusive."),
                ("label-case", "INCONCLUSIVE"), ("label-quote", "`inconclusive`"),
                ("label-space", " inconclusive "), ("label-synonym", "degenerate")]:
    ok("ch05-q11", kind, a)
for a in ["minimum", "saddle", "not critical", "maximum"]:
    bad("ch05-q11", "wrong-label", a)

# ------------------------------------- appended questions: more forms (added by CHECKERS)
# Each wrong answer below is one of the questions' listed misconceptions typed as a student
# would, or a near relative of one; the references are the battery's own (two routes above).
_s13 = math.sqrt(13)
ok("ch01-q9", "tuple", (-3 / _s13, -2 / _s13))
ok("ch01-q9", "sympy-exact", [-3 / sp.sqrt(13), -2 / sp.sqrt(13)])  # a list of SymPy numbers
bad("ch01-q9", "wrong-quantity", [-2 / _s13, 3 / _s13])  # along the level curve: slope 0
bad("ch01-q9", "sign", [3 / _s13, 2 / _s13])  # steepest ascent
ok("ch02-q9", "list", [[float(v) for v in row] for row in sig(DW2, 4)])
bad("ch02-q9", "wrong-point", np.outer(DELTA2, _h2))  # the layer's output instead of input
bad("ch02-q9", "transposed", np.outer(_h1, DELTA2))
ok("ch03-q9", "list", [1, 2, 3 + math.sin(0.5)])
bad("ch03-q9", "wrong-quantity",  # a finite difference with step 1, not the exact H v
    dlcalc.grad(f33)(np.array([2.0, 2.0, -0.5])) - dlcalc.grad(f33)(np.array([1.0, 2.0, 0.5])))
bad("ch03-q9", "dropped-factor", np.diag(H33) * V39)  # mixed partials dropped
bad("ch03-q9", "dropped-factor", HV39 / math.sqrt(2))  # v normalised first
ok("ch04-q10", "float-arith", (math.sqrt(100) - 1) / (math.sqrt(100) + 1))
bad("ch04-q10", "wrong-quantity", 1 - 2 / math.sqrt(100))  # the first-order estimate 0.8
ok("ch05-q10", "sympy-exact", sp.Rational(1, 2) * sp.Rational(-1, 2))
bad("ch05-q10", "wrong-quantity", 0.0)  # the parabola is not in f's zero set
for a in ["the second-derivative test is inconclusive", "Test inconclusive.", "undetermined"]:
    ok("ch05-q11", "label-words", a)
for a in ["saddle point", "local minimum", "a minimum"]:
    bad("ch05-q11", "wrong-label", a)

# ------------------------------------------------- hedged or negated labels, near misses
# A label that contains the right word but says something else must be wrong (a normaliser
# that searches for the word would accept it).
bad("ch02-q3", "negated-label", "not reverse")
bad("ch02-q3", "wrong-label", "forward or reverse")
bad("ch04-q8", "negated-label", "does not diverge")
bad("ch05-q1", "negated-label", "not inconclusive")
bad("ch05-q2", "wrong-label", "minimum or saddle")
bad("ch05-q8", "wrong-label", "newton and gradient descent")
ok("ch05-q8", "label-punct", "Newtons method")
ok("ch05-q8", "label-article", "the Newton method")

# SymPy near misses (equal at x0 and close nearby: compared at several points they differ),
# an expression in another variable, and more equivalent forms.
_t = sp.Symbol("t")
bad("ch01-q3", "extra-term", P3 + (X - 1) ** 3 / 1000)
bad("ch01-q3", "wrong-quantity", _t - 1 - (_t - 1) ** 2 / 2)
bad("ch01-q6", "extra-term", P6 + X * Y * (X + Y) / 1000)
ok("ch01-q3", "float-coefs", X - 1 - 0.5 * (X - 1) ** 2)
ok("ch01-q6", "string", "1 + x + 0.5*x^2 + x*y - 0.5*y^2")
ok("ch04-q7", "sympy-matrix", sp.Matrix(X47.tolist()))
bad("ch04-q5", "wrong-quantity", 1e308)  # huge but finite


def c06q7_slice(H):
    return np.linalg.eigvalsh(H)[-1:]  # a length-1 array, as top_eigenvalues returns


def w02q8_square_only(W, b, x):
    return W * (1 - np.tanh(W @ x + b) ** 2)[None, :]  # scales columns: fails unless m == n


ok("ch06-q7", "fn-length-1-array", c06q7_slice)
bad("ch02-q8", "transposed", w02q8_square_only)

# The margin test measures every numeric case in units of the figures the question states.
for _q, (_r, _p) in list(REFERENCES.items()):
    if isinstance(_p, int):
        REFERENCES[_q] = (_r, fig(_q))

# ------------------------------------------------------------------------------------ ids
_seen: Counter = Counter()
for _c in CASES:
    _base = f"{_c.qid}-{_c.kind}" if _c.correct else f"{_c.qid}-wrong-{_c.kind}"
    _seen[_base] += 1
    _c.id = _base if _seen[_base] == 1 else f"{_base}-{_seen[_base]}"

# The 49 questions of the issue, and the six appended while it was fixed (ch01 q9, ch02 q9,
# ch03 q9, ch04 q10, ch05 q10 and q11).
QIDS = [f"ch0{c}-q{q}" for c, n in [(1, 9), (2, 9), (3, 9), (4, 10), (5, 11), (6, 7)]
        for q in range(1, n + 1)]


def question(qid: str):
    chapter, q = qid.split("-")
    return getattr(importlib.import_module(f"dlcalc.exercises.{chapter}"), q)


# ------------------------------------------------------------------------------------ tests
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_student_form(case: Case):
    feedback = question(case.qid).check(case.answer)
    assert feedback.passed is case.correct, feedback.message


def test_battery_size_and_coverage():
    correct = Counter(c.qid for c in CASES if c.correct)
    wrong = Counter(c.qid for c in CASES if not c.correct)
    assert (sum(correct.values()) >= 400 and sum(wrong.values()) >= 200
            and all(correct[q] >= 5 and wrong[q] >= 3 for q in QIDS)
            and set(correct) | set(wrong) == set(QIDS)), (correct, wrong)


def _close(a, b) -> bool:
    if callable(a):
        return True  # compared on inputs in test_reference_routes_agree's function branch
    if isinstance(a, sp.Basic) or isinstance(b, sp.Basic):
        return sp.simplify(sp.sympify(a) - sp.sympify(b)) == 0
    if isinstance(a, str) or isinstance(a, tuple) and isinstance(a[0], bool):
        return a == b
    return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float),
                            rtol=1e-7, atol=1e-9))


def _function_inputs(qid: str):
    """Seeded inputs on which the battery's own reference functions are compared (route A vs
    B) and its correct/wrong student functions are told apart."""
    rng = np.random.default_rng(14)
    if qid == "ch01-q7":
        return [(rng.normal(size=2),) for _ in range(5)]
    if qid == "ch02-q8":
        return [(rng.normal(size=(m, n)), rng.normal(size=m), rng.normal(size=n))
                for m, n in [(2, 3), (3, 2), (4, 4)]]
    if qid == "ch03-q8":
        return [(rng.normal(size=(n, n)), rng.normal(size=n), rng.normal(size=n))
                for n in (2, 3, 5)]
    if qid == "ch04-q9":
        out = []
        for n in (2, 3, 5):
            A = rng.normal(size=(n, n))
            out.append((rng.normal(size=n), rng.normal(size=n), A @ A.T + n * np.eye(n)))
        return out
    if qid == "ch05-q7":
        mats = [np.diag(v) for v in ([1.0, 2.0], [-1.0, -2.0], [1.0, -1.0], [1.0, 0.0],
                                     [1e6, 1e-4], [1.0, 1e-12], [1.0, 1e-6], [1.0, -1.0, -1.0],
                                     [0.0, 0.0, 0.0], [1.0, -1.0, 0.0], [-3.0, 0.0])]
        return [(m,) for m in mats + [np.array([[1.0, 1.0], [1.0, 1.0]]),
                                      np.array([[0.0, 1.0], [1.0, 0.0]])]]
    if qid == "ch06-q7":
        out = [(np.diag([-5.0, 1.0]),), (np.diag([-3.0, -1.0, -2.0]),)]
        for n in (2, 4, 6):
            A = rng.normal(size=(n, n))
            out.append(((A + A.T) / 2,))
        return out
    raise KeyError(qid)


def _same_output(a, b) -> bool:
    if a is None:
        return False
    if isinstance(b, str):
        return a == b
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.size == b.size == 1:  # a number given as a length-1 array
        a, b = a.reshape(()), b.reshape(())
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-6, atol=1e-9))


_LABEL_OF = {"min": "minimum", "max": "maximum", "saddle point": "saddle",
             "a saddle point": "saddle", "the test is inconclusive": "inconclusive"}


def _canonical(out):
    return _LABEL_OF.get(out.lower(), out.lower()) if isinstance(out, str) else out


@pytest.mark.parametrize("qid", sorted(ROUTES))
def test_reference_routes_agree(qid: str):
    a, b = ROUTES[qid]
    if callable(a):
        assert all(_same_output(a(*args), b(*args)) for args in _function_inputs(qid))
    else:
        assert _close(a, b), (a, b)


def _units(ref, precision):
    """One unit in the last stated figure of each reference entry (the checkers' policy), with
    a floor of 1e-9 for entries that are zero."""
    ref = np.asarray(ref, dtype=float)
    if precision == "exact":
        return np.zeros_like(ref)
    if isinstance(precision, tuple):
        return np.abs(ref) * precision[1]
    mag = np.floor(np.log10(np.where(ref == 0, 1.0, np.abs(ref))))
    return np.where(ref == 0, 1e-9, 10.0 ** (mag - (precision - 1)))


def _as_float_array(answer):
    if isinstance(answer, sp.MatrixBase):
        return np.array(answer.evalf(), dtype=float).reshape(-1)
    if isinstance(answer, sp.Basic):
        return np.array([float(answer)])
    return np.asarray(answer, dtype=float).reshape(-1)


def _copies(args):
    return tuple(np.array(a, copy=True) for a in args)


def _run(fn, args):
    """A student function's output on copies of args; None if it raises (a wrong function may,
    e.g. a shape error on a non-square input)."""
    try:
        return fn(*_copies(args))
    except (ValueError, IndexError):
        return None


def _margin_ok(case: Case) -> bool:
    ref, precision = REFERENCES[case.qid]
    if precision == "function":
        outs = [(_canonical(_run(case.answer, args)), _canonical(ref(*_copies(args))))
                for args in _function_inputs(case.qid)]
        same = [_same_output(a, r) for a, r in outs]
        return all(same) if case.correct else not all(same)
    if precision == "sympy":
        ans = case.answer
        if isinstance(ans, sp.MatrixBase):
            ans = ans[0]
        if isinstance(ans, sp.Poly):
            ans = ans.as_expr()
        if isinstance(ans, str):
            ans = sp.sympify(ans, locals={"x": X, "y": Y})
        ans = ans.removeO().subs({sp.Symbol("x", positive=True): X})
        return (sp.simplify(ans - ref) == 0) is case.correct
    ref_flat = np.asarray(ref, dtype=float).reshape(-1)
    ans = _as_float_array(case.answer)
    if ans.shape != ref_flat.shape:
        return not case.correct
    if precision == "exact":
        same = bool(np.all(ans == ref_flat))
        return same is case.correct
    gap = np.abs(ans - ref_flat) / _units(ref_flat, precision)
    if isinstance(precision, tuple):  # relative tolerance stated: units are the tolerance
        return bool(np.all(gap <= 1)) if case.correct else bool(np.any(gap > 1.3))
    if case.kind == "numpy-float32":  # 7 figures kept: well within the stated precision
        return bool(np.all(gap <= 0.5 + 1e-3))
    return bool(np.all(gap <= 0.5 + 1e-6)) if case.correct else bool(np.any(gap > 1.5))


_MARGIN_CASES = [c for c in CASES if c.qid in REFERENCES]


@pytest.mark.parametrize("case", _MARGIN_CASES, ids=[c.id for c in _MARGIN_CASES])
def test_battery_margins(case: Case):
    """The battery's own entries are not on the fence: a correct numeric form is within half a
    unit of the stated precision (so any fair rounding rule accepts it), a wrong one more than
    1.5 units away in some entry; correct SymPy forms equal the reference, wrong ones differ;
    correct functions agree with the reference function on seeded inputs, wrong ones do not."""
    assert _margin_ok(case)


# ------------------------------------------------------------------------------------ summary
def summary() -> str:
    """Counts per question and kind (correct and wrong), per chapter, and in total."""
    lines = [f"{'question':<9} {'correct':>7} {'wrong':>5}  kinds (correct | wrong)"]
    per_chapter: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for qid in QIDS:
        good = Counter(c.kind for c in CASES if c.qid == qid and c.correct)
        wrong = Counter(c.kind for c in CASES if c.qid == qid and not c.correct)
        per_chapter[qid[:4]][0] += sum(good.values())
        per_chapter[qid[:4]][1] += sum(wrong.values())
        fmt = ", ".join
        lines.append(f"{qid:<9} {sum(good.values()):>7} {sum(wrong.values()):>5}  "
                     f"{fmt(f'{k}x{n}' for k, n in sorted(good.items()))} | "
                     f"{fmt(f'{k}x{n}' for k, n in sorted(wrong.items()))}")
    lines.append("")
    for ch, (g, w) in sorted(per_chapter.items()):
        lines.append(f"{ch:<9} {g:>7} {w:>5}")
    total_good = sum(c.correct for c in CASES)
    lines.append(f"{'total':<9} {total_good:>7} {len(CASES) - total_good:>5}")
    lines.append("")
    for label, flag in (("correct", True), ("wrong", False)):
        kinds = Counter(c.kind for c in CASES if c.correct is flag)
        lines.append(f"{label} kinds: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    return "\n".join(lines)


if __name__ == "__main__":
    if "--summary" in sys.argv:
        print(summary())
    else:
        sys.exit(pytest.main([__file__, "-q", "-p", "no:randomly"]))
