"""Chapter 1, question 8: the radius of convergence of 1/(1 + x^2) about x0 = 2 (T1, optional
depth). The reference is read off dlcalc's Taylor coefficients; the misconceptions are the
usual wrong distances."""

import math

import sympy as sp

import dlcalc
from dlcalc.exercises._core import Misconception as M
from dlcalc.exercises._numeric import NumericQuestion

x = sp.Symbol("x")
G8, X8 = 1 / (1 + x**2), 2


def _radius8(x0=X8):
    """Return the radius of convergence of G8's Taylor series about x0, read off exactly from
    dlcalc's coefficients c_0..c_3. G8 has two conjugate poles p, conj(p), so the coefficients
    obey c_(k+2) = s c_(k+1) + t c_k with characteristic roots 1/(p - x0) and 1/(conj(p) - x0):
    -t is their product, 1/|p - x0|^2 = 1/rho^2 (the root test's limit is 1/rho)."""
    u, s, t = sp.symbols("u s t")
    p = sp.expand(dlcalc.taylor_polynomial(G8, x, x0, 3).subs(x, x0 + u))
    c = [p.coeff(u, k) for k in range(4)]
    rec = sp.solve([c[1] * s + c[0] * t - c[2], c[2] * s + c[1] * t - c[3]], [s, t], dict=True)
    return float(sp.sqrt(-1 / rec[0][t]))


RADIUS_QUESTION = NumericQuestion(
        "The radius about another centre", r"""The Taylor series of $g(x) = 1/(1+x^2)$ about
$x_0 = 0$ converges only for $|x| < 1$, although $g$ and all its derivatives are finite on the
whole real line. What is the radius of convergence of the Taylor series of $g$ about
$x_0 = 2$? Give a number, to at least four significant figures.""", _radius8,
        sig=4, concepts=("T1",),
        correct_note="ρ(x0) = |x0 - i| = √(1 + x0²): the poles at ±i, off the real line, set "
                     "the radius about every real centre.",
        misconceptions=[
            M("1 is the radius about x0 = 0. The radius depends on the centre: it is the "
              "distance from the centre to the nearest singularity of g, here from 2 to ±i.",
              lambda: _radius8(0)),
            M("2 is the distance from x0 to 0, but nothing goes wrong at 0 (g is smooth "
              "there): the series stops at the nearest pole, and the poles are at ±i.",
              lambda: float(X8)),
            M("5 = 1 + x0² is the squared distance |2 - i|²: take its square root.",
              lambda: _radius8() ** 2),
            M("3 = 2 + 1 adds the distance from 0 to 2 and the distance from 0 to the pole i, "
              "but the two are at right angles in the complex plane: by Pythagoras the "
              "distance from 2 to i is √(2² + 1²).", lambda: X8 + _radius8(0)),
            M("g is smooth on the whole real line, but that does not make the radius "
              "infinite: the poles at ±i, off the real line, limit the disc of convergence.",
              lambda: math.inf),
            M("That is 1/ρ, the root test's limsup |c_k|^(1/k); the radius is its reciprocal.",
              lambda: 1 / _radius8())],
        hints=["Let x be a complex number z: where is 1 + z² = 0?",
               "The series about x0 converges in the largest disc |z - x0| < ρ of the complex "
               "plane that contains no pole of g.",
               "ρ = |2 - i|: the distance from the point 2 to the point (0, 1) of the plane."],
        solution="In the complex plane g = 1/(1 + z²) has poles at z = ±i, and a power series "
                 "about x0 converges in the largest disc around x0 that avoids them. From "
                 "x0 = 2 both poles are at distance |2 - i| = √(2² + 1²) = √5 ≈ 2.236, so "
                 "ρ = √5 (about 0 the same rule gives 1). The Taylor coefficients from "
                 "dlcalc.taylor_polynomial carry the same number: their root test gives "
                 "1/ρ = 1/√5.")
