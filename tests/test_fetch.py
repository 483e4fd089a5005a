"""The fetcher against the local server (tests/server.py), loopback only.

Behaviour is read from the server's own log (request counts, overlap), never
from wall time, so the tests hold on a slow machine.
"""

from __future__ import annotations

import hashlib
import json
import socket
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests
import vcr
from server import ACCENTED_TEXT, LocalServer

from verify import cache, guard
from verify.charsets import choose_encoding
from verify.fetch import Fetcher, parse_retry_after
from verify.ingest import parse_document
from verify.records import Article, Page

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"
PAGE = "<!DOCTYPE html><html><head><title>Budget</title></head><body><p>The mayor said it.</p></body></html>"


def make_fetcher(**options) -> Fetcher:
    """A fetcher for the local server: private addresses allowed, no cache, quick retries."""
    settings = {"allow_private": True, "use_cache": False, "backoff": 0.05}
    return Fetcher(**{**settings, **options})


@pytest.fixture
def page_url(http_server):
    return http_server.add("news/budget.html", PAGE)


def test_fetches_a_page(http_server, page_url):
    page = make_fetcher().fetch(page_url)
    assert page.ok, page.error
    assert page.status == 200
    assert page.final_url == page_url
    assert page.content_type == "text/html"
    assert page.encoding == "utf-8"
    assert page.body == PAGE.encode()
    assert page.sha256 == hashlib.sha256(PAGE.encode()).hexdigest()
    assert datetime.fromisoformat(page.fetched_at).utcoffset().total_seconds() == 0
    assert page.redirects == [] and not page.from_cache


def test_sends_a_user_agent_naming_the_tool(http_server, page_url):
    make_fetcher().fetch(page_url)
    agent = http_server.log[-1].headers["User-Agent"]
    assert agent.startswith("verify/") and "https://" in agent


@pytest.mark.parametrize("code", [404, 410, 500])
def test_http_errors_become_reason_codes(http_server, code):
    page = make_fetcher().fetch(http_server.url(f"/_status/{code}/gone"))
    assert page.error == f"http_{code}"
    assert page.status == code
    assert page.body == b""


def test_503_is_retried_then_reported(http_server):
    page = make_fetcher(retries=2).fetch(http_server.url("/_status/503/busy"))
    assert page.error == "http_503"
    assert http_server.hits("/_status/503/busy") == 3


def test_connection_reset(http_server):
    page = make_fetcher(retries=1).fetch(http_server.url("/_reset/now"))
    assert page.error == "connection_reset"
    assert http_server.hits("/_reset/now") == 2  # retried once


def test_nothing_listening_is_a_connection_error():
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    page = make_fetcher(retries=0).fetch(f"http://127.0.0.1:{port}/")
    assert page.error == "connection_error"


def test_slow_server_times_out(http_server, page_url):
    page = make_fetcher(read_timeout=0.3, retries=0).fetch(http_server.url("/_slow/5/news/budget.html"))
    assert page.error == "timeout"


def test_slow_server_within_timeout_is_read(http_server, page_url):
    page = make_fetcher().fetch(http_server.url("/_slow/0.2/news/budget.html"))
    assert page.ok and page.body == PAGE.encode()


def test_redirect_chain_is_followed_and_listed(http_server, page_url):
    page = make_fetcher().fetch(http_server.url("/_redirect/2/news/budget.html"))
    assert page.ok, page.error
    assert page.redirects == [http_server.url("/_redirect/1/news/budget.html"), page_url]
    assert page.final_url == page_url
    assert page.body == PAGE.encode()


def test_redirect_cap(http_server, page_url):
    page = make_fetcher(max_redirects=3).fetch(http_server.url("/_redirect/10/news/budget.html"))
    assert page.error == "too_many_redirects"
    assert len(page.redirects) == 4
    assert http_server.hits() - http_server.hits("/robots.txt") == 4  # stopped, did not go on


def test_redirect_loop_stops(http_server):
    page = make_fetcher(max_redirects=5).fetch(http_server.url("/_loop/here"))
    assert page.error == "too_many_redirects"
    assert http_server.hits("/_loop/here") == 6


