"""Benchmark every registered demo: median ``update()`` time over seeded random settings.

Run from the repository root:  .venv/bin/python benchmarks/widgets.py [--settings 20] [--seed 0]

For each demo in ``dlcalc.widgets.DEMOS`` (whoever registered it) this draws random parameter
settings from the demo's own controls (sliders: uniform on ``min..max`` snapped to ``step``;
dropdowns: a random option), times ``update(**params)`` (recompute + redraw as SVG with
:mod:`dlcalc.widgets.svgplot` + the ``<img>`` data URI) and prints a table: wall-clock and CPU
(process) medians, the worst wall time, and the median in units of a *reference frame* (a
simple two-panel SVG figure), which says how a demo compares with the cheapest picture on the
machine at hand. For scale it also prints what the same reference costs with Matplotlib's Agg
renderer (what the demos used before). Demos whose median wall time exceeds the target are
flagged (exit status 1).
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402

from dlcalc.widgets import DEMOS  # noqa: E402
from dlcalc.widgets._base import random_setting, svg_img  # noqa: E402
from dlcalc.widgets.svgplot import Figure  # noqa: E402

TARGET_MS = 100.0


def _timed(fn):
    w, c = time.perf_counter(), time.process_time()
    fn()
    return 1000 * (time.perf_counter() - w), 1000 * (time.process_time() - c)


def _svg_frame():
    fig = Figure(figsize=(7.0, 3.6))
    for ax in fig.subplots(1, 2):
        ax.plot(np.arange(10), np.arange(10))
        ax.set(title="reference", xlabel="x", ylabel="y")
    svg_img(fig.to_svg(), "reference")


def _matplotlib_frame():
    import io

    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(7.0, 3.6), layout="constrained")
    for ax in fig.subplots(1, 2):
        ax.plot(np.arange(10))
        ax.set(title="reference", xlabel="x", ylabel="y")
    fig.savefig(io.BytesIO(), format="png", dpi=80)


def reference_frame_ms(frame=_svg_frame, repeats=7):
    """Median (wall, cpu) ms of drawing a simple two-panel figure with ``frame``."""
    frame()  # warm-up (imports, font cache)
    runs = [_timed(frame) for _ in range(repeats)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def bench(factory, settings, seed):
    t0 = time.perf_counter()
    demo = factory()
    build_ms = 1000 * (time.perf_counter() - t0)
    rng = np.random.default_rng(seed)
    walls, cpus = [], []
    for _ in range(settings):
        params = random_setting(demo.controls, rng)
        w, c = _timed(lambda p=params: demo.update(**p))
        walls.append(w)
        cpus.append(c)
    return build_ms, statistics.median(walls), statistics.median(cpus), max(walls)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=int, default=20, help="random settings per demo")
    parser.add_argument("--seed", type=int, default=0, help="seed of the settings")
    args = parser.parse_args(argv)
    ref_wall, ref_cpu = reference_frame_ms()
    mpl_wall, _ = reference_frame_ms(_matplotlib_frame, repeats=3)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{len(DEMOS)} demos, {args.settings} seeded random settings each (seed {args.seed}); "
          f"target: median update() <= {TARGET_MS:.0f} ms wall")
    print(f"machine: {os.cpu_count()} CPUs, 1-min load average {load:.1f}; reference frame "
          f"(simple 2-panel SVG figure): {ref_wall:.1f} ms wall, {ref_cpu:.1f} ms CPU "
          f"(the same with Matplotlib -> PNG: {mpl_wall:.0f} ms wall)")
    header = (f"{'demo':24} {'construct':>9} {'median':>7} {'median':>7} {'max':>7} "
              f"{'median':>9}  status")
    sub = f"{'':24} {'ms wall':>9} {'ms wall':>7} {'ms CPU':>7} {'ms wall':>7} {'/ ref CPU':>9}"
    print(header)
    print(sub)
    print("-" * len(header))
    slow = []
    for name in sorted(DEMOS):
        build, med, med_cpu, worst = bench(DEMOS[name], args.settings, args.seed)
        status = "ok" if med <= TARGET_MS else "SLOW (> 100 ms)"
        if med > TARGET_MS:
            slow.append(name)
        print(f"{name:24} {build:9.0f} {med:7.0f} {med_cpu:7.0f} {worst:7.0f} "
              f"{med_cpu / ref_cpu:9.2f}  {status}")
    print("-" * len(header))
    print("all demos within target" if not slow else f"over target: {', '.join(slow)}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
