"""Benchmark of the decision engine: prints the figures the engine promises.

* SMAA-2, 100,000 weight samples, 6 alternatives x 12 criteria: median ms (target <= 15 ms);
* the same ranking done sample by sample with pymcdm's WSM, extrapolated from a few thousand
  samples, and the speed-up ratio (target >= 1,000x) - both measured in this run;
* one ``solve`` without robustness: median µs (target <= 50 µs);
* peak resident memory of a 10-million-sample SMAA run in a fresh process (target <= 200 MB).

BLAS and OpenMP are pinned to one thread before numpy is imported ("one core").
Run: ``python bench/engine_bench.py`` (or ``make bench`` for every benchmark).
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import timeit  # noqa: E402
import warnings  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from klimaorg.engine import Wsm, smaa, solve  # noqa: E402

M, N = 6, 12
SAMPLES = 100_000
MEMORY_SAMPLES = 10_000_000


def _problem(method: dict[str, Any]) -> dict[str, Any]:
    rng = np.random.default_rng(42)
    dirs = ["max"] * 8 + ["min"] * 4
    return {
        "alternatives": [f"A{i + 1}" for i in range(M)],
        "criteria": [{"id": f"c{j + 1}", "direction": d} for j, d in enumerate(dirs)],
        "matrix": rng.uniform(1, 10, (M, N)).round(2).tolist(),
        "weights": rng.uniform(0.1, 1, N).round(3).tolist(),
        "method": method,
    }


def bench_smaa(repeats: int = 21) -> float:
    """Median wall time (ms) of SMAA-2 with 100,000 uniform samples."""
    p = _problem({"name": "wsm", "normalisation": "max"})
    matrix = np.array(p["matrix"])
    dirs = [c["direction"] for c in p["criteria"]]
    smaa(matrix, dirs, method=Wsm("max"), samples=SAMPLES, seed=0)  # warm-up
    times = []
    for r in range(repeats):
        t0 = time.perf_counter()
        smaa(matrix, dirs, method=Wsm("max"), samples=SAMPLES, seed=r)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def bench_pymcdm(samples: int = 3000) -> float:
    """Seconds per sample for weights -> pymcdm WSM(max_normalization) -> ranking, one by one."""
    from pymcdm import normalizations
    from pymcdm.helpers import rankdata
    from pymcdm.methods import WSM

    p = _problem({"name": "wsm"})
    matrix = np.array(p["matrix"])
    types = np.array([1 if c["direction"] == "max" else -1 for c in p["criteria"]])
    body = WSM(normalizations.max_normalization)
    rng = np.random.default_rng(0)
    weights = rng.dirichlet(np.ones(N), size=samples)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        for w in weights:
            rankdata(body(matrix, w, types), reverse=True)
        return (time.perf_counter() - t0) / samples


def bench_solve(method: dict[str, Any]) -> float:
    """Median µs of one in-process ``solve`` (parse, validate, score, rank) without robustness."""
    p = _problem(method)
    solve(p)
    runs = timeit.repeat(lambda: solve(p), number=2000, repeat=7)
    return statistics.median(runs) / 2000 * 1e6


MEMORY_SCRIPT = f"""
import os, resource
for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = "1"
import numpy as np
from klimaorg.engine import smaa
matrix = np.random.default_rng(1).uniform(1, 10, ({M}, {N}))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
smaa(matrix, ["max"] * {N}, samples={MEMORY_SAMPLES}, seed=0, max_samples={MEMORY_SAMPLES})
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(before, after)
"""


def bench_memory() -> tuple[float, float, float]:
    """(peak RSS MB before the run, peak RSS MB of the whole process, seconds) for 10 M samples."""
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT], check=True, capture_output=True, text=True
    )
    seconds = time.perf_counter() - t0
    before, after = (int(v) / 1024 for v in out.stdout.split())
    return before, after, seconds


def main() -> None:
    """Measure and print the figures with their targets."""
    smaa_ms = bench_smaa()
    per_sample = bench_pymcdm()
    pymcdm_ms = per_sample * SAMPLES * 1e3
    ratio = pymcdm_ms / smaa_ms
    solve_us = {
        name: bench_solve(method)
        for name, method in (
            ("wsm (max)", {"name": "wsm", "normalisation": "max"}),
            ("topsis (vector)", {"name": "topsis"}),
            ("promethee2 (usual)", {"name": "promethee2"}),
        )
    }
    before, peak, seconds = bench_memory()

    def row(label: str, value: str, target: str, ok: bool) -> None:
        print(f"{label:<52} {value:>14}   {target:<14} {'OK' if ok else 'MISSED'}")

    print(f"Decision engine benchmark ({M} alternatives x {N} criteria, 1 BLAS thread)")
    print("-" * 92)
    row(f"SMAA-2, {SAMPLES:,} samples (median)", f"{smaa_ms:.2f} ms", "<= 15 ms", smaa_ms <= 15)
    row("pymcdm WSM sample by sample (extrapolated)", f"{pymcdm_ms:,.0f} ms", "", True)
    row("speed-up over pymcdm, same run", f"{ratio:,.0f}x", ">= 1,000x", ratio >= 1000)
    for name, us in solve_us.items():
        row(f"single solve, {name}, no robustness", f"{us:.1f} µs", "<= 50 µs", us <= 50)
    row(
        f"SMAA-2, {MEMORY_SAMPLES:,} samples: peak RSS ({seconds:.1f} s)",
        f"{peak:.0f} MB",
        "<= 200 MB",
        peak <= 200,
    )
    print(f"{'  (of which interpreter + numpy + engine at start)':<52} {before:>11.0f} MB")


if __name__ == "__main__":
    main()