def test_size_cap_from_content_length(http_server):
    page = make_fetcher(max_bytes=10_000).fetch(http_server.url("/_big/50000"))
    assert page.error == "too_large" and page.body == b""
    assert make_fetcher(max_bytes=10_000).fetch(http_server.url("/_big/9000")).ok


def test_size_cap_while_streaming(http_server):
    page = make_fetcher(max_bytes=200_000).fetch(http_server.url("/_endless"))
    assert page.error == "too_large"


def test_gzip_bomb_stops_at_the_cap(http_server):
    # 200 MB of zeros compressed to about 200 kB: the cap applies to decoded bytes.
    page = make_fetcher(max_bytes=1_000_000).fetch(http_server.url("/_gzip_bomb/200"))
    assert page.error == "too_large" and page.body == b""


def test_truncated_body(http_server):
    assert make_fetcher().fetch(http_server.url("/_truncated")).error == "truncated_body"


@pytest.mark.parametrize("content_type", ["image/png", "application/json", "application/octet-stream", "video/mp4"])
def test_unsupported_content_types(http_server, content_type):
    page = make_fetcher().fetch(http_server.url(f"/_type/{content_type}/file"))
    assert page.error == "unsupported_content_type"
    assert page.content_type == content_type


@pytest.mark.parametrize("content_type", ["text/html", "application/xhtml+xml", "text/plain", "application/pdf"])
def test_supported_content_types(http_server, content_type):
    page = make_fetcher().fetch(http_server.url(f"/_type/{content_type}/file"))
    assert page.ok and page.content_type == content_type
    assert (page.encoding is None) == (content_type == "application/pdf")


def test_page_labelled_latin1_but_sending_utf8(http_server):
    page = make_fetcher().fetch(http_server.url("/_charset/iso-8859-1/utf-8"))
    assert page.encoding == "utf-8"
    assert ACCENTED_TEXT in page.body.decode(page.encoding)


def test_page_labelled_utf8_but_sending_windows_1252(http_server):
    page = make_fetcher().fetch(http_server.url("/_charset/utf-8/cp1252"))
    assert ACCENTED_TEXT in page.body.decode(page.encoding)


def test_honest_charset_is_kept(http_server):
    page = make_fetcher().fetch(http_server.url("/_charset/iso-8859-1/iso-8859-1"))
    assert page.encoding == "cp1252"  # the WHATWG reading of the label, a superset of it
    assert ACCENTED_TEXT in page.body.decode(page.encoding)


def test_charset_declared_in_markup(http_server):
    text = "<html><head><meta charset='windows-1251'></head><body>Москва</body></html>"
    url = http_server.add("ru.html", text.encode("cp1251"))
    page = make_fetcher().fetch(url)
    assert "Москва" in page.body.decode(page.encoding)


@pytest.mark.parametrize(
    ("body", "declared", "expected"),
    [
        ("naïve".encode(), None, "utf-8"),
        ("naïve".encode(), "latin-1", "utf-8"),
        ("naïve".encode("latin-1"), "latin-1", "cp1252"),
        (b"\xef\xbb\xbfplain", "latin-1", "utf-8-sig"),
        (b"plain ascii", "us-ascii", "utf-8"),
        ("naïve".encode(), "no-such-charset", "utf-8"),
        ("Москва".encode("cp1251"), "windows-1251", "windows-1251"),
        (b"\x00\x01binary", None, None),
    ],
)
def test_choose_encoding(body, declared, expected):
    assert choose_encoding(body, declared) == expected


def test_retry_after_is_honoured(http_server, page_url):
    path = "/_fail/1/429/news/budget.html?retry_after=1"
    page = make_fetcher().fetch(http_server.url(path))
    assert page.ok, page.error
    first, second = [request for request in http_server.log if request.path == path]
    assert second.started - first.started >= 0.9  # a lower bound only: waiting longer is fine


def test_retry_after_beyond_the_budget_gives_up(http_server, page_url):
    path = "/_fail/1/503/news/budget.html?retry_after=3600"
    page = make_fetcher(max_retry_wait=10).fetch(http_server.url(path))
    assert page.error == "http_503"
    assert http_server.hits(path) == 1


def test_transient_failures_are_retried(http_server, page_url):
    path = "/_fail/2/502/news/budget.html"
    page = make_fetcher(retries=2).fetch(http_server.url(path))
    assert page.ok and http_server.hits(path) == 3


