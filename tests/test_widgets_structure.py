"""What each demo draws at its default settings, read back from its SVG: the elements and their
pixel coordinates, mapped to data through the axes' own tick labels, against values computed
here independently (closed forms, a few lines of NumPy). No stored SVG text: coordinates are
compared with a tolerance, so the last digit may differ between CPUs."""

import math

import numpy as np
import pytest

from dlcalc.widgets import DEMOS
from widget_views import assert_on_curve, read_panels

BLUE, ORANGE, GREEN, RED = "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"


def panels(name):
    demo = DEMOS[name]()
    _, fig = demo.render()
    return read_panels(fig.to_svg()), demo.params()


@pytest.mark.parametrize("name", sorted(DEMOS))
def test_every_demo_reads_back_as_panels_with_consistent_ticks(name):
    """Each panel's tick labels sit on their ticks along one linear (or log) map; every mark
    inside the clip rectangle has finite, short coordinates."""
    ps, _ = panels(name)
    assert ps
    for p in ps:
        assert p.xmap is not None or p.ymap is not None, name
        for _, _, d in p.paths:
            assert "nan" not in d and "inf" not in d


def _near(panel, color, point, tol=0.3):
    """A marker of fill ``color`` drawn at data ``point``."""
    target = panel.px(*point)[0]
    return any(np.hypot(x - target[0], y - target[1]) < tol for x, y in panel.markers[color])


def test_taylor_explorer_draws_sin_and_its_cubic_about_half():
    (p1, p2), params = panels("taylor_explorer")
    assert params == {"function": "sin(x)", "x0": 0.5, "order": 3}
    a = 0.5

    def cubic(x):
        h = x - a
        return math.sin(a) + math.cos(a) * h - math.sin(a) * h**2 / 2 - math.cos(a) * h**3 / 6

    (f_line,) = p1.lines("black")
    assert_on_curve(p1, f_line, np.sin)
    (p_line,) = p1.lines(RED)
    assert_on_curve(p1, p_line, cubic)
    assert _near(p1, RED, (a, math.sin(a)))
    # the error panel (log y): |sin x - P3(x)| where it is above the round-off floor
    (err,) = p2.lines(BLUE)
    keep = err[:, 1] < p2.ymap(1e-10)
    assert_on_curve(p2, err[keep], lambda x: np.abs(np.sin(x) - cubic(x)))


def test_taylor_error_lines_are_the_errors_of_sins_polynomials():
    (p,), params = panels("taylor_error")
    a = params["x0"]
    derivs = [math.sin(a), math.cos(a), -math.sin(a), -math.cos(a)]
    for n, color in zip((1, 2, 3), (BLUE, ORANGE, GREEN), strict=True):
        def err(h, n=n):
            poly = sum(derivs[k] * h**k / math.factorial(k) for k in range(n + 1))
            return np.abs(np.sin(a + h) - poly)
        (line,) = p.lines(color)
        keep = line[:, 1] < p.ymap(1e-9)  # above the round-off floor
        hs = assert_on_curve(p, line[keep], err)
        assert hs.min() < 0.05 and hs.max() > 0.5  # the straight part, two decades wide


def _orders(shapes):
    """FLOPs (2 m k n per product) of every parenthesisation of the chain of ``shapes``."""
    if len(shapes) == 1:
        return {(shapes[0], 0)}
    out = set()
    for i in range(1, len(shapes)):
        for left, cl in _orders(shapes[:i]):
            for right, cr in _orders(shapes[i:]):
                out.add(((left[0], right[1]), cl + cr + 2 * left[0] * left[1] * right[1]))
    return out


def test_jacobian_chain_cost_bars_are_the_five_orders_flops():
    (p,), params = panels("jacobian_chain_cost")
    dims = [params["m"], params["w3"], params["w2"], params["w1"], params["n"]]
    shapes = [(dims[i], dims[i + 1]) for i in range(4)]
    expected = sorted(cost for _, cost in _orders(shapes))
    assert len(expected) == 5
    ends = sorted(x + w for _, x, _, w, _ in p.rects)
    np.testing.assert_allclose(ends, p.xmap(expected), atol=0.15)
    assert f"{expected[0]:,} ← optimal" in p.texts


