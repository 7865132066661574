"""Step sizes from the quadratic model, and the two iterations they govern (GD and Newton).

Along ``-g`` the model is ``f(x0 - eps g) ~ f(x0) - eps g^T g + 1/2 eps^2 g^T H g``; on a
quadratic with positive definite ``H``, gradient descent with step ``lr`` contracts the error by
the spectral radius of ``I - lr H`` per step, and Newton's step ``-H^{-1} g`` is exact.
Backtracking (Armijo) line search lives in :mod:`dlcalc.linesearch` and the heavy ball in
:mod:`dlcalc.momentum`; both are importable from here too.
"""

import math

import numpy as np

from dlcalc._checks import as_callable, as_finite_float, as_point, as_square_matrix
from dlcalc._iterate import evaluate, iterate
from dlcalc.linesearch import backtracking
from dlcalc.momentum import heavy_ball, heavy_ball_rate, optimal_momentum

__all__ = [
    "backtracking", "best_fixed_step", "condition_number", "gd_rate", "gradient_descent",
    "heavy_ball", "heavy_ball_rate", "max_decreasing_step", "max_stable_lr", "newton",
    "optimal_momentum", "optimal_step", "taylor_step_terms",
]


def _g_and_H(g, H):
    H = as_square_matrix(H, "H", symmetric=True)
    g = as_point(g, "g")
    if g.shape[0] != H.shape[0]:
        raise ValueError(f"g must have shape ({H.shape[0]},) to match H, got {g.shape}")
    return g, H


def _slope_and_curvature(g, H):
    g, H = _g_and_H(g, H)
    gg = float(g @ g)
    if gg == 0.0:
        raise ValueError("g must be a non-zero gradient (g = 0: no step to take)")
    return gg, float(g @ H @ g)


def taylor_step_terms(g, H, eps):
    """Return ``(slope_term, curvature_term) = (-eps g^T g, 1/2 eps^2 g^T H g)`` (floats): the
    two changes the quadratic model predicts for the step ``x0 - eps g``; ``g`` ``(n,)``,
    symmetric ``H`` ``(n, n)``, ``eps`` a real number."""
    g, H = _g_and_H(g, H)
    eps = as_finite_float(eps, "eps")
    return -eps * float(g @ g), 0.5 * eps**2 * float(g @ H @ g)


def optimal_step(g, H):
    """Return ``eps* = g^T g / g^T H g``, the step minimising the quadratic model along ``-g``
    (the exact line search on a quadratic); ``math.inf`` when ``g^T H g <= 0`` (the model
    decreases without bound). ``g = 0`` raises ValueError (no step to take)."""
    gg, gHg = _slope_and_curvature(g, H)
    return gg / gHg if gHg > 0 else math.inf


def max_decreasing_step(g, H):
    """Return ``2 g^T g / g^T H g``: the model value decreases exactly for ``0 < eps`` below it;
    ``math.inf`` when ``g^T H g <= 0``. ``g = 0`` raises ValueError."""
    gg, gHg = _slope_and_curvature(g, H)
    return 2.0 * gg / gHg if gHg > 0 else math.inf


def _extreme_eigenvalues(H):
    lam = np.linalg.eigvalsh(as_square_matrix(H, "H", symmetric=True))
    return float(lam[0]), float(lam[-1])


def max_stable_lr(H):
    """Return ``2 / lambda_max(H)``: gradient descent on a quadratic with positive definite
    ``H`` converges exactly for ``0 < lr < 2 / lambda_max``. ``math.inf`` when
    ``lambda_max <= 0``: no curvature limits the step, but then GD does not converge at all
    (the quadratic is unbounded below or flat along some direction)."""
    lam_max = _extreme_eigenvalues(H)[1]
    return 2.0 / lam_max if lam_max > 0 else math.inf


def condition_number(H):
    """Return ``kappa = lambda_max / lambda_min`` of the symmetric ``H``; ``math.inf`` unless
    ``H`` is positive definite (``lambda_min <= 0``)."""
    lam_min, lam_max = _extreme_eigenvalues(H)
    return lam_max / lam_min if lam_min > 0 else math.inf


def best_fixed_step(H):
    """Return ``2 / (lambda_min + lambda_max)``, the fixed step minimising the GD contraction
    factor on a quadratic with positive definite ``H``; that factor (:func:`gd_rate`) is then
    ``(kappa - 1) / (kappa + 1)``. ValueError unless ``H`` is positive definite."""
    lam_min, lam_max = _extreme_eigenvalues(H)
    if lam_min <= 0:
        raise ValueError(f"H must be positive definite, got lambda_min = {lam_min:.3g}")
    return 2.0 / (lam_min + lam_max)


