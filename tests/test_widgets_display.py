"""One demo, one cell: every demo displays itself with the live widget view, the static HTML
frames, a picture for print and a one-line description (what IPython's formatter sends)."""

import base64
import html
import re
import xml.etree.ElementTree as ET

import pytest
from IPython.core.formatters import DisplayFormatter

from dlcalc.widgets import DEMOS, StaticFrames
from dlcalc.widgets.svgplot import Figure

SVG = "{http://www.w3.org/2000/svg}"
VIEW = "application/vnd.jupyter.widget-view+json"
KEYS = {VIEW, "text/html", "image/svg+xml", "text/plain"}


@pytest.fixture(scope="module", params=sorted(DEMOS))
def shown(request):
    """A fresh demo, what IPython's display formatter makes of it, and its static view."""
    demo = DEMOS[request.param]()
    data, _ = DisplayFormatter().format(demo)
    return demo, data, demo.static()


def test_the_bundle_has_the_four_views(shown):
    demo, data, _ = shown
    assert set(data) == KEYS
    assert data[VIEW]["model_id"] == demo.widget.model_id
    assert not any("object at 0x" in str(v) for v in data.values())


def _frames(page):
    """The page's frames as (decoded SVG with its per-drawing id numbers removed, alt)."""
    found = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"', page)
    return [(re.sub(r"dlc\d+", "dlc", base64.b64decode(src).decode()), alt)
            for src, alt in found]


def test_the_html_is_the_static_view(shown):
    demo, data, static = shown
    static = static._repr_html_()
    assert _frames(data["text/html"]) == _frames(static)
    unique = re.compile(r'id="dlcalc-static-\d+"|<img [^>]*>')
    assert unique.sub("", data["text/html"]) == unique.sub("", static)


def test_the_plain_text_is_a_short_description(shown):
    demo, data, static = shown
    text = data["text/plain"]
    assert "\n" not in text and len(text) < 600
    assert text.startswith(demo.title)
    assert static.alts[static.start] in text  # the frame shown first


def test_the_picture_is_a_standalone_svg_with_alt_text(shown):
    demo, data, static = shown
    root = ET.fromstring(data["image/svg+xml"])
    assert root.tag == SVG + "svg" and root.get("role") == "img"
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert root[0].tag == SVG + "title" and root[0].text == demo.title
    desc = root.find(SVG + "desc").text
    picks = static.strip_frames()
    assert 1 <= len(picks) <= 4 and picks[0] == 0 and picks[-1] == len(static.svgs) - 1
    frames = root.findall(SVG + "svg")
    assert len(frames) == len(picks)
    for frame, i in zip(frames, picks, strict=True):
        # each frame is inside the picture and carries its own alt text as its title
        x, y = float(frame.get("x")), float(frame.get("y"))
        assert 0 <= x and x + float(frame.get("width")) <= width + 1e-9
        assert 0 <= y and y + float(frame.get("height")) <= height + 1e-9
        assert frame[0].tag == SVG + "title" and frame[0].text == static.alts[i]
        assert static.alts[i] in desc
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "element ids repeat between frames"


def test_the_static_slider_takes_arrow_keys_in_jupyterlab(shown):
    _, data, _ = shown
    slider = re.search(r'<input type="range"[^>]*>', data["text/html"]).group(0)
    assert 'data-lm-suppress-shortcuts="true"' in slider
    assert 'onkeydown="event.stopPropagation();"' in slider


def test_include_and_exclude_pick_views():
    demo = DEMOS["curvature_step"]()
    assert set(demo._repr_mimebundle_(include={"image/svg+xml"})) == {"image/svg+xml"}
    assert set(demo._repr_mimebundle_(exclude={VIEW, "text/html"})) == {"image/svg+xml",
                                                                       "text/plain"}


def test_a_strip_of_one_or_many_frames():
    svgs = []
    for k in range(7):
        fig = Figure(figsize=(2, 1))
        fig.subplots().plot([0, 1], [k, 0])
        svgs.append(fig.to_svg())
    many = StaticFrames("T & co", "k", list(range(7)), svgs, [f"<{k}>" for k in range(7)])
    assert many.strip_frames() == [0, 2, 4, 6]
    root = ET.fromstring(many.to_svg_strip())
    assert root[0].text == "T & co"
    labels = [t.text for t in root.findall(SVG + "text")]
    assert labels == ["k = 0", "k = 2", "k = 4", "k = 6"]
    # two columns of 160 px, two rows of 80 px under a 22 px label
    assert (float(root.get("width")), float(root.get("height"))) == (320.0, 204.0)
    xy = [(float(f.get("x")), float(f.get("y"))) for f in root.findall(SVG + "svg")]
    assert xy == [(0.0, 22.0), (160.0, 22.0), (0.0, 124.0), (160.0, 124.0)]
    one = StaticFrames("T", "k", [0], svgs[:1], ["a"])
    assert one.strip_frames() == [0]
    assert len(ET.fromstring(one.to_svg_strip()).findall(SVG + "svg")) == 1
    assert html.escape("<6>") in many.to_svg_strip()
    with pytest.raises(ValueError, match="width and height"):
        StaticFrames("T", "k", [0], ["<svg></svg>"], ["a"])
