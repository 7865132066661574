"""The shared machinery of the book's demos: a pure compute step, a drawing step, a thin
ipywidgets layer, and a static view for the HTML book.

A demo subclasses :class:`Demo` and provides

* ``title`` (str) and ``main`` (the name of the control whose values the static view steps
  through);
* ``make_controls()`` -> dict of ipywidgets controls (name -> slider/dropdown);
* ``compute(**params)`` -> a result object, *pure* (no drawing, no widgets): this is what the
  tests check against the library;
* ``draw(fig, result, **params)``: draw the result on a fresh
  :class:`dlcalc.widgets.svgplot.Figure` (Matplotlib's method names, SVG output);
* ``describe(result, **params)`` -> str, the alt text of the picture (what it shows).

The picture is an SVG document shown as an ``<img>`` (with the alt text) in an
``ipywidgets.HTML``, so ``update()`` behaves the same in a notebook, in Binder and in tests,
and redraws in milliseconds rather than the hundreds Matplotlib's rasteriser needs.
"""

import base64
import html
import itertools

import ipywidgets as widgets
import numpy as np

from dlcalc.widgets.svgplot import Figure

_ids = itertools.count()


def svg_img(svg, alt, hidden=False, attrs=""):
    """Return an ``<img>`` tag showing the SVG document ``svg`` (a data URI) with alt text."""
    if not (isinstance(svg, str) and svg.lstrip().startswith("<svg")):
        raise ValueError("svg must be an SVG document (a str starting with '<svg')")
    src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<img src="{src}" alt="{html.escape(str(alt), quote=True)}" '
            f'style="max-width:100%;height:auto"{attrs}{" hidden" if hidden else ""}>')


def slider(value, lo, hi, step, description, integer=False):
    """Return an ``IntSlider`` (``integer=True``) or ``FloatSlider`` on ``lo..hi`` by ``step``
    that reports only when released (one redraw per move) and shows its whole description."""
    cls = widgets.IntSlider if integer else widgets.FloatSlider
    return cls(value=value, min=lo, max=hi, step=step, description=description,
               continuous_update=False, style={"description_width": "initial"})


def control_values(control, max_frames=25):
    """Return the values the static view steps through for a slider or dropdown."""
    if hasattr(control, "options") and not hasattr(control, "step"):
        opts = control.options
        return [o[1] if isinstance(o, tuple) else o for o in opts][:max_frames]
    lo, hi, step = control.min, control.max, control.step
    count = int(round((hi - lo) / step)) + 1
    if count > max_frames:
        vals = np.linspace(lo, hi, max_frames)
    else:
        vals = lo + step * np.arange(count)
    if isinstance(control.value, int) and not isinstance(control.value, bool):
        return sorted({int(round(v)) for v in vals})
    return [float(round(v, 10)) for v in vals]


def random_setting(controls, rng):
    """Return one random value per control (sliders: uniform on their grid of ``step``s;
    dropdowns: a random option's value), drawn with the NumPy generator ``rng``.

    The widget tests and ``benchmarks/widgets.py`` use it to exercise ``update()``.
    """
    params = {}
    for name, c in controls.items():
        if hasattr(c, "options") and not hasattr(c, "step"):
            opts = [o[1] if isinstance(o, tuple) else o for o in c.options]
            params[name] = opts[int(rng.integers(len(opts)))]
            continue
        k = int(rng.integers(int(round((c.max - c.min) / c.step)) + 1))
        value = min(c.min + k * c.step, c.max)
        is_int = isinstance(c.value, int) and not isinstance(c.value, bool)
        params[name] = int(round(value)) if is_int else float(round(value, 10))
    return params


