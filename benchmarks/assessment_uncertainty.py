"""Benchmark: rank uncertainty of a zone assessment — 200 zones × 30 indicators, 1000 Monte Carlo
runs (weights ±25%, normalisation min-max / z-score / rank, arithmetic or geometric mean).

    pip install -e . && python benchmarks/assessment_uncertainty.py [--zones 200] [--indicators 30] [--runs 1000]

Printed side by side: one evaluation, the uncertainty analysis, and the same analysis done the
plain way (one full `evaluate` per run), with the ratio. Target: the analysis under 1 s.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--zones", type=int, default=200)
    parser.add_argument("--indicators", type=int, default=30)
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jijuqu.settings")
    from jijuqu.assessment.engine import Method, evaluate, uncertainty

    rng = np.random.default_rng(2026)
    X = rng.lognormal(mean=3, sigma=0.8, size=(args.zones, args.indicators))
    directions = np.where(rng.random(args.indicators) < 0.2, -1, 1)
    weights = rng.uniform(1, 5, args.indicators)

    t = time.perf_counter()
    evaluate(X, directions, Method(weighting="fixed"), weights=weights)
    one = time.perf_counter() - t

    t = time.perf_counter()
    u = uncertainty(X, directions, weights, runs=args.runs, seed=1)
    vectorised = time.perf_counter() - t

    # The plain way: one evaluation per run, same draws of weights and methods.
    t = time.perf_counter()
    draw = np.random.default_rng(1)
    for _ in range(args.runs):
        w = weights * draw.uniform(0.75, 1.25, args.indicators)
        norm = ["minmax", "zscore", "rank"][draw.integers(3)]
        agg = "arithmetic" if norm == "zscore" else ["arithmetic", "geometric"][draw.integers(2)]
        evaluate(X, directions, Method(normalisation=norm, weighting="fixed", aggregation=agg), weights=w)
    plain = time.perf_counter() - t

    width = np.mean(u.high - u.low)
    print(f"{args.zones} zones × {args.indicators} indicators, {args.runs} runs")
    print(f"one evaluation:               {one * 1000:8.1f} ms")
    print(f"uncertainty analysis:         {vectorised * 1000:8.1f} ms   (target < 1000 ms)")
    print(f"one evaluate() per run:       {plain * 1000:8.1f} ms")
    print(f"plain / vectorised:           {plain / vectorised:8.1f}×")
    print(f"mean 90% rank interval width: {width:8.1f} places")


if __name__ == "__main__":
    main()
