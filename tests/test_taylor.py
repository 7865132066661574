"""Tests for dlcalc.taylor: the polynomial against sympy.series, the quadratic model against the
exact quadratic and against f itself (error O(|d|^3))."""

import numpy as np
import pytest
import sympy

import dlcalc
from dlcalc.taylor import QuadraticModel, loglog_slope, quadratic_model, taylor_polynomial

x, a = sympy.symbols("x a")


@pytest.mark.parametrize(
    "expr, x0",
    [
        (sympy.sin(x), 0),
        (sympy.exp(x), 1),
        (sympy.log(x), 2),
        (1 / (1 - x), 0),
        (sympy.cos(x) * sympy.exp(x), sympy.pi / 3),
        (sympy.sqrt(1 + x), sympy.Rational(1, 2)),
        (sympy.atan(x), -1),
    ],
)
@pytest.mark.parametrize("order", [0, 1, 2, 3, 6])
def test_taylor_polynomial_matches_sympy_series(expr, x0, order):
    reference = sympy.series(expr, x, x0, order + 1).removeO()
    p = taylor_polynomial(expr, x, x0, order)
    assert sympy.simplify(sympy.expand(p - reference)) == 0
    assert sympy.Poly(p, x).degree() <= order


def test_taylor_polynomial_removable_singularity_uses_limit():
    p = taylor_polynomial(sympy.sin(x) / x, x, 0, 2)
    assert sympy.expand(p - (1 - x**2 / 6)) == 0


def test_taylor_polynomial_of_square_T4():
    # f(x0 + dx) = x0^2 + 2 x0 dx + dx^2: order 1 drops the dx^2 term, order >= 2 is exact
    assert sympy.expand(taylor_polynomial(x**2, x, a, 1) - (a**2 + 2 * a * (x - a))) == 0
    assert sympy.expand(taylor_polynomial(x**2, x, a, 2) - x**2) == 0
    assert sympy.expand(taylor_polynomial(x**2, x, a, 5) - x**2) == 0


def test_taylor_polynomial_accepts_string_and_symbolic_point():
    p = taylor_polynomial("exp(x)", x, a, 2)
    assert sympy.simplify(p - sympy.exp(a) * (1 + (x - a) + (x - a) ** 2 / 2)) == 0


@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_taylor_remainder_is_order_n_plus_one(order):
    # exp about 0: f - p = d^(n+1)/(n+1)! + ..., so the ratio tends to 1/(n+1)!
    p = sympy.lambdify(x, taylor_polynomial(sympy.exp(x), x, 0, order))
    d = 1e-2
    ratio = (np.exp(d) - p(d)) / d ** (order + 1)
    assert ratio == pytest.approx(1 / float(sympy.factorial(order + 1)), rel=2 * d)


# --- quadratic model ---------------------------------------------------------------------------

A = np.array([[3.0, 1.0, -0.5], [1.0, 2.0, 0.0], [-0.5, 0.0, 1.0]])
B = np.array([1.0, -2.0, 0.5])


def quadratic(v):
    return 0.5 * v @ A @ v + B @ v + 4.0


def test_quadratic_model_is_exact_for_a_quadratic():
    x0 = np.array([0.3, -1.0, 2.0])
    q = quadratic_model(quadratic, x0)
    assert isinstance(q, QuadraticModel)
    assert q.value == pytest.approx(quadratic(x0), rel=1e-14)
    np.testing.assert_allclose(q.gradient, A @ x0 + B, rtol=1e-13)
    np.testing.assert_allclose(q.hessian, A, rtol=1e-13)
    np.testing.assert_array_equal(q.x0, x0)
    rng = np.random.default_rng(0)
    for p in rng.standard_normal((10, 3)) * 3:
        assert q(p) == pytest.approx(quadratic(p), rel=1e-12, abs=1e-12)
    batch = rng.standard_normal((4, 5, 3))
    values = q(batch)
    assert values.shape == (4, 5)
    np.testing.assert_allclose(values, [[quadratic(p) for p in row] for row in batch], rtol=1e-12)


def test_quadratic_model_error_is_cubic():
    def f(v):
        return np.sin(v[0]) * np.exp(v[1]) + v[0] ** 3 * v[1]

    x0 = np.array([0.4, -0.3])
    q = quadratic_model(f, x0)
    d = np.array([0.6, -0.8])
    errors = np.array([abs(f(x0 + t * d) - q(x0 + t * d)) for t in (1e-1, 5e-2, 2.5e-2)])
    np.testing.assert_allclose(errors[:-1] / errors[1:], 8.0, rtol=0.1)  # halving t: / 2^3


