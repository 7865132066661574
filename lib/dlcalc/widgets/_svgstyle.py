"""Styles shared by the SVG plotter: Matplotlib-style colors and format strings, dash
patterns, marker shapes, and the keyword handling that refuses unknown keywords."""

import math
import re

import numpy as np

_TAB10 = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
          "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
_LETTERS = {"b": "#1f77b4", "g": "#2ca02c", "r": "#d62728", "c": "#17becf", "m": "#e377c2",
            "y": "#bcbd22", "k": "#000000", "w": "#ffffff"}
MARKERS = set(".os^v<>*+xXDdph")
_LINESTYLES = {"-": "-", "--": "--", ":": ":", "-.": "-.", "solid": "-", "dashed": "--",
               "dotted": ":", "dashdot": "-.", "none": "none", "None": "none", "": "none"}
_FMT = re.compile(r"^(?P<a>[bgrcmykw])?(?P<m>[.os^v<>*+xXDdph])?(?P<ls>--|-\.|-|:)?"
                  r"(?P<b>[bgrcmykw])?$")


def to_color(c, name="color"):
    """Return an SVG color for a Matplotlib-style color: ``"C0"``..``"C9"``, a one-letter code,
    a grey level ``"0.6"``, ``"#rrggbb"``, a CSS name, or an RGB(A) tuple of floats in [0, 1]."""
    if isinstance(c, (tuple, list, np.ndarray)) and len(c) in (3, 4):
        rgb = np.clip(np.asarray(c[:3], dtype=float), 0, 1)
        return "#" + "".join(f"{int(round(255 * v)):02x}" for v in rgb)
    if isinstance(c, str):
        if re.fullmatch(r"C\d", c):
            return _TAB10[int(c[1])]
        if c in _LETTERS:
            return _LETTERS[c]
        if re.fullmatch(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]+", c):
            return c
        try:
            g = float(c)
        except ValueError:
            g = -1.0
        if 0.0 <= g <= 1.0:
            return "#" + f"{int(round(255 * g)):02x}" * 3
    raise ValueError(f"{name} must be a color such as 'C0', 'k', '0.6', '#1f77b4' or 'black'; "
                     f"got {c!r}")


def pop(kw, *names, default=None):
    value = default
    for n in names:
        if n in kw:
            value = kw.pop(n)
    return value


def no_more(kw, where):
    if kw:
        raise TypeError(f"{where}() got unsupported keyword argument(s) {sorted(kw)}")


def arr(v, name):
    """Return ``v`` (a number or array-like) as a flat float array; the error names ``name``."""
    try:
        return np.atleast_1d(np.asarray(v, dtype=float)).ravel()
    except (TypeError, ValueError) as e:
        raise type(e)(f"{name} must be numbers (a float or an array of floats): {e}") from None


def opt_color(c, name):
    return None if c is None else to_color(c, name)


_DASH = {"--": (3.7, 1.6), ":": (1.0, 1.65), "-.": (6.4, 1.6, 1.0, 1.6)}  # x line width


def stroke(color, lw, ls, alpha=1.0):
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


def plain(s, where):
    """Return ``s`` as a str; refuse ``$...$`` math, which this plotter would print as is."""
    s = str(s)
    if s.count("$") >= 2:
        raise ValueError(f"{where}: $...$ math is not rendered here; write the symbols in Unicode "
                         f"(ε, λ₁, x², ∇f), got {s!r}")
    return s
