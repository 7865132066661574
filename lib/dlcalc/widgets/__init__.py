"""Interactive demos: ``DEMOS`` maps a name to a zero-argument factory returning a demo.

Each demo (a :class:`dlcalc.widgets._base.Demo`) has ``.widget`` (ipywidgets, live, needs a
kernel), ``.controls`` (name -> control), ``.update(**params)`` (recompute and redraw) and
``.static()`` (self-contained HTML with precomputed frames for the book). The math lives in each
demo's pure ``compute`` method, which calls the library; the math modules never import this
package.
"""

from dlcalc.widgets._base import Demo, StaticFrames

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
