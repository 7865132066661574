"""dlcalc.backprop: the hand-written recursion against autodiff of the whole loss and central
differences; its measured FLOPs and checkpointing counts against closed forms; bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcalc import grad, gradient_fd, nets
from dlcalc.backprop import mlp_backprop


def problem(sizes, batch, seed):
    X, Y = nets.synthetic_regression(batch, sizes[0], sizes[-1], seed=seed)
    theta = nets.init_params(sizes, seed=seed) + 0.05  # nonzero biases too
    return theta, X, Y, nets.mse_loss(sizes, X, Y)


@settings(derandomize=True, deadline=None, max_examples=25)
@given(st.lists(st.integers(1, 5), min_size=2, max_size=5), st.integers(1, 4), st.integers(0, 9))
def test_gradient_matches_autodiff(sizes, batch, seed):
    theta, X, Y, loss = problem(sizes, batch, seed)
    r = mlp_backprop(theta, X, Y, sizes)
    np.testing.assert_allclose(r.gradient, grad(loss)(theta), rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(r.loss, loss(theta), rtol=1e-13)


def test_gradient_matches_central_differences():
    sizes = [3, 4, 4, 2]
    theta, X, Y, loss = problem(sizes, 6, 1)
    np.testing.assert_allclose(mlp_backprop(theta, X, Y, sizes).gradient,
                               gradient_fd(loss, theta), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("sizes,batch", [([4, 5, 3, 2], 1), ([10, 8, 6, 4, 1], 7)])
def test_flops_against_closed_forms(sizes, batch):
    theta, X, Y, _ = problem(sizes, batch, 0)
    r = mlp_backprop(theta, X, Y, sizes)
    products = [sizes[k] * sizes[k + 1] for k in range(len(sizes) - 1)]
    assert r.forward_flops == 2 * batch * sum(products)
    assert r.weight_flops == 2 * batch * sum(products)      # one product per layer, same size
    assert r.delta_flops == 2 * batch * sum(products[1:])   # no error signal below layer 1
    assert (r.layer_evals, r.peak_stored) == (len(products), len(products) + 1)


@pytest.mark.parametrize("depth,segment", [(16, 1), (16, 2), (16, 4), (16, 8), (12, 3), (9, 3)])
def test_checkpointing_counts_and_same_gradient(depth, segment):
    sizes = [3] + [4] * (depth - 1) + [2]
    theta, X, Y, _ = problem(sizes, 2, 3)
    full = mlp_backprop(theta, X, Y, sizes)
    ck = mlp_backprop(theta, X, Y, sizes, segment=segment)
    np.testing.assert_allclose(ck.gradient, full.gradient, rtol=1e-13, atol=1e-16)
    c = depth // segment                                    # checkpoints a_0, a_s, ...
    assert ck.peak_stored == c + segment                    # c checkpoints, a_L, s - 1 inside
    assert ck.layer_evals == 2 * depth - c                  # each segment recomputes s - 1 layers
    assert ck.forward_flops > full.forward_flops or segment == 1
    assert (ck.delta_flops, ck.weight_flops) == (full.delta_flops, full.weight_flops)


def test_bad_input():
    sizes = [2, 3, 1]
    theta, X, Y, _ = problem(sizes, 4, 0)
    with pytest.raises(ValueError, match="segment must be a positive integer"):
        mlp_backprop(theta, X, Y, sizes, segment=0)
    with pytest.raises(ValueError, match="Y must be finite"):
        mlp_backprop(theta, X, Y[:2], sizes)
    with pytest.raises(ValueError, match="theta"):
        mlp_backprop(theta[:-1], X, Y, sizes)
    with pytest.raises(ValueError, match="X"):
        mlp_backprop(theta, X[:, :1], Y, sizes)
