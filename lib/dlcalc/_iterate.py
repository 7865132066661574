"""The loop shared by the iterative methods (gradient descent, Newton, heavy ball): call a
user function with a checked output shape, and stop cleanly when an iterate overflows."""

import numpy as np

from dlcalc._checks import as_positive_int


def evaluate(fn, x, name, shape, step):
    """Return ``fn(x)`` as a float64 array of ``shape`` (ValueError naming ``name`` and the
    step otherwise); overflow warnings are silenced (divergence is a lesson, not an error)."""
    with np.errstate(all="ignore"):
        out = np.asarray(fn(x.copy()), dtype=np.float64)
    if out.shape != shape:
        raise ValueError(f"{name} must return shape {shape}, got {out.shape} at step {step}")
    return out


def iterate(update, x0, steps):
    """Return the trajectory ``(steps + 1, n)`` of ``x_{t+1} = update(x_t, t)`` from ``x0``;
    after the first non-finite iterate every later row is NaN (``update`` is not called on it)."""
    steps = as_positive_int(steps, "steps", minimum=0)
    traj = np.full((steps + 1, x0.shape[0]), np.nan)
    traj[0] = x0
    for t in range(steps):
        with np.errstate(all="ignore"):
            traj[t + 1] = update(traj[t], t)
        if not np.all(np.isfinite(traj[t + 1])):
            break
    return traj
