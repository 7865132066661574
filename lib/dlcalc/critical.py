"""Critical points and the second-derivative test, numerically (Hessian eigenvalues) and
exactly (SymPy).

At a critical point (gradient 0) the Hessian's eigenvalues decide: all positive -> minimum,
all negative -> maximum, one positive and one negative -> saddle, otherwise (some zero, the
rest of one sign) -> inconclusive: higher-order terms decide (x^4, -x^4, x^3, the monkey saddle).
"""

import numpy as np
import sympy

from dlcalc._checks import (
    as_callable,
    as_finite_float,
    as_point,
    as_square_matrix,
    as_sympy_expr,
)
from dlcalc.autodiff import grad, hessian


def _kind(npos, nneg, nzero):
    if npos and nneg:
        return "saddle"
    if nzero:
        return "inconclusive"
    return "minimum" if npos else "maximum"


def classify_critical_point(H, tol=1e-8):
    """Return ``"minimum"``, ``"maximum"``, ``"saddle"`` or ``"inconclusive"`` for a critical
    point with symmetric Hessian ``H`` ``(n, n)``.

    An eigenvalue counts as zero when ``|lambda| <= tol * max(1, max|lambda|)``. One positive
    and one negative eigenvalue make a saddle whatever the rest; with no saddle, any zero
    eigenvalue makes the test inconclusive.
    """
    H = as_square_matrix(H, "H", symmetric=True)
    tol = as_finite_float(tol, "tol")
    if tol < 0:
        raise ValueError(f"tol must be >= 0, got {tol}")
    lam = np.linalg.eigvalsh(H)
    thr = tol * max(1.0, float(np.max(np.abs(lam))))
    npos, nneg = int(np.sum(lam > thr)), int(np.sum(lam < -thr))
    return _kind(npos, nneg, lam.size - npos - nneg)


def classify(f, x, tol=1e-8, gtol=1e-8):
    """Return ``"not critical"`` when ``|grad f(x)| > gtol``, else
    :func:`classify_critical_point` of ``hessian(f)(x)`` (both from :mod:`dlcalc.autodiff`) with
    ``tol``. ``f`` is a scalar function of ``x`` ``(n,)``."""
    as_callable(f, "f")
    x = as_point(x, "x")
    gtol = as_finite_float(gtol, "gtol")
    if gtol < 0:
        raise ValueError(f"gtol must be >= 0, got {gtol}")
    if float(np.linalg.norm(grad(f)(x))) > gtol:
        return "not critical"
    return classify_critical_point(hessian(f)(x), tol=tol)


def _sign(c):
    """Exact sign (-1, 0, 1) of a constant SymPy expression."""
    c = sympy.simplify(c)
    if c.is_zero or c.equals(0):
        return 0
    if c.is_positive:
        return 1
    if c.is_negative:
        return -1
    value = sympy.re(sympy.N(c, 60))
    return 0 if abs(value) < sympy.Float("1e-50") else (1 if value > 0 else -1)


def _exact_kind(Hs):
    """Kind of a critical point from the exact symmetric Hessian ``Hs``: the signs of its
    (real) eigenvalues counted exactly by Descartes' rule on the characteristic polynomial."""
    if any(e.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo) for e in Hs):
        return "inconclusive"
    n = Hs.shape[0]
    signs = [_sign(c) for c in Hs.charpoly(sympy.Dummy("lam")).all_coeffs()]
    nzero = 0
    while signs and signs[-1] == 0:
        signs.pop()
        nzero += 1
    nonzero = [s for s in signs if s != 0]
    npos = sum(1 for a, b in zip(nonzero, nonzero[1:], strict=False) if a != b)
    return _kind(npos, n - nzero - npos, nzero)


def _is_real(v):
    if v.is_real is not None:
        return bool(v.is_real)
    value = sympy.N(v, 60)
    return abs(sympy.im(value)) <= sympy.Float("1e-50") * max(1, abs(value))


def _as_symbols(symbols):
    syms = [symbols] if isinstance(symbols, sympy.Symbol) else symbols
    try:
        syms = list(syms)
    except TypeError as exc:
        raise TypeError(
            f"symbols must be a sympy.Symbol or a sequence of them, got {type(symbols).__name__}"
        ) from exc
    if not syms or not all(isinstance(s, sympy.Symbol) for s in syms):
        raise TypeError(f"symbols must be a non-empty sequence of sympy.Symbol, got {symbols!r}")
    if len(set(syms)) != len(syms):
        raise ValueError(f"symbols must be distinct, got {symbols!r}")
    return syms


def critical_points(expr, symbols):
    """Return the real critical points of ``expr`` in ``symbols`` as a sorted list of
    ``(point, kind)``.

    ``point`` is a tuple of exact SymPy numbers (one per symbol; a 1-tuple for one symbol);
    ``kind`` is ``"minimum"``, ``"maximum"``, ``"saddle"`` or ``"inconclusive"`` from the exact
    Hessian's eigenvalue signs (so ``f'' = 0`` in 1-D is ``"inconclusive"``). Points come from
    ``sympy.solve`` on the gradient (for periodic functions: the solutions it returns, not all
    infinitely many); they are sorted by their numeric coordinates. A function whose critical
    points are not isolated (a curve or region of them) raises ValueError.
    """
    f = as_sympy_expr(expr, "expr")
    syms = _as_symbols(symbols)
    extra = f.free_symbols - set(syms)
    if extra:
        raise ValueError(f"expr has symbols not listed in symbols: {sorted(map(str, extra))}")
    gradient = [sympy.diff(f, s) for s in syms]
    if all(sympy.simplify(g) == 0 for g in gradient):
        raise ValueError("expr is constant: every point is critical (not isolated)")
    H = sympy.hessian(f, syms)
    found = {}
    for sol in sympy.solve(gradient, syms, dict=True):
        point = tuple(sympy.simplify(sol.get(s, s)) for s in syms)
        if any(v.free_symbols for v in point):
            raise ValueError(f"expr has non-isolated critical points (e.g. the set {sol}); "
                             "critical_points handles isolated points only")
        if all(_is_real(v) for v in point):
            found.setdefault(point, _exact_kind(H.subs(dict(zip(syms, point, strict=True)))))
    # Sort by the real part: SymPy may write a real root with complex radicals whose numeric
    # value carries a tiny imaginary residue.
    return sorted(found.items(), key=lambda pk: ([float(sympy.re(sympy.N(v))) for v in pk[0]],
                                                 str(pk[0])))
