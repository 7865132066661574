"""Measured costs: FLOPs of the matrix products actually executed, and primitive evaluations.

Two instruments, both *measuring* what a computation does instead of evaluating a formula for
it (the closed forms live in :mod:`dlcalc.chain`; a chapter checks one against the other):

* :class:`FlopCounter`: a matrix product that adds ``2*m*k*n`` FLOPs to a running total each
  time it multiplies an ``(m, k)`` by a ``(k, n)`` array (1-D operands count as a row or a
  column, as in NumPy), and an outer product that adds ``m*n`` (multiplications only: there is
  nothing to add);
* :func:`count_primitives`: runs a function with its input wrapped in a counting box one level
  below every transform the function starts, so every primitive (``add``, ``matmul``, ``tanh``
  ...) applied to a value that depends on the input is counted once, including the work inside
  nested ``grad``/``jvp``/``hessian`` calls and their derivative rules. Operations on constants
  alone are not counted.
"""

import collections

import numpy as np

from dlcalc._checks import as_callable, as_point
from dlcalc._trace import Box, new_level, raw


class FlopCounter:
    """A matrix product with a FLOP meter: ``c.matmul(A, B)``, ``c.outer(u, v)``, ``c.flops``.

    ``c.calls`` counts the products; ``c.reset()`` sets both to zero.
    """

    def __init__(self):
        self.flops = 0
        self.calls = 0

    def reset(self):
        self.flops = self.calls = 0

    def matmul(self, a, b):
        """Return ``a @ b``, adding ``2*m*k*n`` FLOPs (1-D ``a``: a row; 1-D ``b``: a column)."""
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        if a.ndim not in (1, 2) or b.ndim not in (1, 2):
            raise ValueError(f"matmul needs 1-D or 2-D arrays, got shapes {a.shape} and {b.shape}")
        m, k = (1, a.shape[0]) if a.ndim == 1 else a.shape
        k2, n = (b.shape[0], 1) if b.ndim == 1 else b.shape
        if k != k2:
            raise ValueError(f"matmul: shapes {a.shape} and {b.shape} do not chain "
                             f"({k} columns against {k2} rows)")
        self.flops += 2 * m * k * n
        self.calls += 1
        return a @ b

    def outer(self, u, v):
        """Return the outer product ``u v^T`` and add ``len(u) * len(v)`` FLOPs."""
        u, v = np.asarray(u, dtype=np.float64), np.asarray(v, dtype=np.float64)
        if u.ndim != 1 or v.ndim != 1:
            raise ValueError(f"outer needs two 1-D arrays, got shapes {u.shape} and {v.shape}")
        self.flops += u.size * v.size
        self.calls += 1
        return np.outer(u, v)


class _CountBox(Box):
    """A traced value whose only job is to count the primitives applied to it."""

    __slots__ = ("counts",)

    def __init__(self, value, level, counts):
        self.value, self.level, self.counts = value, level, counts

    @staticmethod
    def lift(prim, ans, vals, kw, boxes, level):
        counts = boxes[0][1].counts
        counts[prim.name] += 1
        return _CountBox(ans, level, counts)


def count_primitives(f, x):
    """Return ``(result, counts)``: ``f(x)`` and a ``Counter`` of primitive name -> evaluations.

    ``x`` is a point of shape ``(n,)``. ``f`` may call any dlcalc transform on ``x`` (for
    example ``lambda x: grad(loss)(x)`` or ``lambda x: hvp(loss, x, v)``); the result is returned
    as a plain array. ``sum(counts.values())`` is the number of primitive evaluations, the cost
    measure used by the cheap-gradient principle.
    """
    as_callable(f, "f")
    x = as_point(x, "x")
    counts = collections.Counter()
    out = f(_CountBox(x, new_level(), counts))
    if isinstance(out, (list, tuple)):
        out = type(out)(raw(o) for o in out)
    else:
        out = raw(out)
    return out, counts
