"""Chapter 5, question 9: how many gradient-descent steps it takes to leave a quadratic saddle
(P6). The reference runs ``dlcalc.gradient_descent``; each misconception is a mistaken version
of the closed form ceil(log(r/δ)/log(1 + εb))."""

import math

import numpy as np

import dlcalc
from dlcalc.exercises._core import Misconception as M
from dlcalc.exercises._numeric import NumericQuestion

A9, B9, LR9, DELTA9, R9 = 4.0, 0.6, 0.2, 1e-4, 0.3
SETUP9 = "a, b, lr, delta, r = 4.0, 0.6, 0.2, 1e-4, 0.3"
LOG_RATIO9 = math.log(R9 / DELTA9)


def _saddle9(v):
    return 0.5 * (A9 * v[0] ** 2 - B9 * v[1] ** 2)


def _escape_steps(max_steps=400):
    """Run gradient descent from (1, DELTA9); return the first step k with |x2| >= R9."""
    traj = dlcalc.gradient_descent(dlcalc.grad(_saddle9), [1.0, DELTA9], LR9, max_steps)
    left = np.abs(traj[:, 1]) >= R9
    if not left.any():
        raise RuntimeError(f"|x2| stayed below {R9} for {max_steps} steps")
    return int(np.argmax(left))


def _steps_if(log_factor, log_ratio=LOG_RATIO9, rounding=math.ceil):
    """The step count a (possibly mistaken) version of ceil(log(r/delta) / log(1 + lr b))."""
    return rounding(log_ratio / log_factor)


ESCAPE_QUESTION = NumericQuestion(
        "How long to leave the saddle", r"""Take $f(x) = \tfrac12(a x_1^2 - b x_2^2)$ with
$a = 4$ and $b = 0.6$, and run gradient descent with learning rate $\varepsilon = 0.2$ from
$x_0 = (1, \delta)$, $\delta = 10^{-4}$. After how many steps does the iterate first satisfy
$|x_2| \ge r = 0.3$? Give the smallest such step count $k$ (a whole number; $x_0$ is step
0).""", _escape_steps, concepts=("P6",), setup=SETUP9, exact=True,
        correct_note="After 70 steps |x2| = δ(1 + εb)⁷⁰ ≈ 0.279 is still below r; after 71 "
                     "it is ≈ 0.312. The count grows only like log(r/δ).",
        misconceptions=[
            M("Off by one: rounding down gives a k with δ(1 + εb)^k still below r. The "
              "smallest k with δ(1 + εb)^k ≥ r is the ceiling of log(r/δ)/log(1 + εb).",
              lambda: _steps_if(math.log1p(LR9 * B9), rounding=math.floor)),
            M("That is log(r/δ)/log(1 + εb) itself; steps come in whole numbers, and the "
              "first one at or beyond it is its ceiling.",
              lambda: _steps_if(math.log1p(LR9 * B9), rounding=float)),
            M("Off by one the other way: x0 is step 0, so the answer is the index of the first "
              "iterate with |x2| ≥ r, not the number of iterates up to it.",
              lambda: _escape_steps() + 1),
            M("A negative count: with the factor 1 - εb < 1 the logarithm is negative. Along "
              "x2 the curvature is -b, so the step x2 - ε(-b x2) multiplies x2 by 1 + εb.",
              lambda: _steps_if(math.log1p(-LR9 * B9))),
            M("1 - εb is the factor of a direction with positive curvature b, where the "
              "offset shrinks; along x2 the curvature is -b and the factor is 1 + εb.",
              lambda: _steps_if(abs(math.log1p(-LR9 * B9)))),
            M("The factor is 1 + εb, not εb: the step adds εb·x2 to x2, it does not replace "
              "x2 by εb·x2.", lambda: _steps_if(math.log(LR9 * B9))),
            M("log(1 + εb) ≈ εb holds only for small εb; with εb = 0.12 it miscounts by "
              "several steps: use log(1 + εb) itself.", lambda: _steps_if(LR9 * B9)),
            M("a is the curvature along x1, the stable direction, where the offset shrinks; "
              "the escape is along x2 and is set by b: use 1 + εb.",
              lambda: _steps_if(math.log1p(LR9 * A9))),
            M("A negative count: log(δ/r) < 0 because δ < r. Solve δ(1 + εb)^k ≥ r, which "
              "gives k ≥ log(r/δ)/log(1 + εb).",
              lambda: _steps_if(math.log1p(LR9 * B9), log_ratio=-LOG_RATIO9))],
        hints=["The gradient is (a x1, -b x2): one step multiplies x2 by 1 + εb, so "
               "x2 = δ(1 + εb)^k after k steps.",
               "Solve δ(1 + εb)^k ≥ r for the smallest whole k: take logarithms.",
               "k = ceil(log(r/δ)/log(1 + εb)); or run dlcalc.gradient_descent for a few "
               "hundred steps and find the first row with |x2| ≥ r."],
        solution="The gradient is (a x1, -b x2), so each step multiplies x1 by 1 - εa = 0.2 "
                 "and x2 by 1 + εb = 1.12: x2 = δ·1.12^k. It reaches r when "
                 "k ≥ log(r/δ)/log(1.12) = log(3000)/log(1.12) ≈ 70.65, so k = 71 (after 70 "
                 "steps x2 ≈ 0.279 < 0.3). Running dlcalc.gradient_descent from (1, δ) and "
                 "taking the first iterate with |x2| ≥ r gives the same count.")
