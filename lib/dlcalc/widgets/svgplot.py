"""A small SVG plotter for the demos: fast enough to redraw on every slider move.

Matplotlib's Agg renderer spends 100-300 ms per two-panel figure on a slow CPU, mostly laying
out and rasterising text; a demo must redraw in well under 100 ms. A :class:`Figure` here keeps
what was drawn in data coordinates (:class:`~dlcalc.widgets._svgaxes.Axes`, with Matplotlib's
method names) and writes one SVG document: a white background, one row of axes, polylines
rounded to 0.1 px, contours from ``contourpy`` (Matplotlib's own contouring), text in the
reader's sans-serif font. For example::

    fig = Figure(figsize=(7.0, 3.6))
    ax1, ax2 = fig.subplots(1, 2, width_ratios=[1, 2])
    ax1.plot(x, y, "o-", color="C3", label="run"); ax1.legend()
    svg = fig.to_svg()

**The contract.** Scope is frozen: a demo that needs more than this moves to Matplotlib (with a
kept ``Figure``); the plotter does not grow.

*Draws*: one row of axes (``Figure.subplots(1, n, width_ratios=, wspace=)``); on each,
``plot`` / ``semilogy`` / ``loglog`` (lines and the markers ``.os^v<>*+xXDdph``),
``axhline`` / ``axvline``, ``axhspan`` / ``axvspan``, ``bar`` / ``barh`` (with ``bar_label``),
``contour``, ``text``, ``arrow``, ``legend``, ``grid``; limits, linear or log scales, an equal
aspect, an inverted y axis, fixed ticks (``set_xticks``) or automatic ones
(``locator_params(nbins=)``; on a log axis decades, 1-2-5 multiples on a narrow range,
:func:`axis_ticks`).

*Refuses* (``TypeError`` / ``ValueError`` naming the argument): an unknown keyword (never
ignored), an unknown format string, marker, line style, color, legend place or property of
``set``; more than one row of axes; ``$...$`` math in any text (write ε, λ₁, x² in Unicode);
a log axis with a limit ≤ 0; an equal aspect on a log axis.

*Differs from Matplotlib*: the same call means the same thing (``arrow(x, y, dx, dy)``,
``plot(y)``, ``text(..., transform=ax.transAxes)``, ``locator_params``); but the arrow's head
length is in points and its head ends at the tip (Matplotlib: data units,
``length_includes_head=False``); ``legend`` has two places of its own, ``"outside right"``
(beside the axes, room reserved) and ``"below"`` (under them), where Matplotlib would use
``bbox_to_anchor``; colormaps for contour lines only, no images, no second row, no figure
legend, no text layout engine (widths are estimated, good to about 10 %). The output is a
string, the same on every machine up to the last digit of a coordinate.
"""

import itertools
import math

from dlcalc.widgets._svgaxes import Axes
from dlcalc.widgets._svglayout import AxesLayout
from dlcalc.widgets._ticks import axis_ticks

_ids = itertools.count()


class Figure:
    """A row of axes drawn as SVG; ``figsize`` in inches at ``dpi`` pixels per inch, so the
    sizes in points (line widths, marker and font sizes) mean what they mean in Matplotlib."""

    def __init__(self, figsize=(7.0, 3.6), dpi=80):
        w, h = (float(v) for v in figsize)
        if not (w > 0 and h > 0 and math.isfinite(w * h)):
            raise ValueError(f"figsize must be two positive numbers (inches), got {figsize!r}")
        self.width, self.height = round(w * dpi), round(h * dpi)
        self.pt = float(dpi) / 72.0
        self.axes, self.ratios, self.wspace = [], [], 0.0

    def subplots(self, nrows=1, ncols=1, *, width_ratios=None, wspace=None):
        """Return ``ncols`` new :class:`Axes` side by side (one if ``ncols == 1``); only one
        row is supported. ``width_ratios`` share the width; ``wspace`` is extra space between
        panels as a fraction of the figure width."""
        if nrows != 1:
            raise ValueError(f"subplots: only one row of axes is supported, got nrows={nrows}")
        if not (isinstance(ncols, int) and ncols >= 1):
            raise ValueError(f"subplots: ncols must be a positive int, got {ncols!r}")
        ratios = [1.0] * ncols if width_ratios is None else [float(r) for r in width_ratios]
        if len(ratios) != ncols or min(ratios) <= 0:
            raise ValueError(f"subplots: width_ratios must be {ncols} positive numbers, "
                             f"got {width_ratios!r}")
        self.axes = [Axes() for _ in range(ncols)]
        self.ratios = ratios
        self.wspace = 0.0 if wspace is None else float(wspace)
        return self.axes[0] if ncols == 1 else tuple(self.axes)

    def to_svg(self):
        """Return the figure as an SVG document (a string)."""
        uid = f"dlc{next(_ids)}"
        W, H = self.width, self.height
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
               f'viewBox="0 0 {W} {H}" font-family="DejaVu Sans, Verdana, Arial, sans-serif" '
               f'stroke-linejoin="round" stroke-linecap="butt">',
               f'<rect width="{W}" height="{H}" fill="#ffffff"/>']
        gap = self.wspace * W / max(len(self.axes) - 1, 1) if len(self.axes) > 1 else 0.0
        usable = W - gap * (len(self.axes) - 1)
        x0 = 0.0
        defs = {}
        for i, (ax, r) in enumerate(zip(self.axes, self.ratios, strict=True)):
            cw = usable * r / sum(self.ratios)
            layout = AxesLayout(ax, (x0, 0.0, x0 + cw, float(H)), self.pt, f"{uid}-{i}", defs)
            out.append(layout.svg())
            x0 += cw + gap
        if defs:
            out.insert(2, "<defs>" + "".join(defs.values()) + "</defs>")
        out.append("</svg>")
        return "".join(out)

    def _repr_svg_(self):
        return self.to_svg()


__all__ = ["Axes", "Figure", "axis_ticks"]
