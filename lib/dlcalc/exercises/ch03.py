"""Exercises for chapter 3, the Hessian and curvature (C1-C7). References come from dlcalc."""

import numpy as np

import dlcalc
from dlcalc.curvature import hessian_eigen
from dlcalc.exercises._core import Misconception as M
from dlcalc.exercises._core import bind
from dlcalc.exercises._function import FunctionQuestion
from dlcalc.exercises._labels import LabelQuestion
from dlcalc.exercises._numeric import NumericQuestion
from dlcalc.exercises._vocabulary import comparison_synonyms

CHAPTER = "ch03"
EPS = 0.1


def _decrease(curvature, eps=EPS, half=1.0):
    """The model's decrease eps g - half eps^2 f'' at g = 1 (taylor_step_terms already gives
    the curvature term with its 1/2, so ``half=2`` is the "no 1/2" mistake)."""
    slope, curv = dlcalc.taylor_step_terms([1.0], [[curvature]], eps)
    return float(-(slope + half * curv))


def _compare_to_eps(curvature=-2.0):
    drop = _decrease(curvature)
    return "more than eps" if drop > EPS else "less than eps" if drop < EPS else "exactly eps"


def _f3(v):
    return v[0] ** 2 * v[1] + 3 * v[0] * v[2] + np.sin(v[2])


X3 = np.array([1.0, 2.0, 0.5])


def _H3():
    return dlcalc.hessian(_f3)(X3)


def _halve_off_diagonal(H):
    return np.diag(np.diag(H)) + 0.5 * (H - np.diag(np.diag(H)))


def _f4(v):
    return v[0] ** 2 + v[0] * v[1] + v[1] ** 2


H4 = dlcalc.hessian(_f4)(np.zeros(2))
D5 = np.array([1.0, 2.0])


def _cubic(t):
    return t**3


def _curvature():
    return dlcalc.plane_curve_curvature(_cubic, -1.0)


def _slope_and_second(at=-1.0):
    f = lambda v: _cubic(v[0])  # noqa: E731
    return float(dlcalc.grad(f)([at])[0]), float(dlcalc.hessian(f)([at])[0, 0])


def _wrong_exponent():
    d1, d2 = _slope_and_second()
    return abs(d2) / (1 + d1**2)


def _quadratic_cases(rng):
    return [(rng.normal(size=(n, n)), rng.normal(size=n), rng.normal(size=n))
            for n in (2, 3, 3, 4, 2)]


def _quadratic_hessian(A, b, x):
    return dlcalc.hessian(lambda v: 0.5 * v @ A @ v + b @ v)(x)


X9, V9 = np.array([1.0, 2.0, 0.5]), np.array([1.0, 0.0, -1.0])


def _hvp_like(kind):
    g = dlcalc.grad(_f3)
    if kind == "gradient":
        return g(X9)
    if kind == "difference":
        return g(X9 + V9) - g(X9)
    if kind == "unit":
        return dlcalc.hvp(_f3, X9, V9 / np.linalg.norm(V9))
    return np.diag(_H3()) * V9


