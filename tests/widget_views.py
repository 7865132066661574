"""What every demo's live view must be, shared by the chapter demo tests."""

import base64
import html
import re
import xml.etree.ElementTree as ET

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
