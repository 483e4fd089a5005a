"""JSON Lines: one compact line per article, for streaming into other tools.

`write_article` writes one article's line as soon as it is checked, so a batch
run written in this format holds one article at a time, never the whole report.
"""

from __future__ import annotations

from typing import TextIO

from ..records import ArticleReport, Report
from .json import article_to_dict, dump


def write_article(article_report: ArticleReport, out: TextIO) -> None:
    dump(article_to_dict(article_report), out, indent=None)


def write(report: Report, out: TextIO) -> None:
    for article_report in report.articles:
        write_article(article_report, out)
