"""Backpropagation for a network's weights, written out by hand, with its costs measured.

The network is :func:`dlcalc.nets.mlp` (tanh hidden layers, a linear output layer, weights in one
flat vector ``theta`` laid out as ``W1.ravel(), b1, W2.ravel(), b2, ...``) with the loss of
:func:`dlcalc.nets.mse_loss`, ``L = 0.5 * mean_batch sum_outputs (a_L - Y)^2``. With
``z_k = a_{k-1} W_k^T + b_k`` and ``a_k = tanh(z_k)`` (``a_L = z_L``) for a batch of rows:

* output error ``delta_L = (a_L - Y) / B``;
* the recursion ``delta_{k-1} = (delta_k W_k) * (1 - a_{k-1}^2)`` (``tanh' = 1 - tanh^2``);
* the weight gradients ``dL/dW_k = delta_k^T a_{k-1}`` (an outer product per example, summed
  over the batch) and ``dL/db_k = sum_batch delta_k``.

The 3-tensor ``d a_k / d W_k`` is never formed. Every matrix product goes through a
:class:`dlcalc.cost.FlopCounter`, one per kind of work (forward pass, error propagation, weight
gradients), so the cost of each part is measured. ``segment=s`` turns on checkpointing: the
forward pass keeps only every ``s``-th activation and the backward pass recomputes each segment
from its checkpoint; the peak number of stored activation arrays and the number of layer
evaluations are measured too.
"""

from typing import NamedTuple

import numpy as np

from dlcalc.cost import FlopCounter
from dlcalc.nets import _inputs, _sizes, unflatten


class Backprop(NamedTuple):
    """The result of :func:`mlp_backprop`."""

    gradient: np.ndarray  # dL/dtheta, shape (n,), in the layout of theta
    loss: float
    forward_flops: int  # matrix work of the forward passes (recomputation included)
    delta_flops: int  # delta_{k-1} = (delta_k W_k) * ...: the error propagation
    weight_flops: int  # dL/dW_k = delta_k^T a_{k-1}
    layer_evals: int  # layer evaluations (forward pass plus recomputation)
    peak_stored: int  # largest number of activation arrays held at once


def _targets(Y, X, sizes):
    Y = np.asarray(Y, dtype=np.float64)
    if Y.ndim == 1 and sizes[-1] == 1:
        Y = Y[:, None]
    if Y.shape != (X.shape[0], sizes[-1]) or not np.all(np.isfinite(Y)):
        raise ValueError(f"Y must be finite with shape ({X.shape[0]}, {sizes[-1]}), "
                         f"got {Y.shape}")
    return Y


def _segment(segment, depth):
    if segment is None:
        return 1  # a checkpoint after every layer: everything is stored
    if isinstance(segment, bool) or not isinstance(segment, (int, np.integer)) or segment < 1:
        raise ValueError(f"segment must be a positive integer (layers per checkpoint) or None, "
                         f"got {segment!r}")
    return min(int(segment), depth)


def mlp_backprop(theta, X, Y, sizes, segment=None):
    """Return a :class:`Backprop`: the gradient of ``nets.mse_loss(sizes, X, Y)`` at ``theta``.

    ``X`` has shape ``(batch, sizes[0])``, ``Y`` shape ``(batch, sizes[-1])``. ``segment=None``
    stores every activation; ``segment=s`` stores ``a_0, a_s, a_2s, ...`` and ``a_L`` and
    recomputes the rest of each segment during the backward pass.
    """
    sizes = _sizes(sizes)
    X = _inputs(X, sizes)
    Y = _targets(Y, X, sizes)
    layers = unflatten(theta, sizes)
    depth, batch = len(layers), X.shape[0]
    s = _segment(segment, depth)
    fwd, dlt, wgt = FlopCounter(), FlopCounter(), FlopCounter()
    evals = 0

    def layer(k, a):  # k = 1..depth
        nonlocal evals
        evals += 1
        W, b = layers[k - 1]
        z = fwd.matmul(a, W.T) + b
        return np.tanh(z) if k < depth else z

    stored = {0: X}
    peak = 1
    a = X
    for k in range(1, depth + 1):
        a = layer(k, a)
        if k % s == 0 or k == depth:
            stored[k] = a
            peak = max(peak, len(stored))
    loss = 0.5 * float(np.sum((a - Y) ** 2)) / batch

    grads = [None] * depth
    delta = (a - Y) / batch
    top = depth
    for start in range(((depth - 1) // s) * s, -1, -s):  # segments, last one first
        a = stored[start]
        for k in range(start + 1, top):  # recompute the inside of the segment
            a = stored[k] = layer(k, a)
        peak = max(peak, len(stored))
        for k in range(top, start, -1):
            W, _ = layers[k - 1]
            grads[k - 1] = (wgt.matmul(delta.T, stored[k - 1]), delta.sum(axis=0))
            if k > 1:
                delta = dlt.matmul(delta, W) * (1.0 - stored[k - 1] ** 2)
            del stored[k]
        top = start

    gradient = np.concatenate([part for dW, db in grads for part in (dW.ravel(), db)])
    return Backprop(gradient, loss, fwd.flops, dlt.flops, wgt.flops, evals, peak)
