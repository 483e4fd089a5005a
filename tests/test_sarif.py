"""SARIF output: valid against the official 2.1.0 schema, located at the claims."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest
from report_samples import checked_report, extraction_report, no_source_report

from verify.writers.common import artifact_uri
from verify.writers.json import report_to_dict
from verify.writers.sarif import sarif_log, write

SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def _failing_on_no_source():
    report = no_source_report()
    report.fail_on = ("no_source",)
    return report


REPORTS = {
    "checked": checked_report,
    "checked-strict": lambda: checked_report(fail_on=("misquoted", "unreachable", "no_source")),
    "extraction": extraction_report,
    "no-source": no_source_report,
    "no-source-failing": _failing_on_no_source,
}


@pytest.fixture(scope="module")
def sarif_validator():
    if not SARIF_SCHEMA.is_file():
        pytest.skip("the shared SARIF schema is not available")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("name", REPORTS)
def test_sarif_validates_against_the_official_schema(name, sarif_validator):
    out = io.StringIO()
    write(REPORTS[name](), out)
    sarif_validator.validate(json.loads(out.getvalue()))


def test_one_rule_per_failing_verdict_and_results_only_for_failures():
    report = checked_report(fail_on=("misquoted", "unreachable"))
    run = sarif_log(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["misquoted", "unreachable"]
    assert [(r["ruleId"], r["properties"]["claimId"]) for r in run["results"]] == [("misquoted", "c2"), ("unreachable", "c3")]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])


def test_results_are_located_at_the_claim():
    report = checked_report(fail_on=("misquoted", "unreachable"))
    claims = {c["id"]: c for c in report_to_dict(report)["articles"][0]["claims"]}
    raw = report.articles[0].article.raw
    for result in sarif_log(report)["runs"][0]["results"]:
        physical = result["locations"][0]["physicalLocation"]
        region = physical["region"]
        claim = claims[result["properties"]["claimId"]]
        assert physical["artifactLocation"]["uri"] == "news/budget.md"
        assert (region["startLine"], region["startColumn"]) == (claim["location"]["line"], claim["location"]["column"])
        line = raw.splitlines()[region["startLine"] - 1]
        assert line[region["startColumn"] - 1:region["endColumn"] - 1].startswith(claim["text"].split(",")[0])
        assert line[region["endColumn"] - 2] in ".\u201d"  # the region ends with the sentence


def test_claim_without_location_still_names_the_file():
    run = sarif_log(_failing_on_no_source())["runs"][0]
    (result,) = run["results"]
    assert result["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "-"}}


def test_fingerprints_are_stable_and_tell_claims_apart():
    def fingerprints():
        results = sarif_log(checked_report(fail_on=("misquoted", "unreachable")))["runs"][0]["results"]
        return [r["partialFingerprints"]["verifyClaim/v1"] for r in results]

    first = fingerprints()
    assert first == fingerprints()
    assert len(set(first)) == len(first) == 2


def test_unread_article_is_a_tool_notification():
    invocation = sarif_log(checked_report())["runs"][0]["invocations"][0]
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["message"]["text"] == "article not read: file not found"
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "missing.md"


def test_artifact_uris():
    assert artifact_uri("docs/my post.md") == "docs/my%20post.md"
    assert artifact_uri("https://news.example/a?b=1") == "https://news.example/a?b=1"
    assert artifact_uri("/srv/site/post.md") == "file:///srv/site/post.md"
