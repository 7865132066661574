"""Full-batch gradient descent on a loss with its sharpness tracked along the way.

The *sharpness* of a loss ``f`` at ``theta`` is the largest eigenvalue ``lambda_max`` of its
Hessian ``H(theta)``. It comes from Hessian-vector products only (:func:`dlcalc.autodiff.hvp`)
fed to Lanczos (:func:`dlcalc.curvature.top_eigenpairs`), each call warm-started from the
previous top eigenvector, so the ``n x n`` Hessian is never formed. Chapter 6's experiment
(:mod:`dlcalc.eos`) is built on :func:`train_gd`.
"""

from dataclasses import dataclass

import numpy as np

from dlcalc._checks import as_callable, as_finite_float, as_point, as_positive_int
from dlcalc.autodiff import hvp, vjp
from dlcalc.curvature import top_eigenpairs


@dataclass(frozen=True)
class GDRun:
    """The record of one :func:`train_gd` run.

    ``lr`` (float); ``loss`` ``(steps + 1,)``: ``f(theta_t)`` for ``t = 0..steps`` (NaN after a
    divergence); ``sharpness_steps`` ``(m,)`` int: the steps ``t`` where the Hessian was probed;
    ``eigenvalues`` ``(m, k)``: the ``k`` largest Hessian eigenvalues there, descending;
    ``sharpness`` ``(m,)``: their first column, ``lambda_max(H(theta_t))``; ``thetas``
    ``(m, n)``: the parameters at those steps; ``eigenvectors`` ``(m, n)``: the unit top
    eigenvector there; ``theta`` ``(n,)``: the last parameters; ``hvp_calls`` (int): Hessian-vector
    products used in all; ``diverged`` (bool): the loss became non-finite.
    """

    lr: float
    loss: np.ndarray
    sharpness_steps: np.ndarray
    eigenvalues: np.ndarray
    sharpness: np.ndarray
    thetas: np.ndarray
    eigenvectors: np.ndarray
    theta: np.ndarray
    hvp_calls: int
    diverged: bool

    @property
    def edge(self):
        """``2 / lr``: the largest curvature the quadratic model lets GD with this ``lr`` bear."""
        return 2.0 / self.lr

    def tail_sharpness(self, fraction=0.25):
        """Return the median sharpness over the last ``fraction`` of the probes (at least one)."""
        fraction = as_finite_float(fraction, "fraction", positive=True)
        if fraction > 1:
            raise ValueError(f"fraction must be in (0, 1], got {fraction}")
        count = max(1, int(round(fraction * self.sharpness.size)))
        return float(np.median(self.sharpness[-count:]))

    def loss_increases(self):
        """Return how many steps raised the loss: ``#{t : loss[t + 1] > loss[t]}`` (int)."""
        return int(np.sum(np.diff(self.loss) > 0))


class _Diverged(Exception):
    """Raised inside a probe when a Hessian-vector product is no longer finite."""


def _top_pairs(loss, theta, k, seed, v0, tol, calls):
    def hvp_fn(v):
        calls[0] += 1
        with np.errstate(all="ignore"):
            out = hvp(loss, theta, v)
        if not np.all(np.isfinite(out)):
            raise _Diverged
        return out

    return top_eigenpairs(hvp_fn, theta.shape[0], k=k, seed=seed, v0=v0, tol=tol)


def sharpness(loss, theta, k=1, seed=0, v0=None, tol=1e-10):
    """Return ``(values, vectors)``: the ``k`` largest Hessian eigenvalues ``(k,)`` of the
    scalar ``loss`` at ``theta`` ``(n,)``, descending, and unit eigenvectors ``(n, k)``.

    Lanczos (:func:`dlcalc.curvature.top_eigenpairs`) on ``v -> hvp(loss, theta, v)``, never
    forming the Hessian; ``v0`` ``(n,)`` warm-starts it; ``tol`` bounds the residual
    ``|H y - lambda y|`` relative to the spectral scale (the eigenvalue error is at most that).
    """
    as_callable(loss, "loss")
    theta = as_point(theta, "theta")
    try:
        return _top_pairs(loss, theta, k, seed, v0, tol, [0])
    except _Diverged:
        raise ValueError("loss must have finite Hessian-vector products at theta, got NaN or "
                         "infinite ones") from None


