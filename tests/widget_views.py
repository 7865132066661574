"""What every demo's live view must be, shared by the chapter demo tests."""

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
