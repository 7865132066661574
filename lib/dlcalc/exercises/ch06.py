"""Exercises for chapter 6, the curvature of a small network (L7, P6). Each check takes well
under 2 s: the network has 13 parameters and 8 training examples (``dlcalc.nets``)."""

import functools

import numpy as np

import dlcalc
from dlcalc import eos, nets
from dlcalc.exercises._core import Misconception as M
from dlcalc.exercises._core import bind
from dlcalc.exercises._function import FunctionQuestion
from dlcalc.exercises._labels import LabelQuestion
from dlcalc.exercises._numeric import NumericQuestion
from dlcalc.exercises._vocabulary import CRITICAL_KINDS, CRITICAL_SYNONYMS, STABILITY_SYNONYMS

CHAPTER = "ch06"
SIZES = [2, 3, 1]
X, Y = nets.synthetic_regression(8, 2, 1, seed=0)
LOSS = nets.mse_loss(SIZES, X, Y)
THETA0 = nets.init_params(SIZES, seed=0)
NET_SETUP = ("from dlcalc import eos, nets\n"
             "sizes = [2, 3, 1]\n"
             "X, Y = nets.synthetic_regression(8, 2, 1, seed=0)\n"
             "loss = nets.mse_loss(sizes, X, Y)  # theta (13,) -> mean squared error / 2\n"
             "theta0 = nets.init_params(sizes, seed=0)")
LR, STEPS = 1.0, 200


def _eigenvalues(theta=THETA0):
    return np.linalg.eigvalsh(dlcalc.hessian(LOSS)(theta))


def _sharpness():
    return float(eos.sharpness(LOSS, THETA0)[0][0])


def _stability():
    return "stable" if LR < dlcalc.max_stable_lr(dlcalc.hessian(LOSS)(THETA0)) else "unstable"


@functools.lru_cache(maxsize=1)
def _run():
    return eos.train_gd(LOSS, THETA0, LR, STEPS, track_every=50)


def _theta_star():
    theta = np.zeros(nets.param_count(SIZES))
    theta[-1] = Y.mean()  # zero weights, output bias at the mean target
    return theta


def _symmetric_cases(rng):
    spectra = [(3.0, 1.0, -0.5), (-5.0, 1.0, 3.0), (2.0, -2.5, 0.1, 1.0), (-1.0, -2.0, -0.5),
               (4.0, -4.5, 0.0, 1.0)]
    cases = []
    for lam in spectra:
        Q = np.linalg.qr(rng.normal(size=(len(lam), len(lam))))[0]
        A = Q @ np.diag(lam) @ Q.T
        cases.append((0.5 * (A + A.T),))
    return cases


def _top_eigenvalue(Hm):
    return float(dlcalc.top_eigenvalues(lambda v: Hm @ v, Hm.shape[0], k=1)[0])


def _largest_magnitude(Hm):
    lam = np.linalg.eigvalsh(Hm)
    return float(lam[np.argmax(np.abs(lam))])


