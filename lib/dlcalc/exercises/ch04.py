"""Exercises for chapter 4, the learning rate seen through the Hessian (L1-L6).

Questions 2-8 share one gradient ``g`` and Hessian ``H`` (defined in their answer cells).
"""

import numpy as np

import dlcalc
from dlcalc.curvature import hessian_eigen
from dlcalc.exercises._core import Misconception as M
from dlcalc.exercises._core import bind
from dlcalc.exercises._function import FunctionQuestion
from dlcalc.exercises._labels import LabelQuestion
from dlcalc.exercises._numeric import NumericQuestion
from dlcalc.exercises._vocabulary import FATE_SYNONYMS
from dlcalc.stepsize import gd_rate

CHAPTER = "ch04"
G, H = np.array([1.0, -2.0]), np.array([[4.0, 1.0], [1.0, 3.0]])
GH_SETUP = "g = np.array([1.0, -2.0])\nH = np.array([[4.0, 1.0], [1.0, 3.0]])"
EPS = 0.1
X1, D1 = np.array([0.5, -1.0]), np.array([0.2, 0.1])


def _f1(v):
    return np.exp(0.5 * v[0]) + v[0] * v[1] ** 2 + np.cos(v[1])


def _model1(half=0.5):
    q = dlcalc.quadratic_model(_f1, X1)
    return float(q.value + q.gradient @ D1 + half * D1 @ q.hessian @ D1)


def _change(slope_sign=1.0, curvature=1.0):
    slope, curv = dlcalc.taylor_step_terms(G, H, EPS)
    return slope_sign * slope + curvature * curv


def _lam(which):
    values = hessian_eigen(H)[0]
    return float(values[-1] if which == "max" else values[0])


G5, H5 = np.array([1.0, 1.0]), np.array([[1.0, 0.0], [0.0, -3.0]])
X7, LR7, STEPS7 = np.array([1.0, 1.0]), 0.05, 10


def _gd(sign=1.0):
    return dlcalc.gradient_descent(lambda v: sign * (H @ v), X7, LR7, STEPS7)


LR8 = 0.5


def _fate():
    return "diverge" if gd_rate(H, LR8) > 1 else "converge"


def _spd_cases(rng):
    cases = []
    for n in (2, 3, 2, 4, 3):
        Q = np.linalg.qr(rng.normal(size=(n, n)))[0]
        cases.append((rng.normal(size=n), rng.normal(size=n),
                      Q @ np.diag(rng.uniform(0.5, 4.0, size=n)) @ Q.T))
    return cases


def _newton_step(x, g, Hm):
    return dlcalc.newton(lambda _: g, lambda _: Hm, x, 1)[1]


H10 = np.diag([1.0, 100.0])


def _heavy_ball_rate():
    return dlcalc.momentum.heavy_ball_rate(H10, *dlcalc.momentum.optimal_momentum(H10))


