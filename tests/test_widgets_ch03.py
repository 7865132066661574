"""Chapter 3 demos: construct, update for seeded random settings, compute checked against closed
forms and independent routes (NumPy's eigensolver, hand-derived derivatives, three-point circles),
and the static HTML view."""

import re

import numpy as np
import pytest

from dlcalc.curvature import osculating_circle
from dlcalc.widgets import DEMOS
from dlcalc.widgets.ch03_curvature import CURVES, CurvatureStep
from widget_views import assert_static_view, assert_svg_view, updated

NAMES = ["hessian_direction", "curvature_step", "osculating_circle"]
FRAMES = {"hessian_direction": 25, "curvature_step": 17, "osculating_circle": 25}


# -- closed forms / independent routes, one checker per demo ---------------------------------


def check_direction(r, angle, lam_a, lam_b, tilt):
    t, a = np.deg2rad(tilt), np.deg2rad(angle)
    d = np.array([np.cos(a), np.sin(a)])
    np.testing.assert_allclose(r.d, d, atol=1e-15)
    np.testing.assert_allclose(r.H, r.H.T, atol=0)
    np.testing.assert_allclose(np.linalg.eigvalsh(r.H), sorted([lam_a, lam_b]), atol=1e-12)
    np.testing.assert_allclose(r.H @ r.Q, r.Q * [lam_a, lam_b], atol=1e-12)  # columns: va, vb
    np.testing.assert_allclose(r.Q[:, 0], [np.cos(t), np.sin(t)], atol=1e-15)
    # weights: non-negative, sum to one, average the eigenvalues to dᵀHd computed directly
    assert np.all(r.weights >= 0)
    np.testing.assert_allclose(r.weights.sum(), 1.0, rtol=1e-12)
    dHd = float(d @ r.H @ d)
    np.testing.assert_allclose(r.dHd, dHd, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(r.weights @ r.eigenvalues, dHd, rtol=1e-12, atol=1e-12)
    cos2 = np.cos(a - t) ** 2                      # squared cosine of the angle between d and va
    if lam_a == lam_b:
        np.testing.assert_allclose(r.eigenvalues, [lam_a], atol=1e-12)
        np.testing.assert_allclose(r.weights, [1.0], atol=1e-12)
    else:
        expected = [cos2, 1 - cos2] if lam_a < lam_b else [1 - cos2, cos2]
        np.testing.assert_allclose(r.eigenvalues, sorted([lam_a, lam_b]), atol=1e-12)
        np.testing.assert_allclose(r.weights, expected, atol=1e-12)
    lo, hi = min(lam_a, lam_b), max(lam_a, lam_b)
    assert lo - 1e-12 <= r.dHd <= hi + 1e-12
    # the curve over all angles: closed form λa cos² + λb sin², extremes at λmin and λmax
    c2 = np.cos(np.deg2rad(r.angles) - t) ** 2
    np.testing.assert_allclose(r.curve, lam_a * c2 + lam_b * (1 - c2), atol=1e-12)
    np.testing.assert_allclose([r.curve.min(), r.curve.max()], [lo, hi],
                               atol=(hi - lo) * np.sin(np.deg2rad(1.25)) ** 2 + 1e-12)


def check_step(r, curvature, eps):
    c = curvature
    np.testing.assert_allclose(r.g, [1.0], atol=1e-15)
    np.testing.assert_allclose(r.H, [[c]], atol=1e-15)
    np.testing.assert_allclose(r.slope_term, -eps, rtol=1e-15)
    np.testing.assert_allclose(r.curvature_term, 0.5 * c * eps**2, rtol=1e-15, atol=1e-15)
    exact = eps - 0.5 * c * eps**2             # f(0) - f(-eps) for f(x) = x + c x²/2
    np.testing.assert_allclose(r.actual_drop, exact, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(r.linear_drop, eps, rtol=1e-15)
    if c < 0:
        assert r.actual_drop > eps
    elif c > 0:
        assert r.actual_drop < eps
    else:
        assert r.actual_drop == eps


DERIVATIVES = {   # curve -> (y', y'') by hand
    "y = x²/2": (lambda x: x, lambda x: 1.0),
    "y = sin(2x)": (lambda x: 2 * np.cos(2 * x), lambda x: -4 * np.sin(2 * x)),
    "y = x⁴/4 − x²/2": (lambda x: x**3 - x, lambda x: 3 * x**2 - 1),
}


def check_circle(r, x, curve):
    dy, d2y = (fn(x) for fn in DERIVATIVES[curve])
    np.testing.assert_allclose(r.slope, dy, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(r.second, d2y, rtol=1e-12, atol=1e-12)
    kappa = abs(d2y) / (1 + dy**2) ** 1.5
    np.testing.assert_allclose(r.kappa, kappa, rtol=1e-12, atol=1e-12)
    assert r.kappa <= abs(r.second) + 1e-15     # curvature never exceeds |y''|
    if r.center is None:
        assert r.kappa < 1e-12 and r.radius == np.inf
        return
    np.testing.assert_allclose(r.radius, 1 / kappa, rtol=1e-10)
    to_point = np.array([r.x, r.y]) - r.center
    np.testing.assert_allclose(np.linalg.norm(to_point), r.radius, rtol=1e-10)  # on the circle
    np.testing.assert_allclose(to_point @ [1.0, dy], 0.0, atol=1e-9 * r.radius)  # along normal
    assert np.sign(r.center[1] - r.y) == np.sign(d2y)                           # concave side


CHECKS = {"hessian_direction": check_direction, "curvature_step": check_step,
          "osculating_circle": check_circle}


@pytest.fixture(scope="module")
def demos():
    return {name: DEMOS[name]() for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_updates_for_random_settings_and_matches_closed_forms(demos, name):
    demo = demos[name]
    assert demo.main in demo.controls
    CHECKS[name](demo.result, **demo.params())              # the default setting
    assert_svg_view(demo, demo.params())
    for params, result in updated(demo, seed=2024):
        CHECKS[name](result, **params)


@pytest.mark.parametrize("name", NAMES)
def test_static_view(demos, name):
    imgs = assert_static_view(demos[name])
    assert len(imgs) == FRAMES[name]
    assert all(re.search(r'alt="[^"]{40,}"', img) for img in imgs)


def test_direction_extremes_at_eigenvectors(demos):
    demo = demos["hessian_direction"]
    for angle, expected in ((30.0, -1.5), (120.0, 2.5)):   # va at 30°, vb at 120°
        r = demo.compute(angle=angle, lam_a=-1.5, lam_b=2.5, tilt=30.0)
        np.testing.assert_allclose(r.dHd, expected, rtol=1e-12)
        np.testing.assert_allclose(r.weights[0 if expected < 0 else 1], 1.0, atol=1e-12)


def test_step_regimes_match_the_notes():
    assert "more than" in CurvatureStep.regime(-0.5)
    assert "exactly" in CurvatureStep.regime(0.0)
    assert "less than" in CurvatureStep.regime(0.5)


def circumradius(p, q, s):
    a, b, c = np.linalg.norm(q - s), np.linalg.norm(p - s), np.linalg.norm(p - q)
    area = 0.5 * abs((q[0] - p[0]) * (s[1] - p[1]) - (q[1] - p[1]) * (s[0] - p[0]))
    return a * b * c / (4 * area)


@pytest.mark.parametrize("curve", list(CURVES))
@pytest.mark.parametrize("x", [-1.7, -0.4, 0.35, 1.2])
def test_osculating_circle_is_the_limit_of_three_point_circles(curve, x):
    f = CURVES[curve]
    center, radius, _, _ = osculating_circle(f, x)
    s = 1e-3
    pts = [np.array([x + k * s, f(np.array([x + k * s]))]) for k in (-1, 0, 1)]
    np.testing.assert_allclose(circumradius(*pts), radius, rtol=1e-4)


def test_osculating_circle_of_a_circle_is_itself():
    R = 1.5
    center, radius, _, _ = osculating_circle(lambda x: 2.0 - np.sqrt(R**2 - x[0] ** 2), 0.6)
    np.testing.assert_allclose(radius, R, rtol=1e-12)
    np.testing.assert_allclose(center, [0.0, 2.0], atol=1e-12)


def test_osculating_circle_at_an_inflection_point():
    center, radius, slope, second = osculating_circle(CURVES["y = sin(2x)"], 0.0)
    assert center is None and radius == np.inf
    assert slope == 2.0 and second == 0.0
