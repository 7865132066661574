"""The artists of an SVG axes, one small class per kind of mark: what :class:`~dlcalc.widgets.
_svgaxes.Axes` records (in data coordinates) and how each one answers the layout.

Every artist has ``z`` (drawing order), ``label`` (legend text or ``None``), ``clipped`` (drawn
inside the axes' clip rectangle) and three methods:

* ``extents(axis)`` -> ``(values, sticky)``: its data along ``"x"`` or ``"y"`` for autoscaling
  (``sticky`` values are limits the padding must not pass, as Matplotlib's sticky edges);
* ``svg(layout)`` -> its SVG in the layout's pixels;
* ``legend_sample(layout, x, y, width, size)`` -> the sample drawn beside its legend label.

``legend_points(layout)`` gives the pixels a "best" legend should not cover (lines only).
"""

import math

import numpy as np

from dlcalc.widgets._svgmarks import FAR, markers_svg, path_d, rect_svg, runs, text_svg
from dlcalc.widgets._svgstyle import stroke

_NONE = np.zeros((0, 2))


class Artist:
    z = 2
    clipped = True

    def __init__(self, label=None):
        self.label = label

    def extents(self, axis):
        return [], []

    def legend_points(self, layout):
        return _NONE

    def legend_sample(self, layout, x, y, width, size):
        return ""


class Line(Artist):
    """``plot``: a polyline through ``(x, y)`` and/or a marker at each point."""

    def __init__(self, x, y, color, ls, marker, lw, ms, mfc, mec, alpha, clip, label=None):
        super().__init__(label)
        self.x, self.y, self.color, self.ls, self.marker = x, y, color, ls, marker
        self.lw, self.ms, self.mfc, self.mec, self.alpha = lw, ms, mfc, mec, alpha
        self.clipped = clip

    def extents(self, axis):
        return [self.x if axis == "x" else self.y], []

    def legend_points(self, layout):
        return layout.points(self.x, self.y)

    def svg(self, layout):
        P = layout.points(self.x, self.y)
        out = ""
        if self.ls != "none" and len(P) > 1:
            d = path_d(runs(P))
            if d:
                style = stroke(self.color, self.lw * layout.pt, self.ls, self.alpha)
                out += f'<path d="{d}" {style}/>'
        if self.marker:
            out += markers_svg(layout, P, self)
        return out

    def legend_sample(self, layout, x, y, width, size):
        out = ""
        if self.ls != "none":
            style = stroke(self.color, self.lw * layout.pt, self.ls, self.alpha)
            out += f'<path d="M{x:.1f},{y:.1f}h{width:.1f}" {style}/>'
        if self.marker:
            out += markers_svg(layout, np.array([[x + width / 2, y]]), self)
        return out


class Rule(Artist):
    """``axhline`` / ``axvline``: a line across the whole axes at one value."""

    def __init__(self, orient, value, color, ls, lw, alpha, label=None):
        super().__init__(label)
        self.orient, self.value, self.color, self.ls = orient, value, color, ls
        self.lw, self.alpha, self.marker = lw, alpha, None

    def extents(self, axis):
        return ([[self.value]] if (self.orient == "v") == (axis == "x") else []), []

    legend_sample = Line.legend_sample

    def svg(self, layout):
        if self.orient == "h":
            y = float(layout.py(self.value))
            d = f"M{layout.x:.1f},{y:.1f}h{layout.w:.1f}" if np.isfinite(y) else ""
        else:
            x = float(layout.px(self.value))
            d = f"M{x:.1f},{layout.y:.1f}v{layout.h:.1f}" if np.isfinite(x) else ""
        style = stroke(self.color, self.lw * layout.pt, self.ls, self.alpha)
        return f'<path d="{d}" {style}/>' if d else ""


class Span(Artist):
    """``axvspan`` / ``axhspan``: a shaded band across the axes."""

    z = 1

    def __init__(self, orient, lo, hi, color, alpha, label=None):
        super().__init__(label)
        self.orient, self.lo, self.hi, self.color, self.alpha = orient, lo, hi, color, alpha

    def extents(self, axis):
        return ([[self.lo, self.hi]] if (self.orient == "v") == (axis == "x") else []), []

    def svg(self, layout):
        if self.orient == "v":
            x0, x1 = sorted(np.clip(layout.px([self.lo, self.hi]), -FAR, FAR))
            box = (x0, layout.y, x1 - x0, layout.h)
        else:
            y0, y1 = sorted(np.clip(layout.py([self.lo, self.hi]), -FAR, FAR))
            box = (layout.x, y0, layout.w, y1 - y0)
        return rect_svg(box, self.color, self.alpha)

    def legend_sample(self, layout, x, y, width, size):
        return rect_svg((x, y - 0.35 * size, width, 0.7 * size), self.color, self.alpha)


