"""Tests for dlcalc.finite_diff: closed forms, SymPy's exact derivatives within the error bound
the module docstring promises, the O(h^2) order, and agreement with autodiff."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcalc.autodiff import grad, hessian, jacobian
from dlcalc.finite_diff import gradient_fd, hessian_fd, jacobian_fd

EPS = np.finfo(np.float64).eps
FACTOR = 5.0  # the "small constant factor" of the docstring's error estimates

# (name, numpy function, sympy function of the symbol list, n, domain)
CASES = [
    ("polynomial", lambda x: x[0] ** 4 - 3 * x[0] ** 2 * x[1] + x[1] ** 3 + 2.0,
     lambda s: s[0] ** 4 - 3 * s[0] ** 2 * s[1] + s[1] ** 3 + 2, 2, (-3, 3)),
    ("trig_exp", lambda x: np.sin(3 * x[0]) * np.exp(x[1]) + np.cos(x[0] * x[1]),
     lambda s: sp.sin(3 * s[0]) * sp.exp(s[1]) + sp.cos(s[0] * s[1]), 2, (-1, 1)),
    ("log_sqrt_tanh", lambda x: np.log(1 + x[0] ** 2) * np.sqrt(1 + x[1] ** 2) + np.tanh(x[2]),
     lambda s: sp.log(1 + s[0] ** 2) * sp.sqrt(1 + s[1] ** 2) + sp.tanh(s[2]), 3, (-2, 2)),
    ("large_x", lambda x: x[0] ** 2 * x[1] / 100 + np.sin(x[1] / 50),
     lambda s: s[0] ** 2 * s[1] / 100 + sp.sin(s[1] / 50), 2, (50, 150)),
]


def _symbols(n):
    return sp.symbols(f"x0:{n}", real=True)


def _numeric(symbols, expr):
    fn = sp.lambdify(symbols, expr, "numpy")
    return lambda x: np.array(fn(*x), dtype=np.float64)


def _gradient_bound(f, x, third):
    """eps^(2/3) (s_i^2 |f_iii| / 6 + |f| / s_i): the docstring's error estimate, per entry."""
    s = np.maximum(1.0, np.abs(x))
    return EPS ** (2 / 3) * (s**2 * np.abs(third) / 6 + abs(f(x)) / s)


def _hessian_bound(f, x, fourth_max):
    """eps^(1/2) (s_max^2 |f''''| / 3 + 4 |f| / s_min^2): the docstring's error estimate."""
    s = np.maximum(1.0, np.abs(x))
    return EPS**0.5 * (s.max() ** 2 * fourth_max / 3 + 4 * abs(f(x)) / s.min() ** 2)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_gradient_and_hessian_fd_match_sympy_within_the_promised_error(case):
    _, f, f_sym, n, (lo, hi) = case
    s = _symbols(n)
    expr = f_sym(s)
    exact_grad = _numeric(s, [sp.diff(expr, a) for a in s])
    exact_third = _numeric(s, [sp.diff(expr, a, 3) for a in s])
    exact_hess = _numeric(s, sp.hessian(expr, s))
    fourth = _numeric(s, [sp.diff(expr, a, b, c, d) for a in s for b in s for c in s for d in s])
    for x in np.random.default_rng(11).uniform(lo, hi, size=(4, n)):
        err = np.abs(gradient_fd(f, x) - exact_grad(x))
        assert np.all(err <= FACTOR * _gradient_bound(f, x, exact_third(x))), err
        err = np.abs(hessian_fd(f, x) - exact_hess(x))
        assert np.all(err <= FACTOR * _hessian_bound(f, x, np.abs(fourth(x)).max())), err


def test_jacobian_fd_matches_sympy():
    s = _symbols(3)
    out = [s[0] * sp.cos(s[1]), s[1] * sp.exp(s[2] / 2), s[0] * s[1] * s[2], sp.sin(s[2])]
    exact = _numeric(s, sp.Matrix(out).jacobian(s))
    exact_third = [_numeric(s, [sp.diff(e, a, 3) for a in s]) for e in out]

    def f(x):
        return np.array([x[0] * np.cos(x[1]), x[1] * np.exp(x[2] / 2), x[0] * x[1] * x[2],
                         np.sin(x[2])])

    for x in np.random.default_rng(12).uniform(-2, 2, size=(4, 3)):
        J = jacobian_fd(f, x)
        assert J.shape == (4, 3)
        for i in range(4):
            bound = _gradient_bound(lambda z, i=i: f(z)[i], x, exact_third[i](x))
            assert np.all(np.abs(J[i] - exact(x)[i]) <= FACTOR * bound)


def test_closed_forms_with_a_given_step():
    """Central differences of x^3 give 3x^2 + h^2; of x^4, second differences give 12x^2 + 2h^2;
    the mixed difference of x0^2 x1^2 is exactly 4 x0 x1 (dyadic numbers: no rounding)."""
    h = 2.0**-4
    x = np.array([0.5, -1.25, 3.0])
    np.testing.assert_allclose(gradient_fd(lambda z: np.sum(z**3), x, h=h), 3 * x**2 + h**2,
                               rtol=1e-14)
    H = hessian_fd(lambda z: np.sum(z**4), x, h=h)
    np.testing.assert_allclose(np.diag(H), 12 * x**2 + 2 * h**2, rtol=1e-12)
    np.testing.assert_allclose(H - np.diag(np.diag(H)), 0.0, atol=1e-9)
    H = hessian_fd(lambda z: z[0] ** 2 * z[1] ** 2, x[:2], h=h)
    np.testing.assert_allclose(H, [[2 * x[1] ** 2, 4 * x[0] * x[1]],
                                   [4 * x[0] * x[1], 2 * x[0] ** 2]], rtol=1e-12)


