"""Verdicts from evidence, and the thresholds of rules/thresholds.toml as data."""

import tomllib
from pathlib import Path

import pytest

from verify.judge import judge
from verify.match import match
from verify.records import VERDICTS, Article, Claim, Evidence, Speaker
from verify.rules import load_rules

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "rules" / "thresholds"


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def claim(speaker="Rosa Delgado", kind="person", quote="a quiet tax on commuters"):
    return Claim(id="c1", text="", speaker=Speaker(speaker, kind, ("Delgado",)), cue="said",
                 content=quote, quote=quote)


def found(url="https://a.example/1", support="exact", score=1.0, **fields):
    return Evidence(url=url, score=score, support=support, passage="...", **fields)


def test_no_candidate_is_no_source(rules):
    verdict = judge(claim(), [], rules)
    assert verdict.verdict == "no_source"
    assert verdict.reasons == ["no_candidate_source"]


def test_only_unreadable_sources_are_unreachable(rules):
    evidence = [Evidence(url="https://a.example/1", error="paywall"), Evidence(url="https://b.example/2", error="http_404")]
    verdict = judge(claim(), evidence, rules)
    assert verdict.verdict == "unreachable"
    assert verdict.reasons == ["http_404", "paywall"]


def test_quote_credited_to_the_speaker_is_verified(rules):
    verdict = judge(claim(), [found(credited_to="Councilmember Rosa Delgado")], rules)
    assert (verdict.verdict, verdict.reasons, verdict.score) == ("verified", [], 1.0)


def test_quote_credited_to_nobody_is_verified(rules):
    assert judge(claim(), [found()], rules).verdict == "verified"


def test_quote_credited_to_someone_else_is_misattributed(rules):
    verdict = judge(claim(), [found(credited_to="Tomas Reyes")], rules)
    assert verdict.verdict == "misattributed"
    assert verdict.reasons == ["credited_to:Tomas Reyes"]


def test_pronoun_credit_is_not_another_speaker(rules):
    assert judge(claim(), [found(credited_to="She")], rules).verdict == "verified"


def test_outlet_claim_from_another_publisher_is_misattributed(rules):
    outlet_claim = claim("The Meridian Post", "publication")
    evidence = found(publisher_match=False, publisher="Coastline Wire", credited_to="Calder County")
    verdict = judge(outlet_claim, [evidence], rules)
    assert (verdict.verdict, verdict.reasons) == ("misattributed", ["publisher_mismatch:Coastline Wire"])


def test_outlet_claim_the_source_credits_to_the_outlet_is_verified(rules):
    outlet_claim = claim("The Meridian Post", "publication")
    evidence = found(publisher_match=False, publisher="Coastline Wire", credited_to="Meridian Post")
    assert judge(outlet_claim, [evidence], rules).verdict == "verified"


def test_person_quoted_through_an_outlet_needs_both(rules):
    via = claim()
    via.via = Speaker("Kestrel Sports Daily", "publication")
    right = found(publisher_match=True, credited_to="Rosa Delgado")
    wrong_outlet = found(publisher_match=False, publisher="Coastline Wire", credited_to="Rosa Delgado")
    assert judge(via, [right], rules).verdict == "verified"
    assert judge(via, [wrong_outlet], rules).verdict == "misattributed"


def test_close_match_is_misquoted_with_its_reasons(rules):
    evidence = found(support="close", score=0.88, reasons=["word_changed:plan->money"])
    verdict = judge(claim(), [evidence], rules)
    assert (verdict.verdict, verdict.reasons, verdict.score) == ("misquoted", ["word_changed:plan->money"], 0.88)


def test_readable_sources_without_the_claim_are_unsupported(rules):
    verdict = judge(claim(), [found(support="none", score=0.2, reasons=["quote_not_found"])], rules)
    assert verdict.verdict == "unsupported"
    assert verdict.score == pytest.approx(0.8)


def test_a_verified_source_wins_and_ranks_first(rules):
    evidence = [
        Evidence(url="https://dead.example", error="timeout"),
        found("https://b.example", support="close", score=0.9, reasons=["word_added:x"]),
        found("https://c.example", credited_to="Rosa Delgado"),
    ]
    verdict = judge(claim(), evidence, rules)
    assert verdict.verdict == "verified"
    assert [e.url for e in verdict.evidence] == ["https://c.example", "https://b.example", "https://dead.example"]


def test_unread_candidate_keeps_a_claim_from_unsupported(rules):
    evidence = [found(support="none", score=0.1), Evidence(url="https://b.example", error="paywall")]
    verdict = judge(claim(), evidence, rules)
    assert verdict.verdict == "unreachable"
    assert "paywall" in verdict.reasons


