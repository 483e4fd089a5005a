"""Batch run, end to end: articles with 5 linked sources each, checked as `verify check
--format jsonl` checks them (ingest, extract, fetch, match, judge, one JSON line per
article), against a local server in a separate process, the 5 sources of an article on
5 loopback hosts (127.0.0.2 to 127.0.0.6).

Prints articles per second, and the peak RSS of the checking process after 100 and
after all articles (goal: under 300 MB, flat as the batch grows).

    python benchmarks/batch.py [--articles 1000] [--cache]
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from server import LocalServer  # noqa: E402

from verify import cli  # noqa: E402
from verify.pipeline import Run, iter_check  # noqa: E402
from verify.records import DEFAULT_FAIL_ON  # noqa: E402

SOURCES_PER_ARTICLE = 5
HOSTS = tuple(f"127.0.0.{n}" for n in range(2, 2 + SOURCES_PER_ARTICLE))
FILLER = ("<p>The council met for four hours on Tuesday and heard from residents about "
          "the budget, the bus routes and the library's opening hours.</p>\n")
SPEAKERS = ("Mayor Ana Ruiz", "Finance Director Paul Brandt", "Councillor Rosa Delgado",
            "Transit Chief Omar Osei", "Librarian Grace Lindgren")


QUOTES = ("Plan {n} will be funded in full this year", "Reserves will cover {n} weeks of spending",
          "The bridge on route {n} reopens in May", "Buses on line {n} will run every ten minutes",
          "Branch {n} will open on Sundays again")


def quote(article: int, source: int) -> str:
    return QUOTES[source].format(n=article)


def source_page(article: int) -> str:
    """One page per article holding its 5 quotes among filler (about 10 kB); its
    5 links reach it under 5 different URLs, so each is fetched and read."""
    said = "".join(f"<p>\u201c{quote(article, k)},\u201d {SPEAKERS[k]} said.</p>\n" for k in range(SOURCES_PER_ARTICLE))
    return f"<!DOCTYPE html><html><body><article><h1>Statement {article}</h1>{FILLER * 30}{said}{FILLER * 30}</article></body></html>"


def article_text(article: int, base_urls: list[str]) -> str:
    claims = "\n\n".join(
        f"\u201c{quote(article, k)},\u201d {SPEAKERS[k]} said in a "
        f"[statement]({base_urls[k]}/sources/{article}.html?link={k}). The ward has about {k + 2},000 residents."
        for k in range(SOURCES_PER_ARTICLE)
    )
    return f"# City budget, part {article}\n\nThe council met on Tuesday.\n\n{claims}\n"


def serve(root: str, ready, stop) -> None:
    with LocalServer(Path(root), hosts=HOSTS) as server:
        ready.put([server.base_url(host) for host in HOSTS])
        stop.wait()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--cache", action="store_true", help="use the HTTP cache (in a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        site, folder = Path(root) / "site", Path(root) / "articles"
        (site / "sources").mkdir(parents=True)
        folder.mkdir()
        for n in range(args.articles):
            (site / "sources" / f"{n}.html").write_text(source_page(n), encoding="utf-8")
        ready, stop = multiprocessing.Queue(), multiprocessing.Event()
        server = multiprocessing.Process(target=serve, args=(str(site), ready, stop), daemon=True)
        server.start()
        try:
            base_urls = ready.get(timeout=30)
            specs = []
            for n in range(args.articles):
                path = folder / f"{n:05d}.md"
                path.write_text(article_text(n, base_urls), encoding="utf-8")
                specs.append(str(path))
            run(specs, Path(root), args.cache)
        finally:
            stop.set()
            server.join(timeout=10)


def run(specs: list[str], root: Path, cache: bool) -> None:
    checkpoint = min(100, len(specs))
    verdicts: dict[str, int] = {}

    def measured(reports):
        for count, report in enumerate(reports, 1):
            for result in report.results:
                verdicts[result.verdict.verdict] = verdicts.get(result.verdict.verdict, 0) + 1
            yield report
            if count == checkpoint:
                print(f"after {count:>5} articles: peak RSS {peak_rss_mb():.0f} MB")

    settings = Run(allow_private=True, discover=False, archive=False, use_cache=cache, cache_dir=root / "cache")
    reports = (cli.waived(report, DEFAULT_FAIL_ON, None) for report in iter_check(specs, settings))
    started = time.perf_counter()
    status = cli.emit(measured(reports), [f"jsonl={root / 'report.jsonl'}"], None, DEFAULT_FAIL_ON)
    elapsed = time.perf_counter() - started
    print(f"after {len(specs):>5} articles: peak RSS {peak_rss_mb():.0f} MB (goal < 300 MB, flat)")
    print(f"{len(specs)} articles, {len(specs) * SOURCES_PER_ARTICLE} sources, cache {'on' if cache else 'off'}: "
          f"{elapsed:.1f} s, {len(specs) / elapsed:.1f} articles/s; exit status {status}; verdicts {verdicts}")


if __name__ == "__main__":
    main()