@pytest.mark.parametrize(("value", "seconds"), [("3", 3.0), (None, None), ("soon", None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)])
def test_parse_retry_after(value, seconds):
    assert parse_retry_after(value) == seconds


# --- robots.txt -----------------------------------------------------------


def test_robots_txt_is_honoured_and_read_once(http_server):
    http_server.add("robots.txt", "User-agent: *\nDisallow: /private/\n")
    public = http_server.add("public/a.html", PAGE)
    private = http_server.add("private/b.html", PAGE)
    fetcher = make_fetcher()
    pages = fetcher.fetch_all([public, private, http_server.url("/public/none.html")])
    assert pages[public].ok
    assert pages[private].error == "robots_disallowed"
    assert http_server.hits("/private/b.html") == 0
    assert http_server.hits("/robots.txt") == 1


def test_robots_can_be_turned_off(http_server):
    http_server.add("robots.txt", "User-agent: *\nDisallow: /\n")
    url = http_server.add("a.html", PAGE)
    assert make_fetcher().fetch(url).error == "robots_disallowed"
    assert make_fetcher(robots=False).fetch(url).ok


def test_missing_robots_txt_allows(http_server, page_url):
    assert make_fetcher().fetch(page_url).ok
    assert http_server.hits("/robots.txt") == 1


# --- the guard, applied --------------------------------------------------------


@pytest.fixture
def only_first_loopback_allowed(monkeypatch):
    """Private networks off, except that 127.0.0.2 counts as a public site.

    So redirects to 127.0.0.1 and 169.254.169.254 are refused with no traffic
    leaving loopback: the guard refuses them before any connection is made.
    """
    decide = guard.is_internal_address
    monkeypatch.setattr(guard, "is_internal_address", lambda ip: ip != "127.0.0.2" and decide(ip))


@pytest.fixture
def public_site(tmp_path, only_first_loopback_allowed):
    with LocalServer(tmp_path / "public", hosts=("127.0.0.2",)) as server:
        server.add("a.html", PAGE)
        yield server


def test_private_networks_are_off_by_default(http_server, page_url):
    page = Fetcher(use_cache=False).fetch(page_url)
    assert page.error == "refused_address"
    assert http_server.hits() == 0


def test_unsupported_scheme():
    assert make_fetcher().fetch("ftp://127.0.0.1/file.txt").error == "unsupported_scheme"


@pytest.mark.parametrize("target", ["http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:{port}/a.html"])
def test_redirect_to_internal_address_is_refused(public_site, target):
    port = public_site.base_url().rsplit(":", 1)[1]
    target = target.format(port=port)
    start = public_site.url(f"/_goto?to={target}")
    page = Fetcher(use_cache=False).fetch(start)
    assert page.error == "refused_address"
    assert page.redirects == [target]
    assert public_site.hits("/a.html") == 0


def test_the_allowed_site_itself_is_fetched(public_site):
    assert Fetcher(use_cache=False).fetch(public_site.url("/a.html")).ok


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_dns_rebinding_is_caught_at_connect(http_server, page_url, monkeypatch, scheme):
    # The name check sees a public address; the socket then reaches 127.0.0.1.
    # (https: refused before the TLS handshake, so a plain server will do.)
    monkeypatch.setattr(guard, "resolve_host", lambda host, port: ["93.184.215.14"])
    url = page_url.replace("http://127.0.0.1", f"{scheme}://localhost")
    page = Fetcher(use_cache=False, robots=False).fetch(url)
    assert page.error == "refused_address"
    assert http_server.hits() == 0  # the connection closed before a request was sent


# --- concurrency ----------------------------------------------------------------


def test_concurrent_fetches_overlap(tmp_path):
    hosts = tuple(f"127.0.0.{n}" for n in range(2, 22))
    with LocalServer(tmp_path / "site", hosts=hosts) as server:
        server.add("page.html", PAGE)
        urls = [server.url("/_slow/1/page.html", host=host) for host in hosts]
        pages = make_fetcher(workers=20).fetch_all(urls)
        assert all(page.ok for page in pages.values())
        # Sequential fetching would never have two requests in flight.
        assert server.max_in_flight() >= 5


