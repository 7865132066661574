"""Tests for dlcalc.stepsize: model terms against the exact quadratic, step sizes against a fine
line search, GD/Newton against closed-form behaviour on quadratics."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcalc.autodiff import grad, hessian
from dlcalc.stepsize import (
    best_fixed_step,
    condition_number,
    gd_rate,
    gradient_descent,
    max_decreasing_step,
    max_stable_lr,
    newton,
    optimal_step,
    taylor_step_terms,
)
from matrices import sym_from_spectrum


@st.composite
def pd_matrix_and_gradient(draw, max_n=6):
    n = draw(st.integers(1, max_n))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    lam = np.exp(rng.uniform(-3, 3, n))
    return sym_from_spectrum(lam, seed=int(rng.integers(1000))), rng.standard_normal(n)


H3 = sym_from_spectrum([0.5, 2.0, 10.0], seed=1)
G3 = np.array([1.0, -0.5, 2.0])


def model_along_minus_g(g, H, eps):
    """Quadratic f(x) = g.x + 1/2 x^T H x (value 0, gradient g, Hessian H at 0) at -eps g."""
    x = -eps * g
    return g @ x + 0.5 * x @ H @ x


# --- the two model terms and the step sizes ----------------------------------------------------


@pytest.mark.parametrize("eps", [-0.3, 0.0, 0.01, 0.2, 1.5])
def test_taylor_step_terms_sum_to_exact_change_on_a_quadratic(eps):
    slope, curv = taylor_step_terms(G3, H3, eps)
    assert slope == pytest.approx(-eps * np.sum(G3**2), abs=1e-15)
    assert slope + curv == pytest.approx(model_along_minus_g(G3, H3, eps), rel=1e-12, abs=1e-15)


def test_optimal_step_minimises_model_along_minus_g():
    eps_star = optimal_step(G3, H3)
    grid = np.linspace(0.0, 4 * eps_star, 40001)
    steps = -grid[:, None] * G3  # the points x = -eps g, one per row
    values = steps @ G3 + 0.5 * np.einsum("ti,ij,tj->t", steps, H3, steps)
    assert eps_star == pytest.approx(grid[int(np.argmin(values))], abs=grid[1])


def test_max_decreasing_step_is_where_model_returns_to_start():
    eps_max = max_decreasing_step(G3, H3)
    assert eps_max == pytest.approx(2 * optimal_step(G3, H3), rel=1e-15)
    assert model_along_minus_g(G3, H3, eps_max) == pytest.approx(0.0, abs=1e-12)
    assert model_along_minus_g(G3, H3, 0.99 * eps_max) < 0 < model_along_minus_g(
        G3, H3, 1.01 * eps_max
    )


def test_steps_are_infinite_without_positive_curvature_along_g():
    H = np.diag([1.0, 0.0, -2.0])
    for g in ([0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.1, 0.0, 1.0]):
        assert optimal_step(g, H) == math.inf
        assert max_decreasing_step(g, H) == math.inf
    assert optimal_step([1.0, 0.0, 0.0], H) == pytest.approx(1.0)


@settings(derandomize=True, deadline=None, max_examples=50)
@given(pd_matrix_and_gradient())
def test_optimal_step_at_least_one_over_lambda_max(Hg):
    H, g = Hg
    lam = np.linalg.eigvalsh(H)
    assert optimal_step(g, H) >= (1 - 1e-12) / lam[-1]
    assert optimal_step(g, H) <= (1 + 1e-12) / lam[0]
    top = np.linalg.eigh(H)[1][:, -1]
    assert optimal_step(top, H) == pytest.approx(1 / lam[-1], rel=1e-10)


def test_max_stable_lr_condition_number_and_rates():
    H = np.diag([1.0, 4.0, 10.0])
    assert max_stable_lr(H) == pytest.approx(0.2)
    assert max_stable_lr(-np.eye(2)) == math.inf
    assert max_stable_lr(np.zeros((2, 2))) == math.inf
    assert condition_number(H) == pytest.approx(np.linalg.cond(H), rel=1e-12)
    assert condition_number(np.diag([0.0, 1.0])) == math.inf
    assert condition_number(np.diag([-1.0, 1.0])) == math.inf
    kappa = 10.0
    assert best_fixed_step(H) == pytest.approx(2 / 11)
    assert gd_rate(H, best_fixed_step(H)) == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-12)
    assert gd_rate(H, max_stable_lr(H)) == pytest.approx(1.0, rel=1e-12)
    for lr in np.linspace(0.01, 0.25, 49):  # no fixed step beats the best one
        assert gd_rate(H, lr) >= gd_rate(H, best_fixed_step(H)) - 1e-15


# --- gradient descent -------------------------------------------------------------------------


def test_gradient_descent_trajectory_shape_and_first_step():
    traj = gradient_descent(lambda x: H3 @ x, [1.0, 2.0, 3.0], 0.1, 5)
    assert traj.shape == (6, 3)
    np.testing.assert_array_equal(traj[0], [1.0, 2.0, 3.0])
    np.testing.assert_allclose(traj[1], np.array([1.0, 2.0, 3.0]) - 0.1 * H3 @ [1.0, 2.0, 3.0])
    assert gradient_descent(lambda x: H3 @ x, np.ones(3), 0.1, 0).shape == (1, 3)


@pytest.mark.parametrize("factor, converges", [(0.5, True), (0.95, True), (1.05, False)])
def test_gradient_descent_stability_threshold(factor, converges):
    lr = factor * max_stable_lr(H3)
    traj = gradient_descent(lambda x: H3 @ x, np.ones(3), lr, 400)
    final = np.linalg.norm(traj[-1]) / np.linalg.norm(traj[0])
    if converges:
        assert final < 1e-6
    else:
        assert final > 1e3


def test_best_fixed_step_rate_matches_observed_contraction():
    lam, V = np.linalg.eigh(H3)
    x0 = V[:, 0] + V[:, -1]  # extreme eigen-directions contract at exactly the rate
    traj = gradient_descent(lambda x: H3 @ x, x0, best_fixed_step(H3), 30)
    ratios = np.linalg.norm(traj[1:], axis=1) / np.linalg.norm(traj[:-1], axis=1)
    kappa = condition_number(H3)
    np.testing.assert_allclose(ratios, (kappa - 1) / (kappa + 1), rtol=1e-8)


def test_gradient_descent_divergence_overflows_cleanly():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = gradient_descent(lambda x: 10.0 * x, [1.0, -1.0], 1.0, 2000)
    first_bad = np.flatnonzero(~np.all(np.isfinite(traj), axis=1))[0]
    assert np.all(np.isfinite(traj[:first_bad]))
    assert np.all(np.isnan(traj[first_bad + 1 :]))
    assert np.all(np.abs(traj[first_bad - 1]) > 1e300)


def test_gradient_descent_with_autodiff_gradient():
    def f(x):
        return (x[0] - 1.0) ** 2 + 3.0 * (x[1] + 2.0) ** 2 + 0.1 * x[0] ** 4

    traj = gradient_descent(grad(f), [3.0, 3.0], 0.05, 500)
    np.testing.assert_allclose(grad(f)(traj[-1]), 0.0, atol=1e-10)


# --- Newton ---------------------------------------------------------------------------------------


def test_newton_solves_quadratic_in_one_step():
    b = np.array([1.0, -2.0, 0.5])
    traj = newton(lambda x: H3 @ x - b, lambda x: H3, [5.0, 5.0, 5.0], 1)
    assert traj.shape == (2, 3)
    np.testing.assert_allclose(H3 @ traj[1] - b, 0.0, atol=1e-12)


def test_damped_newton_shrinks_error_by_one_minus_lr():
    b = np.array([1.0, -2.0, 0.5])
    x_star = newton(lambda x: H3 @ x - b, lambda x: H3, np.zeros(3), 1)[1]
    traj = newton(lambda x: H3 @ x - b, lambda x: H3, np.zeros(3), 4, lr=0.5)
    errors = np.linalg.norm(traj - x_star, axis=1)
    np.testing.assert_allclose(errors[1:] / errors[:-1], 0.5, rtol=1e-9)


def test_newton_is_attracted_to_a_saddle():
    H = np.diag([2.0, -2.0])  # f = x1^2 - x2^2
    traj = newton(lambda x: H @ x, lambda x: H, [0.7, -0.3], 1)
    np.testing.assert_allclose(traj[1], 0.0, atol=1e-15)


def test_newton_converges_quadratically_with_autodiff():
    def f(x):
        return np.exp(x[0]) - 2.0 * x[0]  # minimum at log 2

    traj = newton(grad(f), hessian(f), [1.5], 6)
    errors = np.abs(traj[:, 0] - np.log(2.0))
    assert errors[-1] < 1e-14
    assert errors[3] < errors[2] ** 2  # quadratic convergence (f'''/2f'' < 1 near log 2)


def test_newton_singular_hessian_raises_naming_the_step():
    H = np.diag([1.0, 1.0])

    def hess(x):
        return H if x[0] > 0.5 else np.diag([1.0, 0.0])

    with pytest.raises(ValueError, match="singular Hessian at step 1"):
        newton(lambda x: H @ x - np.array([0.2, 0.0]), hess, [1.0, 1.0], 3)
    with pytest.raises(ValueError, match="singular Hessian at step 0"):
        newton(lambda x: x, lambda x: np.diag([1.0, 1e-17]), [1.0, 1.0], 1)
    with pytest.raises(ValueError, match="singular Hessian at step 0"):
        newton(lambda x: x, lambda x: np.zeros((2, 2)), [1.0, 1.0], 1)


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [optimal_step, max_decreasing_step])
def test_step_functions_reject_bad_input(fn):
    with pytest.raises(ValueError, match="g must be a non-zero gradient"):
        fn([0.0, 0.0], np.eye(2))
    with pytest.raises(ValueError, match="square"):
        fn([1.0, 0.0], np.ones((2, 3)))
    with pytest.raises(ValueError, match="symmetric"):
        fn([1.0, 0.0], [[1.0, 1.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match=r"g must have shape \(2,\)"):
        fn([1.0, 0.0, 0.0], np.eye(2))
    with pytest.raises(ValueError, match="g must be finite"):
        fn([np.nan, 1.0], np.eye(2))
    with pytest.raises(ValueError, match="H must be finite"):
        fn([1.0, 1.0], [[np.inf, 0.0], [0.0, 1.0]])


def test_taylor_step_terms_and_matrix_functions_reject_bad_input():
    with pytest.raises(ValueError, match="eps must be finite"):
        taylor_step_terms([1.0], [[1.0]], np.nan)
    with pytest.raises(TypeError, match="eps must be a real number"):
        taylor_step_terms([1.0], [[1.0]], "0.1")
    with pytest.raises(ValueError, match=r"g must have shape \(1,\)"):
        taylor_step_terms([1.0, 2.0], [[1.0]], 0.1)
    for fn in (max_stable_lr, condition_number, best_fixed_step):
        with pytest.raises(ValueError, match="symmetric"):
            fn([[1.0, 2.0], [0.0, 1.0]])
        with pytest.raises(ValueError, match="square"):
            fn(np.ones((2, 3)))
    with pytest.raises(ValueError, match="H must be positive definite"):
        best_fixed_step(np.diag([1.0, -1.0]))
    with pytest.raises(ValueError, match="lr must be finite"):
        gd_rate(np.eye(2), np.inf)


def test_iterations_reject_bad_input():
    def g(x):
        return x

    with pytest.raises(TypeError, match="grad_fn must be a callable"):
        gradient_descent(np.eye(2), [1.0, 1.0], 0.1, 3)
    with pytest.raises(ValueError, match="lr must be > 0"):
        gradient_descent(g, [1.0, 1.0], 0.0, 3)
    with pytest.raises(ValueError, match="steps must be >= 0"):
        gradient_descent(g, [1.0, 1.0], 0.1, -1)
    with pytest.raises(TypeError, match="steps must be an integer"):
        gradient_descent(g, [1.0, 1.0], 0.1, 2.5)
    with pytest.raises(ValueError, match="x0 must be finite"):
        gradient_descent(g, [np.nan, 1.0], 0.1, 3)
    with pytest.raises(ValueError, match=r"grad_fn must return shape \(2,\), got \(3,\) at step 0"):
        gradient_descent(lambda x: np.ones(3), [1.0, 1.0], 0.1, 3)
    with pytest.raises(TypeError, match="hess_fn must be a callable"):
        newton(g, None, [1.0, 1.0], 3)
    with pytest.raises(ValueError, match=r"hess_fn must return shape \(2, 2\)"):
        newton(g, lambda x: np.eye(3), [1.0, 1.0], 3)
    with pytest.raises(ValueError, match=r"grad_fn must return shape \(2,\)"):
        newton(lambda x: 1.0, lambda x: np.eye(2), [1.0, 1.0], 3)
    with pytest.raises(ValueError, match="lr must be > 0"):
        newton(g, lambda x: np.eye(2), [1.0, 1.0], 3, lr=-1.0)
