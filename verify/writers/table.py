"""A table for people at a terminal: one row per claim, verdicts in colour, then a summary."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..records import ArticleReport, Report
from .common import VERDICT_COLOURS, best_evidence, summary_line, verdict_of

WIDTH_OFF_TERMINAL = 140  # rich assumes 80 columns when writing to a file or pipe


def _article_table(article_report: ArticleReport, judged: bool) -> Table:
    article = article_report.article
    title = article_report.input + (f" \u2014 {article.title}" if article and article.title else "")
    table = Table(title=Text(title), title_justify="left", show_lines=False, expand=False)
    table.add_column("id", no_wrap=True)
    if judged:
        table.add_column("verdict", no_wrap=True)
    table.add_column("speaker")
    table.add_column("cue")
    table.add_column("quote / claim", ratio=3)
    if judged:
        table.add_column("best evidence", ratio=2)
    for result in article_report.results:
        claim = result.claim
        words = f"\u201c{claim.quote}\u201d" if claim.quote else claim.content
        # Text, not str: rich would read "[...]" in an article as markup.
        row = [Text(claim.id)]
        if judged:
            verdict = verdict_of(result) or ""
            row.append(Text(verdict, style=f"bold {VERDICT_COLOURS.get(verdict, '')}".strip()))
        row += [Text(claim.speaker.name), Text(claim.cue), Text(words)]
        if judged:
            evidence = best_evidence(result)
            row.append(Text(f"{evidence.url} ({evidence.score:.2f})" if evidence else ""))
        table.add_row(*row)
    return table


def write(report: Report, out: TextIO) -> None:
    console = Console(file=out, width=None if out.isatty() else WIDTH_OFF_TERMINAL)
    judged = any(result.verdict is not None for a in report.articles for result in a.results)
    for article_report in report.articles:
        if article_report.error is not None:
            console.print(Text(f"{article_report.input}: not read ({article_report.error})", style="red"))
            continue
        console.print(_article_table(article_report, judged))
    console.print(summary_line(report), markup=False, highlight=False)
