"""The demo machinery shared by every chapter: registry, control grids, static frames."""

import base64
import re

import ipywidgets as widgets
import numpy as np
import pytest

from dlcalc.widgets import DEMOS, Demo, StaticFrames, register
from dlcalc.widgets._base import control_values, random_setting, svg_img
from dlcalc.widgets.svgplot import Figure


def test_every_demo_is_a_demo_with_its_main_control():
    assert len(DEMOS) >= 10
    for name, factory in DEMOS.items():
        assert issubclass(factory, Demo), name
        assert isinstance(factory.main, str), name


def test_register_refuses_a_name_twice():
    name = next(iter(DEMOS))
    with pytest.raises(ValueError, match="registered twice"):
        register(name)(type("Other", (Demo,), {}))


def test_control_values_cover_the_slider_grid():
    assert control_values(widgets.IntSlider(min=0, max=4, step=1, value=2)) == [0, 1, 2, 3, 4]
    vals = control_values(widgets.FloatSlider(min=0.0, max=1.0, step=0.25, value=0.5))
    np.testing.assert_allclose(vals, [0.0, 0.25, 0.5, 0.75, 1.0])
    many = control_values(widgets.FloatSlider(min=0.0, max=1.0, step=0.001, value=0.5), 25)
    assert len(many) == 25 and many[0] == 0.0 and many[-1] == 1.0
    dd = widgets.Dropdown(options=[("sine", "sin"), ("exp", "exp")], value="sin")
    assert control_values(dd) == ["sin", "exp"]


def test_random_setting_stays_on_each_controls_grid():
    controls = {
        "n": widgets.IntSlider(min=1, max=9, step=2, value=3),
        "x": widgets.FloatSlider(min=-1.0, max=1.0, step=0.1, value=0.0),
        "f": widgets.Dropdown(options=[("a", 1), ("b", 2)], value=1),
    }
    rng = np.random.default_rng(0)
    for _ in range(50):
        p = random_setting(controls, rng)
        assert p["n"] in {1, 3, 5, 7, 9} and isinstance(p["n"], int)
        assert -1.0 <= p["x"] <= 1.0 and abs(p["x"] * 10 - round(p["x"] * 10)) < 1e-9
        assert p["f"] in {1, 2}


def test_static_frames_are_self_contained_html():
    svg = _tiny_svg()
    html = StaticFrames("T", "x", [0.0, 1.0], [svg, svg], ["first", "second"], start=1)
    out = html._repr_html_()
    assert out.count("<img") == 2 and 'type="range"' in out
    assert out.count('src="data:image/svg+xml;base64,') == 2
    assert "<script" not in out and "http" not in out.replace("http://www.w3.org", "")
    assert len(re.findall(r"<img[^>]* hidden", out)) == 1
    assert 'alt="second"' in out
    with pytest.raises(ValueError, match="equal length"):
        StaticFrames("T", "x", [0.0], [svg, svg], ["a", "b"])
    with pytest.raises(ValueError, match="start"):
        StaticFrames("T", "x", [0.0], [svg], ["a"], start=3)


def test_svg_img_shows_the_document_with_escaped_alt_text():
    svg = _tiny_svg()
    tag = svg_img(svg, 'a "quoted" <alt>')
    src = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', tag).group(1)
    assert base64.b64decode(src).decode("utf-8") == svg
    assert 'alt="a &quot;quoted&quot; &lt;alt&gt;"' in tag
    with pytest.raises(ValueError, match="SVG document"):
        svg_img(b"\x89PNG", "x")


def _tiny_svg():
    fig = Figure(figsize=(2, 1))
    fig.subplots().plot([0, 1], [1, 0])
    return fig.to_svg()


@pytest.mark.parametrize("name", sorted(DEMOS))
def test_no_control_redraws_while_dragged(name):
    """Every slider reports only on release (one redraw per move): none has
    ``continuous_update=True``; each control is a slider or a dropdown."""
    for key, control in DEMOS[name]().controls.items():
        assert isinstance(control, widgets.IntSlider | widgets.FloatSlider | widgets.Dropdown), key
        assert getattr(control, "continuous_update", False) is False, (name, key)
