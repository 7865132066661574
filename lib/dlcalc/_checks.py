"""Input validation shared by the public functions (run at the outermost call only).

Every check raises ``TypeError`` (wrong kind of object) or ``ValueError`` (right kind, wrong
shape or value) with a message that names the argument and says what was expected.
"""

import numbers

import numpy as np


def as_callable(f, name="f"):
    """Return ``f`` if it is callable, else raise ``TypeError`` naming ``name``."""
    if not callable(f):
        raise TypeError(f"{name} must be a callable function, got {type(f).__name__}")
    return f


def _as_float_array(a, name):
    if isinstance(a, (str, bytes)) or a is None:
        raise TypeError(f"{name} must be a number or an array of numbers, got {type(a).__name__}")
    try:
        arr = np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must be a number or an array of numbers, got {type(a).__name__}"
        ) from exc
    return arr


def as_point(x, name="x"):
    """Return ``x`` as a finite 1-D float64 array of shape ``(n,)``, ``n >= 1``.

    A scalar is promoted to shape ``(1,)``; lists are converted.
    """
    arr = _as_float_array(x, name)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of shape (n,), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must have at least one entry, got an empty array")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got a NaN or infinite entry")
    return arr


def as_vector_like(v, x, name="v"):
    """Return ``v`` as a finite float64 array with the same shape as the point ``x``."""
    arr = as_point(v, name)
    if arr.shape != x.shape:
        raise ValueError(f"{name} must have shape {x.shape} (the shape of x), got {arr.shape}")
    return arr


def as_square_matrix(H, name="H", symmetric=False, rtol=1e-8, atol=1e-12):
    """Return ``H`` as a finite square float64 matrix; optionally require symmetry."""
    arr = _as_float_array(H, name)
    if arr.ndim == 0:
        arr = arr.reshape(1, 1)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        raise ValueError(f"{name} must be a square matrix of shape (n, n), got shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} must have at least one row, got an empty matrix")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got a NaN or infinite entry")
    if symmetric:
        scale = max(1.0, float(np.max(np.abs(arr))))
        if not np.allclose(arr, arr.T, rtol=rtol, atol=atol * scale):
            raise ValueError(f"{name} must be symmetric (H == H.T), got an asymmetric matrix")
    return arr


def as_positive_int(k, name, minimum=1):
    """Return ``k`` as an ``int >= minimum``; bools and floats are rejected."""
    if isinstance(k, bool) or not isinstance(k, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(k).__name__}")
    if k < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {k}")
    return int(k)


def as_finite_float(a, name, positive=False):
    """Return ``a`` as a finite Python float (optionally > 0)."""
    if isinstance(a, bool) or not isinstance(a, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(a).__name__}")
    a = float(a)
    if not np.isfinite(a):
        raise ValueError(f"{name} must be finite, got {a}")
    if positive and a <= 0:
        raise ValueError(f"{name} must be > 0, got {a}")
    return a


def as_sympy_expr(expr, name="expr"):
    """Return ``expr`` as a scalar SymPy expression (strings are parsed by ``sympify``)."""
    import sympy

    try:
        f = sympy.sympify(expr)
    except (sympy.SympifyError, TypeError, SyntaxError) as exc:
        raise TypeError(
            f"{name} must be a SymPy expression or a string SymPy parses, got {expr!r}"
        ) from exc
    if not isinstance(f, sympy.Expr) or isinstance(f, sympy.MatrixExpr):
        raise TypeError(f"{name} must be a scalar SymPy expression, got {type(f).__name__}")
    return f
