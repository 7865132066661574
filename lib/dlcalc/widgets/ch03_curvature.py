"""Chapter 3 demos: the Hessian and curvature.

* ``hessian_direction``: rotate a unit direction ``d`` on a 2-D quadratic form with chosen
  eigenvalues; ``dᵀHd`` is the weighted average of the eigenvalues with weights ``cos²`` of the
  angles between ``d`` and the eigenvectors (``dlcalc.eigen_weights``).
* ``curvature_step``: one gradient step of size ``eps`` on ``f(x) = x + c x²/2`` (slope 1,
  curvature ``c``): the value drops by exactly ``eps`` when ``c = 0``, by more when ``c < 0``, by
  less when ``c > 0`` (the notes' three-panel figure, made continuous).
* ``osculating_circle``: the circle that best fits a plane curve at a point, of radius ``1/K``
  with ``K = |y''| / (1 + y'²)^(3/2)`` (``dlcalc.plane_curve_curvature``).

Each ``compute`` is pure and calls the library; ``draw`` only draws its result.
"""

import functools
from types import SimpleNamespace

import ipywidgets as widgets
import numpy as np

import dlcalc
from dlcalc.widgets import Demo, register
from dlcalc.widgets._base import slider

_BLUE, _ORANGE, _GREEN, _RED, _GREY = "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#777777"


def _rotation(degrees):
    t = np.deg2rad(degrees)
    return np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])


def _unit(degrees):
    t = np.deg2rad(degrees)
    return np.array([np.cos(t), np.sin(t)])


# -- (a) the directional second derivative as a weighted average of eigenvalues ---------------
_GRID = np.linspace(-1.6, 1.6, 61)
_CURVE_ANGLES = np.linspace(0.0, 180.0, 73)


@register("hessian_direction")
class HessianDirection(Demo):
    """Directional second derivative ``dᵀHd`` of ``H = Q diag(λa, λb) Qᵀ`` as ``d`` turns."""

    title = "Directional second derivative dᵀHd as a weighted average of eigenvalues"
    main = "angle"
    figsize = (10.5, 3.5)

    def make_controls(self):
        return {
            "angle": slider(60.0, 0.0, 180.0, 7.5, "angle of d (°)"),
            "lam_a": slider(1.0, -2.0, 4.0, 0.25, "eigenvalue λa"),
            "lam_b": slider(3.0, -2.0, 4.0, 0.25, "eigenvalue λb"),
            "tilt": slider(20.0, 0.0, 90.0, 5.0, "tilt of va (°)"),
        }

    def compute(self, angle, lam_a, lam_b, tilt):
        """Return H, d, the eigenvectors va, vb (columns of the rotation Q that built H), the
        distinct eigenvalues and their weights from ``dlcalc.eigen_weights``, ``dᵀHd`` from
        ``dlcalc.directional_second_derivative`` and that quantity over all angles."""
        Q = _rotation(tilt)
        H = Q @ np.diag([lam_a, lam_b]) @ Q.T
        H = 0.5 * (H + H.T)  # exactly symmetric in floating point
        d = _unit(angle)
        eigenvalues, weights = dlcalc.eigen_weights(H, d)
        dHd = dlcalc.directional_second_derivative(H, d)
        curve = np.array(
            [dlcalc.directional_second_derivative(H, _unit(a)) for a in _CURVE_ANGLES]
        )
        return SimpleNamespace(
            H=H, d=d, Q=Q, lams=np.array([lam_a, lam_b]), eigenvalues=np.asarray(eigenvalues),
            weights=np.asarray(weights), dHd=float(dHd), angles=_CURVE_ANGLES, curve=curve,
        )

    def draw(self, fig, r, **params):
        ax1, ax2, ax3 = fig.subplots(1, 3, width_ratios=[1.0, 1.15, 1.25])
        X, Y = np.meshgrid(_GRID, _GRID)
        Z = 0.5 * (r.H[0, 0] * X**2 + 2 * r.H[0, 1] * X * Y + r.H[1, 1] * Y**2)
        ax1.contour(X, Y, Z, levels=np.linspace(-4.0, 4.0, 17), cmap="RdBu_r", linewidths=0.8)
        for i, color in ((0, _GREEN), (1, _ORANGE)):
            q = 1.3 * r.Q[:, i]
            ax1.plot([-q[0], q[0]], [-q[1], q[1]], color=color, lw=1.5,
                     label=f"v{'ab'[i]} (λ{'ab'[i]} = {r.lams[i]:.2f})")
        ax1.arrow(0.0, 0.0, r.d[0], r.d[1], color="black", lw=2)
        ax1.text(1.12 * r.d[0], 1.12 * r.d[1], "d", fontsize=12, ha="center", va="center")
        ax1.set(aspect="equal", xlim=(-1.6, 1.6), ylim=(-1.6, 1.6), xlabel="x1", ylabel="x2",
                title="contours of ½xᵀHx, eigenvectors, d")
        ax1.legend(loc="lower left", fontsize=7, framealpha=0.9)

        bars = ax2.bar(r.eigenvalues, r.weights, width=0.25, color=_BLUE, label="weight (cos²)")
        ax2.bar_label(bars, fmt="{:.2f}")
        ax2.plot([r.dHd], [0.0], marker="^", ms=14, color=_RED, clip_on=False,
                 label=f"dᵀHd = {r.dHd:.2f}")
        ax2.axhline(0.0, color="black", lw=0.8)
        ax2.set(xlim=(-2.5, 4.5), ylim=(0.0, 1.4), xlabel="eigenvalue λ", ylabel="weight",
                title="weights; dᵀHd is their balance point")
        ax2.set_yticks([0.0, 0.25, 0.5, 0.75, 1.0])
        ax2.legend(loc="upper left", fontsize=7)  # above the bars: weights are at most 1

        # λmax above its line and λmin below its own: the curve lies between them
        lo, hi = r.eigenvalues.min(), r.eigenvalues.max()
        ax3.plot(r.angles, r.curve, color=_BLUE, lw=1.5)
        for lam, color, va, name in ((hi, _ORANGE, "bottom", "max"), (lo, _GREEN, "top", "min")):
            ax3.axhline(lam, color=color, ls="--", lw=1)
            ax3.text(176, lam + (0.08 if va == "bottom" else -0.08), f"λ{name} = {lam:.2f}",
                     ha="right", va=va, fontsize=8, color=color)
        ax3.plot([params["angle"]], [r.dHd], "o", color=_RED)
        ax3.set(xlim=(0, 180), ylim=(-2.7, 4.7), xlabel="angle of d (degrees); dot: d",
                ylabel="dᵀHd", title="dᵀHd over all directions")

    def describe(self, r, **params):
        parts = ", ".join(
            f"weight {w:.2f} on eigenvalue {lam:.2f}"
            for lam, w in zip(r.eigenvalues, r.weights, strict=True)
        )
        return (
            f"Direction d at {params['angle']:.1f} degrees on a quadratic form with eigenvalues "
            f"{r.lams[0]:.2f} and {r.lams[1]:.2f}: {parts}; the weighted average d^T H d = "
            f"{r.dHd:.2f} lies between the smallest and largest eigenvalue."
        )


