"""Chapter 2 demos: what a chain of Jacobians costs in each multiplication order.

* ``jacobian_chain_cost``: the chain ``G J3 J2 J1`` of a three-layer network (``G`` is
  ``m x w3``: the loss gradient when ``m = 1``); the FLOPs of all five multiplication orders
  as bars (:func:`dlcalc.chain.chain_flops`), the pure left-to-right (reverse mode) and
  right-to-left (forward mode) orders and the optimal one
  (:func:`dlcalc.chain.optimal_chain_order`).
* ``forward_vs_reverse``: how many passes (and FLOPs) each mode needs to get the whole
  ``m x n`` Jacobian of a network with ``n`` inputs and ``m`` outputs
  (:func:`dlcalc.chain.mode_cost`): forward one per input, reverse one per output.

Each ``compute`` is pure and calls the library; ``draw`` only draws its result.
"""

from types import SimpleNamespace

import numpy as np

from dlcalc import chain
from dlcalc.widgets import Demo, register
from dlcalc.widgets._base import slider

_BLUE, _ORANGE, _GREEN, _GREY = "#1f77b4", "#ff7f0e", "#2ca02c", "#999999"
NAMES = ["G", "J3", "J2", "J1"]


@register("jacobian_chain_cost")
class JacobianChainCost(Demo):
    title = "FLOPs of every multiplication order of G·J3·J2·J1"
    main = "n"
    figsize = (7.6, 3.6)

    def make_controls(self):
        return {
            "n": slider(200, 1, 1000, 1, "inputs n (columns of J1)", integer=True),
            "w1": slider(64, 1, 256, 1, "width of h1", integer=True),
            "w2": slider(32, 1, 256, 1, "width of h2", integer=True),
            "w3": slider(10, 1, 256, 1, "width of ŷ", integer=True),
            "m": slider(1, 1, 64, 1, "rows m of G (1 = scalar loss)", integer=True),
        }

    def compute(self, n, w1, w2, w3, m):
        dims = [int(m), int(w3), int(w2), int(w1), int(n)]
        shapes = [(dims[i], dims[i + 1]) for i in range(4)]
        orders = chain.all_chain_orders(4, names=NAMES)
        flops = [chain.chain_flops(shapes, o, names=NAMES) for o in orders]
        best, best_order = chain.optimal_chain_order(dims, names=NAMES)
        return SimpleNamespace(
            dims=dims, orders=orders, flops=flops, best=best, best_order=best_order,
            left=chain.left_to_right_flops(dims), right=chain.right_to_left_flops(dims),
        )

    def draw(self, fig, r, **params):
        ax = fig.subplots()
        left_s = "(((G J3) J2) J1)"
        right_s = "(G (J3 (J2 J1)))"
        colors, labels = [], []
        for o in r.orders:
            if o == left_s:
                colors.append(_BLUE)
                labels.append(o + "\nleft→right (reverse)")
            elif o == right_s:
                colors.append(_ORANGE)
                labels.append(o + "\nright→left (forward)")
            else:
                colors.append(_GREY)
                labels.append(o)
        y = np.arange(len(r.orders))
        bars = ax.barh(y, r.flops, color=colors)
        ax.bar_label(bars, fontsize=7, labels=[
            f"{fl:,}" + (" ← optimal" if o == r.best_order else "")
            for o, fl in zip(r.orders, r.flops, strict=True)])
        ax.set_yticks(y, labels)
        ax.set_xscale("log")
        ax.set_xlim(min(r.flops) / 2, max(r.flops) * 10)
        d = r.dims
        ax.set(title=f"G {d[0]}×{d[1]}, J3 {d[1]}×{d[2]}, J2 {d[2]}×{d[3]}, J1 {d[3]}×{d[4]}",
               xlabel="FLOPs (log scale, 2·m·k·n per product)")
        ax.invert_yaxis()

    def describe(self, r, **params):
        return (f"Bar chart of the FLOPs of the five multiplication orders for dims {r.dims}: "
                f"left to right {r.left:,}, right to left {r.right:,}, "
                f"optimal {r.best_order} {r.best:,}.")


@register("forward_vs_reverse")
class ForwardVsReverse(Demo):
    title = "Forward mode (one pass per input) vs reverse mode (one pass per output)"
    main = "n"
    figsize = (7.6, 3.4)

    def make_controls(self):
        return {
            "n": slider(50, 1, 200, 1, "inputs n", integer=True),
            "m": slider(1, 1, 20, 1, "outputs m (1 = scalar loss)", integer=True),
            "width": slider(32, 1, 128, 1, "hidden width", integer=True),
        }

    def compute(self, n, m, width):
        dims = [int(m), int(width), int(width), int(n)]
        fwd = chain.mode_cost(dims, "forward")
        rev = chain.mode_cost(dims, "reverse")
        ns = np.arange(1, 201)
        curve_f = np.array([chain.mode_cost(dims[:-1] + [k], "forward")[1] for k in ns])
        curve_r = np.array([chain.mode_cost(dims[:-1] + [k], "reverse")[1] for k in ns])
        return SimpleNamespace(dims=dims, forward=fwd, reverse=rev, ns=ns,
                               curve_forward=curve_f, curve_reverse=curve_r)

    def draw(self, fig, r, n, m, width):
        ax1, ax2 = fig.subplots(1, 2, width_ratios=[1, 2])
        bars = ax1.bar(["forward\n(JVPs)", "reverse\n(VJPs)"],
                       [r.forward[0], r.reverse[0]], color=[_ORANGE, _BLUE])
        ax1.bar_label(bars, fontsize=8)
        ax1.set_ylim(0, max(r.forward[0], r.reverse[0]) * 1.2 + 1)
        ax1.set(title="passes for the whole Jacobian", ylabel="number of passes")
        ax2.plot(r.ns, r.curve_forward, color=_ORANGE, label="forward: n passes")
        ax2.plot(r.ns, r.curve_reverse, color=_BLUE, label="reverse: m passes")
        ax2.plot([n], [r.forward[1]], "o", color=_ORANGE)
        ax2.plot([n], [r.reverse[1]], "o", color=_BLUE)
        ax2.set_yscale("log")
        ax2.set(title=f"FLOPs, {m} output(s), hidden width {width}", xlabel="inputs n",
                ylabel="FLOPs (log scale)")
        ax2.legend(loc="best", fontsize=8)

    def describe(self, r, n, m, width):
        return (f"With {n} input(s) and {m} output(s), forward mode needs {r.forward[0]} passes "
                f"({r.forward[1]:,} FLOPs) and reverse mode {r.reverse[0]} ({r.reverse[1]:,} "
                f"FLOPs) to build the whole Jacobian.")
