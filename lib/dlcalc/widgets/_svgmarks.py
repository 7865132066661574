"""SVG for each kind of artist (lines, markers, rules, spans, bars, contours, text, arrows),
given an :class:`~dlcalc.widgets._svglayout.AxesLayout`'s pixel transform."""

import html
import math

import numpy as np

from dlcalc.widgets._svgstyle import marker_path, stroke

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


# -- markers ---------------------------------------------------------------------------------
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
                out += f'<path d="{d}" {stroke(a.color, a.lw * pt, a.ls, a.alpha)}/>'
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
        return f'<path d="{d}" {stroke(a.color, a.lw * pt, a.ls, a.alpha)}/>' if d else ""
    if a.kind == "span":
        if a.orient == "v":
            x0, x1 = sorted(np.clip(layout.px([a.lo, a.hi]), -_FAR, _FAR))
            box = (x0, layout.y, x1 - x0, layout.h)
        else:
            y0, y1 = sorted(np.clip(layout.py([a.lo, a.hi]), -_FAR, _FAR))
            box = (layout.x, y0, layout.w, y1 - y0)
        return rect_svg(box, a.color, a.alpha)
    if a.kind == "bars":
        return _bars(layout, a)
    if a.kind == "contour":
        out = []
        for color, lines in a.paths:
            runs = []
            for seg in lines:
                runs.extend(_runs(layout.points(seg[:, 0], seg[:, 1])))
            if runs:
                out.append(f'<path d="{path_d(runs)}" {stroke(color, a.lw * pt, "-", a.alpha)}/>')
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


def rect_svg(box, color, alpha=1.0):
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
            out.append(rect_svg((min(xs), min(ys), abs(xs[1] - xs[0]), abs(ys[1] - ys[0])), c,
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
            f'{stroke(a.color, a.lw * layout.pt, "-")}/>'
            f'<path d="M{x1:.1f},{y1:.1f}L{bx + wx:.1f},{by + wy:.1f}'
            f'L{bx - wx:.1f},{by - wy:.1f}Z" fill="{a.color}"/>')
