"""The precision policy of numeric answers, stated to the student and applied entry by entry.

:class:`Precision` is one of three rules:

* ``sig`` significant figures (default 3): an entry ``a`` is accepted when it is within one
  unit in the ``sig``-th figure of the reference entry ``e``; an entry of an array whose size is
  below ``10^-(sig+1)`` of the largest entry may be given as 0 (the floor near zero);
* ``exact``: an integer count (FLOPs, steps, parameters), equal up to float round-off;
* ``rel``: within a stated fraction of the reference (a measured slope "to within 5 %").

Infinite entries (``math.inf`` from ``dlcalc.optimal_step``) must match exactly.
:func:`figures_right` says to how many figures an imprecise answer is right.
"""

import numpy as np

SIG = 3
_ROUND_OFF = 1e-9


class Precision:
    """How close an answer must be: ``sig`` figures, ``exact`` integers, or ``rel`` fraction."""

    def __init__(self, sig=SIG, exact=False, rel=None):
        self.sig, self.exact, self.rel = int(sig), bool(exact), rel

    def tolerance(self, e, sig=None):
        """Return the per-entry tolerance for the finite reference array ``e``."""
        e = np.abs(np.asarray(e, dtype=np.float64))
        if self.exact:  # float round-off, but never a whole unit: 4_002_000_001 is not ..._000
            return np.minimum(_ROUND_OFF * np.maximum(1.0, e), 0.25)
        if self.rel is not None:
            return self.rel * e + _ROUND_OFF
        sig = self.sig if sig is None else sig
        with np.errstate(divide="ignore"):
            magnitude = np.floor(np.log10(np.where(e > 0, e, 1.0)))
        unit = np.where(e > 0, 10.0 ** (magnitude - sig + 1), 0.0)
        floor = 10.0 ** (-self.sig - 1) * (float(e.max()) if e.size else 0.0)
        return np.maximum(unit, max(floor, 1e-12)) * (1 + 1e-9)

    def statement(self, is_array):
        if self.exact:
            return "Give the exact whole number" + ("s." if is_array else ".")
        if self.rel is not None:
            return f"Any answer within {self.rel:.0%} of the reference is accepted."
        text = (f"Give {'each entry' if is_array else 'your answer'} to at least {self.sig} "
                f"significant figures (more are fine); an answer within one unit in the "
                f"{_ordinal(self.sig)} figure is accepted")
        if is_array:
            text += (f", and an entry smaller than 1/{10 ** (self.sig + 1):,} of the largest "
                     "entry may be given as 0").replace(",", " ")
        return text + "."


def _ordinal(n):
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n, f"{n}th")


def close(a, e, precision):
    """Return True when arrays ``a`` and ``e`` (same shape) agree under ``precision``."""
    a, e = np.asarray(a, dtype=np.float64), np.asarray(e, dtype=np.float64)
    if a.shape != e.shape:
        return False
    inf = ~np.isfinite(e)
    if np.any(inf) and not np.array_equal(a[inf], e[inf], equal_nan=True):
        return False
    a, e = a[~inf], e[~inf]
    if e.size == 0:
        return True
    if not np.all(np.isfinite(a)):
        return False
    return bool(np.all(np.abs(a - e) <= precision.tolerance(e)))


def figures_right(a, e, precision):
    """Return the largest number of significant figures (< the asked number, >= 2) to which
    ``a`` agrees with ``e``, or ``None``."""
    if precision.exact or precision.rel is not None or a.shape != e.shape:
        return None
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(e))):
        return None
    for k in range(precision.sig - 1, 1, -1):
        if np.all(np.abs(a - e) <= precision.tolerance(e, sig=k)):
            return k
    return None
