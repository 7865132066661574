"""Contour lines for the SVG plotter: levels like Matplotlib's, lines from ``contourpy``
(Matplotlib's own marching squares, in C++), one color per level."""

import numpy as np

from dlcalc.widgets._svgstyle import to_color
from dlcalc.widgets._ticks import linear_ticks


def contour_lines(X, Y, Z, levels=7, colors=None, cmap=None):
    """Return ``[(color, [lines...]), ...]``, one entry per level strictly inside the range of
    ``Z``; each line an ``(n, 2)`` array of data points. ``X``, ``Y``, ``Z``: 2-D of one shape
    (as from ``np.meshgrid``); ``levels`` an int (about that many nice levels) or the values;
    ``colors`` one color for all, else the colormap ``cmap`` (default viridis) spread over the
    levels (over all the given ones when they are explicit, as Matplotlib does)."""
    import contourpy

    X, Y, Z = (np.asarray(a, dtype=float) for a in (X, Y, Z))
    if Z.ndim != 2 or X.shape != Z.shape or Y.shape != Z.shape:
        raise ValueError(f"contour: X, Y and Z must be 2-D of one shape, got {X.shape}, "
                         f"{Y.shape}, {Z.shape}")
    finite = Z[np.isfinite(Z)]
    if finite.size == 0:
        raise ValueError("contour: Z has no finite value")
    zlo, zhi = float(finite.min()), float(finite.max())
    if np.ndim(levels) == 0:
        asked = linear_ticks(zlo, zhi, int(levels) + 1) if zhi > zlo else np.array([])
    else:
        asked = np.sort(np.asarray(levels, dtype=float).ravel())
    inside = asked[(asked > zlo) & (asked < zhi)] if zhi > zlo else asked[:0]
    span = inside if np.ndim(levels) == 0 else asked
    if colors is not None:
        cols = [to_color(colors, "colors")] * len(inside)
    else:
        import matplotlib

        cm = matplotlib.colormaps[cmap or "viridis"]
        t = (inside - span.min()) / (np.ptp(span) or 1.0) if len(inside) else inside
        cols = [to_color(cm(v)) for v in t]
    gen = contourpy.contour_generator(X, Y, np.ma.masked_invalid(Z))
    return [(c, gen.lines(level)) for level, c in zip(inside, cols, strict=True)]
