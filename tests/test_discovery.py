"""Discovery and archive look-ups, replayed from cassettes in the services' formats
(record_mode "none": a request the cassette lacks fails the test) or answered by a
local server on 127.0.0.1. Nothing here reaches the network."""

from __future__ import annotations

import copy
import gzip
import http.server
import json
import re
import socket
import threading
import time
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import vcr

from verify import discover
from verify.outlets import Registry
from verify.records import Article, Claim, Source, Speaker
from verify.rules import load_rules
from verify.services import build_services
from verify.services.base import (
    Candidate,
    DiscoveryQuery,
    Politeness,
    ServiceError,
    compact_to_iso,
    parse_day,
    polite_get,
    reset_pacing,
)
from verify.services.gdelt import Gdelt, parse_artlist
from verify.services.gdelt import build_query as gdelt_expression
from verify.services.sitemaps import Sitemaps
from verify.services.wayback import Wayback, archive_lookup, archived_copy, nearest, parse_cdx
from verify.services.websearch import WebSearch

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes" / "discovery"
CASES = tomllib.loads((ROOT / "fixtures" / "rules" / "discovery" / "cases.toml").read_text(encoding="utf-8"))
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "api-samples"

replay = vcr.VCR(
    cassette_library_dir=str(CASSETTES),
    record_mode="none",
    match_on=["method", "scheme", "host", "port", "path", "query"],
)

SERVICES = ("gdelt", "sitemaps", "wayback", "websearch")


@pytest.fixture(autouse=True)
def fresh_pacing():
    reset_pacing()
    yield
    reset_pacing()


@pytest.fixture(scope="module")
def shipped() -> dict:
    return load_rules()


@pytest.fixture
def rules(shipped) -> dict:
    """The shipped rules without pauses between requests, so tests run fast."""
    fast = copy.deepcopy(shipped)
    for name in SERVICES:
        fast["discovery"][name]["min_interval_seconds"] = 0
    return fast


def claim_of(content: str, speaker: str, kind: str = "person", via: str | None = None, quotes=()) -> Claim:
    return Claim(
        id="c1",
        text=content,
        speaker=Speaker(speaker, kind),
        cue="said",
        content=content,
        quote=" ... ".join(quotes) or None,
        quotes=list(quotes),
        via=Speaker(via, "publication") if via else None,
    )


def article_of(text: str = "", published: str | None = None) -> Article:
    return Article(input="article.txt", text=text, published=published)


BLINKEN = "the U.S. is reconsidering its position in light of the evolving tactical situation"


def wsj_claim() -> Claim:
    return claim_of(BLINKEN, "Antony Blinken", via="The Wall Street Journal")


class CountingSession:
    """A session-like object that answers from a function and counts the calls."""

    def __init__(self, answer):
        self.answer = answer
        self.calls: list[tuple[str, dict]] = []

    def get(self, url, **kwargs):
        self.calls.append((url, kwargs))
        return self.answer(url, **kwargs)


class RecordingService:
    """A back-end that finds nothing and remembers what it was asked."""

    name = "recorder"

    def __init__(self):
        self.asked: list[DiscoveryQuery] = []

    def search(self, query):
        self.asked.append(query)
        return []


def response(body: str | bytes, status: int = 200, url: str = "https://example.org/", headers=None):
    reply = requests.Response()
    reply.status_code = status
    reply._content = body.encode() if isinstance(body, str) else body
    reply.url = url
    reply.headers.update(headers or {})
    return reply


# --- queries


def test_seed_wall_street_journal_claim_searches_wsj_com(rules):
    seed = SHARED / "eval" / "sets" / "dev" / "articles" / "seed-nato.txt"
    if not seed.exists():
        pytest.skip("the shared dev set is not present")
    text = seed.read_text(encoding="utf-8")
    match = re.search(r"Antony Blinken has indicated that (.+?), according to The Wall Street Journal", text)
    content = match.group(1)
    claim = claim_of(content, "Antony Blinken", via="The Wall Street Journal")
    query = discover.build_query(claim, article_of(text), rules)
    expression = gdelt_expression(query, rules["discovery"]["gdelt"])
    assert "domain:wsj.com" in expression.split()
    assert "Blinken" in expression
    assert query.outlet.name == "The Wall Street Journal"


