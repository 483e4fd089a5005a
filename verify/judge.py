"""The verdict on one claim, from the evidence of all its candidate sources.

One source holding the claim, from the credited speaker or outlet, is enough
to verify it; otherwise the most telling finding decides (misattributed or
misquoted over unsupported), and unreadable sources make the claim
unreachable rather than unsupported.
"""

from __future__ import annotations

from .match import credited_outlet_of, is_resolved_name, same_outlet, same_speaker
from .records import Claim, Evidence, Verdict

# Lower ranks first: the verdict a source gives that decides for the claim.
_RANK = {"verified": 0, "misattributed": 1, "misquoted": 1, "unsupported": 2}


def _grade(claim: Claim, evidence: Evidence, outlet: str | None) -> tuple[str, list[str]]:
    """What this one readable source says about the claim."""
    if evidence.support == "close":
        return "misquoted", evidence.reasons or ["differs"]
    if evidence.support != "exact":
        return "unsupported", evidence.reasons or ["not_found"]
    credited = evidence.credited_to
    credits_outlet = bool(outlet and credited and same_outlet(outlet, credited))
    if outlet and evidence.publisher_match is False and not credits_outlet:
        return "misattributed", [f"publisher_mismatch:{evidence.publisher or 'unknown'}"]
    speaks_for_self = claim.speaker.kind not in ("publication", "organization")
    if (
        speaks_for_self
        and is_resolved_name(credited)
        and not credits_outlet
        and not same_speaker(credited, claim.speaker)
    ):
        return "misattributed", [f"credited_to:{credited}"]
    if "source_after_article" in evidence.reasons:  # published later: not where the claim came from
        return "unsupported", ["source_after_article"]
    return "verified", []


def _confidence(verdict: str, evidence: Evidence) -> float:
    """How sure the verdict is: the match score, or its complement when nothing matched."""
    if verdict == "unsupported":
        return round(1 - evidence.score, 3)
    return evidence.score


def judge(claim: Claim, evidence: list[Evidence], rules: dict) -> Verdict:
    if not evidence:
        return Verdict("no_source", [], ["no_candidate_source"], score=1.0)
    readable = [e for e in evidence if e.error is None]
    unreadable = [e for e in evidence if e.error is not None]
    errors = sorted({e.error for e in unreadable})
    if not readable:
        return Verdict("unreachable", evidence, errors, score=1.0)
    outlet = credited_outlet_of(claim, rules)
    graded = sorted(
        ((_grade(claim, e, outlet), e) for e in readable),
        key=lambda g: (_RANK[g[0][0]], -g[1].score),
    )
    (verdict, reasons), best = graded[0]
    ranked = [e for _, e in graded] + unreadable
    if verdict == "unsupported" and unreadable:
        # An unread candidate may hold the claim: no source was shown to lack it.
        return Verdict("unreachable", ranked, errors + ["not_in_readable_sources"], score=1.0)
    return Verdict(verdict, ranked, reasons, score=_confidence(verdict, best))
