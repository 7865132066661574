"""Chapter 6's edge-of-stability claims over a sweep of seed pairs:
``python benchmarks/eos_sweep.py [--pairs 50] [--jobs 1] [--json FILE]``.

For every (data seed, init seed) pair of :func:`seed_pairs` and every rate of
:data:`dlcalc.eos.CHAPTER_LRS` it runs :func:`dlcalc.eos.edge_of_stability` twice, as is and with
a relative perturbation of 1e-9 of theta_0 (another machine's rounding), and evaluates
:func:`dlcalc.eos.claims`; for every rate of :data:`dlcalc.eos.CONTROL_LRS` it runs the control
run once and evaluates :func:`dlcalc.eos.control_claims`. It prints

* the pass table: one row per seed pair, ``ok`` when every claim holds in every run of that pair
  (else the names of the failed claims), with the control plateaus; for the rate 0.2 it also
  replays 100 steps after the sharpness peak (:func:`dlcalc.eos.peak_replay`, claims
  :data:`dlcalc.eos.PEAK_THRESHOLDS`) and forms the Hessian at the end of the run (claims
  :data:`dlcalc.eos.SPECTRUM_THRESHOLDS`), as the chapter does on its own seed pair;
* each threshold of :data:`dlcalc.eos.THRESHOLDS` and :data:`dlcalc.eos.CONTROL_THRESHOLDS`
  next to its measured worst case over the sweep, and the margin between them;
* the control plateau on the chapter's seed and its range over the sweep, and how far the two
  control rates' plateaus differ (the network's own value, not set by the rate);
* the overshoot at the end of sharpening (the largest sharpness over 2/lr) and when the edge is
  reached (lr * t), which the chapter's prose quotes as ranges;
* CPU time per run (``time.process_time``, BLAS single-threaded) for each rate, and the
  Hessian-vector products of warm-started Lanczos against a cold start at every probe.

Targets: all runs pass; a chapter-sized run (lr 0.2) in <= 3 s CPU; warm starts use no more
Hessian-vector products than cold starts. Timing targets live here only, never in unit tests.
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import multiprocessing  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))

from dlcalc import eos  # noqa: E402
from dlcalc.autodiff import hessian, hvp  # noqa: E402
from dlcalc.curvature import top_eigenpairs  # noqa: E402

PERTURBATION = 1e-9
DETAIL_LR = 0.2             # the rate whose peak and final spectrum the chapter examines
TARGET_CHAPTER_RUN_S = 3.0


def seed_pairs(count):
    """The chapter's pair (0, 0), the tests' second pair (8, 2), then (s, s + 100)."""
    return [(0, 0), (8, 2)] + [(s, s + 100) for s in range(1, count - 1)]


def timed(fn, *args, **kwargs):
    start = time.process_time()
    out = fn(*args, **kwargs)
    return out, time.process_time() - start


def cold_products(run, loss):
    """Hessian-vector products Lanczos needs at the run's probes when started afresh each time."""
    total = 0
    for theta in run.thetas:
        count = [0]

        def hvp_fn(v, theta=theta, count=count):
            count[0] += 1
            return hvp(loss, theta, v)

        top_eigenpairs(hvp_fn, theta.size, tol=1e-6)
        total += count[0]
    return total


