"""Tests for dlcalc.nets: parameter layout, the forward pass against an explicit per-sample loop,
the loss's gradient against central differences, and hvp against the full Hessian."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcalc.autodiff import grad, hessian, hvp, jacobian
from dlcalc.finite_diff import gradient_fd, hessian_fd
from dlcalc.nets import (
    init_params,
    layer_shapes,
    mlp,
    mse_loss,
    param_count,
    synthetic_regression,
    unflatten,
)

SIZES = [3, 4, 2]  # tiny: 3 -> 4 (tanh) -> 2 (linear), 26 parameters


def _loop_mlp(theta, X, sizes):
    """The network one sample at a time, with the weights read off theta entry by entry."""
    outputs = []
    for x in X:
        a, k = list(x), 0
        for layer, (d_in, d_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
            W = [[theta[k + r * d_in + c] for c in range(d_in)] for r in range(d_out)]
            k += d_in * d_out
            b = theta[k:k + d_out]
            k += d_out
            z = [sum(W[r][c] * a[c] for c in range(d_in)) + b[r] for r in range(d_out)]
            a = [np.tanh(v) for v in z] if layer < len(sizes) - 2 else z
        outputs.append(a)
    return np.array(outputs)


def test_layer_shapes_and_param_count():
    assert layer_shapes([3, 4, 2]) == [((4, 3), (4,)), ((2, 4), (2,))]
    assert param_count([3, 4, 2]) == 4 * 3 + 4 + 2 * 4 + 2
    assert param_count([128, 256, 240, 1]) == 128 * 256 + 256 + 256 * 240 + 240 + 240 + 1


def test_unflatten_cuts_theta_in_order():
    theta = np.arange(param_count(SIZES), dtype=float)
    (W0, b0), (W1, b1) = unflatten(theta, SIZES)
    assert W0.shape == (4, 3) and b0.shape == (4,) and W1.shape == (2, 4) and b1.shape == (2,)
    np.testing.assert_array_equal(np.concatenate([W0.ravel(), b0, W1.ravel(), b1]), theta)
    np.testing.assert_array_equal(W0[1], [3.0, 4.0, 5.0])  # row-major (out, in)


def test_mlp_matches_a_per_sample_loop():
    X, _ = synthetic_regression(5, 3, 2, seed=1)
    theta = np.random.default_rng(2).normal(size=param_count(SIZES))
    out = mlp(theta, X, SIZES)
    assert out.shape == (5, 2)
    np.testing.assert_allclose(out, _loop_mlp(theta, X, SIZES), rtol=1e-12, atol=1e-14)


def test_mse_loss_value():
    X, Y = synthetic_regression(6, 3, 2, seed=3)
    theta = init_params(SIZES, seed=4)
    residual = _loop_mlp(theta, X, SIZES) - Y
    expected = 0.5 * np.mean(np.sum(residual**2, axis=1))
    np.testing.assert_allclose(mse_loss(SIZES, X, Y)(theta), expected, rtol=1e-12)
    X1, Y1 = synthetic_regression(6, 3, 1, seed=3)
    np.testing.assert_allclose(mse_loss([3, 2, 1], X1, Y1[:, 0])(init_params([3, 2, 1])),
                               mse_loss([3, 2, 1], X1, Y1)(init_params([3, 2, 1])), rtol=0)


def test_grad_of_loss_matches_central_differences():
    X, Y = synthetic_regression(8, 3, 2, seed=5)
    f = mse_loss(SIZES, X, Y)
    theta = init_params(SIZES, seed=6) + 0.1
    g = grad(f)(theta)
    g_fd = gradient_fd(f, theta)
    # error estimate of gradient_fd: ~eps^(2/3) (|f'''| + |f|) with moderate derivatives here
    np.testing.assert_allclose(g, g_fd, rtol=1e-7, atol=1e-8)
    assert np.max(np.abs(g)) > 1e-3  # not a trivially zero gradient


def test_hvp_matches_hessian_and_hessian_matches_fd():
    X, Y = synthetic_regression(8, 3, 2, seed=7)
    f = mse_loss(SIZES, X, Y)
    theta = init_params(SIZES, seed=8)
    H = hessian(f)(theta)
    assert H.shape == (26, 26)
    np.testing.assert_allclose(H, H.T, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(jacobian(grad(f), mode="forward")(theta), H, rtol=1e-10,
                               atol=1e-12)
    for v in np.random.default_rng(9).normal(size=(3, 26)):
        np.testing.assert_allclose(hvp(f, theta, v), H @ v, rtol=1e-9, atol=1e-11)
    np.testing.assert_allclose(hessian_fd(f, theta), H, rtol=1e-5, atol=1e-6)


def test_jacobian_of_network_outputs_forward_equals_reverse():
    X, _ = synthetic_regression(4, 3, 2, seed=10)
    theta = init_params(SIZES, seed=11)

    def outputs(t):
        return mlp(t, X, SIZES).reshape(-1)

    J = jacobian(outputs)(theta)
    assert J.shape == (8, 26)
    np.testing.assert_allclose(jacobian(outputs, mode="forward")(theta), J, rtol=1e-12,
                               atol=1e-14)


@settings(derandomize=True, deadline=None, max_examples=30)
@given(seed=st.integers(0, 2**32 - 1))
def test_property_hvp_matches_hessian_on_a_tiny_net(seed):
    rng = np.random.default_rng(seed)
    sizes = [2, 3, 1]
    X, Y = synthetic_regression(5, 2, 1, seed=seed % 1000)
    f = mse_loss(sizes, X, Y)
    theta = rng.normal(size=param_count(sizes))
    v = rng.normal(size=theta.size)
    np.testing.assert_allclose(hvp(f, theta, v), hessian(f)(theta) @ v, rtol=1e-9, atol=1e-10)


def test_init_params_is_seeded_glorot():
    sizes = [200, 300, 1]
    a, b = init_params(sizes, seed=0), init_params(sizes, seed=0)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, init_params(sizes, seed=1))
    assert a.shape == (param_count(sizes),)
    (W0, b0), (W1, b1) = unflatten(a, sizes)
    np.testing.assert_array_equal(b0, 0.0)
    np.testing.assert_array_equal(b1, 0.0)
    # 60000 draws: the sample std is within 2% of sqrt(2 / (in + out))
    np.testing.assert_allclose(W0.std(), np.sqrt(2 / 500), rtol=0.02)
    np.testing.assert_allclose(abs(W0.mean()), 0.0, atol=0.01 * np.sqrt(2 / 500))


def test_synthetic_regression_is_seeded_and_smooth():
    X, Y = synthetic_regression(50, 4, 2, seed=3)
    assert X.shape == (50, 4) and Y.shape == (50, 2)
    X2, Y2 = synthetic_regression(50, 4, 2, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(Y, Y2)
    assert not np.array_equal(Y, synthetic_regression(50, 4, 2, seed=4)[1])
    assert np.all(np.abs(Y) <= 1.5)  # |sin| + 0.5 |tanh| <= 1.5
    assert np.std(Y) > 0.1


# ---- bad input -------------------------------------------------------------------------------
def test_bad_sizes_are_rejected():
    with pytest.raises(ValueError, match="sizes must list at least two widths"):
        param_count([3])
    with pytest.raises(ValueError, match="sizes must contain positive integers"):
        layer_shapes([3, 0, 1])
    with pytest.raises(ValueError, match="sizes must contain positive integers"):
        init_params([3, 2.5, 1])
    with pytest.raises(TypeError, match="sizes must be a list of layer widths"):
        param_count(5)


def test_bad_theta_and_data_are_rejected():
    X, Y = synthetic_regression(4, 3, 2)
    theta = init_params(SIZES)
    with pytest.raises(ValueError, match=r"theta must have shape \(26,\)"):
        mlp(theta[:-1], X, SIZES)
    with pytest.raises(ValueError, match=r"X must have shape \(batch, 3\)"):
        mlp(theta, X[:, :2], SIZES)
    with pytest.raises(ValueError, match="X must be finite"):
        mse_loss(SIZES, np.full((4, 3), np.nan), Y)
    with pytest.raises(ValueError, match=r"Y must be finite with shape \(4, 2\)"):
        mse_loss(SIZES, X, Y[:3])
    with pytest.raises(ValueError, match=r"theta must have shape \(26,\)"):
        grad(mse_loss(SIZES, X, Y))(np.ones(5))
    with pytest.raises(ValueError, match="n_samples must be >= 1"):
        synthetic_regression(0, 3)
    with pytest.raises(TypeError, match="d_in must be an integer"):
        synthetic_regression(5, 2.0)
