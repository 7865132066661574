"""SVG for each kind of artist (lines, markers, rules, spans, bars, contours, text, arrows)
and the legend, given an :class:`~dlcalc.widgets._svglayout.AxesLayout`'s pixel transform."""

import html
import math

import numpy as np

from dlcalc.widgets._ticks import text_width

_DASH = {"--": (3.7, 1.6), ":": (1.0, 1.65), "-.": (6.4, 1.6, 1.0, 1.6)}  # x line width
_FAR = 1e4  # px beyond the axes where lines are cut (coordinates stay short)


def esc(s):
    return html.escape(str(s), quote=True)


def text_svg(x, y, s, size, anchor="start", va="baseline", color="#000000"):
    """``<text>`` at ``(x, y)`` px; ``va`` top/center/bottom/baseline; lines split at "\\n"."""
    lines = str(s).split("\n")
    lead = 1.15 * size
    shift = {"top": 0.8 * size, "center": 0.35 * size - (len(lines) - 1) * lead / 2,
             "bottom": -0.22 * size - (len(lines) - 1) * lead, "baseline": 0.0}[va]
    fill = "" if color in ("#000000", "black") else f' fill="{color}"'
    if len(lines) == 1:
        return (f'<text x="{x:.1f}" y="{y + shift:.1f}" font-size="{size:.1f}" '
                f'text-anchor="{anchor}"{fill}>{esc(s)}</text>')
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else lead:.1f}">{esc(t)}</tspan>'
                    for i, t in enumerate(lines))
    return (f'<text y="{y + shift:.1f}" font-size="{size:.1f}" text-anchor="{anchor}"{fill}>'
            f"{spans}</text>")


def _runs(P):
    """Split an ``(n, 2)`` pixel polyline at non-finite points; cut far segments short."""
    ok = np.all(np.isfinite(P), axis=1)
    if not ok.any():
        return []
    breaks = np.flatnonzero(np.diff(ok.astype(np.int8)))
    bounds = np.concatenate([[0], breaks + 1, [len(P)]])
    runs = [P[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True) if ok[a]]
    out = []
    for r in runs:
        if np.abs(r).max() <= _FAR:
            out.append(r)
        else:
            out.extend(_cut(r))
    return out


def _cut(r):
    """Liang-Barsky: keep the parts of the polyline ``r`` inside the square |x|, |y| <= _FAR."""
    pieces, cur = [], []
    for p, q in zip(r[:-1], r[1:], strict=True):
        d = q - p
        t0, t1 = 0.0, 1.0
        for pk, qk in ((-d[0], p[0] + _FAR), (d[0], _FAR - p[0]), (-d[1], p[1] + _FAR),
                       (d[1], _FAR - p[1])):
            if pk == 0:
                if qk < 0:
                    t0, t1 = 1.0, 0.0
            elif pk < 0:
                t0 = max(t0, qk / pk)
            else:
                t1 = min(t1, qk / pk)
        if t0 > t1:
            if cur:
                pieces.append(np.array(cur))
                cur = []
            continue
        a, b = p + t0 * d, p + t1 * d
        if not cur or t0 > 0:
            if cur:
                pieces.append(np.array(cur))
            cur = [a]
        cur.append(b)
        if t1 < 1:
            pieces.append(np.array(cur))
            cur = []
    if cur:
        pieces.append(np.array(cur))
    return [p for p in pieces if len(p) > 1]


def path_d(runs):
    """The ``d`` attribute of a path through each run of points (0.1 px precision)."""
    parts = []
    for r in runs:
        xy = [f"{x:.1f},{y:.1f}" for x, y in r.tolist()]
        parts.append("M" + xy[0] + ("L" + " ".join(xy[1:]) if len(xy) > 1 else ""))
    return "".join(parts)


def _stroke(color, lw, ls, alpha=1.0):
    s = f'fill="none" stroke="{color}" stroke-width="{lw:.2f}"'
    if ls in _DASH:
        s += ' stroke-dasharray="' + ",".join(f"{v * lw:.1f}" for v in _DASH[ls]) + '"'
    if alpha < 1:
        s += f' stroke-opacity="{alpha:.2f}"'
    return s


# -- markers ---------------------------------------------------------------------------------
def _polygon(n, r, start=-math.pi / 2, inner=None):
    pts = []
    for k in range(n * (2 if inner else 1)):
        rad = (inner if inner and k % 2 else r)
        t = start + k * math.pi * 2 / (n * (2 if inner else 1))
        pts.append(f"{rad * math.cos(t):.2f},{rad * math.sin(t):.2f}")
    return "M" + "L".join(pts) + "Z"


