"""dlcalc.cost: the FLOP meter against an explicit triple loop, and the primitive counter against
counts by hand, the transforms' results and the shape-independence of vectorised code."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcalc import grad, hessian, hvp, nets
from dlcalc.cost import FlopCounter, count_primitives


def loop_matmul(a, b):
    """a @ b by three nested loops, counting one multiplication and one addition per step."""
    m, k = a.shape
    n = b.shape[1]
    out, flops = np.zeros((m, n)), 0
    for i in range(m):
        for j in range(n):
            for t in range(k):
                out[i, j] += a[i, t] * b[t, j]
                flops += 2
    return out, flops


@settings(derandomize=True, deadline=None, max_examples=30)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5))
def test_matmul_flops_match_a_triple_loop(m, k, n):
    rng = np.random.default_rng(m * 100 + k * 10 + n)
    a, b = rng.standard_normal((m, k)), rng.standard_normal((k, n))
    c = FlopCounter()
    out = c.matmul(a, b)
    ref, flops = loop_matmul(a, b)
    np.testing.assert_allclose(out, ref, rtol=1e-12, atol=1e-14)
    assert c.flops == flops and c.calls == 1
    c.matmul(a[0], b)  # a row vector: (1, k) @ (k, n)
    assert c.flops == flops + loop_matmul(a[:1], b)[1] and c.calls == 2


def test_outer_counts_multiplications_only_and_reset():
    c = FlopCounter()
    np.testing.assert_array_equal(c.outer([1.0, 2.0], [3.0, 4.0, 5.0]),
                                  [[3.0, 4.0, 5.0], [6.0, 8.0, 10.0]])
    assert (c.flops, c.calls) == (6, 1)
    c.reset()
    assert (c.flops, c.calls) == (0, 0)


def test_flop_counter_rejects_bad_shapes():
    c = FlopCounter()
    with pytest.raises(ValueError, match="do not chain"):
        c.matmul(np.ones((2, 3)), np.ones((2, 3)))
    with pytest.raises(ValueError, match="1-D or 2-D"):
        c.matmul(np.ones((2, 2, 2)), np.ones(2))
    with pytest.raises(ValueError, match="two 1-D"):
        c.outer(np.ones((2, 2)), np.ones(2))
    assert c.flops == 0


def test_counts_by_hand():
    out, counts = count_primitives(lambda x: np.sin(x[0]) * x[1] + 3.0, [0.5, 2.0])
    np.testing.assert_allclose(out, np.sin(0.5) * 2.0 + 3.0)
    # two getitems, one sin, one multiply, one add; the constant 3.0 alone costs nothing
    assert counts == {"getitem": 2, "sin": 1, "multiply": 1, "add": 1}
    _, counts = count_primitives(lambda x: np.sum(x * x) + np.sum(np.ones(3) * 2.0), np.ones(3))
    assert counts == {"multiply": 1, "sum": 1, "add": 1}


def test_counted_transforms_return_their_results():
    def f(x):
        return np.sum(np.tanh(x) ** 2) * x[0]

    x, v = np.array([0.3, -0.8, 1.1]), np.array([1.0, 2.0, -0.5])
    g, cg = count_primitives(grad(f), x)
    hv, ch = count_primitives(lambda z: hvp(f, z, v), x)
    H, cH = count_primitives(hessian(f), x)
    np.testing.assert_allclose(g, grad(f)(x), rtol=1e-14)
    np.testing.assert_allclose(hv, hessian(f)(x) @ v, rtol=1e-12)
    np.testing.assert_allclose(H, hessian(f)(x), rtol=1e-14)
    _, cf = count_primitives(f, x)
    totals = [sum(c.values()) for c in (cf, cg, ch, cH)]
    assert totals == sorted(set(totals))  # f < grad < hvp < hessian


def test_vectorised_costs_do_not_grow_with_width():
    totals = []
    for width in (4, 32, 256):
        sizes = [3, width, 1]
        X, Y = nets.synthetic_regression(5, 3, seed=0)
        loss = nets.mse_loss(sizes, X, Y)
        theta = nets.init_params(sizes, seed=0)
        v = np.ones(theta.size)
        totals.append([sum(count_primitives(fn, theta)[1].values()) for fn in
                       (loss, grad(loss), lambda t, loss=loss, v=v: hvp(loss, t, v))])
    assert totals[0] == totals[1] == totals[2]
    f_cost, g_cost, h_cost = totals[0]
    assert f_cost < g_cost <= 4 * f_cost and g_cost < h_cost <= 4 * g_cost


def test_bad_input():
    with pytest.raises(TypeError, match="f must be a callable"):
        count_primitives(3.0, [1.0])
    with pytest.raises(ValueError, match="x must be finite"):
        count_primitives(np.sum, [np.nan])
