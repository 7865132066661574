"""Backtracking (Armijo) line search: the practical heuristic for a step size when the quadratic
model cannot be trusted (``g^T H g <= 0``, or a step too long for the model).

Along a descent direction ``d`` (``g^T d < 0``) try ``eps = eps0, shrink eps0, shrink^2 eps0,
...`` and accept the first step with *sufficient decrease* (the Armijo condition)

    f(x + eps d) <= f(x) + c eps g^T d,        0 < c < 1.

On a quadratic with ``d^T H d > 0`` the condition holds exactly for
``eps <= 2 (1 - c) eps_exact`` with ``eps_exact = -g^T d / d^T H d`` (the exact line search), so
the accepted step lies in ``[shrink * 2 (1 - c) eps_exact, 2 (1 - c) eps_exact]`` unless ``eps0``
itself is shorter (Nocedal & Wright, section 3.1).
"""

import numpy as np

from dlcalc._checks import as_callable, as_finite_float, as_point, as_positive_int, as_vector_like


def _value(f, x):
    with np.errstate(all="ignore"):
        return float(f(x))


def backtracking(f, x, g, d=None, eps0=1.0, c=1e-4, shrink=0.5, max_shrinks=30):
    """Return the first step ``eps = shrink**k * eps0`` (``k = 0, 1, ...``) that satisfies the
    Armijo condition ``f(x + eps d) <= f(x) + c eps g^T d`` (float).

    ``f`` maps ``(n,)`` to a scalar, ``x`` and ``g`` (the gradient of ``f`` at ``x``) have shape
    ``(n,)``; ``d`` is the search direction (default ``-g``, steepest descent) and must point
    downhill, ``g^T d < 0``. ``eps0 > 0``, ``0 < c < 1``, ``0 < shrink < 1``. ValueError when no
    step passes after ``max_shrinks`` shrinks (``g`` is then not the gradient of ``f`` at ``x``,
    or ``f`` is not differentiable there).
    """
    as_callable(f, "f")
    x = as_point(x, "x")
    g = as_vector_like(g, x, "g")
    d = -g if d is None else as_vector_like(d, x, "d")
    eps0 = as_finite_float(eps0, "eps0", positive=True)
    c, shrink = as_finite_float(c, "c"), as_finite_float(shrink, "shrink")
    if not 0 < c < 1:
        raise ValueError(f"c must be in (0, 1), got {c}")
    if not 0 < shrink < 1:
        raise ValueError(f"shrink must be in (0, 1), got {shrink}")
    max_shrinks = as_positive_int(max_shrinks, "max_shrinks", minimum=0)
    slope = float(g @ d)
    if not slope < 0:
        raise ValueError(f"d must be a descent direction (g^T d < 0), got g^T d = {slope:.3g}")
    f0, eps = _value(f, x), eps0
    if not np.isfinite(f0):
        raise ValueError(f"f must be finite at x, got f(x) = {f0}")
    for _ in range(max_shrinks + 1):
        new = _value(f, x + eps * d)  # a non-finite value fails the test
        if np.isfinite(new) and new <= f0 + c * eps * slope:
            return eps
        eps *= shrink
    raise ValueError(
        f"no step down to {eps / shrink:.3g} satisfied the Armijo condition: is g the gradient "
        "of f at x?"
    )
