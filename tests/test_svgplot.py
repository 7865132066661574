"""The demos' SVG plotter: ticks, colors, the data-to-pixel map (checked by reading the pixels
back from the SVG), clipping of far and non-finite points, contours, legends, bad input."""

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcalc.widgets._svgstyle import to_color
from dlcalc.widgets._ticks import axis_ticks, format_ticks, linear_ticks, log_ticks, text_width
from dlcalc.widgets.svgplot import Figure

NS = "{http://www.w3.org/2000/svg}"
NUM = r"-?\d+(?:\.\d+)?"


def parse(svg):
    return ET.fromstring(svg)


def plot_rect(root, i=0):
    rect = root.findall(f".//{NS}clipPath/{NS}rect")[i]
    return tuple(float(rect.get(k)) for k in ("x", "y", "width", "height"))


def data_paths(root):
    """The ``d`` of every path drawn inside an axes' clip group."""
    return [p.get("d") for g in root.iter(f"{NS}g") if g.get("clip-path")
            for p in g.iter(f"{NS}path")]


def subpaths(d):
    """``d`` ("Mx,yLx,y x,y...Mx,y...") -> a list of (n, 2) arrays of absolute points."""
    out = []
    for part in re.findall(r"M[^M]+", d):
        xy = re.findall(rf"({NUM}),({NUM})", part)
        out.append(np.array(xy, dtype=float))
    return out


# -- ticks -----------------------------------------------------------------------------------
@settings(derandomize=True, deadline=None, max_examples=200)
@given(st.floats(-1e6, 1e6), st.floats(1e-6, 1e6), st.integers(2, 9))
def test_linear_ticks_are_few_nice_and_inside(lo, span, n):
    hi = lo + span
    if hi <= lo:  # span lost to rounding next to a large lo
        return
    t = linear_ticks(lo, hi, n)
    assert 1 <= len(t) <= n + 1
    roundoff = 1e-13 * np.max(np.abs(t))  # ticks far from 0 with a tiny step
    assert np.all(t >= lo - 1e-8 * span - roundoff) and np.all(t <= hi + 1e-8 * span + roundoff)
    if len(t) > 1:
        step = (t[-1] - t[0]) / (len(t) - 1)
        np.testing.assert_allclose(np.diff(t), step, rtol=1e-9, atol=roundoff)
        mantissa = step / 10.0 ** np.floor(np.log10(step))
        tol = 1e-6 + 10 * roundoff / step
        assert min(abs(mantissa - m) for m in (1, 2, 2.5, 5, 10)) < tol


def test_linear_ticks_closed_forms_and_bad_input():
    np.testing.assert_allclose(linear_ticks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1.0])
    np.testing.assert_allclose(linear_ticks(-3, 3, 5), [-2, 0, 2])
    for lo, hi in [(1, 1), (2, 1), (0, np.inf), (np.nan, 1)]:
        with pytest.raises(ValueError, match="lo < hi"):
            linear_ticks(lo, hi)


def test_log_ticks_are_decades_inside_the_range():
    np.testing.assert_allclose(log_ticks(1e-3, 10), [1e-3, 1e-2, 1e-1, 1, 10])
    t = log_ticks(1e-17, 1e4, 6)  # 22 decades, every 4th
    assert len(t) <= 6 and np.all(np.diff(np.log10(t)) == 4)
    np.testing.assert_allclose(log_ticks(1.5, 9), [2, 5])  # < 2 decades: 2x and 5x added
    with pytest.raises(ValueError, match="0 < lo < hi"):
        log_ticks(0, 1)


def test_tick_labels():
    assert format_ticks([0, 0.5, 1.0]) == ["0.0", "0.5", "1.0"]
    assert format_ticks([-2, 0, 2]) == ["−2", "0", "2"]
    assert format_ticks([0, 2.5, 5.0]) == ["0.0", "2.5", "5.0"]
    assert format_ticks([1e-3, 1, 2e4], log=True) == ["10⁻³", "10⁰", "2×10⁴"]
    assert format_ticks([0, 2e5, 4e5]) == ["0", "2e+05", "4e+05"]
    assert text_width("mmm", 10) > text_width("iii", 10) > 0


