"""Chapter 4 demos: the learning rate seen through the Hessian.

* ``"learning_rate"``: gradient descent on a 2-D quadratic ``f(x) = 1/2 x^T H x`` with
  ``lambda_max = 1`` and a chosen condition number; the step ``lr`` is the main slider. Panels:
  the trajectory over the contours, the loss on a log scale, and the contraction factor
  ``gd_rate(H, lr)`` against ``lr`` with marks at ``1/lambda_max``, ``2/(lambda_min +
  lambda_max)`` and ``2/lambda_max``.
* ``"predicted_vs_actual"``: one gradient step on the Rosenbrock function; the step is given as
  a multiple of the model's best step ``eps* = g^T g / g^T H g``. The quadratic model's
  prediction ``f0 - eps g^T g + 1/2 eps^2 g^T H g`` is drawn against the actual ``f`` along
  ``-g``.
"""

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

import dlcalc
from dlcalc.stepsize import best_fixed_step, gd_rate
from dlcalc.widgets import Demo, register
from dlcalc.widgets._base import slider

THETA = np.pi / 6  # the top eigenvector makes 30 degrees with the x1 axis
X0 = np.array([-2.2, 1.6])  # start of every run of the learning-rate demo


def quadratic_hessian(kappa, theta=THETA):
    """Return the ``(2, 2)`` Hessian with eigenvalues ``1`` and ``1/kappa``, its top
    eigenvector at angle ``theta`` to the x1 axis."""
    c, s = np.cos(theta), np.sin(theta)
    R = np.array([[c, -s], [s, c]])
    return R @ np.diag([1.0, 1.0 / kappa]) @ R.T


def quadratic(H):
    """Return ``f(x) = 1/2 x^T H x`` (traceable by :mod:`dlcalc.autodiff`)."""
    return lambda x: 0.5 * (x @ H @ x)


@dataclass
class LRResult:
    H: np.ndarray
    lr: float
    trajectory: np.ndarray  # (steps + 1, 2)
    losses: np.ndarray  # (steps + 1,)
    rate: float  # spectral radius of I - lr H
    lam_min: float
    lam_max: float
    max_stable: float  # 2 / lambda_max
    best_step: float  # 2 / (lambda_min + lambda_max)
    converges: bool


