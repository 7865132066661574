"""dlcalc.chain: FLOP counts of Jacobian chains (against brute force and closed forms) and the
small network's layer Jacobians / gradient table (against autodiff of the whole network and
central differences)."""

import ast
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcalc import chain, grad, gradient_fd, jacobian, jacobian_fd


# -- independent routes used by the tests ---------------------------------------------------------
def brute_force_costs(dims):
    """Every cost reachable by repeatedly multiplying two adjacent blocks (all merge sequences)."""
    start = tuple((dims[i], dims[i + 1]) for i in range(len(dims) - 1))
    seen, costs = {}, set()

    def go(blocks, spent):
        if len(blocks) == 1:
            costs.add(spent)
            return
        key = (blocks, spent)
        if key in seen:
            return
        seen[key] = True
        for i in range(len(blocks) - 1):
            (m, k), (_, n) = blocks[i], blocks[i + 1]
            go(blocks[:i] + ((m, n),) + blocks[i + 2:], spent + 2 * m * k * n)

    go(start, 0)
    return costs


class Counter:
    """Multiply real matrices and count 2*m*k*n FLOPs per product."""

    def __init__(self):
        self.flops = 0

    def mul(self, a, b):
        self.flops += 2 * a.shape[0] * a.shape[1] * b.shape[1]
        return a @ b


def evaluate(tree, mats, counter):
    if isinstance(tree, int):
        return mats[tree]
    return counter.mul(evaluate(tree[0], mats, counter), evaluate(tree[1], mats, counter))


def parse_tree(order, k):
    """Turn '((A1 A2) A3)' into nested tuples of 0-based indices (test-side parser)."""
    s = order
    for i in range(k, 0, -1):
        s = s.replace(f"A{i}", str(i - 1))
    return ast.literal_eval(s.replace(" ", ","))


def random_mats(dims, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal((dims[i], dims[i + 1])) for i in range(len(dims) - 1)]


def shapes(dims):
    return [(dims[i], dims[i + 1]) for i in range(len(dims) - 1)]


# -- FLOP counts -----------------------------------------------------------------------------------
def test_matmul_flops_closed_form():
    assert chain.matmul_flops((3, 4), (4, 5)) == 2 * 3 * 4 * 5
    assert chain.matmul_flops((1, 7), (7, 1)) == 14  # a dot product: 7 mults + 7 adds


def test_clrs_textbook_chain():
    # Cormen et al.'s classic instance: 15125 scalar multiplications, order ((A1(A2A3))((A4A5)A6))
    flops, order = chain.optimal_chain_order([30, 35, 15, 5, 10, 20, 25])
    assert flops == 2 * 15125
    assert order == "((A1 (A2 A3)) ((A4 A5) A6))"


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5, 6])
def test_number_of_orders_is_catalan(k):
    orders = chain.all_chain_orders(k)
    assert len(orders) == len(set(orders)) == math.comb(2 * (k - 1), k - 1) // k


@pytest.mark.parametrize("k", [2, 3, 5])
def test_square_chain_every_order_costs_the_same(k):
    n = 4
    dims = [n] * (k + 1)
    for order in chain.all_chain_orders(k):
        assert chain.chain_flops(shapes(dims), order) == 2 * (k - 1) * n**3


def test_pure_orders_closed_forms_and_strings():
    dims = [1, 6, 5, 4, 3]
    s = shapes(dims)
    l2r = 2 * (1 * 6 * 5 + 1 * 5 * 4 + 1 * 4 * 3)
    r2l = 2 * (5 * 4 * 3 + 6 * 5 * 3 + 1 * 6 * 3)
    assert chain.left_to_right_flops(dims) == l2r == chain.chain_flops(s, "(((A1 A2) A3) A4)")
    assert chain.right_to_left_flops(dims) == r2l == chain.chain_flops(s, "(A1 (A2 (A3 A4)))")
    assert chain.chain_flops(s, "left-to-right") == l2r
    assert chain.chain_flops(s, "right-to-left") == r2l


def test_vector_first_chain_left_to_right_is_optimal():
    # a row vector at the left: left to right only ever does vector-matrix products
    dims = [1, 50, 40, 30, 20]
    assert chain.optimal_chain_order(dims)[0] == chain.left_to_right_flops(dims)
    assert chain.left_to_right_flops(dims) < chain.right_to_left_flops(dims)


