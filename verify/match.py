"""Match one claim against one source document: find the passage that holds it,
say how it differs, and who the source credits it to.

Quotes are aligned word by word (verify.quotes); paraphrases are scored on
content-word overlap with figures, dates, names and negation compared slot by
slot (verify.paraphrase).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .lexicon import MONTHS, STOPWORDS, WEEKDAYS, Lexicon
from .outlets import Registry, host_of, name_key
from .paraphrase import Context, match_paraphrase
from .passages import Doc, paragraphs_of, prepare
from .quotes import match_quote
from .records import Article, Claim, Evidence, InputError, Span, Speaker
from .sentences import find_quotes

PRONOUNS = frozenset("i he she they we it you him her them us this that who".split())
_ARTICLES = frozenset("the a an".split())
_PREPOSITIONS = frozenset("with to in at on from for of by about into via".split())
# A transcript's speaker label: an upper-case name, perhaps with a title and a role
# ("DR. ANA RUIZ-PEREZ, HOST:", "CANDIDATE LEE (D):"), opening a paragraph or a turn
# within one (a transcript may run its turns together: "... listen. LEE: Thank you.").
_LABEL = re.compile(
    r"(?:^|(?<=[.!?\"”’)\]]\s)|(?<=\n))\s*([A-Z][A-Z.'’\- ]*[A-Z.])(?:\s*\([^)\n]{0,30}\))?(?:,[^:\n.!?]{0,40})?:\s",
    re.MULTILINE,
)
# A turn in a transcript printed in title case ("Aubrey Linfield: ...", "Q31 Chair: ..."
# in a parliamentary record), at the start of a paragraph. Read as a label only on a
# page where several paragraphs open so, which a lone "Update:" or "Note:" does not make.
_TURN = re.compile(r"\s*(?:Q\d+\s+)?([A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3})(?:\s*\([^)\n]{0,30}\))?:\s")
TURNS_OF_A_TRANSCRIPT = 3
_NAME = re.compile(r"[A-Z][\w'’\-]*(?:\.?\s+(?:[A-Z]\.\s+)?[A-Z][\w'’\-]*)*")


def limits(rules: dict, section: str) -> dict:
    try:
        return rules["thresholds"][section]
    except KeyError:
        raise InputError(f"rules: thresholds.toml has no [{section}] table") from None


# ---------------------------------------------------------------- attribution


def _name_words(name: str) -> list[str]:
    return [w for w in re.split(r"[^\w]+", name.casefold().replace("’", "'")) if w and w != "s"]


def is_resolved_name(name: str | None) -> bool:
    """A name that says who: not a pronoun, not only lower-case words after an article
    ("the mayor", "The club")."""
    if not name or name.strip().casefold() in PRONOUNS:
        return False
    words = name.split()
    if words[0].casefold() in _ARTICLES:
        words = words[1:]
    return any(w[:1].isupper() for w in words)


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


def _words_within(few: list[str], many: list[str]) -> bool:
    """Whether every word of one name is in the other, a place's adjective counting
    as the place ("Velmoran Foreign Ministry", "Ministry of Foreign Affairs of Velmora")."""

    def same(a: str, b: str) -> bool:
        short, long = sorted((a, b), key=len)
        return a == b or (len(short) >= 5 and long.startswith(short) and len(long) - len(short) <= 2)

    return all(any(same(word, other) for other in many) for word in few)


def same_outlet(a: str, b: str, registry: Registry | None = None) -> bool:
    """Whether two names designate the same outlet or organisation."""
    if registry:
        outlet = registry.by_name(a)
        if outlet and any(name_key(n) == name_key(b) for n in (outlet.name, *outlet.aliases)):
            return True
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb or _words_within(ka.split(), kb.split()) or _words_within(kb.split(), ka.split()):
        return True
    return (" " not in ka and len(ka) > 1 and ka == _initials(b)) or (
        " " not in kb and len(kb) > 1 and kb == _initials(a)
    )


# A person's own staff, credited as a body: "the mayor's office", "Delacroix's campaign".
_PERSONAL_BODY = re.compile(r"['\u2019]s\s+(?:office|campaign|team|staff|aides?|spokes(?:person|man|woman))$", re.IGNORECASE)


def credited_outlet_of(claim: Claim, rules: dict, credited_outlet: str | None = None) -> str | None:
    """The outlet or organisation a claim is credited to, if any. A body the article
    names only generically ("the company said") is no outlet to compare a publisher with."""
    if credited_outlet:
        return credited_outlet
    if claim.via:
        return claim.via.name
    if claim.speaker.kind in ("publication", "organization"):
        if _PERSONAL_BODY.search(claim.speaker.name):
            return None  # "Delacroix's office" speaks for her, wherever its words are published
        return claim.speaker.name if is_resolved_name(claim.speaker.name) else None
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


def _titled_by(body: str, source: Article) -> bool:
    """Whether the page's title names the body ("Board of Trustees meeting summary")."""
    return bool(source.title) and f" {name_key(body)} " in f" {name_key(source.title)} "


