"""Lay out one :class:`~dlcalc.widgets._svgaxes.Axes` in its cell and write its SVG: limits,
ticks, margins, the data-to-pixel transform, then the artists, the frame and the legend."""

import math

import numpy as np

from dlcalc.widgets import _svgmarks as marks
from dlcalc.widgets._svglegend import Legend
from dlcalc.widgets._ticks import axis_ticks, format_ticks, text_width

TICK = 3.5  # tick length, px


def _extents(ax, axis):
    """Return (values, sticky) of the data along ``axis`` ("x"/"y") for autoscaling."""
    vals, sticky = [], []
    for a in ax.artists:
        v, st = a.extents(axis)
        vals.extend(v)
        sticky.extend(st)
    v = np.concatenate([np.asarray(x, dtype=float).ravel() for x in vals]) if vals else np.array([])
    return v, sticky


def _autolim(ax, axis):
    log = (ax.xscale if axis == "x" else ax.yscale) == "log"
    user = (ax.xlim if axis == "x" else ax.ylim) or (None, None)
    inverted = False
    if user[0] is not None and user[1] is not None and user[0] > user[1]:
        user, inverted = (user[1], user[0]), True
    if user[0] is not None and user[1] is not None:
        lo, hi = user
    else:
        v, sticky = _extents(ax, axis)
        v = v[np.isfinite(v) & ((v > 0) if log else True)]
        v = np.clip(v, 1e-300 if log else -1e300, 1e300)  # beyond: infinite, for a picture
        if v.size == 0:
            lo, hi = (1.0, 10.0) if log else (0.0, 1.0)
        else:
            lo, hi = float(v.min()), float(v.max())
            if log:
                lo, hi = math.log10(lo), math.log10(hi)
            if hi == lo:
                lo, hi = lo - (1.0 if log or lo == 0 else 0.05 * abs(lo)), hi + (
                    1.0 if log or hi == 0 else 0.05 * abs(hi))
            else:
                pad = 0.05 * (hi - lo)
                st = [math.log10(s) for s in sticky if s > 0] if log else sticky
                lo = lo if any(abs(lo - s) <= 1e-12 * (1 + abs(s)) for s in st) else lo - pad
                hi = hi if any(abs(hi - s) <= 1e-12 * (1 + abs(s)) for s in st) else hi + pad
            if log:
                lo, hi = 10.0**lo, 10.0**hi
        lo = lo if user[0] is None else user[0]
        hi = hi if user[1] is None else user[1]
        if hi <= lo:
            hi = lo + (abs(lo) if log else 1.0)
    if log and lo <= 0:
        raise ValueError(f"{axis} axis is logarithmic but its lower limit is {lo!r} (must be > 0)")
    if axis == "y" and inverted:
        ax.yinverted = not ax.yinverted
    return lo, hi


def _ticks(ax, axis, lo, hi):
    log = (ax.xscale if axis == "x" else ax.yscale) == "log"
    fixed = ax.xticks if axis == "x" else ax.yticks
    if fixed is not None:
        t, labels = fixed
        labels = labels if labels is not None else format_ticks(t, log=log)
        keep = (t >= lo - 1e-9 * (hi - lo)) & (t <= hi + 1e-9 * (hi - lo))
        return t[keep], [s for s, k in zip(labels, keep, strict=True) if k]
    return axis_ticks(lo, hi, ax.xnticks if axis == "x" else ax.ynticks, log=log)


