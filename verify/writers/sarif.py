"""SARIF 2.1.0 for code-scanning tools: one rule per failing verdict, results at the claim."""

from __future__ import annotations

from importlib import metadata
from typing import Any, TextIO

from ..records import ArticleReport, ClaimResult, Report
from .common import VERDICT_DESCRIPTIONS, artifact_uri, claim_fingerprint, claim_message, location, verdict_of
from .json import dump

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def _tool_version() -> str:
    try:
        return metadata.version("verify")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0+unknown"


def _rule(verdict: str) -> dict[str, Any]:
    return {
        "id": verdict,
        "name": verdict.replace("_", " ").title().replace(" ", ""),
        "shortDescription": {"text": f"Claim is {verdict.replace('_', ' ')}"},
        "fullDescription": {"text": VERDICT_DESCRIPTIONS.get(verdict, verdict)},
        "defaultConfiguration": {"level": "error"},
    }


# A waived failure stays in the log as a suppressed result: an inline marker is an
# in-source suppression, a baseline or an ignored domain an external one.
SUPPRESSION_KINDS = {"ignored_inline": "inSource", "in_baseline": "external", "ignored_domain": "external"}


def _region(article_report: ArticleReport, result: ClaimResult) -> dict[str, Any] | None:
    start, end = result.claim.span
    start_at = location(article_report.article, start)
    if start_at is None:
        return None
    region = {"startLine": start_at[0], "startColumn": start_at[1]}
    end_at = location(article_report.article, end)
    if end_at is not None and end_at > start_at:
        region |= {"endLine": end_at[0], "endColumn": end_at[1]}
    return region | {"snippet": {"text": result.claim.text}}


def _result(article_report: ArticleReport, result: ClaimResult, rule_index: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(article_report.input)}}
    region = _region(article_report, result)
    if region is not None:
        physical["region"] = region
    evidence = result.verdict.evidence if result.verdict else []
    sarif_result: dict[str, Any] = {
        "ruleId": verdict_of(result),
        "ruleIndex": rule_index,
        "level": "error",
        "message": {"text": claim_message(result)},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"verifyClaim/v1": claim_fingerprint(article_report.input, result)},
        "properties": {
            "claimId": result.claim.id,
            "speaker": result.claim.speaker.name,
            "reasons": list(result.verdict.reasons) if result.verdict else [],
            "evidence": [item.url for item in evidence],
        },
    }
    if result.waiver is not None:
        sarif_result["suppressions"] = [
            {"kind": SUPPRESSION_KINDS[result.waiver], "status": "accepted", "justification": result.waiver}
        ]
    return sarif_result


def _unread_article(article_report: ArticleReport) -> dict[str, Any]:
    return {
        "level": "error",
        "message": {"text": f"article not read: {article_report.error}"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(article_report.input)}}}],
    }


def sarif_log(report: Report) -> dict[str, Any]:
    rule_ids = list(dict.fromkeys(report.fail_on))
    rule_index = {verdict: index for index, verdict in enumerate(rule_ids)}
    results = [
        _result(article_report, result, rule_index[verdict])
        for article_report in report.articles
        for result in article_report.results
        if (verdict := verdict_of(result)) in rule_index
    ]
    notifications = [_unread_article(a) for a in report.articles if a.error is not None]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "verify",
                        "version": _tool_version(),
                        "rules": [_rule(verdict) for verdict in rule_ids],
                    }
                },
                "invocations": [
                    {"executionSuccessful": True, "toolExecutionNotifications": notifications}
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def write(report: Report, out: TextIO) -> None:
    dump(sarif_log(report), out)
