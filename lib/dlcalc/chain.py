"""Chains of Jacobians: what backpropagation multiplies, and what each multiplication order costs.

A chain is a product ``A1 A2 ... Ak`` where ``A_i`` has shape ``(d[i-1], d[i])``; ``dims`` is
the list ``[d0, d1, ..., dk]`` (``k + 1`` positive integers). For a network
``L(f3(f2(f1(x))))`` the gradient is the chain ``(dL/dy) J3 J2 J1`` with ``dims = [1, m3, m2,
m1, n]``: a row vector followed by the layer Jacobians.

Cost model: multiplying an ``(m, k)`` by a ``(k, n)`` matrix takes ``m*k*n`` multiplications
and as many additions, counted as ``2*m*k*n`` FLOPs (the usual convention; it slightly
over-counts the additions, by ``m*n``, and ignores memory traffic).

A multiplication order is written as a fully parenthesised string of the matrices' names,
``"((A1 A2) A3)"``; ``"left-to-right"`` and ``"right-to-left"`` name the two pure orders.
"""

import functools
import numbers
import re

import numpy as np

from dlcalc._checks import as_callable, as_point
from dlcalc.autodiff import jacobian, vjp

LEFT, RIGHT = "left-to-right", "right-to-left"


# -- shapes and FLOPs ----------------------------------------------------------------------------
def _as_dims(dims, name="dims"):
    if isinstance(dims, (str, bytes)) or not hasattr(dims, "__len__"):
        raise TypeError(
            f"{name} must be a sequence of positive integers, got {type(dims).__name__}"
        )
    out = []
    for d in dims:
        if isinstance(d, bool) or not isinstance(d, numbers.Integral):
            raise TypeError(f"{name} must contain integers, got {type(d).__name__}")
        if d < 1:
            raise ValueError(f"{name} must contain positive integers, got {d}")
        out.append(int(d))
    if len(out) < 2:
        raise ValueError(f"{name} must list at least 2 sizes (one matrix), got {len(out)}")
    return out


def dims_from_shapes(shapes):
    """Return ``[d0, ..., dk]`` for matrices of shapes ``[(d0, d1), (d1, d2), ...]``."""
    if isinstance(shapes, (str, bytes)) or not hasattr(shapes, "__len__") or not shapes:
        raise TypeError("shapes must be a non-empty list of (rows, cols) pairs")
    for s in shapes:
        if not hasattr(s, "__len__") or len(s) != 2:
            raise ValueError(f"shapes must contain (rows, cols) pairs, got {s!r}")
    for i, (a, b) in enumerate(zip(shapes[:-1], shapes[1:], strict=True)):
        if a[1] != b[0]:
            raise ValueError(
                f"shapes do not chain: matrix {i + 1} has {a[1]} columns but matrix {i + 2} "
                f"has {b[0]} rows"
            )
    return _as_dims([shapes[0][0]] + [s[1] for s in shapes], "shapes")


def matmul_flops(a, b):
    """Return the FLOPs ``2*m*k*n`` of multiplying shape ``a = (m, k)`` by ``b = (k, n)``."""
    m, k, n = dims_from_shapes([a, b])
    return 2 * m * k * n


def left_to_right_flops(dims):
    """Return the FLOPs of ``((A1 A2) A3) ...``: a running row block times each next matrix.

    Closed form ``sum_{i=2..k} 2 d0 d[i-1] d[i]``; with ``d0 = 1`` these are vector-Jacobian
    products (reverse mode).
    """
    d = _as_dims(dims)
    return sum(2 * d[0] * d[i - 1] * d[i] for i in range(2, len(d)))


def right_to_left_flops(dims):
    """Return the FLOPs of ``A1 (A2 (... (A(k-1) Ak)))``: each matrix times the running block.

    Closed form ``sum_{i=1..k-1} 2 d[i-1] d[i] dk``; this is forward mode, which carries a
    whole ``d[i] x dk`` Jacobian block through the chain.
    """
    d = _as_dims(dims)
    return sum(2 * d[i - 1] * d[i] * d[-1] for i in range(1, len(d) - 1))