class AxesLayout:
    """The pixel layout of one axes in the cell ``(x0, y0, x1, y1)``; :meth:`svg` draws it."""

    def __init__(self, ax, cell, pt, uid, defs):
        self.ax, self.pt, self.uid, self.defs = ax, pt, uid, defs
        self.tsize, self.lsize, self.hsize = 9 * pt, 10 * pt, 11 * pt  # ticks, labels, title
        self.xlim, self.ylim = _autolim(ax, "x"), _autolim(ax, "y")
        self.legend = Legend(ax, pt) if ax.legend_opts else None
        cx0, cy0, cx1, cy1 = cell
        self.xt, self.xl = _ticks(ax, "x", *self.xlim)
        self.yt, self.yl = _ticks(ax, "y", *self.ylim)
        xl_lines = max([s.count("\n") + 1 for s in self.xl] or [1])
        top = 8 + (self.hsize * 1.4 if ax.title else 0)
        bottom = 4 + TICK + 3 + xl_lines * self.tsize * 1.15 + (
            self.lsize * 1.35 if ax.xlabel else 0)
        ywidth = max([text_width(s, self.tsize) for s in self.yl] or [0])
        left = 6 + (self.lsize * 1.4 if ax.ylabel else 0) + ywidth + 3 + TICK
        right = 10.0
        if self.legend and self.legend.loc == "outside right":
            right += self.legend.width + 4
        if self.legend and self.legend.loc == "below":
            bottom += self.legend.height + 6
        self.x, self.y = cx0 + left, cy0 + top
        self.w = max(cx1 - cx0 - left - right, 20.0)
        self.h = max(cy1 - cy0 - top - bottom, 20.0)
        if ax.aspect == "equal":
            self._shrink_to_equal()
        self.bottom_text = self.y + self.h + TICK + 3
        self.below = self.bottom_text + xl_lines * self.tsize * 1.15 + (
            self.lsize * 1.35 if ax.xlabel else 0) + 4  # top of a legend placed "below"

    def _shrink_to_equal(self):
        """Shrink the box (centred in its space, like Matplotlib's default) so that one data
        unit is as long on both axes; the limits stay as they are."""
        if "log" in (self.ax.xscale, self.ax.yscale):
            raise ValueError("aspect 'equal' needs linear axes")
        (a, b), (c, d) = self.xlim, self.ylim
        sx, sy = (b - a) / self.w, (d - c) / self.h  # data units per pixel
        if sx < sy:
            w = (b - a) / sy
            self.x, self.w = self.x + (self.w - w) / 2, w
        else:
            h = (d - c) / sx
            self.y, self.h = self.y + (self.h - h) / 2, h

    # -- transforms --------------------------------------------------------------------------
    def _t(self, v, log, lim):
        v = np.asarray(v, dtype=float)
        if log:
            with np.errstate(divide="ignore", invalid="ignore"):
                v = np.where(v > 0, np.log10(np.where(v > 0, v, 1.0)), np.nan)
            lim = (math.log10(lim[0]), math.log10(lim[1]))
        with np.errstate(over="ignore", invalid="ignore"):  # overflow: off the picture
            return (v - lim[0]) / (lim[1] - lim[0])

    def px(self, x):
        return self.x + self.w * self._t(x, self.ax.xscale == "log", self.xlim)

    def py(self, y):
        f = self._t(y, self.ax.yscale == "log", self.ylim)
        return self.y + (f if self.ax.yinverted else 1.0 - f) * self.h

    def points(self, x, y):
        return np.column_stack([self.px(x), self.py(y)])

    # -- drawing -----------------------------------------------------------------------------
    def svg(self):
        ax, clip = self.ax, f"clip{self.uid}"
        out = [f'<g><clipPath id="{clip}"><rect x="{self.x:.1f}" y="{self.y:.1f}" '
               f'width="{self.w:.1f}" height="{self.h:.1f}"/></clipPath>']
        out.append(self._grid())
        inside, outside = [], []
        for a in sorted(ax.artists, key=lambda a: a.z):
            (inside if a.clipped else outside).append(a.svg(self))
        out.append(f'<g clip-path="url(#{clip})">' + "".join(inside) + "</g>")
        out.append(self._frame())
        out.extend(outside)
        if self.legend:
            out.append(self.legend.svg(self))
        out.append("</g>")
        return "".join(out)

    def _grid(self):
        if self.ax.grid_alpha <= 0:
            return ""
        xs, ys = self.px(self.xt), self.py(self.yt)
        d = "".join(f"M{x:.1f},{self.y:.1f}v{self.h:.1f}" for x in xs) + "".join(
            f"M{self.x:.1f},{y:.1f}h{self.w:.1f}" for y in ys)
        return (f'<path d="{d}" stroke="#b0b0b0" stroke-width="{0.8 * self.pt:.2f}" '
                f'stroke-opacity="{self.ax.grid_alpha:.2f}" fill="none"/>')

    def _frame(self):
        ax, out = self.ax, []
        out.append(f'<rect x="{self.x:.1f}" y="{self.y:.1f}" width="{self.w:.1f}" '
                   f'height="{self.h:.1f}" fill="none" stroke="#333333" stroke-width="0.8"/>')
        bottom = self.y + self.h
        ticks = "".join(f"M{x:.1f},{bottom:.1f}v{TICK}" for x in self.px(self.xt))
        ticks += "".join(f"M{self.x:.1f},{y:.1f}h{-TICK}" for y in self.py(self.yt))
        out.append(f'<path d="{ticks}" stroke="#333333" stroke-width="0.8"/>')
        ts = self.tsize
        for x, s in zip(self.px(self.xt), self.xl, strict=True):
            out.append(marks.text_svg(x, self.bottom_text, s, ts, "middle", "top"))
        for y, s in zip(self.py(self.yt), self.yl, strict=True):
            out.append(marks.text_svg(self.x - TICK - 3, y, s, ts, "end", "center"))
        xl_lines = max([s.count("\n") + 1 for s in self.xl] or [1])
        if ax.xlabel:
            y = self.bottom_text + xl_lines * ts * 1.15 + 2
            out.append(marks.text_svg(self.x + self.w / 2, y, ax.xlabel, self.lsize, "middle",
                                      "top"))
        if ax.ylabel:
            ywidth = max([text_width(s, ts) for s in self.yl] or [0])
            x = self.x - TICK - 3 - ywidth - 4 - self.lsize * 0.25
            cy = self.y + self.h / 2
            out.append(f'<g transform="rotate(-90 {x:.1f} {cy:.1f})">'
                       + marks.text_svg(x, cy, ax.ylabel, self.lsize, "middle", "bottom") + "</g>")
        if ax.title:
            out.append(marks.text_svg(self.x + self.w / 2, self.y - 6, ax.title, self.hsize,
                                      "middle", "bottom"))
        return "".join(out)
