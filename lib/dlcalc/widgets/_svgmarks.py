"""SVG pieces the artists share, in pixels: text, polylines (split at non-finite points and cut
short far outside the picture), markers (one ``<path>`` in ``<defs>``, one ``<use>`` per point)
and rectangles. The artists themselves are in :mod:`dlcalc.widgets._svgartists`."""

import html

import numpy as np

from dlcalc.widgets._svgstyle import marker_path

FAR = 1e4  # px beyond the axes where lines are cut (coordinates stay short)


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


def runs(P):
    """Split an ``(n, 2)`` pixel polyline at non-finite points; cut far segments short."""
    ok = np.all(np.isfinite(P), axis=1)
    if not ok.any():
        return []
    breaks = np.flatnonzero(np.diff(ok.astype(np.int8)))
    bounds = np.concatenate([[0], breaks + 1, [len(P)]])
    runs = [P[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True) if ok[a]]
    out = []
    for r in runs:
        if np.abs(r).max() <= FAR:
            out.append(r)
        else:
            out.extend(_cut(r))
    return out


def _cut(r):
    """Liang-Barsky: keep the parts of the polyline ``r`` inside the square |x|, |y| <= FAR."""
    pieces, cur = [], []
    for p, q in zip(r[:-1], r[1:], strict=True):
        d = q - p
        t0, t1 = 0.0, 1.0
        for pk, qk in ((-d[0], p[0] + FAR), (d[0], FAR - p[0]), (-d[1], p[1] + FAR),
                       (d[1], FAR - p[1])):
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
    ok = np.all(np.isfinite(P), axis=1) & np.all(np.abs(P) < FAR, axis=1)
    uses = "".join(f'<use href="#{ident}" x="{x:.1f}" y="{y:.1f}"/>' for x, y in P[ok].tolist())
    return f"<g {attrs}>{uses}</g>" if uses else ""


def rect_svg(box, color, alpha=1.0):
    x, y, w, h = box
    op = f' fill-opacity="{alpha:.2f}"' if alpha < 1 else ""
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" '
            f'fill="{color}"{op}/>')
