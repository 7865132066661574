"""Derivatives from function values alone: central finite differences in float64.

These are the independent check on :mod:`dlcalc.autodiff` and the book's example of the
truncation / round-off trade-off. With ``eps = 2.2e-16`` (float64 machine epsilon), a step ``h``
in coordinate ``i`` and ``s_i = max(1, |x_i|)``:

* first derivatives, ``(f(x + h e_i) - f(x - h e_i)) / 2h``: truncation ``h^2 |f'''| / 6``
  (order ``O(h^2)``) plus round-off ``eps |f| / h``. They balance at ``h ~ eps^(1/3)``, so the
  default is ``h_i = eps^(1/3) s_i`` (about ``6e-6 s_i``) and the error is
  ``~ eps^(2/3) (s_i^2 |f'''| / 6 + |f| / s_i)``, about ``4e-11`` times the size of ``f`` and
  its third derivative;
* second derivatives from values, ``(f(x+h_i e_i+h_j e_j) - f(x+h_i e_i-h_j e_j)
  - f(x-h_i e_i+h_j e_j) + f(x-h_i e_i-h_j e_j)) / (4 h_i h_j)`` (the diagonal uses
  ``(f(x+h e_i) - 2 f(x) + f(x-h e_i)) / h^2``): truncation ``O(h^2 |f''''|)`` plus round-off
  ``~ 4 eps |f| / h^2``. They balance at ``h ~ eps^(1/4)``: the default is
  ``h_i = eps^(1/4) s_i`` (about ``1.2e-4 s_i``) and the error is
  ``~ eps^(1/2) (s^2 |f''''| / 3 + 4 |f| / s^2)``, about ``1.5e-8`` times the size of ``f`` and
  its fourth derivatives.

Here ``|f'''|`` is the third derivative along coordinate ``i`` and ``|f''''|`` the largest
fourth partial derivative near ``x``; in the Hessian estimate ``s`` is the largest ``s_i`` in
the truncation term and the smallest in the round-off term. The estimates hold up to a small
constant factor (it depends on how accurately ``f`` itself is computed): the tests check them
with a factor of 5, against SymPy's exact derivatives and against autodiff.
The steps are rounded so that ``x + h`` is exactly representable (the difference quotient then
divides by the step actually taken). A user-given ``h`` is used as is, in every coordinate.
"""

import numpy as np

from dlcalc._checks import as_callable, as_finite_float, as_point

__all__ = ["gradient_fd", "hessian_fd", "jacobian_fd"]

EPS = np.finfo(np.float64).eps


def _steps(x, h, power):
    """Per-coordinate steps: ``eps**power * max(1, |x_i|)``, or the user's ``h``."""
    if h is None:
        return EPS**power * np.maximum(1.0, np.abs(x))
    return np.full(x.shape, as_finite_float(h, "h", positive=True))


def _value(f, x, scalar):
    out = f(x)
    try:
        if out is None or isinstance(out, (str, bytes)):
            raise TypeError
        out = np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"f must return a number or an array, got {type(out).__name__}") from None
    if not np.all(np.isfinite(out)):
        raise ValueError(f"f returned a NaN or infinite value at x = {x}")
    if scalar:
        if out.shape not in ((), (1,)):
            raise ValueError(f"f must return a scalar, but f returned shape {out.shape}; "
                             "use jacobian_fd for vector outputs")
        return float(out.reshape(()))
    return out


def jacobian_fd(f, x, h=None):
    """Return the Jacobian of ``f`` at ``x`` by central differences, shape ``(m, n)``.

    ``x`` has shape ``(n,)`` and ``f(x)`` shape ``(m,)``; for a scalar ``f`` the result has
    shape ``(n,)`` (as :func:`dlcalc.jacobian`). Default step ``h_i = eps^(1/3) max(1, |x_i|)``;
    error ``O(h^2)``, about ``eps^(2/3)`` relative (see the module docstring).
    """
    as_callable(f, "f")
    x = as_point(x, "x")
    out_shape = _value(f, x, scalar=False).shape
    steps = _steps(x, h, 1 / 3)
    columns = []
    for i in range(x.size):
        xp, xm = x.copy(), x.copy()
        xp[i] += steps[i]
        xm[i] -= steps[i]
        fp, fm = _value(f, xp, scalar=False), _value(f, xm, scalar=False)
        columns.append((fp - fm) / (xp[i] - xm[i]))
    return np.stack(columns, axis=-1).reshape(out_shape + (x.size,))


def gradient_fd(f, x, h=None):
    """Return the gradient of scalar ``f`` at ``x`` by central differences, shape ``(n,)``.

    Default step ``h_i = eps^(1/3) max(1, |x_i|)``; error ``O(h^2)``, about
    ``eps^(2/3) (s_i^2 |f'''| / 6 + |f| / s_i)`` per entry (see the module docstring).
    """
    as_callable(f, "f")
    x = as_point(x, "x")
    _value(f, x, scalar=True)
    return jacobian_fd(lambda z: _value(f, z, scalar=True), x, h)


def hessian_fd(f, x, h=None):
    """Return the Hessian of scalar ``f`` at ``x`` from function values, shape ``(n, n)``.

    Symmetric by construction (each mixed difference is computed once and mirrored). Default
    step ``h_i = eps^(1/4) max(1, |x_i|)``; error ``O(h^2)``, about
    ``eps^(1/2) (s^2 |f''''| / 3 + 4 |f| / s^2)`` per entry (see the module docstring).
    """
    as_callable(f, "f")
    x = as_point(x, "x")
    f0 = _value(f, x, scalar=True)
    steps = _steps(x, h, 1 / 4)
    steps = (x + steps) - x  # the steps actually taken in floating point

    def at(*moves):  # f at x moved by sign * step along each (coordinate, sign)
        z = x.copy()
        for i, sign in moves:
            z[i] += sign * steps[i]
        return _value(f, z, scalar=True)

    n = x.size
    H = np.empty((n, n))
    for i in range(n):
        hi = steps[i]
        H[i, i] = (at((i, 1)) - 2 * f0 + at((i, -1))) / hi**2
        for j in range(i + 1, n):
            pp, pm = at((i, 1), (j, 1)), at((i, 1), (j, -1))
            mp, mm = at((i, -1), (j, 1)), at((i, -1), (j, -1))
            H[i, j] = H[j, i] = (pp - pm - mp + mm) / (4 * hi * steps[j])
    return H
