"""Taylor models: the exact polynomial (SymPy) and the numeric quadratic model (autodiff).

* ``taylor_polynomial(expr, var, x0, order)``: sum_{k<=order} f^(k)(x0) / k! (var - x0)^k.
* ``quadratic_model(f, x0)``: q(x) = f0 + g.(x - x0) + 1/2 (x - x0)^T H (x - x0), the
  second-order model every later chapter speaks (chapters 3-5).
"""

import numbers

import numpy as np
import sympy

from dlcalc._checks import as_callable, as_point, as_sympy_expr
from dlcalc.autodiff import grad, hessian, is_traced


def _derivative_at(dk, var, x0):
    """Return dk evaluated at var = x0, taking the limit where plain substitution fails."""
    value = dk.subs(var, x0)
    if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        value = sympy.limit(dk, var, x0, dir="+-")
    return sympy.simplify(value)


def taylor_polynomial(expr, var, x0, order):
    """Return the order-``order`` Taylor polynomial of ``expr`` in ``var`` about ``x0``.

    The result is the SymPy expression ``sum_{k=0}^{order} f^(k)(x0) / k! * (var - x0)**k``
    (each coefficient simplified; terms with a zero coefficient are dropped). It equals
    ``sympy.series(expr, var, x0, order + 1).removeO()`` up to rearrangement.

    Parameters: ``expr`` anything :func:`sympy.sympify` accepts (an expression or a string);
    ``var`` a :class:`sympy.Symbol`; ``x0`` a number or SymPy expression free of ``var``;
    ``order`` a non-negative ``int``. Where ``f^(k)`` cannot be substituted at ``x0``
    (e.g. ``sin(x)/x`` at 0) its limit is used.
    """
    f = as_sympy_expr(expr, "expr")
    if not isinstance(var, sympy.Symbol):
        raise TypeError(f"var must be a sympy.Symbol, got {type(var).__name__}")
    if isinstance(order, bool) or not isinstance(order, numbers.Integral):
        raise TypeError(f"order must be a non-negative int, got {type(order).__name__}")
    if order < 0:
        raise ValueError(f"order must be a non-negative int, got {order}")
    try:
        a = sympy.sympify(x0)
    except (sympy.SympifyError, TypeError, SyntaxError) as exc:
        raise TypeError(f"x0 must be a number or SymPy expression, got {x0!r}") from exc
    if not isinstance(a, sympy.Expr) or a.has(var):
        raise ValueError(f"x0 must be a number or expression free of {var}, got {x0!r}")
    if a.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        raise ValueError(f"x0 must be finite, got {x0!r}")

    terms = []
    dk = f
    for k in range(int(order) + 1):
        coeff = _derivative_at(dk, var, a) / sympy.factorial(k)
        if coeff.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            raise ValueError(f"expr has no finite derivative of order {k} at x0 = {a}")
        if coeff != 0:
            terms.append(coeff * (var - a) ** k)
        dk = sympy.diff(dk, var)
    return sympy.Add(*terms)


class QuadraticModel:
    """The second-order Taylor model of ``f`` at ``x0`` (built by :func:`quadratic_model`).

    Attributes: ``x0`` ``(n,)``, ``value`` (float, ``f(x0)``), ``gradient`` ``(n,)``,
    ``hessian`` ``(n, n)``. Calling ``q(x)`` with ``x`` of shape ``(n,)`` (or a scalar when
    ``n = 1``) returns a float; with shape ``(..., n)`` (a batch/grid of points along the last
    axis) it returns an array of shape ``(...)``.
    """

    def __init__(self, x0, value, gradient, hessian):
        self.x0 = x0
        self.value = value
        self.gradient = gradient
        self.hessian = hessian

    def __call__(self, x):
        if is_traced(x):  # inside dlcalc.autodiff: grad(q), hessian(q) work
            delta = x - self.x0
            return self.value + delta @ self.gradient + 0.5 * (delta @ (self.hessian @ delta))
        n = self.x0.shape[0]
        arr = np.asarray(x, dtype=np.float64)
        if arr.ndim == 0:
            arr = arr.reshape(1)
        if arr.shape[-1] != n:
            raise ValueError(f"x must have shape (n,) or (..., n) with n = {n}, got {arr.shape}")
        delta = arr - self.x0
        slope = delta @ self.gradient
        curv = 0.5 * np.einsum("...i,ij,...j->...", delta, self.hessian, delta)
        out = self.value + slope + curv
        return float(out) if np.ndim(out) == 0 else out

    def __repr__(self):
        return f"QuadraticModel(x0={self.x0!r}, value={self.value!r})"


def quadratic_model(f, x0):
    """Return the quadratic model ``q`` of the scalar function ``f`` at ``x0``.

    ``q(x) = f(x0) + g.(x - x0) + 1/2 (x - x0)^T H (x - x0)`` with ``g = grad(f)(x0)`` ``(n,)``
    and ``H = hessian(f)(x0)`` ``(n, n)`` from :mod:`dlcalc.autodiff` (exact to round-off).
    ``q`` is a :class:`QuadraticModel` with attributes ``value``, ``gradient``, ``hessian``,
    ``x0``. For a quadratic ``f`` it equals ``f``; in general ``f(x0 + d) - q(x0 + d)`` is
    ``O(|d|^3)``.
    """
    as_callable(f, "f")
    x0 = as_point(x0, "x0")
    value = np.asarray(f(x0), dtype=np.float64)
    if value.size != 1:
        raise ValueError(f"f must return a scalar, got an output of shape {value.shape}")
    value = float(value.reshape(()))
    if not np.isfinite(value):
        raise ValueError(f"f must be finite at x0, got f(x0) = {value}")
    return QuadraticModel(x0, value, np.asarray(grad(f)(x0)), np.asarray(hessian(f)(x0)))


def loglog_slope(h, err, floor=1e-11, h_max=0.1):
    """Return the least-squares slope of ``log err`` against ``log h``: the observed order of an
    error that behaves like ``C h^p`` (a Taylor remainder of order n has slope n + 1).

    ``h`` and ``err`` are 1-D arrays of the same shape ``(k,)``, ``h > 0``. Only points with
    ``err > floor`` (above round-off) and ``h <= h_max`` (the asymptotic range) are fitted;
    the result is ``nan`` when fewer than three points qualify.
    """
    h = np.asarray(h, dtype=np.float64)
    err = np.asarray(err, dtype=np.float64)
    if h.ndim != 1 or err.shape != h.shape:
        raise ValueError(f"h and err must be 1-D arrays of the same shape, got {h.shape} and "
                         f"{err.shape}")
    if not (np.all(np.isfinite(h)) and np.all(h > 0)):
        raise ValueError("h must hold finite step sizes > 0")
    if np.any(np.isnan(err)):
        raise ValueError("err must not contain NaN")
    keep = (err > floor) & (h <= h_max) & np.isfinite(err)
    if np.count_nonzero(keep) < 3:
        return float("nan")
    return float(np.polyfit(np.log(h[keep]), np.log(err[keep]), 1)[0])
