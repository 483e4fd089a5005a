"""Provenance you can prove later: the evidence record, archived copies of dead links,
evidence bundles recorded and replayed, and `verify explain`."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
import tomllib
from datetime import datetime
from pathlib import Path

import pytest
import requests
from test_pipeline import Answers, cassette, session_of

from verify.explain import explain, marked
from verify.pipeline import Checker, Run, check
from verify.records import InputError
from verify.services.base import reset_pacing
from verify.writers.json import report_to_dict

ROOT = Path(__file__).resolve().parent.parent
CASES = tomllib.loads((ROOT / "fixtures" / "rules" / "provenance" / "cases.toml").read_text(encoding="utf-8"))
BRIDGE = "https://news.example.com/2024/05/30/bridge-closure"
BRIDGE_QUOTE = "We will reopen the bridge before the school year starts"

SOURCE = """<html><head>
<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-05-29T08:00:00Z",
 "dateModified": "2024-05-29T12:30:00Z", "publisher": {"@type": "Organization", "name": "Harbour Ledger"}}</script>
</head><body><article><p>“We will rebuild the pier before winter,” said Mayor Ana Ruiz on Tuesday.</p>
<p>The council meets again in June.</p></article></body></html>"""


@pytest.fixture(autouse=True)
def fresh_pacing():
    reset_pacing()
    yield
    reset_pacing()


def write_article(folder: Path, url: str, quote: str = "We will rebuild the pier before winter", date: str = "2024-05-30") -> Path:
    article = folder / "post.md"
    article.write_text(f"---\ntitle: Pier\ndate: {date}\n---\n\nMayor Ana Ruiz said in [a statement]({url}): “{quote}.”\n")
    return article


def only_verdict(report):
    [result] = report.articles[0].results
    return result.verdict


# --- the evidence record


def test_evidence_record_gives_every_fact_of_the_fetch(tmp_path, http_server):
    http_server.add("ledger/pier.html", SOURCE)
    linked = http_server.url("_redirect/1/ledger/pier.html")
    verdict = only_verdict(check([str(write_article(tmp_path, linked))], Run(allow_private=True, discover=False, use_cache=False)))
    assert verdict.verdict == "verified"
    record = verdict.evidence[0].provenance
    assert record["url"] == linked and record["origin"] == "link"
    assert record["final_url"] == http_server.url("ledger/pier.html")
    assert record["redirects"] == [record["final_url"]]
    assert (record["status"], record["content_type"]) == (200, "text/html")
    assert record["sha256"] == hashlib.sha256(SOURCE.encode()).hexdigest()
    assert datetime.fromisoformat(record["fetched_at"]).utcoffset().total_seconds() == 0
    assert (record["publisher"], record["publisher_method"]) == ("Harbour Ledger", "json-ld")
    assert record["published"].startswith("2024-05-29T08:00") and record["modified"].startswith("2024-05-29T12:30")


def test_publisher_from_the_registry_when_the_page_names_none(tmp_path, http_server):
    url = http_server.add("pier.html", "<html><body><p>“We will rebuild the pier before winter,” said Mayor Ana Ruiz.</p></body></html>")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "outlets.toml").write_text('[[outlet]]\nname = "Harbour Ledger"\ndomains = ["127.0.0.1"]\n')
    run = Run(allow_private=True, discover=False, use_cache=False, rules_dirs=[rules])
    record = only_verdict(check([str(write_article(tmp_path, url))], run)).evidence[0].provenance
    assert (record["publisher"], record["publisher_method"]) == ("Harbour Ledger", "registry")


def test_reports_are_deterministic_apart_from_fetched_at(tmp_path, http_server):
    url = http_server.add("pier.html", SOURCE)
    article = write_article(tmp_path, url)

    def report_text() -> str:
        data = report_to_dict(check([str(article)], Run(allow_private=True, discover=False, use_cache=False)))
        return re.sub(r'"fetched_at": "[^"]+"', "", json.dumps(data))

    assert report_text() == report_text()


# --- archived copies


def test_dead_link_is_verified_from_the_wayback_machine(tmp_path):
    """Done when: a dead link answered from the Wayback Machine (replayed) and verified."""
    article = tmp_path / "bridge.md"
    article.write_text(
        "---\ntitle: Bridge\ndate: 2024-05-30\n---\n\n"
        f"Transport director Mara Quill [said]({BRIDGE}): “{BRIDGE_QUOTE}.”\n"
    )
    with cassette("wayback.yaml"):
        verdict = only_verdict(check([str(article)], Run(session=requests.Session(), discover=False)))
    assert verdict.verdict == "verified"
    assert "archived_copy" in verdict.reasons
    record = verdict.evidence[0].provenance
    assert verdict.evidence[0].url == record["url"] == BRIDGE
    assert record["archive_url"] == f"https://web.archive.org/web/20240530181502id_/{BRIDGE}"
    assert record["link_error"] == "http_404"


def dead_link_transport(capture: bool) -> Answers:
    available = {"archived_snapshots": {}} if not capture else {"archived_snapshots": {"closest": {
        "available": True, "status": "200", "timestamp": "20240530120000",
        "url": "http://web.archive.org/web/20240530120000/https://gone.example/pier"}}}
    return Answers({
        "https://gone.example/pier": (410, {"Content-Type": "text/html"}, "<h1>Gone</h1>"),
        "https://archive.org/wayback/available": (200, {"Content-Type": "application/json"}, json.dumps(available)),
        "https://web.archive.org/cdx/": (200, {"Content-Type": "text/plain"}, ""),
        "https://web.archive.org/web/20240530120000id_/": (
            200, {"Content-Type": "text/html", "Memento-Datetime": "Thu, 30 May 2024 12:00:00 GMT"}, SOURCE),
    })


def test_a_failed_archive_look_up_keeps_the_links_error(tmp_path):
    transport = dead_link_transport(capture=False)
    run = Run(session=session_of(transport), discover=False)
    verdict = only_verdict(check([str(write_article(tmp_path, "https://gone.example/pier"))], run))
    assert verdict.verdict == "unreachable"
    assert verdict.reasons == ["http_410", "wayback_no_capture"]
    assert verdict.evidence[0].error == "http_410"


def test_no_archive_asks_no_archive(tmp_path):
    for archive, expected in ((True, "verified"), (False, "unreachable")):
        transport = dead_link_transport(capture=True)
        run = Run(session=session_of(transport), discover=False, archive=archive)
        verdict = only_verdict(check([str(write_article(tmp_path, "https://gone.example/pier"))], run))
        assert verdict.verdict == expected
        assert any("archive.org" in url for url in transport.asked) is archive


@pytest.mark.parametrize("case", CASES["archive"], ids=lambda c: c["error"])
def test_archive_fixture(case):
    checker = Checker(Run())
    assert checker._archivable("https://news.example.com/a", case["error"]) is case["looked_up"], case["why"]


def test_private_addresses_are_never_looked_up():
    checker = Checker(Run())
    assert not checker._archivable("http://127.0.0.1:8000/a", "http_404")
    assert not checker._archivable("http://localhost/a", "http_404")
    assert checker._archivable("http://93.184.216.34/a", "http_404")


# --- evidence bundles


def verify_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "verify", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def verdicts_and_passages(report_file: Path) -> list[tuple]:
    claims = json.loads(report_file.read_text())["articles"][0]["claims"]
    return [
        (c["id"], c["verdict"], c["reasons"], [(e["url"], e["passage"], e.get("provenance", {}).get("sha256")) for e in c["evidence"]])
        for c in claims
    ]


def test_a_recorded_run_replays_with_no_network(tmp_path, http_server):
    good = http_server.add("pier.html", SOURCE)
    article = tmp_path / "post.md"
    article.write_text(
        f"Mayor Ana Ruiz said in [a statement]({good}): “We will rebuild the pier before winter.”\n\n"
        f"Councillor Bo Lind [wrote]({http_server.url('_status/404/lost.html')}) that “the budget is sound.”\n\n"
        f"Mayor Ana Ruiz [added]({http_server.url('_redirect/1/pier.html')}) that “the council meets again in May.”\n"
    )
    bundle = tmp_path / "evidence.warc.gz"
    recorded = verify_cli("check", str(article), "--allow-private-network", "--no-discover",
                          "--evidence", str(bundle), "-f", "json", "-o", str(tmp_path / "first.json"), cwd=tmp_path)
    assert recorded.returncode in (0, 1), recorded.stderr
    asked = http_server.hits()
    http_server.stop()

    replayed = verify_cli("check", str(article), "--no-discover", "--replay", str(bundle),
                          "-f", "json", "-o", str(tmp_path / "again.json"), cwd=tmp_path)
    assert replayed.returncode == recorded.returncode, replayed.stderr
    first, again = verdicts_and_passages(tmp_path / "first.json"), verdicts_and_passages(tmp_path / "again.json")
    assert first == again
    assert {verdict for _, verdict, _, _ in first} >= {"verified", "unreachable", "misquoted"}
    assert http_server.hits() == asked


def test_recording_bypasses_the_cache(tmp_path, http_server):
    """A page already cached is still fetched, so the bundle holds every page."""
    url = http_server.add("pier.html", SOURCE)
    article = write_article(tmp_path, url)
    cache = tmp_path / "cache"
    check([str(article)], Run(allow_private=True, discover=False, cache_dir=cache))
    before = http_server.hits("/pier.html")
    bundle = tmp_path / "b.warc.gz"
    check([str(article)], Run(allow_private=True, discover=False, cache_dir=cache, evidence=bundle))
    assert http_server.hits("/pier.html") == before + 1
    http_server.stop()
    assert only_verdict(check([str(article)], Run(replay=bundle, discover=False))).verdict == "verified"


# --- explain


def explained(report: dict, claim_id: str, tmp_path: Path, **options) -> str:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report))
    out = io.StringIO()
    explain(path, claim_id, out=out, **options)
    return out.getvalue()


def test_marked_differences_are_visible_without_colour():
    claim, passage = marked("We will rebuild the pier before winter", "“We will rebuild the old pier before summer,” she said.")
    assert claim.plain == "We will rebuild the pier before [-winter-]"
    assert "{+old+}" in passage.plain and "{+summer+}" in passage.plain and "{+she" not in passage.plain


def test_explain_shows_verdict_passage_differences_and_provenance(tmp_path, http_server):
    url = http_server.add("pier.html", SOURCE)
    report = report_to_dict(check([str(write_article(tmp_path, url, quote="We will rebuild the pier before spring"))],
                                   Run(allow_private=True, discover=False, use_cache=False)))
    text = explained(report, "c1", tmp_path)
    assert "misquoted" in text
    assert "[-spring-]" in text and "{+winter+}" in text
    assert hashlib.sha256(SOURCE.encode()).hexdigest() in text
    assert "Harbour Ledger (from json-ld)" in text


def test_explain_shows_the_chain(tmp_path):
    report = {"articles": [{"input": "post.md", "claims": [{
        "id": "c1", "text": "t", "quote": "q", "attributed_to": {"name": "Ana Ruiz", "kind": "person"}, "cue": "said",
        "verdict": "verified", "reasons": ["credited_source_is_relay", "origin:https://b.example/x"],
        "evidence": [{"url": "https://a.example/x", "score": 1.0, "passage": "q", "publisher_match": True,
                      "provenance": {"chain": ["post.md", "https://a.example/x", "https://b.example/x"],
                                     "chain_origin": "https://b.example/x"}}]}]}]}
    text = explained(report, "c1", tmp_path)
    assert "post.md -> https://a.example/x -> https://b.example/x (origin)" in text
    assert "credited_source_is_relay" in text


def test_explain_errors_are_one_line(tmp_path):
    report = {"articles": [{"input": "a.md", "claims": [{"id": "c1"}]}, {"input": "b.md", "claims": [{"id": "c1"}]}]}
    with pytest.raises(InputError, match="--article"):
        explained(report, "c1", tmp_path)
    with pytest.raises(InputError, match="no claim c9"):
        explained(report, "c9", tmp_path)
    (tmp_path / "bad.json").write_text("{")
    result = verify_cli("explain", str(tmp_path / "bad.json"), "c1", cwd=tmp_path)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_explain_command(tmp_path, http_server):
    url = http_server.add("pier.html", SOURCE)
    article = write_article(tmp_path, url)
    out = tmp_path / "r.json"
    verify_cli("check", str(article), "--allow-private-network", "--no-discover", "--no-cache", "-f", "json", "-o", str(out), cwd=tmp_path)
    result = verify_cli("explain", str(out), "c1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "verified" in result.stdout and url in result.stdout
