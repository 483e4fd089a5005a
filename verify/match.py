"""Match one claim against one source document: find the passage that holds it,
say how it differs, and who the source credits it to.

Quotes are aligned word by word (typography never counts as a difference);
paraphrases are scored on rarity-weighted content-word overlap, with numbers,
dates, names and negation compared slot by slot.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from .normalize import Token, normalize_text, tokenize
from .outlets import Registry, host_of, name_key
from .records import Article, Claim, Evidence, InputError, Span, Speaker
from .sentences import find_quotes, split_sentences

NEGATORS = frozenset(
    "not no never none nobody nothing neither nor cannot without".split()
)
MONTHS = (
    "january february march april may june july august september october november december".split()
)
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
} | {w: str(10 * i) for i, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)}
STOPWORDS = frozenset(
    """a an the and or but if then than that this these those there here of to in on at by for
    from with as into onto over under about after before between through during within without
    is are was were be been being am has have had having do does did will would shall should
    can could may might must it its it's he she they them their his her him we us our i me my
    you your who whom whose which what when where why how all any each every some such so also
    just only very more most much many other same own said says say told according
    s 's mr mrs ms dr""".split()
)
PRONOUNS = frozenset("i he she they we it you him her them us this that who".split())
_PREPOSITIONS = frozenset("with to in at on from for of by about into via".split())
_OMISSION = re.compile(r"\[\s*(?:\.\s*){2,}\]|\[\s*…\s*\]|(?:\.\s*){3}|…")
_INSERTION = re.compile(r"\[[^\]]*\]")
_LABEL = re.compile(r"\s*([A-Z][A-Z.'’\- ]*[A-Z.])(?:,[^:\n]{0,40})?:\s")
_NAME = re.compile(r"[A-Z][\w'’\-]*(?:\.?\s+(?:[A-Z]\.\s+)?[A-Z][\w'’\-]*)*")


def limits(rules: dict, section: str) -> dict:
    try:
        return rules["thresholds"][section]
    except KeyError:
        raise InputError(f"rules: thresholds.toml has no [{section}] table") from None


# ---------------------------------------------------------------- source index


@dataclass
class _Doc:
    """A source text prepared once for every claim checked against it."""

    text: str
    tokens: list[Token]
    words: list[str]
    keys: list[str]
    positions: dict[str, list[int]]
    sentences: list[Span]  # token index ranges [start, end)
    sentence_spans: list[Span]  # the same sentences as character spans, quote marks kept
    sentence_paragraph: list[int]
    sentence_df: Counter

    def sentence_of(self, token_index: int) -> int:
        starts = [s for s, _ in self.sentences]
        return max(bisect.bisect_right(starts, token_index) - 1, 0)

    def char_span(self, start: int, end: int) -> Span:
        return self.tokens[start].start, self.tokens[end - 1].end

    def sentence_chars(self, first: int, last: int) -> Span:
        return self.sentence_spans[first][0], self.sentence_spans[last][1]


def word_key(word: str) -> str:
    """What two words share when they mean the same for paraphrase scoring."""
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    if word[0].isdigit():
        return word.replace(",", "")
    word = word.removesuffix("'s").removesuffix("'")
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= (3 if suffix == "s" else 4):
            word = word[: -len(suffix)]
            break
    return word[:7]


def _paragraphs(source: Article) -> list[Span]:
    if source.paragraphs:
        return source.paragraphs
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", source.text)]


@lru_cache(maxsize=16)
def _prepare(text: str, paragraphs: tuple[Span, ...]) -> _Doc:
    tokens = tokenize(text)
    starts = [t.start for t in tokens]
    sentences, sentence_spans, sentence_paragraph = [], [], []
    for number, (p_start, p_end) in enumerate(paragraphs):
        for s_start, s_end in split_sentences(text, p_start, p_end):
            first, last = bisect.bisect_left(starts, s_start), bisect.bisect_left(starts, s_end)
            if last > first:
                sentences.append((first, last))
                sentence_spans.append((s_start, s_end))
                sentence_paragraph.append(number)
    words = [t.norm for t in tokens]
    keys = [word_key(w) for w in words]
    positions: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        positions.setdefault(word, []).append(i)
    df = Counter(k for s, e in sentences for k in set(keys[s:e]))
    return _Doc(text, tokens, words, keys, positions, sentences, sentence_spans, sentence_paragraph, df)


