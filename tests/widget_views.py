"""What every demo's live view must be, shared by the chapter demo tests; and a reader of a demo's
SVG that maps its pixels back to data through the axes' own tick labels (the structural tests)."""

import base64
import html
import re
import xml.etree.ElementTree as ET

import numpy as np

from dlcalc.widgets._base import control_values, random_setting

_IMG = re.compile(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)"[^>]*>')


def assert_svg_view(demo, params):
    """The live view is one ``<img>`` of a well-formed SVG document whose alt text, like the
    caption, is the demo's description of its current result."""
    m = _IMG.fullmatch(demo.view.value)
    assert m is not None, demo.view.value[:120]
    root = ET.fromstring(base64.b64decode(m.group(1)).decode("utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    alt = demo.describe(demo.result, **params)
    assert m.group(2) == html.escape(alt, quote=True)
    assert demo.caption.value == html.escape(alt)


def random_settings(controls, seed, count=20):
    """Yield ``count`` seeded random settings of the controls."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        yield random_setting(controls, rng)


def updated(demo, seed, count=20):
    """Move ``demo`` to ``count`` seeded random settings; after each ``update()`` check what
    every demo must do (it returns and keeps its result, its controls show the setting, its view
    is the SVG of that result) and yield ``(params, result)`` for the chapter's own checks."""
    for params in random_settings(demo.controls, seed, count):
        result = demo.update(**params)
        assert result is demo.result
        assert demo.params() == params
        assert_svg_view(demo, params)
        assert demo.caption.value
        yield params, result


def assert_static_view(demo):
    """The static view is self-contained HTML: one described SVG ``<img>`` per value of the
    main control (at most 25), a range slider over them, no script, nothing from the network,
    under 3 MB. Return the ``<img>`` tags."""
    page = demo.static()._repr_html_()
    imgs = re.findall(r"<img [^>]*>", page)
    slider = re.search(r'<input type="range"[^>]*max="(\d+)"', page)
    assert slider is not None
    assert len(imgs) == int(slider.group(1)) + 1 == len(control_values(demo.controls[demo.main]))
    assert len(imgs) <= 25
    assert all('src="data:image/svg+xml;base64,' in img for img in imgs)
    assert all(re.search(r'alt="[^"]+"', img) for img in imgs)
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert len(page.encode()) < 3_000_000
    return imgs


# -- reading a figure back: pixels -> data through the axes' own tick labels ------------------
SVG_NS = "{http://www.w3.org/2000/svg}"
_SUP = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
_POINT = re.compile(r"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")


def tick_value(label):
    """The number a tick label shows ("−2", "0.25", "21,000", "10⁻³", "2×10⁴"); None for a
    category label."""
    s = label.replace("−", "-").replace(",", "")
    m = re.fullmatch(r"(?:(\d+)×)?10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)", s)
    if m:
        return float(m.group(1) or 1) * 10.0 ** int(m.group(2).translate(_SUP))
    try:
        return float(s)
    except ValueError:
        return None


def _axis_map(pixels, labels):
    """Fit value = a + b * pixel (log10 of the value when the labels are powers of ten) through
    the ticks; return (to_px, log) after checking that every tick lies on the fitted map."""
    values = [tick_value(s) for s in labels]
    if len(values) < 2 or any(v is None for v in values):
        return None, False
    log = all("10" in s and ("×" in s or s.startswith("10")) for s in labels)
    v = np.log10(values) if log else np.array(values)
    b, a = np.polyfit(v, pixels, 1)
    assert np.max(np.abs(a + b * v - pixels)) < 0.15, ("tick labels off their ticks", labels)

    def to_px(u):
        u = np.asarray(u, dtype=float)
        return a + b * (np.log10(u) if log else u)

    return to_px, log


class Panel:
    """One axes of a demo's SVG: its box, its data-to-pixel maps read off its ticks, and the
    marks drawn inside its clip rectangle (paths by stroke color, marker positions by fill)."""

    def __init__(self, group):
        rect = group.find(f"{SVG_NS}clipPath/{SVG_NS}rect")
        self.box = tuple(float(rect.get(k)) for k in ("x", "y", "width", "height"))
        children = list(group)
        ticks_at = next(i for i, e in enumerate(children) if e.tag == f"{SVG_NS}path"
                        and ("v3.5" in e.get("d") or "h-3.5" in e.get("d")))
        d = children[ticks_at].get("d")
        xt = [float(x) for x, _ in re.findall(r"M(-?[\d.]+),(-?[\d.]+)v3\.5", d)]
        yt = [float(y) for _, y in re.findall(r"M(-?[\d.]+),(-?[\d.]+)h-3\.5", d)]
        texts = [e for e in children[ticks_at + 1:] if e.tag == f"{SVG_NS}text"]
        xl = ["".join(e.itertext()) for e in texts[:len(xt)]]
        yl = ["".join(e.itertext()) for e in texts[len(xt):len(xt) + len(yt)]]
        self.xlabels, self.ylabels = xl, yl
        self.xmap, self.xlog = _axis_map(xt, xl)
        self.ymap, self.ylog = _axis_map(yt, yl)
        self.texts = ["".join(e.itertext()) for e in group.iter(f"{SVG_NS}text")]
        clip = next(e for e in children if e.get("clip-path"))
        self.paths = [(e.get("stroke"), e.get("fill"), e.get("d"))
                      for e in clip.iter(f"{SVG_NS}path")]
        self.rects = [(e.get("fill"), *(float(e.get(k)) for k in ("x", "y", "width", "height")))
                      for e in clip.iter(f"{SVG_NS}rect")]
        self.markers = {}
        for g in group.iter(f"{SVG_NS}g"):
            uses = g.findall(f"{SVG_NS}use")
            if uses:
                self.markers.setdefault(g.get("fill"), []).extend(
                    (float(u.get("x")), float(u.get("y"))) for u in uses)
        self.outside = [(e.get("stroke"), e.get("fill"), e.get("d"))
                        for e in children[ticks_at + 1:] if e.tag == f"{SVG_NS}path"]

    def px(self, x, y):
        """Data -> pixels, shape ``(n, 2)``."""
        return np.column_stack([self.xmap(np.atleast_1d(x)), self.ymap(np.atleast_1d(y))])

    def lines(self, stroke):
        """The polylines drawn in ``stroke`` color: a list of ``(k, 2)`` pixel arrays."""
        out = []
        for s, _, d in self.paths:
            if s == stroke:
                out.extend(np.array(_POINT.findall(part), dtype=float)
                           for part in re.findall(r"M[^M]+", d))
        return out

    def inside(self, P, margin=0.0):
        x, y, w, h = self.box
        return ((P[:, 0] >= x - margin) & (P[:, 0] <= x + w + margin)
                & (P[:, 1] >= y - margin) & (P[:, 1] <= y + h + margin))


def read_panels(svg):
    """The panels of a demo's SVG document, left to right."""
    root = ET.fromstring(svg)
    return [Panel(g) for g in root.findall(f"{SVG_NS}g")]


def assert_on_curve(panel, P, fn, atol_px=0.15):
    """Every pixel point of ``P`` inside the panel lies on the graph of ``fn`` (data -> data),
    as mapped by the panel's own ticks: vertically within ``atol_px`` plus what rounding x to
    0.1 px moves the curve (its pixel slope times 0.05 px). Return the points' data x."""
    P = P[panel.inside(P)]
    assert len(P) >= 2
    xs = _inverse(panel.xmap, panel.xlog, P[:, 0])
    expected = panel.ymap(fn(xs))
    step = _inverse(panel.xmap, panel.xlog, P[:, 0] + 0.05)
    slope = np.abs(panel.ymap(fn(step)) - expected) / 0.05  # pixels per pixel
    assert np.all(np.abs(P[:, 1] - expected) <= atol_px + 0.06 * slope), (
        np.max(np.abs(P[:, 1] - expected) - 0.06 * slope))
    return xs


def _inverse(to_px, log, px):
    a = to_px(1.0 if log else 0.0)
    b = to_px(10.0 if log else 1.0) - a
    u = (np.asarray(px) - a) / b
    return 10.0**u if log else u
