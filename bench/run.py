"""Run every ``bench/*_bench.py`` script in turn (``make bench``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    """Run each benchmark in its own process; return non-zero if one failed to run."""
    failed = 0
    for script in sorted(Path(__file__).parent.glob("*_bench.py")):
        print(f"=== {script.name}", flush=True)
        failed |= subprocess.run([sys.executable, str(script)], check=False).returncode != 0
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())