def test_error_is_second_order_in_h():
    """Halving h divides the (truncation-dominated) error by 4: the O(h^2) of the docstring."""
    x = np.array([0.7, -0.4])

    def f(z):
        return np.sin(2 * z[0]) * np.exp(z[1])

    g, H = grad(f)(x), hessian(f)(x)
    for fd, exact in ((gradient_fd, g), (hessian_fd, H)):
        e1 = np.max(np.abs(fd(f, x, h=1e-2) - exact))
        e2 = np.max(np.abs(fd(f, x, h=5e-3) - exact))
        assert 3.6 < e1 / e2 < 4.4


def test_default_step_balances_truncation_and_round_off():
    x = np.array([1.3])

    def f(z):
        return np.exp(z[0]) * np.sin(z[0])

    g, H = grad(f)(x), hessian(f)(x)

    def err(fd, exact, h=None):
        return np.max(np.abs(fd(f, x, h=h) - exact))

    assert err(gradient_fd, g) < min(err(gradient_fd, g, 1e-10), err(gradient_fd, g, 1e-2)) / 100
    assert err(hessian_fd, H) < min(err(hessian_fd, H, 1e-7), err(hessian_fd, H, 1e-1)) / 100


def test_hessian_fd_is_exactly_symmetric_and_shapes():
    x = np.array([0.3, -1.1, 2.0])
    H = hessian_fd(CASES[2][1], x)
    assert H.shape == (3, 3)
    np.testing.assert_array_equal(H, H.T)
    assert gradient_fd(CASES[2][1], x).shape == (3,)
    assert jacobian_fd(CASES[2][1], x).shape == (3,)  # scalar f: like dlcalc.jacobian
    assert gradient_fd(lambda z: z[0] ** 2, 1.5).shape == (1,)  # scalar x promoted
    assert hessian_fd(lambda z: z[0] ** 2, 1.5).shape == (1, 1)


@settings(derandomize=True, deadline=None, max_examples=30)
@given(seed=st.integers(0, 2**32 - 1), case_index=st.integers(0, len(CASES) - 1))
def test_property_fd_agrees_with_autodiff_within_the_promised_error(seed, case_index):
    """The bounds use autodiff's own third and fourth derivatives (Jacobians of the Hessian,
    forward over reverse over reverse)."""
    _, f, _, n, (lo, hi) = CASES[case_index]
    x = np.random.default_rng(seed).uniform(lo, hi, size=n)
    third = jacobian(hessian(f), mode="forward")(x)
    fourth = jacobian(jacobian(hessian(f), mode="forward"), mode="forward")(x)
    err = np.abs(gradient_fd(f, x) - grad(f)(x))
    assert np.all(err <= FACTOR * _gradient_bound(f, x, np.einsum("iii->i", third)))
    err = np.abs(hessian_fd(f, x) - hessian(f)(x))
    assert np.all(err <= FACTOR * _hessian_bound(f, x, np.abs(fourth).max()))


# ---- bad input -------------------------------------------------------------------------------
FD = [gradient_fd, jacobian_fd, hessian_fd]


@pytest.mark.parametrize("fd", FD, ids=lambda fd: fd.__name__)
def test_bad_input_is_rejected(fd):
    def f(z):
        return np.sum(z**2)

    with pytest.raises(TypeError, match="f must be a callable function"):
        fd("f", np.ones(2))
    with pytest.raises(ValueError, match="x must be finite"):
        fd(f, np.array([1.0, np.nan]))
    with pytest.raises(ValueError, match="x must be finite"):
        fd(f, [1.0, -np.inf])
    with pytest.raises(ValueError, match=r"x must be a 1-D array of shape \(n,\)"):
        fd(f, np.ones((2, 2)))
    with pytest.raises(ValueError, match="x must have at least one entry"):
        fd(f, [])
    for bad_h in (0.0, -1e-3):
        with pytest.raises(ValueError, match="h must be > 0"):
            fd(f, np.ones(2), h=bad_h)
    with pytest.raises(ValueError, match="h must be finite"):
        fd(f, np.ones(2), h=np.nan)
    with pytest.raises(TypeError, match="h must be a real number"):
        fd(f, np.ones(2), h="small")
    with pytest.raises(ValueError, match="f returned a NaN or infinite value"):
        fd(lambda z: z[0] * np.nan, np.ones(2))
    with pytest.raises(TypeError, match="f must return a number or an array, got NoneType"):
        fd(lambda z: None, np.ones(2))


@pytest.mark.parametrize("fd", [gradient_fd, hessian_fd], ids=lambda fd: fd.__name__)
def test_vector_output_is_rejected_where_a_scalar_is_needed(fd):
    with pytest.raises(ValueError, match=r"f must return a scalar, but f returned shape \(2,\)"):
        fd(lambda z: 2 * z, np.ones(2))
