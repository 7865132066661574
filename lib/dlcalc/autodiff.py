"""Exact derivatives by automatic differentiation, forward and reverse mode, composable.

Two transforms do all the work (the engine is in :mod:`dlcalc._trace`, the derivative rules of
each primitive in :mod:`dlcalc._primitives`):

* :func:`jvp` (forward mode) pushes a tangent ``v`` through ``f`` with the values:
  one pass gives ``J @ v``;
* :func:`vjp` (reverse mode) records ``f`` on a tape and pulls a cotangent ``u`` back:
  one backward pass gives ``u @ J`` (for a scalar ``f`` and ``u = 1``: the gradient).

Everything else is built from them: ``grad`` is ``vjp`` with ``u = 1``, ``jacobian`` stacks
``n`` JVPs (forward) or ``m`` VJPs (reverse), ``hessian`` is ``jacobian(grad(f))`` and ``hvp``
is ``jvp(grad(f), x, v)`` (forward over reverse, Pearlmutter's trick: ``H @ v`` at the cost of a
few gradients, no ``n x n`` matrix). Functions are written with plain NumPy; see the API notes
in :mod:`dlcalc` for the supported operations. Anything else raises ``TypeError`` naming it.

Input checks run only when ``x`` is a plain array (the outermost call); nested transforms pass
traced values through unchecked.
"""

import numpy as np

from dlcalc import _numpy_api  # noqa: F401  (wires NumPy's operations to the primitives)
from dlcalc import _primitives as P
from dlcalc._checks import as_callable, as_point, as_vector_like
from dlcalc._trace import Box, ForwardBox, Node, ReverseBox, backward, new_level, shape_of

__all__ = ["grad", "hessian", "hvp", "is_traced", "jacobian", "jvp", "vjp"]


# ---- helpers -----------------------------------------------------------------------------------
def _point(x, name="x"):
    """Check a plain input at the outermost call; pass a traced one through (as shape (n,))."""
    if not isinstance(x, Box):
        return as_point(x, name)
    if x.ndim == 0:
        return P.reshape(x, (1,))
    if x.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of shape (n,), got shape {x.shape}")
    return x


def _direction(v, x, name):
    if not isinstance(v, Box):
        return as_vector_like(v, x if isinstance(x, np.ndarray) else np.empty(x.shape), name)
    if v.shape != x.shape:
        raise ValueError(f"{name} must have shape {x.shape} (the shape of x), got {v.shape}")
    return v


def _output(out):
    """Return ``f``'s result as an array or box (lists of entries are stacked)."""
    if isinstance(out, Box):
        return out
    if isinstance(out, (list, tuple)):
        return np.stack(out)
    try:
        if out is None or isinstance(out, (str, bytes)):
            raise TypeError
        return np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"f must return a number or an array, got {type(out).__name__}") from None


def _plain(a):
    """A fresh, writable float64 array for the caller (traced values are returned as they are)."""
    if isinstance(a, Box):
        return a
    a = np.array(a, dtype=np.float64)
    return a[()] if a.ndim == 0 else a


def _unstack(out, level):
    """Split ``f``'s output into (value at this level, box of this level or None)."""
    if isinstance(out, Box) and out.level == level:
        return out.value, out
    return out, None


# ---- the two transforms ----------------------------------------------------------------------
def _jvp(f, x, v):
    level = new_level()
    value, box = _unstack(_output(f(ForwardBox(x, level, v))), level)
    tangent = np.zeros(shape_of(value)) if box is None else box.tangent
    return value, tangent


def _vjp(f, x):
    level = new_level()
    start = ReverseBox(x, level, Node(), tape=[])
    value, box = _unstack(_output(f(start)), level)

    def pullback(u):
        u = u if isinstance(u, Box) else np.asarray(u, dtype=np.float64)
        if shape_of(u) != shape_of(value):
            if np.size(u) != int(np.prod(shape_of(value))) or len(shape_of(value)) > 1:
                raise ValueError(f"u must have shape {shape_of(value)} (the shape of f(x)), "
                                 f"got {shape_of(u)}")
            u = P.reshape(u, shape_of(value))
        g = None if box is None else backward(box, u, start.node)
        return _plain(np.zeros(shape_of(x)) if g is None else g)

    return value, pullback


