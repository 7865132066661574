"""Momentum (Polyak's heavy ball): gradient descent with a memory of its last step.

    x_{k+1} = x_k - lr * grad(x_k) + beta * (x_k - x_{k-1}),        x_{-1} = x_0.

On ``f(x) = 1/2 x^T H x`` the error along an eigenvector of ``H`` with eigenvalue ``lambda``
follows the two-term recursion ``e_{k+1} = (1 + beta - lr lambda) e_k - beta e_{k-1}``, i.e. the
2x2 matrix ``[[1 + beta - lr lambda, -beta], [1, 0]]``; its spectral radius, largest over the
eigenvalues, is the asymptotic rate. With ``lr = 4 / (sqrt(lambda_max) + sqrt(lambda_min))^2``
and ``beta = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2`` every eigenvalue gets the same rate
``sqrt(beta) = (sqrt(kappa) - 1) / (sqrt(kappa) + 1)``, against gradient descent's
``(kappa - 1) / (kappa + 1)``. At ``lambda_min`` and ``lambda_max`` the matrix is then defective
(a double root), so the error behaves like ``k rate^k``: the rate is asymptotic, not per step.
"""

import math

import numpy as np

from dlcalc._checks import as_callable, as_finite_float, as_point, as_square_matrix
from dlcalc._iterate import evaluate, iterate


def heavy_ball(grad_fn, x0, lr, beta, steps):
    """Return the trajectory ``(steps + 1, n)`` of
    ``x_{k+1} = x_k - lr * grad_fn(x_k) + beta * (x_k - x_{k-1})`` with ``x_{-1} = x0`` (the
    first step is a plain gradient step); ``grad_fn`` maps ``(n,) -> (n,)``, ``lr > 0``,
    ``0 <= beta < 1``. ``beta = 0`` is :func:`dlcalc.stepsize.gradient_descent`. Overflow is
    handled as there (the first non-finite row is kept, later rows are NaN)."""
    as_callable(grad_fn, "grad_fn")
    x0 = as_point(x0, "x0")
    lr = as_finite_float(lr, "lr", positive=True)
    beta = as_finite_float(beta, "beta")
    if not 0 <= beta < 1:
        raise ValueError(f"beta must be in [0, 1), got {beta}")
    shape = x0.shape
    prev = [x0]

    def step(x, t):
        new = x - lr * evaluate(grad_fn, x, "grad_fn", shape, t) + beta * (x - prev[0])
        prev[0] = x
        return new

    return iterate(step, x0, steps)


def _eigenvalues(H):
    return np.linalg.eigvalsh(as_square_matrix(H, "H", symmetric=True))


def heavy_ball_rate(H, lr, beta):
    """Return the asymptotic rate of :func:`heavy_ball` on ``f = 1/2 x^T H x``: the largest
    modulus of a root of ``z^2 - (1 + beta - lr lambda) z + beta`` over the eigenvalues
    ``lambda`` of the symmetric ``H`` (the spectral radius of the iteration). Below 1 exactly
    when the iteration converges from every start; ``beta = 0`` gives :func:`gd_rate`."""
    lam = _eigenvalues(H)
    lr, beta = as_finite_float(lr, "lr"), as_finite_float(beta, "beta")
    t = 1.0 + beta - lr * lam
    root = np.emath.sqrt(t * t - 4.0 * beta)
    return float(np.max(np.maximum(np.abs(t + root), np.abs(t - root)))) / 2.0


def optimal_momentum(H):
    """Return ``(lr, beta) = (4 / (sqrt(lambda_max) + sqrt(lambda_min))^2,
    ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2)``: the heavy-ball parameters with the smallest
    rate on a quadratic with positive definite ``H``; the rate is then ``sqrt(beta)``.
    ValueError unless ``H`` is positive definite."""
    lam = _eigenvalues(H)
    if lam[0] <= 0:
        raise ValueError(f"H must be positive definite, got lambda_min = {lam[0]:.3g}")
    lo, hi = math.sqrt(lam[0]), math.sqrt(lam[-1])
    return 4.0 / (hi + lo) ** 2, ((hi - lo) / (hi + lo)) ** 2
