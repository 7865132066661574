"""The regression problem of chapter 6's edge-of-stability experiment: a small tanh network
(:mod:`dlcalc.nets`) that must fit noisy targets, with its loss and a fast gradient."""

from dataclasses import dataclass

import numpy as np

from dlcalc._checks import as_finite_float, as_positive_int
from dlcalc.backprop import mlp_backprop
from dlcalc.nets import init_params, mse_loss, synthetic_regression


@dataclass(frozen=True)
class Problem:
    """A regression problem for a network: ``sizes`` (tuple of widths), data ``X``
    ``(N, d_in)`` and ``Y`` ``(N, d_out)``, ``loss`` (``theta (n,) -> scalar``, the MSE loss
    :func:`dlcalc.nets.mse_loss`) and the initial parameters ``theta0`` ``(n,)``."""

    sizes: tuple
    X: np.ndarray
    Y: np.ndarray
    loss: object
    theta0: np.ndarray

    def value_and_grad(self, theta):
        """Return ``(loss(theta), gradient (n,))`` from the backpropagation recursion written out
        by hand (:func:`dlcalc.backprop.mlp_backprop`): the same numbers as the traced reverse
        pass, several times faster for these sizes."""
        out = mlp_backprop(theta, self.X, self.Y, self.sizes)
        return out.loss, out.gradient


def noisy_regression(sizes=(4, 16, 16, 1), n_samples=64, noise=1.0, init_scale=0.7,
                     data_seed=0, init_seed=0):
    """Return the :class:`Problem` of the edge-of-stability experiment.

    Data: :func:`dlcalc.nets.synthetic_regression` ``(n_samples, sizes[0], sizes[-1],
    seed=data_seed)`` with Gaussian label noise of standard deviation ``noise`` added (its own
    stream, seeded by ``data_seed``), so the network must memorise the noise: a hard fit that
    drives the curvature up during training. Parameters: ``init_scale`` times
    :func:`dlcalc.nets.init_params` ``(sizes, seed=init_seed)``; a scale below 1 starts the
    sharpness lower, well below ``2 / lr`` for the learning rates of chapter 6.
    """
    noise = as_finite_float(noise, "noise")
    if noise < 0:
        raise ValueError(f"noise must be >= 0 (a standard deviation), got {noise}")
    init_scale = as_finite_float(init_scale, "init_scale", positive=True)
    data_seed = as_positive_int(data_seed, "data_seed", minimum=0)
    init_seed = as_positive_int(init_seed, "init_seed", minimum=0)
    theta0 = init_scale * init_params(sizes, seed=init_seed)
    X, Y = synthetic_regression(n_samples, sizes[0], sizes[-1], seed=data_seed)
    Y = Y + noise * np.random.default_rng([data_seed, 1]).standard_normal(Y.shape)
    return Problem(tuple(int(w) for w in sizes), X, Y, mse_loss(sizes, X, Y), theta0)
