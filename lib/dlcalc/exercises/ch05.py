"""Exercises for chapter 5, critical points (P1-P7). References come from dlcalc; question 9
lives in ``_saddle_escape``."""

import numpy as np
import sympy as sp

import dlcalc
from dlcalc.exercises import _saddle_escape
from dlcalc.exercises._core import Misconception as M
from dlcalc.exercises._core import bind
from dlcalc.exercises._function import FunctionQuestion
from dlcalc.exercises._labels import LabelQuestion
from dlcalc.exercises._numeric import NumericQuestion
from dlcalc.exercises._saddle_escape import ESCAPE_QUESTION
from dlcalc.exercises._vocabulary import CRITICAL_KINDS, CRITICAL_SYNONYMS, METHOD_SYNONYMS

CHAPTER = "ch05"
A9, B9, LR9, DELTA9, R9 = (_saddle_escape.A9, _saddle_escape.B9, _saddle_escape.LR9,
                            _saddle_escape.DELTA9, _saddle_escape.R9)  # question 9, for tests
KINDS, ALIASES = CRITICAL_KINDS, CRITICAL_SYNONYMS
x = sp.Symbol("x")
H3 = np.array([[2.0, 0.0, 0.0], [0.0, 1.0, 1.0], [0.0, 1.0, 1.0]])


def _label(title, prompt, expected, misconceptions, hints, solution, concepts):
    return LabelQuestion(title, prompt, expected, labels=KINDS, aliases=ALIASES,
                         misconceptions=misconceptions, hints=hints, solution=solution,
                         concepts=concepts)


def _points(expr):
    return np.array([float(p[0]) for p, _ in dlcalc.critical_points(expr, [x])])


F6 = x**4 / 4 - x**3 / 3 - x**2


def _minimisers(which="global"):
    found = [(float(p[0]), float(F6.subs(x, p[0])), kind)
             for p, kind in dlcalc.critical_points(F6, [x])]
    minima = sorted((value, point) for point, value, kind in found if kind == "minimum")
    if which == "global":
        return minima[0][1]
    if which == "local":
        return minima[-1][1]
    if which == "both":
        return np.array(sorted(point for _, point in minima))
    return next(point for point, _, kind in found if kind == "maximum")


def _eigen_cases(rng):
    spectra = [(1, 2, 3), (-1, -2, -3), (2, -1, 3), (0, 1, 2), (0, -1, -2), (0, 2, -1),
               (1, 0, 0), (-2, 0.5, -1),
               # the tolerance is relative: beside 1e6, 1e-4 and 1e-3 count as zero
               (1e6, 1e-4, 1.0), (-1e6, 1e-3, -2.0)]
    cases = []
    for lam in spectra:
        Q = np.linalg.qr(rng.normal(size=(3, 3)))[0]
        A = Q @ np.diag(np.array(lam, dtype=float)) @ Q.T
        cases.append((0.5 * (A + A.T),))
    return cases


def _from_eigenvalues(lam, tol=1e-8, zero_first=False):
    lam = np.asarray(lam)
    zero = np.abs(lam) <= tol * max(1.0, float(np.max(np.abs(lam))))
    pos, neg = np.any((lam > 0) & ~zero), np.any((lam < 0) & ~zero)
    if zero_first and np.any(zero):
        return "inconclusive"
    if pos and neg:
        return "saddle"
    if np.any(zero):
        return "inconclusive"
    return "minimum" if pos else "maximum"


def _saddle_f(v):
    return v[0] ** 2 - v[1] ** 2


X8 = np.array([0.5, 0.01])


def _who_reaches_saddle():
    g, h = dlcalc.grad(_saddle_f), dlcalc.hessian(_saddle_f)
    gd = dlcalc.gradient_descent(g, X8, 0.1, 30)[-1]
    nt = dlcalc.newton(g, h, X8, 30)[-1]
    reached = [bool(np.linalg.norm(p) < 1e-6) for p in (nt, gd)]
    return {(True, True): "both", (True, False): "newton", (False, True): "gradient descent",
            (False, False): "neither"}[tuple(reached)]


x1, x2, t = sp.symbols("x1 x2 t")
PEANO = (x2 - x1**2) * (x2 - 2 * x1**2)