# -- (b) curvature changes what a gradient step buys ------------------------------------------
_X = np.linspace(-1.3, 0.4, 120)


def _step_function(c):
    """Return ``f(x) = x + c x²/2`` (slope 1 and second derivative ``c`` at 0) on ``(1,)``."""

    def f(x):
        return x[0] + 0.5 * c * x[0] ** 2

    return f


@register("curvature_step")
class CurvatureStep(Demo):
    """A gradient step of size ``eps`` on ``f(x) = x + c x²/2`` from ``x0 = 0``."""

    title = "How curvature changes the drop of one gradient step (slope 1 at x0 = 0)"
    main = "curvature"
    figsize = (9.0, 3.5)

    def make_controls(self):
        return {
            "curvature": slider(1.0, -2.0, 2.0, 0.25, "curvature f''(x0)"),
            "eps": slider(0.6, 0.1, 1.0, 0.05, "step ε"),
        }

    def compute(self, curvature, eps):
        """Return the gradient ``g`` and Hessian ``H`` at 0 (``dlcalc.grad``/``hessian``), the
        predicted terms of ``dlcalc.taylor_step_terms`` and the actual change
        ``f(x0 - eps g) - f(x0)``."""
        f = _step_function(curvature)
        x0 = np.zeros(1)
        g = dlcalc.grad(f)(x0)
        H = dlcalc.hessian(f)(x0)
        slope_term, curvature_term = dlcalc.taylor_step_terms(g, H, eps)
        x1 = x0 - eps * g
        actual_change = float(f(x1) - f(x0))
        return SimpleNamespace(
            f=f, x0=x0, g=g, H=H, eps=eps, x1=x1, slope_term=float(slope_term),
            curvature_term=float(curvature_term), linear_drop=-float(slope_term),
            actual_drop=-actual_change, f0=float(f(x0)), f1=float(f(x1)),
        )

    @staticmethod
    def regime(curvature):
        if curvature < 0:
            return "negative curvature: drops by more than ε"
        if curvature > 0:
            return "positive curvature: drops by less than ε"
        return "zero curvature: drops by exactly ε"

    def draw(self, fig, r, curvature, eps):
        ax1, ax2 = fig.subplots(1, 2, width_ratios=[1.6, 1.0])
        ax1.plot(_X, _X + 0.5 * curvature * _X**2, color=_BLUE, lw=2,
                 label=f"f(x) = x + ({curvature:g}/2) x²")
        ax1.plot(_X, r.f0 + r.g[0] * (_X - r.x0[0]), color=_GREY, ls="--", lw=1.2,
                 label="slope-only prediction")
        ax1.plot([r.x0[0]], [r.f0], "o", color="black")
        ax1.plot([r.x1[0]], [r.f0 - r.linear_drop], "o", mfc="white", color=_GREY)
        ax1.plot([r.x1[0]], [r.f1], "o", color=_RED, label="after the step")  # on top if c = 0
        ax1.arrow(r.x1[0], r.f0, 0.0, r.f1 - r.f0, color=_RED, lw=1.5)
        ax1.axhline(r.f0, color="black", lw=0.5)
        ax1.set(xlim=(_X[0], _X[-1]), ylim=(-2.2, 0.8), xlabel="x", ylabel="f(x)",
                title=self.regime(curvature))
        ax1.legend(loc="upper left", fontsize=7)

        bars = ax2.bar(["predicted by slope\n(ε g²)", "actual drop"],
                       [r.linear_drop, r.actual_drop], color=[_GREY, _RED])
        ax2.bar_label(bars, fmt="{:.3f}", fontsize=9)
        ax2.set(ylim=(0.0, 2.2), ylabel="decrease of f",
                title=f"ε = {eps:.2f}: actual = ε − ½ f'' ε²")

    def describe(self, r, curvature, eps):
        return (
            f"Gradient step of size {eps:.2f} on f(x) = x + ({curvature:g}/2) x^2 from x0 = 0: "
            f"the slope predicts a drop of {r.linear_drop:.3f}, the actual drop is "
            f"{r.actual_drop:.3f} ({self.regime(curvature)})."
        )