def test_forward_vs_reverse_passes_and_flops():
    (p1, p2), params = panels("forward_vs_reverse")
    n, m, w = params["n"], params["m"], params["width"]
    heights = sorted(h for _, _, _, _, h in p1.rects)
    scale = p1.ymap(0.0) - p1.ymap(1.0)  # pixels per pass
    np.testing.assert_allclose(heights, [m * scale, n * scale], atol=0.15)
    one_pass = lambda k: 2 * (w * k + w * w + m * w)  # noqa: E731 - a JVP or VJP through 3 layers
    (fwd,) = p2.lines(ORANGE)
    assert_on_curve(p2, fwd, lambda k: k * one_pass(k))
    (rev,) = p2.lines(BLUE)
    assert_on_curve(p2, rev, lambda k: m * one_pass(k))
    assert _near(p2, ORANGE, (n, n * one_pass(n))) and _near(p2, BLUE, (n, m * one_pass(n)))


def test_hessian_direction_curve_arrow_and_weights():
    (p1, p2, p3), params = panels("hessian_direction")
    la, lb, tilt, angle = params["lam_a"], params["lam_b"], params["tilt"], params["angle"]
    (curve,) = p3.lines(BLUE)
    rad = np.deg2rad
    assert_on_curve(p3, curve, lambda t: la * np.cos(rad(t - tilt)) ** 2
                    + lb * np.sin(rad(t - tilt)) ** 2)
    # the arrow (drawn over the frame) ends at d = (cos angle, sin angle)
    (head,) = [d for s, fill, d in p1.outside if fill == "black"]
    tip = np.array(head[1:].split("L")[0].split(","), dtype=float)
    np.testing.assert_allclose(tip, p1.px(math.cos(rad(angle)), math.sin(rad(angle)))[0],
                               atol=0.15)
    # the weight bars: cos² and sin² of the angle between d and va, over eigenvalues la, lb
    w_a = math.cos(rad(angle - tilt)) ** 2
    tops = sorted((x + w / 2, y) for _, x, y, w, _ in p2.rects)
    np.testing.assert_allclose(tops, [tuple(p2.px(la, w_a)[0]), tuple(p2.px(lb, 1 - w_a)[0])],
                               atol=0.15)


def test_curvature_step_draws_the_parabola_and_the_step():
    (p1, _), params = panels("curvature_step")
    c, eps = params["curvature"], params["eps"]
    (f,) = p1.lines(BLUE)
    assert_on_curve(p1, f, lambda x: x + 0.5 * c * x**2)
    x1 = -eps  # x0 = 0, slope 1
    assert _near(p1, RED, (x1, x1 + 0.5 * c * x1**2))


def test_osculating_circle_has_the_closed_form_centre_and_radius():
    (p1, _), params = panels("osculating_circle")
    x = params["x"]
    y, y1, y2 = x**2 / 2, x, 1.0  # the curve y = x²/2
    radius = (1 + y1**2) ** 1.5 / abs(y2)
    centre = (x - y1 * (1 + y1**2) / y2, y + (1 + y1**2) / y2)
    (circle,) = p1.lines(ORANGE)
    circle = circle[p1.inside(circle)]
    to_x = lambda px: (px - p1.xmap(0.0)) / (p1.xmap(1.0) - p1.xmap(0.0))  # noqa: E731
    to_y = lambda py: (py - p1.ymap(0.0)) / (p1.ymap(1.0) - p1.ymap(0.0))  # noqa: E731
    dist = np.hypot(to_x(circle[:, 0]) - centre[0], to_y(circle[:, 1]) - centre[1])
    np.testing.assert_allclose(dist, radius, atol=0.01)
    assert len(circle) > 20


def test_learning_rate_trajectory_is_gradient_descent_on_the_quadratic():
    (p1, p2, _), params = panels("learning_rate")
    lr, kappa, steps = params["lr"], params["kappa"], params["steps"]
    t = math.pi / 6
    R = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    H = R @ np.diag([1.0, 1.0 / kappa]) @ R.T
    xs = [np.array([-2.2, 1.6])]
    for _ in range(steps):
        xs.append(xs[-1] - lr * H @ xs[-1])
    xs = np.array(xs)
    (path,) = p1.lines(RED)
    np.testing.assert_allclose(path, p1.px(xs[:, 0], xs[:, 1]), atol=0.15)
    losses = 0.5 * np.einsum("ki,ij,kj->k", xs, H, xs)
    (loss_line,) = p2.lines(RED)
    np.testing.assert_allclose(loss_line, p2.px(np.arange(steps + 1), losses), atol=0.15)