def gd_rate(H, lr):
    """Return the spectral radius ``max_i |1 - lr lambda_i|`` of ``I - lr H``: the factor by
    which GD with step ``lr`` shrinks the error on a quadratic with Hessian ``H`` (worst case,
    per step); below 1 exactly when ``0 < lr < 2 / lambda_max`` and ``H`` is positive definite."""
    lam_min, lam_max = _extreme_eigenvalues(H)
    lr = as_finite_float(lr, "lr")
    return max(abs(1.0 - lr * lam_min), abs(1.0 - lr * lam_max))


def gradient_descent(grad_fn, x0, lr, steps):
    """Return the trajectory ``(steps + 1, n)`` of ``x_{t+1} = x_t - lr * grad_fn(x_t)``,
    starting at ``x0`` ``(n,)``; ``grad_fn`` maps ``(n,) -> (n,)`` and ``lr > 0``.

    Divergence is a lesson, not an error: a run with ``lr > 2 / lambda_max`` grows without
    bound. If an iterate overflows (contains inf or NaN), that row is kept and every later row
    is NaN (``grad_fn`` is not called on a non-finite point).
    """
    as_callable(grad_fn, "grad_fn")
    x0 = as_point(x0, "x0")
    lr = as_finite_float(lr, "lr", positive=True)
    shape = x0.shape

    def step(x, t):
        return x - lr * evaluate(grad_fn, x, "grad_fn", shape, t)

    return iterate(step, x0, steps)


def newton(grad_fn, hess_fn, x0, steps, lr=1.0, *, f=None, line_search=False):
    """Return the trajectory ``(steps + 1, n)`` of Newton's method
    ``x_{t+1} = x_t - alpha_t H(x_t)^{-1} grad(x_t)`` from ``x0`` ``(n,)``; ``grad_fn`` maps
    ``(n,) -> (n,)``, ``hess_fn`` ``(n,) -> (n, n)``. ``lr = 1`` is the pure Newton step (exact
    in one step on a quadratic); a fixed ``0 < lr < 1`` is damped Newton (``alpha_t = lr``).

    ``line_search=True`` (needs the objective ``f``) chooses ``alpha_t`` by backtracking from
    ``lr`` (:func:`dlcalc.linesearch.backtracking`, Armijo with ``c = 1e-4``, halving): the full
    step is kept whenever it decreases ``f`` enough. The Newton direction must then point
    downhill (``H`` positive definite along it), else a ValueError names the step.

    Newton needs an invertible Hessian: if ``hess_fn`` returns a singular or numerically
    singular one (condition number above ``1 / (n * machine eps)``) a ValueError names the step.
    Overflow is handled as in :func:`gradient_descent` (later rows NaN). Without a line search
    Newton is attracted to any critical point, saddles and maxima included.
    """
    as_callable(grad_fn, "grad_fn")
    as_callable(hess_fn, "hess_fn")
    x0 = as_point(x0, "x0")
    lr = as_finite_float(lr, "lr", positive=True)
    if not isinstance(line_search, bool):
        raise TypeError(f"line_search must be True or False, got {type(line_search).__name__}")
    if line_search:
        as_callable(f, "f (the objective, needed by line_search=True)")
    n = x0.shape[0]

    def step(x, t):
        g = evaluate(grad_fn, x, "grad_fn", (n,), t)
        H = evaluate(hess_fn, x, "hess_fn", (n, n), t)
        if not (np.all(np.isfinite(H)) and np.all(np.isfinite(g))):
            return np.full(n, np.nan)
        s = np.linalg.svd(H, compute_uv=False)
        if s[-1] <= s[0] * n * np.finfo(np.float64).eps:
            cond = math.inf if s[-1] == 0 else s[0] / s[-1]
            raise ValueError(
                f"hess_fn returned a singular Hessian at step {t} (x = {x}, condition number "
                f"{cond:.3g}): the Newton step H^-1 g is undefined; use damping or gradient descent"
            )
        d = -np.linalg.solve(H, g)
        if not line_search or not np.any(g):  # g = 0: a critical point, nothing to search
            return x + lr * d
        if not g @ d < 0:
            raise ValueError(f"the Newton direction is not a descent direction at step {t} "
                             f"(g^T d = {g @ d:.3g}): H is not positive definite there")
        return x + backtracking(f, x, g, d, eps0=lr) * d

    return iterate(step, x0, steps)