def sweep_pair(pair):
    """Run every rate (each also perturbed) and the control runs for one seed pair; return the
    table row, the records, and the CPU seconds per rate."""
    data_seed, init_seed = pair
    records, control, details, cpu = [], [], [], {}
    prob = eos.noisy_regression(data_seed=data_seed, init_seed=init_seed)
    cells, failed = [], []
    for lr in eos.CHAPTER_LRS:
        marks = ""
        for perturbation in (0.0, PERTURBATION):
            run, seconds = timed(eos.edge_of_stability, lr, data_seed, init_seed,
                                 perturbation)
            cpu.setdefault(lr, []).append(seconds)
            result = eos.claims(run)
            records.append({"lr": lr, "data_seed": data_seed, "init_seed": init_seed,
                            "perturbation": perturbation, **eos.measures(run),
                            "claims": result})
            if lr == DETAIL_LR:
                index, replay = eos.peak_replay(run, prob)
                lam = np.linalg.eigvalsh(hessian(prob.loss)(run.theta))
                detail = {**eos.peak_measures(run, index, replay),
                          **eos.spectrum_measures(lam, lr)}
                more = {**eos.check(detail, eos.PEAK_THRESHOLDS),
                        **eos.check(detail, eos.SPECTRUM_THRESHOLDS)}
                details.append({"perturbation": perturbation, "data_seed": data_seed,
                                "init_seed": init_seed, **detail, "claims": more,
                                "top12": lam[::-1][:12].tolist()})
                result = {**result, **more}
            bad = [name for name, ok in result.items() if not ok]
            failed += [f"{lr}{'p' if perturbation else ''}:{name}" for name in bad]
            marks += "." if not bad else "x"
        cells.append(f"{marks:>9}")
    plateaus = []
    for lr in eos.CONTROL_LRS:
        run, seconds = timed(eos.edge_of_stability, lr, data_seed, init_seed)
        cpu.setdefault(lr, []).append(seconds)
        result = eos.control_claims(run)
        control.append({"lr": lr, "data_seed": data_seed, "init_seed": init_seed,
                        **eos.control_measures(run), "claims": result})
        failed += [f"{lr}:{name}" for name, ok in result.items() if not ok]
        plateaus.append(f"{control[-1]['plateau']:9.2f}")
    row = (f"{data_seed:4d} {init_seed:4d}  {' '.join(cells)}  {' '.join(plateaus)}  "
           f"{'ok' if not failed else ', '.join(failed)}")
    return row, records, control, details, cpu, failed


def worst(values, comparison):
    """The measured value closest to failing the comparison."""
    values = np.asarray(values, dtype=float)
    if comparison == "<=":
        return float(values.max())
    if comparison == ">=":
        return float(values.min())
    if comparison == "within":
        return float(values[np.argmax(np.abs(values - 1.0))])
    return float(values[np.argmax(np.abs(values))])


def margin(value, comparison, threshold):
    if comparison == "<=":
        return threshold - value
    if comparison == ">=":
        return value - threshold
    if comparison == "within":
        return threshold - abs(value - 1.0)
    return threshold - abs(value)


