"""Tests for dlcalc.eos against independent routes: numpy.linalg.eigvalsh of the formed Hessian,
a hand-written NumPy backprop loop, closed forms on quadratics; and the edge-of-stability claims
of chapter 6 under a second seed (different data and initialisation)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcalc import nets
from dlcalc.autodiff import grad, hessian
from dlcalc.eos import GDRun, noisy_regression, sharpness, spectrum_fractions, train_gd
from dlcalc.stepsize import gradient_descent

# The chapter's learning rates; the chapter uses data_seed=0, init_seed=0.
CHAPTER_LRS = (0.15, 0.2, 0.3)
SECOND_SEED = {"data_seed": 8, "init_seed": 2}


def tiny_problem():
    return noisy_regression(sizes=(2, 4, 3, 1), n_samples=12, data_seed=3, init_seed=4)


def numpy_loss_and_grad(theta, sizes, X, Y):
    """Hand-written backprop of 0.5 * mean_batch |mlp(X) - Y|^2 (independent of dlcalc)."""
    layers, start = [], 0
    for d_in, d_out in zip(sizes[:-1], sizes[1:], strict=True):
        W = theta[start:start + d_out * d_in].reshape(d_out, d_in)
        b = theta[start + d_out * d_in:start + d_out * d_in + d_out]
        start += d_out * d_in + d_out
        layers.append((W, b))
    acts = [X]
    for i, (W, b) in enumerate(layers):
        z = acts[-1] @ W.T + b
        acts.append(np.tanh(z) if i < len(layers) - 1 else z)
    r = acts[-1] - Y
    N = X.shape[0]
    delta, grads = r / N, []
    for i in range(len(layers) - 1, -1, -1):
        W, _ = layers[i]
        grads.append(np.concatenate([(delta.T @ acts[i]).ravel(), delta.sum(axis=0)]))
        if i > 0:
            delta = (delta @ W) * (1.0 - acts[i] ** 2)
    return 0.5 * np.sum(r**2) / N, np.concatenate(grads[::-1])


# --- the sharpness equals the top of the formed Hessian's spectrum ----------------------------


def test_tracked_sharpness_equals_eigvalsh_of_formed_hessian_on_tiny_net():
    p = tiny_problem()
    run = train_gd(p.loss, p.theta0, lr=0.5, steps=40, track_every=10, k=3, tol=1e-10)
    np.testing.assert_array_equal(run.sharpness_steps, [0, 10, 20, 30, 40])
    for theta, top, u in zip(run.thetas, run.eigenvalues, run.eigenvectors, strict=True):
        H = hessian(p.loss)(theta)
        lam = np.linalg.eigvalsh(0.5 * (H + H.T))[::-1][:3]
        np.testing.assert_allclose(top, lam, rtol=1e-8, atol=1e-12)
        np.testing.assert_allclose(H @ u, top[0] * u, rtol=0, atol=1e-6 * abs(top[0]))
    np.testing.assert_array_equal(run.sharpness, run.eigenvalues[:, 0])


def test_sharpness_function_matches_eigvalsh_on_the_chapter_network_second_seed():
    p = noisy_regression(**SECOND_SEED)
    assert p.theta0.shape == (nets.param_count(p.sizes),) and p.theta0.size <= 2000
    values, vectors = sharpness(p.loss, p.theta0, k=2)
    lam = np.linalg.eigvalsh(hessian(p.loss)(p.theta0))
    np.testing.assert_allclose(values, lam[::-1][:2], rtol=1e-6)
    assert vectors.shape == (p.theta0.size, 2)
    np.testing.assert_allclose(vectors.T @ vectors, np.eye(2), atol=1e-10)


# --- the gradient-descent loop ----------------------------------------------------------------


def test_loss_trajectory_equals_a_manual_numpy_backprop_loop():
    p = tiny_problem()
    lr, steps = 0.3, 25
    run = train_gd(p.loss, p.theta0, lr, steps, track_every=7)
    theta, losses = p.theta0.copy(), []
    for _ in range(steps + 1):
        value, g = numpy_loss_and_grad(theta, p.sizes, p.X, p.Y)
        losses.append(value)
        theta = theta - lr * g
    np.testing.assert_allclose(run.loss, losses, rtol=1e-12, atol=0)
    assert run.loss.shape == (steps + 1,)
    # the probed iterates agree with chapter 4's gradient_descent driven by dlcalc.grad
    traj = gradient_descent(grad(p.loss), p.theta0, lr, steps)
    np.testing.assert_array_equal(run.sharpness_steps, [0, 7, 14, 21, 25])
    np.testing.assert_allclose(run.thetas, traj[run.sharpness_steps], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(run.theta, traj[-1], rtol=1e-12, atol=1e-14)
    assert not run.diverged and run.hvp_calls > 0


@settings(derandomize=True, deadline=None, max_examples=25)
@given(
    lam=st.lists(st.floats(0.1, 10.0), min_size=1, max_size=5),
    lr=st.floats(0.01, 0.19),
    steps=st.integers(1, 30),
)
def test_on_a_quadratic_sharpness_is_lambda_max_and_loss_is_the_closed_form(lam, lr, steps):
    lam = np.array(lam)
    x0 = np.linspace(1.0, -0.5, lam.size)

    def f(x):
        return 0.5 * np.sum(lam * x * x)

    run = train_gd(f, x0, lr, steps, track_every=3, tol=1e-12)
    t = np.arange(steps + 1)[:, None]
    closed = 0.5 * np.sum(lam * (x0 * (1.0 - lr * lam) ** t) ** 2, axis=1)
    np.testing.assert_allclose(run.loss, closed, rtol=1e-10, atol=1e-300)
    np.testing.assert_allclose(run.sharpness, lam.max(), rtol=1e-9)
    assert run.edge == pytest.approx(2.0 / lr)


def test_divergence_beyond_two_over_lambda_on_a_quadratic_is_recorded_not_raised():
    def f(x):
        return 0.5 * 10.0 * np.sum(x * x)

    run = train_gd(f, np.array([1.0, -1.0]), lr=1.0, steps=400, track_every=50)
    assert run.diverged
    stop = int(np.argmax(~np.isfinite(run.loss)))
    assert 0 < stop < 400 and np.all(np.isnan(run.loss[stop + 1:]))
    assert np.all(np.diff(run.loss[:stop]) > 0)  # |1 - lr * 10| = 9 > 1: it grows every step
    np.testing.assert_allclose(run.sharpness, 10.0, rtol=1e-9)


def test_a_non_finite_hessian_vector_product_stops_the_run_as_diverged():
    def f(x):  # gradient 1.5 x^0.5 is finite at 0, the second derivative 0.75 x^-0.5 is not
        return np.sum(x**1.5)

    run = train_gd(f, [0.0, 1.0], lr=0.1, steps=5)
    assert run.diverged and run.loss[0] == 1.0 and np.all(np.isnan(run.loss[1:]))
    assert run.sharpness.shape == (0,) and run.thetas.shape == (0, 2)
    with pytest.raises(ValueError, match="loss must have finite Hessian-vector products"):
        sharpness(f, [0.0, 1.0])


# --- the edge-of-stability claims, under a second seed ----------------------------------------


@pytest.mark.parametrize("lr", CHAPTER_LRS)
def test_edge_of_stability_claims_hold_under_a_second_seed(lr):
    p = noisy_regression(**SECOND_SEED)
    run = train_gd(p.loss, p.theta0, lr, steps=800, track_every=20)
    assert not run.diverged and np.all(np.isfinite(run.loss))
    # progressive sharpening: starts well below 2/lr ...
    assert run.sharpness[0] < 0.5 * run.edge
    # ... and hovers at 2/lr: the median over the last quarter of the probes is within 10%
    assert abs(run.tail_sharpness(0.25) / run.edge - 1.0) < 0.10
    # training is still under way when the sharpness reaches the edge
    reach = run.sharpness_steps[np.argmax(run.sharpness >= 0.95 * run.edge)]
    assert run.sharpness.max() >= 0.95 * run.edge and run.loss[reach] > 2.0 * run.loss[-1]
    # the loss falls overall but not monotonically
    assert run.loss[-1] < 0.2 * run.loss[0]
    assert run.loss_increases() > 0


# --- helpers ----------------------------------------------------------------------------------


def test_spectrum_fractions_count_by_sign_with_a_relative_zero_band():
    lam = np.array([-3.0, -1e-4, 0.0, 2e-3, 0.5, 10.0])
    neg, zero, pos = spectrum_fractions(lam, rtol=1e-3)  # tau = 0.01
    assert (neg, zero, pos) == pytest.approx((1 / 6, 3 / 6, 2 / 6))
    assert spectrum_fractions(lam, rtol=0.5) == pytest.approx((0.0, 5 / 6, 1 / 6))  # tau = 5


@settings(derandomize=True, deadline=None, max_examples=50)
@given(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=30), st.floats(1e-6, 0.9))
def test_spectrum_fractions_sum_to_one(lam, rtol):
    lam = np.array(lam)
    fractions = spectrum_fractions(lam, rtol)
    assert sum(fractions) == pytest.approx(1.0, abs=1e-12)
    assert all(0.0 <= f <= 1.0 for f in fractions)


def test_tail_sharpness_and_loss_increases_on_a_hand_made_record():
    run = GDRun(lr=0.5, loss=np.array([3.0, 2.0, 2.5, 1.0, 1.5]),
                sharpness_steps=np.arange(4), eigenvalues=np.array([[1.0], [2.0], [5.0], [3.0]]),
                sharpness=np.array([1.0, 2.0, 5.0, 3.0]), thetas=np.zeros((4, 1)),
                eigenvectors=np.ones((4, 1)), theta=np.zeros(1), hvp_calls=0, diverged=False)
    assert run.edge == 4.0
    assert run.tail_sharpness(0.5) == 4.0  # median of [5, 3]
    assert run.tail_sharpness(0.01) == 3.0  # at least one probe
    assert run.loss_increases() == 2


def test_noisy_regression_is_seeded_and_shaped():
    a, b = noisy_regression(), noisy_regression()
    np.testing.assert_array_equal(a.Y, b.Y)
    np.testing.assert_array_equal(a.theta0, b.theta0)
    c = noisy_regression(**SECOND_SEED)
    assert not np.array_equal(a.X, c.X) and not np.array_equal(a.theta0, c.theta0)
    assert a.X.shape == (64, 4) and a.Y.shape == (64, 1) and a.sizes == (4, 16, 16, 1)
    clean = noisy_regression(noise=0.0)
    np.testing.assert_array_equal(clean.Y, nets.synthetic_regression(64, 4, 1, seed=0)[1])
    np.testing.assert_allclose(noisy_regression(init_scale=1.0).theta0,
                               nets.init_params((4, 16, 16, 1), seed=0))
    assert a.loss(a.theta0) == pytest.approx(nets.mse_loss(a.sizes, a.X, a.Y)(a.theta0))


# --- bad input --------------------------------------------------------------------------------


def quad(x):
    return np.sum(x * x)


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [
        ({"loss": "not a function"}, TypeError, "loss"),
        ({"theta0": np.zeros((2, 2))}, ValueError, "theta0"),
        ({"theta0": [1.0, np.nan]}, ValueError, "theta0"),
        ({"lr": 0.0}, ValueError, "lr"),
        ({"lr": "big"}, TypeError, "lr"),
        ({"steps": 0}, ValueError, "steps"),
        ({"steps": 2.5}, TypeError, "steps"),
        ({"track_every": 0}, ValueError, "track_every"),
        ({"k": 3}, ValueError, "k"),
        ({"tol": -1.0}, ValueError, "tol"),
        ({"loss": lambda x: x * 2.0}, ValueError, "loss must return a scalar"),
    ],
)
def test_train_gd_rejects_bad_input(kwargs, exc, words):
    args = {"loss": quad, "theta0": [1.0, 2.0], "lr": 0.1, "steps": 3, **kwargs}
    with pytest.raises(exc, match=words):
        train_gd(**args)


def test_sharpness_rejects_bad_input():
    with pytest.raises(TypeError, match="loss"):
        sharpness(None, [1.0])
    with pytest.raises(ValueError, match="theta"):
        sharpness(quad, [[1.0, 2.0]])
    with pytest.raises(ValueError, match="v0"):
        sharpness(quad, [1.0, 2.0], v0=[1.0])


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [
        ({"noise": -0.1}, ValueError, "noise"),
        ({"noise": float("nan")}, ValueError, "noise"),
        ({"init_scale": 0.0}, ValueError, "init_scale"),
        ({"data_seed": -1}, ValueError, "data_seed"),
        ({"init_seed": 1.5}, TypeError, "init_seed"),
        ({"sizes": (4,)}, ValueError, "sizes"),
        ({"n_samples": 0}, ValueError, "n_samples"),
    ],
)
def test_noisy_regression_rejects_bad_input(kwargs, exc, words):
    with pytest.raises(exc, match=words):
        noisy_regression(**kwargs)


def test_spectrum_fractions_and_tail_reject_bad_input():
    with pytest.raises(ValueError, match="eigenvalues"):
        spectrum_fractions(np.eye(2))
    with pytest.raises(ValueError, match="eigenvalues"):
        spectrum_fractions([1.0, np.inf])
    with pytest.raises(ValueError, match="rtol"):
        spectrum_fractions([1.0], rtol=0.0)
    run = train_gd(quad, [1.0], 0.1, 2)
    for bad in (0.0, 1.5):
        with pytest.raises(ValueError, match="fraction"):
            run.tail_sharpness(bad)
