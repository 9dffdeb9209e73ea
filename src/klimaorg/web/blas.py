"""One BLAS thread per server process.

numpy's OpenBLAS starts one thread per core and splits every larger matrix product among
them, and its threads keep spinning for a while after each product. That helps one process
alone on a machine; it hurts a web server. A server worker answers one advice at a time (the
analysis runs on the event loop), several workers run side by side, and the heavy-work pool adds
processes of its own, so every process's BLAS threads compete for the same cores with the other
workers and with the request handling. Measured with ``bench/advise_bench.py`` (2 workers,
2 cores): advise throughput 151 req/s with the default threads, 1,359 req/s with one.
Concurrency in the server comes from its workers, not from threads inside a matrix product.

:func:`limit_blas_threads` is called when the app is created, so it holds however the server
was started (``klimaorg serve``, uvicorn, gunicorn). numpy is already imported by then, so an
environment variable alone would come too late for this process; threadpoolctl sets the
running libraries' thread count. The environment variables are set as well (unless the operator
set them), so every process started later (uvicorn workers, the heavy-work pool's fork server)
starts with the same count. An operator's ``OPENBLAS_NUM_THREADS`` or ``OMP_NUM_THREADS`` wins.
"""

from __future__ import annotations

import os

from threadpoolctl import threadpool_limits

#: The variables BLAS and OpenMP libraries read when they are loaded.
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

_limited: int | None = None


def blas_threads() -> int:
    """The operator's thread count (``OPENBLAS_NUM_THREADS``, else ``OMP_NUM_THREADS``), else 1;
    a value that is not a positive whole number counts as unset."""
    for name in THREAD_VARIABLES[:2]:
        value = os.environ.get(name, "").strip()
        if value.isascii() and value.isdigit() and int(value) > 0:
            return int(value)
    return 1


def limit_blas_threads() -> int:
    """Limit this process and the processes it starts to :func:`blas_threads` BLAS threads;
    returns the count. Cheap after the first call in a process."""
    global _limited
    threads = blas_threads()
    if _limited == threads:
        return threads
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, str(threads))
    threadpool_limits(limits=threads)
    _limited = threads
    return threads
