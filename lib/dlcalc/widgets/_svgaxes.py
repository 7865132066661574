"""One set of axes of an SVG plot: what was drawn, in data coordinates, until the figure
lays it out (see :mod:`dlcalc.widgets.svgplot`).

The method names, their arguments and their common keywords follow Matplotlib's (``plot``,
``contour``, ``axhline``, ``bar``, ``arrow``, ``text``, ``locator_params``, ``set``...) so a
demo's ``draw`` reads like ordinary plotting code, and a call means what it means there; a
keyword this subset does not know raises ``TypeError`` instead of being ignored.
"""

from types import SimpleNamespace

import numpy as np

from dlcalc.widgets._svgartists import Arrow, Bars, Contour, Line, Rule, Span, Text
from dlcalc.widgets._svgaxset import AxesSettings
from dlcalc.widgets._svgcontour import contour_lines
from dlcalc.widgets._svgstyle import (
    _FMT,
    _LETTERS,
    _LINESTYLES,
    _TAB10,
    MARKERS,
    arr,
    no_more,
    opt_color,
    plain,
    pop,
    to_color,
)

_DATA, _AXES = "data", "axes"


class Axes(AxesSettings):
    """Artists recorded in data coordinates; :class:`~dlcalc.widgets.svgplot.Figure` draws
    them. ``artists`` is a list of :mod:`~dlcalc.widgets._svgartists` objects.
    ``transData`` and ``transAxes`` name the two coordinate systems of :meth:`text`, as in
    Matplotlib."""

    transData, transAxes = _DATA, _AXES

    def __init__(self):
        super().__init__()
        self.artists = []

    def _add(self, art):
        if art.label is not None:
            art.label = plain(art.label, "label")
        self.artists.append(art)
        return art

    # -- lines and markers -------------------------------------------------------------------
    def plot(self, x, y=None, fmt=None, **kw):
        """Draw ``y`` against ``x`` (arrays or scalars; ``plot(y)`` and ``plot(y, fmt)`` draw
        ``y`` against ``0, 1, 2...``); ``fmt`` like ``"o-"``, ``"ks"``, ``"--"``. Keywords:
        color, lw, ls, marker, ms, mfc, mec, label, alpha, clip_on. One line per call."""
        if y is None or isinstance(y, str):
            x, y, fmt = None, x, y
        y = arr(y, "y")
        x = np.arange(y.size, dtype=float) if x is None else arr(x, "x")
        if x.shape != y.shape:
            raise ValueError(f"plot: x and y need the same length, got {x.size} and {y.size}")
        color, marker, ls = None, None, None
        if fmt is not None:
            m = _FMT.match(fmt) if isinstance(fmt, str) else None
            if m is None:
                raise ValueError(f"plot: unsupported format string {fmt!r}")
            color = _LETTERS.get(m["a"] or m["b"] or "", None)
            marker, ls = m["m"], m["ls"]
            if ls is None:
                ls = "none" if marker else "-"
        color = pop(kw, "color", "c", default=color)
        ls = pop(kw, "ls", "linestyle", default=ls or "-")
        marker = pop(kw, "marker", default=marker)
        if ls not in _LINESTYLES:
            raise ValueError(f"plot: unsupported line style {ls!r}")
        if marker is not None and marker not in MARKERS:
            raise ValueError(f"plot: unsupported marker {marker!r}; use one of "
                             f"{''.join(sorted(MARKERS))}")
        color = to_color(color) if color is not None else _TAB10[self._next_color()]
        art = self._add(Line(
            x=x, y=y, color=color, ls=_LINESTYLES[ls], marker=marker,
            lw=float(pop(kw, "lw", "linewidth", default=1.5)),
            ms=float(pop(kw, "ms", "markersize", default=6.0)),
            mfc=opt_color(pop(kw, "mfc", "markerfacecolor"), "mfc"),
            mec=opt_color(pop(kw, "mec", "markeredgecolor"), "mec"),
            alpha=float(pop(kw, "alpha", default=1.0)),
            clip=bool(pop(kw, "clip_on", default=True)),
            label=pop(kw, "label"),
        ))
        pop(kw, "zorder")
        no_more(kw, "plot")
        return art

    def _next_color(self):
        return sum(isinstance(a, Line) for a in self.artists) % 10

    def semilogy(self, x, y=None, fmt=None, **kw):
        """``plot`` with a logarithmic y axis."""
        self.yscale = "log"
        return self.plot(x, y, fmt, **kw)

    def loglog(self, x, y=None, fmt=None, **kw):
        """``plot`` with both axes logarithmic."""
        self.xscale = self.yscale = "log"
        return self.plot(x, y, fmt, **kw)

    def axhline(self, y, **kw):
        """A horizontal line across the axes at ``y``."""
        return self._rule("h", y, kw)

    def axvline(self, x, **kw):
        """A vertical line across the axes at ``x``."""
        return self._rule("v", x, kw)

    def _rule(self, orient, value, kw):
        art = self._add(Rule(orient=orient, value=float(value),
                             color=to_color(pop(kw, "color", "c", default="k")),
                             ls=_LINESTYLES[pop(kw, "ls", "linestyle", default="-")],
                             lw=float(pop(kw, "lw", "linewidth", default=1.0)),
                             alpha=float(pop(kw, "alpha", default=1.0)), label=pop(kw, "label")))
        pop(kw, "zorder")
        no_more(kw, f"ax{orient}line")
        return art

    def axvspan(self, x0, x1, **kw):
        """A shaded vertical band from ``x0`` to ``x1``."""
        return self._span("v", x0, x1, kw)

    def axhspan(self, y0, y1, **kw):
        """A shaded horizontal band from ``y0`` to ``y1``."""
        return self._span("h", y0, y1, kw)

    def _span(self, orient, a, b, kw):
        art = self._add(Span(orient=orient, lo=float(min(a, b)), hi=float(max(a, b)),
                             color=to_color(pop(kw, "color", "facecolor", default="C0")),
                             alpha=float(pop(kw, "alpha", default=0.3)), label=pop(kw, "label")))
        no_more(kw, f"ax{orient}span")
        return art

    # -- bars, contours, text, arrows --------------------------------------------------------
    def bar(self, x, height, width=0.8, **kw):
        """Vertical bars centred on ``x`` (numbers, or strings: one category each) with the
        given ``height``s; ``color`` one color or one per bar. Returns the bars (each with
        ``center``, ``value`` and ``horizontal``) for :meth:`bar_label`."""
        return self._bars(x, height, width, False, kw, "bar")

    def barh(self, y, width, height=0.8, **kw):
        """Horizontal bars centred on ``y`` with lengths ``width``."""
        return self._bars(y, width, height, True, kw, "barh")

    def _bars(self, pos, values, thickness, horizontal, kw, where):
        pos = list(np.atleast_1d(pos))
        if pos and isinstance(pos[0], str):
            labels, pos = [str(p) for p in pos], list(range(len(pos)))
            ticks = (np.arange(len(pos), dtype=float), labels)
            if horizontal:
                self.yticks = ticks
            else:
                self.xticks = ticks
        pos, values = arr(pos, "x"), arr(values, "height")
        if pos.shape != values.shape:
            raise ValueError(f"{where}: {pos.size} positions but {values.size} values")
        colors = pop(kw, "color", default="C0")
        if isinstance(colors, str) or (isinstance(colors, tuple) and len(colors) in (3, 4)
                                       and not isinstance(colors[0], str)):
            colors = [colors] * len(pos)
        colors = [to_color(c) for c in colors]
        if len(colors) != len(pos):
            raise ValueError(f"{where}: {len(colors)} colors for {len(pos)} bars")
        bars = [SimpleNamespace(center=float(p), value=float(v), horizontal=horizontal)
                for p, v in zip(pos, values, strict=True)]
        self._add(Bars(pos=pos, values=values, thickness=float(thickness),
                       horizontal=horizontal, colors=colors,
                       alpha=float(pop(kw, "alpha", default=1.0)), label=pop(kw, "label")))
        no_more(kw, where)
        return bars

    def bar_label(self, bars, labels=None, fmt="{:g}", fontsize=8, padding=3):
        """Write each bar's value (or ``labels``) just past its end."""
        labels = [fmt.format(b.value) for b in bars] if labels is None else list(labels)
        for b, s in zip(bars, labels, strict=True):
            if b.horizontal:
                self._add(Text(b.value, b.center, str(s), "left", "center", fontsize, "#000000",
                               dx=padding))
            else:
                self._add(Text(b.center, b.value, str(s), "center", "bottom", fontsize,
                               "#000000", dy=-padding))

    def contour(self, X, Y, Z, levels=7, **kw):
        """Contour lines of ``Z`` (shape ``(ny, nx)``) over the grid ``X``, ``Y`` (same shape,
        as from ``np.meshgrid``); ``levels`` an int (that many nice levels) or the values;
        ``colors`` one color, or ``cmap`` a Matplotlib colormap name."""
        paths = contour_lines(X, Y, Z, levels, pop(kw, "colors"), pop(kw, "cmap"))
        X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
        lw = float(pop(kw, "linewidths", "lw", default=1.0))
        art = self._add(Contour(paths=paths, lw=lw, alpha=float(pop(kw, "alpha", default=1.0)),
                                xr=(float(np.nanmin(X)), float(np.nanmax(X))),
                                yr=(float(np.nanmin(Y)), float(np.nanmax(Y))),
                                label=pop(kw, "label")))
        no_more(kw, "contour")
        return art

    def text(self, x, y, s, ha="left", va="baseline", fontsize=10, color="k",
             transform=_DATA):
        """Write ``s`` at ``(x, y)`` in data coordinates (``transform=ax.transAxes``: fractions
        of the axes, (0, 0) bottom left); ``ha`` left/center/right, ``va``
        baseline/bottom/center/top."""
        if ha not in ("left", "center", "right") or va not in ("baseline", "bottom", "center",
                                                              "top"):
            raise ValueError(f"text: unsupported alignment ha={ha!r}, va={va!r}")
        if transform not in (_DATA, _AXES):
            raise ValueError(f"text: transform must be ax.transData or ax.transAxes, "
                             f"got {transform!r}")
        return self._add(Text(float(x), float(y), plain(s, "text"), ha, va, float(fontsize),
                              to_color(color), transform))

    def arrow(self, x, y, dx, dy, *, color="k", lw=1.5, head=8.0):
        """An arrow from ``(x, y)`` to ``(x + dx, y + dy)`` (data coordinates, Matplotlib's
        arguments), its filled head, ``head`` points long, ending at the tip."""
        start = np.array([float(x), float(y)])
        end = start + np.array([float(dx), float(dy)])
        if not np.all(np.isfinite(end)):
            raise ValueError(f"arrow: x, y, dx, dy must be finite, got {(x, y, dx, dy)!r}")
        return self._add(Arrow(start, end, to_color(color), float(lw), float(head)))