def test_per_host_limit(http_server, page_url):
    urls = [http_server.url(f"/_slow/0.3/news/budget.html?n={n}") for n in range(6)]
    pages = make_fetcher(per_host=2).fetch_all(urls)
    assert all(page.ok for page in pages.values())
    assert 1 <= http_server.max_waiting("127.0.0.1") <= 2


def test_fetch_all_deduplicates_and_keeps_order(http_server, page_url):
    other = http_server.add("other.html", PAGE)
    pages = make_fetcher().fetch_all([other, page_url, other])
    assert list(pages) == [other, page_url]
    assert http_server.hits("/other.html") == 1


def test_fetch_all_deadline(http_server, page_url):
    slow = http_server.url("/_slow/5/news/budget.html")
    pages = make_fetcher().fetch_all([page_url, slow], deadline=1.5)
    assert pages[page_url].ok
    assert pages[slow].error == "deadline_exceeded"


def test_fetch_all_of_nothing():
    assert make_fetcher().fetch_all([]) == {}


# --- cache --------------------------------------------------------------------


def test_second_run_makes_no_request(http_server, page_url, tmp_path):
    first = make_fetcher(use_cache=True, cache_dir=tmp_path).fetch(page_url)
    requests_made = http_server.hits()
    second = make_fetcher(use_cache=True, cache_dir=tmp_path).fetch(page_url)  # a new run
    assert http_server.hits() == requests_made
    assert second.from_cache and not first.from_cache
    assert second.body == first.body and second.sha256 == first.sha256
    assert second.fetched_at == first.fetched_at


def test_redirected_page_is_cached_hop_by_hop(http_server, page_url, tmp_path):
    url = http_server.url("/_redirect/2/news/budget.html")
    first = make_fetcher(use_cache=True, cache_dir=tmp_path).fetch(url)
    requests_made = http_server.hits()
    second = make_fetcher(use_cache=True, cache_dir=tmp_path).fetch(url)
    assert http_server.hits() == requests_made
    assert second.redirects == first.redirects and second.body == PAGE.encode()


def test_refused_pages_are_not_cached(http_server, tmp_path):
    url = http_server.url("/_big/50000")
    for _ in range(2):
        assert make_fetcher(use_cache=True, cache_dir=tmp_path, max_bytes=10_000).fetch(url).error == "too_large"
    assert http_server.hits("/_big/50000") == 2


def test_no_store_answers_are_not_cached(http_server, page_url, tmp_path):
    url = http_server.url("/_nostore/news/budget.html")
    for _ in range(2):
        assert make_fetcher(use_cache=True, cache_dir=tmp_path).fetch(url).ok
    assert http_server.hits("/_nostore/news/budget.html") == 2


def test_cache_serves_concurrent_fetches(http_server, page_url, tmp_path):
    urls = [http_server.url(f"/news/budget.html?n={n}") for n in range(12)]
    first = make_fetcher(use_cache=True, cache_dir=tmp_path, per_host=4).fetch_all(urls)
    requests_made = http_server.hits()
    second = make_fetcher(use_cache=True, cache_dir=tmp_path, per_host=4).fetch_all(urls)
    assert all(page.ok for page in [*first.values(), *second.values()])
    assert all(page.from_cache for page in second.values())
    assert http_server.hits() == requests_made


def test_no_cache_always_asks(http_server, page_url, tmp_path):
    for _ in range(2):
        make_fetcher(use_cache=False, cache_dir=tmp_path).fetch(page_url)
    assert http_server.hits("/news/budget.html") == 2
    assert not (tmp_path / cache.CACHE_FILE).exists()


def test_cache_info_and_clear(http_server, page_url, tmp_path):
    assert cache.cache_info(tmp_path)["responses"] == 0
    make_fetcher(use_cache=True, cache_dir=tmp_path).fetch(page_url)
    info = cache.cache_info(tmp_path)
    assert info["responses"] >= 1 and info["size_bytes"] > 0
    assert info["path"] == str(tmp_path / cache.CACHE_FILE)
    cache.cache_clear(tmp_path)
    assert cache.cache_info(tmp_path)["responses"] == 0
    make_fetcher(use_cache=True, cache_dir=tmp_path).fetch(page_url)
    assert http_server.hits("/news/budget.html") == 2


# --- recorded traffic ------------------------------------------------------------