@register("learning_rate")
class LearningRateDemo(Demo):
    """Gradient descent on a 2-D quadratic: the learning rate against ``2 / lambda_max``."""

    title = "Gradient descent on a quadratic: the learning rate against the Hessian"
    main = "lr"
    figsize = (11.0, 3.5)

    def make_controls(self):
        return {
            "lr": slider(0.5, 0.1, 2.5, 0.1, "lr ε", readout_format=".2f"),
            "kappa": slider(10.0, 1.0, 20.0, 1.0, "κ = λmax/λmin"),
            "steps": slider(30, 5, 80, 5, "steps", integer=True),
        }

    def compute(self, lr=0.5, kappa=10.0, steps=30):
        H = quadratic_hessian(float(kappa))
        f = quadratic(H)
        traj = dlcalc.gradient_descent(dlcalc.grad(f), X0, float(lr), int(steps))
        losses = np.array([f(x) for x in traj])
        lam = np.linalg.eigvalsh(H)
        rate = gd_rate(H, float(lr))
        return LRResult(H=H, lr=float(lr), trajectory=traj, losses=losses, rate=rate,
                        lam_min=float(lam[0]), lam_max=float(lam[-1]),
                        max_stable=dlcalc.max_stable_lr(H), best_step=best_fixed_step(H),
                        converges=rate < 1.0)

    def draw(self, fig, r, **params):
        ax1, ax2, ax3 = fig.subplots(1, 3, wspace=0.03)
        t = np.linspace(-3, 3, 121)
        X1, X2 = np.meshgrid(t, t)
        F = 0.5 * (r.H[0, 0] * X1**2 + 2 * r.H[0, 1] * X1 * X2 + r.H[1, 1] * X2**2)
        ax1.contour(X1, X2, F, levels=np.geomspace(0.02, 6, 10), colors="0.6", linewidths=0.7)
        ax1.plot(r.trajectory[:, 0], r.trajectory[:, 1], "o-", color="C3", ms=2.5, lw=1)
        ax1.plot(*X0, "ks", ms=5)
        ax1.plot(0, 0, "*", color="C2", ms=10)
        ax1.set(xlim=(-3, 3), ylim=(-3, 3), aspect="equal", xlabel="x₁", ylabel="x₂",
                title=f"ε = {r.lr:.2f}: from ■ towards the minimum ★")

        k = np.arange(len(r.losses))
        ok = np.isfinite(r.losses) & (r.losses > 0)
        ax2.semilogy(k[ok], r.losses[ok], ".-", color="C3")  # narrow ranges: 1-2-5 ticks
        ax2.set(xlabel="iteration k", ylabel="loss f at step k (log scale)",
                title="converges" if r.converges else "diverges")
        ax2.grid(alpha=0.3)

        lrs = np.linspace(0.0, 2.6, 131)
        ax3.plot(lrs, [gd_rate(r.H, a) for a in lrs], color="C0")
        ax3.axhline(1.0, color="0.3", lw=0.8)
        marks = [(1 / r.lam_max, "1/λmax", "C1"), (r.best_step, "2/(λmin+λmax)", "C2"),
                 (r.max_stable, "2/λmax", "C3")]
        for i, (x, lab, c) in enumerate(marks):  # labels staggered: the marks can be close
            ax3.axvline(x, color=c, ls="--", lw=1)
            ax3.text(x - 0.03, 1.9 - 0.17 * i, f"{lab} = {x:.2f}", color=c, fontsize=7,
                     ha="right")
        ax3.plot(r.lr, r.rate, "o", color="k")
        ax3.set(xlabel="learning rate ε", ylabel="max |1 − ε λ|", ylim=(0, 2),
                title=f"contraction factor: {r.rate:.3f} per step")

    def describe(self, r, **params):
        verdict = "converges" if r.converges else "diverges"
        return (f"Gradient descent with learning rate {r.lr:.2f} on a quadratic with eigenvalues "
                f"{r.lam_min:.3g} and {r.lam_max:.3g}: the error shrinks by at most "
                f"{r.rate:.3f} per step, so the run {verdict} (2/λmax = {r.max_stable:.2f}).")


def rosenbrock(x):
    """Return the Rosenbrock function ``(1 - x1)^2 + 100 (x2 - x1^2)^2`` (also on a grid of
    shape ``(2, ...)``)."""
    return (1.0 - x[0]) ** 2 + 100.0 * (x[1] - x[0] ** 2) ** 2


START_POINTS = {"(0, 0)": (0.0, 0.0), "(-1, 1)": (-1.0, 1.0), "(1.2, 1.2)": (1.2, 1.2),
                "(0.5, 0.5)": (0.5, 0.5)}


@dataclass
class StepResult:
    x0: np.ndarray
    g: np.ndarray
    H: np.ndarray
    f0: float
    eps_star: float  # g^T g / g^T H g
    eps_max: float  # 2 g^T g / g^T H g
    eps: float
    slope_term: float
    curvature_term: float
    predicted: float  # f0 + slope_term + curvature_term
    actual: float  # f(x0 - eps g)
    ts: np.ndarray  # steps along -g for the curves
    model_curve: np.ndarray  # q(x0 - t g)
    actual_curve: np.ndarray  # f(x0 - t g)


