"""Speed of dlcalc.curvature.top_eigenvalues on a network loss: ``python benchmarks/curvature.py``.

The derivatives benchmark's ~10^4-parameter network (dlcalc.nets: a 2-hidden-layer tanh MLP,
sizes [32, 96, 64, 1], batch 256, mse_loss at init_params(seed=0)). Prints the CPU time of one
Hessian-vector product, then the time and the number of products top_eigenvalues needs for the
top 1 and top 5 eigenvalues at tol = 1e-6 (target: the top eigenvalue in <= 60 products), and
checks each answer through an independent residual |H y - lambda y| / |lambda| (one more hvp
per eigenvector, outside the timed run). Times are CPU times (time.process_time) with BLAS
single-threaded, as in benchmarks/autodiff.py. Timing targets live here only.
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))

from autodiff import BATCH, CONFIGS, median_times, mlp_problem  # noqa: E402  (benchmarks/)

from dlcalc.autodiff import hvp  # noqa: E402
from dlcalc.curvature import top_eigenpairs  # noqa: E402
from dlcalc.nets import param_count  # noqa: E402

SIZES = CONFIGS["~1e4"]
TOL = 1e-6
TARGET_HVPS_TOP1 = 60


def main():
    f, theta = mlp_problem(SIZES)
    n = theta.size
    calls = []

    def hvp_fn(v):
        calls.append(1)
        return hvp(f, theta, v)

    v = np.random.default_rng(1).normal(size=n)
    t_hvp = median_times({"hvp": lambda: hvp_fn(v)}, repeats=10)["hvp"]
    print(f"sizes={SIZES}  params={param_count(SIZES)}  batch={BATCH}  tol={TOL:g}")
    print(f"  one hvp              median {t_hvp * 1e3:8.2f} ms CPU")

    failed = False
    for k in (1, 5):
        calls.clear()
        start = time.process_time()
        values, vectors = top_eigenpairs(hvp_fn, n, k=k, tol=TOL)
        seconds = time.process_time() - start
        used = len(calls)
        residual = max(
            np.linalg.norm(hvp(f, theta, vectors[:, i]) - values[i] * vectors[:, i])
            / abs(values[i])
            for i in range(k)
        )
        print(f"  top {k}: {seconds:7.3f} s CPU  {used:4d} hvps "
              f"({seconds / t_hvp:6.1f} hvp-times)  max relative residual {residual:.1e}")
        print(f"         eigenvalues {np.array2string(values, precision=8)}")
        failed |= residual > 10 * TOL
        if k == 1:
            ok = used <= TARGET_HVPS_TOP1
            failed |= not ok
            print(f"         hvps for the top eigenvalue = {used} (target <= {TARGET_HVPS_TOP1}: "
                  f"{'ok' if ok else 'MISSED'})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
