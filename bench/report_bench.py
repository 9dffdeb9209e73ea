"""Benchmark of the report: time per format, median of 5 runs, for a realistic profile.

Run: ``.venv/bin/python bench/report_bench.py [PROFILE]`` (default: scenario 03, a large city).
Builds the report data once (the recommendation included), then renders each format five times
after one warm-up run. The PDF is measured three ways:

- ``pdf (first of the process)``: the very first PDF after start-up, once; it also loads the
  hyphenation dictionary for the org charts and converts the fonts (once per installation);
- ``pdf (first download)``: a new document on every run (the municipality's name numbered), so
  neither the recent-PDF cache nor Typst's memory of earlier layouts can serve it whole; the
  target of 1 s is meant for this figure;
- ``pdf``: the same assessment again, as a repeated download (served from the cache).

A one-page PDF with the same fonts, measured in the same run, is the yardstick: the first
download is also printed as a multiple of it. Times are wall-clock with the CPU time beside them
(all threads), as a loaded machine stretches wall-clock times. Asserts nothing, so it runs on any
machine.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from klimaorg.reports.build import report_for_profile
from klimaorg.reports.pdf import html_to_pdf
from klimaorg.reports.render import FORMATS, render

DEFAULT = (
    Path(__file__).resolve().parents[1]
    / "tests"
    / "advisor"
    / "scenarios"
    / "03_city_coordination_stabsstelle.yaml"
)
RUNS = 5


REFERENCE = (
    "<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'></head>"
    "<body><h1>Seite</h1><p>{text}</p></body></html>"
)
"""A one-page PDF with the report's fonts and page rules: the yardstick measured in the same run,
so the report's time reads as a multiple of it on any machine."""


def _times(
    run: Callable[[], bytes], before: Callable[[], None] = lambda: None
) -> tuple[float, float, int]:
    """Median wall and CPU time of :data:`RUNS` runs after one warm-up, and the output size."""
    before()
    run()  # warm-up: imports, fonts, templates
    walls, cpus, size = [], [], 0
    for _ in range(RUNS):
        before()
        wall, cpu = time.perf_counter(), time.process_time()
        size = len(run())
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), size


def _measure(run: Callable[[], bytes], before: Callable[[], None] = lambda: None) -> str:
    wall, cpu, size = _times(run, before)
    return f"{wall:6.3f} s  (CPU {cpu:.3f} s, median of {RUNS}, {size / 1024:,.0f} KiB)"


def _renamed(report: dict[str, Any], runs: Iterator[int]) -> Callable[[], bytes]:
    """A PDF of a new document on every call (the municipality's name numbered): neither the
    recent-PDF cache nor Typst's memory of earlier layouts can serve it whole."""
    name = report["municipality"]["name"]

    def run() -> bytes:
        municipality = {**report["municipality"], "name": f"{name} {next(runs)}"}
        fresh = {**report, "municipality": municipality}
        return render(fresh, "pdf")

    return run


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    profile = data["profile"] if isinstance(data, dict) and "expect" in data else data
    started = time.perf_counter()
    report = report_for_profile(profile, "de")
    print(f"{'build (advise + report data)':<30} {time.perf_counter() - started:6.3f} s")
    runs = itertools.count(1)
    started, cpu = time.perf_counter(), time.process_time()
    cold = render(report, "pdf")
    print(
        f"{'pdf (first of the process)':<30} {time.perf_counter() - started:6.3f} s  "
        f"(CPU {time.process_time() - cpu:.3f} s, {len(cold) / 1024:,.0f} KiB; loads the "
        "hyphenation dictionary and the fonts once)"
    )
    text = "Klimaschutzmanagement in der Verwaltung. " * 40
    reference = _times(lambda: html_to_pdf(REFERENCE.format(text=f"{next(runs)} {text}")))
    first = _times(_renamed(report, runs))
    print(f"{'pdf, one page (reference)':<30} {reference[0]:6.3f} s  (CPU {reference[1]:.3f} s)")
    size = f"{first[2] / 1024:,.0f} KiB"
    print(f"{'pdf (first download)':<30} {first[0]:6.3f} s  (CPU {first[1]:.3f} s, {size})")
    print(f"{'  as a multiple of one page':<30} {first[1] / reference[1]:6.1f} x  (CPU time)")
    for fmt in FORMATS:
        print(f"{fmt:<30} {_measure(partial(render, report, fmt))}")


if __name__ == "__main__":
    main()
