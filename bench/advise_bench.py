"""Benchmark of ``POST /api/v1/advise`` under load, against a trivial JSON endpoint of the same
app measured in the same run (``GET /api/v1/health``).

Starts the real app with uvicorn (2 workers) on 127.0.0.1, runs wrk against both endpoints with
the same settings, prints throughput and latency and the ratio, and stops the server. Traffic goes
to the loopback address only; every wrk run is bounded in time.

    python bench/advise_bench.py [--duration 10] [--connections 32] [--memo-size N]

Targets: advise throughput ≥ 50 % of the trivial endpoint's, advise p99 ≤ 100 ms.

The 2,000 profiles of ``advise.lua`` fall into a few hundred distinct situations (fired rules and
priorities); after the warm-up each worker has their analyses in its memo, which is the steady
state of a server advising many municipalities. ``--memo-size 0`` measures the other extreme:
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
        for p, v, u in re.findall(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)$", output, re.M)
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rate, **latency, "non_2xx": float(errors.group(1)) if errors else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=10)
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
        wrk(f"{base}/api/v1/advise", 2, args.connections, HERE / "advise.lua")
        trivial = wrk(f"{base}/api/v1/health", args.duration, args.connections)
        advise = wrk(f"{base}/api/v1/advise", args.duration, args.connections, HERE / "advise.lua")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)
    ratio = advise["rps"] / trivial["rps"]
    setup = f"wrk -t2 -c{args.connections} -d{args.duration}s"
    memo = env.get("KLIMAORG_MEMO_SIZE", "default")
    print(f"{setup}, uvicorn {args.workers} workers, 127.0.0.1, memo size {memo}")
    print(f"{'endpoint':<28}{'req/s':>10}{'p50 ms':>10}{'p90 ms':>10}{'p99 ms':>10}{'non-2xx':>9}")
    for name, row in (("GET /api/v1/health", trivial), ("POST /api/v1/advise", advise)):
        print(
            f"{name:<28}{row['rps']:>10.0f}{row.get('p50', 0):>10.2f}"
            f"{row.get('p90', 0):>10.2f}{row.get('p99', 0):>10.2f}{row['non_2xx']:>9.0f}"
        )
    verdict = "PASS" if ratio >= 0.5 else "FAIL"
    print(f"advise / trivial throughput: {ratio:.0%} (target >= 50%): {verdict}")
    p99 = advise.get("p99", float("inf"))
    print(f"advise p99: {p99:.1f} ms (target <= 100 ms): {'PASS' if p99 <= 100 else 'FAIL'}")
    if advise["non_2xx"]:
        print(f"WARNING: {advise['non_2xx']:.0f} advise responses were not 2xx")


if __name__ == "__main__":
    main()
