"""Benchmark of the municipality directory: parse, cache load, search latency.

Run: ``.venv/bin/python bench/directory_bench.py [GV100AD-FILE]`` (default: the official file
in ``../shared/data`` beside the project). Prints timings; asserts nothing, so it can run on
any machine. Targets: cache load under 0.5 s, search well under a keystroke (≈ 1 ms).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from klimaorg.directory import Directory, load, save

REAL_FILE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "GV100AD_301123.txt"

#: What users type into the autocomplete: prefixes, umlaut spellings, common names, a typo-free
#: substring, a key prefix.
QUERIES = [
    "Mü",
    "Muenchen",
    "Munchen",
    "Neustadt",
    "Berg",
    "Frei",
    "Emmendingen",
    "Bad ",
    "kirchen",
    "Hamb",
    "Göttingen",
    "Titisee",
    "Ober",
    "08316",
]


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of each of ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def milliseconds(times: list[float]) -> str:
    """Median in ms."""
    return f"{statistics.median(times) * 1e3:7.1f} ms"


def microseconds(times: list[float]) -> str:
    """Median in µs."""
    return f"{statistics.median(times) * 1e6:7.1f} µs"


def main() -> int:
    """Print the figures; 2 when the file is missing."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else REAL_FILE
    if not path.exists():
        sys.stderr.write(f"GV100AD file not found: {path}\n")
        return 2
    parse_times = timed(lambda: Directory.from_file(path), 5)
    directory = Directory.from_file(path)
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "gv100ad.json.gz"
        save_times = timed(lambda: save(directory, cache), 3)
        load_times = timed(lambda: load(cache), 7)
        size = cache.stat().st_size
    search_times = [t for query in QUERIES for t in timed(partial(directory.search, query), 50)]
    single_letter = timed(partial(directory.search, "e"), 50)
    resolve_times = timed(partial(directory.resolve, "08316009"), 1000)
    counts = directory.record_counts()
    p95 = statistics.quantiles(search_times, n=20)[-1]
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB, {counts['60']:,} Gemeinden)")
    print(f"parse whole file:     median {milliseconds(parse_times)}")
    print(f"save cache:           median {milliseconds(save_times)} ({size / 1e3:.0f} kB)")
    print(f"load from cache:      median {milliseconds(load_times)}, max {max(load_times):.3f} s")
    print(f"search, {len(QUERIES)} queries: median {microseconds(search_times)}, p95 {p95:.6f} s")
    print(f"search 'e':           median {microseconds(single_letter)}")
    print(f"resolve by AGS:       median {microseconds(resolve_times)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
