"""Batch fetching: many articles with 5 sources each, from a local server.

Fetches each article's sources with one fetch_all, as a batch run does, keeping
nothing between articles, and prints pages per second and the peak RSS after
100 and after all articles (goal: under 300 MB, flat as the batch grows).

    python benchmarks/batch_fetch.py [ARTICLES]   (default 1000)
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from server import LocalServer  # noqa: E402

from verify.fetch import Fetcher  # noqa: E402

SOURCES_PER_ARTICLE = 5
PARAGRAPH = "<p>The council approved the budget on Tuesday, the mayor's office said in a statement.</p>\n"
PAGE = "<!DOCTYPE html><html><body>" + PARAGRAPH * 250 + "</body></html>"  # about 22 kB


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main() -> None:
    articles = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as root, LocalServer(Path(root)) as server:
        for n in range(SOURCES_PER_ARTICLE):
            server.add(f"source{n}.html", PAGE)
        fetcher = Fetcher(allow_private=True, use_cache=False, per_host=SOURCES_PER_ARTICLE)
        start = time.perf_counter()
        failures = 0
        for article in range(1, articles + 1):
            urls = [server.url(f"/source{n}.html?article={article}") for n in range(SOURCES_PER_ARTICLE)]
            failures += sum(not page.ok for page in fetcher.fetch_all(urls).values())
            if article == min(100, articles):
                print(f"after {article:>5} articles: peak RSS {peak_rss_mb():.0f} MB")
        elapsed = time.perf_counter() - start
        pages = articles * SOURCES_PER_ARTICLE
        print(f"after {articles:>5} articles: peak RSS {peak_rss_mb():.0f} MB (goal < 300 MB)")
        print(f"{pages} pages in {elapsed:.1f} s: {pages / elapsed:.0f} pages/s, "
              f"{articles / elapsed:.1f} articles/s (fetch stage only), {failures} failed")


if __name__ == "__main__":
    main()
