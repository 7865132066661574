"""Chapter 1 demos: Taylor polynomials and how fast their error shrinks.

* ``taylor_explorer``: a function, an expansion point ``x0`` and an order ``n`` (the main
  slider); the polynomial from :func:`dlcalc.taylor_polynomial` drawn over the function, with
  the band where it stays within ``tol`` of the function (local validity, T1).
* ``taylor_error``: the error ``|f(x0+h) - P_n(x0+h)|`` against ``h`` on log-log axes for
  ``n = 1..order``; the fitted slope is the order of the first non-zero term left out (T2).

The polynomial's coefficients come from one call of :func:`dlcalc.taylor_polynomial` of order
``MAX_ORDER`` per (function, x0), cached; the order-``n`` polynomial is its truncation.

Each ``compute`` is pure and calls the library; ``draw`` only draws its result.
"""

import functools
from types import SimpleNamespace

import ipywidgets as widgets
import numpy as np
import sympy

import dlcalc
from dlcalc.taylor import loglog_slope
from dlcalc.widgets import Demo, register
from dlcalc.widgets._base import slider

X, T = sympy.symbols("x t", real=True)
FUNCTIONS = {
    "sin(x)": sympy.sin(X),
    "exp(x)": sympy.exp(X),
    "1/(1+x^2)": 1 / (1 + X**2),
    "x^3-2x": X**3 - 2 * X,
}
MAX_ORDER = 11
_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]


@functools.lru_cache(maxsize=1024)
def taylor_coefficients(name, x0):
    """Return ``c`` of shape ``(MAX_ORDER + 1,)``: ``P_n(x) = sum_{k<=n} c[k] (x - x0)^k`` for
    every ``n <= MAX_ORDER``, read off one call of :func:`dlcalc.taylor_polynomial`."""
    poly = dlcalc.taylor_polynomial(FUNCTIONS[name], X, float(x0), MAX_ORDER)
    shifted = sympy.Poly(sympy.expand(poly.subs(X, T + float(x0))), T).all_coeffs()[::-1]
    c = np.zeros(MAX_ORDER + 1)
    c[: len(shifted)] = [float(v) for v in shifted]
    return c


def taylor_values(name, x0, order, xs):
    """Return ``P_order(xs)`` for the Taylor polynomial of ``FUNCTIONS[name]`` about ``x0``."""
    c = taylor_coefficients(name, float(x0))
    return np.polyval(c[int(order)::-1], np.asarray(xs, dtype=float) - float(x0))


@functools.lru_cache(maxsize=None)
def function_numeric(name):
    """Return the NumPy version of ``FUNCTIONS[name]``."""
    f = sympy.lambdify(X, FUNCTIONS[name], "numpy")
    return lambda xs: f(xs) + np.zeros_like(xs, dtype=float)


def first_omitted_order(name, x0, order, rtol=1e-9):
    """Return the smallest ``k > order`` with ``f^(k)(x0) != 0`` (the slope the log-log error
    plot should show), or ``None`` when none up to ``MAX_ORDER`` is (``P_order`` is exact)."""
    c = taylor_coefficients(name, float(x0))
    scale = max(1.0, float(np.max(np.abs(c))))
    for k in range(int(order) + 1, MAX_ORDER + 1):
        if abs(c[k]) > rtol * scale:
            return k
    return None


def _function_dropdown(value="sin(x)"):
    return widgets.Dropdown(options=list(FUNCTIONS), value=value, description="function")


# --------------------------------------------------------------------------------------------
# (a) the Taylor explorer
# --------------------------------------------------------------------------------------------
_XS = np.linspace(-4.0, 4.0, 321)