@pytest.mark.parametrize("case", CASES["query"], ids=lambda c: c["speaker"])
def test_fixture_claims_build_searches(rules, case):
    claim = claim_of(case["content"], case["speaker"], case["speaker_kind"], case.get("via"), case.get("quotes", ()))
    query = discover.build_query(claim, article_of(published=case.get("published")), rules)
    expression = gdelt_expression(query, rules["discovery"]["gdelt"])
    for piece in case["gdelt"]:
        assert piece in expression, expression
    for piece in case["absent"]:
        assert piece not in expression, expression
    if "window" in case:
        assert [query.start.isoformat(), query.end.isoformat()] == case["window"]
        params = Gdelt(rules["discovery"]["gdelt"], None).params(query)
        assert params["startdatetime"] == case["window"][0].replace("-", "") + "000000"
        assert params["mode"] == "artlist" and params["format"] == "json"


@pytest.mark.parametrize("case", CASES["no_query"], ids=lambda c: c["speaker"])
def test_fixture_claims_with_nothing_to_search_ask_no_service(rules, case):
    recorder = RecordingService()
    claim = claim_of(case["content"], case["speaker"], case["speaker_kind"])
    found = discover.find(claim, article_of(), rules, session=None, services=[recorder])
    assert found.sources == [] and found.reasons == [] and recorder.asked == []


def test_claims_of_people_are_searched_only_when_asked(rules):
    recorder = RecordingService()
    claim = claim_of(BLINKEN, "Antony Blinken")
    assert discover.find(claim, article_of(), rules, session=None, services=[recorder]).reasons == []
    assert recorder.asked == []
    rules["discovery"]["scope"]["claims"] = "all"
    found = discover.find(claim, article_of(), rules, session=None, services=[recorder])
    assert found.reasons == ["discovery_no_match"] and recorder.asked[0].names[0] == "Blinken"


@pytest.mark.parametrize("case", CASES["ranked"], ids=lambda c: c["url"])
def test_fixture_candidates_are_ranked(rules, case):
    claim = claim_of(case["content"], case["speaker"], via=case["via"])
    query = discover.build_query(claim, article_of(), rules)
    sources = discover.rank([Candidate(case["url"], case["title"], service="test")], query, rules)
    assert bool(sources) is case["proposed"]


def test_quoted_words_and_names_lead_the_query(rules):
    claim = claim_of("the bridge would reopen", "Mara Quill", quotes=["We will reopen the Harbour Bridge in September"])
    query = discover.build_query(claim, article_of(), rules)
    assert query.names[0] == "Quill" and "Harbour" in query.names
    assert "September" not in query.names  # month names are common words
    assert query.phrases == ("We will reopen the Harbour Bridge in September",)


def test_ranking_prefers_the_window_and_the_outlet(rules):
    claim = claim_of("the refinery in Gdansk will halt production", "Reuters", "publication")
    query = discover.build_query(claim, article_of(published="2024-05-30"), rules)
    inside = Candidate("https://www.reuters.com/a", "Gdansk refinery to halt production", "2024-05-29", service="t")
    outside = Candidate("https://www.reuters.com/b", "Gdansk refinery to halt production", "2023-01-02", service="t")
    ranked = discover.rank([outside, inside], query, rules)
    assert [s.url for s in ranked] == [inside.url, outside.url]
    assert all(s.origin == "discovery" and "reuters" in s.note.lower() for s in ranked)


# --- GDELT


