"""Chapter 1-2 demos: construct, update for seeded random settings, compute against the library
and closed forms, and the static HTML view."""


import numpy as np
import pytest
import sympy

import dlcalc
from dlcalc.widgets import DEMOS
from widget_views import assert_static_view, updated

NAMES = ["taylor_explorer", "taylor_error", "jacobian_chain_cost", "forward_vs_reverse"]


@pytest.fixture(scope="module")
def demos():
    return {name: DEMOS[name]() for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_registered_and_updates_for_random_settings(demos, name):
    demo = demos[name]
    assert demo.main in demo.controls
    list(updated(demo, seed=12345))  # the shared checks run after every update


@pytest.mark.parametrize("name", NAMES)
def test_static_view(demos, name):
    assert_static_view(demos[name])


def test_unknown_parameter_is_rejected(demos):
    with pytest.raises(TypeError, match="unknown parameter"):
        demos["taylor_error"].update(slope=3)


# -- compute against the library ------------------------------------------------------------------
x = sympy.Symbol("x")
EXPRS = {"sin(x)": sympy.sin(x), "exp(x)": sympy.exp(x), "1/(1+x^2)": 1 / (1 + x**2),
         "x^3-2x": x**3 - 2 * x}


@pytest.mark.parametrize("function, x0, order",
                         [("sin(x)", 0.5, 3), ("exp(x)", -1.0, 5), ("1/(1+x^2)", 0.3, 6),
                          ("x^3-2x", 1.2, 2), ("sin(x)", 0.0, 0), ("exp(x)", 0.1, 10)])
def test_explorer_polynomial_is_the_library_polynomial(demos, function, x0, order):
    r = demos["taylor_explorer"].compute(function=function, x0=x0, order=order)
    poly = dlcalc.taylor_polynomial(EXPRS[function], x, x0, order)
    direct = sympy.lambdify(x, poly, "numpy")(r.x)
    np.testing.assert_allclose(r.p, direct, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(r.f, sympy.lambdify(x, EXPRS[function], "numpy")(r.x),
                               rtol=1e-12, atol=1e-14)
    lo, hi = r.band
    assert lo <= x0 <= hi
    inside = (r.x >= lo) & (r.x <= hi)
    assert np.all(r.err[inside] <= demos["taylor_explorer"].tol)


def test_explorer_band_grows_with_order_for_exp(demos):
    radii = [demos["taylor_explorer"].compute(function="exp(x)", x0=0.0, order=n).radius
             for n in range(0, 9)]
    assert all(a <= b for a, b in zip(radii[:-1], radii[1:], strict=True))
    assert radii[-1] > radii[0]


def test_explorer_band_stops_at_radius_of_convergence(demos):
    # 1/(1+x^2) about 0 has radius of convergence 1 (poles at +-i): no order gets past it
    for n in [4, 8, 10]:
        assert demos["taylor_explorer"].compute(function="1/(1+x^2)", x0=0.0, order=n).radius <= 1


@pytest.mark.parametrize("function, x0", [("exp(x)", 0.5), ("sin(x)", 0.7), ("1/(1+x^2)", 0.4)])
def test_error_slopes_are_n_plus_one(demos, function, x0):
    r = demos["taylor_error"].compute(function=function, x0=x0, order=4)
    for n, (slope, expected) in enumerate(zip(r.slopes, r.expected, strict=True), 1):
        assert expected == n + 1  # no derivative vanishes at these points
        assert abs(slope - (n + 1)) <= 0.15


def test_error_slope_skips_vanishing_derivatives(demos):
    # sin about 0: P1 = P2 = x, so both errors are ~ h^3/6; P3 = P4, errors ~ h^5/120
    r = demos["taylor_error"].compute(function="sin(x)", x0=0.0, order=4)
    assert r.expected == [3, 3, 5, 5]
    for slope, e in zip(r.slopes, r.expected, strict=True):
        assert abs(slope - e) <= 0.15
    h = r.h[(r.h > 1e-2) & (r.h < 1e-1)]
    err1 = r.errs[0][(r.h > 1e-2) & (r.h < 1e-1)]
    np.testing.assert_allclose(err1, np.abs(np.sin(h) - h), rtol=1e-6)


def test_cubic_is_reproduced_exactly_from_order_three(demos):
    r = demos["taylor_explorer"].compute(function="x^3-2x", x0=-0.5, order=3)
    assert np.max(r.err) < 1e-10 and r.band == (r.x[0], r.x[-1])
    e = demos["taylor_error"].compute(function="x^3-2x", x0=-0.5, order=4)
    assert e.expected == [2, 3, None, None]
    assert np.max(e.errs[2]) < 1e-12 and np.isnan(e.slopes[3])


def test_chain_cost_against_closed_forms(demos):
    r = demos["jacobian_chain_cost"].compute(n=300, w1=64, w2=32, w3=10, m=1)
    m, w3, w2, w1, n = r.dims
    assert r.left == 2 * (m * w3 * w2 + m * w2 * w1 + m * w1 * n)
    assert r.right == 2 * (w2 * w1 * n + w3 * w2 * n + m * w3 * n)
    assert len(r.flops) == 5 and r.best == min(r.flops)
    assert r.best == r.left and r.left < r.right  # scalar loss: reverse mode is optimal
    square = demos["jacobian_chain_cost"].compute(n=8, w1=8, w2=8, w3=8, m=8)
    assert set(square.flops) == {2 * 3 * 8**3}


def test_chain_cost_mixed_order_wins(demos):
    r = demos["jacobian_chain_cost"].compute(n=100, w1=100, w2=2, w3=100, m=100)
    assert r.best < min(r.left, r.right)
    assert r.best_order == "((G J3) (J2 J1))"


def test_forward_vs_reverse_counts(demos):
    r = demos["forward_vs_reverse"].compute(n=40, m=1, width=16)
    per_pass = 2 * (1 * 16 + 16 * 16 + 16 * 40)
    assert r.forward == (40, 40 * per_pass)
    assert r.reverse == (1, per_pass)
    assert r.curve_forward[39] == r.forward[1] and r.curve_reverse[39] == r.reverse[1]
    wide = demos["forward_vs_reverse"].compute(n=3, m=12, width=8)
    assert wide.forward[1] < wide.reverse[1]  # more outputs than inputs: forward wins
