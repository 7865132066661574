"""Small tanh multilayer perceptrons whose parameters are ONE flat vector ``theta``.

Keeping all weights in one vector of shape ``(n,)`` lets the rest of the library treat a network
loss as an ordinary function ``f: R^n -> R``: ``grad(f)``, ``hvp(f, theta, v)`` and the Hessian
spectrum apply unchanged. ``sizes = [d_in, h_1, ..., d_out]`` lists the layer widths; layer ``k``
maps width ``sizes[k]`` to ``sizes[k+1]`` with ``W_k`` of shape ``(out, in)`` and ``b_k`` of
shape ``(out,)``; ``theta`` stores ``W_0, b_0, W_1, b_1, ...`` in that order (``W`` row-major).
Everything is written with slices, ``reshape`` and array arithmetic, so it works on traced
values from :mod:`dlcalc.autodiff`.
"""

import numbers

import numpy as np

from dlcalc._checks import as_positive_int
from dlcalc.autodiff import is_traced

__all__ = [
    "init_params",
    "layer_shapes",
    "mlp",
    "mse_loss",
    "param_count",
    "synthetic_regression",
    "unflatten",
]


def _sizes(sizes):
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(f"sizes must be a list of layer widths, got {type(sizes).__name__}")
    if len(sizes) < 2:
        raise ValueError(f"sizes must list at least two widths [d_in, d_out], got {list(sizes)}")
    for k in sizes:
        if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
            raise ValueError(f"sizes must contain positive integers, got {list(sizes)}")
    return [int(k) for k in sizes]


def layer_shapes(sizes):
    """Return ``[((out, in), (out,)), ...]``: the shapes of ``(W, b)`` for each layer."""
    sizes = _sizes(sizes)
    return [((d_out, d_in), (d_out,)) for d_in, d_out in zip(sizes[:-1], sizes[1:], strict=True)]


def param_count(sizes):
    """Return the number of parameters ``n`` (weights and biases) of the network ``sizes``."""
    return sum(o * i + o for (o, i), _ in layer_shapes(sizes))


def unflatten(theta, sizes):
    """Return ``[(W, b), ...]`` cut from ``theta`` of shape ``(n,)``: ``W (out, in)``, ``b (out,)``.

    Built from slices and ``reshape`` only, so it works on traced ``theta``.
    """
    n = param_count(sizes)
    shape = theta.shape if is_traced(theta) else np.shape(theta)
    if shape != (n,):
        raise ValueError(f"theta must have shape ({n},) for sizes {list(sizes)}, got {shape}")
    layers, start = [], 0
    for (d_out, d_in), _ in layer_shapes(sizes):
        W = theta[start:start + d_out * d_in].reshape(d_out, d_in)
        start += d_out * d_in
        b = theta[start:start + d_out]
        start += d_out
        layers.append((W, b))
    return layers


def _inputs(X, sizes, name="X"):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != sizes[0]:
        raise ValueError(f"{name} must have shape (batch, {sizes[0]}), got {X.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} must be finite, got a NaN or infinite entry")
    return X


def mlp(theta, X, sizes):
    """Return the network's outputs, shape ``(batch, sizes[-1])``, for inputs ``X (batch, d_in)``.

    Hidden layers ``a = tanh(a @ W.T + b)``; the output layer is linear, ``a @ W.T + b``.
    """
    sizes = _sizes(sizes)
    return _forward(unflatten(theta, sizes), _inputs(X, sizes))


def _forward(layers, a):
    for k, (W, b) in enumerate(layers):
        z = a @ W.T + b
        a = np.tanh(z) if k < len(layers) - 1 else z
    return a


def mse_loss(sizes, X, Y):
    """Return a function ``theta (n,) -> scalar``: ``0.5 * mean_batch sum_outputs (mlp - Y)^2``.

    ``X`` has shape ``(batch, sizes[0])`` and ``Y`` shape ``(batch, sizes[-1])`` (a 1-D ``Y`` is
    accepted when ``sizes[-1] == 1``).
    """
    sizes = _sizes(sizes)
    X = _inputs(X, sizes)
    Y = np.asarray(Y, dtype=np.float64)
    if Y.ndim == 1 and sizes[-1] == 1:
        Y = Y[:, None]
    if Y.shape != (X.shape[0], sizes[-1]) or not np.all(np.isfinite(Y)):
        raise ValueError(f"Y must be finite with shape ({X.shape[0]}, {sizes[-1]}), got {Y.shape}")

    def loss(theta):
        r = _forward(unflatten(theta, sizes), X) - Y
        return 0.5 * np.sum(r * r) / X.shape[0]

    return loss


def init_params(sizes, seed=0):
    """Return a seeded initial ``theta``, shape ``(n,)``: Glorot-normal weights, zero biases.

    ``W ~ N(0, 2 / (in + out))`` entrywise, drawn with ``np.random.default_rng(seed)``.
    """
    rng = np.random.default_rng(seed)
    parts = []
    for (d_out, d_in), _ in layer_shapes(sizes):
        parts.append(rng.normal(0.0, np.sqrt(2.0 / (d_in + d_out)), size=d_out * d_in))
        parts.append(np.zeros(d_out))
    return np.concatenate(parts)


def synthetic_regression(n_samples, d_in, d_out=1, seed=0):
    """Return a seeded data set ``(X, Y)``: ``X (n_samples, d_in)``, ``Y (n_samples, d_out)``.

    ``X ~ N(0, 1)``; the smooth nonlinear target is ``Y = sin(X A) + 0.5 tanh(X B)`` with fixed
    random ``A, B`` of shape ``(d_in, d_out)`` and entries ``N(0, 1 / d_in)``. No noise.
    """
    n_samples = as_positive_int(n_samples, "n_samples")
    d_in, d_out = as_positive_int(d_in, "d_in"), as_positive_int(d_out, "d_out")
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, d_in))
    A, B = rng.normal(0.0, 1.0 / np.sqrt(d_in), size=(2, d_in, d_out))
    return X, np.sin(X @ A) + 0.5 * np.tanh(X @ B)
