"""Chapter 2's three-layer network (questions 4, 6 and 9) and question 9: the gradient of the
loss for a weight matrix, δ2 h1ᵀ (J6). The reference is ``dlcalc.grad`` of the loss as a
function of W2; the misconceptions are the recursion with one mistake each."""

import numpy as np

import dlcalc
from dlcalc import chain
from dlcalc.exercises._core import Misconception as M
from dlcalc.exercises._numeric import NumericQuestion

W1, B1 = np.array([[1.0, -1.0], [0.5, 2.0]]), np.array([0.0, 0.5])
W2, B2 = np.array([[2.0, 0.5], [-1.0, 1.0]]), np.array([0.1, 0.0])
W3, B3 = np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([0.0, 0.0])
X4 = np.array([0.5, -1.0])
LAYERS = [chain.affine_tanh(W1, B1), chain.affine_tanh(W2, B2), chain.affine(W3, B3)]
LAYER_SETUP = ("W1, b1 = np.array([[1.0, -1.0], [0.5, 2.0]]), np.array([0.0, 0.5])\n"
               "W2, b2 = np.array([[2.0, 0.5], [-1.0, 1.0]]), np.array([0.1, 0.0])\n"
               "W3, b3 = np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([0.0, 0.0])\n"
               "x = np.array([0.5, -1.0])")


def _loss(h):
    return 0.5 * np.sum(h * h)


def _weight_gradient(sigma_prime=True, transpose=False, layer_input=True):
    """dL/dW2 = delta2 h1^T by the backprop recursion (the wrong variants for the
    misconceptions); the reference is dlcalc.grad of the loss as a function of W2."""
    h1 = LAYERS[0](X4)
    h2 = LAYERS[1](h1)
    h3 = LAYERS[2](h2)
    delta2 = W3.T @ h3 * ((1 - h2**2) if sigma_prime else 1.0)
    outer = np.outer(delta2, h1 if layer_input else h2)
    return outer.T if transpose else outer


def _loss_of_W2(w):
    h1 = LAYERS[0](X4)
    return _loss(W3 @ np.tanh(w.reshape(W2.shape) @ h1 + B2) + B3)


WEIGHT_GRADIENT_QUESTION = NumericQuestion(
        "The gradient for a weight matrix", r"""With the three layers of question 4,
$x = (0.5, -1)$ and $L = \tfrac12\lVert h_3\rVert^2$, give $\partial L/\partial W_2$ (shape
`(2, 2)`, entry $(i, j)$ is $\partial L/\partial (W_2)_{ij}$). Backprop gives it as the outer
product $\delta_2 h_1^\top$ of the error $\delta_2 = \partial L/\partial z_2$ at the
pre-activation $z_2 = W_2h_1 + b_2$ and the layer's input $h_1$.""",
        lambda: dlcalc.grad(_loss_of_W2)(W2.ravel()).reshape(W2.shape), concepts=("J6",),
        setup=LAYER_SETUP,
        correct_note="One outer product per layer: the 3-tensor ∂h2/∂W2 is never formed.",
        misconceptions=[
            M("The tanh derivative is missing from δ2: δ2 = (W3ᵀδ3) ⊙ (1 - h2²), where "
              "δ3 = h3 for this loss.", lambda: _weight_gradient(sigma_prime=False)),
            M("That is h1 δ2ᵀ, the transpose: ∂L/∂(W2)ij = δ2,i h1,j, so rows follow the "
              "outputs of the layer.", lambda: _weight_gradient(transpose=True)),
            M("W2 multiplies the layer's input h1, not its output h2: ∂L/∂W2 = δ2 h1ᵀ.",
              lambda: _weight_gradient(layer_input=False))],
        hints=["Forward: h1 = tanh(W1x + b1), h2 = tanh(W2h1 + b2), h3 = W3h2 + b3.",
               "δ3 = ∂L/∂h3 = h3; δ2 = (W3ᵀδ3) * (1 - h2**2).",
               "np.outer(delta2, h1)."],
        solution="Forward pass, then δ3 = h3 (the loss's gradient), δ2 = (W3ᵀδ3) ⊙ tanh'(z2) "
                 "= (W3ᵀδ3) ⊙ (1 - h2²), and ∂L/∂W2 = δ2h1ᵀ: each weight (W2)ij gets the error "
                 "of its output unit i times the activity of its input unit j. dlcalc.grad of L "
                 "as a function of W2 gives the same matrix.")