def test_every_verdict_is_a_contract_verdict_with_a_bounded_score(rules):
    cases = [[], [found()], [found(support="close", score=0.7)], [found(support="none", score=0.3)],
             [Evidence(url="x", error="refused")], [found(credited_to="Tomas Reyes")]]
    for evidence in cases:
        verdict = judge(claim(), evidence, rules)
        assert verdict.verdict in VERDICTS
        assert 0.0 <= verdict.score <= 1.0


def _fixture_cases():
    return tomllib.loads((FIXTURE / "cases.toml").read_text(encoding="utf-8"))["case"]


@pytest.mark.parametrize("column", ["shipped", "strict"])
@pytest.mark.parametrize("case", _fixture_cases(), ids=lambda c: c["why"][:40])
def test_thresholds_fire_as_the_fixture_says(case, column):
    rules = load_rules() if column == "shipped" else load_rules([FIXTURE / "strict"])
    text = (FIXTURE / "source.txt").read_text(encoding="utf-8")
    source = Article(input="source.txt", text=text, url="https://example.org/ferry")
    said = case.get("quote")
    checked = Claim(id="c", text="", speaker=Speaker("Maria Okoye", "person"), cue="said",
                    content=said or case["content"], quote=said)
    assert match(checked, source, [], rules).support == case[column]


def test_the_strict_fixture_changes_some_cases():
    assert any(c["shipped"] != c["strict"] for c in _fixture_cases())
    assert any(c["shipped"] == c["strict"] for c in _fixture_cases())


def test_a_body_named_only_generically_is_not_compared_with_the_publisher(rules):
    release = Article(input="r", text="Customers can return the heater for a full refund, shipped free of charge.",
                      url="https://northlight.example/recall", publisher="Northlight Devices")
    said = Claim(id="c", text="", speaker=Speaker("company", "organization"), cue="announced",
                 content="customers can return the heater for a full refund, shipped at no cost")
    assert judge(said, [match(said, release, [], rules)], rules).verdict == "verified"
    # An article opening the sentence ("The company") names no one either.
    opening = Claim(id="c", text="", speaker=Speaker("The company", "organization"), cue="announced",
                    content=said.content)
    assert judge(opening, [match(opening, release, [], rules)], rules).verdict == "verified"
    named = Claim(id="c", text="", speaker=Speaker("Brisk Appliances", "organization"), cue="announced",
                  content=said.content)
    assert judge(named, [match(named, release, [], rules)], rules).verdict == "misattributed"


def test_a_body_writing_or_titling_a_page_on_another_site_is_its_source(rules):
    words = "The Department failed to take the hard look the law requires at the effects on groundwater."
    said = Claim(id="c", text="", speaker=Speaker("Westmarch Court of Appeals", "organization"), cue="found",
                 content="the Department failed to take the hard look the law requires at the effects on groundwater")
    opinion = Article(input="o", text=words, url="https://courts.example/opinions/a-24", publisher="Westmarch Judicial Branch",
                      author="Westmarch Court of Appeals, Third District", title="Creek Alliance v. Department")
    assert judge(said, [match(said, opinion, [], rules)], rules).verdict == "verified"
    titled = Article(input="o", text=words, url="https://courts.example/opinions/a-24", publisher="Westmarch Judicial Branch",
                     title="Westmarch Court of Appeals opinion in Creek Alliance v. Department")
    assert judge(said, [match(said, titled, [], rules)], rules).verdict == "verified"
    other = Article(input="o", text=words, url="https://courts.example/opinions/a-24", publisher="Westmarch Judicial Branch",
                    author="Westmarch Supreme Court", title="Creek Alliance v. Department")
    assert judge(said, [match(said, other, [], rules)], rules).verdict == "misattributed"


def test_a_persons_office_speaks_for_the_person_wherever_it_is_published(rules):
    page = Article(input="r", text="The adopted budget holds the property tax rate at 9.8 mills for the third year in a row.",
                   url="https://saltmere.example/mayor/budget", publisher="City of Saltmere")
    office = Claim(id="c", text="", speaker=Speaker("Delacroix's office", "organization"), cue="noted",
                   content="the property tax rate would stay at 9.8 mills for a third straight year")
    assert judge(office, [match(office, page, [], rules)], rules).verdict == "verified"
    council = Claim(id="c", text="", speaker=Speaker("Harbor Council", "organization"), cue="noted", content=office.content)
    assert judge(council, [match(council, page, [], rules)], rules).verdict == "misattributed"