def test_gdelt_replay_finds_the_credited_outlets_article(rules):
    services = [Gdelt(rules["discovery"]["gdelt"], requests.Session())]
    with replay.use_cassette("gdelt_wsj.yaml"):
        found = discover.find(wsj_claim(), article_of(), rules, session=None, services=services)
    assert found.reasons == []
    urls = [s.url for s in found.sources]
    assert urls[0].startswith("https://www.wsj.com/world/europe/blinken-signals")
    assert all(Registry.from_rules(rules).by_url(u).name == "The Wall Street Journal" for u in urls)
    assert not any("oil-prices" in u or "politico" in u for u in urls)
    assert found.sources[0].title.startswith("Blinken Signals")
    assert "gdelt" in found.sources[0].note


def test_discover_returns_just_the_sources(rules):
    services = [Gdelt(rules["discovery"]["gdelt"], requests.Session())]
    with replay.use_cassette("gdelt_wsj.yaml"):
        sources = discover.discover(wsj_claim(), article_of(), rules, session=None, services=services)
    assert sources and all(isinstance(s, Source) for s in sources)


@pytest.mark.parametrize("word", ["Maxrecords", "Htmlerror"])
def test_gdelt_error_pages_with_status_200_become_a_reason(rules, word):
    gdelt = Gdelt(rules["discovery"]["gdelt"], requests.Session())
    with replay.use_cassette("gdelt_quirks.yaml"):
        with pytest.raises(ServiceError) as caught:
            gdelt.search(DiscoveryQuery(names=(word,)))
    assert caught.value.code == "gdelt_error_page"


def test_gdelt_json_with_invalid_escapes_is_repaired(rules):
    gdelt = Gdelt(rules["discovery"]["gdelt"], requests.Session())
    with replay.use_cassette("gdelt_quirks.yaml"):
        found = gdelt.search(DiscoveryQuery(names=("Badescape",)))
    assert [c.title for c in found] == ['Badescape: the Mayor\'s "harbor" plan \\ explained']
    assert found[0].date == "2024-05-30T08:15:00Z" and found[0].domain == "example-news.com"


def test_gdelt_rate_limit_backs_off_without_asking_again(rules):
    gdelt = Gdelt(rules["discovery"]["gdelt"], requests.Session())
    with replay.use_cassette("gdelt_quirks.yaml") as cassette:
        for _ in range(2):
            with pytest.raises(ServiceError) as caught:
                gdelt.search(DiscoveryQuery(names=("Ratelimit",)))
            assert caught.value.code == "gdelt_rate_limited"
        assert cassette.play_count == 1


def test_gdelt_empty_answer_means_no_match(rules):
    rules["discovery"]["scope"]["claims"] = "all"
    services = [Gdelt(rules["discovery"]["gdelt"], requests.Session())]
    claim = claim_of("Nothingfound", "someone", "unknown")
    with replay.use_cassette("gdelt_quirks.yaml"):
        found = discover.find(claim, article_of(), rules, session=None, services=services)
    assert found.sources == [] and found.reasons == ["discovery_no_match"]


def test_parse_artlist_keeps_gdelt_order_and_drops_non_web_urls():
    body = json.dumps(
        {
            "articles": [
                {"url": "https://a.example/1", "title": "One", "seendate": "20240101T000000Z", "domain": "a.example"},
                {"url": "javascript:void(0)", "title": "Bad"},
                {"url": "https://b.example/2", "title": "Two", "seendate": "20241301T000000Z"},
            ]
        }
    )
    found = parse_artlist(body)
    assert [c.url for c in found] == ["https://a.example/1", "https://b.example/2"]
    assert found[0].score > found[1].score
    assert found[1].date is None and found[1].domain == "b.example"  # month 13 is no date