def prepare(source: Article) -> _Doc:
    return _prepare(source.text, tuple(_paragraphs(source)))


# ---------------------------------------------------------------- quotes


@dataclass
class _Segment:
    words: list[str]
    max_gap: int  # how many source words may lie between it and the previous segment


@dataclass
class _Alignment:
    start: int
    end: int  # token range in the source
    score: float
    diffs: list[str] = field(default_factory=list)


def _segments(claim: Claim, limit: dict) -> list[_Segment]:
    quotes = claim.quotes or [claim.quote or ""]
    segments: list[_Segment] = []
    for quote in quotes:
        gap = limit["max_omission_words"]  # between separately quoted fragments
        pieces = re.split(f"({_OMISSION.pattern}|{_INSERTION.pattern})", quote)
        for piece in pieces:
            if _OMISSION.fullmatch(piece):
                gap = limit["max_omission_words"]
            elif _INSERTION.fullmatch(piece):
                gap = max(gap, limit["max_insertion_words"]) if segments else gap
            elif words := [t.norm for t in tokenize(piece)]:
                segments.append(_Segment(words, gap if segments else 0))
                gap = 0
    return segments


def _rare_anchors(words: list[str], doc: _Doc, lo: int, hi: int, limit: dict) -> list[int]:
    """Likely source positions of the quote's first word, voted by its rarest words."""
    counted = []
    for i, word in enumerate(words):
        spots = doc.positions.get(word, [])
        a, b = bisect.bisect_left(spots, lo), bisect.bisect_left(spots, hi)
        if b > a:
            counted.append((b - a, i, spots[a:b]))
    counted.sort()
    votes: Counter = Counter()
    for _, i, spots in counted[: limit["anchor_words"]]:
        for spot in spots[: limit["max_occurrences"]]:
            votes[spot - i] += 1
    chosen: list[int] = []
    for anchor, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
        if all(abs(anchor - c) > len(words) // 2 for c in chosen):
            chosen.append(anchor)
        if len(chosen) == limit["candidates"]:
            break
    return chosen


def _diff(quote: list[str], span: list[str]) -> tuple[int, list[str]]:
    """How many quote words the span has, and reason codes for what the quote did
    to the source's words."""
    matched, reasons = 0, []
    for op in Levenshtein.opcodes(quote, span):
        if op.tag == "equal":
            matched += op.src_end - op.src_start
        said, wrote = quote[op.src_start : op.src_end], span[op.dest_start : op.dest_end]
        if op.tag == "replace":
            kind = "number" if all(w[0].isdigit() or w in _NUMBER_WORDS for w in said + wrote) else "word"
            reasons.append(f"{kind}_changed:{' '.join(said)}->{' '.join(wrote)}")
        elif op.tag == "insert":
            reasons.append(f"word_dropped:{' '.join(wrote)}")
        elif op.tag == "delete":
            reasons.append(f"word_added:{' '.join(said)}")
        if op.tag != "equal":
            if NEGATORS & set(wrote) and not NEGATORS & set(said):
                reasons.append("negation_dropped")
            if NEGATORS & set(said) and not NEGATORS & set(wrote):
                reasons.append("negation_added")
    return matched, reasons


def _align(words: list[str], doc: _Doc, lo: int, hi: int, limit: dict) -> list[_Alignment]:
    """Best alignments of a quote segment within source tokens [lo, hi), best first."""
    n, found = len(words), []
    for anchor in _rare_anchors(words, doc, lo, hi, limit):
        if doc.words[anchor : anchor + n] == words and anchor >= lo:
            return [_Alignment(anchor, anchor + n, 1.0)]
        pad = 3 + n // 4
        w_lo, w_hi = max(lo, anchor - pad), min(hi, anchor + n + pad)
        window = doc.words[w_lo:w_hi]
        rough = fuzz.partial_ratio_alignment(words, window)
        s_lo = rough.dest_start
        equal = [op for op in Levenshtein.opcodes(words, window[s_lo : rough.dest_end]) if op.tag == "equal"]
        if not equal:
            continue
        start, end = w_lo + s_lo + equal[0].dest_start, w_lo + s_lo + equal[-1].dest_end
        # Quote words left over at an edge stand for the source words there ("twice"
        # for "three"), not for nothing.
        start = max(w_lo, start - equal[0].src_start)
        end = min(w_hi, end + n - equal[-1].src_end)
        span = doc.words[start:end]
        matched, reasons = _diff(words, span)
        found.append(_Alignment(start, end, 2 * matched / (n + len(span)), reasons))
    return sorted(found, key=lambda a: -a.score)


def _find_exact(words: list[str], doc: _Doc) -> list[int]:
    rarest = min(words, key=lambda w: len(doc.positions.get(w, ())))
    offset = words.index(rarest)
    n = len(words)
    return [
        p - offset
        for p in doc.positions.get(rarest, ())
        if p >= offset and doc.words[p - offset : p - offset + n] == words
    ]


def _splice(words: list[str], doc: _Doc) -> tuple[int, int, int] | None:
    """(cut, first start, second start) when the quote joins words of two separate
    source sentences as if they were said together."""
    for cut in range(2, len(words) - 1):
        heads, tails = _find_exact(words[:cut], doc), _find_exact(words[cut:], doc)
        for head in heads:
            for tail in tails:
                if tail != head + cut and doc.sentence_of(head + cut - 1) != doc.sentence_of(tail):
                    return cut, head, tail
    return None


@dataclass
class _QuoteResult:
    score: float
    support: str
    reasons: list[str]
    spans: list[Span]  # token ranges that matched


def _match_quote(claim: Claim, doc: _Doc, limit: dict) -> _QuoteResult:
    segments = _segments(claim, limit)
    if not segments or not doc.words:
        return _QuoteResult(0.0, "none", ["no_quote_text" if not segments else "empty_source"], [])
    pivot = max(range(len(segments)), key=lambda i: len(segments[i].words))
    best: tuple[float, list[_Alignment | None]] | None = None
    for candidate in _align(segments[pivot].words, doc, 0, len(doc.words), limit):
        chain: list[_Alignment | None] = [None] * len(segments)
        chain[pivot] = candidate
        edge = candidate
        for i in range(pivot + 1, len(segments)):
            seg = segments[i]
            lo = edge.end if edge else 0
            hits = _align(seg.words, doc, lo, min(len(doc.words), lo + seg.max_gap + len(seg.words) + 2), limit)
            chain[i] = hits[0] if hits else None
            edge = chain[i] or edge
        edge = candidate
        for i in range(pivot - 1, -1, -1):
            seg, hi = segments[i], edge.start
            room = segments[i + 1].max_gap + len(seg.words) + 2
            hits = _align(seg.words, doc, max(0, hi - room), hi, limit)
            chain[i] = hits[0] if hits else None
            edge = chain[i] or edge
        total = sum(len(s.words) * (a.score if a else 0.0) for s, a in zip(segments, chain))
        score = total / sum(len(s.words) for s in segments)
        if best is None or score > best[0]:
            best = (score, chain)
    if best is None:
        return _QuoteResult(0.0, "none", ["quote_not_found"], [])
    score, chain = best
    reasons = [r for a in chain if a for r in a.diffs]
    reasons += [f"fragment_not_found:{' '.join(s.words)}" for s, a in zip(segments, chain) if a is None]
    spans = [(a.start, a.end) for a in chain if a]
    if score >= 1.0 and not reasons:
        return _QuoteResult(1.0, "exact", [], spans)
    for seg, alignment in zip(segments, chain):
        spliced = None if alignment and alignment.score >= 1.0 else _splice(seg.words, doc)
        if spliced:
            cut, head, tail = spliced
            return _QuoteResult(score, "close", ["spliced"], [(head, head + cut), (tail, tail + len(seg.words) - cut)])
    content = [w for s in segments for w in s.words if w not in STOPWORDS]
    matched_content = _content_overlap(content, [w for a, b in spans for w in doc.words[a:b]])
    close = score >= limit["close"] and matched_content >= limit["close"]
    return _QuoteResult(score, "close" if close else "none", reasons if close else ["quote_not_found"], spans)


def _content_overlap(wanted: list[str], have: list[str]) -> float:
    if not wanted:
        return 0.0
    pool = Counter(have)
    hit = 0
    for word in wanted:
        if pool[word] > 0:
            pool[word] -= 1
            hit += 1
    return hit / len(wanted)


# ---------------------------------------------------------------- paraphrases


@dataclass
class _Word:
    key: str
    text: str  # as written
    capitalized: bool

    @property
    def kind(self) -> str:
        if self.key[0].isdigit():
            return "number"
        if (self.key in MONTHS or self.key in WEEKDAYS) and self.capitalized:  # not "may", "march"
            return "date"
        if self.key in NEGATORS or self.key.endswith("n't"):
            return "negation"
        return "word"


@dataclass
class _ParaphraseResult:
    score: float
    support: str
    reasons: list[str]
    span: Span  # token range


def _claim_words(content: str) -> list[_Word]:
    return [
        _Word(word_key(t.norm), content[t.start : t.end], content[t.start].isupper())
        for t in tokenize(content)
    ]


def _windows(doc: _Doc, wanted: set[str], size: int):
    """Runs of up to `size` adjacent sentences touching a wanted key."""
    for first, (start, end) in enumerate(doc.sentences):
        if wanted & set(doc.keys[start:end]):
            for last in range(max(0, first - size + 1), first + 1):
                for stop in range(first, min(len(doc.sentences), last + size)):
                    yield doc.sentences[last][0], doc.sentences[stop][1]


def _slot_conflicts(
    claim: list[_Word], doc: _Doc, start: int, end: int, speakers: set[str]
) -> tuple[list[str], list[str]]:
    """(conflicts, missing): typed words of the claim that the passage states
    differently, and those it does not state at all. Names of the claim's own
    speakers (keys in `speakers`) need not be in the passage."""
    passage = [
        _Word(doc.keys[i], doc.text[doc.tokens[i].start : doc.tokens[i].end], doc.text[doc.tokens[i].start].isupper())
        for i in range(start, end)
    ]
    in_passage = {w.key for w in passage}
    in_claim = {w.key for w in claim}
    conflicts, missing, paired = [], [], set()
    gaps, gap_c, gap_p = [], [], []
    for op in Indel.opcodes([w.key for w in claim], [w.key for w in passage]):
        if op.tag == "equal":
            gaps.append((gap_c, gap_p))
            gap_c, gap_p = [], []
        else:
            gap_c += range(op.src_start, op.src_end)
            gap_p += range(op.dest_start, op.dest_end)
    gaps.append((gap_c, gap_p))

    def unit(words: list[_Word], i: int) -> str | None:
        return words[i + 1].key if i + 1 < len(words) else None

    def proper(i: int) -> bool:  # a name: capitalised, not merely the first word
        word = claim[i]
        return i > 0 and word.capitalized and word.text.lower() not in STOPWORDS and word.key not in speakers

    for gap_c, gap_p in gaps:
        small = len(gap_c) <= 3 and len(gap_p) <= 3
        for i in gap_c:
            said = claim[i]
            if said.kind not in ("number", "date", "word"):
                continue
            # A figure is stated when the passage has it with the same unit; elsewhere
            # in the passage ("voted 6-1" beside "8 percent") it may be another figure.
            stated = said.key in in_passage and (
                said.kind != "number"
                or any(p.key == said.key and unit(passage, j) == unit(claim, i) for j, p in enumerate(passage))
            )
            if stated:
                continue
            rivals = [
                j for j in gap_p
                if j not in paired and passage[j].kind == said.kind and passage[j].key not in in_claim
                and (said.kind != "word" or passage[j].capitalized)
            ]
            if said.kind in ("number", "date"):
                # A differing figure stands in the same slot, or is the passage's only
                # other figure of its unit (or only other month or weekday).
                same_class = [
                    j for j in range(len(passage))
                    if j not in paired and passage[j].kind == said.kind and passage[j].key not in in_claim
                    and (unit(passage, j) == unit(claim, i) if said.kind == "number"
                         else (passage[j].key in MONTHS) == (said.key in MONTHS))
                ]
                rivals = [j for j in rivals if j in same_class or (small and len(rivals) == 1)]
                if not rivals and len(same_class) == 1:
                    rivals = same_class
            elif proper(i) and not stated:
                rivals = rivals[:1] if small else []
            else:
                continue
            if rivals:
                paired.add(rivals[0])
                kind = "name" if said.kind == "word" else said.kind
                conflicts.append(f"{kind}_changed:{said.text}->{passage[rivals[0]].text}")
            elif said.key not in in_passage:
                missing.append(f"{'name' if said.kind == 'word' else said.kind}_missing:{said.text}")
        negated_c = any(claim[i].kind == "negation" for i in gap_c)
        negated_p = any(passage[j].kind == "negation" for j in gap_p)
        if negated_c != negated_p and len(gap_c if negated_c else gap_p) <= 3:
            conflicts.append("negation_added" if negated_c else "negation_dropped")
    return conflicts, missing


def _present(wanted: set[str], have: set[str]) -> set[str]:
    """Wanted keys the passage has, or has in another form ("analyzed", "analysis")."""
    found = wanted & have
    stems = {k[:5] for k in have if len(k) >= 5}
    return found | {k for k in wanted - found if len(k) >= 5 and k[:5] in stems}


def _match_paraphrase(claim: Claim, doc: _Doc, limit: dict) -> _ParaphraseResult:
    words = _claim_words(claim.content or claim.text)
    content = {w.key: w for w in words if w.text.lower() not in STOPWORDS and w.kind != "negation"}
    if len(content) < limit["min_content_words"] or not doc.sentences:
        return _ParaphraseResult(0.0, "none", ["nothing_to_compare"], (0, 0))
    n = len(doc.sentences)

    def weight(key: str) -> float:
        rarity = 1 + math.log((n + 1) / (doc.sentence_df[key] + 1))
        return rarity * (limit["number_weight"] if content[key].kind == "number" else 1)

    weights = {k: weight(k) for k in content}
    plain = {k for k, w in content.items() if w.kind == "word"}
    total, total_plain = sum(weights.values()), sum(weights[k] for k in plain) or 1.0
    claim_text = normalize_text(claim.content or claim.text)
    credited = [claim.speaker, *([claim.via] if claim.via else [])]
    speakers = {word_key(t.norm) for who in credited for name in (who.name, *who.aliases) for t in tokenize(name)}
    scored = []
    for start, end in set(_windows(doc, set(content), limit["window_sentences"])):
        present = _present(set(content), set(doc.keys[start:end]))
        recall = sum(weights[k] for k in present) / total
        recall_plain = sum(weights[k] for k in present & plain) / total_plain
        scored.append((recall, -(end - start), start, end, recall_plain))
    if not scored:
        return _ParaphraseResult(0.0, "none", ["not_stated"], (0, 0))
    scored.sort(reverse=True)
    outcomes = []
    for recall, _, start, end, recall_plain in scored[: limit["passages_examined"]]:
        passage_text = normalize_text(doc.text[doc.tokens[start].start : doc.tokens[end - 1].end])
        similarity = fuzz.token_set_ratio(claim_text, passage_text) / 100
        score = (1 - limit["token_set_weight"]) * recall + limit["token_set_weight"] * similarity
        conflicts, missing = _slot_conflicts(words, doc, start, end, speakers)
        if conflicts and recall_plain >= limit["close"]:
            outcomes.append(_ParaphraseResult(score, "close", conflicts, (start, end)))
        elif not conflicts and not missing and score >= limit["supported"]:
            outcomes.append(_ParaphraseResult(score, "exact", [], (start, end)))
        else:
            outcomes.append(_ParaphraseResult(score, "none", missing + ["not_stated"], (start, end)))
    rank = {"exact": 2, "close": 1, "none": 0}
    return max(outcomes, key=lambda o: (rank[o.support], round(o.score, 2), o.span[0] - o.span[1]))


# ---------------------------------------------------------------- attribution


def _name_words(name: str) -> list[str]:
    return [w for w in re.split(r"[^\w]+", name.casefold().replace("’", "'")) if w and w != "s"]


def is_resolved_name(name: str | None) -> bool:
    """A name that says who: not a pronoun, not only lower-case words ("the mayor")."""
    if not name or name.strip().casefold() in PRONOUNS:
        return False
    return any(w[:1].isupper() for w in name.split())


def same_speaker(name: str, speaker: Speaker) -> bool:
    """Whether `name` designates the speaker, allowing short forms, titles and case."""
    words = _name_words(name)
    if not words:
        return False
    for other in (speaker.name, *speaker.aliases):
        theirs = _name_words(other)
        if theirs and (theirs[-1] == words[-1] or same_outlet(name, other)):
            return True
    return False


def _initials(name: str) -> str:
    words = re.split(r"[\s\-]+", re.sub(r"^the\s+", "", name.casefold().strip()))
    return "".join(w[0] for w in words if w[:1].isalnum())


def same_outlet(a: str, b: str, registry: Registry | None = None) -> bool:
    """Whether two names designate the same outlet or organisation."""
    if registry:
        outlet = registry.by_name(a)
        if outlet and any(name_key(n) == name_key(b) for n in (outlet.name, *outlet.aliases)):
            return True
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb or set(ka.split()) <= set(kb.split()) or set(kb.split()) <= set(ka.split()):
        return True
    return (" " not in ka and len(ka) > 1 and ka == _initials(b)) or (
        " " not in kb and len(kb) > 1 and kb == _initials(a)
    )


def credited_outlet_of(claim: Claim, rules: dict, credited_outlet: str | None = None) -> str | None:
    """The outlet or organisation a claim is credited to, if any."""
    if credited_outlet:
        return credited_outlet
    if claim.via:
        return claim.via.name
    if claim.speaker.kind in ("publication", "organization"):
        return claim.speaker.name
    if claim.speaker.kind == "unknown" and Registry.from_rules(rules).by_name(claim.speaker.name):
        return claim.speaker.name
    return None


def publisher_names(source: Article, registry: Registry) -> list[str]:
    names = [source.publisher] if source.publisher else []
    if source.title:
        site = re.split(r"\s+[|–—-]\s+", source.title)[-1].strip()
        if site != source.title.strip() and len(site.split()) <= 5:
            names.append(site)
    if source.url and (outlet := registry.by_url(source.url)):
        names += [outlet.name, *outlet.aliases]
    return names


def publisher_matches(outlet: str, source: Article, registry: Registry) -> bool | None:
    """True when the source is published by `outlet`, False when by another, None if unknown."""
    names = publisher_names(source, registry)
    if any(same_outlet(outlet, name, registry) for name in names):
        return True
    host = host_of(source.url or "")
    labels = [] if re.fullmatch(r"[\d.:]*", host) else host.split(".")[:-1]
    if name_key(outlet).replace(" ", "") in labels:
        return True
    return False if names else None


def _names_in(sentence: str, cue_words: frozenset[str]) -> list[tuple[str, bool]]:
    """Names a sentence mentions outside its quotations, in order, each with whether
    it stands next to a reporting verb ("Santos said", "said Reyes"). A name is a run
    of capitalised words, or a single one next to a reporting verb."""
    text = sentence
    for quote in find_quotes(sentence):
        text = text[: quote.start] + "|" * (quote.end - quote.start) + text[quote.end :]
    names = []
    for found in _NAME.finditer(text):
        # A period ends the name unless it closes a title or an initial ("Dr.", "J.").
        run = re.split(r"(?<=\w{5})\.\s", found.group())[0]
        words = run.split()
        while words and words[0].casefold().strip(".") in STOPWORDS | _PREPOSITIONS:
            words.pop(0)
        before = (text[: found.start()].split()[-1:] or [""])[0].casefold().strip("(,")
        after = (text[found.start() + len(run) :].split()[:1] or [""])[0].casefold().strip(".,")
        name = " ".join(words).rstrip(".,")
        if not words or before in _PREPOSITIONS or name.endswith(("'s", "’s")):
            continue
        if name.casefold() in MONTHS or name.casefold() in WEEKDAYS:
            continue
        reporting = bool({before, after} & cue_words)
        if len(words) > 1 or reporting:
            names.append((name, reporting))
    return names


def _label(source: Article, offset: int) -> str | None:
    paragraphs = _paragraphs(source)
    starts = [p[0] for p in paragraphs]
    index = bisect.bisect_right(starts, offset) - 1
    if index < 0:
        return None
    found = _LABEL.match(source.text, paragraphs[index][0])
    return found.group(1).strip().title() if found else None


def cue_words(rules: dict) -> frozenset[str]:
    """Single-word reporting verbs of the attribution cues in rules."""
    forms = (f for cue in rules.get("cues", {}).get("cue", []) for group in cue.get("forms", []) for f in group.split("|"))
    return frozenset(f.casefold() for f in forms if " " not in f)


def credited_to(
    source: Article,
    doc: _Doc,
    source_claims: list[Claim],
    tokens: Span,
    cues: frozenset[str],
    *,
    quoted: bool,
) -> str | None:
    """Who the source credits the words at token range `tokens` to: a transcript's
    speaker label, the source's own attribution, or for quotations the name the
    sentence (or the one before it) reports them from."""
    start, end = doc.char_span(*tokens)
    if label := _label(source, start):
        return label

    def overlap(span: Span) -> int:
        return min(span[1], end) - max(span[0], start)

    credits = [
        (max([overlap(s) for s in c.spans.content] or [0]), overlap(c.span), c.speaker.name)
        for c in source_claims
        if is_resolved_name(c.speaker.name)
    ]
    credits = [c for c in credits if c[0] > 0 or c[1] > 0]
    if credits:
        return max(credits)[2]
    first, last = doc.sentence_of(tokens[0]), doc.sentence_of(tokens[1] - 1)
    for index in range(first, max(first - 3, -1), -1):
        if index < first and doc.sentence_paragraph[index] != doc.sentence_paragraph[first]:
            break
        a, b = doc.sentence_chars(index, last if index == first else index)
        names = _names_in(source.text[a:b], cues)
        reporting = [name for name, by_cue in names if by_cue]
        if reporting or (quoted and names):
            return (reporting or [names[0][0]])[0]
    return None


def _outlet_named(outlet: str, passage: str) -> bool:
    key = name_key(outlet)
    return bool(key) and re.search(rf"\b{re.escape(key)}\b", name_key(passage)) is not None


# ---------------------------------------------------------------- entry point


def match(
    claim: Claim,
    source: Article,
    source_claims: list[Claim],
    rules: dict,
    *,
    credited_outlet: str | None = None,
) -> Evidence:
    """How well `source` holds `claim`, and who it credits the matching passage to."""
    doc = prepare(source)
    registry = Registry.from_rules(rules)
    if claim.is_direct:
        found = _match_quote(claim, doc, limits(rules, "quote"))
        kind, score, support, reasons, spans = "quote", found.score, found.support, found.reasons, found.spans
    else:
        found = _match_paraphrase(claim, doc, limits(rules, "paraphrase"))
        kind, score, support, reasons = "paraphrase", found.score, found.support, found.reasons
        spans = [found.span] if found.span[1] > found.span[0] else []
    evidence = Evidence(
        url=source.url or source.input,
        score=round(score, 3),
        kind=kind,
        support=support,
        reasons=reasons,
        publisher=(publisher_names(source, registry) or [None])[0],
    )
    if spans and support != "none":
        first, last = spans[0], spans[-1]
        evidence.span = (doc.char_span(*first)[0], doc.char_span(*last)[1])
        sentences = {i for a, b in spans for i in range(doc.sentence_of(a), doc.sentence_of(b - 1) + 1)}
        pieces = [doc.sentence_chars(i, i) for i in sorted(sentences)]
        merged = [list(pieces[0])]
        for a, b in pieces[1:]:
            if source.text[merged[-1][1] : a].strip():
                merged.append([a, b])
            else:
                merged[-1][1] = b
        evidence.passage = " … ".join(source.text[a:b] for a, b in merged)
        evidence.credited_to = credited_to(
            source, doc, source_claims, (first[0], last[1]), cue_words(rules), quoted=kind == "quote"
        )
    outlet = credited_outlet_of(claim, rules, credited_outlet)
    if outlet:
        evidence.publisher_match = publisher_matches(outlet, source, registry)
        if evidence.passage and _outlet_named(outlet, evidence.passage):
            evidence.credited_to = outlet
    return evidence