def test_quadratic_model_one_dimensional_scalar_point():
    q = quadratic_model(lambda v: np.cos(v[0]), 0.0)
    assert q(0.1) == pytest.approx(1 - 0.1**2 / 2, rel=1e-14)
    assert q.gradient.shape == (1,) and q.hessian.shape == (1, 1)


# --- bad input -----------------------------------------------------------------------------------


def test_taylor_polynomial_rejects_bad_input():
    with pytest.raises(TypeError, match="expr must be"):
        taylor_polynomial("x +* (", x, 0, 2)
    with pytest.raises(TypeError, match="expr must be a scalar SymPy expression"):
        taylor_polynomial(sympy.Matrix([x]), x, 0, 2)
    with pytest.raises(TypeError, match="var must be a sympy.Symbol"):
        taylor_polynomial(x**2, "x", 0, 2)
    with pytest.raises(ValueError, match="order must be a non-negative int"):
        taylor_polynomial(x**2, x, 0, -1)
    with pytest.raises(TypeError, match="order must be a non-negative int"):
        taylor_polynomial(x**2, x, 0, 2.0)
    with pytest.raises(TypeError, match="order must be a non-negative int"):
        taylor_polynomial(x**2, x, 0, True)
    with pytest.raises(ValueError, match="x0 must be a number or expression free of x"):
        taylor_polynomial(x**2, x, x + 1, 2)
    with pytest.raises(ValueError, match="x0 must be finite"):
        taylor_polynomial(x**2, x, sympy.oo, 2)
    with pytest.raises(ValueError, match="no finite derivative of order 1"):
        taylor_polynomial(sympy.sqrt(x), x, 0, 2)


def test_quadratic_model_rejects_bad_input():
    with pytest.raises(TypeError, match="f must be a callable"):
        quadratic_model("x**2", [0.0])
    with pytest.raises(ValueError, match="x0 must be finite"):
        quadratic_model(quadratic, [np.nan, 0.0, 0.0])
    with pytest.raises(ValueError, match="f must return a scalar"):
        quadratic_model(lambda v: v * 2, [1.0, 2.0])
    with pytest.raises(ValueError, match="f must be finite at x0"), np.errstate(divide="ignore"):
        quadratic_model(lambda v: np.log(v[0]), [0.0])
    q = quadratic_model(quadratic, np.zeros(3))
    with pytest.raises(ValueError, match=r"x must have shape \(n,\) or \(\.\.\., n\) with n = 3"):
        q([1.0, 2.0])


def test_loglog_slope_recovers_the_exponent_of_a_power_law():
    h = np.logspace(-4, -1, 13)
    for p, c in [(1.0, 3.0), (2.0, 0.5), (3.0, 1e-2)]:
        assert loglog_slope(h, c * h**p) == pytest.approx(p, rel=1e-12)


def test_loglog_slope_matches_the_taylor_remainder_order():
    # sin about 0.5, order n: the remainder is ~ |f^(n+1)(0.5)| h^(n+1) / (n+1)!
    x = sympy.Symbol("x")
    h = np.logspace(-3, -1, 9)
    for n in (1, 2, 3):
        p = sympy.lambdify(x, taylor_polynomial(sympy.sin(x), x, sympy.Rational(1, 2), n))
        err = np.abs(np.sin(0.5 + h) - p(0.5 + h))
        assert abs(loglog_slope(h, err) - (n + 1)) < 0.05


def test_loglog_slope_ignores_round_off_and_large_steps():
    h = np.logspace(-8, 0, 17)
    err = np.maximum(h**2, 1e-13)          # a round-off floor below 1e-11
    err[h > 0.1] = 1.0                     # outside the asymptotic range
    assert loglog_slope(h, err) == pytest.approx(2.0, rel=1e-12)
    assert np.isnan(loglog_slope(h[:2], err[:2]))


def test_loglog_slope_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        loglog_slope(np.ones(3), np.ones(4))
    with pytest.raises(ValueError, match="h must"):
        loglog_slope(np.array([1.0, 0.0, 0.5]), np.ones(3))
    with pytest.raises(ValueError, match="err must"):
        loglog_slope(np.ones(3), np.array([1.0, np.nan, 1.0]))


def test_quadratic_model_is_differentiable_by_dlcalc():
    # q's own derivatives are g + H (x - x0) and H, exactly (autodiff through the model).
    def f(v):
        return np.exp(v[0]) * np.sin(v[1]) + v[0] ** 2 * v[1]

    x0 = np.array([0.3, -0.4])
    q = quadratic_model(f, x0)
    x = np.array([1.1, 0.5])
    np.testing.assert_allclose(dlcalc.grad(q)(x), q.gradient + q.hessian @ (x - x0), rtol=1e-12)
    np.testing.assert_allclose(dlcalc.hessian(q)(x), q.hessian, rtol=1e-12)
