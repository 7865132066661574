"""Curvature from a Hessian: directional second derivatives, eigen-weights, plane curves, the
principal curvatures of a graph (shape operator), and the top eigenvalues of a Hessian seen only
through Hessian-vector products (power iteration and Lanczos).

Every matrix here is a Hessian, so it must be symmetric (``H == H.T`` within round-off).
"""

import numpy as np

from dlcalc._checks import (
    as_callable,
    as_finite_float,
    as_point,
    as_positive_int,
    as_square_matrix,
)
from dlcalc.autodiff import grad, hessian


def _fix_signs(V):
    """Return a copy of the ``(n, k)`` matrix ``V`` with each column's sign fixed so that its
    largest-magnitude component (the first one, on ties) is positive."""
    V = np.array(V, dtype=np.float64, copy=True)
    idx = np.argmax(np.abs(V), axis=0)
    signs = np.where(V[idx, np.arange(V.shape[1])] < 0, -1.0, 1.0)
    return V * signs


def hessian_eigen(H):
    """Return ``(eigenvalues, eigenvectors)`` of the symmetric ``(n, n)`` matrix ``H``.

    ``eigenvalues`` is ``(n,)`` ascending; ``eigenvectors`` is ``(n, n)`` with orthonormal
    columns, ``H @ V[:, i] == eigenvalues[i] * V[:, i]``, each column's largest-magnitude
    component positive (so the result is deterministic).
    """
    H = as_square_matrix(H, "H", symmetric=True)
    lam, V = np.linalg.eigh(H)
    return lam, _fix_signs(V)


def _quotient(H, d, hname, dname):
    H = as_square_matrix(H, hname, symmetric=True)
    d = as_point(d, dname)
    if d.shape[0] != H.shape[0]:
        raise ValueError(f"{dname} must have shape ({H.shape[0]},) to match {hname}, got {d.shape}")
    size = float(np.max(np.abs(d)))
    if size == 0.0:
        raise ValueError(f"{dname} must be a non-zero vector, got all zeros")
    u = d / size  # rescaled so that d @ d cannot overflow or underflow
    return H, d, float(u @ H @ u) / float(u @ u)


def rayleigh_quotient(H, x):
    """Return the Rayleigh quotient ``x^T H x / x^T x`` (float) of symmetric ``H`` ``(n, n)``
    at the non-zero ``x`` ``(n,)``; it always lies in ``[lambda_min, lambda_max]``."""
    return _quotient(H, x, "H", "x")[2]


def directional_second_derivative(H, d):
    """Return ``d^T H d / d^T d`` (float): the second derivative along the direction ``d``
    ``(n,)`` (any non-zero length; it is normalised) of a function with Hessian ``H``."""
    return _quotient(H, d, "H", "d")[2]


def eigen_weights(H, d, rtol=1e-9):
    """Return ``(eigenvalues, weights)`` decomposing the directional second derivative along d.

    ``eigenvalues`` ``(p,)`` are the distinct eigenvalues of symmetric ``H``, ascending;
    eigenvalues within ``rtol * max|lambda|`` of their neighbour form one group (shown once, as
    the group's mean), so the result does not depend on the eigenvector basis. ``weights``
    ``(p,)`` are the squared cosines between ``d`` and the eigenvectors (summed per group):
    ``weights >= 0``, ``sum(weights) == 1`` and ``sum(weights * eigenvalues)`` equals
    :func:`directional_second_derivative` ``(H, d)``.
    """
    H, d, _ = _quotient(H, d, "H", "d")
    rtol = as_finite_float(rtol, "rtol")
    lam, V = np.linalg.eigh(H)
    w = (V.T @ (d / np.linalg.norm(d))) ** 2
    thr = rtol * float(np.max(np.abs(lam)))
    starts = np.concatenate([[0], np.flatnonzero(np.diff(lam) > thr) + 1])
    values = np.array([np.mean(g) for g in np.split(lam, starts[1:])])
    weights = np.add.reduceat(w, starts)
    return values, weights / weights.sum()


def _slope_and_second(f, x):
    as_callable(f, "f")
    x = as_point(x, "x")
    if x.shape != (1,):
        raise ValueError(f"x must be a scalar (f: R -> R), got shape {x.shape}")
    slope = float(np.asarray(grad(f)(x)).reshape(-1)[0])
    second = float(np.asarray(hessian(f)(x)).reshape(-1)[0])
    return x, slope, second


def plane_curve_curvature(f, x):
    """Return the curvature ``|f''(x)| / (1 + f'(x)^2)^(3/2)`` (float) of the graph of the scalar
    function ``f: R -> R`` at the scalar ``x`` (or shape ``(1,)``), with ``f'`` and ``f''`` from
    :mod:`dlcalc.autodiff`. It is ``1/r`` on a circle of radius ``r``, ``|f''|`` where
    ``f' = 0``."""
    _, slope, second = _slope_and_second(f, x)
    return abs(second) / (1.0 + slope**2) ** 1.5