class StaticFrames:
    """Self-contained HTML: precomputed SVG frames and a range slider that needs no kernel.

    The slider's inline ``oninput`` handler shows frame ``i`` and hides the others; no
    ``<script>`` element and nothing loaded from the network.
    """

    def __init__(self, title, label, values, svgs, alts, start=0):
        if not (len(values) == len(svgs) == len(alts)) or not svgs:
            raise ValueError("values, svgs and alts must be non-empty and of equal length")
        if not 0 <= int(start) < len(svgs):
            raise ValueError(f"start must index a frame (0..{len(svgs) - 1}), got {start!r}")
        self.title, self.label = title, label
        self.values, self.svgs, self.alts = list(values), list(svgs), list(alts)
        self.start = int(start)

    def _repr_html_(self):
        uid = f"dlcalc-static-{next(_ids)}"
        imgs = []
        for i, (svg, alt) in enumerate(zip(self.svgs, self.alts, strict=True)):
            imgs.append(svg_img(svg, alt, hidden=i != self.start,
                                attrs=f' class="dlcalc-frame" data-frame="{i}"'))
        labels = [html.escape(_fmt(v), quote=True) for v in self.values]
        onin = (
            "var r=this.closest('.dlcalc-static');"
            "r.querySelectorAll('img.dlcalc-frame').forEach(function(im){"
            "im.hidden=(im.dataset.frame!=this.value);},this);"
            "r.querySelector('.dlcalc-value').textContent="
            "this.dataset.labels.split('|')[this.value];"
        )
        return (
            f'<div class="dlcalc-static" id="{uid}" '
            f'style="border:1px solid #8884;padding:0.5em;border-radius:6px">'
            f'<div><strong>{html.escape(self.title)}</strong> '
            f"<em>(static view: frames precomputed, no kernel needed)</em></div>"
            f'<label>{html.escape(self.label)} = <span class="dlcalc-value">'
            f"{labels[self.start]}</span><br>"
            f'<input type="range" class="dlcalc-slider" min="0" max="{len(self.svgs) - 1}" '
            f'step="1" value="{self.start}" data-labels="{"|".join(labels)}" '
            f'aria-label="{html.escape(self.label, quote=True)}" oninput="{onin}" '
            f'style="width:100%"></label>'
            + "".join(imgs)
            + "</div>"
        )


def _fmt(v):
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


class Demo:
    """Base class of every demo in :data:`dlcalc.widgets.DEMOS` (see the module docstring)."""

    title = "demo"
    main = None
    figsize = (7.0, 3.6)

    def __init__(self):
        self.controls = self.make_controls()
        if self.main not in self.controls:
            raise ValueError(f"main control {self.main!r} is not among the controls")
        self.view = widgets.HTML()
        self.caption = widgets.HTML()
        for name, control in self.controls.items():
            control.observe(self._on_change, names="value")
            if not control.description:
                control.description = name
        self.widget = widgets.VBox(
            [widgets.HTML(f"<b>{html.escape(self.title)}</b> (live: needs a kernel)"),
             widgets.VBox(list(self.controls.values())), self.view, self.caption]
        )
        self.result = None
        self.update()

    # -- to be provided by subclasses -------------------------------------------------------
    def make_controls(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def compute(self, **params):  # pragma: no cover - abstract
        raise NotImplementedError

    def draw(self, fig, result, **params):  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self, result, **params):
        return self.title

    # -- shared behaviour -------------------------------------------------------------------
    def params(self):
        """Return the current control values as a dict."""
        return {name: c.value for name, c in self.controls.items()}

    def render(self, **params):
        """Compute and draw for ``params`` (missing ones from the controls); return
        ``(result, figure)``."""
        full = {**self.params(), **params}
        result = self.compute(**full)
        fig = Figure(figsize=self.figsize)
        self.draw(fig, result, **full)
        return result, fig

    def update(self, **params):
        """Recompute and redraw for these parameter values (what a slider calls)."""
        unknown = set(params) - set(self.controls)
        if unknown:
            raise TypeError(
                f"unknown parameter(s) {sorted(unknown)}; expected {list(self.controls)}"
            )
        self._updating = True
        try:
            for name, value in params.items():
                self.controls[name].value = value
        finally:
            self._updating = False
        full = self.params()
        self.result, fig = self.render(**full)
        alt = self.describe(self.result, **full)
        self.view.value = svg_img(fig.to_svg(), alt)
        self.caption.value = html.escape(alt)
        return self.result

    def _on_change(self, change):
        if not getattr(self, "_updating", False):
            self.update()

    def static(self, max_frames=25):
        """Return a :class:`StaticFrames` view: frames over the main control, others fixed."""
        control = self.controls[self.main]
        values = control_values(control, max_frames)
        base = self.params()
        svgs, alts = [], []
        for v in values:
            result, fig = self.render(**{**base, self.main: v})
            svgs.append(fig.to_svg())
            alts.append(self.describe(result, **{**base, self.main: v}))
        start = int(np.argmin([abs(_num(v) - _num(base[self.main])) for v in values]))
        label = control.description or self.main
        return StaticFrames(self.title, label, values, svgs, alts, start=start)


def _num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return 0.0
