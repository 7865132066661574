"""Chapter 4 and 5 demos: each constructs, updates for 20 seeded random settings drawn from its
own controls, computes what the library and the closed forms say, and renders a static view.

Independent routes used here: the closed form ``x_k = (I - lr H)^k x0`` of gradient descent on
a quadratic, hand-derived Rosenbrock derivatives, hand-derived critical points of polynomials,
and the scalar GD/Newton recursions of ``x1^2 + x2^4/4 - x2^2/2`` iterated in plain Python.
"""

import collections

import numpy as np
import pytest

import dlcalc
from dlcalc.widgets import DEMOS
from dlcalc.widgets.ch04_learning_rate import START_POINTS, X0, rosenbrock
from dlcalc.widgets.ch05_critical import FUNCTIONS
from widget_views import assert_static_view, random_settings, updated

NAMES = ["learning_rate", "predicted_vs_actual", "critical_points", "saddle_escape"]


@pytest.fixture(scope="module")
def demos():
    return {name: DEMOS[name]() for name in NAMES}


# ---------------------------------------------------------------- closed-form checkers
def check_learning_rate(r, lr, kappa, steps):
    lam = np.linalg.eigvalsh(r.H)
    np.testing.assert_allclose(lam, [1.0 / kappa, 1.0], rtol=1e-12)
    v30 = np.array([np.cos(np.pi / 6), np.sin(np.pi / 6)])  # the top eigenvector, eigenvalue 1
    np.testing.assert_allclose(r.H @ v30, v30, rtol=1e-12, atol=1e-15)
    M = np.eye(2) - lr * r.H
    closed = np.array([np.linalg.matrix_power(M, k) @ X0 for k in range(steps + 1)])
    assert r.trajectory.shape == (steps + 1, 2)
    np.testing.assert_allclose(r.trajectory, closed, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(r.losses, [0.5 * x @ r.H @ x for x in closed], rtol=1e-8,
                               atol=1e-14)
    rate = max(abs(1 - lr / kappa), abs(1 - lr))
    np.testing.assert_allclose(r.rate, rate, rtol=1e-12)
    np.testing.assert_allclose([r.max_stable, r.best_step], [2.0, 2.0 / (1.0 + 1.0 / kappa)],
                               rtol=1e-12)
    assert r.converges == (lr < 2.0 - 1e-12)
    if r.converges:
        assert np.all(np.diff(r.losses) <= 1e-15)  # GD on a convex quadratic never goes up


def rosenbrock_derivatives(x):
    """Hand-derived gradient and Hessian of (1 - x1)^2 + 100 (x2 - x1^2)^2."""
    a, b = x
    g = np.array([-2 * (1 - a) - 400 * a * (b - a**2), 200 * (b - a**2)])
    H = np.array([[2 - 400 * b + 1200 * a**2, -400 * a], [-400 * a, 200.0]])
    return g, H


def check_predicted_vs_actual(r, ratio, start):
    x0 = np.array(START_POINTS[start])
    g, H = rosenbrock_derivatives(x0)
    np.testing.assert_allclose(r.g, g, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(r.H, H, rtol=1e-12, atol=1e-12)
    gg, gHg = g @ g, g @ H @ g
    np.testing.assert_allclose([r.eps_star, r.eps_max, r.eps], [gg / gHg, 2 * gg / gHg,
                                                                ratio * gg / gHg], rtol=1e-12)
    np.testing.assert_allclose([r.slope_term, r.curvature_term],
                               [-r.eps * gg, 0.5 * r.eps**2 * gHg], rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(r.f0, rosenbrock(x0), rtol=1e-15)
    np.testing.assert_allclose(r.predicted, r.f0 + r.slope_term + r.curvature_term, rtol=1e-12)
    np.testing.assert_allclose(r.actual, rosenbrock(x0 - r.eps * g), rtol=1e-12)
    np.testing.assert_allclose(r.model_curve, r.f0 - r.ts * gg + 0.5 * r.ts**2 * gHg,
                               rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(r.actual_curve, [rosenbrock(x0 - t * g) for t in r.ts],
                               rtol=1e-12)


# kinds of the critical points, derived by hand from the gradient and Hessian of each function
EXPECTED_KINDS = {
    "x1² − x2² (saddle)": {"saddle": 1},
    "(x1² − 1)² + x2² (double well)": {"minimum": 2, "saddle": 1},
    "x1³ − 3x1 − x2²": {"saddle": 1, "maximum": 1},
    "x1³ + x2³ − 3x1x2": {"saddle": 1, "minimum": 1},
    "x1⁴ + x2⁴ − 4x1x2": {"minimum": 2, "saddle": 1},
    "(x1² − 1)² + (x2² − 1)² (egg crate)": {"minimum": 4, "saddle": 4, "maximum": 1},
    "x1² + x2⁴ (flat along x2)": {"inconclusive": 1},
    "x1³ − 3x1x2² (monkey saddle)": {"inconclusive": 1},
}


def check_critical_points(r, function, radius):
    assert collections.Counter(r.kinds) == EXPECTED_KINDS[function]
    f = dlcalc.widgets.ch05_critical.numeric(FUNCTIONS[function])
    for p, kind, lam in zip(r.points, r.kinds, r.eigenvalues, strict=True):
        np.testing.assert_allclose(dlcalc.gradient_fd(f, p), 0.0, atol=1e-6)
        np.testing.assert_allclose(lam, np.linalg.eigvalsh(dlcalc.hessian_fd(f, p)), atol=1e-4)
        assert dlcalc.classify(f, p) == kind
    X1, X2, F = r.grid
    np.testing.assert_allclose([X1.min(), X1.max(), X2.min(), X2.max()],
                               [-radius, radius, -radius, radius])
    i, j = 37, 81
    np.testing.assert_allclose(F[i, j], f(np.array([X1[i, j], X2[i, j]])), rtol=1e-12)


def saddle_recursions(x0, lr, steps):
    """GD and Newton on x1^2 + x2^4/4 - x2^2/2, coordinate by coordinate, in plain Python."""
    gd, nt = [tuple(x0)], [tuple(x0)]
    for _ in range(steps):
        a, b = gd[-1]
        gd.append((a - lr * 2 * a, b - lr * (b**3 - b)))
        a, b = nt[-1]
        nt.append((0.0, 2 * b**3 / (3 * b**2 - 1)))
    return np.array(gd), np.array(nt)


def check_saddle_escape(r, offset, lr, steps):
    gd, nt = saddle_recursions((1.5, offset), lr, steps)
    k = min(steps, 6)  # Newton's x2 map is chaotic for 1/sqrt5 < |x2| < 1/sqrt3: compare early
    np.testing.assert_allclose(r.gd[: k + 1], gd[: k + 1], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(r.newton[: k + 1], nt[: k + 1], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(r.gd[:, 0], 1.5 * (1 - 2 * lr) ** np.arange(steps + 1),
                               rtol=1e-9, atol=1e-12)
    for traj, end in [(r.gd, r.gd_end), (r.newton, r.newton_end)]:
        near = [kind for p, kind in [((0, -1), "minimum"), ((0, 0), "saddle"), ((0, 1), "minimum")]
                if np.linalg.norm(traj[-1] - p) < 1e-3]
        assert end == (near[0] if near else "none")


CHECKERS = {"learning_rate": check_learning_rate,
            "predicted_vs_actual": check_predicted_vs_actual,
            "critical_points": check_critical_points,
            "saddle_escape": check_saddle_escape}


# ---------------------------------------------------------------- tests
@pytest.mark.parametrize("name", NAMES)
def test_demo_updates_for_seeded_random_settings(demos, name):
    demo = demos[name]
    for params, result in updated(demo, seed=NAMES.index(name)):
        CHECKERS[name](result, **params)


@pytest.mark.parametrize("name", NAMES)
def test_compute_is_pure(demos, name):
    demo = demos[name]
    params = next(random_settings(demo.controls, seed=99))
    a, b = demo.compute(**params), demo.compute(**params)
    for field in vars(a):
        va, vb = getattr(a, field), getattr(b, field)
        if isinstance(va, tuple):
            for xa, xb in zip(va, vb, strict=True):
                np.testing.assert_array_equal(xa, xb)
        else:
            np.testing.assert_array_equal(va, vb)


def test_learning_rate_divergence_past_two_over_lambda_max(demos):
    demo = demos["learning_rate"]
    below = demo.compute(lr=1.9, kappa=10.0, steps=80)
    above = demo.compute(lr=2.1, kappa=10.0, steps=80)
    assert below.converges and below.losses[-1] < 1e-3 * below.losses[0]
    assert not above.converges and above.losses[-1] > 1e3 * above.losses[0]


def test_saddle_escape_gd_leaves_newton_is_drawn(demos):
    demo = demos["saddle_escape"]
    r = demo.compute(offset=0.1, lr=0.25, steps=40)
    assert (r.gd_end, r.newton_end) == ("minimum", "saddle")
    r = demo.compute(offset=0.0, lr=0.25, steps=40)
    assert (r.gd_end, r.newton_end) == ("saddle", "saddle")  # started on the stable line
    r = demo.compute(offset=0.6, lr=0.25, steps=40)
    assert r.newton_end == "minimum"  # beyond 1/sqrt(3): Newton's x2 curvature is positive


def test_predicted_vs_actual_rejects_a_start_without_positive_curvature(demos, monkeypatch):
    # at (0.5, 3) the hand-derived g^T H g is negative: the model has no finite best step
    g, H = rosenbrock_derivatives(np.array([0.5, 3.0]))
    assert g @ H @ g < 0
    monkeypatch.setitem(START_POINTS, "(0.5, 3)", (0.5, 3.0))
    with pytest.raises(ValueError, match="no finite best step"):
        demos["predicted_vs_actual"].compute(ratio=1.0, start="(0.5, 3)")


@pytest.mark.parametrize("name", NAMES)
def test_static_view_is_self_contained_html(demos, name):
    assert_static_view(demos[name])