def osculating_circle(f, x):
    """Return ``(center, radius, slope, second)`` of the osculating circle of ``y = f(x)`` at the
    scalar ``x``: ``center`` shape ``(2,)``, ``radius = 1/K`` (see :func:`plane_curve_curvature`),
    ``slope = f'(x)``, ``second = f''(x)``. The center lies on the normal, on the concave side;
    where ``f'' = 0`` the circle degenerates: ``center`` is ``None`` and ``radius`` is ``inf``."""
    x, slope, second = _slope_and_second(f, x)
    if second == 0.0:
        return None, np.inf, slope, second
    s = 1.0 + slope**2
    y = float(np.asarray(f(x)).reshape(-1)[0])
    center = np.array([x[0] - slope * s / second, y + s / second])
    return center, s**1.5 / abs(second), slope, second


def _fundamental_forms(f, x):
    as_callable(f, "f")
    x = as_point(x, "x")
    g = np.asarray(grad(f)(x), dtype=np.float64).reshape(-1)
    H = np.asarray(hessian(f)(x), dtype=np.float64).reshape(x.size, x.size)
    first = np.eye(x.size) + np.outer(g, g)                  # I  = Id + g g^T  (lengths)
    second = H / np.sqrt(1.0 + g @ g)                        # II = H / sqrt(1 + |g|^2)
    return first, second


def shape_operator(f, x):
    """Return the shape operator ``S = I^-1 II``, shape ``(n, n)``, of the graph
    ``z = f(x)`` of the scalar ``f: R^n -> R`` at the point ``x`` (shape ``(n,)``), with the
    upward normal: ``I = Id + g g^T`` and ``II = H / sqrt(1 + |g|^2)`` are the first and second
    fundamental forms (``g``, ``H`` from :mod:`dlcalc.autodiff`). ``S == H`` where ``g == 0``.
    ``S`` is not symmetric in general; its eigenvalues are :func:`principal_curvatures`."""
    first, second = _fundamental_forms(f, x)
    return np.linalg.solve(first, second)


def principal_curvatures(f, x):
    """Return the principal curvatures, shape ``(n,)`` ascending, of the graph ``z = f(x)`` at
    ``x``: the eigenvalues of :func:`shape_operator` (``> 0`` where the graph bends up, upward
    normal), computed as the symmetric problem ``L^-1 II L^-T`` with ``I = L L^T``. At a
    critical point they are the Hessian's eigenvalues; on a slope they shrink, by a factor
    between ``w`` and ``w^3``, ``w = sqrt(1 + |g|^2)``."""
    first, second = _fundamental_forms(f, x)
    L = np.linalg.cholesky(first)
    sym = np.linalg.solve(L, np.linalg.solve(L, second).T)
    return np.linalg.eigvalsh(0.5 * (sym + sym.T))


def _apply(hvp_fn, v, n):
    try:
        out = np.asarray(hvp_fn(v.copy()), dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"hvp_fn must return an array of {n} numbers, got an error: {exc}") \
            from exc
    if out.shape != (n,):
        raise ValueError(f"hvp_fn must return shape ({n},), got shape {out.shape}")
    if not np.all(np.isfinite(out)):
        raise ValueError("hvp_fn must return finite values, got a NaN or infinite entry")
    return out


def power_iteration(hvp_fn, n, steps=100, seed=0, v0=None):
    """Return ``(values, v)``: power iteration on the symmetric ``H`` seen only through
    ``hvp_fn(v) = H @ v`` (``(n,) -> (n,)``), ``steps`` products from ``v0`` (default: a random
    vector seeded by ``seed``), each step ``v <- H v / |H v|``.

    ``values`` ``(steps,)``: the Rayleigh quotient ``v^T H v`` of the unit iterate before each
    product; ``v`` ``(n,)``: the last unit iterate. Two pitfalls: it converges to the eigenvalue of
    largest *magnitude* ``|lambda|`` (a negative one if ``|lambda_min| > lambda_max``; apply it to
    ``H + sigma I``, ``sigma >= |lambda_min|``, for the largest ``lambda``), and the eigenvector
    error shrinks only by ``|lambda_2 / lambda_1|`` per step (the Rayleigh quotient's by its
    square), so close top eigenvalues make it crawl; :func:`top_eigenpairs` has neither problem.
    If ``H v = 0`` the iterate is an eigenvector for 0 and the remaining values are 0.
    """
    as_callable(hvp_fn, "hvp_fn")
    n = as_positive_int(n, "n")
    steps = as_positive_int(steps, "steps")
    if v0 is None:
        v = np.random.default_rng(seed).standard_normal(n)
    else:
        v = as_point(v0, "v0")
        if v.shape != (n,):
            raise ValueError(f"v0 must have shape ({n},), got {v.shape}")
        if not np.any(v):
            raise ValueError("v0 must be a non-zero vector, got all zeros")
    v = v / np.linalg.norm(v)
    values = np.zeros(steps)
    for i in range(steps):
        w = _apply(hvp_fn, v, n)       # one Hessian-vector product
        values[i] = v @ w               # Rayleigh quotient of the unit v
        size = np.linalg.norm(w)
        if size == 0.0:
            break
        v = w / size
    return values, v


