"""GitHub Actions workflow commands: an annotation at each claim that is not verified.

Failing claims (the report's fail-on policy, waivers aside) are errors, no_source is
a notice, anything else short of verified (a waived failure too) a warning.
"""

from __future__ import annotations

from typing import TextIO

from ..records import ArticleReport, ClaimResult, Report
from .common import claim_message, location, verdict_of


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, **properties: str | int | None) -> str:
    """`::level key=value,...::message`, escaped the way the runner reads it."""
    fields = ",".join(f"{key}={_escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{level} {fields}::{_escape_data(message)}"


def _level(result: ClaimResult, report: Report) -> str | None:
    verdict = verdict_of(result)
    if report.fails(result):
        return "error"
    if verdict is None or verdict == "verified":
        return None
    return "notice" if verdict == "no_source" else "warning"


def _claim_annotation(article_report: ArticleReport, result: ClaimResult, level: str) -> str:
    line_column = location(article_report.article, result.claim.span[0])
    line, col = line_column if line_column else (None, None)
    return annotation(
        level, claim_message(result),
        file=article_report.input, line=line, col=col,
        title=f"verify: {verdict_of(result)} ({result.claim.id})",
    )


def write(report: Report, out: TextIO) -> None:
    for article_report in report.articles:
        if article_report.error is not None:
            out.write(annotation("error", f"article not read: {article_report.error}",
                                 file=article_report.input, title="verify") + "\n")
        for result in article_report.results:
            level = _level(result, report)
            if level is not None:
                out.write(_claim_annotation(article_report, result, level) + "\n")
