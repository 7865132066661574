"""Speed of dlcalc.autodiff on a network loss: run ``python benchmarks/autodiff.py``.

A 2-hidden-layer tanh MLP (dlcalc.nets), batch 256, parameters as one flat vector, at about
10^4 and 10^5 parameters. Prints the median wall time of f, grad(f), hvp(f, x, v) and
jvp(f, x, v) and the ratios grad/f (target <= 5) and hvp/grad (target <= 4).
Timing targets live here only, never in the unit tests.

Times are CPU times of this process (``time.process_time``) with BLAS single-threaded (unless
the environment says otherwise), and the four timings are interleaved round by round: on a
shared, busy machine wall-clock times mostly measure the other processes, while CPU time
measures the work the engine does, which is what the ratios are about.
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))

from dlcalc.autodiff import grad, hvp, jvp  # noqa: E402
from dlcalc.nets import init_params, mse_loss, param_count, synthetic_regression  # noqa: E402

BATCH = 256
TARGETS = {"grad/f": 5.0, "hvp/grad": 4.0}
CONFIGS = {"~1e4": [32, 96, 64, 1], "~1e5": [128, 256, 240, 1]}


def median_times(fns, repeats):
    """Median CPU seconds per call of each function, timed in interleaved rounds."""
    times = {name: [] for name in fns}
    for round_ in range(repeats + 1):
        for name, fn in fns.items():
            start = time.process_time()
            fn()
            if round_:  # round 0 is a warm-up
                times[name].append(time.process_time() - start)
    return {name: statistics.median(ts) for name, ts in times.items()}


def mlp_problem(sizes):
    """Return ``(f, theta)``: the MLP's loss on seeded data (batch ``BATCH``) and its
    parameters at ``init_params(seed=0)``. benchmarks/curvature.py uses the same problem."""
    X, Y = synthetic_regression(BATCH, sizes[0], sizes[-1], seed=0)
    return mse_loss(sizes, X, Y), init_params(sizes, seed=0)


def main():
    failed = False
    for label, sizes in CONFIGS.items():
        f, theta = mlp_problem(sizes)
        v = np.random.default_rng(1).normal(size=theta.size)
        g = grad(f)
        fns = {
            "f": lambda: f(theta),  # noqa: B023
            "grad": lambda: g(theta),  # noqa: B023
            "hvp": lambda: hvp(f, theta, v),  # noqa: B023
            "jvp": lambda: jvp(f, theta, v),  # noqa: B023
        }
        t = median_times(fns, repeats=60 if theta.size < 50_000 else 20)
        ratios = {"grad/f": t["grad"] / t["f"], "hvp/grad": t["hvp"] / t["grad"]}
        print(f"sizes={sizes}  params={param_count(sizes)} ({label})  batch={BATCH}")
        for name, seconds in t.items():
            print(f"  {name:5s} median {seconds * 1e3:8.3f} ms CPU")
        for name, ratio in ratios.items():
            ok = ratio <= TARGETS[name]
            failed |= not ok
            print(f"  {name:8s} = {ratio:5.2f}  (target <= {TARGETS[name]:g}: "
                  f"{'ok' if ok else 'MISSED'})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