def publisher_matches(outlet: str, source: Article, registry: Registry) -> bool | None:
    """True when the source is published by `outlet`, False when by another, None if unknown.
    An organisation writing the page counts as its publisher: a court's opinion on the
    judiciary's site is the court's."""
    names = publisher_names(source, registry) + ([source.author] if source.author else [])
    if any(same_outlet(outlet, name, registry) for name in names):
        return True
    host = host_of(source.url or "")
    labels = [] if re.fullmatch(r"[\d.:]*", host) else host.split(".")[:-1]
    if name_key(outlet).replace(" ", "") in labels:
        return True
    return False if names else None


def _names_in(sentence: str, cue_words: frozenset[str]) -> list[tuple[str, bool]]:
    """Names a sentence mentions outside its quotations, in order, each with whether
    it stands next to a reporting verb ("Santos said", "said Reyes", "Mallory submitted
    that"). A name is a run of capitalised words, or a single one next to a reporting
    verb. A client ("X, for Y, said", "counsel for Y") is no speaker."""
    text = sentence
    for quote in find_quotes(sentence):
        text = text[: quote.start] + "|" * (quote.end - quote.start) + text[quote.end :]
    text = _without_asides(text, cue_words)
    names = []
    for found in _NAME.finditer(text):
        # A period ends the name unless it closes a title or an initial ("Dr.", "J.").
        run = re.split(r"(?<=\w{5})\.\s", found.group())[0]
        words = run.split()
        while words and words[0].casefold().strip(".") in STOPWORDS | _PREPOSITIONS:
            words.pop(0)
        before = (text[: found.start()].split()[-1:] or [""])[0].casefold().strip("(,")
        after, then = ([w.casefold().strip(".,") for w in text[found.start() + len(run) :].split()[:2]] + ["", ""])[:2]
        name = " ".join(words).rstrip(".,")
        # After a preposition or a number ("at 16 Gullet Row") a name is a place; a
        # numbered paragraph ("3. Ms Fitzwilliam") is no address.
        at_number = before[:1].isdigit() and not before.endswith(".")
        if not words or before in _PREPOSITIONS or at_number or name.endswith(("'s", "’s")):
            continue
        if name.casefold() in MONTHS or name.casefold() in WEEKDAYS:
            continue
        reporting = bool({before, after} & cue_words) or _asserts(after, then)
        if len(words) > 1 or reporting:
            names.append((name, reporting))
    return names


def _asserts(verb: str, then: str) -> bool:
    """A verb taking a that-clause: "submitted that", "contends that"."""
    return then == "that" and verb.endswith(("ed", "s")) and verb not in STOPWORDS


_COMMA = re.compile(r",\s+")


def _asides(text: str, cue_words: frozenset[str]) -> list[Span]:
    """Comma-set asides between a name and its reporting verb, last first ("Mr Rupert
    Mallory, who appears for you, submitted that", "Ms Joanna Fitzwilliam, for you,
    Mr Harker, told the court"): names in them are described or represented, and do
    not speak."""
    commas = list(_COMMA.finditer(text))
    found = []
    index = len(commas) - 1
    while index > 0:
        closing = commas[index]
        index -= 1
        verb, then = ([w.casefold().strip(".,") for w in text[closing.end() :].split()[:2]] + ["", ""])[:2]
        if verb not in cue_words and not _asserts(verb, then):
            continue
        # The shortest aside of one or two comma-set pieces that follows a name.
        for at in range(index, max(index - 2, -1), -1):
            opening = commas[at]
            if closing.start() - opening.end() > 100:
                break
            if re.search(r"[A-Z][\w'’\-]*$", text[: opening.start()]):
                found.append((opening.start(), closing.end()))
                index = at - 1
                break
    return found


def _without_asides(text: str, cue_words: frozenset[str]) -> str:
    for start, end in _asides(text, cue_words):  # last first, so earlier places hold
        text = text[:start] + " " + text[end:]
    return text


