"""Draw the book's logo and favicon: a parabola and its osculating circle at the minimum.

The circle's radius is 1/curvature = 1/f''(0) for f(x) = K x**2 / 2 (slope zero there), the
picture of chapter 3's "second derivative = curvature where the slope is small".
Run from the repository root: `.venv/bin/python images/make_logo.py` (writes images/logo.png
and images/favicon.png; both are committed, so the book build does not need to run this).
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
K = 1.6  # f''(0): the curvature at the minimum, so the osculating circle has radius 1/K


def draw(path, size_px, linewidth):
    fig = plt.figure(figsize=(1, 1), dpi=size_px)
    ax = fig.add_axes([0, 0, 1, 1])
    x = np.linspace(-1.25, 1.25, 400)
    r = 1 / K
    t = np.linspace(0, 2 * np.pi, 400)
    ax.fill(r * np.cos(t), r + r * np.sin(t), color="#f4a259", alpha=0.35, lw=0)
    ax.plot(r * np.cos(t), r + r * np.sin(t), color="#bc4b51", lw=linewidth * 0.6)
    ax.plot(x, K * x**2 / 2, color="#1d3557", lw=linewidth, solid_capstyle="round")
    ax.plot([0], [0], "o", color="#1d3557", ms=linewidth * 1.2)
    ax.set_xlim(-1.3, 1.3)
    ax.set_ylim(-0.25, 2.35)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.savefig(path, transparent=True)
    plt.close(fig)


if __name__ == "__main__":
    draw(HERE / "logo.png", 256, 4)
    draw(HERE / "favicon.png", 64, 2.5)