def jvp(f, x, v):
    """Return ``(f(x), J @ v)``: the value and the derivative along ``v`` (forward mode).

    ``x`` and ``v`` have shape ``(n,)``; ``J @ v`` has the shape of ``f(x)`` (``()`` or ``(m,)``).
    """
    as_callable(f, "f")
    x = _point(x, "x")
    value, tangent = _jvp(f, x, _direction(v, x, "v"))
    return _plain(value), _plain(tangent)


def vjp(f, x):
    """Return ``(f(x), pullback)`` with ``pullback(u) = u @ J`` of shape ``(n,)`` (reverse mode).

    ``u`` has the shape of ``f(x)``. The forward pass is recorded once; each ``pullback`` call is
    one backward pass, so the rows of ``J`` cost one pass each.
    """
    as_callable(f, "f")
    value, pullback = _vjp(f, _point(x, "x"))
    return _plain(value), pullback


# ---- derived operators -----------------------------------------------------------------------
def grad(f):
    """Return a function that maps ``x`` of shape ``(n,)`` to the gradient of scalar ``f``, (n,).

    ``f`` must return a scalar (shape ``()`` or ``(1,)``); otherwise ``ValueError`` names the
    shape it returned. A scalar ``x`` is promoted to shape ``(1,)``.
    """
    as_callable(f, "f")

    def grad_f(x):
        value, pullback = _vjp(f, _point(x, "x"))
        if shape_of(value) not in ((), (1,)):
            raise ValueError(f"grad needs f to return a scalar, but f returned shape "
                             f"{shape_of(value)}; use jacobian(f) for vector outputs")
        return pullback(np.ones(shape_of(value)))

    return grad_f


def jacobian(f, mode="reverse"):
    """Return a function that maps ``x`` of shape ``(n,)`` to the Jacobian of ``f``, ``(m, n)``.

    ``J[i, j] = d f_i / d x_j``. For a scalar ``f`` the result has shape ``(n,)`` (the gradient).
    ``mode="reverse"`` records ``f`` once and pulls back the ``m`` unit vectors (rows of ``J``);
    ``mode="forward"`` pushes the ``n`` unit vectors through ``f`` (columns of ``J``).
    """
    as_callable(f, "f")
    if mode not in ("forward", "reverse"):
        raise ValueError(f"mode must be 'forward' or 'reverse', got {mode!r}")

    def jacobian_f(x):
        x = _point(x, "x")
        n = shape_of(x)[0]
        if mode == "forward":
            columns = [_jvp(f, x, unit)[1] for unit in np.eye(n)]
            out_shape = shape_of(columns[0])
            return _plain(np.stack(columns, axis=-1) if out_shape else np.stack(columns))
        value, pullback = _vjp(f, x)
        out_shape = shape_of(value)
        rows = [pullback(unit.reshape(out_shape)) for unit in np.eye(int(np.prod(out_shape)))]
        return _plain(P.reshape(np.stack(rows), out_shape + (n,)))

    return jacobian_f


def hessian(f):
    """Return a function that maps ``x`` of shape ``(n,)`` to the Hessian of scalar ``f``, (n, n).

    ``H[i, j] = d^2 f / dx_i dx_j``, computed exactly as ``jacobian(grad(f))`` (reverse over
    reverse); it is symmetric up to round-off.
    """
    as_callable(f, "f")
    return jacobian(grad(f), mode="reverse")


def hvp(f, x, v):
    """Return ``H @ v``, shape ``(n,)``: the Hessian of scalar ``f`` at ``x`` times ``v``.

    Exact, computed as ``jvp(grad(f), x, v)`` (forward over reverse) without forming ``H``:
    about the cost of a few gradient evaluations.
    """
    as_callable(f, "f")
    x = _point(x, "x")
    return _plain(_jvp(grad(f), x, _direction(v, x, "v"))[1])


def is_traced(x):
    """Return ``True`` when ``x`` is a value being traced by one of the transforms above (inside
    ``grad(f)``, ``jvp`` ...), ``False`` for plain numbers and arrays: code that must also run
    on traced values (a model's ``__call__``, a shape check) branches on it."""
    return isinstance(x, Box)