def _peano(v):
    return (v[1] - v[0] ** 2) * (v[1] - 2 * v[0] ** 2)


def _quartic_coefficient(along):
    """The t^4 coefficient of Peano's f along the path t -> (t, along(t)), by dlcalc's Taylor
    polynomial of that one-variable function."""
    phi = PEANO.subs({x1: t, x2: along(t)})
    return float(sp.Poly(dlcalc.taylor_polynomial(phi, t, 0, 4), t).coeff_monomial(t**4))


QUESTIONS = [
    _label("The 1-D test at x = 0 for x³", r"""For $f(x) = x^3$ at $x = 0$: $f'(0) = 0$ and
$f''(0) = 0$. What does the second-derivative test say? One of `"minimum"`, `"maximum"`,
`"saddle"`, `"inconclusive"`, `"not critical"`.""",
           lambda: dlcalc.classify(lambda v: v[0] ** 3, [0.0]),
           [M("x³ is indeed neither a minimum nor a maximum, but the test only sees f'' = 0, "
              "and x⁴ and -x⁴ have f'' = 0 too: the test is inconclusive.", lambda: "saddle"),
            M("f''(0) = 0 is not f''(0) > 0: the test cannot call it a minimum.",
              lambda: "minimum")],
           ["The test uses only the sign of f''.", "x⁴, -x⁴ and x³ all have f''(0) = 0."],
           "With f'' = 0 the second-derivative test says nothing: x⁴ (minimum), -x⁴ (maximum) "
           "and x³ (neither) all have f'(0) = f''(0) = 0.", ("P3",)),
    _label("A two-variable critical point", r"""For $f(x) = x_1^2 - x_2^2$ at the origin,
classify the critical point (same labels).""",
           lambda: dlcalc.classify(_saddle_f, [0.0, 0.0]),
           [M("The eigenvalues 2 and -2 are both non-zero and of opposite signs: that is a "
              "saddle. A saddle needs no zero eigenvalue.", lambda: "inconclusive"),
            M("f curves up along x1 but down along x2: not a minimum.", lambda: "minimum")],
           ["H = diag(2, -2).", "One positive and one negative eigenvalue."],
           "H = diag(2, -2): positive curvature along x1, negative along x2, so the origin is "
           "a saddle point.", ("P4", "P5")),
    _label("Read the eigenvalues", r"""At a critical point the Hessian is
$H = \begin{pmatrix}2&0&0\\0&1&1\\0&1&1\end{pmatrix}$. Classify the point (same labels).""",
           lambda: dlcalc.classify_critical_point(H3),
           [M("One eigenvalue is 0: with the others positive the test cannot decide (higher "
              "derivatives can go either way along that direction).", lambda: "minimum"),
            M("No eigenvalue is negative, so this is not a saddle.", lambda: "saddle")],
           ["The lower-right block [[1, 1], [1, 1]] has eigenvalues 0 and 2."],
           "The eigenvalues are 0, 2, 2: positive semi-definite with a zero eigenvalue, so "
           "the test is inconclusive.", ("P4",)),
    _label("Check the gradient first", r"""For $f(x, y) = x^2 + y^2 + x$, classify the point
$(0, 0)$ (same labels).""",
           lambda: dlcalc.classify(lambda v: v[0] ** 2 + v[1] ** 2 + v[0], [0.0, 0.0]),
           [M("The Hessian is positive definite, but the gradient (1, 0) is not zero: the "
              "point is not critical, so the Hessian test does not apply.",
              lambda: "minimum"),
            M("Inconclusive is for critical points with a zero eigenvalue; here the gradient "
              "is not zero.", lambda: "inconclusive")],
           ["Compute the gradient at (0, 0)."],
           "∇f(0, 0) = (1, 0) ≠ 0: (0, 0) is not a critical point (the minimum is at "
           "(-1/2, 0)).", ("P1",)),
    NumericQuestion(
        "Find the critical points", r"""Give the critical points of $f(x) = x^3 - 3x$ as an
array in increasing order.""", lambda: _points(x**3 - 3 * x), concepts=("P1",),
        misconceptions=[
            M("Those are the zeros of f; critical points are the zeros of f'.",
              lambda: np.array([-np.sqrt(3), 0.0, np.sqrt(3)])),
            M("There are two critical points: the maximum at -1 as well as the minimum.",
              lambda: np.array([1.0]))],
        hints=["f'(x) = 3x² - 3."],
        solution="f'(x) = 3x² - 3 = 0 at x = ±1: a maximum at -1 (f'' = -6) and a minimum at "
                 "1 (f'' = 6). dlcalc.critical_points finds and classifies them."),
    NumericQuestion(
        "The global minimum", r"""$f(x) = \tfrac14x^4 - \tfrac13x^3 - x^2$ has two local
minima. Give the $x$ of the global minimum.""", _minimisers, concepts=("P2",),
        misconceptions=[
            M("That is a local minimum, but f is lower at the other one: compare the values.",
              lambda: _minimisers("local")),
            M("That is the local maximum (f'' < 0 there).", lambda: _minimisers("max")),
            M("The global minimum is one point: compare f at the two local minima.",
              lambda: _minimisers("both"))],
        hints=["f'(x) = x³ - x² - 2x = x(x - 2)(x + 1).", "Compare f(-1) and f(2)."],
        solution="The critical points are -1 and 2 (minima) and 0 (maximum); f(-1) = -5/12 "
                 "and f(2) = -8/3, so the global minimum is at x = 2."),
    FunctionQuestion(
        "Implement the Hessian test", r"""Write `q7_answer(H)` that classifies a critical
point from its symmetric Hessian `H` (shape `(n, n)`) and returns `"minimum"`, `"maximum"`,
`"saddle"` or `"inconclusive"`. Treat an eigenvalue as zero when
$|\lambda| \le 10^{-8}\max(1, \max_i|\lambda_i|)$.""",
        reference=dlcalc.classify_critical_point, cases=_eigen_cases, arg_names=("H",),
        output="label", labels=KINDS[:4], aliases={
            k: v for k, v in ALIASES.items() if v != "not critical"}, concepts=("P4",),
        misconceptions=[
            M("A positive and a negative eigenvalue make a saddle even when another eigenvalue "
              "is zero: check for mixed signs before the zeros.",
              lambda: lambda Hm: _from_eigenvalues(np.linalg.eigvalsh(Hm), zero_first=True)),
            M("The diagonal entries are not the eigenvalues (unless H is diagonal): use "
              "np.linalg.eigvalsh.", lambda: lambda Hm: _from_eigenvalues(np.diag(Hm))),
            M("Round-off turns a zero eigenvalue into ±1e-16: compare |λ| with the tolerance, "
              "not with exactly 0.", lambda: lambda Hm: _from_eigenvalues(
                  np.linalg.eigvalsh(Hm), tol=0.0))],
        hints=["lam = np.linalg.eigvalsh(H); zero = abs(lam) <= 1e-8 * max(1, abs(lam).max())",
               "Test in this order: mixed signs -> saddle; any zero -> inconclusive; "
               "then all positive or all negative."],
        solution="Only the signs of the eigenvalues matter. Mixed signs already prove a saddle; "
                 "otherwise a zero eigenvalue leaves the test inconclusive; otherwise H is "
                 "definite.",
        solution_code="def q7_answer(H):\n    lam = np.linalg.eigvalsh(H)\n"
                      "    zero = np.abs(lam) <= 1e-8 * max(1.0, np.abs(lam).max())\n"
                      "    pos, neg = np.any((lam > 0) & ~zero), np.any((lam < 0) & ~zero)\n"
                      "    if pos and neg:\n        return 'saddle'\n    if zero.any():\n"
                      "        return 'inconclusive'\n"
                      "    return 'minimum' if pos else 'maximum'"),
    LabelQuestion(
        "Who is attracted to the saddle?", r"""Start at $x_0 = (0.5, 0.01)$ on
$f(x) = x_1^2 - x_2^2$ and run 30 steps of gradient descent ($\varepsilon = 0.1$) and 30 steps
of Newton's method. Which ends at the saddle point $(0, 0)$: `"newton"`,
`"gradient descent"`, `"both"` or `"neither"`?""", _who_reaches_saddle,
        labels=["newton", "gradient descent", "both", "neither"], concepts=("P6",),
        aliases=METHOD_SYNONYMS,
        misconceptions=[
            M("Gradient descent is pushed away along the negative-curvature direction: x2 is "
              "multiplied by 1 + 2ε = 1.2 each step.", lambda: "gradient descent"),
            M("Only Newton lands there: it jumps to the critical point of the quadratic "
              "model, which is the saddle itself; gradient descent escapes along x2.",
              lambda: "both"),
            M("Newton's step x - H⁻¹∇f lands exactly on (0, 0) for this quadratic.",
              lambda: "neither")],
        hints=["For a quadratic, one Newton step reaches the model's critical point.",
               "Under gradient descent x2 ← x2 + 2ε x2."],
        solution="Newton solves H s = -∇f and lands on the unique critical point, the saddle, "
                 "in one step. Gradient descent shrinks x1 by 0.8 but grows x2 by 1.2 per "
                 "step, leaving the saddle (x2 ≈ 2.4 after 30 steps)."),
    ESCAPE_QUESTION,
    NumericQuestion(
        "Peano's surface along a parabola", r"""Peano's surface
$f(x) = (x_2 - x_1^2)(x_2 - 2x_1^2)$ has a minimum at the origin along every straight line
through it. Along the parabola $x_2 = \tfrac32x_1^2$, though, $f = c\,x_1^4$. Give $c$.""",
        lambda: _quartic_coefficient(lambda s: sp.Rational(3, 2) * s**2), concepts=("P7",),
        correct_note="c < 0: between the parabolas x2 = x1² and x2 = 2x1², f is negative, "
                     "arbitrarily close to the origin, so the origin is not a local minimum.",
        misconceptions=[
            M("The sign is lost: (3/2 - 1)(3/2 - 2) = (1/2)(-1/2) is negative, so f < 0 "
              "along this parabola.", lambda: -_quartic_coefficient(
                  lambda s: sp.Rational(3, 2) * s**2)),
            M("That is the t⁴ coefficient along the straight line x2 = 1.5 x1; lines through "
              "the origin all see a minimum, the parabola is what slips between the two zero "
              "curves.", lambda: _quartic_coefficient(lambda s: sp.Rational(3, 2) * s)),
            M("f is not zero along x2 = 1.5x1²: only the parabolas x2 = x1² and x2 = 2x1² are "
              "its zero set, and this one lies between them.", lambda: 0.0)],
        hints=["Substitute x2 = 1.5 x1² into both factors.",
               "(1.5x1² - x1²)(1.5x1² - 2x1²) = (0.5x1²)(-0.5x1²)."],
        solution="Both factors are multiples of x1²: (1.5 - 1)x1² · (1.5 - 2)x1² = -x1⁴/4, so "
                 "c = -1/4. Along any line x2 = m x1 the x1²-term m² > 0 wins near 0 (and x2 = 0 "
                 "gives 2x1⁴), so each line sees a minimum; the parabola between the two zero "
                 "curves sees f < 0."),
    _label("Peano's surface and the test", r"""For Peano's surface of question 10,
$\nabla f(0) = 0$ and $H(0) = \operatorname{diag}(0, 2)$. What does the second-derivative test
say at the origin? (Same labels as questions 1-4.)""",
           lambda: dlcalc.classify(_peano, [0.0, 0.0]),
           [M("Every line through the origin sees a minimum, yet f < 0 along x2 = 1.5x1²: the "
              "origin is no minimum, and the test, with a zero eigenvalue, cannot say so.",
              lambda: "minimum"),
            M("The origin is indeed not a minimum, but the test does not see that: H has "
              "eigenvalues 0 and 2, no negative one, so it is silent (inconclusive).",
              lambda: "saddle")],
           ["The eigenvalues of H(0) are 0 and 2.",
            "A zero eigenvalue with no negative one leaves the test undecided."],
           "H(0) = diag(0, 2) is positive semi-definite with a zero eigenvalue, so the test is "
           "inconclusive: it cannot separate x1⁴ (a minimum) from Peano's f, which has a "
           "minimum along every line but is negative between x2 = x1² and x2 = 2x1².",
           ("P7", "P3")),
]
bind(globals(), CHAPTER, QUESTIONS)