QUESTIONS = [
    NumericQuestion(
        "Counting parameters", r"""The network `sizes = [2, 3, 1]` has a hidden layer of 3
tanh units and a linear output; each layer has a weight matrix and a bias vector, all stored in
one flat vector $\theta$. How many parameters does it have?""",
        lambda: nets.param_count(SIZES), concepts=("L7",), exact=True,
        misconceptions=[
            M("The biases count too: each layer has W (out × in) and b (out).",
              lambda: sum(o * i for (o, i), _ in nets.layer_shapes(SIZES))),
            M("That counts units, not parameters: every connection has a weight.",
              lambda: sum(SIZES))],
        hints=["Layer 1: W is 3×2 and b has 3 entries.", "Layer 2: W is 1×3, b has 1."],
        solution="(3·2 + 3) + (1·3 + 1) = 13: dlcalc.nets.param_count gives the same."),
    NumericQuestion(
        "The loss gradient", r"""Give the gradient of `loss` (defined in the answer cell) at
`theta0`, shape `(13,)`.""", lambda: dlcalc.grad(LOSS)(THETA0), concepts=("L7",),
        setup=NET_SETUP,
        misconceptions=[
            M("That is -∇L, the descent direction, not the gradient.",
              lambda: -dlcalc.grad(LOSS)(THETA0)),
            M("The loss averages over the 8 examples: that is the gradient of the sum.",
              lambda: len(X) * dlcalc.grad(LOSS)(THETA0))],
        hints=["dlcalc.grad(loss) returns a function of theta."],
        solution="dlcalc.grad(loss)(theta0): one reverse pass through the network gives all "
                 "13 partial derivatives."),
    NumericQuestion(
        "Sharpness at initialisation", r"""The *sharpness* is the largest eigenvalue
$\lambda_{\max}$ of the loss Hessian. Give it at `theta0` (use `dlcalc.hessian` and
`np.linalg.eigvalsh`, or Hessian-vector products with `dlcalc.top_eigenvalues`).""",
        _sharpness, concepts=("L7",), setup=NET_SETUP,
        misconceptions=[
            M("That is 2/λmax, the stability bound on the learning rate, not λmax.",
              lambda: 2 / _sharpness()),
            M("np.linalg.eigvalsh sorts ascending: the largest eigenvalue is the last one.",
              lambda: float(_eigenvalues()[0])),
            M("The loss averages over the 8 examples: that is the Hessian of the sum.",
              lambda: len(X) * _sharpness())],
        hints=["H = dlcalc.hessian(loss)(theta0) is 13×13.",
               "np.linalg.eigvalsh(H)[-1], or dlcalc.top_eigenvalues(lambda v: "
               "dlcalc.hvp(loss, theta0, v), 13)[0]."],
        solution="The Hessian has negative as well as positive eigenvalues at theta0; the "
                 "largest is about 2.88. dlcalc.eos.sharpness finds it from Hessian-vector "
                 "products only, never forming H."),
    LabelQuestion(
        "Stable by the quadratic model?", r"""According to the quadratic model at `theta0`,
is gradient descent with learning rate $\varepsilon = 1$ `"stable"` or `"unstable"` there (or
do you `"cannot tell"`)?""", _stability, labels=["stable", "unstable", "cannot tell"],
        aliases=STABILITY_SYNONYMS,
        concepts=("L7", "L6"), setup=NET_SETUP,
        misconceptions=[
            M("Stability needs ε < 2/λmax ≈ 0.69 here; ε = 1 is above it.", lambda: "stable"),
            M("The quadratic model decides it: compare ε with 2/λmax from the sharpness.",
              lambda: "cannot tell")],
        hints=["Compare 2/ε = 2 with the sharpness of question 3."],
        solution="λmax ≈ 2.88 > 2/ε = 2: along the top eigenvector the model's error grows by "
                 "|1 - ελmax| ≈ 1.9 per step. The model is local, though: see question 5."),
    NumericQuestion(
        "Sharpness after training", r"""Train with
`run = eos.train_gd(loss, theta0, lr=1.0, steps=200, track_every=50)` (full-batch gradient
descent that records the sharpness). Give the sharpness at the final step.""",
        lambda: float(_run().sharpness[-1]), concepts=("L7", "P6"), setup=NET_SETUP,
        correct_note="Gradient descent moved to a flatter region where λmax < 2/ε: "
        "the sharpness adapts to the learning rate instead of blowing up.",
        misconceptions=[
            M("2/ε = 2 is the edge of stability, a ceiling the sharpness hovers below or at; "
              "read the measured value from run.sharpness.", lambda: 2 / LR),
            M("That is the sharpness at step 0; take the last entry of run.sharpness.",
              lambda: float(_run().sharpness[0])),
            M("That is the final loss, not the sharpness.", lambda: float(_run().loss[-1]))],
        hints=["run.sharpness has one entry per probe (steps 0, 50, ..., 200).",
               "run.sharpness[-1]."],
        solution="The sharpness starts above 2/ε but gradient descent settles where λmax is "
                 "below 2/ε (about 1.44): on a network the curvature changes with θ, unlike "
                 "the fixed Hessian of a quadratic."),
    LabelQuestion(
        "A critical point of the network", r"""Let `theta_star` be all zeros except the output
bias, set to `Y.mean()`. The gradient of the loss vanishes there. Classify the point:
`"minimum"`, `"maximum"`, `"saddle"`, `"inconclusive"` or `"not critical"`.""",
        lambda: dlcalc.classify(LOSS, _theta_star()),
        labels=CRITICAL_KINDS, aliases=CRITICAL_SYNONYMS, concepts=("P6",),
        setup=NET_SETUP + "\ntheta_star = np.zeros(13)\ntheta_star[-1] = Y.mean()",
        misconceptions=[
            M("A zero gradient is not enough: the Hessian there has negative eigenvalues "
              "(moving the weights of both layers together lowers the loss).",
              lambda: "minimum"),
            M("There are zero eigenvalues, but also positive and negative ones, and mixed signs "
              "already make a saddle.", lambda: "inconclusive")],
        hints=["Compute np.linalg.eigvalsh(dlcalc.hessian(loss)(theta_star)).",
               "Look for eigenvalues of both signs."],
        solution="The Hessian couples each hidden unit's input and output weights, which gives "
                 "eigenvalue pairs ±c: a saddle. Such symmetric points are typical of networks, "
                 "and gradient descent leaves them while Newton's method is attracted to them."),
    FunctionQuestion(
        "Implement the sharpness", r"""Write `q7_answer(H)` returning the **largest**
(algebraically, not in absolute value) eigenvalue of a symmetric matrix `H` (shape `(n, n)`),
as a number.""", reference=_top_eigenvalue, cases=_symmetric_cases, arg_names=("H",),
        concepts=("L7",),
        misconceptions=[
            M("That is the eigenvalue of largest magnitude (what plain power iteration finds); "
              "the sharpness is the largest eigenvalue, which may be smaller in magnitude than a "
              "negative one.", lambda: _largest_magnitude),
            M("np.linalg.eigvalsh sorts ascending: the largest eigenvalue is the last one.",
              lambda: lambda Hm: float(np.linalg.eigvalsh(Hm)[0])),
            M("That is the largest |λ| without its sign (the norm of H v).",
              lambda: lambda Hm: float(np.max(np.abs(np.linalg.eigvalsh(Hm)))))],
        hints=["np.linalg.eigvalsh(H) returns the eigenvalues in ascending order."],
        solution="Take the last of the ascending eigenvalues. Without forming H, Lanczos on "
                 "Hessian-vector products (dlcalc.top_eigenvalues) finds the same value.",
        solution_code="def q7_answer(H):\n    return float(np.linalg.eigvalsh(H)[-1])"),
]
bind(globals(), CHAPTER, QUESTIONS)