def threshold_table(records, thresholds, title):
    print(f"\n{title}")
    print(f"  {'claim':30s} {'measure':15s} {'threshold':>14s} {'worst':>9s} {'margin':>8s}")
    for name, (key, cmp, thr) in thresholds.items():
        values = [r[key] for r in records]
        w = worst(values, cmp)
        shown = {"within": f"|x-1|<={thr}", "abs<": f"|x|<{thr}"}.get(cmp, f"{cmp} {thr}")
        print(f"  {name:30s} {key:15s} {shown:>14s} {w:9.3f} {margin(w, cmp, thr):8.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--json", help="also write every run's measures to this file")
    parser.add_argument("--jobs", type=int, default=1, help="seed pairs run in parallel")
    args = parser.parse_args()

    rates = " ".join(f"{lr:>9}" for lr in eos.CHAPTER_LRS)
    controls = " ".join(f"plat{lr:<5}" for lr in eos.CONTROL_LRS)
    print(f"{'data':>4} {'init':>4}  {rates}  {controls}  failed claims")
    records, control, details, cpu, failures = [], [], [], {}, 0
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        for row, rec, ctl, det, seconds, failed in pool.imap(sweep_pair, seed_pairs(args.pairs)):
            records += rec
            control += ctl
            details += det
            for lr, values in seconds.items():
                cpu.setdefault(lr, []).extend(values)
            failures += bool(failed)
            print(row, flush=True)

    pairs = len(seed_pairs(args.pairs))
    runs = len(records) + len(control)
    print(f"\n('..' = the run and its {PERTURBATION:g}-perturbed copy both pass every claim)")
    print(f"seed pairs with every claim holding in every run: {pairs - failures} of {pairs} "
          f"({runs} runs: {len(records)} edge-of-stability, {len(control)} control)")

    threshold_table(records, eos.THRESHOLDS, "Edge-of-stability thresholds and the measured "
                    "worst case over all runs (margin > 0: holds)")
    threshold_table(details, {**eos.PEAK_THRESHOLDS, **eos.SPECTRUM_THRESHOLDS},
                    f"After the peak (100 steps) and the spectrum at the end, lr {DETAIL_LR}")
    natural = [r for r in control if r["peak"] <= 1.0]
    capped = [r for r in control if r["peak"] > 1.0]
    threshold_table(natural, {k: v for k, v in eos.CONTROL_THRESHOLDS.items()
                              if k != "capped_at_its_edge"},
                    f"Control-run thresholds, {len(natural)} runs whose sharpness stays below 2/lr")
    if capped:
        threshold_table(capped, {k: v for k, v in eos.CONTROL_THRESHOLDS.items()
                                 if k in ("levels_off", "capped_at_its_edge")},
                        f"Control-run thresholds, {len(capped)} runs whose natural sharpness "
                        "exceeds 2/lr (capped there)")

    plateau = {lr: np.array([r["plateau"] for r in control if r["lr"] == lr])
               for lr in eos.CONTROL_LRS}
    uncapped = np.array([r["peak"] <= 0.8 for r in control if r["lr"] == eos.CONTROL_LRS[-1]])
    print("\nControl plateau (median sharpness over the last quarter; natural sharpness):")
    for lr, values in plateau.items():
        print(f"  lr {lr}: chapter seed {values[0]:.2f}, over the sweep {values.min():.2f} .. "
              f"{values.max():.2f} (2/lr = {2 / lr:.0f}; largest 2/lr of the chapter "
              f"{2 / min(eos.CHAPTER_LRS):.2f})")
    lo, hi = eos.CONTROL_LRS
    rel = np.abs(plateau[lo] / plateau[hi] - 1.0)[uncapped]
    print(f"  plateaus at lr {lo} and {hi} differ by at most {rel.max():.1%} (same seed pair; "
          f"{uncapped.sum()} pairs whose sharpness stays below both 2/lr)")

    print("\nRanges the prose quotes (over all edge-of-stability runs):")
    for lr in eos.CHAPTER_LRS:
        rows = [r for r in records if r["lr"] == lr]
        over = [r["overshoot"] for r in rows]
        reach = [r["reach_time"] for r in rows]
        tail = [r["tail"] for r in rows]
        print(f"  lr {lr}: overshoot {min(over):.2f} .. {max(over):.2f} x 2/lr; edge reached at "
              f"lr*t {min(reach):.0f} .. {max(reach):.0f} of {eos.EDGE_TIME:.0f}; tail median "
              f"{min(tail):.3f} .. {max(tail):.3f} x 2/lr")

    print("\nCPU seconds per run (process time, BLAS 1 thread):")
    for lr, values in cpu.items():
        steps, every = eos.budget(lr)
        print(f"  lr {lr:5}: {steps:6d} steps, probe every {every:3d}: median "
              f"{np.median(values):.2f} s, max {max(values):.2f} s")
    chapter = float(np.median(cpu[0.2]))
    print(f"chapter-sized run (lr 0.2): median {chapter:.2f} s (target <= "
          f"{TARGET_CHAPTER_RUN_S} s: {'met' if chapter <= TARGET_CHAPTER_RUN_S else 'NOT MET'})")
    prob = eos.noisy_regression()
    run = eos.edge_of_stability(0.2)
    cold = cold_products(run, prob.loss)
    verdict = "met" if run.hvp_calls <= cold else "NOT MET"
    print(f"Hessian-vector products: warm-started {run.hvp_calls}, cold {cold}, ratio "
          f"{run.hvp_calls / cold:.2f} (target <= 1: {verdict})")

    if args.json:
        clean = [{k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                  for k, v in r.items()} for r in records + control]
        clean += details
        Path(args.json).write_text(json.dumps(clean, indent=1))


if __name__ == "__main__":
    main()
