"""Attribution chains: a source that credits its passage onward is a relay, and the
onward link is followed to the origin (rules/provenance.toml [chain])."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from verify import chain, ingest, match
from verify.extract import extract
from verify.pipeline import Run, check
from verify.records import Claim, Speaker
from verify.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
CASES = tomllib.loads((ROOT / "fixtures" / "rules" / "provenance" / "cases.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def page(html: str, url: str = "https://relay.example/story", site: str = "Daily Courier"):
    body = f'<html><head><meta property="og:site_name" content="{site}"></head><body><article>{html}</article></body></html>'
    return ingest.parse_document(body, kind="html", input=url, url=url)


def claim_of(case: dict) -> Claim:
    quote = case.get("quote")
    return Claim(id="c1", text="", speaker=Speaker(case["speaker"], "person"), cue="said",
                 content=quote or case["content"], quote=quote, quotes=[quote] if quote else [])


@pytest.mark.parametrize("case", CASES["chain"], ids=lambda c: c["why"][:40])
def test_onward_credit_fixture(rules, case):
    source = page(case["source"])
    source_claims = extract(source, rules)
    claim = claim_of(case)
    found = match.match(claim, source, source_claims, rules)
    assert found.support == "exact", case["why"]
    hop = chain.onward_credit(source, source_claims, found, claim, rules)
    if "credited" not in case:
        assert hop is None, case["why"]
        return
    assert hop is not None and match.same_outlet(hop.name, case["credited"]), case["why"]
    assert hop.url == case.get("link"), case["why"]


def test_hops_stop_at_the_depth_limit_and_at_loops(rules):
    """A page that credits onward to itself is a loop; max_hops bounds a long chain."""
    claim = claim_of({"speaker": "Ana Ruiz", "quote": "Fares will rise by 10 percent"})
    pages = {
        f"https://o{n}.example/a": page(
            f'<p>"Fares will rise by 10 percent," Ana Ruiz said, according to '
            f'<a href="https://o{n + 1}.example/a">the Outlet {n + 1} News</a>.</p>',
            url=f"https://o{n}.example/a", site=f"Outlet {n} News")
        for n in range(1, 6)
    }
    read_urls = []

    def read(url):
        read_urls.append(url)
        doc = pages[url]
        return {"status": 200}, doc, extract(doc, rules), None

    hop = chain.Hop("Outlet 2 News", "https://o2.example/a")
    traced = chain.trace(claim, "https://o1.example/a", hop, rules, read)
    limit = rules["provenance"]["chain"]["max_hops"]
    assert len(read_urls) == limit == len(traced.hops)
    assert traced.origin == read_urls[-1]

    looped = chain.trace(claim, "https://o1.example/a", chain.Hop("Outlet 1 News", "https://o1.example/a"), rules, read)
    assert looped.hops[0]["error"] == "loop" and looped.origin is None


def test_two_hop_chain_names_the_origin(tmp_path, http_server):
    """The article credits outlet A; A's page credits B and links it; B holds the quote."""
    origin = http_server.add("ledger/fares.html", (
        '<html><head><meta property="og:site_name" content="Harbour Ledger"></head><body><article>'
        '<p>"Fares will rise by 10 percent in July," port director Ana Ruiz told reporters on Monday.</p>'
        "</article></body></html>"))
    relay = http_server.add("courier/fares.html", (
        '<html><head><meta property="og:site_name" content="Portalder Courier"></head><body><article>'
        '<p>"Fares will rise by 10 percent in July," port director Ana Ruiz said, as first reported by '
        f'<a href="{origin}">the Harbour Ledger</a>.</p></article></body></html>'))
    article = tmp_path / "post.md"
    article.write_text(
        f'"Fares will rise by 10 percent in July," port director Ana Ruiz said, '
        f"according to [the Portalder Courier]({relay}).\n")
    report = check([str(article)], Run(allow_private=True, discover=False, use_cache=False))
    [result] = report.articles[0].results
    verdict = result.verdict
    assert verdict.verdict == "verified"
    assert "credited_source_is_relay" in verdict.reasons
    assert f"origin:{origin}" in verdict.reasons
    best = verdict.evidence[0]
    assert best.url == relay
    assert best.provenance["chain"] == [str(article), relay, origin]
    assert best.provenance["chain_origin"] == origin
    [hop] = best.provenance["hops"]
    assert hop["credited"] == "Harbour Ledger" and hop["support"] == "exact" and hop["sha256"]


def test_a_source_quoting_the_speaker_is_the_origin(tmp_path, http_server):
    url = http_server.add("courier/fares.html", (
        '<html><body><article><p>"Fares will rise by 10 percent in July," port director Ana Ruiz '
        "said on Monday.</p></article></body></html>"))
    article = tmp_path / "post.md"
    article.write_text(f'"Fares will rise by 10 percent in July," Ana Ruiz [said]({url}).\n')
    [result] = check([str(article)], Run(allow_private=True, discover=False, use_cache=False)).articles[0].results
    assert result.verdict.verdict == "verified"
    assert "chain" not in result.verdict.evidence[0].provenance
    assert not any(r.startswith(("origin", "credited_source")) for r in result.verdict.reasons)
