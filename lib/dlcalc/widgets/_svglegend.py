"""The legend of an SVG axes: its entries, its size (the layout reserves room for it) and its
placement, "best" meaning the candidate place that covers the fewest data points."""

import math

import numpy as np

from dlcalc.widgets._svgmarks import text_svg
from dlcalc.widgets._ticks import text_width


class Legend:
    """The labelled artists of an axes, their box size, and its placement."""

    def __init__(self, ax, pt):
        o = ax.legend_opts
        self.loc, self.ncol, self.alpha = o["loc"], max(o["ncol"], 1), o["framealpha"]
        self.size = o["size"] * pt
        self.entries = [a for a in ax.artists if a.label and not str(a.label).startswith("_")]
        self.sample, self.pad, self.row = 22.0, 4.0, self.size * 1.35
        nrows = math.ceil(len(self.entries) / self.ncol) if self.entries else 0
        self.cols = [self.entries[i * nrows:(i + 1) * nrows] for i in range(self.ncol)]
        self.colw = [max([text_width(e.label, self.size) for e in col] or [0])
                     + self.sample + 6 for col in self.cols]
        self.width = sum(self.colw) + 2 * self.pad + 6 * (self.ncol - 1) if self.entries else 0.0
        self.height = nrows * self.row + 2 * self.pad if self.entries else 0.0

    def _origin(self, L):
        inset, W, H = 5.0, self.width, self.height
        left, right = L.x + inset, L.x + L.w - inset - W
        top, bottom = L.y + inset, L.y + L.h - inset - H
        cx, cy = L.x + (L.w - W) / 2, L.y + (L.h - H) / 2
        places = {"upper right": (right, top), "upper left": (left, top),
                  "lower left": (left, bottom), "lower right": (right, bottom),
                  "center right": (right, cy), "center left": (left, cy),
                  "lower center": (cx, bottom), "upper center": (cx, top), "center": (cx, cy),
                  "outside right": (L.x + L.w + 8, L.y),
                  "below": (cx, L.below)}
        if self.loc != "best":
            return places[self.loc]
        pts = np.concatenate([a.legend_points(L) for a in L.ax.artists] + [np.zeros((0, 2))])
        best, best_n = None, None
        for name in ("upper right", "upper left", "lower left", "lower right", "center right",
                     "center left", "lower center", "upper center", "center"):
            x, y = places[name]
            n = int(np.count_nonzero((pts[:, 0] >= x) & (pts[:, 0] <= x + W)
                                     & (pts[:, 1] >= y) & (pts[:, 1] <= y + H)))
            if best_n is None or n < best_n:
                best, best_n = places[name], n
        return best

    def svg(self, L):
        if not self.entries:
            return ""
        x0, y0 = self._origin(L)
        out = [f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{self.width:.1f}" '
               f'height="{self.height:.1f}" rx="2" fill="#ffffff" fill-opacity="{self.alpha:.2f}" '
               f'stroke="#cccccc" stroke-width="0.8"/>']
        cx = x0 + self.pad
        for col, cw in zip(self.cols, self.colw, strict=True):
            for i, a in enumerate(col):
                cy = y0 + self.pad + (i + 0.5) * self.row
                out.append(a.legend_sample(L, cx, cy, self.sample, self.size))
                out.append(text_svg(cx + self.sample + 4, cy, a.label, self.size, "start",
                                    "center"))
            cx += cw + 6
        return "".join(out)