def _label(source: Article, offset: int) -> str | None:
    paragraphs = paragraphs_of(source)
    starts = [p[0] for p in paragraphs]
    index = bisect.bisect_right(starts, offset) - 1
    if index < 0:
        return None
    turns = list(_LABEL.finditer(source.text, paragraphs[index][0], offset))
    if turns:
        return turns[-1].group(1).strip().title()
    turn = _TURN.match(source.text, paragraphs[index][0], offset)
    if turn is None:
        return None
    opened = sum(1 for start, _ in paragraphs if _TURN.match(source.text, start))
    return turn.group(1) if opened >= TURNS_OF_A_TRANSCRIPT else None


def cue_words(rules: dict) -> frozenset[str]:
    """Single-word reporting verbs of the attribution cues in rules."""
    forms = (f for cue in rules.get("cues", {}).get("cue", []) for group in cue.get("forms", []) for f in group.split("|"))
    return frozenset(f.casefold() for f in forms if " " not in f)


@dataclass(frozen=True)
class Credit:
    """What credit detection reads in rules: reporting verbs, the pronouns that stand
    for a person, and the words that make a name an organisation, outlet or place."""

    cues: frozenset[str]
    person_pronouns: frozenset[str]
    not_person_words: frozenset[str]

    @classmethod
    def from_rules(cls, rules: dict) -> Credit:
        titles = rules.get("titles", {})
        pronouns = titles.get("pronouns", {})
        kinds = titles.get("kinds", {})
        body_words = [*kinds.get("publication", []), *kinds.get("organization", []), *titles.get("places", [])]
        return cls(
            cue_words(rules),
            frozenset(pronouns.get("person", ["he", "she"])) - frozenset(pronouns.get("narrator", [])),
            frozenset(w.casefold() for w in body_words),
        )

    def is_person(self, name: str) -> bool:
        return not any(w.casefold() in self.not_person_words for w in name.split())


_OWN_VOICE = re.compile(r"\b(?:reviews?|opinion|commentary|comment|column|editorial|op-ed|blog|newsletter|letters?)\b", re.IGNORECASE)
_CLIENT = re.compile(r"\b(?:for|representing|on behalf of)\s+(?:you,\s+)?$", re.IGNORECASE)


def credited_to(
    source: Article,
    doc: Doc,
    source_claims: list[Claim],
    tokens: Span,
    credit: Credit,
    *,
    quoted: bool,
) -> str | None:
    """Who the source credits the words at token range `tokens` to: a transcript's
    speaker label, the source's own attribution, the name the sentence (or one before
    it in the paragraph, or after it within a quotation) reports them from, or the
    writer of a review or column for words of their own. A name merely mentioned in
    the sentence ("at 16 Gullet Row") credits only words the source itself quotes,
    and only for a quote."""
    start, end = doc.char_span(*tokens)
    if label := _label(source, start):
        return label

    def overlap(span: Span) -> int:
        return min(span[1], end) - max(span[0], start)

    credits = [
        (max([overlap(s) for s in c.spans.content] or [0]), overlap(c.span), c)
        for c in source_claims
        if is_resolved_name(c.speaker.name) and not _no_speaker_there(source, c, credit)
    ]
    credits = [c for c in credits if c[0] > 0 or c[1] > 0]
    if credits:
        return _speaker_of(source, max(credits, key=lambda c: c[:2])[2], credit)
    first, last = doc.sentence_of(tokens[0]), doc.sentence_of(tokens[1] - 1)
    paragraph = doc.sentence_paragraph[first]
    quotation = _quotation_around(source, paragraph, start, end)
    quoted = quoted and quotation is not None
    # The sentence itself and up to two before it; then the sentences a quotation
    # holding the words runs on into, the last of which names its speaker.
    nearby = list(range(first, max(first - 3, -1), -1))
    if quotation is not None:
        following = range(last + 1, len(doc.sentences))
        nearby += [i for i in following if doc.sentence_spans[i][0] < quotation[1]]
    for index in (i for i in nearby if doc.sentence_paragraph[i] == paragraph):
        a, b = doc.sentence_chars(index, last if index == first else index)
        names = _names_in(source.text[a:b], credit.cues)
        reporting = [name for name, by_cue in names if by_cue and _names_someone(name, source.text)]
        if reporting or (quoted and names and index <= first):
            return (reporting or [names[0][0]])[0]
    if quotation is None and _own_voice(source, credit):
        return source.author
    return None


