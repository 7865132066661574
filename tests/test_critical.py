"""Tests for dlcalc.critical: the numeric test (autodiff Hessian eigenvalues) against the exact
SymPy route and against known answers."""

import numpy as np
import pytest
import sympy

from dlcalc.critical import classify, classify_critical_point, critical_points

x, y, z = sympy.symbols("x y z")


def rotated(lam, seed=0):
    Q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((len(lam), len(lam))))
    H = Q @ np.diag(lam) @ Q.T
    return 0.5 * (H + H.T)


# --- classify_critical_point ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "lam, kind",
    [
        ([2.0, 3.0], "minimum"),
        ([-2.0, -0.1], "maximum"),
        ([2.0, -2.0], "saddle"),
        ([1.0, -1.0, 0.0], "saddle"),  # a saddle needs no zero eigenvalue, and survives one
        ([1.0, 1e-12], "inconclusive"),  # 1e-12 counts as zero
        ([1.0, -1e-12], "inconclusive"),
        ([-1.0, 0.0], "inconclusive"),
        ([0.0, 0.0], "inconclusive"),
        ([1e6, 1e-3], "inconclusive"),  # zero relative to the largest |lambda|: 1e-3 <= 1e-2
        ([1e-6, 2e-6], "minimum"),  # small but not zero (absolute floor tol * 1)
        ([5.0], "minimum"),
    ],
)
def test_classify_critical_point(lam, kind):
    assert classify_critical_point(np.diag(lam)) == kind
    assert classify_critical_point(rotated(lam, seed=len(lam))) == kind


def test_classify_critical_point_tolerance_is_adjustable():
    H = np.diag([1.0, 1e-6])
    assert classify_critical_point(H) == "minimum"
    assert classify_critical_point(H, tol=1e-5) == "inconclusive"
    assert classify_critical_point(np.diag([1.0, 1e-300]), tol=0.0) == "minimum"


# --- classify (autodiff route) -------------------------------------------------------------------


@pytest.mark.parametrize(
    "f, point, kind",
    [
        (lambda v: v[0] ** 2 + v[1] ** 2, [0.0, 0.0], "minimum"),
        (lambda v: -(v[0] ** 2) - v[1] ** 2, [0.0, 0.0], "maximum"),
        (lambda v: v[0] ** 2 - v[1] ** 2, [0.0, 0.0], "saddle"),
        (lambda v: v[0] ** 3, [0.0], "inconclusive"),
        (lambda v: v[0] ** 3, 0.0, "inconclusive"),
        (lambda v: v[0] ** 4 + v[1] ** 2, [0.0, 0.0], "inconclusive"),
        (lambda v: v[0] ** 3 - 3 * v[0] * v[1] ** 2, [0.0, 0.0], "inconclusive"),  # monkey saddle
        (lambda v: v[0] ** 3 - 3 * v[0] * v[1] ** 2, [1.0, 0.0], "not critical"),
        (lambda v: (v[0] - 1) ** 2 + 2 * (v[1] + 3) ** 2, [1.0, -3.0], "minimum"),
        (lambda v: np.cos(v[0]) + np.cos(v[1]), [0.0, np.pi], "saddle"),
        (lambda v: np.cos(v[0]) + np.cos(v[1]), [0.0, 0.0], "maximum"),
        (lambda v: v[0] ** 2 + v[1] ** 2, [1e-9, 0.0], "minimum"),  # |grad| = 2e-9 <= gtol
        (lambda v: v[0] ** 2 + v[1] ** 2, [1e-8, 0.0], "not critical"),
    ],
)
def test_classify(f, point, kind):
    assert classify(f, point) == kind


def test_classify_gtol():
    def f(v):
        return np.sum(v**2)

    assert classify(f, [0.1, 0.0]) == "not critical"
    assert classify(f, [0.1, 0.0], gtol=0.5) == "minimum"


# --- critical_points (exact SymPy route) ------------------------------------------------------


