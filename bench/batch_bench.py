"""Benchmark of ``klimaorg batch --from-directory``: every municipality of Germany, one core.

Imports the official GV100AD file (``../shared/data/GV100AD_301123.txt`` beside the project)
into a temporary data folder, then runs the whole batch in-process - baseline profiles from the
directory, 2,000 robustness samples each, results streamed to a CSV (or XLSX) file plus the
summary chart - once with reuse of equal analyses and once without any reuse. Every computed
analysis samples the weights and the ratings within their intervals (the imprecise SMAA of the
doubt split); the report counts those runs. Reused rows get the identical analysis of an equal
completed profile (``klimaorg.batch.assess``), so they carry the same sampled uncertainty.
Each run is a fresh process pinned to one CPU with BLAS threads set to 1, so its peak memory
is its own.

    python bench/batch_bench.py [--format csv|xlsx] [--mode both|reuse|raw] [--land 08]

"raw" switches off the batch's reuse (``--no-reuse``) and the advisor's own memo of analyses
(``KLIMAORG_MEMO_SIZE=0``): every municipality is computed from scratch.
Target: all 10,981 municipalities in at most 20 s, memory flat (no result held in memory).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REAL_FILE = HERE.parent.parent / "shared" / "data" / "GV100AD_301123.txt"
THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")
TARGET_SECONDS = 20.0


def peak_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(args: argparse.Namespace) -> None:
    """One measured run in this process; prints a JSON line."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from klimaorg.advisor import analysis, load_advisor_data
    from klimaorg.batch import Assessor, DirectorySource, run
    from klimaorg.context import current_directory

    # Count the engine runs (``compute_numbers``, the costly part of an analysis) and among them
    # the interval SMAA runs (ratings drawn within their intervals): the report shows that every
    # computed analysis sampled the knowledge uncertainty, not only the weights.
    calls = {"numbers": 0, "interval": 0}

    def counting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return function(*args, **kwargs)

        return wrapper

    analysis.compute_numbers = counting("numbers", analysis.compute_numbers)
    namespace = vars(analysis)  # the engine function as the analysis module calls it
    namespace["smaa_imprecise"] = counting("interval", namespace["smaa_imprecise"])
    advisor = load_advisor_data()
    started = time.perf_counter()
    directory = current_directory()
    assert directory is not None, "directory not imported"
    loaded = time.perf_counter() - started
    before = peak_mb()
    source = DirectorySource(directory, "de", land=args.land)
    assessor = Assessor(advisor, directory, reuse=args.mode == "reuse")
    output = Path(args.out) / f"results-{args.mode}.{args.format}"
    report = run(source, output, assessor)
    print(
        json.dumps(
            {
                "mode": args.mode,
                "rows": report.rows,
                "assessed": report.assessed,
                "skipped": report.skipped,
                "errors": report.errors,
                "analyses": report.analyses,
                "numbers": calls["numbers"],
                "imprecise_runs": calls["interval"],
                "seconds": report.seconds,
                "directory_seconds": loaded,
                "rss_before_mb": before,
                "peak_mb": peak_mb(),
                "output_mb": output.stat().st_size / 1e6,
            }
        )
    )


def measure(mode: str, args: argparse.Namespace, data: Path, out: Path) -> dict[str, Any]:
    """Run one mode in a fresh, pinned process."""
    env = {**os.environ, **dict.fromkeys(THREADS, "1"), "KLIMAORG_DATA_DIR": str(data)}
    if mode == "raw":
        env["KLIMAORG_MEMO_SIZE"] = "0"
    command = [
        sys.executable,
        __file__,
        "--child",
        "--mode",
        mode,
        "--format",
        args.format,
        "--out",
        str(out),
    ]
    if args.land:
        command += ["--land", args.land]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{mode} run failed:\n{result.stderr}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--mode", choices=("both", "reuse", "raw"), default="both")
    parser.add_argument("--land", default=None, help="only one Land (2 digits)")
    parser.add_argument("--file", type=Path, default=REAL_FILE)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    if not args.file.exists():
        raise SystemExit(f"GV100AD file not found: {args.file}")
    from klimaorg.directory import Directory, save

    with tempfile.TemporaryDirectory(prefix="klimaorg-batch-bench-") as folder:
        data, out = Path(folder) / "data", Path(folder) / "out"
        data.mkdir()
        out.mkdir()
        started = time.perf_counter()
        save(Directory.from_file(args.file), data / "gv100ad.json.gz")
        imported = time.perf_counter() - started
        modes = ["reuse", "raw"] if args.mode == "both" else [args.mode]
        results = [measure(mode, args, data, out) for mode in modes]
    first = results[0]
    print(f"GV100AD import: {imported:.2f} s; directory load per run: "
          f"{first['directory_seconds']:.2f} s (not included below)")  # fmt: skip
    print(
        f"{first['rows']:,} rows ({first['assessed']:,} assessed, {first['skipped']:,} "
        f"gemeindefrei skipped, {first['errors']} errors), 2,000 samples each, "
        f"{args.format.upper()} + summary SVG, 1 CPU, BLAS threads 1"
    )
    print(
        f"{'mode':<8}{'analyses':>10}{'engine':>8}{'interval':>10}{'total s':>10}{'ms/row':>9}"
        f"{'peak MB':>9}{'batch MB':>10}"
    )
    for row in results:
        per_row = 1000 * row["seconds"] / max(1, row["rows"])
        print(
            f"{row['mode']:<8}{row['analyses']:>10,}{row['numbers']:>8,}{row['imprecise_runs']:>10,}"
            f"{row['seconds']:>10.2f}{per_row:>9.3f}"
            f"{row['peak_mb']:>9.0f}{row['peak_mb'] - row['rss_before_mb']:>10.0f}"
        )
    sampled = all(row["imprecise_runs"] == row["numbers"] > 0 for row in results)
    print(
        "analyses = rows computed by the batch (others reused); engine = engine runs after the "
        "advisor's memo; interval = engine runs that drew the ratings within their uncertainty "
        f"intervals (imprecise SMAA): {'all of them' if sampled else 'NOT all of them'}"
    )
    verdict = "PASS" if first["seconds"] <= TARGET_SECONDS and sampled else "FAIL"
    print(f"target: whole batch <= {TARGET_SECONDS:.0f} s ({first['mode']}): {verdict}")
    print("batch MB = peak RSS minus RSS before the batch started (directory already loaded)")


if __name__ == "__main__":
    main()
