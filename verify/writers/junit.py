"""JUnit XML for CI test tabs: a test suite per article, a test case per claim.

Claims the report's fail-on policy counts as failing are failures; claims that could
not be checked (unreachable, no_source, unless in the policy) and waived failures
(in the baseline, ignored inline or by domain) are skipped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from ..records import ArticleReport, ClaimResult, Report
from .common import best_evidence, claim_message, location, said, verdict_of

UNCHECKED = ("unreachable", "no_source")
# XML 1.0 cannot carry most control characters, whatever the escaping.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _details(result: ClaimResult) -> str:
    lines = [f"claim: {result.claim.text}"]
    evidence = best_evidence(result)
    if evidence is not None:
        lines.append(f"source: {evidence.url} (score {evidence.score:.3f})")
        if evidence.passage:
            lines.append(f"passage: {evidence.passage}")
    return _xml_text("\n".join(lines))


def _testcase(article_report: ArticleReport, result: ClaimResult, report: Report) -> ET.Element:
    claim = result.claim
    case = ET.Element("testcase", {
        "classname": _xml_text(article_report.input),
        "name": _xml_text(f"{claim.id} {claim.speaker.name}: {' '.join(said(result).split())[:120]}"),
        "file": _xml_text(article_report.input),
    })
    line_column = location(article_report.article, claim.span[0])
    if line_column is not None:
        case.set("line", str(line_column[0]))
    verdict = verdict_of(result)
    if report.fails(result):
        failure = ET.SubElement(case, "failure", {"type": verdict, "message": _xml_text(claim_message(result))})
        failure.text = _details(result)
    elif verdict in UNCHECKED or result.waiver is not None:
        ET.SubElement(case, "skipped", {"message": _xml_text(claim_message(result))})
    return case


def _testsuite(article_report: ArticleReport, report: Report) -> ET.Element:
    suite = ET.Element("testsuite", {"name": _xml_text(article_report.input)})
    if article_report.error is not None:
        case = ET.SubElement(suite, "testcase", {"classname": _xml_text(article_report.input), "name": "read article"})
        ET.SubElement(case, "error", {"type": "input", "message": _xml_text(article_report.error)})
    suite.extend(_testcase(article_report, result, report) for result in article_report.results)
    cases = suite.findall("testcase")
    for kind, attribute in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
        suite.set(attribute, str(sum(case.find(kind) is not None for case in cases)))
    suite.set("tests", str(len(cases)))
    return suite


def write(report: Report, out: TextIO) -> None:
    root = ET.Element("testsuites", {"name": "verify"})
    root.extend(_testsuite(article_report, report) for article_report in report.articles)
    for attribute in ("tests", "failures", "errors", "skipped"):
        root.set(attribute, str(sum(int(suite.get(attribute)) for suite in root)))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
