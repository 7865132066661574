"""dlcalc: the verified library behind the book *Curvature*.

Shape conventions (stated once, used everywhere)
------------------------------------------------
* A point ``x`` is a 1-D ``float64`` array of shape ``(n,)``. Lists are converted and a scalar
  is promoted to shape ``(1,)``.
* Vectors are columns in the math and 1-D arrays in code.
* A scalar function ``f: R^n -> R`` returns a Python/NumPy scalar. Its gradient has shape
  ``(n,)`` and its Hessian ``(n, n)`` with ``H[i, j] = d^2 f / dx_i dx_j``.
* A vector function ``f: R^n -> R^m`` returns shape ``(m,)``; its Jacobian has shape
  ``(m, n)`` with ``J[i, j] = d f_i / d x_j``: row ``i`` is the gradient of output ``i``.
* ``jvp(f, x, v)`` returns ``(f(x), J @ v)``; ``vjp(f, x)`` returns ``(f(x), u -> u @ J)``;
  ``hvp(f, x, v)`` returns ``H @ v`` without forming ``H``.
* Input checks run at the outermost call only; bad input raises ``ValueError`` or
  ``TypeError`` whose message names the argument and what was expected.

Modules
-------
* The math (numpy and sympy only; the names marked in the reference are also importable from
  here): :mod:`dlcalc.finite_diff`, :mod:`dlcalc.autodiff` (derivatives);
  :mod:`dlcalc.chain`, :mod:`dlcalc.nets`, :mod:`dlcalc.backprop`, :mod:`dlcalc.cost`
  (Jacobian chains, small networks, backpropagation and its measured cost);
  :mod:`dlcalc.taylor`; :mod:`dlcalc.curvature`; :mod:`dlcalc.stepsize`,
  :mod:`dlcalc.linesearch`, :mod:`dlcalc.momentum` (step sizes and the iterations they govern);
  :mod:`dlcalc.critical`.
* Chapter 6's experiment: :mod:`dlcalc.eos`.
* Built on the math and never imported by it: :mod:`dlcalc.widgets` (the demos; the
  ``[widgets]`` extra), :mod:`dlcalc.exercises` (self-checks), and the grading commands
  :mod:`dlcalc.grade`, :mod:`dlcalc.autograder`, :mod:`dlcalc.release` (with
  :mod:`dlcalc.canvas`; the ``[grading]`` extra).
"""

from dlcalc.autodiff import grad, hessian, hvp, jacobian, jvp, vjp
from dlcalc.critical import classify, classify_critical_point, critical_points
from dlcalc.curvature import (
    directional_second_derivative,
    eigen_weights,
    hessian_eigen,
    osculating_circle,
    plane_curve_curvature,
    power_iteration,
    principal_curvatures,
    rayleigh_quotient,
    shape_operator,
    top_eigenpairs,
    top_eigenvalues,
)
from dlcalc.finite_diff import gradient_fd, hessian_fd, jacobian_fd
from dlcalc.stepsize import (
    backtracking,
    best_fixed_step,
    condition_number,
    gd_rate,
    gradient_descent,
    heavy_ball,
    heavy_ball_rate,
    max_decreasing_step,
    max_stable_lr,
    newton,
    optimal_momentum,
    optimal_step,
    taylor_step_terms,
)
from dlcalc.taylor import loglog_slope, quadratic_model, taylor_polynomial

__version__ = "0.1.0"

__all__ = [
    "backtracking",
    "best_fixed_step",
    "classify",
    "classify_critical_point",
    "condition_number",
    "critical_points",
    "directional_second_derivative",
    "eigen_weights",
    "gd_rate",
    "grad",
    "gradient_descent",
    "gradient_fd",
    "hessian",
    "hessian_eigen",
    "hessian_fd",
    "heavy_ball",
    "heavy_ball_rate",
    "hvp",
    "jacobian",
    "jacobian_fd",
    "jvp",
    "loglog_slope",
    "max_decreasing_step",
    "max_stable_lr",
    "newton",
    "optimal_momentum",
    "optimal_step",
    "osculating_circle",
    "plane_curve_curvature",
    "principal_curvatures",
    "quadratic_model",
    "power_iteration",
    "rayleigh_quotient",
    "shape_operator",
    "taylor_polynomial",
    "taylor_step_terms",
    "top_eigenpairs",
    "top_eigenvalues",
    "vjp",
]