# -- colors ----------------------------------------------------------------------------------
def test_colors_follow_matplotlib_names():
    assert to_color("C0") == "#1f77b4" and to_color("k") == "#000000"
    assert to_color("0.6") == "#999999" and to_color("#abc") == "#abc"
    assert to_color((1.0, 0.0, 0.0, 0.5)) == "#ff0000" and to_color("black") == "black"
    for bad in ["C10", "1.5", "#12", "url(x)", 3]:
        with pytest.raises(ValueError, match="color"):
            to_color(bad)


# -- the data-to-pixel map -------------------------------------------------------------------
def test_a_line_maps_linearly_onto_the_axes_box():
    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    ax.plot([0, 5, 10], [0, 2.5, 10])
    ax.set(xlim=(0, 10), ylim=(0, 10))
    root = parse(fig.to_svg())
    x, y, w, h = plot_rect(root)
    (pts,) = subpaths(data_paths(root)[0])
    expected = np.array([[x, y + h], [x + w / 2, y + 0.75 * h], [x + w, y]])
    np.testing.assert_allclose(pts, expected, atol=0.06)  # coordinates are rounded to 0.1 px


def test_log_axis_and_inverted_axis():
    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    ax.semilogy([0, 1, 2], [1e-4, 1e-2, 1])
    ax.set(xlim=(0, 2), ylim=(1e-4, 1))
    ax.invert_yaxis()
    root = parse(fig.to_svg())
    x, y, w, h = plot_rect(root)
    (pts,) = subpaths(data_paths(root)[0])
    np.testing.assert_allclose(pts, [[x, y], [x + w / 2, y + h / 2], [x + w, y + h]], atol=0.06)
    labels = [t.text for t in root.iter(f"{NS}text")]
    assert "10⁻⁴" in labels and "10⁰" in labels


def test_equal_aspect_draws_a_square_as_a_square():
    fig = Figure(figsize=(6, 3))
    ax = fig.subplots()
    ax.plot([0, 1, 1, 0, 0], [0, 0, 1, 1, 0])
    ax.set_aspect("equal")
    (pts,) = subpaths(data_paths(parse(fig.to_svg()))[0])
    width, height = np.ptp(pts[:, 0]), np.ptp(pts[:, 1])
    np.testing.assert_allclose(width, height, atol=0.2)


def test_non_finite_points_break_the_line_and_far_points_are_cut_on_the_line():
    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    ax.plot([0, 1, np.nan, 2, 3], [0, 1, 5, 2, 3])
    ax.plot([0, 1e30], [0, 1e30])
    ax.set(xlim=(0, 3), ylim=(0, 3))
    root = parse(fig.to_svg())
    x, y, w, h = plot_rect(root)
    broken, far = (subpaths(d) for d in data_paths(root))
    assert len(broken) == 2 and all(len(p) == 2 for p in broken)
    (seg,) = far
    assert np.all(np.abs(seg) <= 1e4 + 1)
    # still on the pixel line through the image of (0, 0) with the slope of y = x
    slope = -h / w
    np.testing.assert_allclose(seg[:, 1] - (y + h), slope * (seg[:, 0] - x), atol=0.5)


@settings(derandomize=True, deadline=None, max_examples=60)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), min_size=2,
                max_size=40))
def test_any_values_give_a_valid_svg_with_short_coordinates(values):
    fig = Figure(figsize=(3, 2))
    ax = fig.subplots()
    v = np.array(values)
    ax.plot(np.arange(v.size), v, "o-", label="<data>")
    ax.legend()
    svg = fig.to_svg()
    root = parse(svg)
    for d in data_paths(root):
        for p in subpaths(d):
            assert np.all(np.abs(p) <= 1e4 + 1)
    assert "&lt;data&gt;" in svg


