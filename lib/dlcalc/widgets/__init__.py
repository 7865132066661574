"""Interactive demos: ``DEMOS`` maps a name to a zero-argument factory returning a demo.

Each demo (a :class:`Demo`) has ``.widget`` (ipywidgets, live, needs a kernel), ``.controls``
(name -> control), ``.update(**params)`` (recompute and redraw) and ``.static()``
(self-contained HTML with precomputed frames for the book); a cell that ends with a demo shows it
(live with a kernel, the precomputed frames in the book, a picture in print: see :class:`Demo`).
The math lives in each demo's pure ``compute`` method, which calls the library; the math modules
never import this package. Needs the library's ``[widgets]`` extra.
"""

try:
    import contourpy  # noqa: F401
    import ipywidgets  # noqa: F401
except ImportError as exc:  # the demos are an extra of the library
    raise ImportError(
        f"dlcalc.widgets needs the library's [widgets] extra ({exc.name} is missing): "
        "pip install 'curvature-dlcalc[widgets]'"
    ) from exc

from dlcalc.widgets._base import Demo, StaticFrames  # noqa: E402

#: name -> demo class: calling it (no arguments) returns a new :class:`Demo`, which a notebook
#: cell displays by ending with it (``DEMOS["taylor_explorer"]()``). Filled on import by the
#: chapter modules ``ch01_taylor`` ... through :func:`register`.
DEMOS = {}


def register(name):
    """Class decorator: add a demo class to :data:`DEMOS` under ``name``."""

    def deco(cls):
        if name in DEMOS:
            raise ValueError(f"demo {name!r} registered twice")
        DEMOS[name] = cls
        return cls

    return deco


def _load():
    # Each chapter's demos register themselves on import.
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("ch"):
            importlib.import_module(f"{__name__}.{info.name}")


_load()

__all__ = ["DEMOS", "Demo", "StaticFrames", "register"]
