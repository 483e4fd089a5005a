"""`verify explain REPORT.json CLAIM_ID`: one claim, for a person deciding whether to
trust its verdict. The claim and its best evidence passage side by side, with the
words that differ marked ([-claimed-] / {+in the source+} as well as in colour, so
the marks survive a log or a pipe), the reasons, and where the evidence came from.
"""

from __future__ import annotations

import json
import re
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .normalize import normalize_text
from .records import InputError
from .writers.common import VERDICT_COLOURS

_WORD = re.compile(r"\w+(?:['’.-]\w+)*")
# The provenance record's fields, in the order a reader checks them.
_FIELDS = (
    ("url", "linked"),
    ("archive_url", "archived copy"),
    ("final_url", "final URL"),
    ("redirects", "redirects"),
    ("status", "HTTP status"),
    ("content_type", "content type"),
    ("fetched_at", "fetched at"),
    ("sha256", "SHA-256"),
    ("publisher", "publisher"),
    ("published", "published"),
    ("modified", "modified"),
    ("origin", "found by"),
    ("note", "discovery"),
    ("link_error", "link failed with"),
    ("archive_error", "archive look-up"),
)


def find_claim(report: dict, claim_id: str, article: str | None = None) -> tuple[dict, dict]:
    """(article, claim) of the report with that claim id; InputError when absent or ambiguous."""
    try:
        found = [
            (entry, claim)
            for entry in report["articles"]
            if article is None or entry["input"] == article
            for claim in entry["claims"]
            if claim["id"] == claim_id
        ]
    except (KeyError, TypeError):
        raise InputError("not a JSON report of verify check") from None
    if not found:
        where = f" of {article}" if article else ""
        raise InputError(f"no claim {claim_id}{where} in the report")
    if len(found) > 1:
        inputs = ", ".join(entry["input"] for entry, _ in found)
        raise InputError(f"claim {claim_id} is in several articles ({inputs}): choose one with --article")
    return found[0]


def marked(claimed: str, passage: str) -> tuple[Text, Text]:
    """Both texts with their differing words marked. Words are compared without case or
    typography; only the stretch of the passage aligned with the claim is marked."""
    claim_words = list(_WORD.finditer(claimed))
    passage_words = list(_WORD.finditer(passage))
    matcher = SequenceMatcher(
        None,
        [normalize_text(w.group()) for w in claim_words],
        [normalize_text(w.group()) for w in passage_words],
        autojunk=False,
    )
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return Text(claimed), Text(passage)
    aligned = range(blocks[0].b, blocks[-1].b + blocks[-1].size)
    claim_changed, passage_changed = set(), set()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        claim_changed.update(range(i1, i2))
        if tag != "replace":
            passage_changed.update(j for j in range(j1, j2) if j in aligned)
        elif j1 >= aligned.stop:  # the claim's last words replaced: as many words after the match
            passage_changed.update(range(j1, min(j2, j1 + i2 - i1)))
        elif j2 <= aligned.start:  # its first words: as many before it
            passage_changed.update(range(max(j1, j2 - (i2 - i1)), j2))
        else:
            passage_changed.update(range(j1, j2))
    return (
        _render(claimed, claim_words, claim_changed, "[-", "-]", "bold red strike"),
        _render(passage, passage_words, passage_changed, "{+", "+}", "bold green underline"),
    )


def _render(text: str, words: list[re.Match], changed: set[int], opening: str, closing: str, style: str) -> Text:
    """The text with runs of changed words wrapped in the marks and styled."""
    out = Text()
    position = 0
    index = 0
    while index < len(words):
        if index not in changed:
            index += 1
            continue
        last = index
        while last + 1 in changed and last + 1 < len(words):
            last += 1
        start, end = words[index].start(), words[last].end()
        out.append(text[position:start])
        out.append(f"{opening}{text[start:end]}{closing}", style=style)
        position, index = end, last + 1
    out.append(text[position:])
    return out


def _best(claim: dict) -> dict | None:
    """The evidence the verdict rests on: the first with a passage, else the first."""
    evidence = claim.get("evidence") or []
    return next((e for e in evidence if e.get("passage")), evidence[0] if evidence else None)


def _provenance_table(evidence: dict) -> Table:
    record = dict(evidence.get("provenance") or {})
    record.setdefault("url", evidence.get("url"))
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim")
    table.add_column(overflow="fold")
    for key, label in _FIELDS:
        value = record.get(key)
        if value in (None, "", []):
            continue
        if key == "publisher" and record.get("publisher_method"):
            value = f"{value} (from {record['publisher_method']})"
        if isinstance(value, list):
            value = " -> ".join(map(str, value))
        table.add_row(label, str(value))
    return table


def _chain(evidence: dict) -> str | None:
    record = evidence.get("provenance") or {}
    steps = record.get("chain")
    if not steps:
        return None
    origin = record.get("chain_origin")
    return " -> ".join(f"{step} (origin)" if step == origin else step for step in steps)


def render(article: dict, claim: dict, console: Console) -> None:
    verdict = claim.get("verdict")
    speaker = claim.get("attributed_to", {})
    heading = Text(f"{claim['id']}  ")
    heading.append(verdict or "not judged", style=f"bold {VERDICT_COLOURS.get(verdict, '')}".strip())
    heading.append(f"  {article['input']}")
    console.print(heading)
    via = f" via {claim['via']['name']}" if claim.get("via") else ""
    console.print(f"{speaker.get('name')} ({speaker.get('kind')}){via}, “{claim.get('cue')}”: {claim.get('text')}")
    console.print(f"reasons: {', '.join(claim.get('reasons') or []) or 'none'}")
    best = _best(claim)
    claimed = claim.get("quote") or claim.get("content") or claim.get("text") or ""
    if best is None:
        console.print("no evidence: no candidate source was found")
        return
    side = Table(show_lines=True, expand=True)
    side.add_column("the article says")
    side.add_column(f"the source says (score {best.get('score', 0)})")
    if best.get("passage"):
        side.add_row(*marked(claimed, best["passage"]))
    else:
        side.add_row(Text(claimed), Text(f"(no passage: {best.get('error') or 'not found'})"))
    console.print(side)
    if best.get("credited_to"):
        console.print(f"the source credits it to: {best['credited_to']}")
    if best.get("reasons"):
        console.print(f"passage differs: {', '.join(best['reasons'])}")
    console.print(Text("provenance", style="bold"))
    console.print(_provenance_table(best))
    if chain := _chain(best):
        console.print(f"chain: {chain}")
    others = [e for e in claim.get("evidence", []) if e is not best]
    for other in others:
        console.print(f"also checked: {other.get('url')} ({other.get('error') or 'score ' + str(other.get('score'))})")


def explain(report_path: Path, claim_id: str, *, article: str | None = None, out: TextIO | None = None) -> None:
    """Print one claim of a JSON report (see the module's docstring)."""
    try:
        report: Any = json.loads(Path(report_path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"report not found: {report_path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read the report {report_path}: {exc}") from None
    entry, claim = find_claim(report, claim_id, article)
    render(entry, claim, Console(file=out, highlight=False, soft_wrap=False))