def test_replays_a_cassette_through_an_injected_session(monkeypatch):
    # The guard still runs on the recorded host; it resolves to a public address here.
    monkeypatch.setattr(guard, "resolve_host", lambda host, port: ["93.184.215.14"])
    fetcher = Fetcher(session=requests.Session(), use_cache=False)
    with vcr.use_cassette(str(CASSETTES / "fetch_story.yaml"), record_mode="none"):
        page = fetcher.fetch("https://news.example.com/2024/05/story")
        draft = fetcher.fetch("https://news.example.com/drafts/story")
        unrecorded = fetcher.fetch("https://news.example.com/not-recorded")
    assert page.ok, page.error
    assert page.redirects == ["https://news.example.com/2024/05/story.html"]
    assert "council approved the budget" in page.body.decode(page.encoding)
    assert page.encoding == "utf-8"
    assert draft.error == "robots_disallowed"
    assert not unrecorded.ok  # replay only: nothing reaches the network


# --- pages read -----------------------------------------------------------------


def test_a_page_read_comes_back_from_the_cache_as_it_was_read(tmp_path):
    page = (
        "<html><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"datePublished\": "
        "\"2024-03-01\", \"publisher\": {\"name\": \"Riverton Ledger\"}}</script></head><body><article>"
        "<h1>Budget</h1><p>Mayor Ines Okafor said the budget <a href='/libraries'>protects libraries</a>.</p>"
        "<p>Second paragraph.</p></article></body></html>"
    ).encode()
    read = parse_document(page, kind="html", input="https://news.example/budget", url="https://news.example/budget")
    with cache.DocumentCache(tmp_path) as pages:
        key = pages.key("abc123", "html", "https://news.example/budget")
        assert pages.get(key) is None
        pages.put(key, read)
    with cache.DocumentCache(tmp_path) as pages:  # another run
        again = pages.get(key)
        assert pages.get(pages.key("abc123", "pdf", "https://news.example/budget")) is None
    assert again is not None and again.raw is None
    assert (again.text, again.paragraphs, again.links) == (read.text, read.paragraphs, read.links)
    assert (again.title, again.published, again.publisher, again.paywalled) == (
        read.title, read.published, read.publisher, read.paywalled)
    assert again.links[0].url == "https://news.example/libraries"


def test_a_damaged_page_entry_is_read_again(tmp_path):
    with cache.DocumentCache(tmp_path) as pages:
        pages.put("k", Article(input="x", text="words"))
        assert pages.get("k").text == "words"
    with sqlite3.connect(tmp_path / cache.DOCUMENTS_FILE) as db:
        db.execute(f"UPDATE {cache.DocumentCache.TABLE} SET article = ?", ("{broken",))
    with cache.DocumentCache(tmp_path) as pages:
        assert pages.get("k") is None


