"""HTTP load driver, run as its own process: a bounded number of GETs over keep-alive connections.

Reads a JSON job on stdin: {"host", "port", "paths", "requests", "concurrency", "warmup"} and writes
{"samples": [[path index, ms], ...], "seconds": wall time of the measured phase, "error_count": n, "errors": [first 20]} to stdout (failed or non-200 responses).
Each of ``concurrency`` threads holds one connection and takes the next path of the (cycled) list
until ``requests`` responses have been read. Only 127.0.0.1 is allowed.
"""

from __future__ import annotations

import http.client
import itertools
import json
import sys
import threading
import time
from typing import Any


def _phase(host: str, port: int, paths: list[str], total: int, concurrency: int) -> dict[str, Any]:
    counter = itertools.count()
    lock = threading.Lock()
    samples: list[tuple[int, float]] = []
    errors: list[str] = []

    def worker() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        mine: list[tuple[int, float]] = []
        while True:
            with lock:
                i = next(counter)
            if i >= total:
                break
            k = i % len(paths)
            path = paths[k]
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
            except (OSError, http.client.HTTPException) as exc:
                errors.append(f"{path}: {exc!r}")
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
                continue
            mine.append((k, (time.perf_counter() - t0) * 1000))
            if resp.status != 200:
                errors.append(f"{path}: HTTP {resp.status}")
        conn.close()
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    return {"samples": samples, "seconds": elapsed, "error_count": len(errors), "errors": errors[:20]}


def main() -> None:
    job = json.load(sys.stdin)
    if job["host"] != "127.0.0.1":
        raise SystemExit(f"host {job['host']!r}: only 127.0.0.1 is allowed")
    if job.get("warmup"):
        _phase(job["host"], job["port"], job["paths"], job["warmup"], job["concurrency"])
    result = _phase(job["host"], job["port"], job["paths"], job["requests"], job["concurrency"])
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