QUESTIONS = [
    NumericQuestion(
        "Curvature changes the decrease", r"""A step of size $\varepsilon = 0.1$ along the
negative gradient, where the gradient is $1$ and the second derivative is $f'' = 2$. By the
second-order model, by how much does $f$ *decrease*
($\varepsilon g - \tfrac12 \varepsilon^2 f''$ with $g = 1$)? Give a positive number.""",
        lambda: _decrease(2.0), concepts=("C1",),
        misconceptions=[
            M("That is the decrease with zero curvature (exactly ε); positive curvature "
              "takes some of it back.", lambda: EPS),
            M("Positive curvature makes the decrease smaller than ε, not larger.",
              lambda: 2 * EPS - _decrease(2.0)),
            M("The curvature term is ½ε²f'', not ε²f''.", lambda: _decrease(2.0, half=2.0)),
            M("The question asks for the decrease, a positive number.",
              lambda: -_decrease(2.0))],
        hints=["Decrease = ε·g - ½ε²f''.", "0.1 - ½·0.01·2."],
        solution="f(x - εg) ≈ f(x) - εg² + ½ε²f''g², so with g = 1 the value drops by "
                 "ε - ½ε²f'' = 0.1 - 0.01 = 0.09: less than ε, because the function curves up."),
    LabelQuestion(
        "Negative curvature", r"""Same step ($\varepsilon = 0.1$, gradient $1$) but now
$f'' = -2$. Compared with $\varepsilon$, does $f$ decrease by `"more than eps"`,
`"exactly eps"` or `"less than eps"`?""", _compare_to_eps,
        labels=["more than eps", "exactly eps", "less than eps"], concepts=("C1",),
        aliases=comparison_synonyms("eps", ("0.1", "step", "step size", "learning rate",
                                            "lr")),
        misconceptions=[
            M("With f'' < 0 the term -½ε²f'' is positive: the function bends down and the "
              "step gains more than ε.", lambda: "less than eps"),
            M("Exactly ε is the zero-curvature case; here f'' = -2 ≠ 0.",
              lambda: "exactly eps")],
        hints=["Decrease = ε - ½ε²f''. What sign does -½ε²f'' have when f'' < 0?"],
        solution="Decrease = ε - ½ε²f'' = 0.1 + 0.01 = 0.11 > ε: negative curvature helps a "
                 "descent step."),
    NumericQuestion(
        "A Hessian", r"""Give the Hessian $H_{ij} = \partial^2 f/\partial x_i\partial x_j$ of
$f(x) = x_1^2 x_2 + 3x_1x_3 + \sin x_3$ at $x = (1, 2, 0.5)$ (a $3\times 3$ array).""",
        _H3, concepts=("C2", "C3"),
        misconceptions=[
            M("That is the gradient; the Hessian is the 3×3 matrix of second partials.",
              lambda: dlcalc.grad(_f3)(X3)),
            M("The mixed partials ∂²f/∂x_i∂x_j (i ≠ j) are missing: only the diagonal is "
              "filled.", lambda: np.diag(np.diag(_H3()))),
            M("The off-diagonal entries are halved: ∂²(3x1x3)/∂x1∂x3 = 3, not 3/2 (do not "
              "split a coefficient between H13 and H31).", lambda: _halve_off_diagonal(_H3()))],
        hints=["H is the Jacobian of the gradient: differentiate each gradient component.",
               "∇f = (2x1x2 + 3x3, x1², 3x1 + cos x3)."],
        solution="Differentiating ∇f = (2x1x2 + 3x3, x1², 3x1 + cos x3) once more gives "
                 "H = [[2x2, 2x1, 3], [2x1, 0, 0], [3, 0, -sin x3]]: symmetric, as the "
                 "mixed partials commute. dlcalc.hessian(f)(x) agrees."),
    NumericQuestion(
        "Eigenvalues of a Hessian", r"""For $f(x) = x_1^2 + x_1x_2 + x_2^2$, the Hessian is
$H = \begin{pmatrix}2 & 1\\ 1 & 2\end{pmatrix}$. Give its eigenvalues in ascending order
(shape `(2,)`).""", lambda: hessian_eigen(H4)[0], concepts=("C5",),
        misconceptions=[
            M("The diagonal entries are the eigenvalues only for a diagonal matrix.",
              lambda: np.diag(H4)),
            M("Right values, wrong order: give them in ascending order.",
              lambda: hessian_eigen(H4)[0][::-1])],
        hints=["Solve det(H - λI) = (2 - λ)² - 1 = 0.", "λ = 2 ± 1."],
        solution="(2 - λ)² = 1 gives λ = 1 and 3, with eigenvectors (1, -1)/√2 and (1, 1)/√2: "
                 "real eigenvalues and orthonormal eigenvectors, as for every symmetric matrix."),
    NumericQuestion(
        "A directional second derivative", r"""With the same $H$, give the second derivative
along the direction $d = (1, 2)$ (not a unit vector): $d^\top H d / d^\top d$.""",
        lambda: dlcalc.directional_second_derivative(H4, D5), concepts=("C6",),
        misconceptions=[
            M("The direction was not normalised: divide dᵀHd by dᵀd.", lambda: D5 @ H4 @ D5),
            M("Divide by dᵀd = |d|², not by |d|.",
              lambda: D5 @ H4 @ D5 / np.linalg.norm(D5)),
            M("Hd is a vector; the directional second derivative is the number dᵀHd/dᵀd.",
              lambda: H4 @ D5)],
        hints=["dᵀHd = 2·1 + 2·1·2·1 + 2·4 = 14.", "dᵀd = 5."],
        solution="dᵀHd = 14 and dᵀd = 5, so the curvature along d is 2.8: between the "
                 "eigenvalues 1 and 3, as a weighted average of them."),
    NumericQuestion(
        "Weights of the eigenvalues", r"""Along the unit vector $u = d/\lVert d\rVert$, the
directional second derivative is $\sum_i w_i\lambda_i$ with weights
$w_i = (u^\top v_i)^2$ for the unit eigenvectors $v_i$. Give the weights for $H$ and
$d = (1, 2)$ above, ordered like the ascending eigenvalues (shape `(2,)`).""",
        lambda: dlcalc.eigen_weights(H4, D5)[1], concepts=("C6",),
        misconceptions=[
            M("The weights are the squared cosines (uᵀv_i)², not |uᵀv_i|: they sum to 1.",
              lambda: np.sqrt(dlcalc.eigen_weights(H4, D5)[1])),
            M("d must be normalised first: (dᵀv_i)² sums to |d|² = 5, not 1.",
              lambda: 5 * dlcalc.eigen_weights(H4, D5)[1]),
            M("The weights are in the wrong order: the first belongs to λ = 1.",
              lambda: dlcalc.eigen_weights(H4, D5)[1][::-1])],
        hints=["v1 = (1, -1)/√2 for λ = 1 and v2 = (1, 1)/√2 for λ = 3.",
               "u = (1, 2)/√5; w1 = (uᵀv1)² = 1/10."],
        solution="w = (1/10, 9/10): d is closer in angle to v2 = (1, 1)/√2, so λ = 3 weighs "
                 "more, and 0.1·1 + 0.9·3 = 2.8 recovers the previous answer."),
    NumericQuestion(
        "Curvature of a plane curve", r"""The curvature of the graph $y = f(x)$ is
$K = |f''(x)| / (1 + f'(x)^2)^{3/2}$. Give $K$ for $y = x^3$ at $x = -1$.""",
        _curvature, concepts=("C7",),
        misconceptions=[
            M("That is f''(-1) = -6; the curvature divides |f''| by (1 + f'²)^(3/2).",
              lambda: _slope_and_second()[1]),
            M("Curvature is never negative: take |f''|.", lambda: -_curvature()),
            M("The exponent is 3/2: (1 + f'²)^(3/2) = 10^(3/2), not 10.",
              _wrong_exponent)],
        hints=["f'(-1) = 3 and f''(-1) = -6.", "K = 6 / 10^(3/2)."],
        solution="f' = 3x² = 3 and f'' = 6x = -6 at x = -1, so K = 6/10^(3/2) ≈ 0.19. The "
                 "steep slope makes K much smaller than |f''|: the two agree only where "
                 "f' ≈ 0."),
    FunctionQuestion(
        "Implement the Hessian of a quadratic", r"""Write `q8_answer(A, b, x)` returning the
Hessian at `x` of $f(x) = \tfrac12 x^\top A x + b^\top x$, where $A$ is a square matrix that
is **not necessarily symmetric** (shape `(n, n)`; `b` and `x` have shape `(n,)`).""",
        reference=_quadratic_hessian, cases=_quadratic_cases, arg_names=("A", "b", "x"),
        concepts=("C3", "C4"),
        misconceptions=[
            M("A is not symmetric but the Hessian is: xᵀAx only sees (A + Aᵀ)/2.",
              lambda: lambda A, b, x: A),
            M("With the ½ in f, the Hessian is (A + Aᵀ)/2, not A + Aᵀ.",
              lambda: lambda A, b, x: A + A.T),
            M("That is the gradient ½(A + Aᵀ)x + b; differentiate once more.",
              lambda: lambda A, b, x: 0.5 * (A + A.T) @ x + b)],
        hints=["The gradient of ½xᵀAx is ½(A + Aᵀ)x.",
               "The Jacobian of the gradient does not depend on x."],
        solution="∇f = ½(A + Aᵀ)x + b; its Jacobian (the Hessian) is the symmetric part "
                 "(A + Aᵀ)/2, the same at every x.",
        solution_code="def q8_answer(A, b, x):\n    return 0.5 * (A + A.T)"),
    NumericQuestion(
        "A Hessian-vector product", r"""For the $f$ of question 3,
$f(x) = x_1^2 x_2 + 3x_1x_3 + \sin x_3$, at $x = (1, 2, 0.5)$, give the Hessian-vector product
$Hv$ for $v = (1, 0, -1)$ (shape `(3,)`). It is the directional derivative of the gradient:
`dlcalc.jvp(dlcalc.grad(f), x, v)` computes it without forming $H$.""",
        lambda: dlcalc.jvp(dlcalc.grad(_f3), X9, V9)[1], concepts=("C8",),
        correct_note="Forward mode over the gradient: a few gradient costs, and no n×n matrix.",
        misconceptions=[
            M("That is the gradient ∇f(x); Hv is the derivative of the gradient along v.",
              lambda: _hvp_like("gradient")),
            M("∇f(x + v) - ∇f(x) is a finite difference with step 1, not the exact Hv: the "
              "gradient is not linear here.", lambda: _hvp_like("difference")),
            M("v was normalised: Hv is linear in v, so use v = (1, 0, -1) as given.",
              lambda: _hvp_like("unit")),
            M("Multiplying the diagonal of H by v entry by entry drops the mixed partials: Hv "
              "is a matrix-vector product.", lambda: _hvp_like("diagonal"))],
        hints=["H from question 3 is [[2x2, 2x1, 3], [2x1, 0, 0], [3, 0, -sin x3]].",
               "Hv = H @ v; or dlcalc.hvp(f, x, v)."],
        solution="With H = [[4, 2, 3], [2, 0, 0], [3, 0, -sin 0.5]] at x, Hv = (4 - 3, 2, "
                 "3 + sin 0.5) ≈ (1, 2, 3.479). jvp(grad f) gets it from one forward pass over "
                 "the gradient's computation: exact, for the cost of a few gradients, which "
                 "matters when n is a million and H would have 10¹² entries."),
]
bind(globals(), CHAPTER, QUESTIONS)
