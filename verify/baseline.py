"""Failures a run accepts: each keeps its verdict and gains a reason that takes it out of
the failing policy (records.WAIVER_REASONS).

- `in_baseline`: the same claim failed with the same verdict in the baseline report
  (`--baseline OLD.json`), compared by fingerprint, so only new failures fail the build;
- `ignored_inline`: a `<!-- verify-ignore -->` marker in the Markdown article, alone on
  the line before a paragraph or list item, or at the end of one of its lines;
- `ignored_domain`: a candidate source is on a domain the settings ignore (never fetched).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from .records import Article, ArticleReport, ClaimResult, InputError, Report, Span
from .writers.common import claim_fingerprint

IGNORE_MARKER = re.compile(r"<!--\s*verify-ignore\s*-->")
# A Markdown list item or quote line starts a block of its own, even without a blank line.
_BLOCK_START = re.compile(r"\s{0,3}(?:[-*+]|\d{1,9}[.)])\s|\s{0,3}>")


def waive(result: ClaimResult, reason: str) -> None:
    if result.verdict is not None and reason not in result.verdict.reasons:
        result.verdict.reasons.append(reason)


# --- inline markers ----------------------------------------------------------------

def _blocks(raw: str) -> list[Span]:
    """Raw spans of the paragraphs and list items of a Markdown text."""
    blocks: list[Span] = []
    position = 0
    for line in raw.splitlines(keepends=True):
        start, position = position, position + len(line)
        if not line.strip() or IGNORE_MARKER.fullmatch(line.strip()):
            continue  # a marker alone on its line separates blocks like a blank line
        if blocks and blocks[-1][1] == start and not _BLOCK_START.match(line):
            blocks[-1] = (blocks[-1][0], position)  # the line continues the block above
        else:
            blocks.append((start, position))
    return blocks


def ignored_spans(raw: str) -> list[Span]:
    """The raw spans whose claims an ignore marker covers: the block a marker ends a line
    of, or the block right after a line holding the marker alone."""
    blocks = _blocks(raw)
    covered: list[Span] = []
    for marker in IGNORE_MARKER.finditer(raw):
        line_start = raw.rfind("\n", 0, marker.start()) + 1
        line_end = raw.find("\n", marker.end())
        line_end = len(raw) if line_end < 0 else line_end
        alone = not (raw[line_start:marker.start()] + raw[marker.end():line_end]).strip()
        if alone:
            after = [block for block in blocks if block[0] > line_end]
            covered += after[:1]
        else:
            covered += [block for block in blocks if block[0] <= marker.start() < block[1]]
    return covered


def ignored_inline(article: Article, result: ClaimResult) -> bool:
    if article.format != "md" or article.raw is None:
        return False
    at = article.raw_offset(result.claim.span[0])
    return at is not None and any(start <= at < end for start, end in ignored_spans(article.raw))


def apply_inline_ignores(article_report: ArticleReport) -> None:
    article = article_report.article
    if article is None or article.raw is None or not IGNORE_MARKER.search(article.raw):
        return
    for result in article_report.results:
        if ignored_inline(article, result):
            waive(result, "ignored_inline")


# --- ignored domains ---------------------------------------------------------------

def apply_ignored_domains(article_report: ArticleReport) -> None:
    for result in article_report.results:
        if result.verdict is not None and any(e.error == "ignored_domain" for e in result.verdict.evidence):
            waive(result, "ignored_domain")


# --- baseline report ---------------------------------------------------------------

def known_failures(path: Path) -> Counter[tuple[str, str]]:
    """(fingerprint, verdict) of every claim of a JSON report of `verify check`, counted."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        claims = [claim for article in data["articles"] for claim in article["claims"]]
        return Counter((str(claim["fingerprint"]), str(claim["verdict"])) for claim in claims)
    except FileNotFoundError:
        raise InputError(f"{path}: no such baseline report") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: cannot read the baseline report ({exc})") from None
    except (KeyError, TypeError):
        raise InputError(
            f"{path}: not a JSON report of verify check with fingerprints (every claim needs a verdict and a fingerprint)"
        ) from None


def apply_baseline(report: Report, known: Counter[tuple[str, str]]) -> None:
    """Mark each failure the baseline already had (same claim, same verdict) `in_baseline`,
    using up `known` (from `known_failures`) one for one."""
    for article_report in report.articles:
        for result in article_report.results:
            if not report.fails(result):
                continue
            key = (claim_fingerprint(article_report.input, result), result.verdict.verdict)
            if known[key] > 0:
                known[key] -= 1
                waive(result, "in_baseline")


def apply_waivers(report: Report, known: Counter[tuple[str, str]] | None = None) -> None:
    """Every waiver of the run, the baseline's known failures last so they only take
    what is still failing."""
    for article_report in report.articles:
        apply_inline_ignores(article_report)
        apply_ignored_domains(article_report)
    if known is not None:
        apply_baseline(report, known)
