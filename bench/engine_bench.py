"""Benchmark of the decision engine: prints the figures the engine promises, PASS or FAIL.

* SMAA-2, 100,000 weight samples, 6 alternatives x 12 criteria: median ms of 21 runs
  (target <= 15 ms);
* the same ranking done sample by sample with pymcdm's WSM, timed on 3,000 samples and
  extrapolated, and the speed-up ratio (target >= 1,000x). Both are measured in this run and
  interleaved (three rounds of 7 SMAA runs and 1,000 pymcdm samples), so that load on the
  machine weighs on both alike;
* the per-request robustness of a small problem (6 x 11, linear WSM): ``weight_stability``
  (target <= 0.3 ms), drawing 2,000 Dirichlet weights around given ones (<= 0.3 ms) and the
  whole ``smaa`` call with those 2,000 samples (<= 0.5 ms), medians;
* SMAA-2 with interval values (6 x 11, every cell ``[0.8 x, x, 1.25 x]``, triangular, weights
  'around' as the advisor draws them) with its three-way doubt split, 2,000 and 10,000 samples:
  median ms and the ratio to the weight-only SMAA of the same size, both measured in this run
  and interleaved (target for 2,000 samples: <= 20 ms);
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
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from klimaorg.engine import (  # noqa: E402
    Wsm,
    make_scorer,
    smaa,
    smaa_imprecise,
    solve,
    weight_stability,
)
from klimaorg.engine.aggregation import as_benefit  # noqa: E402
from klimaorg.engine.robustness import _Sampler  # noqa: E402

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


def _smaa_once(seed: int) -> float:
    """Wall seconds of one SMAA-2 run with 100,000 uniform samples."""
    p = _problem({"name": "wsm", "normalisation": "max"})
    matrix = np.array(p["matrix"])
    dirs = [c["direction"] for c in p["criteria"]]
    t0 = time.perf_counter()
    smaa(matrix, dirs, method=Wsm("max"), samples=SAMPLES, seed=seed)
    return time.perf_counter() - t0


def _pymcdm_runner(samples: int) -> Callable[[], float]:
    """A function timing ``samples`` weight vectors -> pymcdm WSM(max) -> ranking, one by one."""
    from pymcdm import normalizations
    from pymcdm.helpers import rankdata
    from pymcdm.methods import WSM

    p = _problem({"name": "wsm"})
    matrix = np.array(p["matrix"])
    types = np.array([1 if c["direction"] == "max" else -1 for c in p["criteria"]])
    body = WSM(normalizations.max_normalization)
    weights = np.random.default_rng(0).dirichlet(np.ones(N), size=samples)

    def run() -> float:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            for w in weights:
                rankdata(body(matrix, w, types), reverse=True)
            return time.perf_counter() - t0

    return run


def bench_smaa_vs_pymcdm(
    rounds: int = 3, repeats: int = 7, per_round: int = 1000
) -> tuple[float, float]:
    """(median ms of SMAA-2 over rounds * repeats runs, seconds per sample of pymcdm)."""
    _smaa_once(0)  # warm-up
    pymcdm = _pymcdm_runner(per_round)
    pymcdm()  # warm-up
    smaa_times: list[float] = []
    pymcdm_seconds = 0.0
    for r in range(rounds):
        smaa_times += [_smaa_once(r * repeats + i) for i in range(repeats)]
        pymcdm_seconds += pymcdm()
    return statistics.median(smaa_times) * 1e3, pymcdm_seconds / (rounds * per_round)


def _small_problem() -> tuple[np.ndarray, list[str], np.ndarray]:
    rng = np.random.default_rng(7)
    weights = rng.uniform(0.1, 1.0, 11)
    return rng.uniform(1, 5, (6, 11)).round(1), ["max"] * 11, weights / weights.sum()


def bench_request() -> dict[str, float]:
    """Median ms of the per-request robustness pieces on a 6 x 11 linear problem."""
    matrix, dirs, weights = _small_problem()
    scorer = make_scorer(Wsm("none"), matrix, as_benefit(dirs))
    sampler = _Sampler(11, "around", 30.0 * weights, None, None, None)
    rng = np.random.default_rng(0)
    jobs: dict[str, Callable[[], object]] = {
        "stability": lambda: weight_stability(matrix, dirs, weights, scorer=scorer),
        "draw": lambda: sampler.draw(rng, 2000),
        "smaa": lambda: smaa(matrix, dirs, weights=weights, distribution="around",
                             concentration=30.0, samples=2000, seed=1, scorer=scorer),
    }  # fmt: skip
    out: dict[str, float] = {}
    for name, job in jobs.items():
        job()
        runs = timeit.repeat(job, number=50, repeat=9)
        out[name] = statistics.median(runs) / 50 * 1e3
    return out


IMPRECISE_SAMPLES = (2_000, 10_000)


def bench_imprecise(rounds: int = 5, repeats: int = 5) -> dict[int, tuple[float, float]]:
    """Per sample count: (median ms of ``smaa_imprecise`` with its three runs, median ms of the
    weight-only ``smaa`` of the same size). Both use the advisor's settings (Dirichlet around
    the weights, concentration 30, no normalisation) and alternate round by round."""
    matrix, dirs, weights = _small_problem()
    cube = np.stack([0.8 * matrix, matrix, 1.25 * matrix], axis=2)
    scorer = make_scorer(Wsm("none"), matrix, as_benefit(dirs))
    out: dict[int, tuple[float, float]] = {}
    for k in IMPRECISE_SAMPLES:

        def imprecise(k: int = k) -> object:
            return smaa_imprecise(
                cube, dirs, weights=weights, normalisation="none", distribution="around",
                concentration=30.0, samples=k, seed=1,
            )  # fmt: skip

        def weight_only(k: int = k) -> object:
            return smaa(matrix, dirs, weights=weights, distribution="around",
                        concentration=30.0, samples=k, seed=1, scorer=scorer)  # fmt: skip

        imprecise()
        weight_only()
        a: list[float] = []
        b: list[float] = []
        for _ in range(rounds):
            a += [t / 3 for t in timeit.repeat(imprecise, number=3, repeat=repeats)]
            b += [t / 3 for t in timeit.repeat(weight_only, number=3, repeat=repeats)]
        out[k] = (statistics.median(a) * 1e3, statistics.median(b) * 1e3)
    return out


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
    """Measure and print the figures with their targets (PASS/FAIL) and how many were missed."""
    smaa_ms, per_sample = bench_smaa_vs_pymcdm()
    pymcdm_ms = per_sample * SAMPLES * 1e3
    ratio = pymcdm_ms / smaa_ms
    request = bench_request()
    imprecise = bench_imprecise()
    solve_us = {
        name: bench_solve(method)
        for name, method in (
            ("wsm (max)", {"name": "wsm", "normalisation": "max"}),
            ("topsis (vector)", {"name": "topsis"}),
            ("promethee2 (usual)", {"name": "promethee2"}),
        )
    }
    before, peak, seconds = bench_memory()
    missed = 0

    def row(label: str, value: str, target: str, ok: bool | None) -> None:
        nonlocal missed
        verdict = "" if ok is None else "PASS" if ok else "FAIL"
        missed += ok is False
        print(f"{label:<52} {value:>14}   {target:<14} {verdict}")

    print(f"Decision engine benchmark ({M} alternatives x {N} criteria, 1 BLAS thread)")
    print("-" * 92)
    row(f"SMAA-2, {SAMPLES:,} samples (median of 21)", f"{smaa_ms:.2f} ms", "<= 15 ms",
        smaa_ms <= 15)  # fmt: skip
    row("pymcdm WSM sample by sample (3,000, extrapolated)", f"{pymcdm_ms:,.0f} ms", "", None)
    row("SPEED-UP over pymcdm, same run", f"{ratio:,.0f}x", ">= 1,000x", ratio >= 1000)
    row("weight_stability, 6 x 11, linear (median)", f"{request['stability']:.3f} ms",
        "<= 0.3 ms", request["stability"] <= 0.3)  # fmt: skip
    row("SMAA-2 'around', 2,000 samples, 6 x 11 (median)", f"{request['smaa']:.3f} ms",
        "<= 0.5 ms", request["smaa"] <= 0.5)  # fmt: skip
    row("  of which the Dirichlet 'around' draw (median)", f"{request['draw']:.3f} ms",
        "", None)  # fmt: skip
    for k, (ms, base) in imprecise.items():
        target = k == IMPRECISE_SAMPLES[0]
        row(f"SMAA-2 interval values, 3 runs, {k:,}, 6 x 11 (median)", f"{ms:.2f} ms",
            "<= 20 ms" if target else "", ms <= 20 if target else None)  # fmt: skip
        row(f"  weight-only SMAA-2, {k:,}, same run (median)", f"{base:.2f} ms", "", None)
        row("  ratio imprecise / weight-only", f"{ms / base:.1f}x", "", None)
    for name, us in solve_us.items():
        row(f"single solve, {name}, no robustness", f"{us:.1f} µs", "<= 50 µs", us <= 50)
    row(
        f"SMAA-2, {MEMORY_SAMPLES:,} samples: peak RSS ({seconds:.1f} s)",
        f"{peak:.0f} MB",
        "<= 200 MB",
        peak <= 200,
    )
    print(f"{'  (of which interpreter + numpy + engine at start)':<52} {before:>11.0f} MB")
    print(f"{missed} target(s) missed" if missed else "all targets met")


if __name__ == "__main__":
    main()
