"""Principal curvatures and the shape operator of a graph z = f(x): against shapes whose
curvature needs no calculus (spheres, cylinders), the Hessian at critical points, the
Gaussian-curvature formula for a graph, and the slope bounds on random quadratics."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcalc.curvature import principal_curvatures, shape_operator
from matrices import sym_from_spectrum

POINTS = [(0.3, -0.4), (0.6, 0.2), (-0.5, -0.5), (-0.7, 0.1), (0.0, 0.0)]


def cap(rho):
    return lambda x: np.sqrt(rho**2 - np.sum(x * x))


@pytest.mark.parametrize("rho", [1.0, 2.5])
def test_every_point_of_a_sphere_bends_by_one_over_its_radius(rho):
    # every plane through the normal of a sphere cuts a great circle: curvature -1/rho (a dome)
    for xy in POINTS:
        np.testing.assert_allclose(principal_curvatures(cap(rho), rho * np.array(xy)),
                                   [-1 / rho, -1 / rho], rtol=1e-12)
    x3 = rho * np.array([0.2, -0.3, 0.5])  # a 3-sphere cap over R^3
    np.testing.assert_allclose(principal_curvatures(cap(rho), x3), [-1 / rho] * 3, rtol=1e-12)


@pytest.mark.parametrize("rho", [1.0, 2.5])
def test_a_cylinder_bends_across_its_axis_only(rho):
    def cylinder(x):
        return np.sqrt(rho**2 - x[0] ** 2)

    for xy in POINTS:
        x = rho * np.array(xy)
        np.testing.assert_allclose(principal_curvatures(cylinder, x), [-1 / rho, 0.0],
                                   rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(shape_operator(cylinder, x) @ [0.0, 1.0], 0.0, atol=1e-14)


def _quadratic(A, b):
    return lambda x: 0.5 * x @ (A @ x) + b @ x


@settings(derandomize=True, deadline=None, max_examples=40)
@given(st.integers(2, 4), st.integers(0, 10**6))
def test_slope_shrinks_each_curvature_between_w_and_w_cubed(n, seed):
    rng = np.random.default_rng(seed)
    lam = np.sort(rng.uniform(-3, 3, n))
    A = sym_from_spectrum(lam, seed)
    b, x = rng.normal(size=n), rng.normal(size=n)
    kappa = principal_curvatures(_quadratic(A, b), x)
    g = A @ x + b
    w = np.sqrt(1 + g @ g)
    # kappa_i = theta_i lam_i / w with theta_i in [1/w^2, 1] (Ostrowski: I^-1 has eigenvalues
    # 1 and 1/w^2), so the i-th curvature has the sign of lam_i and is shrunk by w to w^3
    tol = 1e-10 * np.max(np.abs(lam))
    assert np.all(kappa * lam >= -tol**2)
    assert np.all(np.abs(kappa) <= np.abs(lam) / w + tol)
    assert np.all(np.abs(kappa) >= np.abs(lam) / w**3 - tol)
    S = shape_operator(_quadratic(A, b), x)
    np.testing.assert_allclose(np.sort(np.linalg.eigvals(S).real), kappa, rtol=1e-9, atol=tol)
    # Gaussian curvature of a graph: det S = det H / w^(n+2)
    np.testing.assert_allclose(np.prod(kappa), np.linalg.det(A) / w ** (n + 2),
                               rtol=1e-9, atol=1e-12)
    # at the critical point x* = -A^-1 b the shape operator is the Hessian
    if np.min(np.abs(lam)) > 1e-3:
        crit = np.linalg.solve(A, -b)
        np.testing.assert_allclose(shape_operator(_quadratic(A, b), crit), A, atol=1e-9)
        np.testing.assert_allclose(principal_curvatures(_quadratic(A, b), crit), lam,
                                   atol=1e-9)


def test_bad_input_is_refused():
    with pytest.raises(TypeError, match="f"):
        principal_curvatures("not a function", [0.0, 0.0])
    with pytest.raises(ValueError, match="x"):
        shape_operator(cap(1.0), [0.0, np.nan])
    with pytest.raises(ValueError, match="x"):
        principal_curvatures(cap(1.0), np.zeros((2, 2)))
