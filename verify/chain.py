"""Attribution chains: a source's passage that is itself credited onward
("..., according to the Harbour Ledger", "as first reported by Reuters") names a
relay, not the origin. The onward link is followed, hop by hop up to a limit in
rules/provenance.toml, until a page holds the claim without crediting it further.

Pure apart from `read`, the caller's way of turning a URL into a parsed page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from . import match
from .outlets import Registry, host_of
from .records import Article, Claim, Evidence, Link
from .sentences import split_sentences

# What `read(url)` returns: the page's provenance record, the parsed page and its own
# claims, or the reason it could not be read.
Read = tuple[dict, Article | None, list[Claim], str | None]

# A name after an onward phrase: capitalised words, "of"/"and"/"&" allowed inside.
_NAME = r"(?:the\s+)?([A-Z][\w&.'’-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w&.'’-]*)*)"


@dataclass(frozen=True)
class Hop:
    """Whom a passage credits onward, and the link it gives for them (if any)."""

    name: str
    url: str | None


@dataclass
class Chain:
    """The hops followed from the credited source toward the origin."""

    hops: list[dict] = field(default_factory=list)  # per hop: credited, url, what was found there
    origin: str | None = None  # the last page reached that holds the claim
    credited_to: str | None = None  # who that page credits the words to


def _sentence_around(text: str, span: tuple[int, int], paragraph: tuple[int, int]) -> tuple[int, int]:
    """The sentence(s) of `paragraph` that hold `span`."""
    sentences = [s for s in split_sentences(text, *paragraph) if s[0] < span[1] and s[1] > span[0]]
    return (sentences[0][0], sentences[-1][1]) if sentences else paragraph


def _credited_by_claims(claims: list[Claim], span: tuple[int, int], registry: Registry) -> list[tuple[str, list[str]]]:
    """Outlets the source's own attributions around `span` credit, with their links."""
    found = []
    for claim in claims:
        if not (claim.span[0] < span[1] and claim.span[1] > span[0]):
            continue
        speaker = claim.speaker
        if claim.via is not None:
            found.append((claim.via.name, claim.links))
        elif speaker.kind == "publication" or registry.by_name(speaker.name):
            found.append((speaker.name, claim.links))
    return found


def _credited_by_phrase(text: str, phrases: list[str]) -> list[str]:
    if not phrases:
        return []
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, phrases)) + r")\s+" + _NAME)
    return [m.group(1).rstrip(".") for m in pattern.finditer(text)]


def _link_for(name: str, links: list[Link], source: Article, registry: Registry) -> str | None:
    """The link that stands for `name`: its anchor names it, or its host is the outlet's;
    else the one link leading off the source's own site."""
    outlet = registry.by_name(name)
    for link in links:
        if match.same_outlet(name, link.text or "", registry) or (outlet and registry.by_url(link.url) == outlet):
            return link.url
    own = host_of(source.url or "")
    elsewhere = list(dict.fromkeys(link.url for link in links if host_of(link.url) != own))
    return elsewhere[0] if len(elsewhere) == 1 else None


def onward_credit(source: Article, claims: list[Claim], evidence: Evidence, claim: Claim, rules: dict) -> Hop | None:
    """Whom the matched passage of `source` credits onward, or None when the source
    speaks for itself. Credits to the source's own outlet or to the claim's speaker
    are not onward; a name after an onward phrase counts when it is a known outlet or
    carries its own link (a person quoted by the source makes the source the origin)."""
    if evidence.span is None or evidence.support == "none":
        return None
    registry = Registry.from_rules(rules)
    paragraph = source.paragraphs[source.paragraph_of(evidence.span[0])] if source.paragraphs else (0, len(source.text))
    start, end = _sentence_around(source.text, evidence.span, paragraph)
    links = source.links_between(start, end)
    named = _credited_by_claims(claims, (start, end), registry)
    for name in _credited_by_phrase(source.text[start:end], rules["provenance"]["chain"]["onward_phrases"]):
        if registry.by_name(name) or any(match.same_outlet(name, link.text or "", registry) for link in links):
            named.append((name, []))
    own = [n for n in (source.publisher, *match.publisher_names(source, registry)) if n]
    for name, claim_links in named:
        if any(match.same_outlet(name, mine, registry) for mine in own) or match.same_speaker(name, claim.speaker):
            continue
        candidates = [link for link in links if link.url in claim_links] or links
        return Hop(name, _link_for(name, candidates, source, registry))
    return None


def trace(
    claim: Claim,
    source_url: str,
    hop: Hop,
    rules: dict,
    read: Callable[[str], Read],
) -> Chain:
    """Follow `hop` (the onward credit of the source at `source_url`) toward the origin."""
    chain = Chain()
    seen = {source_url}
    for _ in range(rules["provenance"]["chain"]["max_hops"]):
        entry: dict = {"credited": hop.name, "url": hop.url}
        chain.hops.append(entry)
        if hop.url is None:
            entry["error"] = "no_link"
            return chain
        if hop.url in seen:
            entry["error"] = "loop"
            return chain
        seen.add(hop.url)
        record, doc, doc_claims, error = read(hop.url)
        entry.update({k: v for k, v in record.items() if k != "url"})
        if error is not None:
            entry["error"] = error
            return chain
        found = match.match(claim, doc, doc_claims, rules, credited_outlet=hop.name)
        entry.update(support=found.support, score=found.score, passage=found.passage, credited_to=found.credited_to)
        if found.support == "none":
            return chain
        chain.origin, chain.credited_to = hop.url, found.credited_to
        next_hop = onward_credit(doc, doc_claims, found, claim, rules)
        if next_hop is None:
            return chain
        hop = next_hop
    return chain