def test_predicted_vs_actual_curves_along_minus_the_gradient():
    (p1, _), params = panels("predicted_vs_actual")
    assert params["start"] == "(0, 0)"
    # Rosenbrock at x0 = 0: g = (-2, 0), g^T H g = 8; along x0 - t g = (2t, 0)
    (actual,) = p1.lines(BLUE)
    assert_on_curve(p1, actual, lambda t: (1 - 2 * t) ** 2 + 100 * (2 * t) ** 4)
    (model,) = p1.lines(ORANGE)
    assert_on_curve(p1, model, lambda t: 1 - 4 * t + 4 * t**2)


def test_critical_points_contours_are_level_sets_and_the_saddle_is_marked():
    (p1, _), params = panels("critical_points")
    assert "x1² − x2²" in params["function"]
    spreads = []
    for stroke, _, _ in {(s, f, d) for s, f, d in p1.paths}:
        for line in p1.lines(stroke):
            line = line[p1.inside(line)]
            if len(line) < 3:
                continue
            u = (line[:, 0] - p1.xmap(0.0)) / (p1.xmap(1.0) - p1.xmap(0.0))
            v = (line[:, 1] - p1.ymap(0.0)) / (p1.ymap(1.0) - p1.ymap(0.0))
            spreads.append(np.ptp(u**2 - v**2))
    assert len(spreads) >= 5 and max(spreads) < 0.05  # f = x1² − x2² spans 8 over the view
    assert any(_near(p1, color, (0.0, 0.0)) for color in p1.markers)  # its only critical point
    assert "saddle" in p1.texts


def test_saddle_escape_paths_are_gd_and_newton_from_the_start():
    (p1, _), params = panels("saddle_escape")
    lr, steps, offset = params["lr"], params["steps"], params["offset"]
    x = np.array([1.5, offset])
    gd, nt = [x], [x]
    for _ in range(steps):
        a, b = gd[-1]
        gd.append(gd[-1] - lr * np.array([2 * a, b**3 - b]))
        a, b = nt[-1]
        nt.append(np.array([0.0, b - (b**3 - b) / (3 * b**2 - 1)]))
    gd, nt = np.array(gd), np.array(nt)
    (gd_line,) = p1.lines(BLUE)
    np.testing.assert_allclose(gd_line, p1.px(gd[:, 0], gd[:, 1]), atol=0.15)
    (nt_line,) = p1.lines(RED)
    np.testing.assert_allclose(nt_line, p1.px(nt[:, 0], nt[:, 1]), atol=0.15)


def test_momentum_paths_are_gd_and_the_heavy_ball_on_the_quadratic():
    (p1, p2), params = panels("momentum")
    beta, lr, kappa = params["beta"], params["lr"], params["kappa"]
    t = math.pi / 6
    R = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    H = R @ np.diag([1.0, 1.0 / kappa]) @ R.T
    gd_lr = 2 / (1 + 1 / kappa)  # the best fixed step 2 / (lambda_min + lambda_max)
    gd, hb = [np.array([-2.2, 1.6])], [np.array([-2.2, 1.6])] * 2
    for _ in range(60):
        gd.append(gd[-1] - gd_lr * H @ gd[-1])
        hb.append(hb[-1] - lr * H @ hb[-1] + beta * (hb[-1] - hb[-2]))
    gd, hb = np.array(gd), np.array(hb[1:])
    for path, color in ((gd, BLUE), (hb, RED)):
        shown = path[np.all(np.abs(path) < 3, axis=1)]
        (line,) = p1.lines(color)
        np.testing.assert_allclose(line, p1.px(shown[:, 0], shown[:, 1]), atol=0.15)
    # the error panel: ||x_k|| of the heavy ball on the log axis, where it is drawn
    errors = np.linalg.norm(hb, axis=1)
    k = np.arange(len(errors))
    (hb_errors, *_) = p2.lines(RED)
    ok = (errors > 1e-300) & (errors < 1e150)
    np.testing.assert_allclose(hb_errors, p2.px(k[ok], errors[ok]), atol=0.15)
