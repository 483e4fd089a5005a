"""The stages composed: discovery wiring, --offline, --no-discover, and the discovery
"Done when" cases of the project (cassettes replayed with record_mode "none", or local
servers on 127.0.0.1). Nothing here reaches the network."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import urllib3
import vcr
from requests.adapters import BaseAdapter, HTTPAdapter

from verify.pipeline import Run, check
from verify.services.base import reset_pacing

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "eval" / "sets" / "dev" / "articles" / "seed-nato.txt"

_replay = vcr.VCR(
    cassette_library_dir=str(ROOT / "cassettes" / "discovery"),
    record_mode="none",
    match_on=["method", "scheme", "host", "port", "path", "query"],
)


def cassette(name: str):
    """Replay cassettes/discovery/NAME. Archived copies are asked for twice (the look-up
    confirms the memento, then the fetcher reads it), so an answer may play again."""
    return _replay.use_cassette(name, allow_playback_repeats=True)


@pytest.fixture(autouse=True)
def fresh_pacing():
    """Back-offs are per process: a service marked down in one test must not be in the next."""
    reset_pacing()
    yield
    reset_pacing()


class Answers(BaseAdapter):
    """A transport answering from a table {URL prefix: (status, headers, body)} and
    refusing anything else, keeping every URL asked for."""

    def __init__(self, routes: dict[str, tuple[int, dict, str]]):
        super().__init__()
        self.routes = routes
        self.asked: list[str] = []

    def send(self, request, **kwargs):
        self.asked.append(request.url)
        for prefix, (status, headers, body) in self.routes.items():
            if request.url.startswith(prefix):
                raw = urllib3.HTTPResponse(
                    body=io.BytesIO(body.encode()), headers=headers, status=status,
                    preload_content=False, decode_content=False, request_url=request.url,
                )
                return HTTPAdapter().build_response(request, raw)
        raise requests.ConnectionError(f"no answer for {request.url}")

    def close(self) -> None:
        pass


def session_of(adapter: BaseAdapter) -> requests.Session:
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def verdict_of(report, index: int = 0):
    return report.articles[0].results[index].verdict


# --- discovery wired into the check


def wsj_result(report):
    return next(r for r in report.articles[0].results if r.claim.via and "Wall Street" in r.claim.via.name)


def test_seed_wall_street_journal_claim_is_found_fetched_and_judged():
    """Done when: the seed's WSJ claim gets wsj.com candidates from GDELT (replayed),
    one is fetched from the cassette, and the verdict is not no_source."""
    if not SEED.exists():
        pytest.skip("the shared dev set is not present")
    with cassette("gdelt_wsj.yaml"):
        report = check([str(SEED)], Run(session=requests.Session()))
    verdict = wsj_result(report).verdict
    assert verdict.verdict not in ("no_source", "unreachable")
    best = verdict.evidence[0]
    assert best.url.startswith("https://www.wsj.com/")
    assert all(e.url.startswith("https://www.wsj.com/") for e in verdict.evidence)
    assert best.provenance["origin"] == "discovery" and best.provenance["note"].startswith("gdelt")
    assert best.provenance["publisher"] == "The Wall Street Journal"


def test_discovery_failures_reach_the_claim_reasons(tmp_path):
    dead = Answers({})
    article = tmp_path / "a.txt"
    article.write_text("The refinery in Gdansk will halt production next week, according to Reuters.\n")
    report = check([str(article)], Run(session=session_of(dead)))
    verdict = verdict_of(report)
    assert verdict.verdict == "no_source"
    assert "discovery_failed:gdelt_unreachable" in verdict.reasons
    assert any("gdeltproject" in url for url in dead.asked)


def test_no_discover_and_offline_ask_no_service(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The refinery in Gdansk will halt production next week, according to Reuters.\n")
    for run in (Run(discover=False), Run(offline=True, cache_dir=tmp_path / "cache")):
        transport = Answers({})
        run.session = session_of(transport) if not run.offline else None
        verdict = verdict_of(check([str(article)], run))
        assert verdict.verdict == "no_source" and verdict.reasons == ["no_candidate_source"]
        assert transport.asked == []


# --- back-ends pointed at a local server (rules/discovery.toml via --rules)

GDELT_ANSWER = {
    "articles": [
        {"url": "{base}/courier/fares.html", "title": "Ferry fares to rise 10 percent in July",
         "seendate": "20240529T090000Z", "domain": "127.0.0.1", "language": "English"},
        {"url": "{base}/courier/weather.html", "title": "Mild weather ahead for the weekend",
         "seendate": "20240529T090000Z", "domain": "127.0.0.1", "language": "English"},
    ]
}
FARES_PAGE = (
    '<html><head><meta property="og:site_name" content="Portalder Courier"></head><body><article>'
    "<h1>Ferry fares to rise 10 percent in July</h1>"
    "<p>Ferry fares will rise by 10 percent in July, the port authority said on Wednesday.</p>"
    "</article></body></html>"
)


def local_services(server, tmp_path: Path, page: str = FARES_PAGE) -> Path:
    """A --rules folder pointing GDELT and the Wayback Machine at `server`, with an
    outlet whose domain is the server's address."""
    base = server.base_url()
    server.add("gdelt/doc.json", json.dumps(GDELT_ANSWER).replace("{base}", base))
    server.add("courier/fares.html", page)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "discovery.toml").write_text(
        f'[gdelt]\nbase_url = "{base}/gdelt/doc.json"\nmin_interval_seconds = 0\n'
        f'[sitemaps]\nenabled = false\n'
        f'[wayback]\navailability_url = "{base}/wayback/available"\ncdx_url = "{base}/cdx"\n'
        f'memento_url = "{base}/web"\nmin_interval_seconds = 0\n'
    )
    (rules / "outlets.toml").write_text(
        '[[outlet]]\nname = "Portalder Courier"\nkind = "publication"\naliases = ["Courier"]\ndomains = ["127.0.0.1"]\n'
    )
    return rules


