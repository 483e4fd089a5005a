"""The reports written for the labelled dev set: SARIF valid against the official 2.1.0
schema, JUnit XML with one test case per claim, JSON valid against `verify schema`."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from devset import ROOT, dev_set
from test_sarif import SARIF_SCHEMA

from verify.records import DEFAULT_FAIL_ON


@pytest.fixture(scope="module")
def runs():
    return [
        {name: folder / f"report.{name}" for name in ("json", "sarif", "xml")}
        for folder in dev_set().reports()
    ]


def json_report(run: dict) -> dict:
    return json.loads(run["json"].read_text(encoding="utf-8"))


def test_json_reports_validate_against_verify_schema(runs):
    printed = subprocess.run([sys.executable, "-m", "verify", "schema"], cwd=ROOT, capture_output=True, text=True, check=True)
    validator = jsonschema.Draft202012Validator(json.loads(printed.stdout))
    articles = 0
    for run in runs:
        report = json_report(run)
        validator.validate(report)
        articles += len(report["articles"])
    assert articles == len(dev_set().gold["articles"])


def test_sarif_validates_against_the_official_schema_and_holds_each_failure(runs):
    if not SARIF_SCHEMA.is_file():
        pytest.skip("the shared SARIF schema is not available")
    validator = jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    for run in runs:
        sarif = json.loads(run["sarif"].read_text(encoding="utf-8"))
        validator.validate(sarif)
        failing = [c for a in json_report(run)["articles"] for c in a["claims"] if c["verdict"] in DEFAULT_FAIL_ON]
        results = sarif["runs"][0]["results"]
        assert sorted(r["properties"]["claimId"] for r in results) == sorted(c["id"] for c in failing)
        assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in results)


def test_junit_parses_with_one_case_per_claim(runs):
    for run in runs:
        suites = ET.parse(run["xml"]).getroot().findall("testsuite")
        articles = json_report(run)["articles"]
        assert [s.get("name") for s in suites] == [a["input"] for a in articles]
        for suite, article in zip(suites, articles):
            cases = suite.findall("testcase")
            assert len(cases) == len(article["claims"]) > 0
            failing = sum(c["verdict"] in DEFAULT_FAIL_ON for c in article["claims"])
            assert sum(case.find("failure") is not None for case in cases) == failing == int(suite.get("failures"))