def _names_someone(name: str, text: str) -> bool:
    """Whether a name next to a reporting verb names a speaker: a single capitalised
    word must also stand mid-sentence somewhere ("said Whitcombe"), or it is a
    sentence's first word, as "Telemetry shows" or "Records suggest" have it."""
    if len(name.split()) > 1:
        return True
    for found in re.finditer(rf"\b{re.escape(name)}\b", text):
        before = text[: found.start()].rstrip()
        if before and before[-1] not in ".!?:;\"'\u201c\u201d\u2018\u2019":
            return True
    return False


def _own_voice(source: Article, credit: Credit) -> bool:
    """Whether the page is a person's review, column, blog post or newsletter, whose
    unquoted words are the writer's own (a page "by" its outlet speaks for the outlet)."""
    return bool(
        source.author
        and credit.is_person(source.author)
        and not (source.publisher and same_outlet(source.author, source.publisher))
        and _OWN_VOICE.search(f"{source.title or ''} {source.url or ''}")
    )


def _no_speaker_there(source: Article, claim: Claim, credit: Credit) -> bool:
    """Whether a source attribution takes its speaker from where no speaker stands: a
    client ("for you, Mr Harker, told the court"; "counsel for Mr Osei") or an aside
    between a name and its verb ("Dr Niamh Costigan, Chief Medical Officer of the
    agency, confirmed"). The sentence's own reading decides then."""
    if not claim.spans.source:
        return False
    at, end = claim.spans.source
    if _CLIENT.search(source.text, max(claim.span[0], at - 40), at):
        return True
    start = min(claim.span[0], at)
    asides = _asides(source.text[start : max(claim.span[1], end)], credit.cues)
    return any(a <= at - start and end - start <= b for a, b in asides)


def _speaker_of(source: Article, claim: Claim, credit: Credit) -> str:
    """The speaker of a source attribution, unless it names them only by a pronoun in a
    paragraph that names another person before it, and never them: the paragraph's
    nearest person is who "she said" stands for."""
    said_by = source.text[slice(*claim.spans.source)].strip() if claim.spans.source else ""
    if said_by.casefold() not in credit.person_pronouns:
        return claim.speaker.name
    paragraphs = paragraphs_of(source)
    p_start = paragraphs[bisect.bisect_right([p[0] for p in paragraphs], claim.spans.source[0]) - 1][0]
    before = source.text[p_start : claim.spans.source[0]]
    people = [name for name, _ in _names_in(before, credit.cues) if credit.is_person(name)]
    surnames = {other.split()[-1] for other in (claim.speaker.name, *claim.speaker.aliases) if is_resolved_name(other)}
    if not people or any(re.search(rf"\b{re.escape(surname)}\b", before) for surname in surnames):
        return claim.speaker.name
    return people[-1]


def _quotation_around(source: Article, paragraph: int, start: int, end: int) -> Span | None:
    """The quotation marks within which the source presents text[start:end], if any."""
    p_start, p_end = paragraphs_of(source)[paragraph]
    end = min(end, p_end)  # a quotation running on into the next paragraph
    return next(((q.start, q.end) for q in find_quotes(source.text, p_start, p_end) if q.start <= start and end <= q.end), None)


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
        found = match_quote(claim, doc, limits(rules, "quote"))
        kind, score, support, reasons, spans = "quote", found.score, found.support, found.reasons, found.spans
        credit_span = None
    else:
        lexicon = Lexicon.from_rules(rules)
        found = match_paraphrase(claim, doc, limits(rules, "paraphrase"), lexicon, Context.of(source, lexicon))
        kind, score, support, reasons = "paraphrase", found.score, found.support, found.reasons
        spans = [found.span] if found.span[1] > found.span[0] else []
        credit_span = found.core
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
            source, doc, source_claims, credit_span or (first[0], last[1]), Credit.from_rules(rules), quoted=kind == "quote"
        )
    outlet = credited_outlet_of(claim, rules, credited_outlet)
    if outlet:
        evidence.publisher_match = publisher_matches(outlet, source, registry)
        if evidence.publisher_match is False and claim.speaker.kind == "organization" and _titled_by(outlet, source):
            # "Board of Trustees meeting summary", "Brackmoor Liberty Watch on Threadline":
            # the body's own document or post, on a site it does not run.
            evidence.publisher_match = True
        if evidence.passage and _outlet_named(outlet, evidence.passage):
            evidence.credited_to = outlet
    return evidence