def _extend_basis(V, Q, rng):
    """Return V's columns orthonormalised against Q and each other (two Gram-Schmidt passes);
    a column that (numerically) lies in the span already is replaced by a random one."""
    out = []
    for v in V.T:
        for _attempt in range(4):
            basis = np.column_stack([Q] + out) if out else Q
            size = np.linalg.norm(v)
            for _ in range(2):
                v = v - basis @ (basis.T @ v)
            if np.linalg.norm(v) > 1e-8 * size and size > 0:
                break
            v = rng.standard_normal(Q.shape[0])
        out.append(v / np.linalg.norm(v))
    return np.column_stack(out)


def top_eigenpairs(hvp_fn, n, k=1, seed=0, v0=None, tol=1e-10, maxiter=None):
    """Return ``(values, vectors)``: the ``k`` algebraically largest eigenvalues ``(k,)``,
    descending, and unit eigenvectors ``(n, k)`` (columns, largest-magnitude component
    positive) of the symmetric ``H`` seen only through ``hvp_fn(v) = H @ v`` (``(n,) -> (n,)``).

    Block Lanczos with block size ``k`` (so an eigenvalue repeated up to ``k`` times is found
    with its multiplicity) and full reorthogonalisation: the Krylov basis ``Q`` grows by
    ``H @ (newest block)`` orthogonalised twice against all of ``Q``, and the Ritz pairs of
    ``Q^T H Q`` are accepted when every top-``k`` residual ``|H y - theta y|`` is at most
    ``tol`` times the spectral scale ``max|theta|`` (the eigenvalue error is at most the
    residual). If the basis reaches ``n`` vectors the answer is exact (to round-off).
    ``v0`` ``(n,)`` warm-starts the first vector (e.g. the previous top eigenvector while
    tracking sharpness during training); ``seed`` fixes the random rest. ``maxiter`` caps the
    number of ``hvp_fn`` calls (default ``min(n, 1000)``); RuntimeError if it is reached first.
    """
    as_callable(hvp_fn, "hvp_fn")
    n = as_positive_int(n, "n")
    k = as_positive_int(k, "k")
    if k > n:
        raise ValueError(f"k must satisfy 1 <= k <= n = {n}, got {k}")
    tol = as_finite_float(tol, "tol", positive=True)
    maxiter = min(n, 1000) if maxiter is None else as_positive_int(maxiter, "maxiter")
    rng = np.random.default_rng(seed)
    start = rng.standard_normal((n, k))
    if v0 is not None:
        v0 = as_point(v0, "v0")
        if v0.shape != (n,):
            raise ValueError(f"v0 must have shape ({n},), got {v0.shape}")
        if not np.any(v0):
            raise ValueError("v0 must be a non-zero vector, got all zeros")
        start[:, 0] = v0
    Q, HQ, T = np.empty((n, 0)), np.empty((n, 0)), np.empty((0, 0))
    block = _extend_basis(start, Q, rng)
    while True:
        HB = np.column_stack([_apply(hvp_fn, q, n) for q in block.T])
        C, D = Q.T @ HB, block.T @ HB
        T = np.block([[T, C], [C.T, 0.5 * (D + D.T)]])
        Q, HQ = np.hstack([Q, block]), np.hstack([HQ, HB])
        theta, S = np.linalg.eigh(T)
        S_top, theta_top = S[:, ::-1][:, :k], theta[::-1][:k]
        Y = Q @ S_top
        m = Q.shape[1]
        residual = np.linalg.norm(HQ @ S_top - Y * theta_top, axis=0)
        if m == n or np.all(residual <= tol * float(np.max(np.abs(theta)))):
            Y = Y / np.linalg.norm(Y, axis=0)
            return theta_top.copy(), _fix_signs(Y)
        if m >= maxiter:
            worst = np.max(residual) / max(np.max(np.abs(theta)), 1e-300)
            raise RuntimeError(
                f"top_eigenvalues did not converge to tol={tol} within maxiter={maxiter} "
                f"Hessian-vector products (largest relative residual {worst:.2e}); "
                "raise maxiter or tol"
            )
        block = _extend_basis(HB[:, : min(k, n - m, maxiter - m)], Q, rng)


def top_eigenvalues(hvp_fn, n, k=1, seed=0, v0=None, tol=1e-10, maxiter=None):
    """Return the ``k`` algebraically largest eigenvalues ``(k,)``, descending, of the symmetric
    ``(n, n)`` Hessian known only through ``hvp_fn(v) = H @ v`` (``(n,) -> (n,)``).

    Block Lanczos with full reorthogonalisation; correct with negative, repeated and clustered
    eigenvalues. See :func:`top_eigenpairs` (same arguments) for ``v0``, ``tol``, ``maxiter``
    and for the eigenvectors. Bad ``hvp_fn`` output (wrong shape, NaN) raises ValueError.
    """
    return top_eigenpairs(hvp_fn, n, k=k, seed=seed, v0=v0, tol=tol, maxiter=maxiter)[0]
