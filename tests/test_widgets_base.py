"""The demo machinery shared by every chapter: registry, control grids, static frames."""

import re

import ipywidgets as widgets
import numpy as np
import pytest

from dlcalc.widgets import DEMOS, Demo, StaticFrames, register
from dlcalc.widgets._base import control_values, figure_png, random_setting


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
    png = figure_png(_tiny_figure())
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    html = StaticFrames("T", "x", [0.0, 1.0], [png, png], ["first", "second"], start=1)
    out = html._repr_html_()
    assert out.count("<img") == 2 and 'type="range"' in out
    assert "<script" not in out and "http" not in out
    assert len(re.findall(r"<img[^>]* hidden", out)) == 1
    with pytest.raises(ValueError, match="equal length"):
        StaticFrames("T", "x", [0.0], [png, png], ["a", "b"])


def _tiny_figure():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2, 1))
    fig.subplots().plot([0, 1], [1, 0])
    return fig