QUESTIONS = [
    NumericQuestion(
        "The second-order model", r"""For $f(x) = e^{x_1/2} + x_1x_2^2 + \cos x_2$ at
$x_0 = (0.5, -1)$, predict $f(x_0 + \delta)$ for $\delta = (0.2, 0.1)$ with the model
$f(x_0) + g^\top\delta + \tfrac12\delta^\top H\delta$ ($g$, $H$ the gradient and Hessian at
$x_0$; `dlcalc.grad` and `dlcalc.hessian` may help).""", _model1, concepts=("L1",), sig=4,
        misconceptions=[
            M("The curvature term is missing its ½.", lambda: _model1(half=1.0)),
            M("That is the true value f(x0 + δ); the question asks for the model's prediction.",
              lambda: float(_f1(X1 + D1))),
            M("That is the first-order model; add ½δᵀHδ.", lambda: _model1(half=0.0))],
        hints=["Compute f(x0), g and H once, at x0.", "f0 + g @ d + 0.5 * d @ H @ d."],
        solution="q(x0 + δ) = f(x0) + gᵀδ + ½δᵀHδ; it differs from f(x0 + δ) by O(|δ|³). "
                 "dlcalc.quadratic_model(f, x0) returns this q."),
    NumericQuestion(
        "Predicted change after a gradient step", r"""With $g$ and $H$ as in the answer cell
and $\varepsilon = 0.1$, give the model's change
$f(x_0 - \varepsilon g) - f(x_0) \approx -\varepsilon g^\top g +
\tfrac12\varepsilon^2 g^\top H g$.""", _change, concepts=("L2",), setup=GH_SETUP,
        misconceptions=[
            M("The curvature term is ½ε²gᵀHg, not ε²gᵀHg.", lambda: _change(curvature=2.0)),
            M("A step against the gradient lowers f to first order: the slope term is -εgᵀg.",
              lambda: _change(slope_sign=-1.0)),
            M("The curvature correction ½ε²gᵀHg is missing.", lambda: _change(curvature=0.0))],
        hints=["gᵀg = 5 and gᵀHg = 12.", "-0.1·5 + ½·0.01·12."],
        solution="gᵀg = 5, gᵀHg = 12: the change is -0.5 + 0.06 = -0.44. The slope term "
                 "promises -0.5; positive curvature takes back 0.06."),
    NumericQuestion(
        "The best step", r"""For the same $g$, $H$, give the step $\varepsilon^*$ that
minimises the model along $-g$.""", lambda: dlcalc.optimal_step(G, H), concepts=("L4",),
        setup=GH_SETUP,
        misconceptions=[
            M("That is 2gᵀg/gᵀHg, the largest step that still decreases the model; the best "
              "step is half of it.", lambda: dlcalc.max_decreasing_step(G, H)),
            M("The ratio is upside down: ε* = gᵀg / gᵀHg.",
              lambda: 1 / dlcalc.optimal_step(G, H)),
            M("1/λmax is the worst case over all g (g along the top eigenvector); for this g "
              "use gᵀg/gᵀHg.", lambda: 1 / _lam("max"))],
        hints=["Differentiate -εgᵀg + ½ε²gᵀHg in ε and set it to zero."],
        solution="-gᵀg + εgᵀHg = 0 gives ε* = gᵀg/gᵀHg = 5/12. The Rayleigh quotient "
                 "gᵀHg/gᵀg lies in [λmin, λmax], so ε* ≥ 1/λmax."),
    NumericQuestion(
        "The largest decreasing step", r"""For the same $g$, $H$, give the largest
$\varepsilon$ for which the model still predicts a decrease
(the model's change is negative for $0 < \varepsilon <$ your answer).""",
        lambda: dlcalc.max_decreasing_step(G, H), concepts=("L4",), setup=GH_SETUP,
        misconceptions=[
            M("That is the best step ε*; the model keeps decreasing up to twice that.",
              lambda: dlcalc.optimal_step(G, H)),
            M("2/λmax bounds the learning rate of gradient descent over many steps; this "
              "question is about one step along this g: 2gᵀg/gᵀHg.",
              lambda: dlcalc.max_stable_lr(H))],
        hints=["The change -εgᵀg + ½ε²gᵀHg is zero at ε = 0 and at one other ε."],
        solution="-εgᵀg + ½ε²gᵀHg < 0 exactly for 0 < ε < 2gᵀg/gᵀHg = 10/12."),
    NumericQuestion(
        "Negative curvature along g", r"""Now $g = (1, 1)$ and
$H = \begin{pmatrix}1 & 0\\ 0 & -3\end{pmatrix}$ (so $g^\top H g < 0$). What best step does
the second-order model give? (Use `np.inf` for infinity.)""",
        lambda: dlcalc.optimal_step(G5, H5), concepts=("L3",),
        setup="g5 = np.array([1.0, 1.0])\nH5 = np.array([[1.0, 0.0], [0.0, -3.0]])",
        correct_note="The model keeps decreasing however far we go: it is only local, so in "
                     "practice a heuristic (a trust region, a line search) caps the step.",
        misconceptions=[
            M("gᵀg/gᵀHg is negative here: a negative step is not a descent step. With "
              "gᵀHg ≤ 0 the model decreases without bound along -g.",
              lambda: float(G5 @ G5 / (G5 @ H5 @ G5))),
            M("Every positive ε decreases the model, and a larger one decreases it more: the "
              "model's best step is unbounded, not 0.", lambda: 0.0)],
        hints=["gᵀHg = 1 - 3 = -2.", "-εgᵀg + ½ε²gᵀHg: both terms are negative for ε > 0."],
        solution="gᵀHg = -2 ≤ 0, so -εgᵀg + ½ε²gᵀHg falls forever as ε grows: ε* = ∞. "
                 "dlcalc.optimal_step returns math.inf; only a heuristic limits the step."),
    NumericQuestion(
        "The stable learning rate", r"""Gradient descent on $f(x) = \tfrac12 x^\top H x$ with
the $H$ of question 2 converges only when $\varepsilon < 2/\lambda_{\max}$. Give that
bound.""", lambda: dlcalc.max_stable_lr(H), concepts=("L5", "L6"), setup=GH_SETUP,
        misconceptions=[
            M("1/λmax is the best step when g lies along the top eigenvector; the stability "
              "bound is twice that.", lambda: 1 / _lam("max")),
            M("The largest eigenvalue sets the bound: 2/λmax, not 2/λmin.",
              lambda: 2 / _lam("min"))],
        hints=["λmax = (7 + √5)/2.", "Along eigenvector i the error is multiplied by "
               "1 - ελ_i each step."],
        solution="Each step multiplies the component along v_i by 1 - ελ_i; all shrink when "
                 "|1 - ελ_i| < 1, i.e. ε < 2/λmax ≈ 0.433."),
    NumericQuestion(
        "Run gradient descent", r"""Run gradient descent $x_{t+1} = x_t - \varepsilon H x_t$
on $f(x) = \tfrac12x^\top Hx$ from $x_0 = (1, 1)$ with $\varepsilon = 0.05$ for 10 steps.
Give $x_{10}$ (shape `(2,)`).""", lambda: _gd()[-1], concepts=("L6",), setup=GH_SETUP,
        misconceptions=[
            M("Give only the last point x_10, not the whole trajectory.", lambda: _gd()),
            M("10 steps give x_10, the 11th row of the trajectory (x_0 is the first).",
              lambda: _gd()[-2]),
            M("The step went uphill: x - εHx, with a minus sign.", lambda: _gd(-1.0)[-1])],
        hints=["The gradient of ½xᵀHx is Hx.",
               "dlcalc.gradient_descent(lambda x: H @ x, x0, 0.05, 10) returns all 11 points."],
        solution="x_t = (I - εH)ᵗ x0; dlcalc.gradient_descent returns the (11, 2) trajectory "
                 "and x_10 is its last row. Convergence is slow: ε is far below 2/λmax."),
    LabelQuestion(
        "Too large a learning rate", r"""With the same $H$ and $\varepsilon = 0.5$, does
gradient descent on $\tfrac12x^\top Hx$ `"converge"`, `"diverge"` or
`"oscillate but converge"`?""", _fate, labels=["converge", "diverge",
                                                "oscillate but converge"],
        concepts=("L6",), setup=GH_SETUP, aliases=FATE_SYNONYMS,
        misconceptions=[
            M("ε = 0.5 exceeds 2/λmax ≈ 0.433: the component along the top eigenvector is "
              "multiplied by |1 - 0.5 λmax| ≈ 1.31 > 1 each step.", lambda: "converge"),
            M("It does oscillate (1 - ελmax < 0), but |1 - ελmax| > 1, so the oscillation "
              "grows instead of dying out.", lambda: "oscillate but converge")],
        hints=["Compare ε with 2/λmax from question 6."],
        solution="max_i |1 - ελ_i| = |1 - 0.5·4.618| ≈ 1.31 > 1 (dlcalc.stepsize.gd_rate): "
                 "the iterates flip sign and grow along the top eigenvector."),
    FunctionQuestion(
        "Implement a Newton step", r"""Write `q9_answer(x, g, H)` returning the Newton step
$x - H^{-1}g$ (shape `(n,)`) for a point `x`, gradient `g` and positive definite Hessian `H`.
Use `np.linalg.solve` rather than an explicit inverse.""",
        reference=_newton_step, cases=_spd_cases, arg_names=("x", "g", "H"), concepts=("L6",),
        misconceptions=[
            M("Newton divides by the curvature: x - H⁻¹g, not x - Hg.",
              lambda: lambda x, g, Hm: x - Hm @ g),
            M("The step went uphill: x - H⁻¹g, with a minus sign.",
              lambda: lambda x, g, Hm: x + np.linalg.solve(Hm, g)),
            M("Dividing g by the diagonal of H ignores the off-diagonal entries: solve the "
              "linear system H s = g.", lambda: lambda x, g, Hm: x - g / np.diag(Hm))],
        hints=["The Newton step s solves H s = g.", "return x - np.linalg.solve(H, g)"],
        solution="Minimising the quadratic model gᵀs + ½sᵀHs gives Hs = -g: the step rescales "
                 "each eigen-direction by 1/λ_i, which removes the conditioning problem.",
        solution_code="def q9_answer(x, g, H):\n    return x - np.linalg.solve(H, g)"),
    NumericQuestion(
        "The heavy ball's rate", r"""Momentum (the heavy ball) updates
$x_{k+1} = x_k - \varepsilon\nabla f(x_k) + \beta(x_k - x_{k-1})$. On
$f(x) = \tfrac12x^\top Hx$ with $H = \operatorname{diag}(1, 100)$ (so $\kappa = 100$) and the
best $\varepsilon = 4/(\sqrt{\lambda_{\max}} + \sqrt{\lambda_{\min}})^2$,
$\beta = \big((\sqrt\kappa - 1)/(\sqrt\kappa + 1)\big)^2$, the error shrinks asymptotically
like $\rho^k$. Give the rate $\rho$.""", _heavy_ball_rate, concepts=("L8",),
        correct_note="(√κ - 1)/(√κ + 1) = 9/11: after k steps the error is about (9/11)^k, "
                     "against (99/101)^k for gradient descent at its best fixed step.",
        misconceptions=[
            M("That is gradient descent's best rate (κ - 1)/(κ + 1), at ε = 2/(λmin + λmax); "
              "momentum replaces κ by √κ.", lambda: gd_rate(H10, 2 / 101)),
            M("That is β = ρ², the momentum coefficient; the rate is its square root, "
              "(√κ - 1)/(√κ + 1).", lambda: dlcalc.momentum.optimal_momentum(H10)[1]),
            M("1 - 1/κ is gradient descent with ε = 1/λmax, slower still; momentum's rate is "
              "(√κ - 1)/(√κ + 1).", lambda: gd_rate(H10, 1 / 100))],
        hints=["κ = λmax/λmin = 100, so √κ = 10.",
               "ρ = (√κ - 1)/(√κ + 1); dlcalc.momentum.heavy_ball_rate(H, lr, beta) checks it."],
        solution="With √κ = 10, ρ = 9/11 ≈ 0.818 (the spectral radius of the iteration matrix "
                 "[[1 + β - ελ, -β], [1, 0]] for every eigenvalue λ of H). Gradient descent's "
                 "best is 99/101 ≈ 0.980: to shrink the error by 10⁶ it needs about 690 steps, "
                 "momentum about 69."),
]
bind(globals(), CHAPTER, QUESTIONS)
