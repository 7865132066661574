"""Tests for dlcalc.linesearch.backtracking and Newton with a line search: the accepted step
against the Armijo condition evaluated directly and against the closed-form threshold of the
exact line search on quadratics; damped Newton on the pseudo-Huber loss against its scalar map
x -> x (1 - alpha (1 + x^2)); Newton's affine invariance on a transformed problem."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcalc.autodiff import grad, hessian
from dlcalc.linesearch import backtracking
from dlcalc.stepsize import gradient_descent, newton
from matrices import sym_from_spectrum


@st.composite
def quadratic_problem(draw, max_n=5):
    n = draw(st.integers(1, max_n))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    H = sym_from_spectrum(np.exp(rng.uniform(-2, 2, n)), seed=int(rng.integers(1000)))
    return H, rng.standard_normal(n), rng.standard_normal(n)


def armijo(f, x, g, d, eps, c):
    return f(x + eps * d) <= f(x) + c * eps * (g @ d)


@settings(derandomize=True, deadline=None, max_examples=60)
@given(quadratic_problem(), st.sampled_from([1e-4, 0.1, 0.3]), st.sampled_from([0.5, 0.8]),
       st.sampled_from([0.1, 1.0, 30.0]))
def test_backtracking_on_a_quadratic_against_the_exact_line_search(prob, c, shrink, eps0):
    H, b, x = prob

    def f(y):
        return 0.5 * y @ H @ y - b @ y

    g = H @ x - b
    eps = backtracking(f, x, g, eps0=eps0, c=c, shrink=shrink)
    assert armijo(f, x, g, -g, eps, c)  # the accepted step passes the test ...
    if eps < eps0:  # ... and the one before it did not
        assert not armijo(f, x, g, -g, eps / shrink, c)
    # on a quadratic Armijo holds exactly up to 2 (1 - c) times the exact line search's step,
    # found here on a dense grid of f along -g
    grid = np.linspace(0.0, 3.0 * (g @ g) / (g @ H @ g), 30001)
    pts = x[None, :] - grid[:, None] * g[None, :]  # f evaluated at every grid point at once
    eps_exact = grid[np.argmin(0.5 * np.einsum("ti,ij,tj->t", pts, H, pts) - pts @ b)]
    edge = 2 * (1 - c) * eps_exact
    tol = 3 * (grid[1] - grid[0]) * 2 * (1 - c)
    assert eps <= edge + tol
    assert eps == eps0 or eps >= shrink * edge - tol


def test_backtracking_finds_a_finite_step_where_the_model_has_none():
    # double well at (0.3, 0.5): g^T H g < 0, the model's best step is infinite
    def f(x):
        return (x[0] ** 2 - 1.0) ** 2 + x[1] ** 2

    x = np.array([0.3, 0.5])
    g, H = grad(f)(x), hessian(f)(x)
    assert g @ H @ g < 0
    eps = backtracking(f, x, g, eps0=8.0)
    assert eps == 8.0 * 0.5**k_first(f, x, g, 8.0)
    assert f(x - eps * g) < f(x)


def k_first(f, x, g, eps0, c=1e-4, shrink=0.5):
    """The number of shrinks, counted by plain evaluation of the Armijo test."""
    k = 0
    while not armijo(f, x, g, -g, eps0 * shrink**k, c):
        k += 1
    return k


def test_backtracking_along_a_given_direction():
    H = np.diag([1.0, 10.0])

    def f(x):
        return 0.5 * x @ H @ x

    x = np.array([1.0, 1.0])
    g = H @ x
    d = -np.linalg.solve(H, g)  # the Newton direction: the full step is exact
    assert backtracking(f, x, g, d) == 1.0
    assert backtracking(f, x, g, d, eps0=4.0) == 1.0  # 4 and 2 overshoot, 1 passes


def test_backtracking_rejects_bad_input():
    def f(x):
        return float(x @ x)

    x, g = np.array([1.0, 0.0]), np.array([2.0, 0.0])
    with pytest.raises(TypeError, match="f must be a callable"):
        backtracking(3.0, x, g)
    with pytest.raises(ValueError, match=r"g must have shape \(2,\)"):
        backtracking(f, x, [1.0])
    with pytest.raises(ValueError, match="d must be a descent direction"):
        backtracking(f, x, g, d=g)
    with pytest.raises(ValueError, match="d must be a descent direction"):
        backtracking(f, x, g, d=[0.0, 1.0])
    with pytest.raises(ValueError, match=r"c must be in \(0, 1\)"):
        backtracking(f, x, g, c=1.0)
    with pytest.raises(ValueError, match=r"shrink must be in \(0, 1\)"):
        backtracking(f, x, g, shrink=1.5)
    with pytest.raises(ValueError, match="eps0 must be > 0"):
        backtracking(f, x, g, eps0=0.0)
    with pytest.raises(ValueError, match="f must be finite at x"):
        backtracking(lambda y: math.inf, x, g)
    with pytest.raises(ValueError, match="Armijo condition: is g the gradient"):
        backtracking(f, x, -g, d=g)  # a wrong gradient: d = g is truly uphill


# --- Newton with a line search -------------------------------------------------------------


def pseudo_huber(x):
    return np.sum(np.sqrt(1.0 + x**2))


GPH, HPH = grad(pseudo_huber), hessian(pseudo_huber)


def damped_map(x, alpha):
    """Damped Newton on sqrt(1 + x^2), per coordinate: x - alpha f'/f'' = x (1 - alpha (1 + x²))."""
    return x * (1.0 - alpha * (1.0 + x * x))


