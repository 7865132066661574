"""Chapter 4 demo ``"momentum"``: gradient descent against the heavy ball on an ill-conditioned
2-D quadratic ``f(x) = 1/2 x^T H x`` with ``lambda_max = 1``, ``lambda_min = 1/kappa``.

Gradient descent runs with its best fixed step ``2 / (lambda_min + lambda_max)``; the heavy
ball ``x_{k+1} = x_k - eps grad f(x_k) + beta (x_k - x_{k-1})`` with the chosen ``eps`` and
``beta`` (the main slider). The defaults are the optimum for ``kappa = 49``:
``eps = 4 / (1 + 1/7)^2 = 3.0625`` and ``beta = (6/8)^2 = 0.5625``, rate ``0.75`` against
gradient descent's ``48/50 = 0.96``. Panels: both paths over the contours; both errors
``||x_k||`` on a log scale with the two asymptotic rates as reference slopes.
"""

from dataclasses import dataclass

import numpy as np

import dlcalc
from dlcalc.momentum import heavy_ball_rate, optimal_momentum
from dlcalc.stepsize import best_fixed_step, gd_rate
from dlcalc.widgets import Demo, register
from dlcalc.widgets._base import slider
from dlcalc.widgets.ch04_learning_rate import X0, quadratic_hessian  # the same start and H

STEPS = 60


@dataclass
class MomentumResult:
    H: np.ndarray  # (2, 2), eigenvalues 1/kappa and 1
    kappa: float
    lr: float  # heavy-ball step eps
    beta: float
    gd_lr: float  # 2 / (lambda_min + lambda_max)
    gd: np.ndarray  # (STEPS + 1, 2) gradient-descent path
    hb: np.ndarray  # (STEPS + 1, 2) heavy-ball path
    gd_errors: np.ndarray  # ||x_k|| (the minimum is 0)
    hb_errors: np.ndarray
    gd_rate: float  # (kappa - 1) / (kappa + 1)
    hb_rate: float  # spectral radius of the heavy-ball iteration at (lr, beta)
    best_lr: float  # the optimal heavy-ball parameters for this kappa
    best_beta: float
    best_rate: float  # (sqrt(kappa) - 1) / (sqrt(kappa) + 1)


@register("momentum")
class MomentumDemo(Demo):
    """Gradient descent against the heavy ball on an ill-conditioned quadratic."""

    title = "Momentum: gradient descent against the heavy ball on an ill-conditioned quadratic"
    main = "beta"
    figsize = (10.0, 3.8)

    def make_controls(self):
        return {
            "beta": slider(0.5625, 0.0, 0.9, 0.0375, "momentum β", readout_format=".4f"),
            "lr": slider(3.0625, 0.0625, 4.0, 0.0625, "heavy-ball step ε", readout_format=".4f"),
            "kappa": slider(49, 4, 100, 1, "κ = λmax/λmin", integer=True),
        }

    def compute(self, beta=0.5625, lr=3.0625, kappa=49):
        kappa, lr, beta = float(kappa), float(lr), float(beta)
        H = quadratic_hessian(kappa)
        grad_fn = dlcalc.grad(lambda x: 0.5 * (x @ H @ x))
        gd_lr = best_fixed_step(H)
        gd = dlcalc.gradient_descent(grad_fn, X0, gd_lr, STEPS)
        hb = dlcalc.heavy_ball(grad_fn, X0, lr, beta, STEPS)
        best_lr, best_beta = optimal_momentum(H)
        return MomentumResult(
            H=H, kappa=kappa, lr=lr, beta=beta, gd_lr=gd_lr, gd=gd, hb=hb,
            gd_errors=np.linalg.norm(gd, axis=1), hb_errors=np.linalg.norm(hb, axis=1),
            gd_rate=gd_rate(H, gd_lr), hb_rate=heavy_ball_rate(H, lr, beta),
            best_lr=best_lr, best_beta=best_beta,
            best_rate=heavy_ball_rate(H, best_lr, best_beta))

    def draw(self, fig, r, **params):
        ax1, ax2 = fig.subplots(1, 2, width_ratios=[1, 1.25], wspace=0.05)
        t = np.linspace(-3, 3, 121)
        X1, X2 = np.meshgrid(t, t)
        F = 0.5 * (r.H[0, 0] * X1**2 + 2 * r.H[0, 1] * X1 * X2 + r.H[1, 1] * X2**2)
        ax1.contour(X1, X2, F, levels=np.geomspace(0.02, 6, 10), colors="0.6", linewidths=0.7)
        for path, color, label in [(r.gd, "C0", "gradient descent"), (r.hb, "C3", "heavy ball")]:
            ok = np.all(np.isfinite(path), axis=1) & np.all(np.abs(path) < 3, axis=1)
            ax1.plot(path[ok, 0], path[ok, 1], "o-", color=color, ms=2, lw=0.9, label=label)
        ax1.plot(*X0, "ks", ms=5)
        ax1.plot(0, 0, "*", color="C2", ms=10)
        ax1.set(xlim=(-3, 3), ylim=(-3, 3), aspect="equal", xlabel="x₁", ylabel="x₂",
                title=f"κ = {r.kappa:g}: from ■ towards ★")
        ax1.legend(fontsize=7, loc="lower right")

        k = np.arange(STEPS + 1)
        for errs, color, label, rate in [
                (r.gd_errors, "C0", "GD, best fixed step", r.gd_rate),
                (r.hb_errors, "C3", f"heavy ball ε = {r.lr:.3g}, β = {r.beta:.3g}", r.hb_rate)]:
            ok = np.isfinite(errs) & (errs > 1e-300) & (errs < 1e150)
            ax2.semilogy(k[ok], errs[ok], ".-", color=color, ms=2.5, label=label)
            if 0 < rate < 1:
                ax2.semilogy(k, errs[0] * rate**k, ":", color=color, lw=1,
                             label=f"rate {rate:.3f} per step")
        ax2.set(xlabel="iteration k", ylabel="error ‖x_k − x*‖ (log scale)",
                title=f"best β for this κ: {r.best_beta:.3f} (ε = {r.best_lr:.3f}), "
                      f"rate {r.best_rate:.3f}")
        ax2.legend(fontsize=7, loc="lower left")

    def describe(self, r, **params):
        verdict = "converges" if r.hb_rate < 1 else "diverges"
        return (f"On a quadratic with condition number {r.kappa:g}, gradient descent with its best "
                f"fixed step contracts the error by {r.gd_rate:.3f} per step; the heavy ball with "
                f"step {r.lr:.4g} and momentum {r.beta:.4g} has rate {r.hb_rate:.3f} and "
                f"{verdict} (best possible: {r.best_rate:.3f} at momentum {r.best_beta:.3f}).")
