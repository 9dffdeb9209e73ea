"""Benchmark of the command line: whole processes, as a user starts them.

    python bench/cli_bench.py [--runs 5]

Times ``klimaorg --help``, ``klimaorg models list`` and ``klimaorg advise SCENARIO`` as separate
processes (median of ``--runs`` after one warm-up run that fills the disk cache), beside
``python -c pass`` measured in the same run as the floor of any Python process on this machine.
Targets: ``--help`` at most 0.3 s, ``advise`` at most 0.8 s (medians). Prints the figures and
whether each target is met; the exit code stays 0, so it runs on any machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "tests" / "advisor" / "scenarios" / "01_village_half_post.yaml"
KLIMAORG = Path(sys.executable).with_name("klimaorg")
TARGETS = {"klimaorg --help": 0.3, "klimaorg advise": 0.8}


def timed(command: list[str], runs: int) -> float:
    """Median wall time of ``runs`` runs of ``command`` (after one warm-up run)."""
    times = []
    for attempt in range(runs + 1):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        if attempt:
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "klimaorg --help": [str(KLIMAORG), "--help"],
        "klimaorg models list": [str(KLIMAORG), "models", "list"],
        "klimaorg advise": [str(KLIMAORG), "advise", str(SCENARIO)],
    }
    floor = None
    print(f"{'command':<24} {'median s':>9} {'× python':>9}  target")
    for label, command in commands.items():
        median = timed(command, runs)
        floor = floor or median
        target = TARGETS.get(label)
        verdict = (
            "" if target is None else f"≤ {target} s: {'PASS' if median <= target else 'FAIL'}"
        )
        print(f"{label:<24} {median:9.3f} {median / floor:9.1f}  {verdict}")
    print(f"(median of {runs} whole-process runs each; advise on {SCENARIO.name})")


if __name__ == "__main__":
    main()
