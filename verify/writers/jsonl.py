"""JSON Lines: one compact line per article, for streaming into other tools."""

from __future__ import annotations

from typing import TextIO

from ..records import Report
from .json import article_to_dict, dump


def write(report: Report, out: TextIO) -> None:
    for article_report in report.articles:
        dump(article_to_dict(article_report), out, indent=None)
