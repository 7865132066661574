"""Chapter 5 demos: critical points.

* ``"critical_points"``: pick a function of two variables (the main dropdown); every real
  critical point is found exactly (:func:`dlcalc.critical_points`), classified from its
  Hessian's eigenvalues, and drawn over the contours with one marker per kind.
* ``"saddle_escape"``: gradient descent and Newton's method started near the saddle of
  ``f(x) = x1^2 + x2^4/4 - x2^2/2``; the start's offset from the saddle's stable line
  ``x2 = 0`` is the main slider. GD leaves the saddle for a minimum; Newton is drawn to it.
"""

import functools
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
import sympy

import dlcalc
from dlcalc.widgets import Demo, register
from dlcalc.widgets._base import slider

x1, x2 = sympy.symbols("x1 x2", real=True)
SYMBOLS = (x1, x2)

FUNCTIONS = {
    "x1² − x2² (saddle)": x1**2 - x2**2,
    "(x1² − 1)² + x2² (double well)": (x1**2 - 1) ** 2 + x2**2,
    "x1³ − 3x1 − x2²": x1**3 - 3 * x1 - x2**2,
    "x1³ + x2³ − 3x1x2": x1**3 + x2**3 - 3 * x1 * x2,
    "x1⁴ + x2⁴ − 4x1x2": x1**4 + x2**4 - 4 * x1 * x2,
    "(x1² − 1)² + (x2² − 1)² (egg crate)": (x1**2 - 1) ** 2 + (x2**2 - 1) ** 2,
    "x1² + x2⁴ (flat along x2)": x1**2 + x2**4,
    "x1³ − 3x1x2² (monkey saddle)": x1**3 - 3 * x1 * x2**2,
}

KIND_STYLE = {
    "minimum": ("o", "C2"),
    "maximum": ("^", "C3"),
    "saddle": ("X", "C1"),
    "inconclusive": ("s", "C4"),
}


def numeric(expr):
    """Return ``f(x)`` for a point ``x`` of shape ``(2,)`` (traceable by autodiff) and for a
    grid of shape ``(2, ...)``."""
    fl = sympy.lambdify(SYMBOLS, expr, "numpy")
    return lambda x: fl(x[0], x[1])


@functools.lru_cache(maxsize=None)
def analyse(name):
    """Return ``(f, points, kinds, eigenvalues)`` for the function ``name``: the critical points
    ``(k, 2)`` and kinds from :func:`dlcalc.critical_points`, and each Hessian's eigenvalues
    ``(k, 2)`` (ascending) from :func:`dlcalc.hessian`. Cached: SymPy solves once per function."""
    expr = FUNCTIONS[name]
    f = numeric(expr)
    found = dlcalc.critical_points(expr, SYMBOLS)
    points = np.array([[float(c) for c in p] for p, _ in found], dtype=float).reshape(-1, 2)
    kinds = [kind for _, kind in found]
    hess = dlcalc.hessian(f)
    eig = np.array([np.linalg.eigvalsh(hess(p)) for p in points]).reshape(-1, 2)
    return f, points, kinds, eig


@dataclass
class CriticalResult:
    name: str
    points: np.ndarray  # (k, 2)
    kinds: list
    eigenvalues: np.ndarray  # (k, 2)
    radius: float
    grid: tuple  # (X1, X2, F)


@functools.lru_cache(maxsize=64)
def _grid(name, radius):
    f = analyse(name)[0]
    t = np.linspace(-radius, radius, 101)
    X1, X2 = np.meshgrid(t, t)
    return X1, X2, f(np.stack([X1, X2]))


@register("critical_points")
class CriticalPointsDemo(Demo):
    """Find and classify the critical points of a function of two variables."""

    title = "Critical points and the Hessian's eigenvalues"
    main = "function"
    figsize = (10.0, 4.0)

    def make_controls(self):
        return {
            "function": widgets.Dropdown(options=list(FUNCTIONS), value=list(FUNCTIONS)[0],
                                         description="f"),
            "radius": slider(2.0, 1.5, 3.0, 0.25, "view ±"),
        }

    def compute(self, function=None, radius=2.0):
        name = function if function is not None else list(FUNCTIONS)[0]
        _, points, kinds, eig = analyse(name)
        return CriticalResult(name=name, points=points, kinds=kinds, eigenvalues=eig,
                              radius=float(radius), grid=_grid(name, float(radius)))

    def draw(self, fig, r, **params):
        ax1, ax2 = fig.subplots(1, 2, width_ratios=[2, 3], wspace=0.03)  # ax1 about square
        X1, X2, F = r.grid
        lo, hi = np.percentile(F, [1, 99])
        ax1.contour(X1, X2, F, levels=np.linspace(lo, hi, 15), cmap="viridis", linewidths=0.8)
        for (p, kind) in zip(r.points, r.kinds, strict=True):
            m, c = KIND_STYLE[kind]
            ax1.plot(*p, m, color=c, ms=10, mec="k")
        for kind, (m, c) in KIND_STYLE.items():
            ax1.plot([], [], m, color=c, mec="k", label=kind)
        ax1.legend(fontsize=7, framealpha=0.9)  # "best": away from the critical points
        ax1.set(xlim=(-r.radius, r.radius), ylim=(-r.radius, r.radius), aspect="equal",
                xlabel="x₁", ylabel="x₂", title=f"f = {r.name}")

        k = len(r.kinds)
        for i, (lam, kind) in enumerate(zip(r.eigenvalues, r.kinds, strict=True)):
            m, c = KIND_STYLE[kind]
            ax2.plot(lam, [i, i], m, color=c, mec="k", ms=8)
        ax2.axvline(0, color="0.3", lw=0.8)
        lo, hi = min(r.eigenvalues.min(), 0.0), max(r.eigenvalues.max(), 0.0)
        pad = 0.08 * (hi - lo) or 1.0  # markers clear of the frame
        ax2.set_yticks(range(k), [f"({p[0]:.2g}, {p[1]:.2g})" for p in r.points])
        ax2.set(xlim=(lo - pad, hi + pad), ylim=(-0.7, k - 0.3), xlabel="Hessian eigenvalues λ",
                ylabel="critical point", title="eigenvalue signs decide the kind")
        ax2.grid(alpha=0.3)

    def describe(self, r, **params):
        parts = [f"({p[0]:.3g}, {p[1]:.3g}) {kind}" for p, kind in zip(r.points, r.kinds,
                                                                      strict=True)]
        return f"Contours of f = {r.name} with its critical points: " + "; ".join(parts) + "."