def marker_path(marker, size):
    """The path ``d`` of ``marker`` of ``size`` px (about its diameter), centred at 0, 0."""
    r = size / 2
    if marker in "o.":
        r = r if marker == "o" else r * 0.5
        arc = f"a{r:.2f},{r:.2f} 0 1,0"
        return f"M{-r:.2f},0{arc} {2 * r:.2f},0{arc} {-2 * r:.2f},0Z"
    s = r * 0.9
    return {
        "s": f"M{-s:.2f},{-s:.2f}h{2 * s:.2f}v{2 * s:.2f}h{-2 * s:.2f}Z",
        "^": _polygon(3, r * 1.1), "v": _polygon(3, r * 1.1, math.pi / 2),
        "<": _polygon(3, r * 1.1, math.pi), ">": _polygon(3, r * 1.1, 0.0),
        "D": _polygon(4, r), "d": _polygon(4, r * 0.8), "p": _polygon(5, r), "h": _polygon(6, r),
        "*": _polygon(5, r * 1.2, inner=r * 0.5),
        "+": f"M{-r:.2f},0h{2 * r:.2f}M0,{-r:.2f}v{2 * r:.2f}",
        "x": f"M{-s:.2f},{-s:.2f}l{2 * s:.2f},{2 * s:.2f}"
             f"M{-s:.2f},{s:.2f}l{2 * s:.2f},{-2 * s:.2f}",
        "X": _cross(r),
    }[marker]


def _cross(r):
    a, b = r * 0.3, r  # a filled X: the x outline with arm half-width a
    pts = [(0, -a), (b - a, -b), (b, -b + a), (a, 0), (b, b - a), (b - a, b), (0, a), (-b + a, b),
           (-b, b - a), (-a, 0), (-b, -b + a), (-b + a, -b)]
    return "M" + "L".join(f"{x * 0.9:.2f},{y * 0.9:.2f}" for x, y in pts) + "Z"


def use_marker(layout, marker, size):
    key = f"m{'os^v<>*+xXDdph.'.index(marker)}-{size:.1f}".replace(".", "_")
    ident = f"{layout.uid.split('-')[0]}{key}"
    if ident not in layout.defs:
        layout.defs[ident] = f'<path id="{ident}" d="{marker_path(marker, size)}"/>'
    return ident


def markers_svg(layout, P, a):
    size = a.ms * layout.pt
    ident = use_marker(layout, a.marker, size)
    open_ = a.marker in "+x"
    face = "none" if open_ else (a.mfc or a.color)
    edge = a.mec or a.color
    ew = (1.0 if not open_ else max(a.lw, 1.0)) * layout.pt
    attrs = f'fill="{face}" stroke="{edge}" stroke-width="{ew:.2f}"'
    if a.alpha < 1:
        attrs += f' opacity="{a.alpha:.2f}"'
    ok = np.all(np.isfinite(P), axis=1) & np.all(np.abs(P) < _FAR, axis=1)
    uses = "".join(f'<use href="#{ident}" x="{x:.1f}" y="{y:.1f}"/>' for x, y in P[ok].tolist())
    return f"<g {attrs}>{uses}</g>" if uses else ""


# -- one artist ------------------------------------------------------------------------------
def draw(layout, a):
    """Return the SVG of artist ``a`` in ``layout``'s pixels."""
    pt = layout.pt
    if a.kind == "line":
        P = layout.points(a.x, a.y)
        out = ""
        if a.ls != "none" and len(P) > 1:
            d = path_d(_runs(P))
            if d:
                out += f'<path d="{d}" {_stroke(a.color, a.lw * pt, a.ls, a.alpha)}/>'
        if a.marker:
            out += markers_svg(layout, P, a)
        return out
    if a.kind == "rule":
        if a.orient == "h":
            y = float(layout.py(a.value))
            d = f"M{layout.x:.1f},{y:.1f}h{layout.w:.1f}" if np.isfinite(y) else ""
        else:
            x = float(layout.px(a.value))
            d = f"M{x:.1f},{layout.y:.1f}v{layout.h:.1f}" if np.isfinite(x) else ""
        return f'<path d="{d}" {_stroke(a.color, a.lw * pt, a.ls, a.alpha)}/>' if d else ""
    if a.kind == "span":
        if a.orient == "v":
            x0, x1 = sorted(np.clip(layout.px([a.lo, a.hi]), -_FAR, _FAR))
            box = (x0, layout.y, x1 - x0, layout.h)
        else:
            y0, y1 = sorted(np.clip(layout.py([a.lo, a.hi]), -_FAR, _FAR))
            box = (layout.x, y0, layout.w, y1 - y0)
        return _rect(box, a.color, a.alpha)
    if a.kind == "bars":
        return _bars(layout, a)
    if a.kind == "contour":
        out = []
        for color, lines in a.paths:
            runs = []
            for seg in lines:
                runs.extend(_runs(layout.points(seg[:, 0], seg[:, 1])))
            if runs:
                out.append(f'<path d="{path_d(runs)}" {_stroke(color, a.lw * pt, "-", a.alpha)}/>')
        return "".join(out)
    if a.kind == "text":
        if a.coords == "axes":
            x, y = layout.x + a.x * layout.w, layout.y + (1 - a.y) * layout.h
        else:
            x, y = float(layout.px(a.x)), float(layout.py(a.y))
        if not (np.isfinite(x) and np.isfinite(y)):
            return ""
        anchor = {"left": "start", "center": "middle", "right": "end"}[a.ha]
        return text_svg(x + a.dx, y + a.dy, a.s, a.size * pt, anchor, a.va, a.color)
    if a.kind == "arrow":
        return _arrow(layout, a)
    raise ValueError(f"unknown artist kind {a.kind!r}")  # pragma: no cover - internal


