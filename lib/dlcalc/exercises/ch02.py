"""Exercises for chapter 2, Jacobians and backprop chains (J1-J6). References come from dlcalc;
question 9 (a weight matrix's gradient) lives in ``_weights``."""

import numpy as np

import dlcalc
from dlcalc import chain
from dlcalc.exercises._core import Misconception as M
from dlcalc.exercises._core import bind
from dlcalc.exercises._function import FunctionQuestion
from dlcalc.exercises._labels import LabelQuestion
from dlcalc.exercises._numeric import NumericQuestion
from dlcalc.exercises._vocabulary import MODE_SYNONYMS
from dlcalc.exercises._weights import (  # noqa: F401 - B1, _weight_gradient, _loss_of_W2: tests
    B1,
    B2,
    B3,
    LAYER_SETUP,
    LAYERS,
    W1,
    W2,
    W3,
    WEIGHT_GRADIENT_QUESTION,
    X4,
    _loss,
    _loss_of_W2,
    _weight_gradient,
)

CHAPTER = "ch02"


def _jacobian_shape():
    W = np.ones((3, 5))
    return np.array(dlcalc.jacobian(lambda v: W @ v)(np.zeros(5)).shape, dtype=float)


def _f2(v):
    return np.stack([v[0] * v[1] * v[2], np.sin(v[0]) + v[1] ** 2])


X2 = np.array([1.0, 2.0, 3.0])


def _J2():
    return dlcalc.jacobian(_f2)(X2)


def _fewer_passes(dims=(10, 1000)):
    reverse, forward = chain.mode_cost(list(dims), "reverse")[0], chain.mode_cost(
        list(dims), "forward")[0]
    return "reverse" if reverse < forward else "forward" if forward < reverse else "either"




def _composite(v):
    for layer in LAYERS:
        v = layer(v)
    return v


def _chain_product(order=1, at_x=False):
    Js = ([dlcalc.jacobian(f)(X4) for f in LAYERS] if at_x
          else chain.layer_jacobians(LAYERS, X4))
    J1, J2, J3 = Js
    return J3 @ J2 @ J1 if order == 1 else J1 @ J2 @ J3


def _f5(v):
    return np.stack([v[0] * v[1], v[1] * v[2], np.sin(v[0]) + v[2]])


X5, U5 = np.array([1.0, 2.0, 3.0]), np.array([1.0, -1.0, 2.0])


def _table(node):
    return chain.gradient_table(LAYERS, _loss, X4)[node]


def _wrong_side():
    J2 = chain.layer_jacobians(LAYERS, X4)[1]
    return J2 @ _table("h2")


DIMS7 = [1, 1000, 1000, 1000, 1000]


def _flops(scale=1.0, swap=False):
    pair = [chain.left_to_right_flops(DIMS7), chain.right_to_left_flops(DIMS7)]
    return np.array(pair[::-1] if swap else pair, dtype=float) * scale


def _layer_cases(rng):
    shapes = [(2, 3), (3, 2), (4, 2), (2, 4), (3, 3)]
    return [(rng.normal(size=s), rng.normal(size=s[0]), rng.normal(size=s[1])) for s in shapes]


def _layer_jacobian(W, b, x):
    return dlcalc.jacobian(chain.affine_tanh(W, b))(x)


def _tanh_slope(W, b, x):
    return 1 - np.tanh(W @ x + b) ** 2