class GdeltStandIn(http.server.BaseHTTPRequestHandler):
    """Answers like GDELT's artlist; remembers what it was asked."""

    asked: list[dict] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        GdeltStandIn.asked.append(parse_qs(urlsplit(self.path).query) | {"path": [urlsplit(self.path).path]})
        body = json.dumps(
            {
                "articles": [
                    {
                        "url": "https://www.reuters.com/business/energy/gdansk-refinery-halt-production-2024-05-29/",
                        "url_mobile": "",
                        "title": "Gdansk refinery to halt production for maintenance",
                        "seendate": "20240529T101500Z",
                        "socialimage": "",
                        "domain": "reuters.com",
                        "language": "English",
                        "sourcecountry": "United Kingdom",
                    }
                ]
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def gdelt_server():
    GdeltStandIn.asked = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), GdeltStandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_gdelt_base_url_points_at_a_local_server(rules, gdelt_server):
    rules["discovery"]["gdelt"]["base_url"] = f"{gdelt_server}/api/v2/doc/doc"
    rules["discovery"]["sitemaps"]["enabled"] = False
    claim = claim_of("the refinery in Gdansk will halt production for maintenance", "Reuters", "publication")
    found = discover.find(claim, article_of(published="2024-05-30"), rules, session=requests.Session())
    assert [s.url for s in found.sources] == [
        "https://www.reuters.com/business/energy/gdansk-refinery-halt-production-2024-05-29/"
    ]
    (asked,) = GdeltStandIn.asked
    assert asked["path"] == ["/api/v2/doc/doc"]
    assert asked["mode"] == ["artlist"] and asked["format"] == ["json"]
    assert "domain:reuters.com" in asked["query"][0] and "Gdansk" in asked["query"][0]
    assert asked["startdatetime"] == ["20240516000000"] and asked["enddatetime"] == ["20240602000000"]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_dead_service_gives_a_reason_and_is_left_alone(rules):
    rules["discovery"]["gdelt"]["base_url"] = f"http://127.0.0.1:{closed_port()}/api/v2/doc/doc"
    rules["discovery"]["sitemaps"]["enabled"] = False
    session = requests.Session()
    calls = CountingSession(session.get)
    for _ in range(2):
        found = discover.find(wsj_claim(), article_of(), rules, session=calls)
        assert found.sources == [] and found.reasons == ["gdelt_unreachable"]
    assert len(calls.calls) == 1  # the second claim does not wait on a dead host


def test_timeouts_and_bugs_in_a_back_end_never_escape(rules):
    def time_out(url, **kwargs):
        raise requests.Timeout("slow")

    class Broken:
        name = "broken"

        def search(self, query):
            raise KeyError("a bug")

    services = [Gdelt(rules["discovery"]["gdelt"], CountingSession(time_out)), Broken()]
    found = discover.find(wsj_claim(), article_of(), rules, session=None, services=services)
    assert found.sources == [] and found.reasons == ["gdelt_timeout", "broken_failed"]


def test_requests_to_one_host_are_paced():
    session = CountingSession(lambda url, **kw: response("{}", url=url))
    polite = Politeness(min_interval=0.2)
    started = time.monotonic()
    for _ in range(3):
        polite_get(session, "https://api.example/x", service="t", politeness=polite)
    assert time.monotonic() - started >= 0.39
    assert session.calls[0][1]["timeout"] == polite.timeout


# --- sitemaps and feeds


def test_sitemaps_and_feeds_of_the_credited_outlet(rules):
    rules["discovery"]["sitemaps"]["max_feeds"] = 1
    sitemaps = Sitemaps(rules["discovery"]["sitemaps"], requests.Session())
    query = discover.build_query(wsj_claim(), article_of(published="2024-05-30"), rules)
    with replay.use_cassette("sitemaps_wsj.yaml"):
        found = sitemaps.search(query)
    urls = [c.url for c in found]
    assert any(u.startswith("https://www.wsj.com/world/europe/blinken-signals-") for u in urls)
    assert "https://www.wsj.com/world/blinken-faces-allied-pressure-over-ukraine-weapons-curbs-0a1b2c3d" in urls
    # off-topic, outside the window, or only an image caption matching: not proposed
    assert not any(part in u for u in urls for part in ("oil-prices", "travel-plans", "kharkiv", "kyiv-2023"))
    news = next(c for c in found if "blinken-signals" in c.url)
    assert news.title.startswith("Blinken Signals") and news.date == "2024-05-29T15:30:00Z"


def test_sitemaps_need_an_outlet(rules):
    session = CountingSession(lambda url, **kw: pytest.fail("no request expected"))
    query = discover.build_query(claim_of(BLINKEN, "Antony Blinken"), article_of(), rules)
    assert Sitemaps(rules["discovery"]["sitemaps"], session).search(query) == []


def test_sitemaps_of_an_unreachable_outlet_give_a_reason(rules):
    def refuse(url, **kwargs):
        raise requests.ConnectionError("refused")

    found = discover.find(
        wsj_claim(), article_of(), rules, session=None,
        services=[Sitemaps(rules["discovery"]["sitemaps"], CountingSession(refuse))],
    )
    assert found.reasons == ["sitemaps_unreachable"]


def test_robots_url_is_configurable(rules):
    rules["discovery"]["sitemaps"]["robots_url"] = "http://127.0.0.1:9/mirror/{domain}/robots.txt"
    rules["discovery"]["sitemaps"]["max_feeds"] = 0
    session = CountingSession(lambda url, **kw: response("User-agent: *\n", url=url))
    query = discover.build_query(wsj_claim(), article_of(), rules)
    Sitemaps(rules["discovery"]["sitemaps"], session).search(query)
    assert [url for url, _ in session.calls] == ["http://127.0.0.1:9/mirror/wsj.com/robots.txt"]


# --- keyed web search


def test_web_search_is_off_without_a_key(rules, monkeypatch):
    monkeypatch.delenv(rules["discovery"]["websearch"]["api_key_env"], raising=False)
    assert [s.name for s in build_services(rules, requests.Session())] == ["gdelt", "sitemaps"]
    monkeypatch.setenv(rules["discovery"]["websearch"]["api_key_env"], "test-key")
    assert [s.name for s in build_services(rules, requests.Session())] == ["gdelt", "sitemaps", "websearch"]


def test_web_search_replay(rules):
    session = requests.Session()
    recorder = CountingSession(session.get)
    search = WebSearch(rules["discovery"]["websearch"], recorder, "test-key")
    query = discover.build_query(wsj_claim(), article_of(), rules)
    with replay.use_cassette("websearch.yaml"):
        found = search.search(query)
    assert found[0].title.startswith("Blinken Signals") and "<strong>" not in found[0].title
    assert found[0].date == "2024-05-29T15:30:00"
    assert recorder.calls[0][1]["headers"]["X-Subscription-Token"] == "test-key"
    assert "site:wsj.com" in recorder.calls[0][1]["params"]["q"]


def test_web_search_refused_key_is_a_reason(rules):
    search = WebSearch(rules["discovery"]["websearch"], CountingSession(lambda url, **kw: response("{}", 401)), "bad")
    with pytest.raises(ServiceError) as caught:
        search.search(DiscoveryQuery(names=("Blinken",)))
    assert caught.value.code == "websearch_unauthorized"


def test_no_service_forbids_programmatic_use(shipped):
    urls = [str(v) for table in shipped["discovery"].values() for k, v in table.items() if k.endswith("url")]
    assert urls and not any("news.google." in url for url in urls)


# --- Wayback Machine

BRIDGE = "https://news.example.com/2024/05/30/bridge-closure"
FERRY = "https://news.example.com/2024/06/02/ferry-fares"


def test_dead_link_gets_the_archived_copy_from_availability(rules):
    with replay.use_cassette("wayback.yaml"):
        assert requests.get(BRIDGE).status_code == 404
        copy_url = archived_copy(BRIDGE, "2024-05-30", session=requests.Session(), rules=rules)
    assert copy_url == f"https://web.archive.org/web/20240530181502id_/{BRIDGE}"


def test_availability_silent_then_cdx_nearest_capture(rules):
    with replay.use_cassette("wayback.yaml"):
        archive_url, reason = archive_lookup(FERRY, "2024-06-02", session=requests.Session(), rules=rules)
    # CDX rows with day 00, a negative length or a revisit are skipped; the nearest good
    # capture is asked for and the archive's redirect to a neighbouring capture followed.
    assert reason is None
    assert archive_url == f"https://web.archive.org/web/20240603094500id_/{FERRY}"


@pytest.mark.parametrize(
    "url, near, reason",
    [
        ("https://blocked.example.net/story", None, "wayback_blocked"),  # CDX 403 Blocked Site Error
        ("https://excluded.example.org/page", None, "wayback_blocked"),  # 200 without Memento-Datetime
    ],
)
def test_archive_refusals_are_reasons(rules, url, near, reason):
    with replay.use_cassette("wayback.yaml"):
        assert archive_lookup(url, near, session=requests.Session(), rules=rules) == (None, reason)


def test_cdx_rate_limit_is_respected(rules):
    with replay.use_cassette("wayback.yaml") as cassette:
        first = archive_lookup("https://busy.example.com/a", None, session=requests.Session(), rules=rules)
        second = archive_lookup("https://busy.example.com/b", None, session=requests.Session(), rules=rules)
        played = cassette.play_count
    assert first == second == (None, "wayback_rate_limited")
    # availability a, CDX a, availability b: the CDX server is not asked again (the
    # cassette has no answer for it, so asking would have failed the test).
    assert played == 3


def test_archive_look_up_never_raises(rules):
    def refuse(url, **kwargs):
        raise requests.ConnectionError("down")

    assert archived_copy(BRIDGE, "2024-05-30", session=CountingSession(refuse), rules=rules) is None
    rules["discovery"]["wayback"]["enabled"] = False
    assert archive_lookup(BRIDGE, None, session=CountingSession(refuse), rules=rules) == (None, None)


def test_wayback_base_urls_are_configurable(rules):
    settings = dict(rules["discovery"]["wayback"], availability_url="http://127.0.0.1:9/available",
                    memento_url="http://127.0.0.1:9/web", check_memento=False)
    snapshot = "http://web.archive.org/web/20240101000000/https://x.example/a"
    closest = {"available": True, "status": "200", "timestamp": "20240101000000", "url": snapshot}
    body = json.dumps({"archived_snapshots": {"closest": closest}})
    session = CountingSession(lambda url, **kw: response(body, url=url))
    found = Wayback(settings, session).lookup("https://x.example/a")
    assert found == ("http://127.0.0.1:9/web/20240101000000id_/https://x.example/a", None)
    assert session.calls[0][0] == "http://127.0.0.1:9/available"


def test_parse_cdx_text_and_json_forms():
    text = (
        "com,example)/a 20240101000000 https://example.com/a text/html 200 AAA 100\n"
        "com,example)/a 20240100000000 https://example.com/a text/html 200 BBB 100\n"
        "com,example)/a 20240102000000 https://example.com/a text/html 200 CCC -4\n"
        "com,example)/a 20240103000000 http://mailto:someone@example.com/ unk 301 DDD 50\n"
        "\ncom%2Cexample%29%2Fa+20240103000000\n"
    )
    assert [c.timestamp for c in parse_cdx(text)] == ["20240101000000"]
    header = ["timestamp", "original", "statuscode"]
    rows = [header, ["20240105000000", "https://example.com/a", "200"], [], ["resume-key"]]
    assert [c.timestamp for c in parse_cdx(json.dumps(rows))] == ["20240105000000"]
    assert parse_cdx("") == [] and parse_cdx("[not json") == []


def test_nearest_capture_to_a_day():
    captures = parse_cdx(
        "k 20240101000000 https://e.example/ text/html 200 A 1\n"
        "k 20240601000000 https://e.example/ text/html 200 B 1\n"
        "k 20240301000000 https://e.example/ text/html 404 C 1\n"
    )
    assert nearest(captures, "2024-02-20").timestamp == "20240101000000"
    assert nearest(captures, None).timestamp == "20240601000000"
    assert nearest([], "2024-01-01") is None


@pytest.mark.skipif(not SAMPLES.exists(), reason="shared api samples not present")
def test_real_cdx_samples_parse():
    folder = SAMPLES / "wayback-cdx"
    bad_timestamps = parse_cdx((folder / "edgi-wayback__bad_timestamp_cdx.txt").read_text())
    assert len(bad_timestamps) == 3
    assert all(compact_to_iso(c.timestamp) for c in bad_timestamps)
    no_length = parse_cdx((folder / "edgi-wayback__zero_length_cdx.txt").read_text())
    assert len(no_length) == 5  # a length of "-" (none recorded) is not a broken row
    malformed = parse_cdx((folder / "edgi-wayback__malformed_cdx.txt").read_text(errors="replace"))
    assert malformed and all(c.original.startswith("https://www.epa.gov") for c in malformed)
    json_rows = parse_cdx((folder / "pgark__cdx-search.json").read_text())
    assert len(json_rows) == 10 and nearest(json_rows, "2020-09-02").timestamp.startswith("20200902")
    paged = parse_cdx((folder / "edgi-wayback__test_search_with_filter.decoded-response-1.txt").read_text())
    assert len(paged) == 10  # the resume key after the blank line is not a capture


@pytest.mark.skipif(not SAMPLES.exists(), reason="shared api samples not present")
@pytest.mark.parametrize(
    "sample, expected",
    [
        ("pgark__available-true.json", ("20200903230055", "https://www.whitehouse.gov/issues/immigration/")),
        ("pgark__check-availability-nytimes.json", ("20200905140202", "https://www.nytimes.com/")),
        ("pgark__available-false.json", None),
    ],
)
def test_real_availability_samples(rules, sample, expected):
    body = (SAMPLES / "wayback-availability" / sample).read_text()
    wayback = Wayback(rules["discovery"]["wayback"], CountingSession(lambda url, **kw: response(body, url=url)))
    capture = wayback.available("https://example.org/", None)
    assert (capture and (capture.timestamp, capture.original)) == (expected or None)


@pytest.mark.skipif(not SAMPLES.exists(), reason="shared api samples not present")
def test_real_blocked_cdx_cassette_is_a_reason(rules):
    rules["discovery"]["wayback"]["cdx_url"] = "https://web.archive.org/cdx/search/cdx"
    wayback = Wayback(rules["discovery"]["wayback"], requests.Session())
    shared = vcr.VCR(
        cassette_library_dir=str(SAMPLES / "wayback-cdx"), record_mode="none", match_on=["method", "host", "path"]
    )
    with shared.use_cassette("edgi-wayback__test_search_raises_for_blocked_urls.yaml"):
        with pytest.raises(ServiceError) as caught:
            wayback.captures("https://nationalpost.com/health")
    assert caught.value.code == "wayback_blocked"


def test_day_parsing_refuses_impossible_dates():
    assert parse_day("20000012170449") is None and parse_day("20000800241623") is None
    assert parse_day("2024-05-30T12:00:00Z").isoformat() == "2024-05-30"
    assert parse_day("20240530") .isoformat() == "2024-05-30"
    assert parse_day("Thursday") is None and parse_day(None) is None


def test_gzipped_sitemaps_are_read_and_broken_ones_skipped(rules):
    news = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        b"<url><loc>https://www.reuters.com/gdansk-refinery</loc>"
        b"<news:news><news:publication_date>2024-05-29</news:publication_date>"
        b"<news:title>Gdansk refinery halts production</news:title></news:news></url></urlset>"
    )
    bodies = {
        "robots.txt": b"Sitemap: https://www.reuters.com/broken.xml.gz\nSitemap: https://www.reuters.com/news.xml.gz\n",
        "news.xml.gz": gzip.compress(news),
        "broken.xml.gz": b"\x1f\x8b not really gzip",
    }
    session = CountingSession(lambda url, **kw: response(bodies[url.rsplit("/", 1)[-1]], url=url))
    claim = claim_of("the refinery in Gdansk will halt production", "Reuters", "publication")
    query = discover.build_query(claim, article_of(published="2024-05-30"), rules)
    found = Sitemaps(rules["discovery"]["sitemaps"], session).search(query)
    assert [c.url for c in found] == ["https://www.reuters.com/gdansk-refinery"]
