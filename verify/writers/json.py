"""The JSON report of the contract: the one claim-to-dict conversion every tool reads."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, TextIO

from ..records import Article, ArticleReport, ClaimResult, Evidence, Report, Span, Speaker
from .common import claim_fingerprint, location, verdict_counts


def _span(span: Span | None) -> list[int] | None:
    return list(span) if span is not None else None


def _speaker(speaker: Speaker) -> dict[str, str]:
    return {"name": speaker.name, "kind": speaker.kind}


def evidence_to_dict(evidence: Evidence) -> dict[str, Any]:
    data: dict[str, Any] = {
        "url": evidence.url,
        "score": round(evidence.score, 3),
        "passage": evidence.passage,
        "publisher_match": evidence.publisher_match,
    }
    # Provenance beyond the contract, only when the match or fetch stage set it.
    extras = {
        "credited_to": evidence.credited_to,
        "publisher": evidence.publisher,
        "error": evidence.error,
        "reasons": list(evidence.reasons),
        "provenance": dict(evidence.provenance),
    }
    data.update({key: value for key, value in extras.items() if value})
    return data


def claim_to_dict(result: ClaimResult, article: Article | None, article_input: str) -> dict[str, Any]:
    """A claim as the report shows it; verdict, evidence and reasons only once judged.
    `fingerprint` identifies the claim across runs (baselines compare by it)."""
    claim = result.claim
    data: dict[str, Any] = {
        "id": claim.id,
        "fingerprint": claim_fingerprint(article_input, result),
        "text": claim.text,
        "quote": claim.quote or None,
        "attributed_to": _speaker(claim.speaker),
    }
    if claim.via is not None:
        data["via"] = _speaker(claim.via)
    data["cue"] = claim.cue
    data["content"] = claim.content
    if result.verdict is not None:
        data["verdict"] = result.verdict.verdict
        data["evidence"] = [evidence_to_dict(evidence) for evidence in result.verdict.evidence]
        data["reasons"] = list(result.verdict.reasons)
    data["spans"] = {
        "source": _span(claim.spans.source),
        "cue": _span(claim.spans.cue),
        "content": [list(span) for span in claim.spans.content],
    }
    line_column = location(article, claim.span[0])
    data["location"] = {"line": line_column[0], "column": line_column[1]} if line_column else None
    data["links"] = list(claim.links)
    return data


def article_to_dict(article_report: ArticleReport) -> dict[str, Any]:
    article = article_report.article
    data: dict[str, Any] = {
        "input": article_report.input,
        "title": article.title if article is not None else None,
        "published": article.published if article is not None else None,
    }
    if article_report.error is not None:
        data["error"] = article_report.error
    data["claims"] = [claim_to_dict(result, article, article_report.input) for result in article_report.results]
    return data


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "schema_version": report.schema_version,
        "articles": [article_to_dict(article) for article in report.articles],
        "summary": verdict_counts(report),
    }


def dump(data: Any, out: TextIO, indent: int | None = 2) -> None:
    """Deterministic JSON: keys in the order built, non-ASCII text kept as written."""
    json.dump(data, out, ensure_ascii=False, indent=indent)
    out.write("\n")


def write(report: Report, out: TextIO) -> None:
    dump(report_to_dict(report), out)


def report_schema() -> dict[str, Any]:
    """The JSON Schema every JSON report validates against."""
    schema_file = resources.files("verify").joinpath("schema", "report.schema.json")
    return json.loads(schema_file.read_text(encoding="utf-8"))