def test_mixed_order_beats_both_pure_orders():
    # wide in the middle, narrow at both ends: split in the middle
    dims = [10, 10, 1, 10, 10]
    best, order = chain.optimal_chain_order(dims)
    assert best < min(chain.left_to_right_flops(dims), chain.right_to_left_flops(dims))
    assert order == "((A1 A2) (A3 A4))"


def test_flops_match_counted_products_and_products_agree():
    dims = [2, 5, 3, 4, 1]
    mats = random_mats(dims)
    ref = mats[0] @ mats[1] @ mats[2] @ mats[3]
    for order in chain.all_chain_orders(4):
        counter = Counter()
        prod = evaluate(parse_tree(order, 4), mats, counter)
        np.testing.assert_allclose(prod, ref, rtol=1e-12, atol=1e-12)
        assert counter.flops == chain.chain_flops(shapes(dims), order)


def test_custom_names():
    flops, order = chain.optimal_chain_order([1, 3, 4, 5], names=["g", "J2", "J1"])
    assert order == "((g J2) J1)"
    assert chain.chain_flops([(1, 3), (3, 4), (4, 5)], order, names=["g", "J2", "J1"]) == flops


dims_strategy = st.lists(st.integers(1, 40), min_size=2, max_size=7)


@settings(derandomize=True, deadline=None, max_examples=60)
@given(dims_strategy)
def test_optimal_equals_brute_force(dims):
    flops, order = chain.optimal_chain_order(dims)
    costs = brute_force_costs(dims)
    assert flops == min(costs)
    assert chain.chain_flops(shapes(dims), order) == flops
    assert flops <= chain.left_to_right_flops(dims)
    assert flops <= chain.right_to_left_flops(dims)
    # every order's cost is reachable by merging and vice versa
    k = len(dims) - 1
    assert {chain.chain_flops(shapes(dims), o) for o in chain.all_chain_orders(k)} == costs


@settings(derandomize=True, deadline=None, max_examples=40)
@given(st.lists(st.integers(1, 8), min_size=2, max_size=5))
def test_mode_cost_counts_real_passes(dims):
    mats = random_mats(dims, seed=1)
    full = mats[0]
    for m in mats[1:]:
        full = full @ m
    # reverse: one row vector per output, pulled through A1, A2, ...
    counter = Counter()
    rows = []
    for i in range(dims[0]):
        u = np.eye(dims[0])[i:i + 1]
        for m in mats:
            u = counter.mul(u, m)
        rows.append(u[0])
    np.testing.assert_allclose(np.array(rows), full, rtol=1e-10, atol=1e-10)
    assert chain.mode_cost(dims, "reverse") == (dims[0], counter.flops)
    # forward: one column per input, pushed through Ak, A(k-1), ...
    counter = Counter()
    cols = []
    for j in range(dims[-1]):
        v = np.eye(dims[-1])[:, j:j + 1]
        for m in reversed(mats):
            v = counter.mul(m, v)
        cols.append(v[:, 0])
    np.testing.assert_allclose(np.array(cols).T, full, rtol=1e-10, atol=1e-10)
    assert chain.mode_cost(dims, "forward") == (dims[-1], counter.flops)


def test_scalar_loss_reverse_needs_one_pass():
    for n in [1, 10, 1000]:
        passes_r, flops_r = chain.mode_cost([1, 8, 16, n], "reverse")
        passes_f, flops_f = chain.mode_cost([1, 8, 16, n], "forward")
        assert passes_r == 1 and passes_f == n
        assert flops_f == n * flops_r


# -- the network as a chain of layers --------------------------------------------------------------
def make_net(seed=0):
    rng = np.random.default_rng(seed)
    sizes = [4, 5, 3, 2]
    Ws = [rng.standard_normal((sizes[i + 1], sizes[i])) * 0.7 for i in range(3)]
    bs = [rng.standard_normal(sizes[i + 1]) * 0.1 for i in range(3)]
    layers = [chain.affine_tanh(W, b) for W, b in zip(Ws, bs, strict=True)]
    target = np.array([0.3, -0.2])

    def loss(y):
        return 0.5 * np.sum((y - target) ** 2)

    return layers, loss, Ws, bs, rng.standard_normal(4)


