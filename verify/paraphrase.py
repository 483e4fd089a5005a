"""Whether a source passage states an indirect claim.

Passages (single sentences or runs of adjacent ones) are scored on the
rarity-weighted share of the claim's content words they hold, compared by
lexicon key (stem, canonical figure, paraphrase group), blended with token-set
similarity. Figures, dates, names and negation are then compared slot by slot: a
slot the passage fills differently makes it the claim misstated, a slot it leaves
empty makes it another statement.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .lexicon import FILLER, MAGNITUDES, MONTHS, NEGATORS, SHARE, STOPWORDS, WEEKDAYS, Lexicon, priced_words, stem
from .normalize import normalize_text, tokenize
from .passages import Doc
from .records import Article, Claim, Span

SCALES = frozenset(MAGNITUDES) | {"percent"}
_NEAR = 8  # words apart that still make one statement
_MONTH = "|".join([*MONTHS, "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec"])
_DATE = re.compile(
    rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?|({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?),?\s+(\d{{4}})\b"
    r"|\b(\d{4})-(\d{2})-(\d{2})",
    re.IGNORECASE,
)


def weekdays_of(text: str) -> set[str]:
    """Weekdays of the full dates written in `text` ("3 June 2024", "June 3, 2024", "2024-06-03")."""
    found = set()
    for m in _DATE.finditer(text):
        day, month, month_first, day_after, year, iso_year, iso_month, iso_day = m.groups()
        try:
            if iso_year:
                when = date(int(iso_year), int(iso_month), int(iso_day))
            else:
                name = (month or month_first).casefold()
                number = next(i for i, full in enumerate(MONTHS, 1) if full.startswith(name))
                when = date(int(year), number, int(day or day_after))
        except ValueError:
            continue
        found.add(WEEKDAYS[when.weekday()])
    return found


@dataclass(frozen=True)
class Context:
    """What a source says about itself, which a passage need not repeat: the names
    in its title and publisher ("State v. Aldous Penhale": the defendant is Penhale),
    and the weekday of its own date (a claim's "on Thursday" for a release dated
    Thursday)."""

    names: frozenset[str] = frozenset()
    weekdays: frozenset[str] = frozenset()

    @classmethod
    def of(cls, source: Article, lexicon: Lexicon) -> Context:
        header = " ".join(filter(None, [source.title, source.publisher]))
        names = frozenset(lexicon.key(t.norm) for t in tokenize(header) if header[t.start].isupper())
        # The dateline sits at the top of the text; the metadata date may be missing.
        dated = " ".join(filter(None, [source.published, source.text[:300]]))
        return cls(names, frozenset(weekdays_of(dated)))


@dataclass
class _Word:
    key: str
    norm: str  # normalised form, for what kind of word it is
    text: str  # as written, for reasons
    capitalized: bool

    @property
    def kind(self) -> str:
        if self.norm == FILLER:  # a word a phrase before it stands for
            return "filler"
        if self.key[0].isdigit() or self.norm in MAGNITUDES:  # "million" is part of the figure
            return "number"
        if (self.norm in MONTHS or self.norm in WEEKDAYS) and self.capitalized:  # not "may", "march"
            return "date"
        if self.norm in NEGATORS or self.norm.endswith("n't"):
            return "negation"
        return "word"


@dataclass
class ParaphraseResult:
    score: float
    support: str
    reasons: list[str]
    span: Span  # token range
    core: Span | None = None  # the sentence of the span holding most of the claim


def _claim_words(content: str, lexicon: Lexicon) -> list[_Word]:
    tokens = tokenize(content)
    norms, keys = lexicon.read([t.norm for t in tokens], priced_words(content, [t.start for t in tokens]))
    return [
        _Word(key, norm, content[t.start : t.end], content[t.start].isupper())
        for t, norm, key in zip(tokens, norms, keys)
    ]


def _content(words: list[_Word]) -> dict[str, _Word]:
    """The words that carry what a claim says, by key."""
    return {w.key: w for w in words if w.norm not in STOPWORDS and w.kind not in ("negation", "filler")}


def _windows(keys: list[str], doc: Doc, wanted: set[str], size: int):
    """Runs of up to `size` adjacent sentences touching a wanted key."""
    for first, (start, end) in enumerate(doc.sentences):
        if wanted & set(keys[start:end]):
            for last in range(max(0, first - size + 1), first + 1):
                for stop in range(first, min(len(doc.sentences), last + size)):
                    yield doc.sentences[last][0], doc.sentences[stop][1]


# Nouns for what others say: a denial of "reports that X" denies X.
_HEARSAY = frozenset(stem(w) for w in "report claim allegation suggestion accusation rumor rumour speculation".split())


def _denied(words: list[_Word], i: int, count: int = 2) -> tuple[str, ...]:
    """What a negator at `i` denies: the next two content words within four ("not"
    in "should not use that water" denies "use", "water"). A negated quantity ("none
    of the 76 passengers had been hurt") denies what is said of it, further on: all
    content words of the clause, up to twelve; so does a denial of reports that say
    something."""
    of_quantity = i + 1 < len(words) and words[i + 1].norm == "of"
    # "denies reports that the alarm was off" denies what the reports say: that clause.
    of_hearsay = i + 2 < len(words) and words[i + 1].key in _HEARSAY and words[i + 2].norm == "that"
    if of_hearsay:
        i += 2
    reach, count = (13, None) if of_quantity or of_hearsay else (count + 3, count)
    following = [w.key for w in words[i + 1 : i + reach] if w.kind in ("word", "number") and w.norm not in STOPWORDS]
    return tuple(following[:count])


def _states(denied: tuple[str, ...], words: list[_Word]) -> bool:
    """Whether `words` assert what a negator denies ("would close" for "would not
    close"): its first denied word, and its second, if there, near the first. Words
    merely mentioned apart ("Bristow's ... run these stores" for "no Bristow's store
    would close") make no such statement."""
    if len(denied) > 2:  # a denied clause is asserted when most of it is there
        present = {w.key for w in words}
        return 2 * sum(key in present for key in denied) >= len(denied)
    places = [[j for j, w in enumerate(words) if w.key == key] for key in denied[:2]]
    if not places or not places[0]:
        return False
    return len(places) == 1 or not places[1] or any(abs(a - b) <= _NEAR for a in places[0] for b in places[1])


def _same_quantity(claim: list[_Word], i: int, passage: list[_Word], j: int) -> bool:
    """Whether equal figures count the same thing: the word after one ("388 short",
    "388 signatures short") is among the three after the other, or either figure is
    followed by no counting word at all ("4,500, so"). A figure of three or more
    digits rarely recurs by chance, so its scale alone must agree ("1,400 trucks",
    "1,400 heavy goods vehicles"; not "1.82 billion", "1.82 million")."""

    def counted(words: list[_Word], at: int) -> str | None:
        after = words[at + 1] if at + 1 < len(words) else None
        return after.key if after and after.norm not in STOPWORDS and after.kind not in ("negation", "filler") else None

    def next_keys(words: list[_Word], at: int) -> list[str]:
        return [w.key for w in words[at + 1 : at + 4]]

    in_claim, in_passage = counted(claim, i), counted(passage, j)
    if claim[i].key[0].isdigit() and len(claim[i].key.replace(".", "").lstrip("0")) >= 3:
        return (in_claim if in_claim in SCALES else None) == (in_passage if in_passage in SCALES else None)
    return (
        in_claim is None or in_passage is None
        or in_claim in next_keys(passage, j) or in_passage in next_keys(claim, i)
    )


# A figure's qualifier and the values of the source's figure it allows: (low, high)
# factors of the claim's figure, and whether the figure itself is excluded ("more than
# 40" holds 43 but not 40 or 400).
_BOUNDS = {
    ("more", "than"): (1.0, 1.5, True), ("over",): (1.0, 1.5, True), ("above",): (1.0, 1.5, True),
    ("at", "least"): (1.0, 1.5, False), ("upwards", "of"): (1.0, 1.5, False),
    ("fewer", "than"): (0.67, 1.0, True), ("less", "than"): (0.67, 1.0, True), ("under",): (0.67, 1.0, True),
    ("below",): (0.67, 1.0, True), ("up", "to"): (0.67, 1.0, False), ("at", "most"): (0.67, 1.0, False),
    ("about",): (0.9, 1.1, False), ("around",): (0.9, 1.1, False), ("roughly",): (0.9, 1.1, False),
    ("approximately",): (0.9, 1.1, False), ("nearly",): (0.9, 1.0, False), ("almost",): (0.9, 1.0, False),
}


# A share in words stands for the percentages it rounds ("two-thirds" for 67%, "six in
# ten" for 58%), either way round.
_SHARE_BOUNDS = (0.93, 1.07, False)


def _within_bound(claim: list[_Word], i: int, figures: list[tuple[str, str]]) -> bool:
    """Whether the claim's figure at `i`, read with the qualifier before it ("more
    than 40") or as a share in words, allows one of the source's figures (key, norm)."""
    qualifier = next((b for b in _BOUNDS if tuple(w.norm for w in claim[max(0, i - len(b)) : i]) == b), None)
    value = _number(claim[i].key)
    if not value:
        return False
    for key, norm in figures:
        found = _number(key)
        if qualifier is not None:
            low, high, strict = _BOUNDS[qualifier]
            if claim[i].norm == SHARE and high == 1.0:
                high = _SHARE_BOUNDS[1]  # "nearly a third" still rounds 33.6%
        elif SHARE in (claim[i].norm, norm):
            low, high, strict = _SHARE_BOUNDS
        else:
            continue
        if found is not None and low * value <= found <= high * value and not (strict and found == value):
            return True
    return False


def _unit(keys: list[str], norms: list[str]) -> str | None:
    """What the figure keys[0] counts: "percent" for a share in words, "amount" for a
    figure read with its scale ("2.4bn"), else the word after it (keys[1])."""
    if norms[0] == SHARE:  # "two-thirds" is a percentage
        return "percent"
    if stem(norms[0]) != keys[0]:
        return "amount"
    return keys[1] if len(keys) > 1 else None


def _share_counted_near(claim: list[_Word], i: int, keys: list[str], j: int) -> bool:
    """Whether a share in words at claim[i] may be the figure at keys[j]: what it is a
    share of ("two-thirds of homes") stands near that figure ("67% of homes"), not
    only the word "percent" ("premiums rose 32 percent")."""
    if claim[i].norm != SHARE:
        return True
    counted = next((w.key for w in claim[i + 1 : i + 5] if w.norm != FILLER and w.norm not in STOPWORDS), None)
    return counted is None or counted in keys[max(0, j - 6) : j + 6]


def _complement(share: str, other: str) -> bool:
    """Whether `other` is about the rest of a share in words (66.7 for "a third")."""
    value, found = _number(share), _number(other)
    if value is None or found is None:
        return False
    rest = 100 - value
    return _SHARE_BOUNDS[0] * rest <= found <= _SHARE_BOUNDS[1] * rest


def _number(key: str) -> float | None:
    try:
        return float(key)
    except ValueError:
        return None


def _reversals(claim: list[_Word], passage: list[_Word], lexicon: Lexicon) -> tuple[list[str], set[int], set[int]]:
    """Meaning the passage turns around: a word of opposite meaning in place of the
    claim's ("fell" for "increased"), or a negator denying a word the other side
    asserts ("would not close" for "would close"). Returns the reasons and the
    negators accounted for, in claim and in passage."""
    in_claim, in_passage = {w.key for w in claim}, {w.key for w in passage}
    reasons = []
    for word in claim:
        opposite = lexicon.opposite(word.key)
        if opposite and word.key not in in_passage and opposite in in_passage:
            said = next(p for p in passage if p.key == opposite)
            reasons.append(f"word_changed:{word.text}->{said.text}")
    denied_c, denied_p = _denials(claim), _denials(passage)
    # Both sides deny the same thing, wherever the alignment puts their negators, and
    # one may say more before it ("without a fee", "without paying a change fee").
    wide_c, wide_p = _denials(claim, count=4), _denials(passage, count=4)
    agreed_c = {i for i, keys in denied_c.items() if any(set(keys) & set(other) for other in wide_p.values())}
    agreed_p = {j for j, keys in denied_p.items() if any(set(keys) & set(other) for other in wide_c.values())}
    # A denial of what the other side asserts is a reversal.
    settled_c = agreed_c | {i for i, keys in denied_c.items() if _states(keys, passage)}
    settled_p = agreed_p | {j for j, keys in denied_p.items() if _states(keys, claim)}
    if settled_c - agreed_c:
        reasons.append("negation_added")
    if settled_p - agreed_p:
        reasons.append("negation_dropped")
    return reasons, settled_c, settled_p


def _denials(words: list[_Word], count: int = 2) -> dict[int, tuple[str, ...]]:
    """Negators that deny something, and what each denies (its next `count` content words)."""
    found = {i: _denied(words, i, count) for i, w in enumerate(words) if w.kind == "negation"}
    return {i: keys for i, keys in found.items() if keys}


def _slot_conflicts(
    claim: list[_Word], passage: list[_Word], speakers: set[str], known: set[str], lexicon: Lexicon,
    said_elsewhere: frozenset[str] = frozenset(),
) -> tuple[list[str], list[str]]:
    """(conflicts, missing): typed words of the claim that the passage states
    differently, and those it does not state at all. Names of the claim's own
    speakers (keys in `speakers`) need not be in the passage, nor names and dates
    the source states about itself (`known`). A passage's figure or name that the
    claim states elsewhere (`said_elsewhere`, when `claim` is one of its clauses) is
    no rival value."""
    in_passage = {w.key for w in passage}
    in_claim = {w.key for w in claim} | said_elsewhere
    conflicts, settled_c, settled_p = _reversals(claim, passage, lexicon)
    missing, paired = [], set()
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
        return _unit([w.key for w in words[i : i + 2]], [w.norm for w in words[i : i + 2]])

    def lead(words: list[_Word], i: int) -> str | None:
        """The word a figure follows, past "by", "to" ("rose by 28,000"; "added 38,000")."""
        before = [w for w in words[max(0, i - 2) : i] if w.norm not in STOPWORDS]
        return before[-1].key if before and before[-1].kind == "word" else None

    def proper(i: int) -> bool:  # a name: capitalised, not merely the first word
        word = claim[i]
        return i > 0 and word.capitalized and word.norm not in STOPWORDS and word.key not in speakers

    passage_keys = [p.key for p in passage]
    for gap_c, gap_p in gaps:
        small = len(gap_c) <= 3 and len(gap_p) <= 3
        for i in gap_c:
            said = claim[i]
            if said.kind not in ("number", "date", "word"):
                continue
            # A figure is stated when the passage has it counting the same thing;
            # elsewhere ("voted 6-1" beside "8 percent") it may be another figure.
            stated = said.key in in_passage and (
                said.kind != "number"
                or any(p.key == said.key and _same_quantity(claim, i, passage, j) for j, p in enumerate(passage))
            )
            if stated or said.kind == "number" and _within_bound(claim, i, [
                (p.key, p.norm) for j, p in enumerate(passage)
                if p.kind == "number" and (unit(passage, j) == unit(claim, i) or (lead(claim, i) or "") == lead(passage, j))
                and _share_counted_near(claim, i, passage_keys, j)
            ]):
                continue
            rivals = [
                j for j in gap_p
                if j not in paired and passage[j].kind == said.kind and passage[j].key not in in_claim
                and (said.kind != "word" or passage[j].capitalized)
            ]
            if said.kind in ("number", "date"):
                # A differing figure stands in the same slot, or is the passage's only
                # other figure of its unit or after the same word (or only other month
                # or weekday).
                same_class = [
                    j for j in range(len(passage))
                    if j not in paired and passage[j].kind == said.kind and passage[j].key not in in_claim
                    and (unit(passage, j) == unit(claim, i) is not None or (lead(claim, i) or "") == lead(passage, j)
                         if said.kind == "number"
                         else (passage[j].norm in MONTHS) == (said.norm in MONTHS))
                ]
                rivals = [j for j in rivals if j in same_class or (small and len(rivals) == 1)]
                if not rivals and len(same_class) == 1:
                    rivals = same_class
            elif proper(i):
                rivals = rivals[:1] if small else []
            else:
                continue
            if rivals and said.norm == SHARE and _complement(said.key, passage[rivals[0]].key):
                rivals = []  # "a third cancelled" beside "two-thirds operate": the rest, unconfirmed
            if rivals:
                paired.add(rivals[0])
                kind = "name" if said.kind == "word" else said.kind
                conflicts.append(f"{kind}_changed:{said.text}->{passage[rivals[0]].text}")
            elif said.key not in known:
                missing.append(f"{'name' if said.kind == 'word' else said.kind}_missing:{said.text}")
        # Negators whose denied words the other side does not state: compared where
        # they stand, when few words stand there on both sides. A claim's denial the
        # passage has no counterpart for is a statement it does not make.
        negated_c = [i for i in gap_c if claim[i].kind == "negation" and i not in settled_c]
        negated_p = any(passage[j].kind == "negation" and j not in settled_p for j in gap_p)
        if bool(negated_c) != negated_p and small:
            conflicts.append("negation_added" if negated_c else "negation_dropped")
        elif negated_c and not negated_p:
            missing.append(f"negation_missing:{claim[negated_c[0]].text}")
    return conflicts, missing


def _periods_named(words: list[_Word], passage_norms: list[str], tokens: list, text: str, lexicon: Lexicon) -> set[str]:
    """Keys of the claim's "month" the passage states by naming one ("during the
    month" for "in March"): a writer refers back to the period the source names."""
    month = lexicon.key("month")
    if not any(w.key == month for w in words):
        return set()
    names = any(norm in MONTHS and text[t.start].isupper() for norm, t in zip(passage_norms, tokens))
    return {month} if names else set()


# Named items listed before the noun they share: "Harrow, Ostry and Fenwick counties".
_NAMED = r"[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*"
_LISTED = re.compile(rf"\b({_NAMED}(?:\s*,\s*{_NAMED})*),?\s+(?:and|&)\s+{_NAMED}\s+([a-z]+)")


def _counts_listed(words: list[_Word], passage_text: str, lexicon: Lexicon) -> set[str]:
    """Keys of the claim's counts that the passage states by listing the things
    counted: "four counties" for "Harrow, Ostry, Marrowick and Fenwick counties"."""
    listed = {
        (str(match.group(1).count(",") + 2), lexicon.key(match.group(2)))
        for match in _LISTED.finditer(passage_text)
    }
    return {
        said.key for said, noun in zip(words, words[1:])
        if said.kind == "number" and (said.key, noun.key) in listed
    }


def _tightest(scored: list[tuple], doc: Doc) -> list[tuple]:
    """Windows without a smaller window inside them holding the same claim words: a
    neighbouring sentence that adds nothing (someone else's quote) is not the passage."""
    present_in = {(entry[2], entry[3]): entry[6] for entry in scored}
    first_of = {start: i for i, (start, _) in enumerate(doc.sentences)}
    last_of = {end: i for i, (_, end) in enumerate(doc.sentences)}

    def padded(entry: tuple) -> bool:
        first, last = first_of[entry[2]], last_of[entry[3]]
        inner = ((a, b) for a in range(first, last + 1) for b in range(a, last + 1) if (a, b) != (first, last))
        return any(present_in.get((doc.sentences[a][0], doc.sentences[b][1])) == entry[6] for a, b in inner)

    return [entry for entry in scored if not padded(entry)]


def _present(wanted: set[str], have: set[str]) -> set[str]:
    """Wanted keys the passage has, or has in another form ("analyzed", "analysis")."""
    found = wanted & have
    stems = {k[:5] for k in have if len(k) >= 5}
    return found | {k for k in wanted - found if len(k) >= 5 and k[:5] in stems}


# A figure converted to another currency in brackets ("45 million kronor (about $4.7
# million)"): the writer's gloss for readers, not something the source need say.
_CONVERSION = re.compile(
    r"\s*\(\s*(?:about|approximately|roughly|around|some|nearly|almost|or|equal to|~)?\s*"
    r"(?:[A-Z]{1,3})?[$€£¥₹]\s?\d[\d.,]*\s*(?:thousand|million|billion|trillion|bn|mn|tn|[mkb])?\.?\s*\)"
)


def match_paraphrase(claim: Claim, doc: Doc, limit: dict, lexicon: Lexicon, context: Context) -> ParaphraseResult:
    content = _CONVERSION.sub("", claim.content or claim.text)
    words = _claim_words(content, lexicon)
    if lexicon.denies(claim.cue):
        words.insert(0, _Word("not", "not", "not", False))
    found = _best_passage(words, content, claim, doc, limit, lexicon, context)
    if found.support != "none":
        return found
    # A claim may join a statement the source misstates to words of the writer's own
    # ("... at 14.2 metres, well above the flood level"): a clause the source states
    # differently still makes the claim misstated, though no clause alone verifies it.
    said = frozenset(w.key for w in words)
    for clause in _clauses(content):
        clause_words = _claim_words(clause, lexicon)
        if len(_content(clause_words)) >= limit["clause_min_content_words"]:
            part = _best_passage(clause_words, clause, claim, doc, limit, lexicon, context, said_elsewhere=said)
            if part.support == "close":
                return part
    return found


def _clauses(content: str) -> list[str]:
    """The parts of a claim between commas, semicolons, colons, dashes and brackets."""
    parts = re.split(r"\s*(?:[,;:()]|\s[-–—]\s)\s*", content)
    return [part for part in parts if part] if len(parts) > 1 else []


def _best_passage(
    words: list[_Word], content_text: str, claim: Claim, doc: Doc, limit: dict, lexicon: Lexicon, context: Context,
    said_elsewhere: frozenset[str] = frozenset(),
) -> ParaphraseResult:
    content = _content(words)
    if len(content) < limit["min_content_words"] or not doc.sentences:
        return ParaphraseResult(0.0, "none", ["nothing_to_compare"], (0, 0))
    norms, keys, sentence_df = doc.read(lexicon)
    n = len(doc.sentences)

    def weight(key: str) -> float:
        rarity = 1 + math.log((n + 1) / (sentence_df[key] + 1))
        return rarity * (limit["number_weight"] if content[key].kind == "number" else 1)

    weights = {k: weight(k) for k in content}
    plain = {k for k, w in content.items() if w.kind == "word"}
    total, total_plain = sum(weights.values()), sum(weights[k] for k in plain) or 1.0
    claim_text = normalize_text(content_text)
    credited = [claim.speaker, *([claim.via] if claim.via else [])]
    speakers = {lexicon.key(t.norm) for who in credited for name in (who.name, *who.aliases) for t in tokenize(name)}
    named = {w.key for w in words[1:] if w.kind == "word" and w.capitalized and w.key in context.names}
    dated = {w.key for w in words if w.kind == "date" and w.norm in context.weekdays}
    scored = []
    for start, end in set(_windows(keys, doc, set(content), limit["window_sentences"])):
        passage_text = doc.text[doc.tokens[start].start : doc.tokens[end - 1].end]
        known = named | dated | {w.key for w in words if w.kind == "date" and w.norm in weekdays_of(passage_text)}
        known |= _periods_named(words, norms[start:end], doc.tokens[start:end], doc.text, lexicon)
        known |= _counts_listed(words, passage_text, lexicon)
        window = keys[start:end]
        figures = [
            (j, keys[j], norms[j], _unit(keys[j : min(j + 2, end)], norms[j : min(j + 2, end)]))
            for j in range(start, end) if keys[j][:1].isdigit()
        ]
        for i, word in enumerate(words):
            if word.kind != "number":
                continue
            counts = _unit([w.key for w in words[i : i + 2]], [w.norm for w in words[i : i + 2]])
            near = {w.key for w in words[i + 1 : i + 4]}
            # A figure counting something else ("premiums rose 32 percent" for "a third of
            # homes") is no bound of it; "200 district computers" and "230 computers" agree.
            alike = [
                (k, n) for j, k, n, other in figures
                if (counts is None or other is None or other in near or counts in keys[j + 1 : min(j + 4, end)])
                and _share_counted_near(words, i, window, j - start)
            ]
            if _within_bound(words, i, alike):
                known.add(word.key)
        present = _present(set(content), set(keys[start:end]) | known)
        recall = sum(weights[k] for k in present) / total
        recall_plain = sum(weights[k] for k in present & plain) / total_plain
        scored.append((recall, -(end - start), start, end, recall_plain, known, frozenset(present)))
    if not scored:
        return ParaphraseResult(0.0, "none", ["not_stated"], (0, 0))
    scored = _tightest(scored, doc)
    scored.sort(key=lambda s: s[:4], reverse=True)
    outcomes = []
    for recall, _, start, end, recall_plain, known, _ in scored[: limit["passages_examined"]]:
        passage_text = normalize_text(doc.text[doc.tokens[start].start : doc.tokens[end - 1].end])
        similarity = fuzz.token_set_ratio(claim_text, passage_text) / 100
        score = (1 - limit["token_set_weight"]) * recall + limit["token_set_weight"] * similarity
        passage = [
            # A source's own denial ("denies reports that ...") negates what follows, as
            # the claim's denial cue does.
            _Word("not", "not", doc.text[doc.tokens[i].start : doc.tokens[i].end], False) if keys[i] in lexicon.denials
            else _Word(keys[i], norms[i], doc.text[doc.tokens[i].start : doc.tokens[i].end],
                       doc.text[doc.tokens[i].start].isupper())
            for i in range(start, end)
        ]
        conflicts, missing = _slot_conflicts(words, passage, speakers, known, lexicon, said_elsewhere)
        if conflicts and recall_plain >= limit["close"]:
            outcomes.append(ParaphraseResult(score, "close", conflicts, (start, end)))
        elif not conflicts and not missing and score >= limit["supported"]:
            outcomes.append(ParaphraseResult(score, "exact", [], (start, end)))
        else:
            outcomes.append(ParaphraseResult(score, "none", missing + ["not_stated"], (start, end)))
    rank = {"exact": 2, "close": 1, "none": 0}
    best = max(outcomes, key=lambda o: (rank[o.support], round(o.score, 2), o.span[0] - o.span[1]))
    best.core = _core_sentence(best.span, keys, weights, doc)
    return best


def _core_sentence(span: Span, keys: list[str], weights: dict[str, float], doc: Doc) -> Span:
    """The sentence of a passage that holds the most of the claim: whoever the source
    credits with it speaks for the passage (not a neighbour's speaker)."""
    inside = [(s, e) for s, e in doc.sentences if span[0] <= s and e <= span[1]] or [span]
    return max(inside, key=lambda se: sum(weights.get(k, 0.0) for k in set(keys[se[0] : se[1]])))