def _check_in_a_new_process(article, url, cache_dir, *options):
    """One `verify check` in its own interpreter: its JSON report, and which of the
    HTML parser and the HTTP stack it loaded."""
    argv = ["verify", "check", str(article), "--no-discover", "--no-archive", "--cache-dir", str(cache_dir),
            "--format", "json", "--source", url, *options]
    probe = (
        "import sys\nfrom verify.cli import main\n"
        f"sys.argv = {argv!r}\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('bs4', 'requests', 'requests_cache') if m in sys.modules), file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    return json.loads(run.stdout)["articles"][0]["claims"], run.stderr.strip().splitlines()[-1]


@pytest.fixture
def taxes(http_server, tmp_path):
    url = http_server.add("news/taxes.html", "<html><body><p>Mayor Ana Ruiz said taxes will fall.</p></body></html>")
    article = tmp_path / "a.txt"
    article.write_text("Taxes\n\nMayor Ana Ruiz said taxes will fall.\n")
    return article, url


def test_a_rerun_recalls_its_sources_without_a_request_or_the_http_stack(http_server, taxes, tmp_path):
    article, url = taxes
    first, first_loaded = _check_in_a_new_process(article, url, tmp_path / "cache", "--allow-private-network")
    asked = http_server.hits("/news/taxes.html")
    second, second_loaded = _check_in_a_new_process(article, url, tmp_path / "cache", "--allow-private-network")
    assert [c["verdict"] for c in first] == [c["verdict"] for c in second] == ["verified"]
    assert first_loaded == "['bs4', 'requests', 'requests_cache']"
    assert second_loaded == "[]"
    assert http_server.hits("/news/taxes.html") == asked == 1
    # The re-run reports the page as it was fetched: same bytes, same time.
    was, now = (claims[0]["evidence"][0]["provenance"] for claims in (first, second))
    assert (now["sha256"], now["fetched_at"], now["final_url"]) == (was["sha256"], was["fetched_at"], was["final_url"])
    assert cache.cache_info(tmp_path / "cache")["documents"] == 1
    cache.cache_clear(tmp_path / "cache")
    assert cache.cache_info(tmp_path / "cache")["documents"] == 0


def test_a_page_past_the_runs_expiry_is_fetched_again(http_server, taxes, tmp_path):
    article, url = taxes
    for _ in range(2):
        claims, loaded = _check_in_a_new_process(
            article, url, tmp_path / "cache", "--allow-private-network", "--cache-expire", "0")
        assert claims[0]["verdict"] == "verified" and "requests" in loaded
    assert http_server.hits("/news/taxes.html") == 2


def test_a_page_marked_no_store_is_asked_for_on_every_run(http_server, taxes, tmp_path):
    article, _ = taxes
    url = http_server.url("/_nostore/news/taxes.html")
    for _ in range(2):
        claims, _ = _check_in_a_new_process(article, url, tmp_path / "cache", "--allow-private-network")
        assert claims[0]["verdict"] == "verified"
    assert http_server.hits("/_nostore/news/taxes.html") == 2


def test_a_recalled_page_is_still_refused_where_the_run_forbids_its_address(http_server, taxes, tmp_path):
    article, url = taxes
    _check_in_a_new_process(article, url, tmp_path / "cache", "--allow-private-network")
    claims, _ = _check_in_a_new_process(article, url, tmp_path / "cache")  # loopback is off limits now
    assert claims[0]["verdict"] == "unreachable"
    assert claims[0]["evidence"][0]["error"] == "refused_address"


def test_recall_needs_the_document_and_a_fetch_young_enough(tmp_path):
    fetched = datetime.now(timezone.utc) - timedelta(hours=2)
    page = Page(url="https://news.example/a", final_url="https://news.example/a.html", status=200,
                content_type="text/html", redirects=["https://news.example/a.html"], body=b"<p>x</p>",
                fetched_at=fetched.isoformat(timespec="seconds"), sha256="abc")
    with cache.DocumentCache(tmp_path) as pages:
        pages.remember(page, "k")
        assert pages.recall(page.url, max_age=None) is None  # no document stored under "k"
        pages.put("k", Article(input="x", text="words"))
        recalled = pages.recall(page.url, max_age=3 * 3600)
        assert pages.recall(page.url, max_age=3600) is None
        assert pages.recall(page.url, max_age=0) is None
        assert pages.recall("https://news.example/b", max_age=None) is None
    assert recalled.body == b"" and recalled.from_cache and recalled.ok
    assert (recalled.final_url, recalled.redirects, recalled.sha256, recalled.fetched_at) == (
        page.final_url, page.redirects, page.sha256, page.fetched_at)
    with cache.DocumentCache(tmp_path) as pages:
        pages.remember(Page(url="https://news.example/c", fetched_at="yesterday", sha256="abc"), "k")
        assert pages.recall("https://news.example/c", max_age=None) is None  # undated: not kept
    with sqlite3.connect(tmp_path / cache.DOCUMENTS_FILE) as db:
        db.execute(f"UPDATE {cache.DocumentCache.FETCHED} SET page = ?", ('{"unknown_field": 1}',))
    with cache.DocumentCache(tmp_path) as pages:
        assert pages.recall(page.url, max_age=None) is None  # damaged: fetched again


def test_a_cache_file_that_is_no_database_is_no_cache(tmp_path):
    (tmp_path / cache.DOCUMENTS_FILE).write_bytes(b"this is not an SQLite file" * 100)
    with cache.DocumentCache(tmp_path) as pages:
        pages.put("k", Article(input="x", text="words"))
        assert pages.get("k") is None and pages.count() == 0
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with cache.DocumentCache(blocker / "cache") as pages:  # cannot even make the folder
        pages.put("k", Article(input="x", text="words"))
        assert pages.get("k") is None
