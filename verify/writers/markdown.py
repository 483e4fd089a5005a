"""Markdown for a pull-request comment or a CI job summary (GitHub-flavoured tables)."""

from __future__ import annotations

import html
from typing import TextIO
from urllib.parse import quote as url_quote

from ..records import ArticleReport, Report
from .common import best_evidence, location, said, summary_line, verdict_counts, verdict_of

VERDICT_MARKS = {
    "verified": "\U0001f7e2",  # green circle
    "misquoted": "\U0001f534",  # red circle
    "misattributed": "\U0001f7e3",  # purple circle
    "unsupported": "\U0001f7e0",  # orange circle
    "unreachable": "\u26aa",  # white circle
    "no_source": "\u26ab",  # black circle
}
CELL_LIMIT = 200  # keeps a large report under the size limit of a comment


def _cell(text: str) -> str:
    """Text safe inside a table cell: one line, no HTML, no column breaks."""
    flat = " ".join(text.split())
    if len(flat) > CELL_LIMIT:
        flat = flat[: CELL_LIMIT - 1] + "\u2026"
    return html.escape(flat, quote=False).replace("|", "\\|")


def _link_target(url: str) -> str:
    """A URL that cannot end a Markdown link or a table cell early."""
    return url_quote(url, safe=":/?#[]@!$&'*+,;=%~")


def _verdict_cell(verdict: str | None) -> str:
    return f"{VERDICT_MARKS.get(verdict, '')} {verdict}".strip() if verdict else ""


def _article_section(article_report: ArticleReport, report: Report) -> list[str]:
    heading = f"`{_cell(article_report.input)}`"
    if article_report.error is not None:
        return [f"**{heading}**: not read ({_cell(article_report.error)})", ""]
    failing = [r for r in article_report.results if report.fails(r)]
    title = article_report.article.title if article_report.article else None
    summary = f"{heading}{' ' + _cell(title) if title else ''} \u2014 {len(article_report.results)} claims"
    if failing:
        summary += f", {len(failing)} failing"
    lines = [f"<details{' open' if failing else ''}><summary>{summary}</summary>", ""]
    lines += ["| | line | speaker | quote / claim | evidence | reasons |", "|---|---:|---|---|---|---|"]
    for result in article_report.results:
        line_column = location(article_report.article, result.claim.span[0])
        evidence = best_evidence(result)
        evidence_cell = f"[{evidence.score:.2f}]({_link_target(evidence.url)})" if evidence else ""
        reasons = ", ".join(result.verdict.reasons) if result.verdict else ""
        words = f"\u201c{said(result)}\u201d" if result.claim.quote else said(result)
        lines.append(
            f"| {_verdict_cell(verdict_of(result))} | {line_column[0] if line_column else ''} "
            f"| {_cell(result.claim.speaker.name)} | {_cell(words)} | {evidence_cell} | {_cell(reasons)} |"
        )
    return lines + ["", "</details>", ""]


def write(report: Report, out: TextIO) -> None:
    failing = len(report.failing())
    status = f"{failing} failing" if failing else "none failing"
    lines = [f"### verify \u2014 {summary_line(report)} ({status})", ""]
    counts = verdict_counts(report)
    if counts:
        lines += ["| verdict | claims |", "|---|---:|"]
        lines += [f"| {_verdict_cell(verdict)} | {count} |" for verdict, count in counts.items()]
        lines.append("")
    for article_report in report.articles:
        lines += _article_section(article_report, report)
    out.write("\n".join(lines))
