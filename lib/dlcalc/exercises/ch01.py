"""Exercises for chapter 1, Taylor expansion (T1-T6). Every reference answer comes from dlcalc;
question 8 (the radius of convergence) lives in ``_radius``."""


import numpy as np
import sympy as sp

import dlcalc
from dlcalc.exercises._core import Misconception as M
from dlcalc.exercises._core import bind
from dlcalc.exercises._function import FunctionQuestion
from dlcalc.exercises._labels import LabelQuestion
from dlcalc.exercises._numeric import NumericQuestion
from dlcalc.exercises._radius import G8, RADIUS_QUESTION, X8, _radius8  # noqa: F401 - tests
from dlcalc.exercises._symbolic import ExpressionQuestion
from dlcalc.exercises._vocabulary import DEGREE_SYNONYMS

CHAPTER = "ch01"
x, y, a, dx = sp.symbols("x y a dx")


def _degree_in_step():
    p1 = dlcalc.taylor_polynomial(x**2, x, a, 1)  # about a generic point a
    degree = sp.Poly(sp.expand(p1.subs(x, a + dx)), dx).degree()
    return ["constant", "linear", "quadratic", "cubic"][degree]


def _first_order_at(x0, step):
    return float(dlcalc.taylor_polynomial(x**2, x, x0, 1).subs(x, sp.nsimplify(x0 + step)))


def _log_p(order):
    return dlcalc.taylor_polynomial(sp.log(x), x, 1, order)


def _error_slope(order=2, x0=0.5):
    p = sp.lambdify(x, dlcalc.taylor_polynomial(sp.sin(x), x, sp.nsimplify(x0), order), "numpy")
    steps = np.logspace(-3, -1, 9)
    errors = np.abs(np.sin(x0 + steps) - p(x0 + steps))
    return dlcalc.loglog_slope(steps, errors)


def _f5(v):
    return v[0] ** 4 - 3 * v[0]


def _newton_point(lr=1.0):
    traj = dlcalc.newton(dlcalc.grad(_f5), dlcalc.hessian(_f5), [1.0], 1, lr=lr)
    return float(traj[1, 0])


def _f6(v):
    return np.exp(v[0]) * np.cos(v[1]) + v[0] * v[1]


HALF = sp.Rational(1, 2)


def _model6(half=HALF, cross=1):
    q = dlcalc.quadratic_model(_f6, [0.0, 0.0])
    g = [sp.nsimplify(c) for c in q.gradient]
    H = sp.Matrix(2, 2, [sp.nsimplify(c) for c in np.ravel(q.hessian)])
    H[0, 1] = H[1, 0] = H[0, 1] * cross
    d = sp.Matrix([x, y])
    return sp.nsimplify(q.value) + g[0] * x + g[1] * y + half * (d.T * H * d)[0, 0]


def _f7(v):
    return np.log(1 + v[0] ** 2) + v[0] * v[1] ** 2


X7 = np.array([1.0, 2.0])


def _model7(delta, half=0.5, slope=1.0):
    q = dlcalc.quadratic_model(_f7, X7)
    d = np.asarray(delta, dtype=np.float64)
    return q.value + slope * q.gradient @ d + half * d @ q.hessian @ d


def _deltas(rng):
    return [(rng.normal(scale=0.5, size=2),) for _ in range(6)]


def _f9(v):
    return v[0] ** 2 * v[1] + 3 * v[0] + np.exp(v[1])


X9 = np.array([1.0, 0.0])


def _steepest(sign=-1.0, normalise=True, turn=False):
    g = dlcalc.grad(_f9)(X9)
    d = np.array([-g[1], g[0]]) if turn else sign * g
    return d / np.linalg.norm(d) if normalise else d