def test_contour_lines_lie_on_their_level_set():
    t = np.linspace(-2, 2, 81)
    X, Y = np.meshgrid(t, t)
    fig = Figure(figsize=(4, 4))
    ax = fig.subplots()
    ax.contour(X, Y, X**2 + Y**2, levels=[1.0], colors="k")
    root = parse(fig.to_svg())
    x, y, w, h = plot_rect(root)
    (d,) = data_paths(root)
    pts = np.concatenate(subpaths(d))
    u = -2 + 4 * (pts[:, 0] - x) / w  # the contour spans exactly [-2, 2] on both axes
    v = 2 - 4 * (pts[:, 1] - y) / h
    np.testing.assert_allclose(np.hypot(u, v), 1.0, atol=0.01)


def test_legend_lists_labelled_artists_only():
    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2, width_ratios=[1, 2])
    ax1.plot([0, 1], [0, 1], label="shown")
    ax1.plot([0, 1], [1, 0], label="_hidden")
    ax1.axvspan(0.2, 0.4, label="band")
    ax1.legend(loc="outside right")
    ax2.bar(["a", "b"], [1, 2], color=["C0", "C1"])
    texts = [t.text for t in parse(fig.to_svg()).iter(f"{NS}text")]
    assert "shown" in texts and "band" in texts and "_hidden" not in texts
    assert "a" in texts and "b" in texts  # category tick labels


def test_bad_input_is_refused_with_a_clear_error():
    fig = Figure()
    ax = fig.subplots()
    with pytest.raises(TypeError, match="unsupported keyword.*bogus"):
        ax.plot([0, 1], [0, 1], bogus=1)
    with pytest.raises(ValueError, match="format string"):
        ax.plot([0, 1], [0, 1], "q-")
    with pytest.raises(ValueError, match="same length"):
        ax.plot([0, 1], [0, 1, 2])
    with pytest.raises(ValueError, match="y must be numbers"):
        ax.plot([0, 1], ["a", "b"])
    with pytest.raises(ValueError, match="2-D of one shape"):
        ax.contour(np.zeros((2, 2)), np.zeros((2, 3)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="loc"):
        ax.legend(loc="somewhere")
    with pytest.raises(TypeError, match="unsupported property"):
        ax.set(colour="red")
    with pytest.raises(ValueError, match="only one row"):
        Figure().subplots(2, 1)
    with pytest.raises(ValueError, match="width_ratios"):
        Figure().subplots(1, 2, width_ratios=[1])
    with pytest.raises(ValueError, match="figsize"):
        Figure(figsize=(0, 1))
    ax.set_yscale("log")
    ax.set_ylim(-1, 1)
    with pytest.raises(ValueError, match="logarithmic"):
        fig.to_svg()


# -- the same call means what it means in Matplotlib -------------------------------------------
def _axes_to_px(root, xlim, ylim, i=0):
    """The pixel map of axes ``i`` from its clip rectangle and its (set) limits."""
    x, y, w, h = plot_rect(root, i)
    return lambda u, v: (x + w * (u - xlim[0]) / (xlim[1] - xlim[0]),
                         y + h * (1 - (v - ylim[0]) / (ylim[1] - ylim[0])))


def test_arrow_takes_matplotlibs_x_y_dx_dy_and_ends_at_the_tip():
    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    ax.arrow(1.0, 2.0, 3.0, -1.0, color="C1")
    ax.set(xlim=(0, 5), ylim=(0, 3))
    root = parse(fig.to_svg())
    to_px = _axes_to_px(root, (0, 5), (0, 3))
    shaft, head = [subpaths(p.get("d"))[0] for p in root.iter(f"{NS}path")
                   if p.get("stroke") == "#ff7f0e" or p.get("fill") == "#ff7f0e"]
    np.testing.assert_allclose(shaft[0], to_px(1.0, 2.0), atol=0.06)  # the tail at (x, y)
    np.testing.assert_allclose(head[0], to_px(4.0, 1.0), atol=0.06)   # the tip at (x+dx, y+dy)
    # the head points along (dx, dy): its base centre lies on the shaft's line, behind the tip
    base = (head[1] + head[2]) / 2
    direction = np.subtract(to_px(4.0, 1.0), to_px(1.0, 2.0))
    back = np.asarray(to_px(4.0, 1.0)) - base
    np.testing.assert_allclose(back / np.linalg.norm(back), direction / np.linalg.norm(direction),
                               atol=0.01)
    with pytest.raises(TypeError):
        ax.arrow((0, 0), (1, 1))  # the (start, end) form is gone


def test_plot_of_y_alone_uses_the_indices():
    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    ax.plot([3.0, 1.0, 2.0], "o-")
    ax.set(xlim=(0, 2), ylim=(1, 3))
    root = parse(fig.to_svg())
    to_px = _axes_to_px(root, (0, 2), (1, 3))
    (pts,) = subpaths(data_paths(root)[0])
    np.testing.assert_allclose(pts, [to_px(0, 3), to_px(1, 1), to_px(2, 2)], atol=0.06)


def test_text_in_axes_coordinates_through_trans_axes():
    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1])
    ax.text(0.25, 0.75, "here", transform=ax.transAxes)
    root = parse(fig.to_svg())
    x, y, w, h = plot_rect(root)
    (t,) = [t for t in root.iter(f"{NS}text") if t.text == "here"]
    np.testing.assert_allclose([float(t.get("x")), float(t.get("y"))],
                               [x + 0.25 * w, y + 0.25 * h], atol=0.06)
    with pytest.raises(ValueError, match="transform"):
        ax.text(0, 0, "x", transform="figure")


