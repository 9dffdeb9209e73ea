"""Benchmark of the report: time per format, median of 5 runs, for a realistic profile.

Run: ``.venv/bin/python bench/report_bench.py [PROFILE]`` (default: scenario 03, a large city).
Builds the report data once (the recommendation included), then renders each format five times
after one warm-up run. Target: a PDF in at most 3 s. Asserts nothing, so it runs on any machine.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml

from klimaorg.reports.build import report_for_profile
from klimaorg.reports.render import FORMATS, render

DEFAULT = (
    Path(__file__).resolve().parents[1]
    / "tests"
    / "advisor"
    / "scenarios"
    / "03_city_coordination_stabsstelle.yaml"
)
RUNS = 5


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    profile = data["profile"] if isinstance(data, dict) and "expect" in data else data
    started = time.perf_counter()
    report = report_for_profile(profile, "de")
    print(f"{'build (advise + report data)':<30} {time.perf_counter() - started:6.3f} s")
    for fmt in FORMATS:
        render(report, fmt)  # warm-up: imports, fonts, templates
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            size = len(render(report, fmt))
            times.append(time.perf_counter() - started)
        median = statistics.median(times)
        print(f"{fmt:<30} {median:6.3f} s  (median of {RUNS}, {size / 1024:,.0f} KiB)")


if __name__ == "__main__":
    main()
