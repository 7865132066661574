"""How plain NumPy code reaches the primitives: operator overloads and NumPy's dispatch tables.

``x + y``, ``x @ W.T``, ``x[2:5]``, ``x.reshape(3, 4)`` call :class:`~dlcalc._trace.Box` methods;
``np.sin(x)`` reaches ``Box.__array_ufunc__`` and ``np.sum(x)`` ``Box.__array_function__``, which
look the operation up in ``UFUNCS`` / ``FUNCTIONS``. A few NumPy functions are composites of
primitives (``np.mean`` is a sum times a constant), so they need no derivative rules of their own.
Comparisons raise ``TypeError``: their result is piecewise constant, so using it as a value
would silently drop derivatives.
"""

import numpy as np

from dlcalc._primitives import (
    absolute,
    add,
    broadcast_to,
    concatenate,
    divide,
    getitem,
    matmul,
    multiply,
    negative,
    power,
    reshape,
    stack,
    subtract,
    summ,
    transpose,
)
from dlcalc._trace import FUNCTIONS, Box, raw, shape_of


# ---- composites (built from primitives, so nothing new to differentiate) --------------------
def mean(x, axis=None, keepdims=False, **kw):
    """``np.mean``: the sum divided by the number of entries summed."""
    total = np.sum(x, axis=axis, keepdims=keepdims, **kw)
    return total * (np.prod(shape_of(total)) / np.prod(shape_of(x)))


def dot(a, b):
    """``np.dot``: ``a * b`` for scalars, ``a @ b`` for 1-D and 2-D arrays."""
    return a * b if np.ndim(raw(a)) == 0 or np.ndim(raw(b)) == 0 else matmul(a, b)


def norm(x, ord=None, axis=None, keepdims=False):
    """``np.linalg.norm`` for the default 2-norm / Frobenius norm only."""
    if ord is not None or axis is not None:
        raise TypeError("np.linalg.norm on traced values supports only the default ord and axis")
    return np.sqrt(np.sum(x * x, keepdims=keepdims))


def _no_comparison(symbol):
    def compare(self, other):
        raise TypeError(f"comparison {symbol!r} on a traced value is not differentiable and not "
                        "supported by dlcalc.autodiff (use np.maximum(., 0) or np.abs)")

    return compare


def _shaped(shape):
    return tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape


# ---- the NumPy API on boxes ------------------------------------------------------------------
FUNCTIONS.update({
    np.sum: lambda x, axis=None, keepdims=False: summ(x, axis=axis, keepdims=keepdims),
    np.mean: mean,
    np.dot: dot,
    np.matmul: matmul,
    np.reshape: lambda x, shape=None, **kw: reshape(x, kw.get("newshape", shape)),
    np.transpose: lambda x, axes=None: transpose(x, axes),
    np.broadcast_to: lambda x, shape: broadcast_to(x, tuple(np.atleast_1d(shape))),
    np.stack: lambda arrays, axis=0: stack(*arrays, axis=axis),
    np.concatenate: lambda arrays, axis=0: concatenate(*arrays, axis=axis),
    np.linalg.norm: norm,
    np.shape: shape_of,
    np.ndim: lambda x: len(shape_of(x)),
    np.size: lambda x: int(np.prod(shape_of(x))),
    np.zeros_like: lambda x, *a, **kw: np.zeros(shape_of(x)),
    np.ones_like: lambda x, *a, **kw: np.ones(shape_of(x)),
})

Box.__add__, Box.__radd__ = (lambda a, b: add(a, b)), (lambda a, b: add(b, a))
Box.__sub__, Box.__rsub__ = (lambda a, b: subtract(a, b)), (lambda a, b: subtract(b, a))
Box.__mul__, Box.__rmul__ = (lambda a, b: multiply(a, b)), (lambda a, b: multiply(b, a))
Box.__truediv__, Box.__rtruediv__ = (lambda a, b: divide(a, b)), (lambda a, b: divide(b, a))
Box.__pow__, Box.__rpow__ = (lambda a, b: power(a, b)), (lambda a, b: power(b, a))
Box.__matmul__, Box.__rmatmul__ = (lambda a, b: matmul(a, b)), (lambda a, b: matmul(b, a))
Box.__neg__, Box.__abs__ = (lambda a: negative(a)), (lambda a: absolute(a))
Box.__pos__ = lambda a: a
Box.__getitem__ = lambda a, idx: getitem(a, idx)
Box.T = property(lambda a: transpose(a))
Box.transpose = lambda a, *axes: transpose(a, _shaped(axes) or None)
Box.reshape = lambda a, *shape: reshape(a, _shaped(shape))
Box.sum = lambda a, axis=None, keepdims=False: summ(a, axis=axis, keepdims=keepdims)
Box.mean = mean
Box.dot = dot
for _op, _symbol in [("lt", "<"), ("le", "<="), ("gt", ">"), ("ge", ">="), ("eq", "=="),
                     ("ne", "!=")]:
    setattr(Box, f"__{_op}__", _no_comparison(_symbol))
Box.__hash__ = object.__hash__
