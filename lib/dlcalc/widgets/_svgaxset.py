"""The settings of one SVG axes (titles, labels, limits, scales, ticks, aspect, grid, legend),
with Matplotlib's method names; :class:`~dlcalc.widgets._svgaxes.Axes` adds the drawing methods.
"""

import numpy as np

from dlcalc.widgets._svgstyle import arr, plain


class AxesSettings:
    """What an axes shows besides its artists: set with Matplotlib's ``set_*`` methods."""

    def __init__(self):
        self.title = self.xlabel = self.ylabel = ""
        self.xlim = self.ylim = None
        self.xscale = self.yscale = "linear"
        self.aspect = "auto"
        self.yinverted = False
        self.xticks = self.yticks = None  # (values, labels or None)
        self.xnticks, self.ynticks = 5, 5
        self.grid_alpha = 0.0
        self.legend_opts = None

    def set(self, **kw):
        """Set several properties at once: title, xlabel, ylabel, xlim, ylim, xscale, yscale,
        aspect."""
        for key, value in kw.items():
            setter = getattr(self, f"set_{key}", None)
            if setter is None:
                raise TypeError(f"set() got an unsupported property {key!r}")
            setter(*value) if key in ("xlim", "ylim") else setter(value)

    def set_title(self, s):
        self.title = plain(s, "title")

    def set_xlabel(self, s):
        self.xlabel = plain(s, "xlabel")

    def set_ylabel(self, s):
        self.ylabel = plain(s, "ylabel")

    def set_xlim(self, lo=None, hi=None):
        self.xlim = _limits(lo, hi, self.xlim, "xlim")

    def set_ylim(self, lo=None, hi=None):
        self.ylim = _limits(lo, hi, self.ylim, "ylim")

    def set_xscale(self, scale):
        self.xscale = _scale(scale)

    def set_yscale(self, scale):
        self.yscale = _scale(scale)

    def set_aspect(self, aspect):
        if aspect not in ("equal", "auto"):
            raise ValueError(f"set_aspect: aspect must be 'equal' or 'auto', got {aspect!r}")
        self.aspect = aspect

    def set_xticks(self, ticks, labels=None):
        self.xticks = (arr(ticks, "ticks"), _labels(labels))

    def set_yticks(self, ticks, labels=None):
        self.yticks = (arr(ticks, "ticks"), _labels(labels))

    def locator_params(self, axis="both", nbins=None):
        """At most ``nbins`` intervals between the automatic ticks of ``axis`` ("x", "y" or
        "both"), as Matplotlib's ``MaxNLocator``."""
        if axis not in ("x", "y", "both"):
            raise ValueError(f"locator_params: axis must be 'x', 'y' or 'both', got {axis!r}")
        if nbins is None:
            return
        if not (isinstance(nbins, int) and nbins >= 1):
            raise ValueError(f"locator_params: nbins must be a positive int, got {nbins!r}")
        if axis in ("x", "both"):
            self.xnticks = nbins
        if axis in ("y", "both"):
            self.ynticks = nbins

    def invert_yaxis(self):
        self.yinverted = not self.yinverted

    def grid(self, visible=True, alpha=0.3):
        self.grid_alpha = float(alpha) if visible else 0.0

    def legend(self, loc="best", fontsize=8, ncol=1, framealpha=0.85):
        """A legend of the labelled artists; ``loc`` "best", "upper/lower/center
        left/right/center", "outside right" (beside the axes) or "below" (under them)."""
        if loc not in _LEGEND_LOCS:
            raise ValueError(f"legend: loc must be one of {sorted(_LEGEND_LOCS)}, got {loc!r}")
        self.legend_opts = dict(loc=loc, size=float(fontsize), ncol=int(ncol),
                                framealpha=float(framealpha))


_LEGEND_LOCS = {"best", "upper right", "upper left", "lower left", "lower right", "upper center",
                "lower center", "center left", "center right", "center", "outside right",
                "below"}


def _labels(labels):
    return None if labels is None else [plain(s, "tick label") for s in labels]


def _limits(lo, hi, old, name):
    if isinstance(lo, (tuple, list)) and hi is None:
        lo, hi = lo
    old = old or (None, None)
    lo = old[0] if lo is None else float(lo)
    hi = old[1] if hi is None else float(hi)
    for v in (lo, hi):
        if v is not None and not np.isfinite(v):
            raise ValueError(f"{name} must be finite, got {v!r}")
    if lo is not None and hi is not None and lo == hi:
        raise ValueError(f"{name}: the two limits are equal ({lo!r})")
    return (lo, hi)


def _scale(scale):
    if scale not in ("linear", "log"):
        raise ValueError(f"scale must be 'linear' or 'log', got {scale!r}")
    return scale
