"""Tick positions, tick labels and text widths for the demos' SVG plots (pure functions).

* :func:`linear_ticks` -- "nice" ticks (steps 1, 2, 2.5, 5 times a power of ten) in ``[lo, hi]``;
* :func:`log_ticks` -- powers of ten in ``[lo, hi]`` (1, 2 and 5 times them when the range is
  under two decades);
* :func:`format_ticks` -- labels with as many decimals as the step needs and a real minus sign;
* :func:`axis_ticks` -- the ticks and labels of one axis, linear or logarithmic: what the plotter
  uses for every axis whose ticks were not set (the one place log ticks are decided);
* :func:`text_width` -- the approximate width in pixels of a string in a sans-serif font.
"""

import math

import numpy as np

_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def linear_ticks(lo, hi, n=5):
    """Return at most ``n + 1`` evenly spaced "nice" values in ``[lo, hi]`` (shape ``(k,)``)."""
    lo, hi = float(lo), float(hi)
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        raise ValueError(f"linear_ticks needs finite lo < hi, got lo={lo!r}, hi={hi!r}")
    raw = (hi - lo) / max(int(n), 1)
    scale = 10.0 ** math.floor(math.log10(raw))
    for s in _STEPS:
        step = s * scale
        first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
        if last - first <= n:
            break
    ticks = np.arange(first, last + 1) * step
    ticks[np.abs(ticks) < 1e-12 * step] = 0.0
    return ticks


def log_ticks(lo, hi, n=6):
    """Return powers of ten in ``[lo, hi]`` (every k-th decade so that at most ``n`` remain);
    when the range spans under two decades (``hi < 100 lo``), the 1, 2 and 5 multiples of
    powers of ten inside it instead."""
    lo, hi = float(lo), float(hi)
    if not (0 < lo < hi < math.inf):
        raise ValueError(f"log_ticks needs 0 < lo < hi < inf, got lo={lo!r}, hi={hi!r}")
    a, b = math.ceil(math.log10(lo) - 1e-9), math.floor(math.log10(hi) + 1e-9)
    if hi < 100 * lo:
        cands = [m * 10.0**k for k in range(a - 1, b + 1) for m in (1.0, 2.0, 5.0)]
        return np.array([t for t in cands if lo * (1 - 1e-9) <= t <= hi * (1 + 1e-9)])
    stride = max(1, math.ceil((b - a + 1) / max(int(n), 1)))
    return np.array([10.0**k for k in range(a, b + 1) if (k - a) % stride == 0], dtype=float)


def axis_ticks(lo, hi, n=5, log=False):
    """Return ``(ticks, labels)`` of an axis on ``[lo, hi]`` with at most about ``n`` intervals.

    Linear: :func:`linear_ticks`. Logarithmic: :func:`log_ticks` labelled ``10⁻³`` style; on a
    range so narrow that fewer than three 1-2-5 values fall inside, evenly spaced ticks with
    plain labels instead (a log axis spanning 0.3 to 0.9 gets 0.4, 0.6, 0.8, not one label).
    """
    if not log:
        t = linear_ticks(lo, hi, n)
        return t, format_ticks(t)
    t = log_ticks(lo, hi, n + 1)
    if len(t) >= 3 or hi >= 100 * lo:
        return t, format_ticks(t, log=True)
    t = linear_ticks(lo, hi, min(n, 4))
    return t, format_ticks(t)


def _minus(s):
    return s.replace("-", "−")


def format_ticks(ticks, log=False):
    """Return the labels of ``ticks``: ``10⁻³``-style on a log axis (``2×10⁻³`` between
    decades), otherwise fixed decimals read off the step, or 3 significant digits for values
    that are very large or very small."""
    ticks = np.asarray(ticks, dtype=float)
    if log:
        out = []
        for t in ticks:
            k = math.floor(math.log10(t) + 1e-9)
            m = t / 10.0**k
            head = "" if abs(m - 1) < 1e-6 else f"{m:.0f}×"
            out.append(head + "10" + str(k).translate(_SUPERSCRIPT))
        return out
    if len(ticks) == 0:
        return []
    big = float(np.max(np.abs(ticks)))
    step = float(np.min(np.diff(ticks))) if len(ticks) > 1 else max(big, 1.0)
    if big >= 1e5 or (0 < step < 1e-3):
        return [_minus(f"{t:.3g}") for t in ticks]
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    if any(abs(t * 10**decimals - round(t * 10**decimals)) > 1e-6 for t in ticks):
        decimals += 1  # steps like 2.5 need one more digit
    return [_minus(f"{t:.{decimals}f}") for t in ticks]


_NARROW = set("il.,:;'|!()[]{} tfjrI·")
_WIDE = set("mwMW@%—=+<>")
_DIGITS = set("0123456789")  # DejaVu Sans figures are all 0.64 em wide, "1" too


def text_width(s, size):
    """Return the approximate width in pixels of the one-line string ``s`` at font ``size``
    pixels (DejaVu-like sans serif; good to about 10 %, enough for layout)."""
    w = 0.0
    for ch in str(s):
        w += 0.32 if ch in _NARROW else 0.88 if ch in _WIDE else 0.64 if ch in _DIGITS else (
            0.68 if ch.isupper() else 0.58)
    return w * float(size)