def _rect(box, color, alpha=1.0):
    x, y, w, h = box
    op = f' fill-opacity="{alpha:.2f}"' if alpha < 1 else ""
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" '
            f'fill="{color}"{op}/>')


def _bars(layout, a):
    out = []
    vlog = (layout.ax.xscale if a.horizontal else layout.ax.yscale) == "log"
    lim = layout.xlim if a.horizontal else layout.ylim
    base = lim[0] if vlog else 0.0
    for p, v, c in zip(a.pos, a.values, a.colors, strict=True):
        lo, hi = p - a.thickness / 2, p + a.thickness / 2
        if a.horizontal:
            xs, ys = layout.px([base, v]), layout.py([lo, hi])
        else:
            xs, ys = layout.px([lo, hi]), layout.py([base, v])
        xs, ys = np.clip(xs, -_FAR, _FAR), np.clip(ys, -_FAR, _FAR)
        if np.all(np.isfinite(xs)) and np.all(np.isfinite(ys)):
            out.append(_rect((min(xs), min(ys), abs(xs[1] - xs[0]), abs(ys[1] - ys[0])), c,
                             a.alpha))
    return "".join(out)


def _arrow(layout, a):
    (x0, y0), (x1, y1) = layout.points([a.start[0], a.end[0]], [a.start[1], a.end[1]])
    if not all(np.isfinite([x0, y0, x1, y1])):
        return ""
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 1e-9:
        return ""
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    head = min(a.head * layout.pt, 0.6 * length)
    bx, by = x1 - head * ux, y1 - head * uy
    wx, wy = -uy * head * 0.4, ux * head * 0.4
    return (f'<path d="M{x0:.1f},{y0:.1f}L{bx:.1f},{by:.1f}" '
            f'{_stroke(a.color, a.lw * layout.pt, "-")}/>'
            f'<path d="M{x1:.1f},{y1:.1f}L{bx + wx:.1f},{by + wy:.1f}'
            f'L{bx - wx:.1f},{by - wy:.1f}Z" fill="{a.color}"/>')


# -- the legend ------------------------------------------------------------------------------
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
        pts = [L.points(a.x, a.y) for a in L.ax.artists if a.kind == "line"]
        pts = np.concatenate(pts) if pts else np.zeros((0, 2))
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
                out.append(self._sample(L, a, cx, cy))
                out.append(text_svg(cx + self.sample + 4, cy, a.label, self.size, "start",
                                    "center"))
            cx += cw + 6
        return "".join(out)

    def _sample(self, L, a, x, y):
        s, pt = self.sample, L.pt
        if a.kind in ("span", "bars"):
            color = a.color if a.kind == "span" else a.colors[0]
            return _rect((x, y - 0.35 * self.size, s, 0.7 * self.size), color, a.alpha)
        if a.kind == "contour":
            color = a.paths[0][0] if a.paths else "#777777"
            return f'<path d="M{x:.1f},{y:.1f}h{s:.1f}" {_stroke(color, a.lw * pt, "-")}/>'
        if a.kind in ("line", "rule"):
            out = ""
            if a.ls != "none":
                stroke = _stroke(a.color, a.lw * pt, a.ls, a.alpha)
                out += f'<path d="M{x:.1f},{y:.1f}h{s:.1f}" {stroke}/>'
            if getattr(a, "marker", None):
                out += markers_svg(L, np.array([[x + s / 2, y]]), a)
            return out
        return ""