@pytest.mark.parametrize(
    "expr, symbols, expected",
    [
        (x**2 + y**2, (x, y), [((0, 0), "minimum")]),
        (-(x**2) - y**2, (x, y), [((0, 0), "maximum")]),
        (x**2 - y**2, (x, y), [((0, 0), "saddle")]),
        (x**3, x, [((0,), "inconclusive")]),
        (x**4 + y**2, [x, y], [((0, 0), "inconclusive")]),
        (x**3 - 3 * x * y**2, (x, y), [((0, 0), "inconclusive")]),
        (x**3 - 3 * x, x, [((-1,), "maximum"), ((1,), "minimum")]),
        (x**3 + y**3 - 3 * x * y, (x, y), [((0, 0), "saddle"), ((1, 1), "minimum")]),
        (
            x**4 - 2 * x**2 + y**2,
            (x, y),
            [((-1, 0), "minimum"), ((0, 0), "saddle"), ((1, 0), "minimum")],
        ),
        (
            x**4 / 4 - x**2,
            (x,),
            [((-sympy.sqrt(2),), "minimum"), ((0,), "maximum"), ((sympy.sqrt(2),), "minimum")],
        ),
        (x**2 + y**2 - z**2 + x * y, (x, y, z), [((0, 0, 0), "saddle")]),
        (x**3 / 3 + x, x, []),  # f' = x^2 + 1: only complex roots
        (sympy.exp(x) - 2 * x, x, [((sympy.log(2),), "minimum")]),
    ],
)
def test_critical_points_known_answers(expr, symbols, expected):
    got = critical_points(expr, symbols)
    assert len(got) == len(expected)
    for (point, kind), (want_point, want_kind) in zip(got, expected, strict=True):
        assert kind == want_kind
        assert all(sympy.simplify(a - b) == 0 for a, b in zip(point, want_point, strict=True))
        assert all(isinstance(v, sympy.Expr) for v in point)


@pytest.mark.parametrize(
    "expr, count",
    [
        (x**3 - 3 * x + y**3 - 12 * y, 4),
        (x**3 + y**3 - 3 * x * y, 2),
        (x**4 - 2 * x**2 + y**2 + x * y, 3),
    ],
)
def test_critical_points_are_exact_zeros_of_gradient_and_agree_with_numeric_route(expr, count):
    syms = (x, y)
    f = sympy.lambdify([syms], expr, modules="numpy")
    found = critical_points(expr, syms)
    assert len(found) == count
    for point, kind in found:
        subs = dict(zip(syms, point, strict=True))
        assert all(sympy.simplify(sympy.diff(expr, s).subs(subs)) == 0 for s in syms)
        numeric = np.array([float(v) for v in point])
        assert classify(lambda v: f(v), numeric, gtol=1e-7) == kind


def test_critical_points_sorted_deterministically():
    expr = (x**2 - 1) ** 2 + (y**2 - 4) ** 2
    got = critical_points(expr, (x, y))
    coords = [tuple(float(v) for v in p) for p, _ in got]
    assert coords == sorted(coords)
    assert len(got) == 9
    assert got == critical_points(expr, [x, y])
    kinds = {p: k for p, k in got}
    assert kinds[(sympy.Integer(0), sympy.Integer(0))] == "maximum"
    assert kinds[(sympy.Integer(1), sympy.Integer(2))] == "minimum"
    assert kinds[(sympy.Integer(0), sympy.Integer(2))] == "saddle"


# --- bad input -----------------------------------------------------------------------------------


def test_classify_critical_point_rejects_bad_input():
    with pytest.raises(ValueError, match="square"):
        classify_critical_point(np.ones((2, 3)))
    with pytest.raises(ValueError, match="symmetric"):
        classify_critical_point([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="H must be finite"):
        classify_critical_point([[np.nan, 0.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="tol must be >= 0"):
        classify_critical_point(np.eye(2), tol=-1e-8)
    with pytest.raises(TypeError, match="H must be a number or an array"):
        classify_critical_point("H")


def test_classify_rejects_bad_input():
    with pytest.raises(TypeError, match="f must be a callable"):
        classify("x**2", [0.0])
    with pytest.raises(ValueError, match="x must be finite"):
        classify(lambda v: v[0] ** 2, [np.nan])
    with pytest.raises(ValueError, match="x must be a 1-D array"):
        classify(lambda v: v[0] ** 2, np.zeros((2, 2)))
    with pytest.raises(ValueError, match="gtol must be >= 0"):
        classify(lambda v: v[0] ** 2, [0.0], gtol=-1.0)


def test_critical_points_rejects_bad_input():
    with pytest.raises(TypeError, match="expr must be"):
        critical_points("x +* (", (x,))
    with pytest.raises(TypeError, match="symbols must be"):
        critical_points(x**2, "x")
    with pytest.raises(TypeError, match="symbols must be"):
        critical_points(x**2, 3)
    with pytest.raises(TypeError, match="symbols must be"):
        critical_points(x**2, [])
    with pytest.raises(ValueError, match="symbols must be distinct"):
        critical_points(x**2, [x, x])
    with pytest.raises(ValueError, match="not listed in symbols"):
        critical_points(x**2 + z * y, (x, y))
    with pytest.raises(ValueError, match="non-isolated"):
        critical_points(x**2, (x, y))
    with pytest.raises(ValueError, match="constant"):
        critical_points(sympy.Integer(3), (x,))
