"""Tests for dlcalc.curvature against independent routes (numpy.linalg, closed forms,
central differences of a quadratic)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcalc.autodiff import hessian, hvp
from dlcalc.curvature import (
    directional_second_derivative,
    eigen_weights,
    hessian_eigen,
    osculating_circle,
    plane_curve_curvature,
    power_iteration,
    rayleigh_quotient,
    top_eigenpairs,
    top_eigenvalues,
)
from dlcalc.nets import init_params, mse_loss, synthetic_regression
from matrices import sym_from_spectrum


@st.composite
def symmetric_and_vector(draw, max_n=8):
    n = draw(st.integers(1, max_n))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((n, n)) * draw(st.sampled_from([1e-3, 1.0, 1e3]))
    d = rng.standard_normal(n)
    return 0.5 * (A + A.T), d


# --- directional second derivative and Rayleigh quotient -------------------------------------


def test_directional_second_derivative_is_second_difference_along_d():
    H = sym_from_spectrum([-2.0, 0.5, 3.0], seed=1)
    d = np.array([1.0, -2.0, 0.5])
    u = d / np.linalg.norm(d)
    x0 = np.array([0.3, 0.1, -0.7])

    def phi(t):  # the quadratic 1/2 x^T H x along the unit direction u
        x = x0 + t * u
        return 0.5 * x @ H @ x

    h = 1e-3
    second_difference = (phi(h) - 2 * phi(0.0) + phi(-h)) / h**2
    assert directional_second_derivative(H, d) == pytest.approx(second_difference, rel=1e-7)
    assert directional_second_derivative(H, 5 * d) == pytest.approx(
        directional_second_derivative(H, d), rel=1e-14
    )
    for scale in (1e-200, 1e200):  # d^T d would under/overflow without rescaling
        assert directional_second_derivative(H, scale * d) == pytest.approx(
            directional_second_derivative(H, d), rel=1e-14
        )


def test_directional_second_derivative_along_eigenvector_is_eigenvalue():
    lam, V = np.linalg.eigh(sym_from_spectrum([-1.0, 2.0, 7.0], seed=2))
    H = V @ np.diag(lam) @ V.T
    for i in range(3):
        assert directional_second_derivative(H, V[:, i]) == pytest.approx(lam[i], abs=1e-12)


@settings(derandomize=True, deadline=None, max_examples=60)
@given(symmetric_and_vector())
def test_rayleigh_quotient_within_extreme_eigenvalues(Hd):
    H, x = Hd
    lam = np.linalg.eigvalsh(H)
    scale = max(1.0, np.max(np.abs(lam)))
    r = rayleigh_quotient(H, x)
    assert lam[0] - 1e-12 * scale <= r <= lam[-1] + 1e-12 * scale


def test_rayleigh_quotient_extremes_attained_at_eigenvectors():
    lam, V = np.linalg.eigh(sym_from_spectrum([-3.0, 1.0, 4.0, 9.0], seed=3))
    H = V @ np.diag(lam) @ V.T
    assert rayleigh_quotient(H, V[:, -1]) == pytest.approx(9.0, rel=1e-12)
    assert rayleigh_quotient(H, V[:, 0]) == pytest.approx(-3.0, rel=1e-12)


# --- eigen-weights -----------------------------------------------------------------------------


@settings(derandomize=True, deadline=None, max_examples=60)
@given(symmetric_and_vector())
def test_eigen_weights_sum_to_one_and_reproduce_directional(Hd):
    H, d = Hd
    values, weights = eigen_weights(H, d)
    assert np.all(np.diff(values) > 0)
    assert np.all(weights >= 0)
    assert weights.sum() == pytest.approx(1.0, abs=1e-12)
    scale = max(1.0, np.max(np.abs(values)))
    assert np.dot(weights, values) == pytest.approx(
        directional_second_derivative(H, d), abs=1e-10 * scale
    )


def test_eigen_weights_are_squared_cosines():
    H = np.diag([1.0, 2.0, 5.0])
    d = np.array([1.0, 1.0, 0.0])  # 45 degrees from e1 and e2, 90 from e3
    values, weights = eigen_weights(H, d)
    np.testing.assert_allclose(values, [1.0, 2.0, 5.0])
    np.testing.assert_allclose(weights, [0.5, 0.5, 0.0], atol=1e-15)


def test_eigen_weights_merge_repeated_eigenvalue_basis_independent():
    d = np.array([0.3, -1.0, 2.0, 0.5])
    u = d / np.linalg.norm(d)
    V, _ = np.linalg.qr(np.random.default_rng(4).standard_normal((4, 4)))
    c, s = np.cos(0.7), np.sin(0.7)
    W = V.copy()
    W[:, 1:3] = V[:, 1:3] @ np.array([[c, -s], [s, c]])  # another basis of the eigenspace
    lam = np.diag([1.0, 2.0, 2.0, 3.0])
    results = [eigen_weights(0.5 * (B @ lam @ B.T + (B @ lam @ B.T).T), d) for B in (V, W)]
    P = V[:, 1:3] @ V[:, 1:3].T  # projector on the eigenspace of 2
    for values, weights in results:
        np.testing.assert_allclose(values, [1.0, 2.0, 3.0], rtol=1e-12)
        assert weights[1] == pytest.approx(u @ P @ u, rel=1e-10)
    np.testing.assert_allclose(results[0][1], results[1][1], atol=1e-12)
    values, weights = eigen_weights(2.0 * np.eye(3), [1.0, 2.0, 3.0])
    np.testing.assert_allclose(values, [2.0])
    np.testing.assert_allclose(weights, [1.0])


def test_eigen_weights_grouping_tolerance():
    d = np.ones(2)
    assert eigen_weights(np.diag([1.0, 1.0 + 1e-12]), d)[0].size == 1
    assert eigen_weights(np.diag([1.0, 1.0 + 1e-6]), d)[0].size == 2
    assert eigen_weights(np.diag([1.0, 1.0 + 1e-6]), d, rtol=1e-5)[0].size == 1


# --- hessian_eigen -----------------------------------------------------------------------------


def test_hessian_eigen_decomposes_with_fixed_signs():
    H = sym_from_spectrum([-1.0, 0.5, 4.0], seed=6)
    lam, V = hessian_eigen(H)
    np.testing.assert_allclose(lam, [-1.0, 0.5, 4.0], atol=1e-12)
    np.testing.assert_allclose(V.T @ V, np.eye(3), atol=1e-12)
    np.testing.assert_allclose(H @ V, V * lam, atol=1e-12)
    idx = np.argmax(np.abs(V), axis=0)
    assert np.all(V[idx, np.arange(3)] > 0)
    np.testing.assert_array_equal(V, hessian_eigen(H)[1])
    lam_neg, V_neg = hessian_eigen(-H)  # same eigenvectors, reversed order, same fixed signs
    np.testing.assert_allclose(lam_neg, -lam[::-1], atol=1e-12)
    np.testing.assert_allclose(V_neg, V[:, ::-1], atol=1e-10)


# --- plane curve curvature ---------------------------------------------------------------------


@pytest.mark.parametrize("r", [0.5, 1.0, 3.0])
@pytest.mark.parametrize("x", [-0.4, 0.0, 0.25])
def test_curvature_of_circle_is_one_over_radius(r, x):
    def upper_semicircle(t):
        return np.sqrt(r**2 - t[0] ** 2)

    assert plane_curve_curvature(upper_semicircle, x) == pytest.approx(1.0 / r, rel=1e-10)


@pytest.mark.parametrize("a", [-2.0, 0.5, 3.0])
@pytest.mark.parametrize("x", [-1.0, 0.0, 0.7])
def test_curvature_of_parabola_closed_form(a, x):
    expected = 2 * abs(a) / (1 + (2 * a * x) ** 2) ** 1.5
    assert plane_curve_curvature(lambda t: a * t[0] ** 2, x) == pytest.approx(expected, rel=1e-12)
    assert plane_curve_curvature(lambda t: a * t[0] ** 2, np.array([x])) == pytest.approx(
        expected, rel=1e-12
    )


def test_curvature_of_line_is_zero():
    assert plane_curve_curvature(lambda t: 3.0 * t[0] - 1.0, 0.4) == pytest.approx(0.0, abs=1e-14)


# --- top eigenvalues (Lanczos) -----------------------------------------------------------------

SPECTRA = {
    "random mixed signs": np.random.default_rng(7).standard_normal(40) * 3,
    "all negative": -np.linspace(1.0, 10.0, 30),
    "clustered top": np.concatenate([5.0 + 1e-12 * np.arange(4), np.linspace(-4.0, 4.9, 26)]),
    "repeated top": np.concatenate([[6.0, 6.0, 6.0], np.linspace(-6.0, 5.0, 27)]),
    "negative dominates": np.concatenate([[-100.0, -90.0], np.linspace(-1.0, 1.0, 20)]),
    "zero matrix": np.zeros(6),
}


@pytest.mark.parametrize("name", sorted(SPECTRA))
@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_top_eigenvalues_match_eigvalsh(name, k):
    H = sym_from_spectrum(SPECTRA[name], seed=8)
    expected = np.sort(np.linalg.eigvalsh(H))[::-1][:k]
    got = top_eigenvalues(lambda v: H @ v, H.shape[0], k=k)
    assert got.shape == (k,)
    assert np.all(np.diff(got) <= 0)
    scale = max(1.0, np.max(np.abs(SPECTRA[name])))
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9 * scale)


@pytest.mark.parametrize("n", [1, 2, 7])
def test_top_eigenvalues_k_equals_n_is_whole_spectrum(n):
    H = sym_from_spectrum(np.linspace(-3.0, 2.0, n), seed=n)
    got = top_eigenvalues(lambda v: H @ v, n, k=n)
    np.testing.assert_allclose(got, np.linalg.eigvalsh(H)[::-1], atol=1e-12)


@settings(derandomize=True, deadline=None, max_examples=40)
@given(symmetric_and_vector(max_n=12), st.integers(1, 12), st.integers(0, 100))
def test_top_eigenvalues_property(Hd, k, seed):
    H = Hd[0]
    n = H.shape[0]
    k = min(k, n)
    got = top_eigenvalues(lambda v: H @ v, n, k=k, seed=seed)
    lam = np.linalg.eigvalsh(H)
    np.testing.assert_allclose(got, lam[::-1][:k], rtol=0, atol=1e-8 * max(1e-300, *np.abs(lam)))


def test_top_eigenpairs_are_eigenpairs_with_fixed_signs():
    H = sym_from_spectrum(np.linspace(-5.0, 5.0, 25), seed=9)
    values, vectors = top_eigenpairs(lambda v: H @ v, 25, k=3)
    assert vectors.shape == (25, 3)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=0), 1.0, rtol=1e-12)
    np.testing.assert_allclose(H @ vectors, vectors * values, atol=1e-9)
    idx = np.argmax(np.abs(vectors), axis=0)
    assert np.all(vectors[idx, np.arange(3)] > 0)
    again = top_eigenpairs(lambda v: H @ v, 25, k=3)
    np.testing.assert_array_equal(values, again[0])
    np.testing.assert_array_equal(vectors, again[1])


def test_top_eigenvalues_warm_start_needs_few_products():
    H = sym_from_spectrum(np.linspace(-5.0, 5.0, 60), seed=10)
    calls = []

    def counted(v):
        calls.append(1)
        return H @ v

    top = np.linalg.eigh(H)[1][:, -1]
    got = top_eigenvalues(counted, 60, v0=top)
    assert got[0] == pytest.approx(5.0, rel=1e-10)
    assert len(calls) <= 2
    calls.clear()
    top_eigenvalues(counted, 60)
    assert len(calls) > 2  # a cold start needs more products


def test_top_eigenvalues_tolerance_and_maxiter():
    H = sym_from_spectrum(np.linspace(-1.0, 1.0, 100), seed=11)
    loose = top_eigenvalues(lambda v: H @ v, 100, tol=1e-4)
    assert loose[0] == pytest.approx(1.0, abs=1e-4)
    with pytest.raises(RuntimeError, match="maxiter"):
        top_eigenvalues(lambda v: H @ v, 100, maxiter=3)


def test_top_eigenvalues_on_autodiff_hessian():
    def f(x):
        return np.sum(np.tanh(x[:4]) * x[4:] ** 2) + np.sin(x[0] * x[7]) - np.sum(x**4) / 12

    x = np.linspace(-1.0, 1.2, 8)
    expected = np.linalg.eigvalsh(hessian(f)(x))[::-1][:3]
    got = top_eigenvalues(lambda v: hvp(f, x, v), 8, k=3)
    np.testing.assert_allclose(got, expected, atol=1e-9)


def test_top_eigenvalues_on_small_network_loss():
    sizes = [3, 6, 1]  # 31 parameters: small enough to form the Hessian
    X, Y = synthetic_regression(16, 3, 1, seed=2)
    f = mse_loss(sizes, X, Y)
    theta = init_params(sizes, seed=3)
    expected = np.linalg.eigvalsh(hessian(f)(theta))[::-1][:4]
    got, vectors = top_eigenpairs(lambda v: hvp(f, theta, v), theta.size, k=4)
    np.testing.assert_allclose(got, expected, atol=1e-9 * max(1.0, abs(expected[0])))
    for i in range(4):
        np.testing.assert_allclose(hvp(f, theta, vectors[:, i]), got[i] * vectors[:, i], atol=1e-8)


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [directional_second_derivative, eigen_weights])
def test_direction_functions_reject_bad_input(fn):
    H = np.eye(2)
    with pytest.raises(ValueError, match="d must be a non-zero"):
        fn(H, [0.0, 0.0])
    with pytest.raises(ValueError, match="square"):
        fn(np.ones((2, 3)), [1.0, 0.0])
    with pytest.raises(ValueError, match="symmetric"):
        fn(np.array([[1.0, 2.0], [0.0, 1.0]]), [1.0, 0.0])
    with pytest.raises(ValueError, match="d must be finite"):
        fn(H, [np.nan, 1.0])
    with pytest.raises(ValueError, match="H must be finite"):
        fn(np.array([[np.nan, 0.0], [0.0, 1.0]]), [1.0, 0.0])
    with pytest.raises(ValueError, match=r"d must have shape \(2,\)"):
        fn(H, [1.0, 0.0, 0.0])
    with pytest.raises(TypeError, match="d must be a number or an array"):
        fn(H, "up")


def test_rayleigh_quotient_and_hessian_eigen_reject_bad_input():
    with pytest.raises(ValueError, match="x must be a non-zero"):
        rayleigh_quotient(np.eye(3), np.zeros(3))
    with pytest.raises(ValueError, match="symmetric"):
        rayleigh_quotient(np.triu(np.ones((3, 3))), np.ones(3))
    with pytest.raises(ValueError, match="symmetric"):
        hessian_eigen(np.triu(np.ones((3, 3))))
    with pytest.raises(ValueError, match="square"):
        hessian_eigen(np.ones(3))
    with pytest.raises(ValueError, match="rtol must be finite"):
        eigen_weights(np.eye(2), [1.0, 0.0], rtol=np.inf)


def test_plane_curve_curvature_rejects_bad_input():
    with pytest.raises(TypeError, match="f must be a callable"):
        plane_curve_curvature(3.0, 0.0)
    with pytest.raises(ValueError, match="x must be a scalar"):
        plane_curve_curvature(lambda t: t[0] ** 2, [0.0, 1.0])
    with pytest.raises(ValueError, match="x must be finite"):
        plane_curve_curvature(lambda t: t[0] ** 2, np.nan)


def test_top_eigenvalues_rejects_bad_input():
    H = np.diag([1.0, 2.0, 3.0])

    def ok(v):
        return H @ v

    with pytest.raises(TypeError, match="hvp_fn must be a callable"):
        top_eigenvalues(H, 3)
    with pytest.raises(ValueError, match="n must be >= 1"):
        top_eigenvalues(ok, 0)
    with pytest.raises(TypeError, match="n must be an integer"):
        top_eigenvalues(ok, 3.0)
    with pytest.raises(ValueError, match="k must be >= 1"):
        top_eigenvalues(ok, 3, k=0)
    with pytest.raises(ValueError, match="k must satisfy"):
        top_eigenvalues(ok, 3, k=4)
    with pytest.raises(ValueError, match=r"hvp_fn must return shape \(3,\)"):
        top_eigenvalues(lambda v: np.ones(2), 3)
    with pytest.raises(ValueError, match=r"hvp_fn must return shape \(3,\)"):
        top_eigenvalues(lambda v: (H @ v)[:, None], 3)
    with pytest.raises(ValueError, match="hvp_fn must return finite"):
        top_eigenvalues(lambda v: v * np.nan, 3)
    with pytest.raises(ValueError, match="hvp_fn must return an array"):
        top_eigenvalues(lambda v: "no", 3)
    with pytest.raises(ValueError, match=r"v0 must have shape \(3,\)"):
        top_eigenvalues(ok, 3, v0=np.ones(2))
    with pytest.raises(ValueError, match="v0 must be a non-zero"):
        top_eigenvalues(ok, 3, v0=np.zeros(3))
    with pytest.raises(ValueError, match="tol must be > 0"):
        top_eigenvalues(ok, 3, tol=-1.0)
    with pytest.raises(ValueError, match="maxiter must be >= 1"):
        top_eigenvalues(ok, 3, maxiter=0)


def test_osculating_circle_of_a_parabola_closed_form():
    # y = x^2: y' = 2x, y'' = 2, center (-4x^3, 1/2 + 3x^2), radius (1 + 4x^2)^(3/2) / 2
    for x in (-0.7, 0.0, 0.4, 1.5):
        center, radius, slope, second = osculating_circle(lambda v: v[0] ** 2, x)
        np.testing.assert_allclose(center, [-4 * x**3, 0.5 + 3 * x**2], rtol=1e-12, atol=1e-14)
        assert radius == pytest.approx((1 + 4 * x**2) ** 1.5 / 2, rel=1e-12)
        assert radius == pytest.approx(1 / plane_curve_curvature(lambda v: v[0] ** 2, x), rel=1e-12)
        assert (slope, second) == (pytest.approx(2 * x), pytest.approx(2.0))


def test_osculating_circle_bad_input():
    with pytest.raises(TypeError, match="f must be a callable"):
        osculating_circle("x**2", 0.0)
    with pytest.raises(ValueError, match="x must be a scalar"):
        osculating_circle(lambda v: v[0] ** 2, [0.0, 1.0])
    with pytest.raises(ValueError, match="x must be finite"):
        osculating_circle(lambda v: v[0] ** 2, np.nan)


# --- power iteration: against eigvalsh and closed forms, its two pitfalls, bad input ----------


@settings(derandomize=True, deadline=None, max_examples=30)
@given(st.lists(st.floats(0.1, 10.0), min_size=2, max_size=8), st.integers(0, 2**16))
def test_power_iteration_finds_lambda_max_of_a_positive_definite_matrix(lam, seed):
    lam = np.sort(np.array(lam))
    lam[-1] = 2.0 * lam[-2] + 1.0                       # a gap: ratio at most 1/2 per step
    H = sym_from_spectrum(lam, seed=seed)
    values, v = power_iteration(lambda x: H @ x, lam.size, steps=80, seed=seed)
    top = np.linalg.eigvalsh(H)[-1]
    np.testing.assert_allclose(values[-1], top, rtol=1e-10)
    np.testing.assert_allclose(np.linalg.norm(v), 1.0, rtol=1e-12)
    np.testing.assert_allclose(H @ v, top * v, atol=1e-8 * top)


def test_power_iteration_rayleigh_quotients_follow_the_closed_form_on_a_diagonal():
    # H = diag(a, b), v0 = (1, 1): v_j ~ (a^j, b^j), so v_j^T H v_j = (a^(2j+1) + b^(2j+1)) /
    # (a^(2j) + b^(2j)), and the error a - value shrinks by (b/a)^2 per step
    a, b = 10.1, 9.5
    values, _ = power_iteration(lambda x: np.array([a, b]) * x, 2, steps=40, v0=[1.0, 1.0])
    j = np.arange(40)
    closed = (a ** (2 * j + 1) + b ** (2 * j + 1)) / (a ** (2 * j) + b ** (2 * j))
    np.testing.assert_allclose(values, closed, rtol=1e-13)
    ratios = (a - values[1:]) / (a - values[:-1])
    np.testing.assert_allclose(ratios[-1], (b / a) ** 2, rtol=5e-3)    # -> (b/a)^2 as j grows


def test_power_iteration_crawls_when_the_top_eigenvalues_are_close():
    # pitfall 2: the eigenvector error shrinks by lambda_2 / lambda_1 per step (0.94 here);
    # Lanczos on the same matrix and start is exact to 1e-10 in a handful of products
    H = sym_from_spectrum([10.1, 9.5, 9.0, 5.0, 1.0, 0.5], seed=3)
    u = np.linalg.eigh(H)[1][:, -1]
    _, v20 = power_iteration(lambda x: H @ x, 6, steps=20, seed=1)
    _, v40 = power_iteration(lambda x: H @ x, 6, steps=40, seed=1)
    sine = [np.sqrt(max(0.0, 1.0 - (u @ w) ** 2)) for w in (v20, v40)]
    np.testing.assert_allclose(sine[1] / sine[0], (9.5 / 10.1) ** 20, rtol=0.05)
    assert sine[1] > 1e-2                                # still far off after 40 products
    calls = []
    top = top_eigenvalues(lambda x: calls.append(1) or H @ x, 6, seed=1)
    np.testing.assert_allclose(top, 10.1, rtol=1e-10)
    assert len(calls) <= 6


def test_power_iteration_finds_the_largest_magnitude_not_the_largest_eigenvalue():
    # pitfall 1: on an indefinite H with |lambda_min| > lambda_max it converges to lambda_min;
    # shifting by sigma >= |lambda_min| makes every eigenvalue >= 0 and recovers lambda_max
    H = sym_from_spectrum([-5.0, -1.0, 0.5, 3.0], seed=2)
    values, v = power_iteration(lambda x: H @ x, 4, steps=200)
    np.testing.assert_allclose(values[-1], -5.0, rtol=1e-10)
    np.testing.assert_allclose(abs(v @ np.linalg.eigh(H)[1][:, 0]), 1.0, rtol=1e-10)
    sigma = 5.0
    shifted, _ = power_iteration(lambda x: H @ x + sigma * x, 4, steps=400)
    np.testing.assert_allclose(shifted[-1] - sigma, np.linalg.eigvalsh(H)[-1], rtol=1e-8)


def test_power_iteration_on_the_null_space_stops_at_eigenvalue_zero():
    values, v = power_iteration(lambda x: np.array([x[0], 0.0]), 2, steps=5, v0=[0.0, 2.0])
    np.testing.assert_array_equal(values, np.zeros(5))
    np.testing.assert_array_equal(v, [0.0, 1.0])


def test_power_iteration_matches_eigvalsh_on_a_network_hessian():
    sizes = (2, 4, 1)
    X, Y = synthetic_regression(10, 2, 1, seed=0)
    loss, theta = mse_loss(sizes, X, Y), init_params(sizes, seed=1)
    lam = np.linalg.eigvalsh(hessian(loss)(theta))
    assert abs(lam[0]) < lam[-1]                          # lambda_max has the largest |lambda|
    assert lam[-2] / lam[-1] < 0.6                        # a gap: (0.6^2)^30 < 1e-13
    values, _ = power_iteration(lambda v: hvp(loss, theta, v), theta.size, steps=60)
    np.testing.assert_allclose(values[-1], lam[-1], rtol=1e-10)


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [
        ({"hvp_fn": "H"}, TypeError, "hvp_fn"),
        ({"n": 0}, ValueError, "n"),
        ({"n": 2.5}, TypeError, "n"),
        ({"steps": 0}, ValueError, "steps"),
        ({"v0": [1.0, 2.0, 3.0]}, ValueError, "v0 must have shape"),
        ({"v0": [0.0, 0.0]}, ValueError, "v0 must be a non-zero"),
        ({"v0": [1.0, np.nan]}, ValueError, "v0"),
        ({"hvp_fn": lambda v: np.ones(3)}, ValueError, "hvp_fn must return shape"),
        ({"hvp_fn": lambda v: v * np.nan}, ValueError, "hvp_fn must return finite"),
    ],
)
def test_power_iteration_rejects_bad_input(kwargs, exc, words):
    args = {"hvp_fn": lambda v: 2.0 * v, "n": 2, **kwargs}
    with pytest.raises(exc, match=words):
        power_iteration(**args)
