"""The chapter-4 momentum demo: it constructs, updates for seeded random settings of its own
controls, and its pure compute agrees with independent routes: the closed-form rates
(kappa - 1)/(kappa + 1) and (sqrt(kappa) - 1)/(sqrt(kappa) + 1), NumPy's eigenvalues of the
2x2 heavy-ball iteration matrices, and the heavy-ball recursion iterated here in plain NumPy."""

import math

import numpy as np
import pytest

from dlcalc.widgets import DEMOS
from dlcalc.widgets.ch04_momentum import STEPS, X0
from widget_views import assert_static_view, random_settings, updated


@pytest.fixture(scope="module")
def demo():
    return DEMOS["momentum"]()


def recursion(H, lr, beta, steps):
    xs, prev = [X0.copy()], X0.copy()
    for _ in range(steps):
        x = xs[-1]
        xs.append(x - lr * (H @ x) + beta * (x - prev))
        prev = x
    return np.array(xs)


def spectral_radius(H, lr, beta):
    return max(np.max(np.abs(np.linalg.eigvals([[1 + beta - lr * lam, -beta], [1.0, 0.0]])))
               for lam in np.linalg.eigvalsh(H))


def check(r, beta, lr, kappa):
    np.testing.assert_allclose(np.linalg.eigvalsh(r.H), [1.0 / kappa, 1.0], rtol=1e-12)
    s = math.sqrt(kappa)
    np.testing.assert_allclose(r.gd_lr, 2 / (1 + 1 / kappa), rtol=1e-12)
    np.testing.assert_allclose(r.gd_rate, (kappa - 1) / (kappa + 1), rtol=1e-12)
    np.testing.assert_allclose([r.best_lr, r.best_beta], [4 / (1 + 1 / s) ** 2,
                                                          ((s - 1) / (s + 1)) ** 2], rtol=1e-12)
    np.testing.assert_allclose(r.best_rate, (s - 1) / (s + 1), rtol=1e-6)
    np.testing.assert_allclose(r.hb_rate, spectral_radius(r.H, lr, beta), rtol=1e-6, atol=1e-7)
    with np.errstate(all="ignore"):
        hb = recursion(r.H, lr, beta, STEPS)
        gd = recursion(r.H, r.gd_lr, 0.0, STEPS)
    ok = np.all(np.isfinite(hb), axis=1) & np.all(np.abs(hb) < 1e100, axis=1)
    np.testing.assert_allclose(r.hb[ok], hb[ok], rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(r.gd, gd, rtol=1e-8, atol=1e-14)
    np.testing.assert_allclose(r.gd_errors, np.linalg.norm(gd, axis=1), rtol=1e-8, atol=1e-14)


def test_updates_for_seeded_random_settings(demo):
    for params, result in updated(demo, seed=7):
        check(result, **params)


def test_defaults_are_the_optimum_and_beat_gradient_descent(demo):
    defaults = {name: c.value for name, c in DEMOS["momentum"]().controls.items()}
    assert defaults == {"beta": 0.5625, "lr": 3.0625, "kappa": 49}
    r = demo.compute(**defaults)
    np.testing.assert_allclose([r.beta, r.lr], [r.best_beta, r.best_lr], rtol=1e-12)
    np.testing.assert_allclose([r.hb_rate, r.gd_rate], [0.75, 0.96], rtol=1e-6)
    # the asymptotic rate shows in the run: ||e_k||^(1/k) is near 0.75 (above it: e_k ~ k 0.75^k)
    root = r.hb_errors[-1] ** (1 / STEPS)
    assert 0.75 < root < 0.75 * (10 * STEPS) ** (1 / STEPS)
    assert r.hb_errors[-1] < 1e-3 * r.gd_errors[-1]


def test_beta_zero_is_gradient_descent_and_too_much_momentum_diverges(demo):
    r = demo.compute(beta=0.0, lr=1.0, kappa=49)
    np.testing.assert_allclose(r.hb_rate, 1 - 1 / 49, rtol=1e-12)
    r = demo.compute(beta=0.0, lr=3.0625, kappa=49)  # past 2/lambda_max without momentum
    assert r.hb_rate > 1 and r.hb_errors[-1] > r.hb_errors[0]
    r = demo.compute(beta=0.9, lr=4.0, kappa=49)  # past 2 (1 + beta) / lambda_max = 3.8
    assert r.hb_rate > 1


def test_compute_is_pure(demo):
    params = next(random_settings(demo.controls, seed=11))
    a, b = demo.compute(**params), demo.compute(**params)
    for field in vars(a):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))


def test_static_view_is_self_contained_html(demo):
    imgs = assert_static_view(demo)
    assert len(imgs) == 25  # beta = 0, 0.0375, ..., 0.9: the optimum 0.5625 is frame 15
    assert 'data-frame="15"' in next(img for img in imgs if "hidden" not in img)