QUESTIONS = [
    NumericQuestion(
        "The Jacobian's shape", r"""A function $f:\mathbb{R}^5 \to \mathbb{R}^3$ has a Jacobian
$J$ with $J_{ij} = \partial f_i / \partial x_j$. Give its shape as `(rows, columns)`.""",
        _jacobian_shape, concepts=("J1",), exact=True,
        misconceptions=[
            M("Rows are outputs: J[i, j] = ∂f_i/∂x_j has one row per output (3) and one column "
              "per input (5). (The notes write it the other way round.)",
              lambda: _jacobian_shape()[::-1]),
            M("15 is the number of entries; give the shape (rows, columns).",
              lambda: np.prod(_jacobian_shape()))],
        hints=["Row i of J is the gradient of the output f_i.", "3 outputs, 5 inputs."],
        solution="Each of the 3 outputs has a gradient with 5 entries; stacking them as rows "
                 "gives a 3×5 matrix. dlcalc.jacobian returns shape (m, n)."),
    NumericQuestion(
        "A Jacobian by hand", r"""For $f(x) = \big(x_1 x_2 x_3,\; \sin x_1 + x_2^2\big)$
at $x = (1, 2, 3)$, give the Jacobian $J$ (a $2\times 3$ array).""", _J2, concepts=("J1",),
        misconceptions=[
            M("That is Jᵀ: J[i, j] = ∂f_i/∂x_j has the outputs along the rows (shape (2, 3)).",
              lambda: _J2().T),
            M("That is the gradient of f1 + f2 (the column sums of J), not the Jacobian.",
              lambda: _J2().sum(axis=0))],
        hints=["Row 1 is the gradient of x1 x2 x3, row 2 that of sin x1 + x2².",
               "Row 1 = (x2 x3, x1 x3, x1 x2) = (6, 3, 2)."],
        solution="Row 1: ∇(x1x2x3) = (x2x3, x1x3, x1x2) = (6, 3, 2). Row 2: ∇(sin x1 + x2²) "
                 "= (cos 1, 4, 0). dlcalc.jacobian(f)(x) gives the same 2×3 array."),
    LabelQuestion(
        "Which mode?", r"""To build the whole Jacobian of $f:\mathbb{R}^{1000}\to\mathbb{R}^{10}$
one vector at a time, forward mode pushes one Jacobian-vector product per *input* and
reverse mode pulls one vector-Jacobian product per *output*. Which needs fewer passes:
`"forward"`, `"reverse"` or `"either"` (the same)?""", _fewer_passes,
        labels=["forward", "reverse", "either"], concepts=("J5", "J3"),
        aliases=MODE_SYNONYMS,
        misconceptions=[
            M("Forward mode needs one pass per input: 1000 passes, against 10 for reverse.",
              lambda: "forward"),
            M("The counts differ: reverse needs one pass per output (10), forward one per "
              "input (1000).", lambda: "either")],
        hints=["Count the passes of each mode: inputs for forward, outputs for reverse."],
        solution="Reverse mode pulls back one row uᵀJ per output: 10 passes. Forward mode "
                 "pushes one column Jv per input: 1000 passes. dlcalc.chain.mode_cost "
                 "counts them; for a scalar loss reverse mode needs a single pass."),
    NumericQuestion(
        "Jacobian of a composition", r"""Three layers
$f_1(x) = \tanh(W_1 x + b_1)$, $f_2(h) = \tanh(W_2 h + b_2)$, $f_3(h) = W_3 h + b_3$ (the
arrays are defined in the answer cell) make the network $F = f_3 \circ f_2 \circ f_1$. By the
chain rule $J_F(x) = J_3(h_2)\,J_2(h_1)\,J_1(x)$ with $h_1 = f_1(x)$, $h_2 = f_2(h_1)$.
Give $J_F$ at $x = (0.5, -1)$.""", _chain_product, concepts=("J2",), setup=LAYER_SETUP,
        misconceptions=[
            M("The product is in the wrong order: J_F = J3 J2 J1 (the last layer on the left).",
              lambda: _chain_product(order=-1)),
            M("Each layer's Jacobian must be evaluated at that layer's own input (h1 for f2, "
              "h2 for f3), not all at x.", lambda: _chain_product(at_x=True))],
        hints=["Run the forward pass first: h1 = f1(x), h2 = f2(h1).",
               "J1 = diag(1 - tanh²(W1 x + b1)) W1; J2 likewise at h1; J3 = W3.",
               "Multiply J3 @ J2 @ J1."],
        solution="Forward pass h1 = f1(x), h2 = f2(h1); local Jacobians J1 = diag(1 - h1²) W1, "
                 "J2 = diag(1 - h2²) W2, J3 = W3; then J_F = J3 J2 J1. "
                 "dlcalc.chain.layer_jacobians returns [J1, J2, J3]."),
    NumericQuestion(
        "A vector-Jacobian product", r"""For
$f(x) = \big(x_1 x_2,\; x_2 x_3,\; \sin x_1 + x_3\big)$ at $x = (1, 2, 3)$ and
$u = (1, -1, 2)$, give the vector-Jacobian product $u^\top J$ (shape `(3,)`).""",
        lambda: dlcalc.vjp(_f5, X5)[1](U5), concepts=("J5",),
        misconceptions=[
            M("That is the Jacobian-vector product J u; a VJP multiplies from the left: "
              "uᵀJ = Jᵀu.", lambda: dlcalc.jvp(_f5, X5, U5)[1]),
            M("That is the whole Jacobian; the VJP is the vector uᵀJ.",
              lambda: dlcalc.jacobian(_f5)(X5)),
            M("u is missing: that is 1ᵀJ (the column sums), not uᵀJ.",
              lambda: dlcalc.jacobian(_f5)(X5).sum(axis=0))],
        hints=["Write J (3×3) first, then weight its rows by u.", "uᵀJ = Σ_i u_i ∇f_i."],
        solution="uᵀJ = Σ_i u_i ∇f_i: one reverse pass computes it without forming J "
                 "(dlcalc.vjp(f, x) returns the pullback u -> uᵀJ)."),
    NumericQuestion(
        "A gradient table", r"""Backpropagation fills a table of gradients from the loss
backwards. With the three layers of question 4, $x = (0.5, -1)$ and the loss
$L(h_3) = \tfrac12\lVert h_3\rVert^2$, give the entry $\partial L/\partial h_1$ (shape
`(2,)`), where $h_1 = f_1(x)$.""", lambda: _table("h1"), concepts=("J4",),
        setup=LAYER_SETUP,
        misconceptions=[
            M("That is ∂L/∂x, one vector-Jacobian product further back (through J1).",
              lambda: _table("x")),
            M("That is ∂L/∂h2, one step short: multiply by J2 once more.",
              lambda: _table("h2")),
            M("J2 was applied from the wrong side: ∂L/∂h1 = (∂L/∂h2) J2, a row vector times "
              "J2, which is J2ᵀ(∂L/∂h2), not J2 (∂L/∂h2).", _wrong_side)],
        hints=["Start at ∂L/∂h3 = h3, then ∂L/∂h2 = (∂L/∂h3) J3.",
               "∂L/∂h1 = (∂L/∂h2) J2 with J2 evaluated at h1."],
        solution="Each entry is the next one times a local Jacobian: ∂L/∂h3 = h3, "
                 "∂L/∂h2 = (∂L/∂h3)J3, ∂L/∂h1 = (∂L/∂h2)J2. dlcalc.chain.gradient_table "
                 "builds the whole table."),
    NumericQuestion(
        "Counting FLOPs", r"""The gradient of a scalar loss through three layers of width 1000
is the chain $g^\top J_3 J_2 J_1$: a $1\times1000$ row and three $1000\times1000$
Jacobians. Count a $(m\times k)(k\times n)$ product as $2mkn$ FLOPs. Give
`[left_to_right, right_to_left]`: the FLOPs of $((g^\top J_3) J_2) J_1$ and of
$g^\top (J_3 (J_2 J_1))$.""", _flops, concepts=("J3",), exact=True,
        misconceptions=[
            M("The two counts are swapped: left to right keeps a 1×1000 row (cheap).",
              lambda: _flops(swap=True)),
            M("Each count is half the book's: a product costs m·k·n multiplications AND "
              "as many additions, 2mkn FLOPs.", lambda: _flops(scale=0.5))],
        hints=["Left to right: three vector-matrix products of 2·1·1000·1000 FLOPs.",
               "Right to left: two matrix-matrix products (2·1000³ each) and one "
               "vector-matrix product."],
        solution="Left to right: 3 × 2·10⁶ = 6·10⁶ FLOPs (reverse mode). Right to left: "
                 "2·2·10⁹ + 2·10⁶ ≈ 4·10⁹ FLOPs (forward mode): about 670 times more. "
                 "dlcalc.chain.left_to_right_flops / right_to_left_flops compute both."),
    FunctionQuestion(
        "Implement a layer's Jacobian", r"""Write `q8_answer(W, b, x)` returning the Jacobian
of the layer $f(x) = \tanh(Wx + b)$ at `x`, for `W` of shape `(m, n)`, `b` `(m,)`, `x` `(n,)`.
The result has shape `(m, n)`: $J = \operatorname{diag}(1 - \tanh^2(Wx + b))\,W$.""",
        reference=_layer_jacobian, cases=_layer_cases, arg_names=("W", "b", "x"),
        concepts=("J1", "J2"),
        misconceptions=[
            M("The tanh derivative is missing: J = diag(1 - tanh²(Wx + b)) W, not W.",
              lambda: lambda W, b, x: W),
            M("The result is transposed: J has shape (m, n), one row per output.",
              lambda: lambda W, b, x: (_tanh_slope(W, b, x)[:, None] * W).T),
            M("tanh'(z) = 1 - tanh(z)², not 1 - z².",
              lambda: lambda W, b, x: (1 - (W @ x + b) ** 2)[:, None] * W)],
        hints=["z = W @ x + b; the derivative of tanh at z is 1 - tanh(z)**2.",
               "Scale row i of W by that derivative: s[:, None] * W."],
        solution="Output i is tanh(z_i) with z = Wx + b, so ∂f_i/∂x_j = (1 - tanh²z_i) W_ij: "
                 "row i of W scaled by tanh'(z_i). dlcalc.jacobian gives the same matrix.",
        solution_code="def q8_answer(W, b, x):\n    s = 1 - np.tanh(W @ x + b) ** 2\n"
                      "    return s[:, None] * W"),
    WEIGHT_GRADIENT_QUESTION,
]
bind(globals(), CHAPTER, QUESTIONS)