SADDLE_EXPR = x1**2 + x2**4 / 4 - x2**2 / 2
saddle_f = numeric(SADDLE_EXPR)


@functools.lru_cache(maxsize=1)
def saddle_landscape():
    """Return ``(grad_fn, hess_fn, critical)`` for ``x1^2 + x2^4/4 - x2^2/2``: ``critical`` is
    ``[(point (2,), kind), ...]`` from :func:`dlcalc.critical_points`."""
    crit = [(np.array([float(c) for c in p]), kind)
            for p, kind in dlcalc.critical_points(SADDLE_EXPR, SYMBOLS)]
    return dlcalc.grad(saddle_f), dlcalc.hessian(saddle_f), crit


def nearest_critical(x, critical, tol=1e-3):
    """Return the kind of the critical point within ``tol`` of ``x``, else ``"none"``."""
    for p, kind in critical:
        if np.all(np.isfinite(x)) and np.linalg.norm(x - p) < tol:
            return kind
    return "none"


@dataclass
class SaddleResult:
    x0: np.ndarray
    gd: np.ndarray  # (steps + 1, 2)
    newton: np.ndarray  # (steps + 1, 2)
    gd_end: str  # kind of the critical point GD ends at ("none" if it ends at none)
    newton_end: str


@register("saddle_escape")
class SaddleEscapeDemo(Demo):
    """Gradient descent leaves a saddle; Newton's method is drawn to it."""

    title = "Near a saddle: gradient descent against Newton's method"
    main = "offset"
    figsize = (10.0, 3.8)

    def make_controls(self):
        return {
            "offset": slider(0.1, -0.6, 0.6, 0.05, "start x2"),
            "lr": slider(0.25, 0.1, 0.45, 0.05, "GD lr"),
            "steps": slider(40, 10, 60, 5, "steps", integer=True),
        }

    def compute(self, offset=0.1, lr=0.25, steps=40):
        grad_fn, hess_fn, crit = saddle_landscape()
        x0 = np.array([1.5, float(offset)])
        gd = dlcalc.gradient_descent(grad_fn, x0, float(lr), int(steps))
        nt = dlcalc.newton(grad_fn, hess_fn, x0, int(steps))
        return SaddleResult(x0=x0, gd=gd, newton=nt, gd_end=nearest_critical(gd[-1], crit),
                            newton_end=nearest_critical(nt[-1], crit))

    def draw(self, fig, r, **params):
        ax1, ax2 = fig.subplots(1, 2, width_ratios=[2, 3], wspace=0.02)  # ax1 fits its view
        t1, t2 = np.linspace(-1.8, 1.8, 91), np.linspace(-1.6, 1.6, 81)
        X1, X2 = np.meshgrid(t1, t2)
        ax1.contour(X1, X2, saddle_f(np.stack([X1, X2])), levels=np.linspace(-0.2, 3.2, 18),
                    colors="0.65", linewidths=0.7)
        ax1.plot(r.gd[:, 0], r.gd[:, 1], ".-", color="C0", ms=3, lw=1, label="gradient descent")
        ax1.plot(r.newton[:, 0], r.newton[:, 1], "s--", color="C3", ms=3, lw=1, label="Newton")
        for p, kind in saddle_landscape()[2]:
            m, c = KIND_STYLE[kind]
            ax1.plot(*p, m, color=c, mec="k", ms=9)
        ax1.plot(*r.x0, "k*", ms=9, label="start")
        ax1.set(xlim=(-1.8, 1.8), ylim=(-1.6, 1.6), aspect="equal", xlabel="x₁",
                ylabel="x₂", title="f = x₁² + x₂⁴/4 − x₂²/2")
        ax1.legend(fontsize=7, loc="lower left")

        k = np.arange(len(r.gd))
        for traj, lab, fmt, c in [(r.gd, "gradient descent", ".-", "C0"),
                                  (r.newton, "Newton", "s--", "C3")]:
            d = np.linalg.norm(traj, axis=1)
            ok = np.isfinite(d) & (d > 0)
            ax2.semilogy(k[ok], d[ok], fmt, color=c, ms=3, lw=1, label=lab)
        ax2.set_yticks(10.0 ** np.arange(-15, 1, 3))
        ax2.set(xlabel="iteration k", ylabel="distance to the saddle (0, 0)",
                ylim=(1e-17, 1e2), title=f"GD ends: {r.gd_end}; Newton ends: {r.newton_end}")
        ax2.legend(fontsize=7, loc="lower right")
        ax2.grid(alpha=0.3)

    def describe(self, r, **params):
        return (f"From ({r.x0[0]:.2g}, {r.x0[1]:.2g}) gradient descent ends at a critical point "
                f"of kind '{r.gd_end}' and Newton's method at one of kind '{r.newton_end}' "
                "(saddle at the origin, minima at (0, ±1)).")