def test_locator_params_bounds_the_number_of_tick_intervals():
    for nbins in (2, 4, 8):
        fig = Figure(figsize=(4, 3))
        ax = fig.subplots()
        ax.plot([0, 1], [0, 1])
        ax.set(xlim=(0, 1), ylim=(0, 1))
        ax.locator_params(axis="x", nbins=nbins)
        labels = [t.text for t in parse(fig.to_svg()).iter(f"{NS}text")]
        assert len(labels) - 6 <= nbins + 1  # x labels; the y axis keeps its 6 (0.0 .. 1.0)
    with pytest.raises(ValueError, match="axis"):
        ax.locator_params(axis="z", nbins=3)


def test_dollar_math_is_refused_not_printed():
    ax = Figure().subplots()
    for call in (lambda: ax.set_title("$x^2$"), lambda: ax.set_xlabel("$\\varepsilon$"),
                 lambda: ax.text(0, 0, "$a$"), lambda: ax.plot([0, 1], [0, 1], label="$b$"),
                 lambda: ax.set_xticks([0], ["$0$"])):
        with pytest.raises(ValueError, match="Unicode"):
            call()
    ax.set_title("costs $5")  # one dollar sign is text


def test_axis_ticks_on_a_log_axis():
    t, labels = axis_ticks(1e-3, 10, log=True)  # wide: decades
    np.testing.assert_allclose(t, [1e-3, 1e-2, 1e-1, 1, 10])
    assert labels == ["10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹"]
    t, labels = axis_ticks(0.015, 0.6, log=True)  # under two decades: 1-2-5 multiples
    np.testing.assert_allclose(t, [0.02, 0.05, 0.1, 0.2, 0.5])
    assert labels == ["2×10⁻²", "5×10⁻²", "10⁻¹", "2×10⁻¹", "5×10⁻¹"]
    t, labels = axis_ticks(1.1, 1.9, log=True)  # no 1-2-5 value inside: evenly spaced, plain
    np.testing.assert_allclose(t, linear_ticks(1.1, 1.9, 4))
    assert labels == format_ticks(t) and len(t) >= 3
    t, labels = axis_ticks(0, 1)
    np.testing.assert_allclose(t, linear_ticks(0, 1, 5))