QUESTIONS = [
    LabelQuestion(
        "Dropping the higher-order term", r"""For $f(x) = x^2$, expanding $f(x+\Delta x)$ gives
$x^2 + 2x\Delta x + \Delta x^2$. Drop the higher-order term $\Delta x^2$. As a function of the
step $\Delta x$ (with $x$ fixed), what is $x^2 + 2x\Delta x$? Answer with one of `"constant"`,
`"linear"`, `"quadratic"`, `"cubic"`.""", _degree_in_step,
        labels=["constant", "linear", "quadratic", "cubic"], concepts=("T4",),
        aliases=DEGREE_SYNONYMS,
        misconceptions=[
            M("x² is quadratic in x, but the question is about Δx: with x fixed, x² + 2xΔx has "
              "Δx only to the first power.", lambda: "quadratic"),
            M("2xΔx changes with Δx, so the approximation is not constant: it is a straight line "
              "in Δx with slope 2x.", lambda: "constant")],
        hints=["Treat x as a fixed number, say x = 3, and write the expression in Δx.",
               "3² + 6Δx: what is the highest power of Δx?"],
        solution="With x fixed, x² is a constant and 2xΔx is proportional to Δx: the "
                 "first-order Taylor model is a linear function of the step. That is what "
                 "'locally linear' means, and the dropped Δx² is the error."),
    NumericQuestion(
        "First-order prediction", r"""For $f(x) = x^2$ at $x_0 = 3$, use the first-order
expansion $f(x_0 + \Delta x) \approx f(x_0) + f'(x_0)\,\Delta x$ to predict $f(3.1)$
($\Delta x = 0.1$). Give the predicted value (a number).""", lambda: _first_order_at(3, 0.1),
        concepts=("T2", "T4"), sig=4, correct_note="The exact value is 9.61; the gap 0.01 is the "
        "dropped term Δx².",
        misconceptions=[
            M("That is only the change f'(x0)Δx = 0.6; the prediction adds it to f(x0) = 9.",
              lambda: _first_order_at(3, 0.1) - 9),
            M("That is the exact value f(3.1) = 9.61, which keeps the Δx² term; the first-order "
              "prediction drops it.", lambda: 3.1**2)],
        hints=["f(3) = 9 and f'(x) = 2x.", "9 + 6 × 0.1."],
        solution="f(x0) = 9 and f'(x0) = 2·3 = 6, so f(3.1) ≈ 9 + 6·0.1 = 9.6. The exact "
                 "value 9.61 differs by Δx² = 0.01: the error of the linear model."),
    ExpressionQuestion(
        "Second-order Taylor polynomial", r"""Write the second-order Taylor polynomial of
$f(x) = \log x$ about $x_0 = 1$,
$p_2(x) = f(x_0) + f'(x_0)(x - x_0) + \tfrac12 f''(x_0)(x - x_0)^2$, as a SymPy expression in
`x`.""", lambda: _log_p(2), symbols=[x], domain={"x": (0.5, 1.5)}, concepts=("T2",),
        misconceptions=[
            M("The second-order term is missing its ½: the coefficient is f''(x0)/2! = -1/2.",
              lambda: 2 * _log_p(2) - _log_p(1)),
            M("The powers must be of (x - x0) = (x - 1), not of x: the polynomial is centred "
              "at x0.", lambda: _log_p(2).subs(x, x + 1)),
            M("f''(x) = -1/x² is negative at 1: the second-order term has a minus sign.",
              lambda: 2 * _log_p(1) - _log_p(2)),
            M("That is the first-order polynomial; add the second-order term.",
              lambda: _log_p(1))],
        hints=["log(1) = 0, f'(x) = 1/x, f''(x) = -1/x².",
               "f'(1) = 1 and f''(1) = -1; do not forget the 1/2! in front of f''.",
               "(x - 1) - (x - 1)**2/2."],
        solution="f(1) = 0, f'(1) = 1, f''(1) = -1, so p2 = 0 + (x - 1) - (x - 1)²/2. Each term "
                 "is f⁽ᵏ⁾(x0)/k! (x - x0)ᵏ; the ½ is 1/2!."),
    NumericQuestion(
        "How fast the error shrinks", r"""The error of the order-$n$ Taylor polynomial behaves
like $C\,|\Delta x|^{n+1}$ for small $\Delta x$. For $f = \sin$ about $x_0 = 0.5$ and $n = 2$,
plot $\log|\text{error}|$ against $\log \Delta x$ for $\Delta x$ between $10^{-3}$ and
$10^{-1}$. What is the slope of that line (a number, to within 5 %)?""", _error_slope,
        rel=0.05, concepts=("T1", "T2"),
        misconceptions=[
            M("2 is the order n of the polynomial; the error is the first dropped term, of "
              "order n + 1.", lambda: 2.0),
            M("The error shrinks as Δx shrinks, so on a log-log plot the slope is positive.",
              lambda: -3.0)],
        hints=["The error is dominated by the first neglected term of the series.",
               "That term is f'''(x0)/3! Δx³ (and f'''(0.5) = -cos 0.5 ≠ 0)."],
        solution="The remainder is f'''(ξ)/3! Δx³, so log|error| ≈ log C + 3 log Δx: slope "
                 "n + 1 = 3. (A fit with dlcalc.taylor_polynomial gives about 3; it bends only "
                 "where round-off, near 1e-16, takes over.)"),
    NumericQuestion(
        "One step of the iterative form", r"""Take $f(x) = x^4 - 3x$ and $x_{t-1} = 1$. Expand
$f(x_{t-1} + \Delta x)$ to second order and choose the $\Delta x$ that minimises that model
(set its derivative in $\Delta x$ to zero). Give the new point
$x_t = x_{t-1} + \Delta x$.""", _newton_point, concepts=("T3",),
        misconceptions=[
            M("The step went uphill: minimising f' Δx + ½ f'' Δx² gives Δx = -f'/f''.",
              lambda: 2.0 - _newton_point()),
            M("That is Δx; the question asks for the new point x_t = x_{t-1} + Δx.",
              lambda: _newton_point() - 1.0),
            M("Without the ½ the model is f'Δx + f''Δx², whose minimiser is -f'/(2f''), half "
              "the right step.", lambda: _newton_point(lr=0.5)),
            M("That is a gradient step x - f'(x) (learning rate 1); the second-order model "
              "divides the slope by the curvature f''.",
              lambda: 1.0 - float(dlcalc.grad(_f5)([1.0])[0]))],
        hints=["f'(1) = 4 - 3 = 1 and f''(1) = 12.",
               "d/dΔx [f'Δx + ½f''Δx²] = f' + f''Δx = 0.", "x_t = 1 - 1/12."],
        solution="The model f(1) + f'(1)Δx + ½f''(1)Δx² is minimised at Δx = -f'(1)/f''(1) = "
                 "-1/12, so x_t = 11/12 ≈ 0.9167: one step of Newton's method (dlcalc.newton)."),
    ExpressionQuestion(
        "A two-variable quadratic model", r"""For $f(x, y) = e^{x}\cos y + x y$ at
$(x_0, y_0) = (0, 0)$, write the second-order model
$f(0) + g^\top \delta + \tfrac12 \delta^\top H \delta$ with $\delta = (x, y)$ as a SymPy
expression in `x` and `y` ($g$ the gradient and $H$ the Hessian at the origin).""", _model6,
        symbols=[x, y], concepts=("T5",),
        misconceptions=[
            M("δᵀHδ counts the off-diagonal entry twice (H12·xy + H21·yx): the cross term is "
              "H12·xy after the ½, not half of it.", lambda: _model6(cross=HALF)),
            M("The quadratic part is missing its ½: the model is g·δ + ½ δᵀHδ.",
              lambda: _model6(half=1)),
            M("That is the first-order model; add ½ δᵀHδ.", lambda: _model6(half=0))],
        hints=["f(0,0) = 1, g = (1, 0) (from e^x cos y and x y).",
               "H = [[1, 1], [1, -1]]; δᵀHδ = x² + 2xy - y².",
               "1 + x + (x² + 2xy - y²)/2."],
        solution="At the origin f = 1, g = (e^x cos y + y, -e^x sin y + x) = (1, 0) and "
                 "H = [[1, 1], [1, -1]]; so the model is 1 + x + ½(x² + 2xy - y²). "
                 "dlcalc.quadratic_model(f, x0) returns exactly this q."),
    FunctionQuestion(
        "Implement the quadratic model", r"""Let $f(x) = \log(1 + x_1^2) + x_1 x_2^2$ and
$x_0 = (1, 2)$. Write a function `q7_answer(delta)` that takes a step $\delta$ of shape `(2,)`
and returns the second-order model value
$f(x_0) + \nabla f(x_0)^\top\delta + \tfrac12\,\delta^\top \nabla^2 f(x_0)\,\delta$
(a number). You may use `dlcalc.grad` and `dlcalc.hessian`.""",
        reference=_model7, cases=_deltas, arg_names=("delta",), concepts=("T5", "T2"),
        misconceptions=[
            M("The curvature term is missing its ½.", lambda: lambda d: _model7(d, half=1.0)),
            M("The gradient term g·δ is missing.", lambda: lambda d: _model7(d, slope=0.0)),
            M("That is f(x0 + δ) itself, not its quadratic model.",
              lambda: lambda d: _f7(X7 + d))],
        hints=["Compute f0 = f(x0), g = dlcalc.grad(f)(x0), H = dlcalc.hessian(f)(x0) once.",
               "Return f0 + g @ delta + 0.5 * delta @ H @ delta."],
        solution="The model adds the slope and the curvature corrections to f(x0); "
                 "dlcalc.quadratic_model(f, x0) builds the same function.",
        solution_code="def q7_answer(delta):\n    f = lambda v: np.log(1 + v[0]**2) + "
                      "v[0] * v[1]**2\n    x0 = np.array([1.0, 2.0])\n    g, H = "
                      "dlcalc.grad(f)(x0), dlcalc.hessian(f)(x0)\n    return f(x0) + g @ delta "
                      "+ 0.5 * delta @ H @ delta"),
    RADIUS_QUESTION,
    NumericQuestion(
        "The direction of steepest descent", r"""For $f(x) = x_1^2x_2 + 3x_1 + e^{x_2}$ at
$x_0 = (1, 0)$, the directional derivative along a unit vector $u$ is $u^\top\nabla f(x_0)$.
Give the **unit** vector $u$ (shape `(2,)`) that makes it as negative as possible: the
direction of steepest descent.""", _steepest, concepts=("T6",),
        correct_note="u = -∇f/‖∇f‖, and the directional derivative there is -‖∇f‖ = -√13: by "
                     "Cauchy-Schwarz no unit vector does better.",
        misconceptions=[
            M("That is the direction of steepest ascent, +∇f/‖∇f‖: the directional derivative "
              "is largest there.", lambda: _steepest(sign=1.0)),
            M("That is -∇f itself; the question asks for a unit vector: divide by ‖∇f‖ = √13.",
              lambda: _steepest(normalise=False)),
            M("Along that direction (perpendicular to ∇f, along the level curve) the "
              "directional derivative is 0, not the most negative.", lambda: _steepest(turn=True))],
        hints=["∇f = (2x1x2 + 3, x1² + e^{x2}); evaluate it at (1, 0).",
               "uᵀ∇f = ‖∇f‖ cos θ is smallest at θ = π: u points against the gradient.",
               "u = -∇f/‖∇f‖ with ∇f = (3, 2)."],
        solution="∇f(1, 0) = (3, 2). For a unit u, uᵀ∇f = ‖∇f‖ cos θ (θ the angle between "
                 "them), smallest at θ = π: u = -(3, 2)/√13 ≈ (-0.832, -0.555), where the "
                 "directional derivative is -√13. Gradient descent steps along this u."),
]
bind(globals(), CHAPTER, QUESTIONS)