def _value_and_grad(loss, theta):
    with np.errstate(all="ignore"):
        value, pullback = vjp(loss, theta)
    value = np.asarray(value, dtype=np.float64)
    if value.size != 1:
        raise ValueError(f"loss must return a scalar, got an output of shape {value.shape}")
    value = float(value.reshape(()))
    if not np.isfinite(value):
        return value, None
    with np.errstate(all="ignore"):
        return value, pullback(np.ones(np.shape(value)))


def train_gd(loss, theta0, lr, steps, track_every=10, k=1, seed=0, tol=1e-6,
             value_and_grad=None):
    """Return a :class:`GDRun`: full-batch gradient descent ``theta_{t+1} = theta_t - lr *
    grad loss(theta_t)`` from ``theta0`` ``(n,)`` for ``steps`` steps, recording the loss at
    every iterate ``(steps + 1,)`` and the ``k`` top Hessian eigenvalues every ``track_every``
    steps (and at the last step).

    The loss and its gradient come from one reverse pass (:func:`dlcalc.autodiff.vjp`); the
    eigenvalues from the same Lanczos as :func:`sharpness`, warm-started at the previous probe's
    top eigenvector, with residual ``tol`` relative to the spectral scale (the eigenvalue error
    is at most that). ``seed`` fixes Lanczos's random start vectors. If the loss, its gradient or
    a Hessian-vector product becomes non-finite, the run stops there (``diverged=True``) and
    the rest of ``loss`` is NaN; divergence is a result, not an error. ``value_and_grad``
    (optional, ``theta -> (loss(theta), gradient (n,))``) replaces the reverse pass with a faster
    route to the same numbers (e.g. :attr:`dlcalc.eos.Problem.value_and_grad`).
    """
    as_callable(loss, "loss")
    theta = as_point(theta0, "theta0").copy()
    lr = as_finite_float(lr, "lr", positive=True)
    steps = as_positive_int(steps, "steps", minimum=1)
    track_every = as_positive_int(track_every, "track_every")
    k = as_positive_int(k, "k")
    tol = as_finite_float(tol, "tol", positive=True)
    if value_and_grad is not None:
        as_callable(value_and_grad, "value_and_grad")
    n = theta.shape[0]
    if k > n:
        raise ValueError(f"k must satisfy 1 <= k <= n = {n} (the number of parameters), got {k}")

    losses = np.full(steps + 1, np.nan)
    probes, values, thetas, vectors = [], [], [], []
    calls, v0, diverged = [0], None, False
    for t in range(steps + 1):
        if value_and_grad is None:
            losses[t], g = _value_and_grad(loss, theta)
        else:
            with np.errstate(all="ignore"):
                losses[t], g = value_and_grad(theta)
        if g is None or not np.all(np.isfinite(g)):
            diverged = True
            break
        if t % track_every == 0 or t == steps:
            try:
                lam, V = _top_pairs(loss, theta, k, seed, v0, tol, calls)
            except _Diverged:
                diverged = True
                break
            v0 = V[:, 0]
            probes.append(t)
            values.append(lam)
            thetas.append(theta.copy())
            vectors.append(V[:, 0])
        if t < steps:
            theta = theta - lr * g

    return GDRun(
        lr=lr,
        loss=losses,
        sharpness_steps=np.array(probes, dtype=int),
        eigenvalues=np.array(values).reshape(len(probes), k),
        sharpness=np.array([lam[0] for lam in values]),
        thetas=np.array(thetas).reshape(len(probes), n),
        eigenvectors=np.array(vectors).reshape(len(probes), n),
        theta=theta,
        hvp_calls=calls[0],
        diverged=diverged,
    )

