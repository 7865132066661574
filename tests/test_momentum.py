"""Tests for dlcalc.momentum: the heavy-ball trajectory against the closed form of its stacked
linear recursion on quadratics, its rate against the eigenvalues of the 2x2 iteration matrices
(NumPy's eig), the optimal parameters against the closed-form rate (sqrt(k) - 1)/(sqrt(k) + 1)
and a grid search, and the asymptotic rate against ||e_k||^(1/k) over long runs."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcalc.momentum import heavy_ball, heavy_ball_rate, optimal_momentum
from dlcalc.stepsize import gd_rate, gradient_descent
from matrices import sym_from_spectrum


def iteration_matrix(lam, lr, beta):
    return np.array([[1.0 + beta - lr * lam, -beta], [1.0, 0.0]])


def rate_by_eig(H, lr, beta):
    return max(np.max(np.abs(np.linalg.eigvals(iteration_matrix(lam, lr, beta))))
               for lam in np.linalg.eigvalsh(H))


@st.composite
def problem(draw, max_n=5):
    n = draw(st.integers(1, max_n))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    H = sym_from_spectrum(np.exp(rng.uniform(-3, 1, n)), seed=int(rng.integers(1000)))
    return H, float(rng.uniform(0.01, 3.0)), float(rng.uniform(0.0, 0.99)), rng.standard_normal(n)


@settings(derandomize=True, deadline=None, max_examples=60)
@given(problem())
def test_rate_is_the_spectral_radius_of_the_two_by_two_iterations(p):
    H, lr, beta, _ = p
    assert heavy_ball_rate(H, lr, beta) == pytest.approx(rate_by_eig(H, lr, beta), rel=1e-7)
    assert heavy_ball_rate(H, lr, 0.0) == pytest.approx(gd_rate(H, lr), rel=1e-12)


@settings(derandomize=True, deadline=None, max_examples=40)
@given(problem())
def test_trajectory_is_the_stacked_linear_recursion(p):
    H, lr, beta, x0 = p
    n, steps = len(x0), 12
    M = np.block([[(1 + beta) * np.eye(n) - lr * H, -beta * np.eye(n)],
                  [np.eye(n), np.zeros((n, n))]])
    state = np.concatenate([x0, x0])  # x_{-1} = x_0
    closed = [x0]
    for _ in range(steps):
        state = M @ state
        closed.append(state[:n])
    traj = heavy_ball(lambda x: H @ x, x0, lr, beta, steps)
    scale = max(1.0, float(np.max(np.abs(closed))))
    np.testing.assert_allclose(traj, closed, rtol=1e-9, atol=1e-12 * scale)


def test_beta_zero_is_gradient_descent():
    H = sym_from_spectrum([0.1, 1.0, 3.0], seed=2)
    x0 = np.array([1.0, -2.0, 0.5])
    np.testing.assert_array_equal(heavy_ball(lambda x: H @ x, x0, 0.3, 0.0, 20),
                                  gradient_descent(lambda x: H @ x, x0, 0.3, 20))


@pytest.mark.parametrize("kappa", [2.0, 9.0, 49.0, 1e3])
def test_optimal_parameters_give_the_closed_form_rate(kappa):
    H = sym_from_spectrum([1.0 / kappa, kappa**-0.5, 1.0], seed=5)
    lr, beta = optimal_momentum(H)
    s = math.sqrt(kappa)
    np.testing.assert_allclose([lr, beta], [4 / (1 + 1 / s) ** 2, ((s - 1) / (s + 1)) ** 2],
                               rtol=1e-9)
    rate = (s - 1) / (s + 1)
    assert rate_by_eig(H, lr, beta) == pytest.approx(rate, rel=1e-6)  # eig of a defective matrix
    assert heavy_ball_rate(H, lr, beta) == pytest.approx(rate, rel=1e-7)
    assert rate < (kappa - 1) / (kappa + 1)  # beats gradient descent's best fixed step
    for dl in (0.97, 1.03):  # no nearby (lr, beta) does better
        for db in (0.97, 1.03):
            assert rate_by_eig(H, lr * dl, min(beta * db, 0.999)) > rate * (1 + 1e-6)


@pytest.mark.parametrize("kappa", [9.0, 49.0])
def test_long_run_error_root_approaches_the_rate(kappa):
    H = np.diag([1.0, 1.0 / kappa])
    lr, beta = optimal_momentum(H)
    rate = math.sqrt(beta)
    steps = min(1000, int(140 / -math.log10(rate)))  # errors above 1e-140: norm() squares
    traj = heavy_ball(lambda x: H @ x, [1.0, 1.0], lr, beta, steps)
    errors = np.linalg.norm(traj, axis=1)
    k = np.arange(1, steps + 1)
    roots = errors[1:] ** (1 / k)
    assert rate < roots[-1] < rate * (10 * steps) ** (1 / steps) < 1.03 * rate
    # defective at the extreme eigenvalues: e_k ~ k rate^k, so k-th roots exceed the rate and
    # the error divided by k rate^k stays between two positive bounds
    assert np.all(roots[99:] > rate)
    kk = np.arange(100, steps + 1)
    scaled = errors[100:] / (kk * rate**kk)
    assert 0 < scaled.min() and scaled.max() < 10 * scaled.min()
    gd = gradient_descent(lambda x: H @ x, [1.0, 1.0], 2 / (1 + 1 / kappa), 200)
    assert np.linalg.norm(traj[200]) < np.linalg.norm(gd[200])


def test_divergent_heavy_ball_overflows_cleanly():
    traj = heavy_ball(lambda x: 10.0 * x, [1.0], 1.0, 0.5, 2000)
    bad = np.flatnonzero(~np.isfinite(traj[:, 0]))
    assert bad.size and np.all(np.isnan(traj[bad[0] + 1 :]))
    assert heavy_ball_rate(np.array([[10.0]]), 1.0, 0.5) > 1


def test_bad_input():
    H = np.eye(2)
    with pytest.raises(ValueError, match=r"beta must be in \[0, 1\)"):
        heavy_ball(lambda x: x, [1.0, 1.0], 0.1, 1.0, 3)
    with pytest.raises(ValueError, match=r"beta must be in \[0, 1\)"):
        heavy_ball(lambda x: x, [1.0, 1.0], 0.1, -0.2, 3)
    with pytest.raises(ValueError, match="lr must be > 0"):
        heavy_ball(lambda x: x, [1.0, 1.0], 0.0, 0.5, 3)
    with pytest.raises(TypeError, match="grad_fn must be a callable"):
        heavy_ball(H, [1.0, 1.0], 0.1, 0.5, 3)
    with pytest.raises(ValueError, match=r"grad_fn must return shape \(2,\)"):
        heavy_ball(lambda x: np.ones(3), [1.0, 1.0], 0.1, 0.5, 3)
    with pytest.raises(ValueError, match="symmetric"):
        heavy_ball_rate([[1.0, 2.0], [0.0, 1.0]], 0.1, 0.5)
    with pytest.raises(ValueError, match="H must be positive definite"):
        optimal_momentum(np.diag([1.0, 0.0]))
    with pytest.raises(TypeError, match="beta must be a real number"):
        heavy_ball_rate(H, 0.1, "0.5")