class Bars(Artist):
    """``bar`` / ``barh``: one rectangle per value, from 0 (a log axis: its lower limit)."""

    z = 1

    def __init__(self, pos, values, thickness, horizontal, colors, alpha, label=None):
        super().__init__(label)
        self.pos, self.values, self.thickness = pos, values, thickness
        self.horizontal, self.colors, self.alpha = horizontal, colors, alpha

    def extents(self, axis):
        if self.horizontal == (axis == "y"):
            half = self.thickness / 2
            return [np.concatenate([self.pos - half, self.pos + half])], []
        return [np.append(self.values, 0.0)], [0.0]

    def svg(self, layout):
        out = []
        vlog = (layout.ax.xscale if self.horizontal else layout.ax.yscale) == "log"
        lim = layout.xlim if self.horizontal else layout.ylim
        base = lim[0] if vlog else 0.0
        for p, v, c in zip(self.pos, self.values, self.colors, strict=True):
            lo, hi = p - self.thickness / 2, p + self.thickness / 2
            if self.horizontal:
                xs, ys = layout.px([base, v]), layout.py([lo, hi])
            else:
                xs, ys = layout.px([lo, hi]), layout.py([base, v])
            xs, ys = np.clip(xs, -FAR, FAR), np.clip(ys, -FAR, FAR)
            if np.all(np.isfinite(xs)) and np.all(np.isfinite(ys)):
                box = (min(xs), min(ys), abs(xs[1] - xs[0]), abs(ys[1] - ys[0]))
                out.append(rect_svg(box, c, self.alpha))
        return "".join(out)

    def legend_sample(self, layout, x, y, width, size):
        return rect_svg((x, y - 0.35 * size, width, 0.7 * size), self.colors[0], self.alpha)


class Contour(Artist):
    """``contour``: the level lines ``paths`` (a list of ``(color, [segment (k, 2), ...])``)
    over the grid's ranges ``xr``, ``yr`` (sticky, as Matplotlib's)."""

    z = 1

    def __init__(self, paths, lw, alpha, xr, yr, label=None):
        super().__init__(label)
        self.paths, self.lw, self.alpha, self.xr, self.yr = paths, lw, alpha, xr, yr

    def extents(self, axis):
        r = self.xr if axis == "x" else self.yr
        return [list(r)], list(r)

    def svg(self, layout):
        out = []
        for color, lines in self.paths:
            pieces = []
            for seg in lines:
                pieces.extend(runs(layout.points(seg[:, 0], seg[:, 1])))
            if pieces:
                style = stroke(color, self.lw * layout.pt, "-", self.alpha)
                out.append(f'<path d="{path_d(pieces)}" {style}/>')
        return "".join(out)

    def legend_sample(self, layout, x, y, width, size):
        color = self.paths[0][0] if self.paths else "#777777"
        style = stroke(color, self.lw * layout.pt, "-")
        return f'<path d="M{x:.1f},{y:.1f}h{width:.1f}" {style}/>'


class Text(Artist):
    """``text`` (and ``bar_label``): a string at ``(x, y)`` in data or axes coordinates,
    shifted by ``(dx, dy)`` pixels; never clipped."""

    z = 3
    clipped = False

    def __init__(self, x, y, s, ha, va, size, color, coords="data", dx=0.0, dy=0.0):
        super().__init__(None)
        self.x, self.y, self.s, self.ha, self.va = x, y, s, ha, va
        self.size, self.color, self.coords, self.dx, self.dy = size, color, coords, dx, dy

    def svg(self, layout):
        if self.coords == "axes":
            x, y = layout.x + self.x * layout.w, layout.y + (1 - self.y) * layout.h
        else:
            x, y = float(layout.px(self.x)), float(layout.py(self.y))
        if not (np.isfinite(x) and np.isfinite(y)):
            return ""
        anchor = {"left": "start", "center": "middle", "right": "end"}[self.ha]
        return text_svg(x + self.dx, y + self.dy, self.s, self.size * layout.pt, anchor, self.va,
                        self.color)


class Arrow(Artist):
    """``arrow``: a shaft from ``start`` to ``end`` (data coordinates) and a filled head at
    ``end`` of length ``head`` points (at most 60 % of the arrow); never clipped."""

    z = 3
    clipped = False

    def __init__(self, start, end, color, lw, head):
        super().__init__(None)
        self.start, self.end, self.color, self.lw, self.head = start, end, color, lw, head

    def extents(self, axis):
        k = 0 if axis == "x" else 1
        return [[self.start[k], self.end[k]]], []

    def svg(self, layout):
        (x0, y0), (x1, y1) = layout.points([self.start[0], self.end[0]],
                                           [self.start[1], self.end[1]])
        if not all(np.isfinite([x0, y0, x1, y1])):
            return ""
        length = math.hypot(x1 - x0, y1 - y0)
        if length < 1e-9:
            return ""
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        head = min(self.head * layout.pt, 0.6 * length)
        bx, by = x1 - head * ux, y1 - head * uy
        wx, wy = -uy * head * 0.4, ux * head * 0.4
        return (f'<path d="M{x0:.1f},{y0:.1f}L{bx:.1f},{by:.1f}" '
                f'{stroke(self.color, self.lw * layout.pt, "-")}/>'
                f'<path d="M{x1:.1f},{y1:.1f}L{bx + wx:.1f},{by + wy:.1f}'
                f'L{bx - wx:.1f},{by - wy:.1f}Z" fill="{self.color}"/>')
