"""One self-contained HTML page: each article with its claims highlighted in their
verdict's colour; a click shows the evidence with the differing words marked.

Everything is inline and a Content-Security-Policy forbids loading anything, so
opening the file never touches the network.
"""

from __future__ import annotations

import html
import re
import unicodedata
from difflib import SequenceMatcher
from typing import TextIO

from ..records import ArticleReport, ClaimResult, Evidence, Report, Span
from .common import VERDICT_COLOURS, VERDICT_DESCRIPTIONS, best_evidence, said, summary_line, verdict_counts

UNCHECKED = "unchecked"  # a claim of an extraction-only report
COLOURS = {**VERDICT_COLOURS, UNCHECKED: "#1565c0"}
# Where claims overlap, the highlight takes the colour of the most serious verdict.
SEVERITY = ("misquoted", "misattributed", "unsupported", "unreachable", "no_source", "verified", UNCHECKED)
_WORD = re.compile(r"\S+")

CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header,main{max-width:1200px;margin:auto;padding:0 1rem}
.bar{display:flex;height:1.6rem;border-radius:4px;overflow:hidden;margin:.5rem 0}
.bar span{background:var(--c);color:#fff;font-size:.8rem;padding:0 .4rem;white-space:nowrap;overflow:hidden;line-height:1.6rem}
.filters{border:0;padding:0;margin:.5rem 0}.filters label{margin-right:1rem}
.filters label span,.badge{background:var(--c);color:#fff;border-radius:3px;padding:0 .35rem}
article.report{background:#fff;border:1px solid #ddd;border-radius:6px;margin:1rem 0;padding:1rem}
.layout{display:grid;grid-template-columns:3fr 2fr;gap:1.5rem}
.text{white-space:pre-wrap}
mark.claim{background:var(--bg);border-bottom:2px solid var(--c);cursor:pointer;color:inherit}
mark.claim.selected{outline:2px solid var(--c)}
.off{background:none!important;border:0!important;cursor:auto}li.off{display:none}
aside{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto}
.detail{background:#fff;border:1px solid #e0e0e0;border-left:4px solid var(--c);border-radius:6px;padding:.5rem .8rem}
.detail h3{font-size:1rem;margin:.2rem 0}.detail .about{margin:0 0 .4rem}
.reasons{padding:0;margin:.3rem 0}.reasons li{display:inline-block;margin:0 .3rem .3rem 0}
.reasons code{background:#f1f1f1;border-radius:3px;padding:0 .3rem;font-size:.85rem}
.claims .badge{font-size:.8rem;margin-right:.3rem}
blockquote{margin:.3rem 0;padding:.3rem .6rem;border-left:3px solid #bbb;background:#f4f4f4}
ins{background:#ffe082;text-decoration:none}del{background:#ffcdd2}
.claims button{all:unset;cursor:pointer;border-left:4px solid var(--c);padding-left:.4rem}
.muted{color:#666;font-size:.85rem}.error{color:#b00020}
"""

JS = """
const hidden = new Set();
function show(el) {
  const article = el.closest("article");
  article.querySelectorAll(".detail").forEach(d => { d.hidden = true; });
  article.querySelectorAll(".selected").forEach(m => m.classList.remove("selected"));
  const ids = el.dataset.claims.split(" ");
  ids.forEach(id => { document.getElementById(id).hidden = false; });
  article.querySelectorAll("mark[data-claims]").forEach(m => {
    if (m.dataset.claims.split(" ").some(id => ids.includes(id))) m.classList.add("selected");
  });
  article.querySelector(".hint").hidden = true;
}
document.addEventListener("click", e => {
  const el = e.target.closest("[data-claims]");
  if (el && !el.classList.contains("off")) show(el);
});
document.addEventListener("keydown", e => {
  if ((e.key === "Enter" || e.key === " ") && e.target.matches("mark[data-claims]")) {
    e.preventDefault(); e.target.click();
  }
});
document.querySelectorAll(".filters input").forEach(box => box.addEventListener("change", () => {
  if (box.checked) hidden.delete(box.value); else hidden.add(box.value);
  document.querySelectorAll("[data-verdicts]").forEach(el => {
    const shown = el.dataset.verdicts.split(" ").filter(v => !hidden.has(v));
    el.classList.toggle("off", shown.length === 0);
    if (shown.length) el.dataset.show = shown[0];
  });
}));
"""

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>verify report</title>
<style>{css}{colours}</style></head>
<body>
<header><h1>verify report</h1><p>{summary}</p>{bar}{filters}</header>
<main>
{articles}
</main>
<script>{js}</script>
</body></html>
"""

esc = html.escape


def _verdict(result: ClaimResult) -> str:
    """The claim's verdict, safe inside HTML attributes."""
    return esc(result.verdict.verdict) if result.verdict is not None else UNCHECKED


def _severity(verdict: str) -> int:
    return SEVERITY.index(verdict) if verdict in SEVERITY else len(SEVERITY)


def _colour_rules() -> str:
    # Every element says which verdict it shows in data-show; the colour follows.
    return "".join(f'[data-show="{v}"]{{--c:{c};--bg:{c}2e}}' for v, c in COLOURS.items())


# --- differing words -------------------------------------------------------------

def _normal(word: str) -> str:
    """A word as compared: case, typography and punctuation set aside."""
    folded = unicodedata.normalize("NFKC", word).casefold()
    return "".join(ch for ch in folded if ch.isalnum()) or folded


def _render(text: str, words: list[Span], changed: set[int], tag: str) -> str:
    """`text` as HTML with each run of changed words wrapped in one <tag>."""
    parts, position = [], 0
    for index, (start, end) in enumerate(words):
        opens = index in changed and index - 1 not in changed
        closes = index - 1 in changed and index not in changed
        parts.append((f"</{tag}>" if closes else "") + esc(text[position:start]) + (f"<{tag}>" if opens else ""))
        parts.append(esc(text[start:end]))
        position = end
    parts.append((f"</{tag}>" if len(words) - 1 in changed else "") + esc(text[position:]))
    return "".join(parts)


def marked_differences(claimed: str, passage: str) -> tuple[str, str]:
    """Both texts as HTML: claimed words the passage lacks in <del>, passage words the
    claim lacks in <ins>. Only the stretch of the passage aligned with the claim is
    marked; the rest of a long paragraph is context, not difference."""
    claimed_words = [m.span() for m in _WORD.finditer(claimed)]
    passage_words = [m.span() for m in _WORD.finditer(passage)]
    matcher = SequenceMatcher(
        None,
        [_normal(claimed[s:e]) for s, e in claimed_words],
        [_normal(passage[s:e]) for s, e in passage_words],
        autojunk=False,
    )
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if not blocks:
        return esc(claimed), esc(passage)
    aligned = range(blocks[0].b, blocks[-1].b + blocks[-1].size)
    claim_changed: set[int] = set()
    passage_changed: set[int] = set()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            claim_changed.update(range(i1, i2))
            passage_changed.update(j for j in range(j1, j2) if j in aligned)
    return (
        _render(claimed, claimed_words, claim_changed, "del"),
        _render(passage, passage_words, passage_changed, "ins"),
    )


# --- parts of the page -----------------------------------------------------------

def _summary_bar(counts: dict[str, int]) -> str:
    segments = "".join(
        f'<span data-show="{v}" style="flex-grow:{n}" title="{n} {v}">{n} {v}</span>' for v, n in counts.items()
    )
    return f'<div class="bar">{segments}</div>' if counts else ""


def _filters(counts: dict[str, int]) -> str:
    if not counts:
        return ""
    boxes = "".join(
        f'<label><input type="checkbox" value="{v}" checked> <span data-show="{v}">{v}</span> {n}</label>'
        for v, n in counts.items()
    )
    return f'<fieldset class="filters"><legend>Show verdicts</legend>{boxes}</fieldset>'


def _highlighted_text(text: str, claims: list[tuple[str, str, Span]]) -> str:
    """The article text with every claim's sentence in a <mark>; where claims overlap,
    one mark names all of them."""
    spans = [(dom_id, verdict, (max(s, 0), min(e, len(text)))) for dom_id, verdict, (s, e) in claims]
    cuts = sorted({0, len(text), *(bound for _, _, span in spans for bound in span)})
    parts = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [(dom_id, verdict) for dom_id, verdict, (s, e) in spans if s <= start and end <= e]
        chunk = esc(text[start:end])
        if not covering:
            parts.append(chunk)
            continue
        verdicts = sorted({verdict for _, verdict in covering}, key=_severity)
        parts.append(
            f'<mark class="claim" tabindex="0" role="button" data-claims="{" ".join(i for i, _ in covering)}" '
            f'data-verdicts="{" ".join(verdicts)}" data-show="{verdicts[0]}">{chunk}</mark>'
        )
    return "".join(parts)


def _evidence_block(claimed: str, evidence: Evidence, verdict_reasons: list[str]) -> str:
    facts = [f'<a href="{esc(evidence.url)}" target="_blank" rel="noopener noreferrer">{esc(evidence.url)}</a>']
    archive_url = evidence.provenance.get("archive_url")
    if archive_url:
        facts.append(f'<a href="{esc(archive_url)}" target="_blank" rel="noopener noreferrer">archived copy</a>')
    facts.append(f"score {evidence.score:.2f}")
    if evidence.publisher_match is not None:
        facts.append("publisher matches" if evidence.publisher_match else "publisher differs")
    if evidence.credited_to:
        facts.append(f"credited to {esc(evidence.credited_to)}")
    if evidence.error:
        facts.append(f'<span class="error">{esc(evidence.error)}</span>')
    passage = f"<blockquote>{marked_differences(claimed, evidence.passage)[1]}</blockquote>" if evidence.passage else ""
    # Reasons the verdict already lists are not repeated under each passage.
    own_reasons = [reason for reason in evidence.reasons if reason not in verdict_reasons]
    reasons = f'<p class="muted">{esc(", ".join(own_reasons))}</p>' if own_reasons else ""
    return f'<div class="evidence"><p class="muted">{" · ".join(facts)}</p>{passage}{reasons}</div>'


def _detail(dom_id: str, result: ClaimResult) -> str:
    claim, verdict = result.claim, _verdict(result)
    claimed = said(result)
    best = best_evidence(result)
    claimed_html = marked_differences(claimed, best.passage)[0] if best and best.passage else esc(claimed)
    parts = [
        f'<section class="detail" id="{dom_id}" data-show="{verdict}" hidden>',
        f'<h3><span class="badge" data-show="{verdict}" title="{esc(VERDICT_DESCRIPTIONS.get(verdict, ""))}">'
        f"{verdict}</span> {esc(claim.id)} · {esc(claim.speaker.name)} "
        f'<span class="muted">({esc(claim.speaker.kind)}, “{esc(claim.cue)}”)</span></h3>',
        f'<p class="muted about">{esc(VERDICT_DESCRIPTIONS.get(verdict, ""))}</p>',
        f"<p>{'“' + claimed_html + '”' if claim.quote else claimed_html}</p>",
    ]
    if result.verdict is not None:
        reasons = "".join(f"<li><code>{esc(reason)}</code></li>" for reason in result.verdict.reasons)
        parts.append(f'<ul class="reasons">{reasons}</ul>' if reasons else "")
        parts += [_evidence_block(claimed, evidence, result.verdict.reasons) for evidence in result.verdict.evidence]
        if not result.verdict.evidence:
            parts.append('<p class="muted">No source was read for this claim.</p>')
    parts.append("</section>")
    return "".join(parts)


def _article(index: int, article_report: ArticleReport) -> str:
    article = article_report.article
    heading = esc(article.title) if article and article.title else esc(article_report.input)
    meta = " · ".join(esc(x) for x in (article_report.input, article.published if article else None) if x)
    head = f'<h2>{heading}</h2><p class="muted">{meta}</p>'
    if article_report.error is not None or article is None:
        return f'<article class="report">{head}<p class="error">Not read: {esc(article_report.error or "")}</p></article>'
    dom_ids = [esc(f"a{index}-{result.claim.id}") for result in article_report.results]
    claims = [(dom_id, _verdict(r), r.claim.span) for dom_id, r in zip(dom_ids, article_report.results)]
    items = "".join(
        f'<li data-claims="{dom_id}" data-verdicts="{_verdict(r)}" data-show="{_verdict(r)}"><button>'
        f'<span class="badge">{_verdict(r)}</span>{esc(r.claim.id)} · {esc(r.claim.speaker.name)} — {esc(said(r))}</button></li>'
        for dom_id, r in zip(dom_ids, article_report.results)
    )
    details = "".join(_detail(dom_id, r) for dom_id, r in zip(dom_ids, article_report.results))
    return (
        f'<article class="report">{head}<div class="layout">'
        f'<div class="text">{_highlighted_text(article.text, claims)}</div>'
        f'<aside><p class="hint muted">Click a highlighted claim to see its evidence.</p>{details}</aside>'
        f'</div><h3>Claims</h3><ol class="claims">{items}</ol></article>'
    )


def write(report: Report, out: TextIO) -> None:
    counts = verdict_counts(report)
    out.write(PAGE.format(
        css=CSS,
        colours=_colour_rules(),
        summary=esc(summary_line(report)),
        bar=_summary_bar(counts),
        filters=_filters(counts),
        articles="\n".join(_article(i, a) for i, a in enumerate(report.articles)),
        js=JS,
    ))
