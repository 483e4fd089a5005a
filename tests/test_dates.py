"""Dates: a source published after the article cannot be where it got its claim
(rules/provenance.toml [dates]); the article's own date is read from the article."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from verify.pipeline import Run, check, published_after
from verify.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
CASES = tomllib.loads((ROOT / "fixtures" / "rules" / "provenance" / "cases.toml").read_text(encoding="utf-8"))
QUOTE = "We will reopen the bridge before the school year starts"


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.mark.parametrize("case", CASES["dates"], ids=lambda c: c["why"][:40])
def test_dates_fixture(rules, case):
    assert published_after(case["source"], case["article"], rules) is case["after"], case["why"]


def test_tolerance_is_a_rule(rules):
    strict = dict(rules, provenance={**rules["provenance"], "dates": {"tolerance_hours": 0}})
    assert not published_after("2024-05-31T06:00:00Z", "2024-05-30", rules)
    assert published_after("2024-05-31T06:00:00Z", "2024-05-30", strict)


def source_page(published: str) -> str:
    return (
        '<html><head><meta property="article:published_time" content="' + published + '"></head>'
        f"<body><article><p>“{QUOTE},” said transport director Mara Quill.</p></article></body></html>"
    )


def run_article(tmp_path, links: list[str]):
    article = tmp_path / "post.md"
    cited = " and ".join(f"[a statement]({url})" for url in links)
    article.write_text(f"---\ntitle: Bridge\ndate: 2024-05-30\n---\n\nMara Quill said in {cited}: “{QUOTE}.”\n")
    report = check([str(article)], Run(allow_private=True, discover=False, use_cache=False))
    assert report.articles[0].article.published.startswith("2024-05-30")
    [result] = report.articles[0].results
    return result.verdict


def test_the_only_supporting_source_dated_after_the_article_does_not_verify(tmp_path, http_server):
    later = http_server.add("later.html", source_page("2024-06-04T10:00:00Z"))
    verdict = run_article(tmp_path, [later])
    assert verdict.verdict != "verified"
    assert "source_after_article" in verdict.reasons
    [evidence] = verdict.evidence
    assert "source_after_article" in evidence.reasons
    assert evidence.provenance["published"].startswith("2024-06-04")


def test_an_earlier_source_still_verifies_beside_a_later_one(tmp_path, http_server):
    later = http_server.add("later.html", source_page("2024-06-04T10:00:00Z"))
    earlier = http_server.add("earlier.html", source_page("2024-05-29T10:00:00Z"))
    verdict = run_article(tmp_path, [later, earlier])
    assert verdict.verdict == "verified"
    assert verdict.evidence[0].url == earlier