@functools.lru_cache(maxsize=256)
def _split_table(dims):
    k = len(dims) - 1
    cost = [[0] * k for _ in range(k)]
    split = [[0] * k for _ in range(k)]
    for length in range(2, k + 1):
        for i in range(k - length + 1):
            j = i + length - 1
            best = None
            for s in range(i, j):  # (A_i..A_s)(A_{s+1}..A_j)
                c = cost[i][s] + cost[s + 1][j] + 2 * dims[i] * dims[s + 1] * dims[j + 1]
                if best is None or c < best:
                    best, split[i][j] = c, s
            cost[i][j] = best
    return cost, split


def _names(k, names):
    if names is None:
        return [f"A{i + 1}" for i in range(k)]
    names = [str(n) for n in names]
    if len(names) != k or len(set(names)) != k or any(not n or " " in n or "(" in n
                                                       or ")" in n for n in names):
        raise ValueError(f"names must be {k} distinct names without spaces or brackets")
    return names


def optimal_chain_order(dims, names=None):
    """Return ``(flops, order)``: the cheapest multiplication order of the chain ``dims``.

    Dynamic programming over sub-chains (the matrix-chain ordering problem), ``O(k^3)``;
    ``order`` is a parenthesised string such as ``"(A1 (A2 A3))"`` (``names`` replaces
    ``A1..Ak``). Ties go to the leftmost split.
    """
    d = tuple(_as_dims(dims))
    k = len(d) - 1
    nm = _names(k, names)
    cost, split = _split_table(d)

    def show(i, j):
        if i == j:
            return nm[i]
        s = split[i][j]
        return f"({show(i, s)} {show(s + 1, j)})"

    return cost[0][k - 1], show(0, k - 1)


def all_chain_orders(k, names=None):
    """Return every fully parenthesised order of a chain of ``k`` matrices (Catalan(k-1))."""
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
        raise ValueError(f"k must be a positive integer (number of matrices), got {k!r}")
    nm = _names(int(k), names)

    def orders(i, j):
        if i == j:
            return [nm[i]]
        return [f"({a} {b})" for s in range(i, j) for a in orders(i, s) for b in orders(s + 1, j)]

    return orders(0, int(k) - 1)


def _parse(order, nm):
    pattern = "|".join(re.escape(n) for n in sorted(nm, key=len, reverse=True))
    tokens = re.findall(rf"\(|\)|{pattern}|\S", order)
    pos = 0

    def term():
        nonlocal pos
        if pos >= len(tokens):
            raise ValueError(f"order {order!r} ends too early")
        tok = tokens[pos]
        pos += 1
        if tok == "(":
            left, right = term(), term()
            if pos >= len(tokens) or tokens[pos] != ")":
                raise ValueError(f"order {order!r}: expected ')' after a product of two terms")
            pos += 1
            return (left, right)
        if tok in nm:
            return nm.index(tok)
        raise ValueError(f"order {order!r}: unexpected token {tok!r}; names are {nm}")

    tree = term()
    if pos != len(tokens):
        raise ValueError(f"order {order!r}: unexpected text after the full product")
    return tree


def chain_flops(shapes, order=LEFT, names=None):
    """Return the FLOPs of multiplying matrices of ``shapes`` in ``order``.

    ``order`` is ``"left-to-right"``, ``"right-to-left"`` or a parenthesised string over
    ``names`` (default ``A1..Ak``) that uses every matrix once, in sequence.
    """
    d = dims_from_shapes(shapes)
    k = len(d) - 1
    if order == LEFT:
        return left_to_right_flops(d)
    if order == RIGHT:
        return right_to_left_flops(d)
    if not isinstance(order, str):
        raise TypeError(f"order must be a string, got {type(order).__name__}")
    nm = _names(k, names)
    tree = _parse(order, nm)

    def walk(t):  # returns (first index, last index, flops)
        if isinstance(t, int):
            return t, t, 0
        (i, s, a), (s1, j, b) = walk(t[0]), walk(t[1])
        if s1 != s + 1:
            raise ValueError(f"order {order!r} must use the matrices {nm} in sequence")
        return i, j, a + b + 2 * d[i] * d[s + 1] * d[j + 1]

    i, j, flops = walk(tree)
    if (i, j) != (0, k - 1):
        raise ValueError(f"order {order!r} must use all of {nm} exactly once")
    return flops


