"""The shared machinery of the book's demos: a pure compute step, a drawing step, a thin
ipywidgets layer, and a static view for the HTML book (see :class:`Demo`).

The picture is an SVG document shown as an ``<img>`` (with the alt text) in an
``ipywidgets.HTML``, so ``update()`` behaves the same in a notebook, in Binder and in tests,
and redraws in milliseconds rather than the hundreds Matplotlib's rasteriser needs.
"""

import html

import ipywidgets as widgets
import numpy as np

from dlcalc.widgets._static import StaticFrames, filtered, svg_img
from dlcalc.widgets.svgplot import Figure

_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def slider(value, lo, hi, step, description, integer=False, readout_format=None):
    """Return an ``IntSlider`` (``integer=True``) or ``FloatSlider`` on ``lo..hi`` by ``step``
    that reports only when released (one redraw per move) and shows its whole description;
    ``readout_format`` (e.g. ``".2f"``) formats the value shown beside it.

    Every demo control that is a slider comes from here (a test checks that none redraws
    while dragged)."""
    cls = widgets.IntSlider if integer else widgets.FloatSlider
    fmt = {} if readout_format is None else {"readout_format": readout_format}
    return cls(value=value, min=lo, max=hi, step=step, description=description,
               continuous_update=False, style={"description_width": "initial"}, **fmt)


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


class Demo:
    """Base class of every demo in :data:`dlcalc.widgets.DEMOS`.

    A demo subclasses it and provides

    * ``title`` (str) and ``main`` (the name of the control whose values the static view steps
      through);
    * ``make_controls()`` -> dict of ipywidgets controls (name -> slider from :func:`slider`, or
      dropdown);
    * ``compute(**params)`` -> a result object, *pure* (no drawing, no widgets): this is what
      the tests check against the library;
    * ``draw(fig, result, **params)``: draw the result on a fresh
      :class:`dlcalc.widgets.svgplot.Figure`;
    * ``describe(result, **params)`` -> str, the alt text of the picture (what it shows).

    **One demo, one cell.** A demo object displays itself: a notebook cell ends with
    ``DEMOS["taylor_explorer"]()``. Its MIME bundle (``_repr_mimebundle_``) carries

    * ``application/vnd.jupyter.widget-view+json``: the live view of :attr:`widget`, exactly as
      ipywidgets offers it (JupyterLab, Colab and VS Code show it while a kernel runs);
    * ``text/html``: the static view of :meth:`static` (every frame precomputed, a range slider
      that needs no kernel and no script file, its arrow keys working inside JupyterLab);
    * ``image/svg+xml``: a picture for print, one standalone SVG document with up to four frames
      of the static view (:meth:`StaticFrames.to_svg_strip`), its ``<title>`` the demo's title
      and its ``<desc>`` the frames' alt text;
    * ``text/plain``: a one-line description (:meth:`StaticFrames.summary`).

    A front end shows the richest type it can; the book picks per builder (the HTML book shows
    the static view, the PDF the picture). The static frames are computed when the demo is
    displayed.

    Attributes: ``widget`` (the ipywidgets box to display live), ``controls`` (name -> control),
    ``result`` (the last computed result).
    """

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

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The demo's MIME bundle (see the module docstring): the live widget view, the
        static view's HTML, its picture for print and a one-line description."""
        live = self.widget._repr_mimebundle_() or {}
        bundle = {k: v for k, v in live.items() if k == _WIDGET_VIEW}
        bundle.update(self.static()._repr_mimebundle_())
        return filtered(bundle, include, exclude)

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