@pytest.mark.parametrize("alpha", [0.25, 0.5, 0.75, 1.0])
def test_fixed_damping_has_the_basin_sqrt_of_2_minus_alpha_over_alpha(alpha):
    r = math.sqrt((2 - alpha) / alpha)
    inside = newton(GPH, HPH, [0.98 * r], 40, lr=alpha)[:, 0]
    outside = newton(GPH, HPH, [1.02 * r], 4, lr=alpha)[:, 0]
    for traj in (inside[:6], outside):
        np.testing.assert_allclose(traj[1:], damped_map(traj[:-1], alpha), rtol=1e-9)
    assert abs(inside[-1]) < 1e-3 * r
    assert np.all(np.abs(outside[1:]) > np.abs(outside[:-1]))  # grows at every step
    np.testing.assert_allclose(damped_map(r, alpha), -r, rtol=1e-12)  # +-r: a 2-cycle


def test_half_damped_newton_diverges_from_1_8_and_the_line_search_converges_from_3():
    fixed = newton(GPH, HPH, [1.8], 4, lr=0.5)[:, 0]
    np.testing.assert_allclose(fixed, [1.8, -2.016, 3.0888, -13.190, 1140.7], rtol=1e-4)
    assert abs(newton(GPH, HPH, [3.0], 3, lr=0.5)[-1, 0]) > 1e3
    ls = newton(GPH, HPH, [3.0, -0.4], 8, f=pseudo_huber, line_search=True)
    assert np.all(np.abs(ls[-1]) < 1e-15)
    for x, x_new in zip(ls[:-1], ls[1:], strict=True):
        if not np.any(x):
            continue
        d = -GPH(x) / np.diag(HPH(x))  # the Newton direction of a separable f
        alpha = 1.0
        while pseudo_huber(x + alpha * d) > pseudo_huber(x) + 1e-4 * alpha * GPH(x) @ d:
            alpha /= 2
        np.testing.assert_allclose(x_new, x + alpha * d, rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(ls[1, 0], 3.0 - 30.0 / 8, rtol=1e-12)  # alpha = 1/8 at x = 3
    # near the minimum the full step is kept: Newton's own map -x^3
    k = int(np.argmax(np.abs(ls[:, 0]) < 0.5))
    np.testing.assert_allclose(ls[k + 1 : k + 3, 0], -ls[k : k + 2, 0] ** 3, rtol=1e-9)


def test_line_search_keeps_the_full_step_on_a_quadratic():
    H = sym_from_spectrum([0.01, 1.0, 100.0], seed=3)

    def f(x):
        return 0.5 * x @ H @ x - x.sum()

    traj = newton(lambda x: H @ x - 1.0, lambda x: H, [3.0, -2.0, 1.0], 2, f=f, line_search=True)
    np.testing.assert_allclose(H @ traj[1], 1.0, atol=1e-9)
    np.testing.assert_allclose(traj[2], traj[1], atol=1e-12)


def test_newton_is_affine_invariant_and_gradient_descent_is_not():
    A = np.array([[2.0, 1.0], [0.5, 3.0]])
    b = np.array([0.3, -0.2])

    def f(x):
        return pseudo_huber(x) + 0.1 * x[0] * x[1]

    def f_tilde(y):  # the same function in coordinates x = A y + b
        return f(A @ y + b)

    x0 = np.array([0.6, -0.4])
    y0 = np.linalg.solve(A, x0 - b)
    for kwargs in ({}, {"lr": 0.5}):
        xs = newton(grad(f), hessian(f), x0, 6, **kwargs)
        ys = newton(grad(f_tilde), hessian(f_tilde), y0, 6, **kwargs)
        np.testing.assert_allclose(ys @ A.T + b, xs, rtol=1e-9, atol=1e-12)
    xs = newton(grad(f), hessian(f), x0, 6, f=f, line_search=True)
    ys = newton(grad(f_tilde), hessian(f_tilde), y0, 6, f=f_tilde, line_search=True)
    np.testing.assert_allclose(ys @ A.T + b, xs, rtol=1e-9, atol=1e-12)
    gx = gradient_descent(grad(f), x0, 0.1, 3)
    gy = gradient_descent(grad(f_tilde), y0, 0.1, 3)
    assert np.linalg.norm(gy[1:] @ A.T + b - gx[1:]) > 1e-2


def test_newton_line_search_rejects_bad_input_and_uphill_directions():
    H = np.diag([2.0, -2.0])  # f = x1^2 - x2^2: the Newton direction goes uphill along x2

    def f(x):
        return x[0] ** 2 - x[1] ** 2

    with pytest.raises(ValueError, match="not a descent direction at step 0"):
        newton(lambda x: H @ x, lambda x: H, [0.1, -0.5], 1, f=f, line_search=True)
    with pytest.raises(TypeError, match="needed by line_search=True"):
        newton(lambda x: H @ x, lambda x: H, [0.7, -0.3], 1, line_search=True)
    with pytest.raises(TypeError, match="line_search must be True or False"):
        newton(lambda x: H @ x, lambda x: H, [0.7, -0.3], 1, f=f, line_search="yes")