@register("predicted_vs_actual")
class PredictedVsActualDemo(Demo):
    """One gradient step on Rosenbrock: the quadratic model's prediction against the truth."""

    title = "One gradient step: the quadratic model's prediction against the actual change"
    main = "ratio"
    figsize = (10.0, 3.6)

    def make_controls(self):
        return {
            "ratio": slider(1.0, 0.0, 2.4, 0.1, "ε / ε*"),
            "start": widgets.Dropdown(options=list(START_POINTS), value="(0, 0)",
                                      description="start x0"),
        }

    def compute(self, ratio=1.0, start="(0, 0)"):
        x0 = np.array(START_POINTS[start])
        q = dlcalc.quadratic_model(rosenbrock, x0)
        g, H = q.gradient, q.hessian
        eps_star = dlcalc.optimal_step(g, H)
        if not np.isfinite(eps_star):
            raise ValueError(f"start {start!r}: g^T H g <= 0, no finite best step")
        eps = float(ratio) * eps_star
        slope, curv = dlcalc.taylor_step_terms(g, H, eps)
        ts = np.linspace(0.0, 2.5 * eps_star, 101)
        ray = x0[None, :] - ts[:, None] * g[None, :]
        return StepResult(x0=x0, g=g, H=H, f0=q.value, eps_star=eps_star,
                          eps_max=dlcalc.max_decreasing_step(g, H), eps=eps,
                          slope_term=slope, curvature_term=curv, predicted=q.value + slope + curv,
                          actual=float(rosenbrock(x0 - eps * g)), ts=ts, model_curve=q(ray),
                          actual_curve=rosenbrock(ray.T))

    def draw(self, fig, r, **params):
        ax1, ax2 = fig.subplots(1, 2, width_ratios=[1.3, 1], wspace=0.02)
        ax1.plot(r.ts, r.actual_curve, color="C0", label="actual f(x₀ − εg)")
        ax1.plot(r.ts, r.model_curve, "--", color="C1", label="quadratic model")
        ax1.axhline(r.f0, color="0.5", lw=0.7)
        ax1.axvline(r.eps_star, color="C2", ls=":", lw=1.5, label=f"ε* = {r.eps_star:.3g}")
        ax1.axvline(r.eps_max, color="C3", ls=":", lw=1.5, label=f"2ε* = {r.eps_max:.3g}")
        ax1.plot([r.eps, r.eps], [r.predicted, r.actual], "k-", lw=0.8)
        ax1.plot(r.eps, r.actual, "o", color="C0")
        ax1.plot(r.eps, r.predicted, "s", color="C1")
        low = min(float(np.min(r.model_curve)), float(np.min(r.actual_curve)))
        span = r.f0 - low  # > 0: the model's decrease at ε*
        ax1.set(ylim=(low - 0.15 * span, r.f0 + 1.2 * span), xlabel="step ε along −g",
                ylabel="f", title=f"ε = {r.eps:.3g}: predicted {r.predicted:.5g}, "
                f"actual {r.actual:.5g}")
        ax1.legend(fontsize=7)

        c = r.x0 - r.ts[-1] * r.g
        lo = np.minimum(r.x0, c).min() - 0.5
        hi = np.maximum(r.x0, c).max() + 0.5
        t = np.linspace(lo, hi, 121)
        X1, X2 = np.meshgrid(t, t)
        ax2.contour(X1, X2, np.log1p(rosenbrock(np.stack([X1, X2]))), levels=12, colors="0.6",
                    linewidths=0.7)
        ax2.plot([r.x0[0], c[0]], [r.x0[1], c[1]], color="0.3", lw=0.8, label="ray x₀ − tg")
        x1 = r.x0 - r.eps * r.g
        ax2.plot(*r.x0, "ks", ms=5, label="x₀")
        ax2.plot(*x1, "o", color="C0", label="x₀ − εg")
        ax2.plot(1, 1, "*", color="C2", ms=10, label="minimum (1, 1)")
        ax2.set(xlim=(lo, hi), ylim=(lo, hi), aspect="equal", xlabel="x₁", ylabel="x₂",
                title="Rosenbrock contours (log scale)")
        ax2.legend(fontsize=7, loc="outside right")

    def describe(self, r, **params):
        return (f"Rosenbrock from x0 = ({r.x0[0]:g}, {r.x0[1]:g}): a gradient step of size "
                f"{r.eps:.3g} (model's best step {r.eps_star:.3g}); the quadratic model predicts "
                f"{r.predicted:.4g}, the actual value is {r.actual:.4g} (f(x0) = {r.f0:.4g}).")
