"""Attribution extraction: who is credited with what, in which words.

An attribution is a source, a cue and content ("Okafor | said | the plan protects ...").
The article is cut into paragraphs, sentences and quotations (verify/sentences.py); a
sentence, with the sentences a quotation runs across, is a segment. In each segment the
cue words of rules/cues.toml are found outside quotations, and for each cue its source
is read from the words around it:

    Mayor Ines Okafor said (that) ...          source before the cue
    "...," said former Olympian Declan Rhys.   source after the cue
    Rebekah Koffler, a ... analyst, cautions   an aside between source and cue
    Lithuania's Foreign Minister, G. L., has   a possessive title before the name
    X has expressed ..., arguing that ...      a participle: the clause's subject
    according to the Meridian Post, ...        a cue before its source
    X repeated her claim that ...              a noun cue owned by the clause's subject
    "..." - Jane Doe, a resident               a signed quotation or caption
    Mayor Pike was blunt: "..."                a colon after a word on the manner, no verb
    "...," said the firm's director, Jo Tan    a title saying whose it is, then the name

A sentence may hold several attributions: coordinated ones ("X said A, while Y said B")
are kept side by side, a source an outlet quotes is kept with the outlet as `via`, and a
cue inside another's content is otherwise part of that content. A quotation running on
into the next sentence, or the next paragraphs, stays one claim. The writer's own "I" or
"we" is never a source. A quoted title ("the revival of "Harbour Lights"") is read as words.

Names are cleaned and resolved by verify/speakers.py. Everything is rule-based and
pure: no network, no model.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from .records import Article, Claim, Span, Spans, Speaker
from .sentences import Quote, blank_line_paragraphs, find_quotes, split_sentences
from .speakers import CONNECTORS, Mentions, Names, head_nouns, speaker_from_phrase

_WORD = re.compile(r"\w+")
# A figure with thousands separators ("2,000") is one token: its comma ends no clause.
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w)|\w+(?:[-'\u2019.]\w+)*|[^\w\s]")
_QUOTE_CHARS = frozenset("\"\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019")
_CLOSING_QUOTES = frozenset("\"\u201d\u00bb\u2019")
_SIGNED_QUOTE = re.compile("[\"\u201d]\\s*[-\u2013\u2014]+\\s*\\w")
_TERMINAL = re.compile(r"[.!?:\"'\u201d\u2019\u00bb)\u2026]\s*$")
_AUXILIARIES = frozenset(
    "has have had will would could can may might must should shall does do did also then "
    "later previously repeatedly again still further once often even publicly privately "
    "recently earlier reportedly already long since first initially separately today yesterday "
    "tonight now".split()
)
_THE_NOUN = re.compile(r"the\s+(\w+)")
_TITLE_SMALL_WORDS = frozenset("a an the of and or in on at to for with from by as but nor".split())
_NAME_ABBREVIATIONS = frozenset("corp inc co ltd jr sr st bros v vs".split())  # "v." of a case name
_COMPANY_SUFFIXES = frozenset("inc corp co ltd llc plc".split())
_TENSE_AUXILIARIES = frozenset("has have had will would did does do".split())
_DETERMINERS = frozenset("the a an this that these those its his her their our".split())
# A dateline opening a story: a place in capitals, perhaps a date and an agency, a dash.
_DATELINE = re.compile(r"[A-Z][A-Z.'\- ]{2,40}(?:,[^\n\u2014\u2013]{1,40}?)?(?:\s*\([A-Za-z]{2,10}\))?\s+[-\u2013\u2014]+\s+")
# Determiners a verb's bare form cannot follow: "a council report found" has no verb "report".
_SINGULAR = frozenset("a an each every".split())
# A subject that denies anyone spoke: "Nobody can say ...", "Neither hospital has announced ...",
# "few supporters expect ...".
_NOBODY = frozenset("no nobody neither none nothing nor few".split())
_ASIDE_STARTERS = frozenset("who whose which a an the one whom where".split())
_RELATIVES = frozenset("who whose which whom where".split())
# Words that join clauses or say when: '"...," but Delgado said' is no descriptor.
_LINKING_WORDS = frozenset("and but or nor so yet then while as when because although though since after before also".split())
_PREPOSITIONS = frozenset(
    "in on at during to with from after before via through over by last this earlier late "
    "early on monday tuesday wednesday thursday friday saturday sunday".split()
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_CLAUSE_STARTERS = frozenset(
    _DETERMINERS | {"he", "she", "it", "they", "we", "i", "there", "you", "no", "all", "some", "every", "any"}
)
_OBJECT_PRONOUNS = frozenset("him her them us me reporters journalists".split())
# Words after a present-tense "-s" cue that show it is a plural noun ("claims from the
# flood", "claims were dismissed") rather than a verb ("the report says emissions rose").
_NOT_AFTER_VERB = frozenset(
    "from of for in on by with to and or are were was is have had has will would could should may "
    "might can against over about under into at after before filed made been being".split()
)
# Words ending in "-ly" that are not adverbs ("Oduya's family denied").
_LY_NOT_ADVERBS = frozenset("family assembly supply rally ally reply apply comply imply anomaly monopoly belly bully".split())
_NAME_QUOTE_WORDS = 4  # the longest quotation read as a name given by habit
_CURRENCY = frozenset("$\u20ac\u00a3\u00a5")
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it"}
_COORDINATION = re.compile(r"[,;][\"\u201d\u2019]?(?=\s*(?:while|but|whereas|and|although|though|yet)\s*$)|;\s*$")
_NP_STOPS = frozenset(
    "published released issued posted in on at last this that which who earlier on during "
    "for since when after before".split()
)


@dataclass
class CueClass:
    name: str
    needs: tuple[str, ...] = ()
    window: int = 8
    listener: bool = False
    # Words after which the speaker may follow the cue ("issued the following statement
    # from Chief Executive Beatrix Holm"): then the subject only passes the words on.
    speaker_after: frozenset[str] = frozenset()


class PhraseIndex:
    """Finds word sequences among a segment's tokens, by their first word: a dictionary
    look-up per token is much faster than one large regular expression."""

    def __init__(self, phrases):
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = tuple(_TOKEN.findall(phrase.lower()))
            if words:
                self.by_first.setdefault(words[0], []).append(words)
        for candidates in self.by_first.values():
            candidates.sort(key=len, reverse=True)

    def find(self, words: list[str], present: set[str] | None = None):
        """(first index, last index + 1, phrase) of each phrase in a list of lower-case words;
        `present`, the set of those words, lets a list without any first word be skipped."""
        if present is not None and self.by_first.keys().isdisjoint(present):
            return
        get = self.by_first.get
        for i, word in enumerate(words):
            candidates = get(word)
            if not candidates:
                continue
            for phrase in candidates:
                end = i + len(phrase)
                if tuple(words[i:end]) == phrase:
                    yield i, end, " ".join(phrase)
                    break


@dataclass
class Lexicon:
    """rules/cues.toml and rules/titles.toml, compiled once per rule set."""

    cues: PhraseIndex
    cue_classes: dict[str, CueClass]  # lower-case form -> its class
    base_forms: frozenset[str]  # the first form of each verb ("report", not "reported")
    source_after: PhraseIndex
    document_nouns: frozenset[str]
    noun_cues: PhraseIndex
    own_verbs: frozenset[str]
    via: PhraseIndex
    not_cues: PhraseIndex
    negations: tuple[tuple[str, ...], ...]
    empty_contents: frozenset[str]  # "nothing": a cue's whole content that reports nothing
    passive: frozenset[str]
    title_words_before_quote: frozenset[str]
    naming_verbs: frozenset[str]
    manner_colon: re.Pattern  # "was blunt:", "message was clear:" ending the words before a quote
    names: Names

    def may_attribute(self, text: str) -> bool:
        """Whether a segment without quotations holds a word that starts a cue."""
        return not self.first_words.isdisjoint(_WORD.findall(text.lower()))

    @cached_property
    def first_words(self) -> frozenset[str]:
        return frozenset((*self.cues.by_first, *self.source_after.by_first, *self.noun_cues.by_first))

    @classmethod
    def from_rules(cls, rules: dict) -> "Lexicon":
        cues = rules.get("cues", {})
        classes: dict[str, CueClass] = {}
        base_forms: set[str] = set()
        for entry in cues.get("cue", []):
            cue_class = CueClass(
                entry.get("name", ""),
                tuple(entry.get("needs", ())),
                int(entry.get("window", 8)),
                bool(entry.get("listener", False)),
                frozenset(entry.get("speaker_after", ())),
            )
            for verb in entry.get("forms", []):
                base_forms.add(verb.split("|")[0].strip().lower())
                for form in verb.split("|"):
                    classes[form.strip().lower()] = cue_class
        not_cues = cues.get("not_cues", {})
        return cls(
            cues=PhraseIndex(classes),
            cue_classes=classes,
            base_forms=frozenset(base_forms),
            source_after=PhraseIndex(cues.get("source_after", {}).get("phrases", [])),
            document_nouns=frozenset(cues.get("source_after", {}).get("document_nouns", [])),
            noun_cues=PhraseIndex(cues.get("noun_cues", {}).get("nouns", [])),
            own_verbs=frozenset(cues.get("noun_cues", {}).get("own_verbs", [])),
            via=PhraseIndex(cues.get("via", {}).get("phrases", [])),
            not_cues=PhraseIndex(not_cues.get("phrases", [])),
            negations=tuple(tuple(n.split()) for n in not_cues.get("negations", [])),
            empty_contents=frozenset(w.lower() for w in not_cues.get("empty_contents", [])),
            passive=frozenset(not_cues.get("passive", [])),
            title_words_before_quote=frozenset(cues.get("quotes", {}).get("title_words", [])),
            naming_verbs=frozenset(cues.get("quotes", {}).get("naming_verbs", [])),
            manner_colon=_manner_colon_regex(cues.get("colon", {})),
            names=Names.from_rules(rules),
        )


def _manner_colon_regex(table: dict) -> re.Pattern:
    def alternatives(key: str) -> str:
        words = sorted(table.get(key, []), key=len, reverse=True)
        return "|".join(r"\s+".join(map(re.escape, w.split())) for w in words) or r"(?!x)x"

    return re.compile(
        # "Her response to critics was blunt:": the message noun may take a short complement.
        rf"(?<!\S)(?:(?P<noun>{alternatives('message_nouns')})(?:\s+(?:to|on|about|for)(?:\s+[\w'\u2019-]+){{1,4}})?\s+)?"
        rf"(?:{alternatives('copulas')})\s+"
        rf"(?:\w+ly\s+)?(?:{alternatives('manners')})\s*:\s*$",
        re.IGNORECASE,
    )


_LEXICONS: dict[int, tuple[dict, Lexicon]] = {}


def lexicon_for(rules: dict) -> Lexicon:
    cached = _LEXICONS.get(id(rules))
    if cached is None or cached[0] is not rules:
        cached = (rules, Lexicon.from_rules(rules))
        _LEXICONS[id(rules)] = cached
    return cached[1]


# --------------------------------------------------------------------------
# Segments: sentences joined so that no quotation crosses their bounds


@dataclass
class Segment:
    start: int
    end: int
    paragraph: int
    quotes: list[Quote]
    # A quotation that went on from the previous paragraph ends in this segment.
    continues_quote: bool = False


def _paragraphs(article: Article) -> list[Span]:
    if article.paragraphs:
        return list(article.paragraphs)
    return blank_line_paragraphs(article.text)


def _is_furniture(text: str, span: Span, repeated: Counter, title_key: str) -> bool:
    """Headings, repeated headline lines and teasers: short lines with no sentence end,
    a line met more than once, or the title."""
    line = text[span[0]:span[1]]
    key = _line_key(line)
    if repeated[key] > 1 or key == title_key:
        return True
    signed_quote = _SIGNED_QUOTE.search(line)  # '"..." - Jane Doe' has no final period
    return not _TERMINAL.search(line) and not signed_quote and len(line.split()) <= 20


def _line_key(line: str) -> str:
    return " ".join(line.lower().lstrip("#*_ ").rstrip("*_ ").split())


def segments(article: Article) -> list[Segment]:
    text = article.text
    paragraphs = _paragraphs(article)
    repeated = Counter(_line_key(text[a:b]) for a, b in paragraphs)
    title_key = _line_key(article.title or "")
    result: list[Segment] = []
    carried_open = False  # the previous paragraph ended inside a quotation
    lead: list[Span] = []  # 'Mayor Ruiz said:' ending the previous paragraph, before its quotation
    for index, (p_start, p_end) in enumerate(paragraphs):
        if _is_furniture(text, (p_start, p_end), repeated, title_key):
            carried_open = False
            lead = []
            continue
        quotes = find_quotes(text, p_start, p_end)
        opens_with_quote = bool(quotes) and quotes[0].start == p_start
        continues = carried_open and opens_with_quote
        carried_open = bool(quotes) and not quotes[-1].closed
        pending: list[Span] = lead if opens_with_quote else []
        after_lead, lead = bool(pending), []
        for s_start, s_end in split_sentences(text, p_start, p_end):
            if pending and (after_lead or _joins_previous(text, pending, s_start, s_end, quotes)):
                pending.append((s_start, s_end))
                after_lead = False
                continue
            if pending:
                result.append(_segment(pending, index, quotes, continues))
                continues = False
            pending = [(s_start, s_end)]
        if pending and _introduces_quotation(text, pending, quotes, paragraphs, index):
            lead = pending  # read with the quotation the next paragraph opens with
        elif pending:
            result.append(_segment(pending, index, quotes, continues))
    return result


def _introduces_quotation(text: str, pending: list[Span], quotes: list[Quote], paragraphs: list[Span], index: int) -> bool:
    """Whether the paragraph's last sentence ends in a colon with no quotation in it and
    the next paragraph opens with one: a statement introduced, as press releases do."""
    start, end = pending[0][0], pending[-1][1]
    if not text[start:end].rstrip().endswith(":") or any(q.start < end and q.end > start for q in quotes):
        return False
    if index + 1 >= len(paragraphs):
        return False
    following = paragraphs[index + 1]
    opened = find_quotes(text, *following)
    return bool(opened) and opened[0].start == following[0]


def _joins_previous(text: str, pending: list[Span], start: int, end: int, quotes: list[Quote]) -> bool:
    previous_start = pending[0][0]
    if any(q.start < start < q.end and q.start >= previous_start for q in quotes):
        return True  # a quotation runs on into this sentence
    previous_text = text[pending[-1][0]:pending[-1][1]]
    # '"Why now?" Smith asked.': a short sentence after a quote ending in ? or !
    return bool(re.search(r"[?!][\"\u201d\u2019]$", previous_text)) and len(text[start:end].split()) <= 8


def _segment(spans: list[Span], paragraph: int, quotes: list[Quote], continues: bool) -> Segment:
    start, end = spans[0][0], spans[-1][1]
    inside = [q for q in quotes if q.start < end and q.end > start]
    return Segment(start, end, paragraph, inside, continues)


# --------------------------------------------------------------------------
# Finding attributions in a segment


class Token:
    """A word or punctuation mark of a segment; `quoted` when inside a quotation."""

    __slots__ = ("start", "end", "text", "lower", "quoted", "capitalised")

    def __init__(self, start: int, end: int, text: str, quoted: bool):
        self.start, self.end, self.text, self.quoted = start, end, text, quoted
        self.lower = text.lower()
        self.capitalised = text[0].isupper()  # a token is never empty


@dataclass
class Found:
    """One attribution found in a segment, before it becomes a Claim."""

    speaker: Speaker
    source: Span
    cue: Span
    content: list[Span]
    via: Speaker | None = None
    implicit_cue: bool = False
    # "according to its report": the source's own document, not an outlet it spoke through.
    own_document: bool = False


@dataclass
class _Context:
    article: Article
    lexicon: Lexicon
    mentions: Mentions
    last_speakers: list[Speaker] = field(default_factory=list)
    # The sentence before the one being read, in the same paragraph, when it gave no claim.
    quiet_sentence_before: Segment | None = None


def _tokens(text: str, segment: Segment, quotes: list[Quote]) -> list[Token]:
    """Tokens of a segment; those between the marks of one of `quotes` are `quoted`."""
    matches = _TOKEN.finditer(text, segment.start, segment.end)
    if not quotes:
        return [Token(m.start(), m.end(), m.group(), False) for m in matches]
    inner = [(q.start, q.end - (1 if q.closed else 0)) for q in quotes]
    tokens = []
    current, count = 0, len(inner)  # quotations and tokens are both in text order
    for match in matches:
        at = match.start()
        while current < count and inner[current][1] <= at:
            current += 1
        tokens.append(Token(at, match.end(), match.group(), current < count and inner[current][0] < at))
    return tokens


class _SegmentReader:
    """Reads the attributions of one segment."""

    def __init__(self, ctx: _Context, segment: Segment):
        self.ctx = ctx
        self.lex = ctx.lexicon
        self.names = ctx.lexicon.names
        self.text = ctx.article.text
        self.segment = segment
        segment.quotes = [self._cut_unclosed(q) for q in segment.quotes]
        titles = [q for q in segment.quotes if self._is_title_quote(q)]
        self.quotes = [q for q in segment.quotes if q not in titles]
        # A title's words are read as words ("Doyle, who starred in "Harbour Lights", says"),
        # but no cue inside it counts.
        self.tokens = _tokens(self.text, segment, self.quotes)
        self.words = [t.lower for t in self.tokens]
        self.present = set(self.words)
        self.starts = [t.start for t in self.tokens]
        self.blocked = [
            (self.tokens[a].start, self.tokens[b - 1].end) for a, b, _ in self.lex.not_cues.find(self.words, self.present)
        ] + [(q.start, q.end) for q in titles]

    def _cut_unclosed(self, quote: Quote) -> Quote:
        """An unclosed quotation ends before a ", said the critic" inside it."""
        if quote.closed:
            return quote
        for match in re.finditer(r",\s+((?:[\w.'\u2019-]+\s+){0,6}[\w'\u2019-]+)", self.text[quote.start:quote.end]):
            if next(self.lex.cues.find(_TOKEN.findall(match.group(1).lower())), None):
                return Quote(quote.start, quote.start + match.start() + 1, closed=False)
        return quote

    # -- token helpers ---------------------------------------------------

    def index_at(self, offset: int) -> int:
        return bisect.bisect_left(self.starts, offset)

    def _is_title_quote(self, quote: Quote) -> bool:
        """A quoted title, slogan or sign ("the documentary "Running on Empty"", "the
        2019 revival of "Harbour Lights""): after a title word, or in title case within
        a sentence."""
        before = self.text[max(self.segment.start, quote.start - 40):quote.start]
        words = re.findall(r"[\w-]+", before.lower())
        if not words or before.rstrip().endswith(":"):
            return False
        return (
            words[-1] in self.lex.title_words_before_quote
            or self._title_cased(quote, words[-1])
            or self._named_by_habit(quote)
        )

    def _named_by_habit(self, quote: Quote) -> bool:
        """"call the canyon behind the school "the chimney"": a short quotation in the
        clause of a naming verb."""
        inner = self.text[quote.inner[0]:quote.inner[1]].rstrip(".!?,")
        if not quote.closed or len(inner.split()) > _NAME_QUOTE_WORDS or re.search(r"[.,;:!?]", inner):
            return False
        clause = re.split(r"[,;:]", self.text[max(self.segment.start, quote.start - 80):quote.start])[-1]
        return not self.lex.naming_verbs.isdisjoint(re.findall(r"[\w-]+", clause.lower()))

    def _title_cased(self, quote: Quote, word_before: str) -> bool:
        """"Harbour Lights", "The Breathing Street": a name, not words someone said. One
        capitalised word counts only after a preposition ("of "Hamlet"")."""
        inner = self.text[quote.inner[0]:quote.inner[1]]
        if word_before in _PREPOSITIONS or word_before == "of":
            inner = inner.rstrip(",")  # 'the author of "Home Again," argued'
        words = inner.split()
        if not quote.closed or not words or len(words) > 8 or re.search(r"[.,;:!?]", inner):
            return False
        if len(words) == 1 and word_before not in _PREPOSITIONS and word_before != "of":
            return False

        return words[0][:1].isupper() and words[-1][:1].isupper() and all(
            w[:1].isupper() or w in _TITLE_SMALL_WORDS for w in words
        )

    # -- the segment -----------------------------------------------------

    def read(self) -> list[Found]:
        """The attributions of the segment, in the order of their cues."""
        found: list[Found] = []
        for first, last, form in self.lex.cues.find(self.words, self.present):
            if self._live(first):
                self._add(found, self._cue(first, last, form))
        for first, last, _ in self.lex.noun_cues.find(self.words, self.present):
            if self._live(first):
                self._add(found, self._noun_cue(first, last))
        according: Found | None = None
        for first, last, _ in self.lex.source_after.find(self.words, self.present):
            if according is None and self._live(first):
                according = self._according_to(first, last)
        via: Speaker | None = None
        for first, last, _ in self.lex.via.find(self.words, self.present):
            if self._live(first):
                via = self._speaker_after(self.tokens[last - 1].end, allow_lowercase=False)
        if not found:
            alone = according or self._dash_or_colon()
            return [alone] if alone else []
        for main in found:
            if according is not None and main.cue[0] < according.cue[0]:
                # "X said ..., according to the Journal": X spoke through the Journal, and
                # "according to its report" is X's own document.
                if not according.own_document and according.speaker.name != main.speaker.name:
                    main.via = according.speaker
                main.content = [_cut(span, according.cue[0], self.text) for span in main.content if span[0] < according.cue[0]]
            if main.via is None and via is not None and via.name != main.speaker.name:
                main.via = via
        return sorted(found, key=lambda f: f.cue[0])

    def _live(self, index: int) -> bool:
        """Whether a cue word at tokens[index] may report: not quoted, not in a title or
        a fixed phrase ("that said")."""
        token = self.tokens[index]
        return not token.quoted and not any(a <= token.start < b for a, b in self.blocked)

    def _add(self, found: list[Found], new: Found | None) -> None:
        """Adds an attribution, settling how it nests with those found before.

        A cue inside another's content is either a second, coordinated attribution
        ("X said A, while Y said B": both, the first cut short), a source quoted by an
        outlet ("the Ledger reported that X said ...": X, via the outlet), or part of the
        outer attribution's content ("X hoped that ..., analysts wrote": the outer one).
        """
        if new is None:
            return
        if any(old.content and old.cue[1] <= new.cue[0] and new.cue[1] <= old.content[0][0] for old in found):
            return  # 'said in a statement posted online that ...': a cue in the other's adjunct
        for k, old in enumerate(found):
            new_inside, old_inside = _within(new.cue, old.content), _within(old.cue, new.content)
            if not (new_inside or old_inside):
                continue
            # Each inside the other's content: the later cue governs the sentence
            # ("Pellworth reported revenue of ..., the company said").
            outer, inner = (old, new) if new_inside and not (old_inside and new.cue[0] > old.cue[0]) else (new, old)
            boundary = self._coordination(outer, inner)
            if boundary is not None:
                outer.content = self._trimmed([_cut(span, boundary, self.text) for span in outer.content if span[0] < boundary])
                continue
            if outer.speaker.kind == "publication" and inner.speaker.name != outer.speaker.name:
                inner.via = inner.via or outer.speaker
                found[k] = inner
            else:
                found[k] = outer
            return
        found.append(new)

    def _coordination(self, outer: Found, inner: Found) -> int | None:
        """Where the outer content ends when the inner attribution is a clause of its own,
        joined by ", while", ", but", "; " ..., else None."""
        inner_start = min(inner.source[0], inner.cue[0])
        outer_start = min(a for a, _ in outer.content)
        if not outer_start < inner_start:
            return None
        match = _COORDINATION.search(self.text, max(outer_start, inner_start - 16), inner_start)
        return match.end() if match else None

    # -- cues with their source before or after them ---------------------

    def _cue(self, i: int, j: int, form: str) -> Found | None:
        """The attribution of the cue tokens[i:j], or None when it is not one."""
        cue_class = self.lex.cue_classes[form]
        start, end = self.tokens[i].start, self.tokens[j - 1].end
        if self.tokens[i].capitalised and i != 0:
            return None  # a capitalised word mid-sentence is a name ("United States")
        before = self._skip_auxiliaries(i - 1)
        if self._negated(before, i) or self._passive_or_infinitive(form, before):
            return None
        participle = form.split()[0].endswith("ing")
        if participle and not (before >= 0 and self.tokens[before].text == ","):
            return None
        if not self._needs_met(cue_class, j, i) and not self._document_states(before, j):
            return None
        if participle:
            source = self._clause_subject(before)
        else:
            source = self._source_before(before)
            if source is None and before >= 0 and (
                self.tokens[before].text == "," or self.tokens[before].text in _CLOSING_QUOTES
            ):
                return self._inverted(i, j, (start, end))
        if source is None or self._nobody(source):
            return None
        if j + 1 < len(self.tokens) and self.tokens[j].lower in cue_class.speaker_after:
            source = self._name_after_title(j + 1) or self._phrase_after(j + 1, allow_lowercase=False) or source
        if form.endswith("s") and not form.endswith("ss") and not self._verb_reading(j, source):
            return None  # "insurance claims from the flood"
        if form in self.lex.base_forms and self._singular_subject(source):
            return None  # "A council report found ...": a noun after "a", no verb
        if form.endswith("ed") and self._names_a_document(source) and j < len(self.tokens) and self.tokens[j].lower in _PREPOSITIONS:
            return None  # "a statement posted to its website": a document described, nobody speaking
        speaker = self._speaker(source)
        if speaker is None:
            return None
        content_start, via = self._content_start(cue_class, j)
        content = self._content(source, (start, end), content_start)
        if not content or self._says_nothing(content):
            return None  # "X conceded in a short speech", "X said nothing": a cue reporting nothing
        return Found(speaker, source, (self._with_auxiliary(i, before), end), content, via)

    def _singular_subject(self, source: Span) -> bool:
        """Whether the source opens with "a", "an", "each" or "every", which a verb's bare
        form cannot follow ("a council report" is a noun phrase)."""
        first = self.index_at(source[0])
        before = self.tokens[first - 1].lower if first else ""
        return self.tokens[first].lower in _SINGULAR or before in _SINGULAR

    def _nobody(self, source: Span) -> bool:
        """Whether the source is denied ("No hospital official said"): a word of _NOBODY
        opens it or stands up to two words before it, in the same phrase."""
        first = self.index_at(source[0])
        for token in reversed(self.tokens[max(first - 2, 0) : first + 1]):
            if token.lower in _NOBODY:
                return True
            if not token.text[:1].isalnum():
                return False
        return False

    def _says_nothing(self, content: list[Span]) -> bool:
        words = " ".join(self.text[a:b] for a, b in content).strip(" .,;!?").lower()
        return " ".join(words.split()) in self.lex.empty_contents

    def _with_auxiliary(self, i: int, before: int) -> int:
        """The cue as written includes its auxiliary: "has criticized", "will say"."""
        start = self.tokens[i].start
        for k in range(i - 1, before, -1):
            if self.tokens[k].lower in _TENSE_AUXILIARIES:
                start = self.tokens[k].start
        return start

    def _skip_auxiliaries(self, k: int) -> int:
        """The token before the auxiliaries, adverbs and negations in front of a cue."""
        while k >= 0:
            word = self.tokens[k].lower
            if not (word in _AUXILIARIES or _is_adverb(self.tokens[k]) or _is_negation(word)):
                break
            k -= 1
        return k

    def _negated(self, before: int, cue_index: int) -> bool:
        """"did not say", "never said", "declined to say"."""
        words = " " + " ".join(t.lower for t in self.tokens[max(before - 2, 0):cue_index]) + " "
        if any(_is_negation(t.lower) for t in self.tokens[max(before + 1, 0):cue_index]):
            return True
        return any(f" {' '.join(n)} " in words for n in self.lex.negations if len(n) > 1)

    def _passive_or_infinitive(self, form: str, before: int) -> bool:
        if before < 0:
            return False
        word = self.tokens[before].lower
        if word == "to":
            return True  # "declined to say", "plans to announce"
        return word in self.lex.passive and not form.split()[0].endswith("ing")

    def _document_states(self, before: int, j: int) -> bool:
        """Whether a document is the subject and a clause follows: "Records show the
        restaurant scored 62" needs no "that", as a person's "noted" would."""
        source = self._source_before(before) if before >= 0 else None
        if source is None or not self._clause_follows(j) or j >= len(self.tokens):
            return False
        return self._names_a_document(source)

    def _names_a_document(self, source: Span) -> bool:
        return self.tokens[self.index_at(source[1]) - 1].lower in self.lex.document_nouns

    def _clause_follows(self, j: int) -> bool:
        """After a present-tense -s form, something that can open its content."""
        if j >= len(self.tokens):
            return True
        token = self.tokens[j]
        return (
            token.lower in _CLAUSE_STARTERS
            or token.lower == "that"
            or token.text in _QUOTE_CHARS
            or token.text in ",.:;"
            or token.capitalised
            or token.text[:1].isdigit()
        )

    def _verb_reading(self, j: int, source: Span) -> bool:
        """Whether a present-tense "-s" form after `source` is a verb: something that opens
        its content follows, or a plain word after a firm source ("the report says
        emissions rose"; not "Jane Smith's claims seem")."""
        if self._clause_follows(j):
            return True
        following = self.tokens[j]
        if not following.text.replace("-", "").isalpha() or following.lower in _NOT_AFTER_VERB:
            return False  # a hyphenated word is a word ("says peak-hour drives")
        phrase = self.text[source[0]:source[1]]
        if re.search(r"['\u2019]s$", phrase):
            return False
        words = phrase.split()
        capitalised = [w for w in words if w[:1].isupper() and w not in self.names.not_name_words]
        return (
            phrase.lower() in self.names.pronouns
            or len(capitalised) >= 2
            or (words == capitalised and len(words) == 1 and self.ctx.mentions.person_named_before(phrase, source[0]))
            or (words[0].lower() in _DETERMINERS and len(words) > 1)
        )

    def _needs_met(self, cue_class: CueClass, j: int, cue_index: int) -> bool:
        if not cue_class.needs:
            return True
        if "quote" in cue_class.needs and self._quote_before_source(cue_index):
            return True
        after = self.tokens[j].start if j < len(self.tokens) else self.segment.end
        comma_before = "," in self.text[self.segment.start:self.tokens[cue_index].start]
        if comma_before and (not self._is_clause(after) or self.tokens[j].text == ","):
            # "..., analysts wrote in a note": the content comes before; "Wages, Lee
            # noted, grew 4 percent": the cue is an aside within its content.
            return True
        if self._that_after_aside(j) is not None:
            return True
        count = 0
        past_comma = False  # after a comma only a quotation still counts
        for n in range(j, len(self.tokens)):
            token = self.tokens[n]
            if token.text == "," and not token.quoted and "quote" in cue_class.needs:
                past_comma = True  # 'the decision, Judge Wu wrote, "leaves no doubt."'
                continue
            if token.text in ".;!?," and not token.quoted and not (token.text == "." and self._abbreviation(self.tokens[n - 1])):
                break
            if token.quoted or token.text in _QUOTE_CHARS:
                if "quote" in cue_class.needs and any(q.start <= token.start for q in self.quotes):
                    return True
                continue
            if not past_comma and (token.lower in cue_class.needs or token.text in cue_class.needs):
                return True
            if "figure" in cue_class.needs and (token.text[:1].isdigit() or token.text in _CURRENCY):
                return True  # "reported revenue of $1.82 billion"
            count += 1
            if count >= cue_class.window + self._adjunct_room(j):
                break
        return False

    def _adjunct_room(self, j: int) -> int:
        """More words to look through for "that" when an adjunct follows the cue
        ("wrote in a post on the company's social media account that ...")."""
        return 8 if j < len(self.tokens) and self.tokens[j].lower in _PREPOSITIONS else 0

    def _that_after_aside(self, j: int) -> int | None:
        """The index of "that" after a short aside between commas after the cue, maybe
        past an adjunct ("noted, however, that ...", "wrote in an email to members,
        which the union published online, that ...")."""
        tokens, commas = self.tokens, []
        if j >= len(tokens) or not (tokens[j].text == "," or tokens[j].lower in _PREPOSITIONS):
            return None  # only an aside, or an adjunct ("in an email"), comes before it
        for n in range(j, min(j + 20, len(tokens) - 1)):
            token = tokens[n]
            if token.quoted or token.text in _QUOTE_CHARS or token.text in ".;:!?":
                return None
            if token.text != ",":
                continue
            commas.append(n)
            if len(commas) == 1 and n - j > 8:
                return None  # a long run before the aside: another clause, not an adjunct
            if len(commas) == 2:
                follows = tokens[n + 1]
                short = n - commas[0] > 1
                return n + 1 if short and follows.lower == "that" and not follows.quoted else None
        return None

    def _quote_before_source(self, cue_index: int) -> bool:
        """'"...," she added' / '"...," added Smith': the content is the quote before."""
        for q in self.quotes:
            if q.end <= self.tokens[cue_index].start:
                between = self.text[q.end:self.tokens[cue_index].start]
                if len(between.split()) <= 6 and not re.search(r"[.;!?]", between):
                    return True
        return False

    # -- "her claim that ...": a noun cue and its owner -------------------------

    def _noun_cue(self, i: int, j: int) -> Found | None:
        """"X repeated her claim that ...", "auditors rejected Okafor's claim that ...":
        the owner of the claim is the source and the that-clause, to the end, its content.
        Only as an object, so the content cannot run into the sentence's own verb."""
        if i < 2 or j >= len(self.tokens) or self.tokens[j].lower != "that" or self.tokens[j].quoted:
            return None
        owner = self.tokens[i - 1]
        verb = self.tokens[i - 2]
        if owner.lower in _POSSESSIVE_PRONOUNS:
            if verb.lower not in self.lex.own_verbs:
                return None
            subject = self._clause_subject(i - 2)
            speaker = self._speaker(subject) if subject else self._resolve_pronoun(_POSSESSIVE_PRONOUNS[owner.lower], owner.start)
            source = subject or (owner.start, owner.end)
        elif re.search(r"['\u2019]s$", owner.text) and owner.capitalised:
            if not verb.text.isalpha() or not verb.text.islower() or verb.lower in _PREPOSITIONS:
                return None
            source = self._noun_phrase_before(i - 1)
            speaker = self._speaker(source) if source else None
        else:
            return None
        if speaker is None or speaker.kind == "unknown" and speaker.name in self.names.pronouns:
            return None
        content_start = self.tokens[j + 1].start if j + 1 < len(self.tokens) else self.segment.end
        content = self._trimmed([(content_start, self.segment.end)])
        if not content:
            return None
        return Found(speaker, source, (self.tokens[i].start, self.tokens[j - 1].end), content)

    # -- sources -----------------------------------------------------------

    def _source_before(self, k: int) -> Span | None:
        """The words naming the source that end at token k, or None."""
        if k < 0:
            return None
        token = self.tokens[k]
        if token.quoted:
            return None
        if token.text == ",":
            return self._source_across_aside(k)
        if token.text in _CLOSING_QUOTES and k > 0 and self.tokens[k - 1].text == "," and not self.tokens[k - 1].quoted:
            return self._source_across_aside(k - 1)  # 'the author of "Home Again," argued'
        if token.text == "." and k > 0 and self._abbreviation(self.tokens[k - 1]):
            suffix = k - 1
            if self.tokens[suffix].lower in _COMPANY_SUFFIXES and suffix >= 2 and self.tokens[suffix - 1].text == ",":
                name = self._noun_phrase_before(suffix - 2)  # "Harvest Lane Markets, Inc. announced"
                if name:
                    return name[0], self.tokens[suffix].end
            return self._noun_phrase_before(suffix)  # "Acme Corp. told"
        if token.lower in self.names.pronouns:
            return token.start, token.end
        return self._noun_phrase_before(k)

    def _noun_phrase_before(self, k: int, floor: int = 0) -> Span | None:
        last = k
        if self.tokens[k].text.isdigit() and k > floor and self.tokens[k - 1].capitalised:
            k -= 1  # a number ending a name: "United Food Workers Local 1420"
        token = self.tokens[k]
        source_noun = self._is_source_noun(k)
        if not (token.capitalised or source_noun or self.names.is_descriptor(token.text)):
            return None
        first = k
        modified = self._modified_source_noun(k, floor) if source_noun else None
        if modified is not None:
            return self.tokens[modified].start, self.tokens[last].end
        while first - 1 >= floor:
            prev = self.tokens[first - 1]
            nxt = self.tokens[first]
            if prev.quoted:
                break
            if prev.capitalised or self.names.is_descriptor(prev.text):
                first -= 1
            elif prev.text.isdigit() and first - 2 >= floor and self.tokens[first - 2].capitalised:
                first -= 1  # "Local 7 president Tomasz Brezina"
            elif prev.text == "." and first - 2 >= floor and self._abbreviation(self.tokens[first - 2]):
                first -= 1
            elif prev.lower in CONNECTORS and nxt.capitalised and first - 2 >= floor and self.tokens[first - 2].capitalised:
                first -= 1
            elif prev.lower in _DETERMINERS:
                first -= 1
                break
            elif (
                prev.lower in ("at", "for", "from", "with", "of")
                and first - 2 >= floor
                and self.tokens[first - 2].lower in self.names.generic_sources
            ):
                first -= 2  # "analysts at Morgan Stanley", "a spokesperson for the Treasury"
            else:
                break
        span = (self.tokens[first].start, self.tokens[last].end)
        words = self.text[span[0]:span[1]]
        if not any(t.capitalised for t in self.tokens[first:last + 1]) and not source_noun and token.lower not in self.names.title_words:
            return None
        if all(w in self.names.not_name_words for w in words.split()):
            return None
        return span

    def _modified_source_noun(self, k: int, floor: int) -> int | None:
        """Where "the port authority" or "the regional health board" starts: a source
        noun after one or two lower-case words and a determiner."""
        for words in (1, 2):
            det = k - words - 1
            if det < floor:
                return None
            modifiers = self.tokens[det + 1 : k]
            if not all(t.text.isalpha() and t.text.islower() and not t.quoted for t in modifiers):
                return None
            if self.tokens[det].lower in _DETERMINERS:
                return det
            if re.search(r"['\u2019]s$", self.tokens[det].text):
                # "the council's own transport report", "Westsound's winter report": its owner
                start = det
                while start - 1 >= floor and (self.tokens[start - 1].capitalised or self.tokens[start - 1].lower == "the"):
                    start -= 1
                    if self.tokens[start].lower == "the":
                        break
                return start
        return None

    def _is_source_noun(self, k: int) -> bool:
        """A common noun that can name a source: "officials", or "the directorate" after
        the "Consumer Product Safety Directorate" was named."""
        word = self.tokens[k].lower
        if word in self.names.generic_sources:
            return True
        return k > 0 and self.tokens[k - 1].lower == "the" and self.ctx.mentions.names_a_body(word)

    def _abbreviation(self, token: Token) -> bool:
        """A word its period belongs to: an initial, "U.S", a title such as "Rep"."""
        return (
            (len(token.text) == 1 and token.text.isupper())
            or "." in token.text
            or token.lower in self.names.title_words
            or token.lower in _NAME_ABBREVIATIONS
        )

    def _source_across_aside(self, comma: int, depth: int = 0) -> Span | None:
        """'Koffler, a ... analyst, cautions' / 'Lithuania's Foreign Minister, Gabrielius
        Landsbergis, has': read the phrase between the commas and the one before.
        Asides may follow each other: "Powell, 71, who has led the Fed since 2018, said"."""
        opening = comma - 1
        while opening >= 0 and self.tokens[opening].text != "," and not self.tokens[opening].quoted:
            if self.tokens[opening].text in ".;:!?" and not self._abbreviation(self.tokens[opening - 1] if opening else self.tokens[0]):
                return None
            opening -= 1
        if opening < 0 or self.tokens[opening].quoted or self.tokens[opening].text != ",":
            return None
        between = self.tokens[opening + 1:comma]
        if not between or len(between) > 25:
            return None
        before = self._noun_phrase_before(opening - 1) if opening >= 1 else None
        if between[0].capitalised and between[0].lower not in _ASIDE_STARTERS and all(
            t.capitalised or t.text == "." or t.lower in CONNECTORS for t in between
        ):
            # "Lithuania's Foreign Minister, Gabrielius Landsbergis," or "Smith, 45,"
            if before is None or not self._names_a_person(before):
                return between[0].start, between[-1].end
        renamed = between[1:] if between[0].lower == "the" else []
        if len(renamed) >= 2 and all(t.capitalised or t.lower in CONNECTORS for t in renamed) and renamed[-1].capitalised:
            # "The trust behind the festival, the Port Alder Arts Trust, said": the name
            # renames a common noun phrase, but not a named source ("Okafor, the Mayor of X,")
            if before is None or not any(self.tokens[n].capitalised for n in range(self.index_at(before[0]), opening)):
                return renamed[0].start, renamed[-1].end
        is_aside = (
            between[0].lower in _ASIDE_STARTERS
            or between[0].text[:1].isdigit()
            or self.names.is_descriptor(between[0].text)
            or between[0].text[:1].islower()
            # "Marra's managing director", "St. Aldric's president": a title owned by a body
            or self._owned_title(between)
        )
        if not is_aside:
            return None
        if before is None and depth < 2 and opening >= 1 and self._ends_aside(opening - 1):
            return self._source_across_aside(opening, depth + 1)
        if (
            before is not None and depth < 2 and between[0].lower in _RELATIVES
            and self._ends_aside(opening - 1) and self._block_start(opening - 1).text[:1].islower()
        ):
            # "Martin Oyelaran, managing director of Stanmoor Engineering, which held the
            # contract, told": the relative clause is about the firm in a title aside.
            return self._source_across_aside(opening, depth + 1)
        return before

    def _owned_title(self, words: list[Token]) -> bool:
        """Whether `words` are a title owned by a named body: capitalised words, the last
        of them possessive, then a title ("St. Aldric's president and chief executive")."""
        for n, word in enumerate(words[:5]):
            if re.search(r"['\u2019]s$", word.text):
                return any(self.names.is_descriptor(t.text) for t in words[n + 1 :])
            if not (word.capitalised or word.text == "."):
                return False
        return False

    def _block_start(self, k: int) -> Token:
        """The first token after the comma before token k."""
        start = k
        while start > 0 and self.tokens[start - 1].text != "," and not self.tokens[start - 1].quoted:
            start -= 1
        return self.tokens[start]

    def _ends_aside(self, k: int) -> bool:
        """Whether the words before a comma can end an aside ("71", "since 2018")."""
        start = k
        while start > 0 and self.tokens[start - 1].text != "," and not self.tokens[start - 1].quoted:
            start -= 1
        return start > 0 and self.tokens[start - 1].text == "," and k - start < 25

    def _names_a_person(self, span: Span) -> bool:
        phrase = self.text[span[0]:span[1]]
        if re.search(r"['\u2019]s\b", phrase):
            return False  # "Lithuania's Foreign Minister": a title, not a name
        name, title = self.names.clean_name(phrase)
        words = name.split()
        # "Dr Aileen Marwick" is a name after a title; "Shadow Minister for Water" and
        # "a spokesperson for St. Brigid" are titles.
        if len(words) < 2 or any(map(self.names.is_descriptor, words)) or not all(w[:1].isupper() for w in words):
            return False
        if title and " ".join(phrase.split()) != f"{title} {name}":
            return False
        return self.names.kind_of(name, bool(title)) == "person"

    def _clause_subject(self, comma: int) -> Span | None:
        """The subject of the clause a participle hangs on ("X has ..., arguing that")."""
        first = 0
        if self.tokens and self.tokens[0].text in self.names.not_name_words | {"In", "On", "At", "After"}:
            comma_after_intro = next((i for i, t in enumerate(self.tokens[:comma]) if t.text == ","), None)
            first = comma_after_intro + 1 if comma_after_intro is not None else 0
        for k in range(first, comma):
            token = self.tokens[k]
            if token.quoted or token.text in _QUOTE_CHARS:
                return None
            if token.lower in self.names.pronouns and k == first:
                return token.start, token.end
            if token.text[:1].islower() and not self.names.is_descriptor(token.text) and token.lower not in CONNECTORS:
                if any(self.tokens[m].text == "," for m in range(first, k)) and k - 1 >= first and self.tokens[k - 1].text != ",":
                    return None
                return self._source_before(k - 1) if k > first else None
        return None

    def _inverted(self, i: int, j: int, cue: Span) -> Found | None:
        """'"...," said former Olympian Declan Rhys in an interview.'"""
        if j >= len(self.tokens):
            return None
        speaker_span = self._name_after_title(j) or self._phrase_after(j, allow_lowercase=False) or self._name_after_descriptor(j)
        if speaker_span is None:
            return None
        if self.tokens[j].lower in self.names.pronouns and self._clause_follows_pronoun(j):
            return None  # '..., said they had ruled it out': the pronoun opens the content
        speaker = self._speaker(speaker_span)
        if speaker is None:
            return None
        before = (self.segment.start, self.tokens[i].start)
        content = [before]
        rest = self._after_comma(self.index_at(speaker_span[1]))
        if rest is not None and self.text[rest[0]] in _QUOTE_CHARS:  # the quote goes on
            content.append(rest)
        return Found(speaker, speaker_span, cue, self._trimmed(content))

    def _clause_follows_pronoun(self, j: int) -> bool:
        """Whether a word other than a preposition follows the pronoun at tokens[j]: '"...,"
        said he.' or 'said she in a statement' end there; 'said they had' goes on."""
        after = self.tokens[j + 1] if j + 1 < len(self.tokens) else None
        return after is not None and after.text[:1].isalnum() and after.lower not in _PREPOSITIONS

    def _name_after_descriptor(self, j: int) -> Span | None:
        """'said keeper Marcus Lindgren': a name after one or two lower-case words."""
        for skip in (1, 2):
            words = self.tokens[j : j + skip]
            if len(words) < skip or not all(t.text.isalpha() and t.text.islower() and not t.quoted for t in words):
                return None
            if any(t.lower in _LINKING_WORDS or t.lower in _PREPOSITIONS or t.lower == "that" for t in words):
                return None  # 'promised when Halvard Capital bought': a clause, not a descriptor
            if j + skip < len(self.tokens) and self.tokens[j + skip].capitalised:
                return self._phrase_after(j + skip, allow_lowercase=False)
        return None

    def _name_after_title(self, j: int) -> Span | None:
        """'said the company's managing director, Simon Ellery', 'said the chief executive
        of Northlight Devices, Marisol Vance': the name after a title that says whose it is."""
        tokens = self.tokens
        comma = next((k for k in range(j, min(j + 10, len(tokens))) if tokens[k].text in ",.;:!?" or tokens[k].quoted), None)
        if comma is None or comma == j or tokens[comma].text != "," or comma + 1 >= len(tokens):
            return None
        title = tokens[j:comma]
        owned = any(t.lower in _POSSESSIVE_PRONOUNS or t.lower in ("of", "at") or re.search(r"['\u2019]s$", t.text) for t in title)
        titled = any(self.names.is_descriptor(t.text) for t in title)
        if not owned or not titled or not tokens[comma + 1].capitalised:
            return None
        return self._phrase_after(comma + 1, allow_lowercase=False)

    def _phrase_after(self, j: int, allow_lowercase: bool) -> Span | None:
        """A noun phrase starting at token j: "former Olympian Declan Rhys"."""
        k = j
        if not allow_lowercase and k < len(self.tokens) and self.tokens[k].lower in self.names.pronouns:
            return self.tokens[k].start, self.tokens[k].end  # '"...," said he'
        if k < len(self.tokens) and self.tokens[k].lower in _DETERMINERS:
            k += 1
        first = k
        last = None
        while k < len(self.tokens):
            token = self.tokens[k]
            if token.quoted or token.text in _QUOTE_CHARS:
                break
            if token.capitalised or self.names.is_descriptor(token.text):
                last = k
            elif token.text == "." and k > first and self._abbreviation(self.tokens[k - 1]) and k + 1 < len(self.tokens) and self.tokens[k + 1].capitalised:
                pass
            elif token.lower in CONNECTORS and k + 1 < len(self.tokens) and self.tokens[k + 1].capitalised and last is not None:
                pass
            elif token.text.isdigit() and last == k - 1 and k + 1 < len(self.tokens) and self.tokens[k + 1].capitalised:
                pass  # "Local 7 President Tomasz Brezina"
            elif allow_lowercase and token.text[:1].isalnum() and token.lower not in _NP_STOPS and k - first < 8:
                last = k
            elif token.lower in self.names.generic_sources:
                last = k  # "said city officials", "said the company": a source noun ends the phrase
                break
            else:
                break
            k += 1
        if last is None:
            return None
        if not any(t.capitalised for t in self.tokens[first:last + 1]):
            if not allow_lowercase and self.tokens[last].lower not in self.names.generic_sources:
                return None
        return self.tokens[first].start, self.tokens[last].end

    def _speaker_after(self, offset: int, allow_lowercase: bool) -> Speaker | None:
        span = self._phrase_after(self.index_at(offset), allow_lowercase)
        return self._speaker(span) if span else None

    def _speaker(self, span: Span) -> Speaker | None:
        phrase = self.text[span[0]:span[1]]
        key = phrase.lower()
        if key in self.names.narrators:
            return None  # the writer's own voice is not an attribution
        if key in self.names.pronouns:
            return self._resolve_pronoun(key, span[0])
        if key.split()[-1] in self.lex.document_nouns and re.search(r"['\u2019]s\b", phrase):
            owner = self._strip_document(span)  # "the council's own transport report": the council
            if owner and owner != span:
                return self._speaker(owner)
        common_noun = _THE_NOUN.fullmatch(key)
        if common_noun:
            earlier = self._earlier_body(common_noun.group(1))
            if earlier:
                return Speaker(earlier.name, earlier.kind, tuple(dict.fromkeys((*earlier.aliases, phrase))))
        return speaker_from_phrase(phrase, span[0], self.names, self.ctx.mentions)

    def _earlier_body(self, noun: str) -> Speaker | None:
        """"The university said" after the University of Eastmoor was quoted: the body
        already speaking, rather than another university named in passing since; "the
        company said" after Corvane spoke: the business already speaking."""
        for speaker in reversed(self.ctx.last_speakers):
            if speaker.kind not in ("organization", "publication"):
                continue
            if noun in head_nouns(speaker.name) or (
                noun in self.names.business_nouns and speaker.kind == "organization"
                and self.names.may_stand_for(noun, speaker.name)
            ):
                return speaker
        return None

    def _resolve_pronoun(self, pronoun: str, offset: int) -> Speaker:
        wanted = ("person",) if pronoun in self.names.person_pronouns else (
            ("organization", "publication") if pronoun in self.names.org_pronouns else ("person", "organization", "publication", "unknown")
        )
        if "person" in wanted and self.ctx.quiet_sentence_before is not None:
            # "Rinaldi joined the academy in 2019. ... he said": the person the sentence
            # before is about, rather than whoever spoke last.
            subject = self.ctx.mentions.person_opening(self.text, self.ctx.quiet_sentence_before.start)
            if subject:
                return Speaker(subject, "person", (pronoun,))
        for speaker in reversed(self.ctx.last_speakers):
            if speaker.kind in wanted:
                return Speaker(speaker.name, speaker.kind, tuple(dict.fromkeys((*speaker.aliases, pronoun))))
        if "person" in wanted:  # no one quoted yet: the last person named
            name = self.ctx.mentions.last_person_before(offset)
            if name:
                return Speaker(name, "person", (pronoun,))
        return Speaker(pronoun, "unknown")

    # -- "according to X" --------------------------------------------------

    def _according_to(self, i: int, j: int) -> Found | None:
        span = self._phrase_after(j, allow_lowercase=True)
        if span is None:
            return None
        phrase_end = span[1]  # the content follows the whole phrase, whoever it names
        owner = self.tokens[j] if j < len(self.tokens) and self.tokens[j].lower in _POSSESSIVE_PRONOUNS else None
        if owner is not None:  # "according to its latest advisory": the owner's own words
            speaker = self._resolve_pronoun(_POSSESSIVE_PRONOUNS[owner.lower], owner.start)
            span = owner.start, span[1]
        else:
            span = self._strip_document(span)
            speaker = self._speaker(span) if span else None
        if speaker is None:
            return None
        cue = self.tokens[i].start, self.tokens[j - 1].end
        before = self.text[self.segment.start:cue[0]].strip(" ,")
        after = self._after_comma(self.index_at(phrase_end))
        content: list[Span] = []
        if before and (after is None or len(before.split()) > 3):
            content.append((self.segment.start, cue[0]))  # "..., according to X"
        if after is not None:
            content.append(after)
        return Found(speaker, span, cue, self._trimmed(content), own_document=owner is not None)

    def _strip_document(self, span: Span) -> Span | None:
        """"a survey by the Riverton Transit Riders Union" -> the union;
        "a Lantern Tech Review investigation" -> Lantern Tech Review."""
        phrase = self.text[span[0]:span[1]]
        topic = re.search(r"\s+(?:of|on|into|about)\s", phrase)
        if topic and phrase[: topic.start()].split()[-1].lower() in self.lex.document_nouns:
            # "the Northmoor Arts Board's summary of decisions": what it is about is no owner
            span, phrase = (span[0], span[0] + topic.start()), phrase[: topic.start()]
        by = re.search(r"\b(?:by|from|of)\s+(?:the\s+)?", phrase)
        lead = re.match(r"(?:(?:a|an|the|its|their)\s+)?(?:new\s+|recent\s+|latest\s+)?([\w-]+(?:\s+[\w-]+)?)\s+(?:by|from|of)\b", phrase)
        if by and lead and lead.group(1).split()[-1].lower() in self.lex.document_nouns:
            return span[0] + by.end(), span[1]
        words = list(re.finditer(r"[\w'\u2019-]+", phrase))
        if not words:
            return None
        kept = list(words)
        while len(kept) > 1 and kept[-1].group() in self.lex.document_nouns:
            kept.pop()
        if len(kept) < len(words):
            # "the hospital's strike update": the owner, not the words describing the document
            possessive = next((n for n in range(len(kept) - 1, -1, -1) if re.search(r"['\u2019]s$", kept[n].group())), None)
            if possessive is not None:
                return span[0], span[0] + kept[possessive].end() - 2
        owner = kept[-1].group()
        if len(kept) < len(words) and not re.search(r"['\u2019]s$", owner) and not any(w.group()[:1].isupper() for w in kept):
            return span  # "the charging affidavit": nobody named, the document speaks
        return span[0], span[0] + kept[-1].end()

    # -- quotes with no verb: '"..." - Jane Doe', 'From the minister: "..."' --

    def _dash_or_colon(self) -> Found | None:
        if not self.quotes:
            return None
        last = self.quotes[-1]
        tail = self.text[last.end:self.segment.end]
        dash = re.match(r"\s*[-\u2013\u2014]+\s*", tail)
        if dash and last.closed:
            span = self._phrase_after(self.index_at(last.end + dash.end()), allow_lowercase=False)
            tail_after_name = self.text[span[1]:self.segment.end] if span else ""
            # '"..." - Calloway Finch, Marlow Lane resident': a descriptor may follow the name.
            if span and (not tail_after_name.strip(" .,") or re.fullmatch(r",\s*[^,.;:!?\"\u201c\u201d]{1,60}\.?\s*", tail_after_name)):
                speaker = self._speaker(span)
                cue = (last.end + dash.start() + len(tail) - len(tail.lstrip()), last.end + dash.end())
                if speaker:
                    return Found(speaker, span, (cue[0], cue[0] + 1), [q.inner for q in self.quotes])
        first = self.quotes[0]
        lead = self.text[self.segment.start:first.start]
        manner = self.lex.manner_colon.search(lead)
        if manner:
            return self._manner_colon(manner)
        colon = re.fullmatch(r"\s*(?:From\s+)?(.+?)\s*:\s*", lead)
        if colon:
            span = self._phrase_after(self.index_at(self.segment.start + colon.start(1)), allow_lowercase=False)
            if span and span[1] >= self.segment.start + colon.end(1) - 1:
                speaker = self._speaker(span)
                if speaker and (speaker.kind != "unknown" or lead.lstrip().startswith("From ")):
                    colon_at = self.segment.start + colon.end(1) + lead[colon.end(1):].index(":")
                    return Found(speaker, span, (colon_at, colon_at + 1), [q.inner for q in self.quotes])
        return None

    def _manner_colon(self, manner: re.Match) -> Found | None:
        """'Mayor Pike was blunt: "..."', 'Lee's message was clear: "..."': the source
        stands before the copula, or owns the message noun."""
        cue = self.segment.start + manner.start(), self.segment.start + manner.end()
        k = self.index_at(cue[0]) - 1
        if k < 0:
            return None
        owner = self.tokens[k]
        if not manner.group("noun"):
            source = self._source_before(k)
            lead = self.text[self.segment.start:source[0]].rstrip() if source else ""
            if lead and not lead.endswith(","):
                return None  # the source opens the clause: not "Her response to critics was blunt:"
            speaker = self._speaker(source) if source else None
        elif owner.lower in _POSSESSIVE_PRONOUNS:
            source = owner.start, owner.end
            speaker = self._resolve_pronoun(_POSSESSIVE_PRONOUNS[owner.lower], owner.start)
        elif re.search(r"['\u2019]s$", owner.text):
            source = self._noun_phrase_before(k)
            speaker = self._speaker(source) if source else None
        else:
            return None
        if speaker is None or speaker.kind == "unknown" and speaker.name in self.names.pronouns:
            return None
        colon_at = self.text.rindex(":", cue[0], cue[1])
        return Found(speaker, source, (cue[0], colon_at), [q.inner for q in self.quotes])

    # -- content ---------------------------------------------------------

    def _content_start(self, cue_class: CueClass, j: int) -> tuple[int, Speaker | None]:
        """Where the content begins after the cue: past "that", past a listener."""
        via = None
        tokens = self.tokens
        window = tokens[j:j + 8 + self._adjunct_room(j)]
        that = next((n for n, t in enumerate(window) if t.lower == "that" and not t.quoted), None)
        opens_quote = next((n for n, t in enumerate(window) if t.text in _QUOTE_CHARS), None)
        if cue_class.listener and j < len(tokens):
            end_of_listener = that if that is not None and (opens_quote is None or that < opens_quote) else None
            if end_of_listener is None:
                listener = self._phrase_after(j, allow_lowercase=False)
                if tokens[j].lower in _OBJECT_PRONOUNS:
                    listener = tokens[j].start, tokens[j].end
                elif listener is None and tokens[j].lower in _DETERMINERS:
                    listener = tokens[j].start, tokens[min(j + 2, len(tokens) - 1)].end
                end_index = self.index_at(listener[1]) if listener else j
            else:
                listener = (tokens[j].start, tokens[j + end_of_listener - 1].end) if end_of_listener else None
                end_index = j + end_of_listener + 1
            if listener and self.text[listener[0]:listener[1]][:1].isupper():
                candidate = self._speaker(listener)
                if candidate and candidate.kind == "publication":
                    via = candidate
            colon = self._colon_after_listener(end_index)
            if colon is not None:
                end_index = colon + 1  # 'told Radio Morven's "The Morning Brief" programme: "..."'
            return (tokens[end_index].start if end_index < len(tokens) else self.segment.end), via
        if that is not None and (opens_quote is None or that < opens_quote) and not any(t.text == "," for t in window[:that]):
            return (tokens[j + that + 1].start if j + that + 1 < len(tokens) else self.segment.end), via
        aside_that = self._that_after_aside(j)
        if aside_that is not None:
            return (tokens[aside_that + 1].start if aside_that + 1 < len(tokens) else self.segment.end), via
        colon = self._colon_after_adjunct(j, cue_class.window)
        if colon is not None:
            j = colon + 1  # 'said in the company's written statement: "..."'
        if j < len(tokens) and _is_adverb(tokens[j]):  # 'put it bluntly, "..."'
            while j < len(tokens) and _is_adverb(tokens[j]):
                j += 1
            if j < len(tokens) and tokens[j].text in ",:":
                j += 1
        return (tokens[j].start if j < len(tokens) else self.segment.end), via

    def _colon_after_listener(self, j: int) -> int | None:
        """The index of a colon ending the listener's phrase ('told Radio Morven's "The
        Morning Brief" programme: "..."'), if one comes before any quotation."""
        return self._colon_within(j, j + 8, stop_at_quote_marks=False)

    def _colon_after_adjunct(self, j: int, reach: int) -> int | None:
        """The index of a colon ending an adjunct right after the cue ("in a statement:"),
        within `reach` words (at least 16) of it."""
        if j >= len(self.tokens) or self.tokens[j].lower not in _PREPOSITIONS:
            return None
        return self._colon_within(j + 1, j + max(16, reach), stop_at_quote_marks=True)

    def _colon_within(self, start: int, stop: int, stop_at_quote_marks: bool) -> int | None:
        """The first colon among tokens [start, stop), before any quotation or sentence end.
        A listener's phrase may hold a quoted title; an adjunct holds no quote marks."""
        for k in range(start, min(stop, len(self.tokens))):
            token = self.tokens[k]
            if token.quoted or token.text in ".;!?" or (stop_at_quote_marks and token.text in _QUOTE_CHARS):
                return None
            if token.text == ":":
                return k
        return None

    def _content(self, source: Span, cue: Span, content_start: int) -> list[Span]:
        first = min(source[0], cue[0])
        # '"...," winemaker Tobias Penhale wrote': a lower-case descriptor of one or two
        # words may stand between the quotation and the name.
        descriptor = re.search(r"([\"\u201d\u2019\u00bb],?)((?:\s+[a-z][\w'\u2019-]*){1,2})\s*$", self.text[self.segment.start:first])
        if descriptor and not _LINKING_WORDS.intersection(descriptor.group(2).split()):
            first = self.segment.start + descriptor.end(1)
        before = (self.segment.start, first)
        before_text = self.text[before[0]:before[1]].rstrip()
        after = self._after_comma(self.index_at(max(source[1], cue[1])))
        after_direct = (content_start, self.segment.end) if self._is_clause(content_start) else None
        ends_in_quote = bool(re.search(r"[\"\u201d\u2019\u00bb],?$|,$", before_text))
        quotes_before = [q for q in self.quotes if q.end <= first]
        if ends_in_quote and (quotes_before or after_direct is None or self.text[content_start:content_start + 1] == ","):
            if quotes_before and self._closes_with_comma(quotes_before[-1]):
                # '"...," Oyelaran's agent, Fabienne Rusk, told': the words after the quote name the source.
                before = (before[0], quotes_before[-1].end)
            spans = [before]
            if after is not None and not self._is_participle_phrase(after[0]):
                spans.append(after)  # not '..., speaking in Velmoran'
            return self._trimmed(spans)
        return self._trimmed([after_direct] if after_direct else [])

    def _closes_with_comma(self, quote: Quote) -> bool:
        return quote.closed and (self.text[quote.end - 2:quote.end - 1] == "," or self.text[quote.end:quote.end + 1] == ",")

    def _is_participle_phrase(self, start: int) -> bool:
        word = re.match(r"[a-z]+", self.text[start:start + 30])
        return bool(word) and word.group().endswith("ing")

    def _is_clause(self, start: int) -> bool:
        """Whether the words from `start` to the segment's end can be content, rather than
        nothing or an adjunct ("in a statement on Tuesday")."""
        rest = self.text[start:self.segment.end].strip(" .!?")
        if not rest:
            return False
        words = rest.split()
        if words[0].lower() not in _PREPOSITIONS or any(c in rest for c in _QUOTE_CHARS):
            return True
        if re.search(r"\bthat\s*$", self.text[max(self.segment.start, start - 8):start], re.IGNORECASE):
            return True  # "reported that at least four senators ..."
        if words[0] == "to" and len(words) > 1 and words[1].isalpha() and words[1].islower() and words[1] not in _DETERMINERS:
            return True  # "agreed to remove constraints": an infinitive, not "to the crowd"
        # An adjunct first ("on Tuesday, the plan ...", "Tuesday the plan ..."): content only
        # if a clause follows it, not more adjuncts ("in a speech, about an hour after ...").
        _, comma, after_comma = rest.partition(",")
        following = after_comma.split()[:1] if comma else words[1:2] if words[0].lower() in _WEEKDAYS else []
        return bool(following) and _opens_clause(following[0])


    def _after_comma(self, k: int) -> Span | None:
        for n in range(k, len(self.tokens)):
            token = self.tokens[n]
            if token.text == "," and not token.quoted:
                rest = (self.tokens[n + 1].start if n + 1 < len(self.tokens) else self.segment.end, self.segment.end)
                return rest if self.text[rest[0]:rest[1]].strip(" .") else None
            if token.text in _QUOTE_CHARS or token.quoted:
                return (token.start, self.segment.end)
        return None

    def _trimmed(self, spans: list[Span]) -> list[Span]:
        result = []
        for start, end in spans:
            if start == self.segment.start and (dateline := _DATELINE.match(self.text, start, end)):
                start = dateline.end()  # "ELLISPORT, Feb. 21, 2025 (OPS) - " is where, not what
            while start < end and self.text[start] in " ,;:\n\t":
                start += 1
            while end > start and self.text[end - 1] in " ,;:.\n\t":
                end -= 1
            if end > start:
                result.append((start, end))
        return result


def _is_adverb(token: Token) -> bool:
    return token.text.islower() and token.text.endswith("ly") and len(token.text) > 3 and token.lower not in _LY_NOT_ADVERBS


def _opens_clause(word: str) -> bool:
    lower = word.lower()
    return lower in _CLAUSE_STARTERS or lower == "that" or word[:1].isupper() or word[:1].isdigit()


def _is_negation(word: str) -> bool:
    return word in ("not", "never") or word.endswith(("n't", "n\u2019t"))


def _within(cue: Span, content: list[Span]) -> bool:
    return any(a <= cue[0] < b for a, b in content)


def _cut(span: Span, at: int, text: str) -> Span:
    """Content ends before a trailing ", according to X"."""
    start, end = span
    if start < at < end:
        end = at
        while end > start and text[end - 1] in " ,":
            end -= 1
    return start, end


# --------------------------------------------------------------------------
# Claims


def extract(article: Article, rules: dict) -> list[Claim]:
    """The attributions of an article, in text order, with ids c1, c2, ..."""
    lexicon = lexicon_for(rules)
    body = segments(article)
    mentions = Mentions.of_text(article.text, lexicon.names, [(s.start, s.end) for s in body])
    ctx = _Context(article, lexicon, mentions)
    claims: list[Claim] = []
    previous: tuple[Segment, Claim] | None = None
    last_claimed = -2  # index of the last segment that gave a claim
    for index, segment in enumerate(body):
        before = body[index - 1] if index else None
        same_paragraph = before is not None and before.paragraph == segment.paragraph
        ctx.quiet_sentence_before = before if same_paragraph and last_claimed != index - 1 else None
        if not segment.quotes and not lexicon.may_attribute(article.text[segment.start:segment.end]):
            previous = None if previous and previous[0].paragraph != segment.paragraph else previous
            continue
        reader = _SegmentReader(ctx, segment)
        found = reader.read()
        if not found:
            continuation = _continuation(reader, segment, previous)
            found = [continuation] if continuation else []
        if not found:
            previous = None if previous and previous[0].paragraph != segment.paragraph else previous
            continue
        continues_previous = previous is not None and (
            # a quotation running on from the sentence before, with no cue of its own
            (found[0].implicit_cue and (segment.continues_quote or last_claimed == index - 1))
            # or '"...," she said.' closing the quotation opened in an earlier paragraph
            or (segment.continues_quote and len(found) == 1 and found[0].speaker.name == previous[1].speaker.name)
        )
        if continues_previous:
            # One quotation, one claim.
            _extend(previous[1], segment, article, reader)
            last_claimed = index
            continue
        for one in found:
            claim = _claim(f"c{len(claims) + 1}", one, segment, article, reader, alone=len(found) == 1)
            if previous and previous[0].paragraph == segment.paragraph and _same_name(previous[1].speaker.name, claim.speaker.name):
                claim.links = list(dict.fromkeys([*claim.links, *previous[1].links]))
            claims.append(claim)
            ctx.last_speakers.append(claim.speaker)
            previous = (segment, claim)
        last_claimed = index
    return claims


def _same_name(one: str, other: str) -> bool:
    """Whether two credits name the same source, one perhaps shorter ("Delacroix's office"
    after "Mayor Renata Delacroix's office")."""
    longer, shorter = sorted((one, other), key=len, reverse=True)
    return longer == shorter or longer.endswith(" " + shorter)


def _continuation(reader: _SegmentReader, segment: Segment, previous: tuple[Segment, Claim] | None) -> Found | None:
    """A quotation standing alone after a claim of the same speaker, in the same paragraph
    or running on from the previous one: it continues that speaker's words."""
    if previous is None or not reader.quotes:
        return None
    same_paragraph = previous[0].paragraph == segment.paragraph
    if not (same_paragraph or segment.continues_quote):
        return None
    text = reader.text
    quoted = sum(q.inner[1] - q.inner[0] for q in reader.quotes)
    visible = len(text[segment.start:segment.end].strip())
    if quoted < 0.85 * visible or len(text[reader.quotes[0].inner[0]:reader.quotes[0].inner[1]].split()) < 4:
        return None
    speaker = previous[1].speaker
    return Found(speaker, (0, 0), (0, 0), [q.inner for q in reader.quotes], implicit_cue=True)


def _extend(claim: Claim, segment: Segment, article: Article, reader: _SegmentReader) -> None:
    """A multi-paragraph quotation: the next paragraph's words belong to the same claim."""
    claim.span = (claim.span[0], segment.end)
    claim.text = article.text[claim.span[0]:claim.span[1]]
    fragments = [_quote_text(article.text, q) for q in reader.quotes]
    claim.quotes.extend(fragments)
    claim.quote = " ... ".join(claim.quotes) or None
    claim.spans.content.extend(q.inner for q in reader.quotes)
    claim.links = list(dict.fromkeys([*claim.links, *(l.url for l in article.links_between(segment.start, segment.end))]))


def _quote_text(text: str, quote: Quote) -> str:
    """The quoted words, without the comma or period the quote marks close over
    (kept after an abbreviation: "after 9 p.m.")."""
    words = " ".join(text[quote.inner[0]:quote.inner[1]].split()).rstrip(",;:")
    if words.endswith(".") and not re.search(r"(?:\b\w\.\w|\b[A-Z])\.$", words):
        words = words[:-1]
    return words


def _claim(claim_id: str, found: Found, segment: Segment, article: Article, reader: _SegmentReader, alone: bool = True) -> Claim:
    """`alone`: the only claim of its segment, so all of its quotations are its own."""
    text = article.text
    quotes = [q for q in reader.quotes if any(q.start < b and q.end > a for a, b in found.content)] or (
        reader.quotes if found.content and alone else []
    )
    fragments = [_quote_text(text, q) for q in quotes]
    fragments = [f for f in fragments if f]
    content = " ... ".join(text[a:b] for a, b in found.content)
    return Claim(
        id=claim_id,
        text=text[segment.start:segment.end],
        speaker=found.speaker,
        cue="" if found.implicit_cue else " ".join(text[found.cue[0]:found.cue[1]].split()),
        content=" ".join(content.split()).strip(" \"\u201c\u201d"),
        quote=" ... ".join(fragments) or None,
        quotes=fragments,
        span=(segment.start, segment.end),
        spans=Spans(
            source=None if found.implicit_cue else found.source,
            cue=None if found.implicit_cue else found.cue,
            content=list(found.content),
        ),
        links=list(dict.fromkeys(link.url for link in article.links_between(segment.start, segment.end))),
        via=found.via,
    )