# -- (c) the osculating circle ----------------------------------------------------------------
CURVES = {
    "y = x²/2": lambda x: 0.5 * x[0] ** 2,
    "y = sin(2x)": lambda x: np.sin(2.0 * x[0]),
    "y = x⁴/4 − x²/2": lambda x: 0.25 * x[0] ** 4 - 0.5 * x[0] ** 2,
}
_XC = np.linspace(-2.0, 2.0, 161)


@functools.lru_cache(maxsize=None)
def _curve_profile(name):
    """Values, ``|y''|`` and ``K`` of a curve on a coarse grid (for the right panel)."""
    f = CURVES[name]
    xs = np.linspace(-2.0, 2.0, 121)
    second = np.array([abs(dlcalc.hessian(f)(x)[0, 0]) for x in xs])
    kappa = np.array([dlcalc.plane_curve_curvature(f, x) for x in xs])
    y = np.array([f(np.array([x])) for x in _XC])
    return y, xs, second, kappa


@register("osculating_circle")
class OsculatingCircle(Demo):
    """Osculating circle of a plane curve; compares the curvature ``K`` with ``|y''|``."""

    title = "Osculating circle: curvature K = |y''| / (1 + y'²)^(3/2) versus |y''|"
    main = "x"
    figsize = (9.5, 3.8)

    def make_controls(self):
        return {
            "x": slider(0.5, -2.0, 2.0, 1.0 / 6.0, "point x"),
            "curve": widgets.Dropdown(options=list(CURVES), value="y = x²/2",
                                      description="curve"),
        }

    def compute(self, x, curve):
        f = CURVES[curve]
        point = np.array([x])
        center, radius, slope, second = dlcalc.osculating_circle(f, point)
        kappa = float(dlcalc.plane_curve_curvature(f, point))
        return SimpleNamespace(
            f=f, x=float(x), y=float(f(point)), slope=slope, second=second, kappa=kappa,
            center=center, radius=radius,
        )

    def draw(self, fig, r, x, curve):
        y, xs, second, kappa = _curve_profile(curve)
        ax1, ax2 = fig.subplots(1, 2)
        ax1.plot(_XC, y, color=_BLUE, lw=2, label=curve)
        if r.center is not None:
            t = np.linspace(0, 2 * np.pi, 200)
            ax1.plot(r.center[0] + r.radius * np.cos(t), r.center[1] + r.radius * np.sin(t),
                     color=_ORANGE, lw=1.2, label=f"osculating circle, R = {r.radius:.2f}")
            ax1.plot(*r.center, "+", color=_ORANGE)
        ax1.plot(_XC, r.y + r.slope * (_XC - r.x), color=_GREY, ls="--", lw=1, label="tangent")
        ax1.plot([r.x], [r.y], "o", color=_RED)
        ax1.set(aspect="equal", xlim=(-2.2, 2.2), ylim=(-1.6, 2.4), xlabel="x", ylabel="y",
                title=f"slope y' = {r.slope:.2f}")
        ax1.legend(loc="below", ncol=2 if r.center is None else 3, fontsize=7)

        ax2.plot(xs, second, color=_GREY, ls="--", lw=1.5, label="|y''|")
        ax2.plot(xs, kappa, color=_ORANGE, lw=2, label="K (curvature)")
        ax2.plot([r.x], [r.kappa], "o", color=_RED)
        ax2.set(xlim=(-2.0, 2.0), ylim=(0.0, max(2.2, 1.3 * second.max())), xlabel="x",
                ylabel="curvature", title=f"K = {r.kappa:.3f}, |y''| = {abs(r.second):.3f}")
        ax2.legend(loc="upper right", fontsize=7)

    def describe(self, r, x, curve):
        circle = (f"an osculating circle of radius {r.radius:.2f}" if r.center is not None
                  else "no osculating circle (zero curvature, the tangent is the best fit)")
        return (
            f"The curve {curve} at x = {r.x:.2f} with slope {r.slope:.2f}: curvature "
            f"K = {r.kappa:.3f} against |y''| = {abs(r.second):.3f}, {circle}."
        )
