"""Concurrency: 20 sources on 20 hosts (127.0.0.2 to 127.0.0.21), each answering after 1 s.

Prints the wall time of one concurrent fetch_all (goal: under 2.5 s), of the same
fetches one after another, and their ratio. Loopback traffic only.

    python benchmarks/concurrency.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from server import LocalServer  # noqa: E402

from verify.fetch import Fetcher  # noqa: E402

HOSTS = tuple(f"127.0.0.{n}" for n in range(2, 22))
PAGE = "<!DOCTYPE html><html><body><p>The council approved the budget, the mayor said.</p></body></html>"


def timed(run) -> float:
    start = time.perf_counter()
    pages = run()
    elapsed = time.perf_counter() - start
    failed = [page.error for page in pages if not page.ok]
    if failed:
        raise SystemExit(f"fetches failed: {failed}")
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as root, LocalServer(Path(root), hosts=HOSTS) as server:
        server.add("page.html", PAGE)
        urls = [server.url("/_slow/1/page.html", host=host) for host in HOSTS]
        # A fresh fetcher per run, so each one reads robots.txt as a real run would.
        concurrent = timed(lambda: Fetcher(allow_private=True, use_cache=False).fetch_all(urls).values())
        sequential = timed(lambda: [Fetcher(allow_private=True, use_cache=False).fetch(url) for url in urls])
        print(f"sources: {len(urls)} on {len(HOSTS)} hosts, each answering after 1 s")
        print(f"concurrent fetch_all: {concurrent:.2f} s (goal < 2.5 s)")
        print(f"sequential fetch:     {sequential:.2f} s")
        print(f"speed-up:             {sequential / concurrent:.1f}x")
        print(f"most requests in flight at the server: {server.max_in_flight()}")


if __name__ == "__main__":
    main()