def mode_cost(dims, mode):
    """Return ``(passes, flops)`` to form the whole ``d0 x dk`` Jacobian of the chain by passes.

    One pass pushes a single vector through every matrix: ``sum 2 d[i-1] d[i]`` FLOPs.
    ``"reverse"`` pulls one row vector per *output* (``d0`` passes, vector-Jacobian products);
    ``"forward"`` pushes one column per *input* (``dk`` passes, Jacobian-vector products).
    For a scalar loss (``d0 = 1``) reverse mode needs one pass whatever the input size.
    """
    d = _as_dims(dims)
    per_pass = sum(2 * d[i - 1] * d[i] for i in range(1, len(d)))
    if mode == "reverse":
        return d[0], d[0] * per_pass
    if mode == "forward":
        return d[-1], d[-1] * per_pass
    raise ValueError(f"mode must be 'forward' or 'reverse', got {mode!r}")


# -- a small network as a chain of layers ---------------------------------------------------------
def _weights(W, b):
    W = np.asarray(W, dtype=np.float64)
    b = as_point(b, "b")
    if W.ndim != 2 or W.shape[0] != b.shape[0] or not np.all(np.isfinite(W)):
        raise ValueError(f"W must be a finite (m, n) matrix with m = len(b) = {b.shape[0]}, "
                         f"got shape {W.shape}")
    return W, b


def affine(W, b):
    """Return a layer ``x (n,) -> W x + b (m,)`` for ``W (m, n)``, ``b (m,)``. Local
    derivative: ``J = W``."""
    W, b = _weights(W, b)
    return lambda x: W @ x + b


def affine_tanh(W, b):
    """Return a layer ``x (n,) -> tanh(W x + b) (m,)`` for ``W (m, n)``, ``b (m,)``. Local
    derivative: ``J = diag(1 - tanh(W x + b)^2) W``."""
    W, b = _weights(W, b)
    return lambda x: np.tanh(W @ x + b)


def forward_values(layers, x):
    """Return ``[x, h1, h2, ..., hk]``: the input and each layer's output (the forward pass)."""
    values = [as_point(x)]
    for i, f in enumerate(layers):
        as_callable(f, f"layers[{i}]")
        values.append(np.atleast_1d(np.asarray(f(values[-1]), dtype=np.float64)))
    return values


def layer_jacobians(layers, x):
    """Return ``[J1, ..., Jk]``: each layer's Jacobian ``(m_i, m_{i-1})`` at its own input,
    computed with :func:`dlcalc.autodiff.jacobian` on that layer alone."""
    values = forward_values(layers, x)
    return [jacobian(f)(h) for f, h in zip(layers, values[:-1], strict=True)]


def gradient_table(layers, loss, x, names=None):
    """Return ``{name: dL/d(node)}`` for the nodes ``x, h1, ..., hk`` and the loss node.

    Backpropagation as a gradient table: start with ``dL/dL = 1``, take ``dL/dhk`` from the
    loss, then fill each earlier node with one vector-Jacobian product
    ``dL/dh(i-1) = (dL/dhi) J_i`` (:func:`dlcalc.autodiff.vjp` of that layer). Each entry has
    the shape of its node. Default names: ``x, h1, ..., hk, L``.
    """
    as_callable(loss, "loss")
    values = forward_values(layers, x)
    k = len(layers)
    nm = names if names is not None else ["x"] + [f"h{i}" for i in range(1, k + 1)] + ["L"]
    if len(nm) != k + 2:
        raise ValueError(f"names must have {k + 2} entries (input, {k} layers, loss)")
    lval, pull = vjp(loss, values[-1])
    table = {nm[-1]: np.ones(1), nm[k]: pull(np.ones(1))}
    for i in range(k, 0, -1):
        _, pull = vjp(layers[i - 1], values[i - 1])
        table[nm[i - 1]] = pull(table[nm[i]])
    return table