def unlinked_article(tmp_path: Path) -> Path:
    article = tmp_path / "post.md"
    article.write_text(
        "---\ntitle: Fares\ndate: 2024-05-30\n---\n\n"
        "Ferry fares will rise by 10 percent in July, according to the Portalder Courier.\n"
    )
    return article


def test_verify_check_finds_fetches_and_judges_through_local_back_ends(tmp_path, http_server):
    """Done when: with the back-ends' base URLs on a local server answering in the
    services' formats, `verify check` on an unlinked article judges the right page."""
    rules = local_services(http_server, tmp_path)
    out = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-m", "verify", "check", str(unlinked_article(tmp_path)), "--rules", str(rules),
         "--allow-private-network", "--no-cache", "--format", "json", "--output", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    [claim] = json.loads(out.read_text())["articles"][0]["claims"]
    assert claim["verdict"] == "verified"
    [evidence] = claim["evidence"]
    assert evidence["url"] == http_server.url("courier/fares.html")
    assert evidence["provenance"]["origin"] == "discovery"
    assert http_server.hits("/courier/weather.html") == 0
    assert any(r.path.startswith("/gdelt/doc.json?") and "domain%3A127.0.0.1" in r.path for r in http_server.log)


def test_a_page_found_by_search_that_lacks_the_claim_is_no_source(tmp_path, http_server):
    other = FARES_PAGE.replace("rise by 10 percent in July", "stay as they are this summer").replace("rise 10 percent", "stay")
    rules = local_services(http_server, tmp_path, page=other)
    run = Run(allow_private=True, use_cache=False, rules_dirs=[rules])
    verdict = verdict_of(check([str(unlinked_article(tmp_path))], run))
    assert verdict.verdict == "no_source"
    assert verdict.reasons[0] == "discovery_no_match"
    assert verdict.evidence[0].provenance["origin"] == "discovery"


# --- offline


def test_offline_answers_from_the_cache_only(tmp_path, http_server):
    url = http_server.add("statement.html", "<html><body><p>“We will rebuild the pier,” said Mayor Ana Ruiz.</p></body></html>")
    article = tmp_path / "post.md"
    article.write_text(f"Mayor Ana Ruiz said in [a statement]({url}): “We will rebuild the pier.”\n")
    cache = tmp_path / "cache"

    offline = verdict_of(check([str(article)], Run(offline=True, cache_dir=cache, discover=False)))
    assert (offline.verdict, offline.evidence[0].error) == ("unreachable", "offline_not_cached")
    assert http_server.hits() == 0

    online = verdict_of(check([str(article)], Run(allow_private=True, cache_dir=cache, discover=False)))
    asked = http_server.hits()
    assert online.verdict == "verified" and asked >= 1

    again = verdict_of(check([str(article)], Run(offline=True, cache_dir=cache, discover=False)))
    assert again.verdict == "verified" and again.evidence[0].passage == online.evidence[0].passage
    assert http_server.hits() == asked


def test_offline_and_evidence_cannot_be_combined(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "verify", "check", str(unlinked_article(tmp_path)), "--offline",
         "--evidence", str(tmp_path / "b.warc.gz")],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert re.search(r"--evidence.*--offline|--offline.*--evidence", result.stderr)
