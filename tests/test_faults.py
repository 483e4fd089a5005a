"""Fault injection: a batch of 200 articles whose sources (and some of the articles
themselves) sit on a local server that fails about 30% of requests, chosen at random
with a fixed seed: a 500, a reset connection, a stall past the read timeout, a
truncated body, an endless body. Every article gets a report, every claim a verdict,
every failure the reason it failed, and nothing raises."""

from __future__ import annotations

import io
import json
import random

import pytest
from test_cli import verify

from verify.pipeline import Run, iter_check
from verify.records import VERDICTS
from verify.writers.jsonl import write_article

ARTICLES = 200
FAULT_RATE = 0.3
TIMEOUT = 0.3  # seconds: a stall of STALL seconds is past it
STALL = 2
MAX_BYTES = 64_000
# Fault route (on the LocalServer of tests/server.py) -> the reason the fetch must give.
FAULTS = {
    "/_status/500/gone": "http_500",
    "/_reset/gone": "connection_reset",
    f"/_slow/{STALL}/gone.html": "timeout",
    "/_truncated": "truncated_body",
    "/_endless": "too_large",
}
CLAIMS = (
    ("Bridge {n} will reopen before the spring thaw", "Mayor Ana Ruiz", "statement"),
    ("The fund for district {n} will hold through the winter", "Finance Director Paul Brandt", "memo"),
)


def quotes(n: int) -> list[str]:
    return [words.format(n=n) for words, _, _ in CLAIMS]


def source_page(n: int) -> str:
    paragraphs = "".join(
        f"<p>\u201c{quote},\u201d {speaker} said on Monday.</p>" for quote, (_, speaker, _) in zip(quotes(n), CLAIMS)
    )
    return f"<!DOCTYPE html><html><body><h1>Statement {n}</h1>{paragraphs}</body></html>"


def article_page(n: int, urls: list[str]) -> str:
    paragraphs = "".join(
        f'<p>\u201c{quote},\u201d {speaker} said in a <a href="{url}">{kind}</a>.</p>'
        for quote, (_, speaker, kind), url in zip(quotes(n), CLAIMS, urls)
    )
    return f"<!DOCTYPE html><html><body><h1>Story {n}</h1>{paragraphs}</body></html>"


def build_batch(server, folder, rng: random.Random) -> tuple[list[str], dict[str, str | None]]:
    """The articles' specs, and the reason each URL must fail with (None: it must load).

    Every fifth article is itself served by the server (and may be faulty); the
    others are files. Each URL carries the article number, so none is fetched twice.
    """
    expected: dict[str, str | None] = {}

    def url(healthy_path: str, n: int, role: str) -> str:
        route = rng.choice(list(FAULTS)) if rng.random() < FAULT_RATE else healthy_path
        address = server.url(f"{route}?article={n}&{role}")
        expected[address] = FAULTS.get(route)
        return address

    specs = []
    for n in range(ARTICLES):
        server.add(f"sources/{n}.html", source_page(n))
        text = article_page(n, [url(f"/sources/{n}.html", n, f"claim{c}") for c in range(len(CLAIMS))])
        if n % 5 == 0:
            server.add(f"articles/{n}.html", text)
            specs.append(url(f"/articles/{n}.html", n, "article"))
        else:
            path = folder / f"{n}.html"
            path.write_text(text, encoding="utf-8")
            specs.append(str(path))
    return specs, expected


@pytest.fixture
def batch(http_server, tmp_path):
    specs, expected = build_batch(http_server, tmp_path, random.Random(2024))
    failures = sum(reason is not None for reason in expected.values())
    assert 0.2 < failures / len(expected) < 0.4  # the seed gives the rate asked for
    assert set(expected.values()) == {None, *FAULTS.values()}  # and every kind of fault
    return specs, expected


def test_every_article_claim_and_failure_is_accounted_for(batch):
    specs, expected = batch
    run = Run(
        allow_private=True, discover=False, archive=False, use_cache=False,
        timeout=TIMEOUT, max_bytes=MAX_BYTES,
        fetch_options={"backoff": 0.01},  # resets are retried: keep their pauses short
    )
    out = io.StringIO()
    reports = []
    for report in iter_check(specs, run):
        write_article(report, out)  # every report, failed or not, serialises
        reports.append(report)

    assert [report.input for report in reports] == specs
    assert len(out.getvalue().splitlines()) == ARTICLES
    for report in reports:
        reason = expected.get(report.input)
        if reason is not None:  # an article URL that fails: a report saying why
            assert report.error is not None and reason in report.error and report.results == []
            continue
        assert report.error is None
        assert len(report.results) == len(CLAIMS), report.input
        for result in report.results:
            verdict = result.verdict
            assert verdict is not None and verdict.verdict in VERDICTS
            [evidence] = verdict.evidence
            wanted = expected[evidence.url]
            assert evidence.error == wanted, evidence.url
            assert verdict.verdict == ("verified" if wanted is None else "unreachable"), evidence.url


def test_the_command_line_survives_the_same_faults(batch, tmp_path):
    specs, expected = batch
    subset = specs[:25]  # a subprocess keeps the default retry pauses: fewer articles
    listing = tmp_path / "articles.txt"
    listing.write_text("\n".join(subset) + "\n", encoding="utf-8")
    result = verify(
        "check", "--from-file", str(listing), "--format", "jsonl",
        "--timeout", str(TIMEOUT), "--max-bytes", str(MAX_BYTES),
        "--allow-private-network", "--no-discover", "--no-archive", "--no-cache",
        cwd=tmp_path,  # no settings file of the repository applies
    )
    assert "Traceback" not in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["input"] for line in lines] == subset
    unreadable = [spec for spec in subset if expected.get(spec) is not None]
    assert unreadable and result.returncode == 2  # the seed makes an article URL fail
    assert len(result.stderr.splitlines()) == len(unreadable)
    for line in lines:
        for claim in line["claims"]:
            assert claim["verdict"] in VERDICTS
            assert all(evidence.get("error") == expected[evidence["url"]] for evidence in claim["evidence"])
