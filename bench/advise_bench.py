"""Benchmark of ``POST /api/v1/advise`` under load, against a trivial JSON endpoint of the same
app measured in the same run (``GET /api/v1/health``).

Starts the real app with uvicorn (2 workers) on 127.0.0.1, runs wrk against both endpoints with
the same settings, prints throughput and latency and the ratio, and stops the server. Traffic goes
to the loopback address only; every wrk run is bounded in time.

    python bench/advise_bench.py [--duration 5] [--rounds 3] [--connections 32] [--memo-size N]
                                 [--blas-threads N]

Targets: advise throughput ≥ 50 % of the trivial endpoint's, advise p99 ≤ 100 ms. The two
endpoints are measured in interleaved rounds and the targets judged on the medians, so a burst
of other load on a shared machine hits both alike; the load average is printed beside them.

The 2,000 profiles of ``advise.lua`` fall into about 850 distinct situations (fired rules with
their graded strengths, and priorities); the warm-up runs the load until its rate is steady, so
each worker has their analyses in its memo, which is the steady state of a server advising many
municipalities. ``--memo-size 0`` measures the other extreme:
every request runs the whole analysis, 2,000 robustness samples included.

The per-client rate limit stays on (with a quota wrk cannot reach), so its cost is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(url: str, timeout: float = 30.0) -> None:
    """Wait until the server answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not start: {url}")


def wrk(url: str, duration: int, connections: int, script: Path | None = None) -> dict[str, float]:
    """Run wrk and return requests/s and latency percentiles in ms."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    latency = {
        f"p{p}": float(v) * UNITS[u]
        for p, v, u in re.findall(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rate, **latency, "non_2xx": float(errors.group(1)) if errors else 0.0}


WARM_ROUND_SECONDS = 3
WARM_MAX_ROUNDS = 30


def warm_up(base: str, connections: int) -> None:
    """Run the advise load until its throughput is steady (two rounds within 10 %).

    The profiles of ``advise.lua`` fall into several hundred distinct situations (graded rules
    tell sizes, posts and backing apart); each worker computes each once (about 20 ms) before it
    serves it from its memo. A fixed short warm-up would measure that start instead of the steady
    state, so the warm-up runs until the rate stops rising, at most 90 s.
    """
    previous = 0.0
    for number in range(1, WARM_MAX_ROUNDS + 1):
        rate = wrk(f"{base}/api/v1/advise", WARM_ROUND_SECONDS, connections, HERE / "advise.lua")
        print(f"warm-up round {number}: {rate['rps']:.0f} req/s", file=sys.stderr)
        if previous and abs(rate["rps"] - previous) <= 0.1 * previous:
            return
        previous = rate["rps"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (median)")
    parser.add_argument(
        "--blas-threads",
        type=int,
        default=None,
        help="OPENBLAS_NUM_THREADS for the server (default: the app's, 1); the machine's "
        "core count shows the cost of oversubscribed BLAS threads",
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--memo-size", type=int, default=None, help="KLIMAORG_MEMO_SIZE (default: the app's)"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    data_dir = tempfile.mkdtemp(prefix="klimaorg-bench-")
    env = {**os.environ, "KLIMAORG_DATA_DIR": data_dir}
    env.pop("KLIMAORG_DATABASE_URL", None)
    # wrk is one client: its quota is raised so every answer is a real advice, but the limiter
    # still counts every request (leases of 200 from the shared database per worker).
    env["KLIMAORG_RATE_LIMIT_ADVISE"] = "1000000000"
    if args.memo_size is not None:
        env["KLIMAORG_MEMO_SIZE"] = str(args.memo_size)
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.pop(name, None)
    if args.blas_threads is not None:
        env["OPENBLAS_NUM_THREADS"] = str(args.blas_threads)
    subprocess.run(
        [sys.executable, "-m", "klimaorg", "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "klimaorg.web.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
    )
    try:
        wait_ready(f"{base}/api/v1/health")
        body = json.dumps({"municipality": {"kind": "stadt", "population": 30000}}).encode()
        request = urllib.request.Request(
            f"{base}/api/v1/advise", data=body, headers={"Content-Type": "application/json"}
        )
        urllib.request.urlopen(request, timeout=10).read()  # warm both workers' caches
        wrk(f"{base}/api/v1/health", 2, args.connections)
        warm_up(base, args.connections)
        load_before = os.getloadavg()
        rounds = []
        for _ in range(args.rounds):  # interleaved, so both see the same load of the machine
            trivial = wrk(f"{base}/api/v1/health", args.duration, args.connections)
            advise = wrk(
                f"{base}/api/v1/advise", args.duration, args.connections, HERE / "advise.lua"
            )
            rounds.append((trivial, advise))
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)
    report(args, env, rounds, load_before, load_after)


Result = dict[str, float]


def report(
    args: argparse.Namespace,
    env: dict[str, str],
    rounds: list[tuple[Result, Result]],
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
) -> None:
    """Every round, then the medians the targets are judged on."""
    setup = f"wrk -t2 -c{args.connections} -d{args.duration}s x {args.rounds} rounds"
    memo = env.get("KLIMAORG_MEMO_SIZE", "default")
    blas = env.get("OPENBLAS_NUM_THREADS", "app default (1)")
    print(
        f"{setup}, uvicorn {args.workers} workers, 127.0.0.1, memo size {memo}, "
        f"BLAS threads {blas}, {os.cpu_count()} CPUs"
    )
    print(
        "load average (1/5/15 min) before: "
        + "/".join(f"{x:.2f}" for x in load_before)
        + ", after: "
        + "/".join(f"{x:.2f}" for x in load_after)
    )
    print(
        f"{'round':<7}{'endpoint':<22}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}"
        f"{'non-2xx':>9}{'ratio':>7}"
    )
    ratios, p99s = [], []
    for number, (trivial, advise) in enumerate(rounds, 1):
        ratio = advise["rps"] / trivial["rps"]
        ratios.append(ratio)
        p99s.append(advise.get("p99", float("inf")))
        for name, row in (("GET /api/v1/health", trivial), ("POST /api/v1/advise", advise)):
            shown = f"{ratio:>7.0%}" if row is advise else ""
            print(
                f"{number:<7}{name:<22}{row['rps']:>9.0f}{row.get('p50', 0):>9.2f}"
                f"{row.get('p90', 0):>9.2f}{row.get('p99', float('inf')):>9.2f}"
                f"{row['non_2xx']:>9.0f}{shown}"
            )
    ratio, p99 = statistics.median(ratios), statistics.median(p99s)
    per_request = args.workers * 1000 / statistics.median(a["rps"] for _, a in rounds)
    print(f"advise: {per_request:.2f} ms of a worker per request (workers / throughput)")
    verdict = "PASS" if ratio >= 0.5 else "FAIL"
    print(f"advise / trivial throughput, median: {ratio:.0%} (target >= 50%): {verdict}")
    print(
        f"advise p99, median: {p99:.1f} ms (target <= 100 ms): {'PASS' if p99 <= 100 else 'FAIL'}"
    )
    failed = sum(a["non_2xx"] for _, a in rounds)
    if failed:
        print(f"WARNING: {failed:.0f} advise responses were not 2xx")


if __name__ == "__main__":
    main()
