"""Tests for dlcalc.eos and dlcalc.gdrun against independent routes: numpy.linalg.eigvalsh of the
formed Hessian, a hand-written NumPy backprop loop, closed forms on quadratics; chapter 6's
claims (dlcalc.eos.claims) for every rate under eight (data, init) seed pairs and, for two of
them, a 1e-9 perturbation of theta_0; the claim functions on synthetic runs; the control run;
chapter 6's seed-independent statements about theta_0 and the saddle on every pair.

The thresholds come from benchmarks/eos_sweep.py (50 seed pairs, each also perturbed), which
prints their measured worst cases; these tests run the claims on six of those pairs and on two
pairs outside that sweep."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcalc import eos, nets
from dlcalc.autodiff import grad, hessian
from dlcalc.eos import (
    CHAPTER_LRS,
    CONTROL_LRS,
    GDRun,
    claims,
    control_claims,
    edge_of_stability,
    noisy_regression,
    sharpness,
    spectrum_fractions,
    train_gd,
)
from dlcalc.finite_diff import gradient_fd
from dlcalc.stepsize import gradient_descent

SECOND_SEED = {"data_seed": 8, "init_seed": 2}
# The chapter's pair, a second one and four of the sweep's (s, s + 100), which set the thresholds,
# then two pairs outside that sweep (out of sample: the test is not a replay of the fit).
SEED_PAIRS = [(0, 0), (8, 2), (1, 101), (2, 102), (3, 103), (4, 104), (100, 300), (101, 301)]
PERTURBED_PAIRS = SEED_PAIRS[:2]


def tiny_problem():
    return noisy_regression(sizes=(2, 4, 3, 1), n_samples=12, data_seed=3, init_seed=4)


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
    for _ in range(steps + 1):                  # a plain loop on the hand-written backprop
        value, g = p.value_and_grad(theta)
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


@settings(derandomize=True, deadline=None, max_examples=20)
@given(st.integers(0, 2**16), st.floats(0.1, 3.0))
def test_problem_value_and_grad_matches_autodiff_and_central_differences(seed, scale):
    p = noisy_regression(sizes=(3, 5, 4, 2), n_samples=9, data_seed=seed % 7, init_seed=seed)
    theta = scale * np.random.default_rng(seed).standard_normal(p.theta0.size)
    value, g = p.value_and_grad(theta)
    assert value == pytest.approx(float(p.loss(theta)), rel=1e-13)
    np.testing.assert_allclose(g, grad(p.loss)(theta), rtol=1e-11, atol=1e-14)
    np.testing.assert_allclose(g, gradient_fd(p.loss, theta), rtol=1e-5, atol=1e-8)


def test_train_gd_with_value_and_grad_follows_the_same_trajectory():
    p = tiny_problem()
    slow = train_gd(p.loss, p.theta0, 0.4, 60, track_every=15)
    fast = train_gd(p.loss, p.theta0, 0.4, 60, track_every=15, value_and_grad=p.value_and_grad)
    np.testing.assert_allclose(fast.loss, slow.loss, rtol=1e-12)
    np.testing.assert_allclose(fast.sharpness, slow.sharpness, rtol=1e-9)
    with pytest.raises(TypeError, match="value_and_grad"):
        train_gd(p.loss, p.theta0, 0.4, 5, value_and_grad=3)


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


# --- the edge-of-stability claims, under eight seed pairs and a 1e-9 perturbation ----------


@pytest.mark.parametrize("lr", CHAPTER_LRS)
@pytest.mark.parametrize("pair", SEED_PAIRS)
def test_every_chapter_claim_holds_for_every_rate_and_seed_pair(pair, lr):
    run = edge_of_stability(lr, *pair)
    result = claims(run)
    assert all(result.values()), {name: ok for name, ok in result.items() if not ok}


@pytest.mark.parametrize("lr", CHAPTER_LRS)
@pytest.mark.parametrize("pair", PERTURBED_PAIRS)
def test_every_chapter_claim_holds_under_a_1e9_perturbation(pair, lr):
    plain, run = edge_of_stability(lr, *pair), edge_of_stability(lr, *pair, perturbation=1e-9)
    theta0 = plain.thetas[0]
    change = np.linalg.norm(run.thetas[0] - theta0) / np.linalg.norm(theta0)
    assert 1e-10 < change < 1e-8                       # a last-digits change of theta_0 ...
    assert not np.array_equal(run.sharpness, plain.sharpness)   # ... that changes the run
    result = claims(run)
    assert all(result.values()), {name: ok for name, ok in result.items() if not ok}


@pytest.mark.parametrize("pair", SEED_PAIRS)
def test_no_large_outliers_at_theta0(pair):
    # chapter 6, section 6.2: at theta_0 the fifth largest eigenvalue is below 0.2 x 2/0.2 = 2
    # (measured worst over 64 pairs, the sweep's 50 and (100 + k, 300 + k): 1.48 on (9, 109);
    # margin 0.52), while after training at 0.2
    # at least five exceed 0.25 x 2/0.2 (SPECTRUM_THRESHOLDS)
    p = noisy_regression(data_seed=pair[0], init_seed=pair[1])
    lam = np.linalg.eigvalsh(hessian(p.loss)(p.theta0))
    assert lam[-5] < 0.2 * (2 / 0.2), lam[-5:]


@pytest.mark.parametrize("pair", SEED_PAIRS)
def test_gradient_descent_stays_on_the_saddle_level_for_a_quarter_of_the_predicted_time(pair):
    # chapter 6, section 6.5: from the saddle plus noise 1e-3, gradient descent at 0.2 keeps the
    # loss within 1% of the saddle's for T / 4 steps, T = log(1e3) / log(1 + 0.2 |c|) (measured
    # over 64 pairs x 4 noise draws: it first drops 1% below after 0.49 T at the earliest)
    p = noisy_regression(data_seed=pair[0], init_seed=pair[1])
    n, n1 = p.theta0.size, nets.param_count(p.sizes[:2])
    saddle = np.concatenate([p.theta0[:n1], np.zeros(n - n1 - 1), [p.Y.mean()]])
    W1, b1 = nets.unflatten(saddle, p.sizes)[0]
    c = (p.Y.mean() - p.Y[:, 0]) @ np.tanh(p.X @ W1.T + b1) / p.X.shape[0]
    T = np.log(1e3) / np.log(1 + 0.2 * np.linalg.norm(c))
    level, g = p.value_and_grad(saddle)
    assert np.linalg.norm(g) <= 1e-12
    theta = saddle + 1e-3 * np.random.default_rng(1).standard_normal(n)
    for _ in range(int(np.ceil(T / 4)) + 1):
        value, g = p.value_and_grad(theta)
        assert value > 0.99 * level
        theta = theta - 0.2 * g


def test_budget_gives_every_rate_the_same_training_time():
    for lr in CHAPTER_LRS:
        steps, every = eos.budget(lr)
        assert abs(lr * steps - eos.EDGE_TIME) < lr and every == 20
    assert eos.budget(0.15) == (2667, 20) and eos.budget(0.3) == (1334, 20)
    for lr in CONTROL_LRS:
        steps, every = eos.budget(lr)
        assert abs(lr * steps - eos.CONTROL_TIME) < lr and steps // every >= 100
    run = edge_of_stability(0.3)
    assert run.loss.shape == (1335,) and run.sharpness_steps[-1] == 1334
    np.testing.assert_array_equal(run.thetas[0], noisy_regression().theta0)


def test_control_run_levels_off_at_the_networks_own_sharpness_on_the_chapter_seed():
    runs = {lr: edge_of_stability(lr) for lr in CONTROL_LRS}
    for run in runs.values():
        result = control_claims(run)
        assert all(result.values()), result
    plateaus = [run.tail_sharpness(0.25) for run in runs.values()]
    # the plateau does not depend on the rate (it is the network's), and lies above every
    # chapter rate's 2/lr: there the cap at 2/lr is what stops the sharpening
    assert abs(plateaus[0] / plateaus[1] - 1.0) < 0.05
    assert min(plateaus) > max(2.0 / lr for lr in CHAPTER_LRS)


# --- the claim functions on synthetic runs -----------------------------------------------------


def synthetic_run(sharp, loss, lr=0.2, every=20):
    """A GDRun with the given sharpness at steps 0, every, 2 every, ... and loss at every step."""
    sharp = np.asarray(sharp, dtype=float)
    m = sharp.size
    return GDRun(lr=lr, loss=np.asarray(loss, dtype=float),
                 sharpness_steps=every * np.arange(m), eigenvalues=sharp[:, None],
                 sharpness=sharp, thetas=np.zeros((m, 1)), eigenvectors=np.ones((m, 1)),
                 theta=np.zeros(1), hvp_calls=0, diverged=False)


def textbook_sharpness(edge, tail):
    """80 probes: 0.2 x edge rising to 1.2 x edge by probe 20, then 1.0 x edge, then `tail`."""
    rise = np.linspace(0.2, 1.2, 21) * edge
    return np.concatenate([rise, np.full(39, edge), tail])


def textbook_loss(steps=1580, reach=400):
    """Falls monotonically until `reach`, then falls overall with every 4th step going up."""
    t = np.arange(steps + 1)
    loss = np.exp(-t / 400.0)
    wiggle = np.where((t > reach) & (t % 4 == 0), 0.01, 0.0) * loss
    return loss + wiggle


def test_claims_pass_on_a_textbook_run():
    edge = 10.0
    run = synthetic_run(textbook_sharpness(edge, np.full(20, 1.02 * edge)), textbook_loss())
    assert all(claims(run).values()), claims(run)


def test_a_slow_ramp_through_the_last_quarter_fails_hovering():
    # the median of a ramp 0.9 -> 1.1 x 2/lr is 1.0 x 2/lr: only the trend test catches it
    edge = 10.0
    sharp = textbook_sharpness(edge, np.linspace(0.9, 1.1, 20) * edge)
    run = synthetic_run(sharp, textbook_loss())
    assert run.tail_sharpness(0.25) == pytest.approx(edge)
    result = claims(run)
    assert result["hovering"] is False
    assert all(ok for name, ok in result.items() if name != "hovering")


def test_claims_fail_where_the_phenomenon_is_missing():
    edge = 10.0
    good_sharp, good_loss = textbook_sharpness(edge, np.full(20, edge)), textbook_loss()
    # a single uptick after the edge is not a share of the steps
    one_up = np.exp(-np.arange(1581) / 400.0)
    one_up[1000] = 1.01 * one_up[999]
    assert not claims(synthetic_run(good_sharp, one_up))["loss_increases_at_edge"]
    # a loss increase before the sharpness reached the edge
    early = good_loss.copy()
    early[100] = 1.01 * early[99]
    assert not claims(synthetic_run(good_sharp, early))["no_loss_increase_before_edge"]
    # starting near the edge, or hovering 15% above it, or reaching it only late
    assert not claims(synthetic_run(np.full(80, 0.7 * edge), good_loss))["starts_below_edge"]
    high = textbook_sharpness(edge, np.full(20, 1.15 * edge))
    assert not claims(synthetic_run(high, good_loss))["hovering"]
    late = np.concatenate([np.linspace(0.2, 0.99, 60), np.full(20, 1.0)]) * edge
    assert not claims(synthetic_run(late, good_loss))["reaches_edge_early"]
    flat_loss = np.linspace(1.0, 0.5, 1581)
    assert not claims(synthetic_run(good_sharp, flat_loss))["loss_falls"]


def test_control_claims_on_synthetic_runs():
    lr, plateau = 0.05, 27.0
    steps = 100 * np.arange(101)
    level = plateau * (1.0 - 0.9 * np.exp(-steps / 2000.0))
    loss = np.exp(-np.arange(10001) / 3000.0)
    assert all(control_claims(synthetic_run(level, loss, lr=lr, every=100)).values())
    rising = plateau * (0.5 + steps / steps[-1] * 0.5)    # still rising: 25% over the quarter
    assert not control_claims(synthetic_run(rising, loss, lr=lr, every=100))["levels_off"]
    low = 0.4 * level                                     # below the chapter's 2/lr = 13.3
    assert not control_claims(synthetic_run(low, loss, lr=lr, every=100))[
        "plateau_above_chapter_edges"]
    # natural sharpness above 2/lr: capped at 2/lr (with the loss rising at some steps) passes;
    # a plateau at 1.1 x 2/lr, neither below the edge nor at it, does not
    edge = 2.0 / lr
    capped = np.minimum(1.2 * edge * (1.0 - np.exp(-steps / 2000.0)), edge)
    wiggly = loss.copy()
    wiggly[5000::7] *= 1.001
    assert all(control_claims(synthetic_run(capped, wiggly, lr=lr, every=100)).values())
    near = 1.1 * edge * (1.0 - 0.9 * np.exp(-steps / 2000.0))
    assert not control_claims(synthetic_run(near, loss, lr=lr, every=100))["natural_or_capped"]


# --- helpers ----------------------------------------------------------------------------------


def test_spectrum_fractions_count_by_sign_with_a_relative_zero_band():
    lam = np.array([-3.0, -1e-4, 0.0, 2e-3, 0.5, 10.0])
    neg, zero, pos = spectrum_fractions(lam, rtol=1e-3)  # tau = 0.01
    assert (neg, zero, pos) == pytest.approx((1 / 6, 3 / 6, 2 / 6))
    assert spectrum_fractions(lam, rtol=0.5) == pytest.approx((0.0, 5 / 6, 1 / 6))  # tau = 5


@settings(derandomize=True, deadline=None, max_examples=50)
@given(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=30), st.floats(1e-6, 0.9))
def test_spectrum_fractions_match_a_direct_count(lam, rtol):
    lam = np.array(lam)
    tau = rtol * np.max(np.abs(lam))
    counts = [sum(x < -tau for x in lam), sum(abs(x) <= tau for x in lam),
              sum(x > tau for x in lam)]
    assert spectrum_fractions(lam, rtol) == pytest.approx([c / lam.size for c in counts])


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


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [
        ({"lr": 0.0}, ValueError, "lr"),
        ({"lr": "fast"}, TypeError, "lr"),
        ({"perturbation": -1e-9}, ValueError, "perturbation"),
        ({"perturbation": float("nan")}, ValueError, "perturbation"),
        ({"data_seed": -1}, ValueError, "data_seed"),
    ],
)
def test_edge_of_stability_rejects_bad_input(kwargs, exc, words):
    with pytest.raises(exc, match=words):
        edge_of_stability(**{"lr": 0.2, **kwargs})


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
