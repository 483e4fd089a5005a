"""The report writers: every format from hand-built reports, JSON checked against its schema."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace

import jsonschema
import pytest
from bs4 import BeautifulSoup
from report_samples import checked_report, extraction_report, make_claim, markdown_article, no_source_report

from verify.records import ArticleReport, ClaimResult, InputError, Report, Speaker, Verdict
from verify.writers import WRITERS, get_writer
from verify.writers.github import annotation
from verify.writers.html import marked_differences
from verify.writers.json import report_schema, report_to_dict

SAMPLES = [checked_report, extraction_report, no_source_report]


def render(format_name: str, report: Report) -> str:
    out = io.StringIO()
    get_writer(format_name)(report, out)
    return out.getvalue()


def raw_at(raw: str, line: int, column: int) -> str:
    return raw.splitlines(keepends=True)[line - 1][column - 1:]


# --- registry --------------------------------------------------------------------

@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.__name__)
@pytest.mark.parametrize("format_name", list(WRITERS))
def test_every_format_writes_every_report(format_name, sample):
    output = render(format_name, sample())
    # Nothing to say is allowed (annotations of unjudged claims); a cut-off last line is not.
    assert output == "" or output.endswith("\n")
    assert output or format_name == "github"


def test_unknown_format_is_an_input_error_naming_the_known_ones():
    with pytest.raises(InputError) as error:
        get_writer("pdf")
    assert all(name in str(error.value) for name in WRITERS)


def test_writers_are_imported_only_when_asked_for():
    probe = "import sys, verify.writers; print(sorted(m for m in sys.modules if m.startswith(('rich', 'verify.writers.'))))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


# --- json / jsonl ----------------------------------------------------------------

@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.__name__)
def test_json_report_validates_against_the_schema(sample):
    report = json.loads(render("json", sample()))
    jsonschema.Draft202012Validator(report_schema()).validate(report)


@pytest.mark.parametrize("breakage", [
    lambda claim: claim.pop("cue"),
    lambda claim: claim.pop("quote"),
    lambda claim: claim["attributed_to"].pop("kind"),
    lambda claim: claim.update(verdict="probably"),
    lambda claim: claim.pop("evidence"),
    lambda claim: claim["evidence"][0].pop("publisher_match"),
])
def test_schema_rejects_a_report_missing_the_contract(breakage):
    report = report_to_dict(checked_report())
    validator = jsonschema.Draft202012Validator(report_schema())
    breakage(report["articles"][0]["claims"][1])
    assert not validator.is_valid(report)


def test_schema_allows_fields_beyond_the_contract():
    report = report_to_dict(checked_report())
    report["generator"] = "x"
    report["articles"][0]["claims"][0]["confidence"] = 0.5
    jsonschema.Draft202012Validator(report_schema()).validate(report)


def test_json_report_carries_the_contract_fields_and_locations():
    report = checked_report()
    data = json.loads(render("json", report))
    article, unread = data["articles"]
    raw = report.articles[0].article.raw
    assert [c["verdict"] for c in article["claims"]] == ["verified", "misquoted", "unreachable"]
    assert article["claims"][0]["evidence"][0]["score"] == 0.988
    assert article["claims"][0]["evidence"][0]["provenance"]["archive_url"] == "https://archive.example/press"
    assert article["claims"][1]["quote"] is None
    for claim in article["claims"]:
        where = claim["location"]
        assert raw_at(raw, where["line"], where["column"]).startswith(claim["text"].split()[0])
    assert unread == {"input": "missing.md", "title": None, "published": None, "error": "file not found", "claims": []}
    assert data["summary"] == {"verified": 1, "misquoted": 1, "unreachable": 1}


def test_claims_without_verdicts_leave_out_the_judgement():
    data = report_to_dict(extraction_report())
    for claim in data["articles"][0]["claims"]:
        assert not {"verdict", "evidence", "reasons"} & set(claim)
    assert data["summary"] == {}


def test_article_without_raw_input_has_no_location():
    assert report_to_dict(no_source_report())["articles"][0]["claims"][0]["location"] is None


def test_json_is_deterministic_and_keeps_text_as_written():
    first, second = render("json", checked_report()), render("json", checked_report())
    assert first == second
    assert "\u201cThis budget" in first and "\\u201c" not in first


def test_jsonl_writes_one_article_per_line():
    report = checked_report()
    lines = render("jsonl", report).splitlines()
    assert [json.loads(line) for line in lines] == report_to_dict(report)["articles"]


# --- table / markdown ------------------------------------------------------------

def test_table_shows_each_claim_and_a_summary():
    output = render("table", checked_report())
    for claim_id, verdict in [("c1", "verified"), ("c2", "misquoted"), ("c3", "unreachable")]:
        assert re.search(rf"{claim_id}\s*│\s*{verdict}", output)
    assert "missing.md: not read (file not found)" in output
    assert output.rstrip().endswith("3 claims: 1 verified, 1 misquoted, 1 unreachable")


def test_table_prints_article_text_literally():
    report = extraction_report()
    claim = report.articles[0].results[0].claim
    report.articles[0].results[0] = ClaimResult(replace(claim, quote="[bold]budget[/bold] cuts"))
    output = render("table", report)
    assert "[bold]budget[/bold]" in output
    assert "verdict" not in output


def test_markdown_rows_keep_their_columns():
    output = render("markdown", checked_report())
    claim_rows = [line for line in output.splitlines() if line.startswith("| ") and "](" in line]
    assert len(claim_rows) == 3
    assert {len(re.split(r"(?<!\\)\|", row)) for row in claim_rows} == {8}
    assert "&lt;script&gt;" in output and "<script>" not in output
    assert "(1 failing)" in output and "<details open>" in output


# --- junit / github --------------------------------------------------------------

def test_junit_has_a_case_per_claim_and_failures_per_policy():
    suites = ET.fromstring(render("junit", checked_report()))
    budget, unread = suites.findall("testsuite")
    cases = budget.findall("testcase")
    assert len(cases) == 3
    assert [c.find("failure").get("type") for c in cases if c.find("failure") is not None] == ["misquoted"]
    assert [c.get("line") for c in cases] == ["5", "7", "7"]
    assert cases[2].find("skipped") is not None
    assert unread.find("testcase/error").get("message") == "file not found"
    assert suites.get("tests") == "4" and suites.get("failures") == "1" and suites.get("errors") == "1"


def test_junit_follows_the_reports_fail_on():
    suites = ET.fromstring(render("junit", checked_report(fail_on=("misquoted", "unreachable"))))
    assert suites.get("failures") == "2" and suites.get("skipped") == "0"


def test_github_annotates_claims_at_their_line_and_column():
    lines = render("github", checked_report()).splitlines()
    assert lines[0].startswith("::error file=news/budget.md,line=7,col=1,title=verify%3A misquoted (c2)::misquoted:")
    assert lines[1].startswith("::warning file=news/budget.md,line=7,col=134,")
    assert lines[2] == "::error file=missing.md,title=verify::article not read: file not found"
    assert not any("(c1)" in line for line in lines)  # verified claims stay quiet


def test_github_notice_for_a_claim_without_location():
    (line,) = render("github", no_source_report()).splitlines()
    assert line.startswith("::notice file=-,title=") and "line=" not in line


def test_github_annotation_escapes_the_runners_separators():
    assert annotation("error", "50%\ndone", file="a,b:c.md") == "::error file=a%2Cb%3Ac.md::50%25%0Adone"


# --- claimreview -----------------------------------------------------------------

def test_claimreview_rates_each_judged_claim():
    data = json.loads(render("claimreview", checked_report()))
    reviews = data["@graph"]
    assert data["@context"] == "https://schema.org"
    assert [r["itemReviewed"]["author"]["name"] for r in reviews] == ["Ines Okafor", "Paul Haverty", "Rosa Delgado"]
    verified, misquoted, unreachable = (r["reviewRating"] for r in reviews)
    assert verified["ratingValue"] > misquoted["ratingValue"]
    assert "ratingValue" not in unreachable
    assert reviews[1]["claimReviewed"] == "the draw would leave reserves at 6 percent"
    assert json.loads(render("claimreview", extraction_report()))["@graph"] == []


# --- html ------------------------------------------------------------------------

def soup_of(report: Report) -> BeautifulSoup:
    return BeautifulSoup(render("html", report), "lxml")


def test_html_highlights_every_claim_and_holds_its_evidence():
    report = checked_report()
    soup = soup_of(report)
    for result in report.articles[0].results:
        dom_id = f"a0-{result.claim.id}"
        mark = soup.find("mark", attrs={"data-claims": dom_id})
        assert mark.get_text() == result.claim.text
        assert mark["data-show"] == result.verdict.verdict
        detail = soup.find("section", id=dom_id)
        for evidence in result.verdict.evidence:
            assert detail.find("a", href=evidence.url)
            if evidence.passage:
                assert detail.blockquote.get_text() == evidence.passage
    assert soup.find("a", href="https://archive.example/press")
    assert "Not read: file not found" in soup.get_text()


def test_html_marks_the_words_that_differ():
    detail = soup_of(checked_report()).find("section", id="a0-c2")
    assert [d.get_text() for d in detail.find_all("del")] == ["6"]
    assert [i.get_text() for i in detail.find_all("ins")] == ["8"]


def test_marked_differences_compare_only_the_aligned_stretch():
    claimed, passage = marked_differences(
        "reserves would fall to 6 percent", "Budget chief: reserves would fall to 8 percent, he said.")
    assert re.findall(r"<del>(.*?)</del>", claimed) == ["6"]
    assert re.findall(r"<ins>(.*?)</ins>", passage) == ["8"]


def test_html_summary_bar_and_filters_follow_the_verdicts():
    soup = soup_of(checked_report())
    assert [box["value"] for box in soup.select(".filters input")] == ["verified", "misquoted", "unreachable"]
    assert [seg["data-show"] for seg in soup.select(".bar span")] == ["verified", "misquoted", "unreachable"]


def test_html_is_self_contained_and_escapes_the_article():
    soup = soup_of(checked_report())
    assert len(soup.find_all("script")) == 1 and not soup.script.get("src")
    assert not soup.find_all(["link", "img", "iframe", "object", "embed"])
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in policy
    assert "<script>alert(1)</script>" in soup.find("section", id="a0-c3").get_text()


def test_html_overlapping_claims_share_one_mark_coloured_by_the_worse_verdict():
    article = markdown_article()
    okafor = Speaker("Ines Okafor", "person")
    whole = make_claim(article, "c1", "Mayor Ines", okafor, "said", "the plan protects services")
    part = replace(whole, id="c2", span=(whole.span[0], whole.span[0] + 17))  # "Mayor Ines Okafor"
    report = Report(articles=[ArticleReport(article.input, article, [
        ClaimResult(whole, Verdict("verified")), ClaimResult(part, Verdict("misattributed"))])])
    marks = soup_of(report).find_all("mark")
    assert [(m["data-claims"], m["data-show"]) for m in marks] == [
        ("a0-c1 a0-c2", "misattributed"), ("a0-c1", "verified")]
    assert "".join(m.get_text() for m in marks) == whole.text