@register("taylor_explorer")
class TaylorExplorer(Demo):
    title = "Taylor polynomial of order n about x0"
    main = "order"
    figsize = (7.6, 3.2)
    tol = 0.05

    def make_controls(self):
        return {
            "function": _function_dropdown(),
            "x0": slider(0.5, -2.0, 2.0, 0.1, "expansion point x0"),
            "order": slider(3, 0, 10, 1, "order n", integer=True),
        }

    def compute(self, function, x0, order):
        f = function_numeric(function)(_XS)
        p = taylor_values(function, x0, order, _XS)
        err = np.abs(f - p)
        ok = err <= self.tol
        i0 = int(np.argmin(np.abs(_XS - x0)))
        # the contiguous stretch around x0 where the polynomial is within tol of f
        lo = i0
        while lo > 0 and ok[lo - 1]:
            lo -= 1
        hi = i0
        while hi < len(_XS) - 1 and ok[hi + 1]:
            hi += 1
        return SimpleNamespace(x=_XS, f=f, p=p, err=err, band=(_XS[lo], _XS[hi]),
                               radius=float(min(x0 - _XS[lo], _XS[hi] - x0)))

    def draw(self, fig, r, function, x0, order):
        ax1, ax2 = fig.subplots(1, 2)
        lo, hi = float(np.min(r.f)), float(np.max(r.f))
        pad = 0.5 * (hi - lo) + 0.2
        ax1.axvspan(*r.band, color="#2ca02c", alpha=0.15, label=f"|error| ≤ {self.tol}")
        ax1.plot(r.x, r.f, color="black", lw=2, label=f"f(x) = {function}")
        ax1.plot(r.x, r.p, color="#d62728", lw=1.5, ls="--", label=f"P_{order}(x)")
        ax1.plot([x0], [float(function_numeric(function)(x0))], "o", color="#d62728")
        ax1.set_ylim(lo - pad, hi + pad)
        ax1.set(title=f"order {order} about x0 = {x0:.2f}", xlabel="x", ylabel="value")
        ax1.legend(loc="best", fontsize=7)
        ax2.semilogy(r.x, np.maximum(r.err, 1e-17), color="#1f77b4")
        ax2.axhline(self.tol, color="#2ca02c", ls=":", label=f"tol = {self.tol}")
        ax2.axvline(x0, color="#777777", lw=0.8)
        ax2.set_ylim(1e-17, 1e4)
        ax2.set_yticks(10.0 ** np.arange(-16, 5, 4))
        ax2.set(title="error |f(x) − P_n(x)|", xlabel="x", ylabel="|error| (log scale)")
        ax2.legend(loc="best", fontsize=7)

    def describe(self, r, function, x0, order):
        return (f"The order-{order} Taylor polynomial of {function} about x0 = {x0:.2f} drawn "
                f"over the function; it stays within {self.tol} of it from x = {r.band[0]:.2f} "
                f"to x = {r.band[1]:.2f}, and the error grows with the distance from x0.")


# --------------------------------------------------------------------------------------------
# (b) the error on log-log axes
# --------------------------------------------------------------------------------------------
_HS = np.logspace(-7, 0, 57)


@register("taylor_error")
class TaylorError(Demo):
    title = "Taylor error against the step h (log-log)"
    main = "order"
    figsize = (6.4, 3.6)

    def make_controls(self):
        return {
            "function": _function_dropdown(),
            "x0": slider(0.7, -1.5, 1.5, 0.1, "expansion point x0"),
            "order": slider(3, 1, 5, 1, "highest order n", integer=True),
        }

    def compute(self, function, x0, order):
        f = function_numeric(function)
        xs = x0 + _HS
        errs, slopes, expected = [], [], []
        for n in range(1, int(order) + 1):
            err = np.abs(f(xs) - taylor_values(function, x0, n, xs))
            errs.append(err)
            slopes.append(loglog_slope(xs - x0, err))
            expected.append(first_omitted_order(function, x0, n))
        return SimpleNamespace(h=xs - x0, errs=errs, slopes=slopes, expected=expected)

    def draw(self, fig, r, function, x0, order):
        ax = fig.subplots()
        for n, (err, s, e) in enumerate(zip(r.errs, r.slopes, r.expected, strict=True), 1):
            if e is None:
                label = f"n = {n}: exact polynomial, only round-off left"
            elif np.isnan(s):
                label = f"n = {n}: too small to fit above round-off (theory {e})"
            else:
                label = f"n = {n}: fitted slope {s:.2f} (theory {e})"
            ax.loglog(r.h, np.maximum(err, 1e-18), color=_COLORS[n - 1], lw=1.5, label=label)
        ax.axhspan(1e-18, 1e-11, color="#777777", alpha=0.12, label="near round-off (ignored)")
        ax.axvline(0.1, color="#777777", ls=":", lw=0.8)
        ax.set_ylim(1e-18, 10)
        ax.locator_params(axis="x", nbins=8)
        ax.locator_params(axis="y", nbins=7)
        ax.set(title=f"{function} about x0 = {x0:.2f}", xlabel="step h",
               ylabel="|f(x0+h) − P_n(x0+h)|")
        ax.legend(loc="upper left", fontsize=7)

    def describe(self, r, function, x0, order):
        parts = ", ".join(
            f"order {n}: " + ("no fit" if np.isnan(s) else f"fitted slope {s:.2f}")
            + (", exact" if e is None else f", theory {e}")
            for n, (s, e) in enumerate(zip(r.slopes, r.expected, strict=True), 1))
        return (f"Log-log plot of the Taylor error of {function} about x0 = {x0:.2f} against "
                f"the step h: above the round-off floor each error is a straight line whose "
                f"slope is the order of the first non-zero term left out ({parts}).")