def test_affine_tanh_jacobian_closed_form():
    layers, _, Ws, bs, x = make_net()
    J = chain.layer_jacobians(layers[:1], x)[0]
    h = np.tanh(Ws[0] @ x + bs[0])
    np.testing.assert_allclose(J, np.diag(1 - h**2) @ Ws[0], rtol=1e-12, atol=1e-12)


def test_layer_jacobian_product_is_the_network_jacobian():
    layers, _, _, _, x = make_net(1)
    J1, J2, J3 = chain.layer_jacobians(layers, x)
    assert J1.shape == (5, 4) and J2.shape == (3, 5) and J3.shape == (2, 3)

    def net(z):
        return layers[2](layers[1](layers[0](z)))

    np.testing.assert_allclose(J3 @ J2 @ J1, jacobian(net)(x), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(J3 @ J2 @ J1, jacobian_fd(net, x), rtol=1e-6, atol=1e-8)


def test_gradient_table_matches_subnetwork_gradients():
    layers, loss, _, _, x = make_net(2)
    table = chain.gradient_table(layers, loss, x)
    assert list(table) == ["L", "h3", "h2", "h1", "x"]
    vals = chain.forward_values(layers, x)
    for i, name in enumerate(["x", "h1", "h2", "h3"]):
        def rest(h, i=i):
            for f in layers[i:]:
                h = f(h)
            return loss(h)

        np.testing.assert_allclose(table[name], gradient_fd(rest, vals[i]), rtol=1e-6, atol=1e-8)
    full = grad(lambda z: loss(layers[2](layers[1](layers[0](z)))))(x)
    np.testing.assert_allclose(table["x"], full, rtol=1e-10, atol=1e-12)


# -- bad input ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "dims, exc, word",
    [([3], ValueError, "dims"), ([3, 0, 2], ValueError, "positive"),
     ([3, 2.5], TypeError, "integers"), ([3, True], TypeError, "integers"),
     ("32", TypeError, "dims"), (5, TypeError, "dims")],
)
def test_bad_dims(dims, exc, word):
    with pytest.raises(exc, match=word):
        chain.optimal_chain_order(dims)
    with pytest.raises(exc, match=word):
        chain.left_to_right_flops(dims)


def test_bad_shapes_and_orders():
    with pytest.raises(ValueError, match="do not chain"):
        chain.matmul_flops((2, 3), (4, 5))
    with pytest.raises(ValueError, match="pairs"):
        chain.chain_flops([(2, 3, 1)], "A1")
    s = [(2, 3), (3, 4), (4, 5)]
    with pytest.raises(ValueError, match="in sequence"):
        chain.chain_flops(s, "((A2 A1) A3)")
    with pytest.raises(ValueError, match="all of"):
        chain.chain_flops(s, "(A1 A2)")
    with pytest.raises(ValueError, match="unexpected token"):
        chain.chain_flops(s, "((A1 B) A3)")
    with pytest.raises(ValueError, match="expected '\\)'"):
        chain.chain_flops(s, "((A1 A2 A3))")
    with pytest.raises(ValueError, match="after the full product"):
        chain.chain_flops(s, "(A1 A2) A3")
    with pytest.raises(TypeError, match="order"):
        chain.chain_flops(s, 3)
    with pytest.raises(ValueError, match="names"):
        chain.optimal_chain_order([1, 2, 3], names=["a", "a"])
    with pytest.raises(ValueError, match="mode"):
        chain.mode_cost([1, 2], "sideways")
    with pytest.raises(ValueError, match="k must"):
        chain.all_chain_orders(0)


def test_bad_layers():
    with pytest.raises(ValueError, match="W must"):
        chain.affine_tanh(np.ones((3, 2)), np.ones(2))
    with pytest.raises(ValueError, match="b must"):
        chain.affine_tanh(np.ones((3, 2)), np.array([1.0, np.nan, 0.0]))
    layers, loss, _, _, x = make_net()
    with pytest.raises(TypeError, match="loss"):
        chain.gradient_table(layers, "mse", x)
    with pytest.raises(TypeError, match=r"layers\[1\]"):
        chain.forward_values([layers[0], None], x)
    with pytest.raises(ValueError, match="names"):
        chain.gradient_table(layers, loss, x, names=["x", "y"])
