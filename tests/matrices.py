"""Test helper shared by the curvature and step-size tests."""

import numpy as np


def sym_from_spectrum(lam, seed=0):
    """Return the symmetric matrix Q diag(lam) Q^T for a seeded random orthogonal Q."""
    lam = np.asarray(lam, dtype=float)
    Q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((lam.size, lam.size)))
    H = Q @ np.diag(lam) @ Q.T
    return 0.5 * (H + H.T)
