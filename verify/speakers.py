"""Speaker names: titles stripped, kinds told apart, short names and pronouns resolved.

Works on the word lists of rules/titles.toml and the outlet registry (rules/outlets.toml).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .outlets import Registry
from .records import Speaker

CONNECTORS = frozenset("of for the and & de van von der da al bin la le du del y".split())
_POSSESSIVE = re.compile(r"['\u2019]s?$")
# A name word: "Brigid", an initial "J.", or "St." / "Mt." / "Ft." opening a place name.
_NAME_WORD = r"(?:(?:St|Mt|Ft)\.|[A-Z](?:[\w'\u2019-]*|\.))"
_NAME_RUN = re.compile(
    rf"\b{_NAME_WORD}"
    rf"(?:[ \t]+(?:(?:of|for|de|van|von|der|da|al|bin|la|le|du|del|&)[ \t]+)?{_NAME_WORD})+"
)
_NAME_WORD_RE = re.compile(r"[A-Z][\w'\u2019-]+\b")
# "Minister for Water Security Catriona Bellamy": a title with its portfolio, then a
# two-word name.
_PORTFOLIO = re.compile(
    r"(?P<title>\S.*?\s(?:for|of)\s+(?:[A-Z][\w'\u2019-]*\s+)+?)(?P<name>[A-Z][\w'\u2019-]*\s+[A-Z][\w'\u2019-]*)$"
)
_REGISTRY_KINDS = {"publication": "publication", "agency": "publication", "broadcaster": "publication"}


def _words_regex(words: list[str]) -> re.Pattern:
    alternatives = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(w) for w in alternatives) or r"(?!x)x"
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w'\u2019-])", re.IGNORECASE)


@dataclass(eq=False)
class Names:
    """The speaker word lists of one rule set, compiled once."""

    title_regex: re.Pattern
    title_words: frozenset[str]
    modifiers: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    org_pronouns: frozenset[str]
    generic_sources: frozenset[str]
    company_nouns: frozenset[str]
    business_nouns: frozenset[str]  # "the company", "the firm"
    not_businesses: frozenset[str]  # head nouns of bodies that are no business
    narrators: frozenset[str]
    publication_words: frozenset[str]
    organization_words: frozenset[str]
    not_name_words: frozenset[str]
    places: frozenset[str]
    registry: Registry

    @classmethod
    def from_rules(cls, rules: dict) -> "Names":
        titles = rules.get("titles", {})
        pronouns = titles.get("pronouns", {})
        kinds = titles.get("kinds", {})
        title_list = titles.get("titles", [])
        return cls(
            title_regex=_words_regex(title_list),
            title_words=frozenset(w.lower().rstrip(".") for t in title_list for w in t.split()),
            modifiers=frozenset(m.lower() for m in titles.get("title_modifiers", [])),
            person_pronouns=frozenset(pronouns.get("person", [])),
            group_pronouns=frozenset(pronouns.get("group", [])),
            org_pronouns=frozenset(pronouns.get("organization", [])),
            generic_sources=frozenset(w.lower() for w in titles.get("sources", {}).get("generic", [])),
            company_nouns=frozenset(w.lower() for w in titles.get("sources", {}).get("company_nouns", [])),
            business_nouns=frozenset(w.lower() for w in titles.get("sources", {}).get("business_nouns", [])),
            not_businesses=frozenset(w.lower() for w in titles.get("sources", {}).get("not_businesses", [])),
            narrators=frozenset(pronouns.get("narrator", [])),
            publication_words=frozenset(kinds.get("publication", [])),
            organization_words=frozenset(w.lower() for w in kinds.get("organization", [])),
            not_name_words=frozenset(titles.get("names", {}).get("not_name_words", [])),
            places=frozenset(titles.get("names", {}).get("places", [])),
            registry=Registry.from_rules(rules),
        )

    @property
    def pronouns(self) -> frozenset[str]:
        return self.person_pronouns | self.group_pronouns | self.org_pronouns

    def may_stand_for(self, noun: str, organization: str) -> bool:
        """Whether "the <noun>" may mean `organization`: "the company" is no university."""
        return noun not in self.business_nouns or not head_nouns(organization) & self.not_businesses

    def is_descriptor(self, word: str) -> bool:
        """A word that may stand in a title before a name ("chief", "former", "Dr")."""
        key = word.lower()
        return key in self.title_words or key in self.modifiers

    # -- names -------------------------------------------------------------

    def split_title(self, phrase: str) -> tuple[str, str]:
        """("Finance Director", "Paul Haverty") from "Finance Director Paul Haverty".

        The last title followed by a capitalised name is cut off; a title followed by an
        organisation word ("General Motors") or a possessive is part of the name.
        """
        best = None
        for match in self.title_regex.finditer(phrase):
            rest = phrase[match.end():].strip(" ,")
            if rest[:1].isupper() and not self._has_org_word(rest.partition(" of ")[0]):
                best = match
        if best is None:
            portfolio = _PORTFOLIO.match(phrase.strip())
            first_title = self.title_regex.match(phrase.strip())
            if portfolio and first_title and first_title.end() <= portfolio.end("title"):
                return portfolio.group("title").strip(), portfolio.group("name")
            return "", phrase.strip()
        return phrase[: best.end()].strip(" ,"), phrase[best.end():].strip(" ,")

    @lru_cache(maxsize=8192)
    def clean_name(self, phrase: str) -> tuple[str, str]:
        """The name in a noun phrase, without leading words or a trailing "of Org", and the
        title removed from it."""
        words = phrase.split()
        while words and (words[0] in self.not_name_words or words[0].lower() in CONNECTORS):
            words = words[1:]
        title, name = self.split_title(" ".join(words))
        words = name.split()
        # Keep the capitalised tail: "Brightwater chief executive Adrian Kovac". A phrase
        # ending in a common noun ("IT security office") is kept whole.
        lower = [i for i, w in enumerate(words) if w[:1].islower() and w.lower() not in CONNECTORS]
        if lower and lower[-1] < len(words) - 1:
            title = " ".join([title, *words[: lower[-1] + 1]]).strip()
            words = words[lower[-1] + 1:]
        while words and words[0].lower() in CONNECTORS:
            words = words[1:]
        name = " ".join(words)
        # "Owen Pryce of Calder State University": a person of an organisation.
        head, sep, _ = name.partition(" of ")
        if sep and len(head.split()) >= 2 and not self._has_org_word(head) and not self._has_pub_word(head):
            name = head
        return _POSSESSIVE.sub("", name).strip(), title

    def _has_org_word(self, phrase: str) -> bool:
        return any(w.lower().strip(".,") in self.organization_words for w in phrase.split())

    def _has_pub_word(self, phrase: str) -> bool:
        return any(w.strip(".,") in self.publication_words for w in phrase.split())

    @lru_cache(maxsize=8192)
    def kind_of(self, name: str, titled: bool = False) -> str:
        outlet = self.registry.by_name(name)
        if outlet:
            return _REGISTRY_KINDS.get(outlet.kind, "organization")
        if self._has_pub_word(name):
            return "publication"
        if self._has_org_word(name) or "&" in name.split():
            return "organization"
        words = name.split()
        if name.lower() in self.generic_sources or words[-1].lower() in self.generic_sources and name[:1].islower():
            return "unknown"
        if name in self.places:
            return "organization"
        if titled or (2 <= len(words) <= 4 and all(w[:1].isupper() or w.lower() in CONNECTORS for w in words)):
            return "person"
        if len(words) == 1 and (words[0].isupper() or self._has_org_word(name)):
            return "organization"  # an acronym
        return "unknown"

    def canonical(self, name: str) -> str:
        outlet = self.registry.by_name(name)
        if outlet:
            return outlet.name
        return re.sub(r"^(?:the|The)\s+", "", name)


# A name said to be an organisation by the words around it, where its own words do not
# say so ("Morgan Stanley", "Larkspur House"): staff "at" or "for" it, an appositive
# company noun, or an "its" later in the sentence it opens.
_STAFF_BEFORE = re.compile(
    r"\b(?:spokes(?:person|man|woman|people)|analysts?|economists?|strategists?|executives?|officials?|"
    r"employees?|workers?|staff|researchers?|lawyers?|representatives?)\s+(?:at|for|of|from|with)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SPEAKS_FOR = re.compile(
    r"^(?:(?:an?|the)\s+)?(?:spokes(?:person|man|woman|people)|representatives?)\s+(?:for|of)\s+(?=\S)", re.IGNORECASE
)
_PERSON_PRONOUN = re.compile(r"\b(?:he|she|his|her|him|hers)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


@dataclass
class Mentions:
    """Capitalised names met in an article, to expand short names ("Okafor" -> "Ines Okafor",
    "the commission" -> "National Anti-Doping Commission") and to tell which bare names
    are organisations from their context."""

    names: Names
    by_last_word: dict[str, tuple[list[int], list[str]]] = field(default_factory=dict)
    people: list[tuple[int, str]] = field(default_factory=list)  # (offset, full name), in order
    organizations: list[tuple[int, str]] = field(default_factory=list)  # likewise
    organization_names: set[str] = field(default_factory=set)

    @classmethod
    def of_text(cls, text: str, names: Names, spans: list[tuple[int, int]] | None = None) -> "Mentions":
        """Names in text, or only in `spans` of it (the body, without headlines)."""
        mentions = cls(names)
        for start, end in spans or [(0, len(text))]:
            mentions._add(text, start, end)
        return mentions

    def _add(self, text: str, start: int, end: int) -> None:
        names = self.names
        for match in _NAME_RUN.finditer(text, start, end):
            name, title = names.clean_name(match.group())
            words = name.split()
            if len(words) < 2:
                continue
            kind = names.kind_of(name, bool(title))
            if kind == "person" and not title and (
                self._organization_by_context(text, match, start, end, name) or self._named_by_first_word(text, name)
            ):
                kind = "organization"
                self.organization_names.add(name)
            keys = {words[-1].lower(), *title.lower().split()[-1:]}
            if kind == "person":
                self.people.append((match.start(), name))
            elif kind == "organization":
                self.organizations.append((match.start(), name))
                keys |= head_nouns(name)
            # Indexed by surname and by title: "Okafor" and "the mayor" both find her.
            for key in keys:
                positions, fulls = self.by_last_word.setdefault(key, ([], []))
                positions.append(match.start())
                fulls.append(name)

    def _organization_by_context(self, text: str, match: re.Match, start: int, end: int, name: str) -> bool:
        name_start = match.start() + match.group().find(name.split()[0])
        before = text[max(start, name_start - 60):name_start]
        if _STAFF_BEFORE.search(before):
            return True
        nouns = self.names.company_nouns
        # The noun after a determiner or before a comma: "the bank Morgan Stanley", "His
        # publisher, Larkspur House"; not a title ("Restaurant owner Ana Ribeiro").
        appositive_before = re.search(r"(\w+),\s+$", before) or re.search(
            r"\b(?:the|a|an|its|his|her|their|our)\s+(\w+)\s+$", before, re.IGNORECASE
        )
        if appositive_before and appositive_before.group(1).lower() in nouns and not self._called_by_surname(text, name):
            return True  # "His publisher, Larkspur House", "the bank Morgan Stanley"
        after = text[match.end():min(end, match.end() + 60)]
        appositive_after = re.match(
            r",\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,2}([\w-]+)(?=[,.;]|\s+(?:that|which|whose|said|says)\b)", after
        )
        if appositive_after and appositive_after.group(1).lower() in nouns:
            return True  # "Morgan Stanley, the investment bank,"
        if re.match(r",\s+who\b", after):
            return False  # "Teodor Marsh, who has tracked the program since its launch": a person
        opens_sentence = not text[start:name_start].strip(" \"\u201c") or re.search(r"[.!?][\"\u201d]?\s+(?:The\s+)?$", before)
        if not opens_sentence:
            return False
        sentence_end = _SENTENCE_END.search(text, match.end(), end)
        rest = text[match.end():sentence_end.start() if sentence_end else end]
        return bool(re.search(r"\bits\b", rest)) and not _PERSON_PRONOUN.search(rest)

    @staticmethod
    def _called_by_surname(text: str, name: str) -> bool:
        """"the investor Augustin Pellew ... Pellew said": a person, called by the last word."""
        words = name.split()
        return len(words) >= 2 and text.count(words[-1]) > text.count(name)

    def _named_by_first_word(self, text: str, name: str) -> bool:
        """A company is called by its first word ("Northlight said" after "Northlight
        Devices"), a person by the last ("Vance said" after "Marisol Vance")."""
        words = name.split()
        mentioned = text.count(name)
        if text.count(words[-1]) > mentioned or text.count(words[0]) - mentioned < 2:
            return False  # the last word stands alone somewhere, or the first never does
        # The first word with no capitalised word after it: not "Chris" of "Chris Christie".
        alone = re.findall(rf"\b{re.escape(words[0])}\b(?![ \t]+[A-Z])", text)
        return len(alone) >= 2

    def names_a_body(self, noun: str) -> bool:
        """Whether a lower-case noun ("the directorate") ends a name met in the article
        ("the theatre" after "the Corn Exchange Theatre")."""
        return noun in self.by_last_word

    def person_opening(self, text: str, start: int) -> str | None:
        """The person named by the words that open a sentence at `start`, its likely
        subject ("Rinaldi joined the academy ..." -> "Mateo Rinaldi"), if any."""
        people = {name for _, name in self.people}
        run = _NAME_RUN.match(text, start)
        if run:
            name, _ = self.names.clean_name(run.group())
            return name if name in people else None
        word = _NAME_WORD_RE.match(text, start)
        full = self.expand(word.group(), start) if word else None
        return full if full in people else None

    def last_person_before(self, offset: int) -> str | None:
        i = bisect.bisect_left(self.people, (offset, ""))
        return self.people[i - 1][1] if i else None

    def last_organization_before(self, offset: int, noun: str | None = None) -> str | None:
        """The organisation named last before `offset` that "the <noun>" may stand for."""
        i = bisect.bisect_left(self.organizations, (offset, ""))
        return next(
            (name for _, name in reversed(self.organizations[:i]) if noun is None or self.names.may_stand_for(noun, name)),
            None,
        )

    def person_named_before(self, surname: str, offset: int) -> bool:
        """Whether a person whose name ends in `surname` was met before `offset`
        ("Bergkvist" after "Dr. Linnea Bergkvist")."""
        return any(at < offset and full.endswith(" " + surname) for at, full in self.people)

    def fullest_organization(self, name: str) -> str:
        """The full name an organisation is called by the first words of ("St. Brigid"
        for "St. Brigid Regional Medical Center"), else the name itself."""
        longer = [full for _, full in self.organizations if full.startswith(name + " ")]
        return max(longer, key=len) if longer else name

    def expand(self, short: str, offset: int) -> str | None:
        """The most recent longer name before `offset` ending in `short`, else the first after."""
        entry = self.by_last_word.get(short.lower())
        if not entry:
            return None
        positions, fulls = entry
        i = bisect.bisect_left(positions, offset)
        for full in [*reversed(fulls[:i]), *fulls[i:]]:
            if len(full.split()) > len(short.split()):
                return full
        return None


def head_nouns(name: str) -> set[str]:
    """The lower-case nouns a name can be called by: "university" and "eastmoor" for
    "University of Eastmoor", "directorate" for "Consumer Product Safety Directorate"."""
    lower = name.lower()
    head, sep, _ = lower.partition(" of ")
    return set(lower.split()[-1:]) | (set(head.split()[-1:]) if sep else set())


def speaker_from_phrase(phrase: str, offset: int, names: Names, mentions: Mentions) -> Speaker | None:
    """A Speaker from the words naming a source, or None when they name nobody."""
    phrase = phrase.strip(" ,")
    aliases = [phrase]
    phrase = _SPEAKS_FOR.sub("", phrase)  # the body a spokesperson speaks for is the source
    if not phrase:
        return None
    # Joint sources: "French President Emmanuel Macron and German Chancellor Olaf Sholz".
    parts = [p for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", phrase) if p]
    if len(parts) > 1:
        people = [names.clean_name(p) for p in parts]
        if all((len(n.split()) >= 2 or title) and names.kind_of(n, bool(title)) == "person" for n, title in people):
            joined = " and ".join(_expand(n, offset, mentions) for n, _ in people)
            return Speaker(joined, "person", tuple(n for n, _ in people))
    name, title = names.clean_name(phrase)
    if not name:
        return None
    words = name.split()
    full = name
    if len(words) == 1 and not names.registry.by_name(name):
        full = _expand(name, offset, mentions)
        if full == name and name.lower() in names.company_nouns:
            # "the company said", "the bank said": the organisation named last.
            full = mentions.last_organization_before(offset, name.lower()) or name
    kind = names.kind_of(full, bool(title))
    if full != name and name.islower() and not names.is_descriptor(name):
        kind = "organization"  # "the theatre": a body, whatever its name looks like
    elif full != name and kind == "unknown":
        kind = "person"
    if kind == "person" and full in mentions.organization_names:
        kind = "organization"
    if kind == "organization":
        full = mentions.fullest_organization(full)
    full = names.canonical(full)
    aliases += [name, words[-1]]
    return Speaker(full, kind, tuple(dict.fromkeys(a for a in aliases if a != full)))


def _expand(name: str, offset: int, mentions: Mentions) -> str:
    if len(name.split()) > 1:
        return name
    return mentions.expand(name, offset) or name
