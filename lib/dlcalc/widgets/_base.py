"""The shared machinery of the book's demos: a pure compute step, a drawing step, a thin
ipywidgets layer, and a static view for the HTML book.

A demo subclasses :class:`Demo` and provides

* ``title`` (str) and ``main`` (the name of the control whose values the static view steps
  through);
* ``make_controls()`` -> dict of ipywidgets controls (name -> slider/dropdown);
* ``compute(**params)`` -> a result object, *pure* (no drawing, no widgets): this is what the
  tests check against the library;
* ``draw(fig, result, **params)``: draw the result on a fresh Matplotlib ``Figure``;
* ``describe(result, **params)`` -> str, the alt text of the picture (what it shows).

The figure is drawn on Matplotlib's Agg canvas (no pyplot state) and shown as a PNG in an
``ipywidgets.Image``, so ``update()`` behaves the same in a notebook, in Binder and in tests.
"""

import base64
import html
import io
import itertools

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

_ids = itertools.count()


def figure_png(fig, dpi=80, compress_level=1):
    """Return the PNG bytes of a Matplotlib figure (white background, legible in dark mode).

    The figure is drawn once on its Agg canvas at ``dpi`` and the pixels are encoded with
    Pillow (``compress_level`` 1 is fast for live updates; the static views use a higher one
    for smaller pages). ``savefig`` would draw a second time at another resolution.
    """
    fig.set_dpi(dpi)
    fig.patch.set_facecolor("white")
    canvas = FigureCanvasAgg(fig) if not isinstance(fig.canvas, FigureCanvasAgg) else fig.canvas
    canvas.draw()
    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="png", compress_level=compress_level)
    return buf.getvalue()


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
    """Self-contained HTML: precomputed PNG frames and a range slider that needs no kernel.

    The slider's inline ``oninput`` handler shows frame ``i`` and hides the others; no
    ``<script>`` element and nothing loaded from the network.
    """

    def __init__(self, title, label, values, pngs, alts, start=0):
        if not (len(values) == len(pngs) == len(alts)) or not pngs:
            raise ValueError("values, pngs and alts must be non-empty and of equal length")
        self.title, self.label = title, label
        self.values, self.pngs, self.alts = list(values), list(pngs), list(alts)
        self.start = int(start)

    def _repr_html_(self):
        uid = f"dlcalc-static-{next(_ids)}"
        imgs = []
        for i, (png, alt) in enumerate(zip(self.pngs, self.alts, strict=True)):
            src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
            hidden = "" if i == self.start else " hidden"
            imgs.append(
                f'<img class="dlcalc-frame" data-frame="{i}" src="{src}" '
                f'alt="{html.escape(alt, quote=True)}" style="max-width:100%"{hidden}>'
            )
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
            f'<input type="range" class="dlcalc-slider" min="0" max="{len(self.pngs) - 1}" '
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
        self.image = widgets.Image(format="png")
        self.caption = widgets.HTML()
        for name, control in self.controls.items():
            control.observe(self._on_change, names="value")
            if not control.description:
                control.description = name
        self.widget = widgets.VBox(
            [widgets.HTML(f"<b>{html.escape(self.title)}</b> (live: needs a kernel)"),
             widgets.VBox(list(self.controls.values())), self.image, self.caption]
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
        fig = Figure(figsize=self.figsize, layout="constrained")
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
        self.image.value = figure_png(fig)
        self.caption.value = html.escape(self.describe(self.result, **full))
        return self.result

    def _on_change(self, change):
        if not getattr(self, "_updating", False):
            self.update()

    def static(self, max_frames=25, dpi=72):
        """Return a :class:`StaticFrames` view: frames over the main control, others fixed."""
        control = self.controls[self.main]
        values = control_values(control, max_frames)
        base = self.params()
        pngs, alts = [], []
        for v in values:
            result, fig = self.render(**{**base, self.main: v})
            pngs.append(figure_png(fig, dpi=dpi, compress_level=9))
            alts.append(self.describe(result, **{**base, self.main: v}))
        start = int(np.argmin([abs(_num(v) - _num(base[self.main])) for v in values]))
        label = control.description or self.main
        return StaticFrames(self.title, label, values, pngs, alts, start=start)


def _num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return 0.0
