"""What two words share when they mean the same for paraphrase scoring.

A word's key is its Snowball stem ("takings" and "take" share "take"), a figure
without digit separators or ordinal suffix ("1,400" is "1400", "3rd" is "3"), a
spelled-out number as digits ("three" is "3"), or, for the words of one group of
rules/paraphrases.toml ("revenue", "sales"), the group's first word. A group's
multi-word forms ("free of charge", "at no cost") are read as its first word too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import snowballstemmer

from .records import InputError

NEGATORS = frozenset("not no never none nobody nothing neither nor cannot without".split())
MONTHS = (
    "january february march april may june july august september october november december".split()
)
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
} | {w: str(10 * i) for i, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)}
# Function words, reporting verbs and hedges ("about", "roughly"): a paraphrase may
# add or drop them freely, so they never count as content.
STOPWORDS = frozenset(
    """a an the and or but if then than that this these those there here of to in on at by for
    from with as into onto over under about after before between through during within without
    is are was were be been being am has have had having do does did will would shall should
    can could may might must it its it's he she they them their his her him we us our i me my
    you your who whom whose which what when where why how all any each every some such so also
    just only very more most much many other same own said says say told according both either
    around approximately roughly nearly almost per
    s 's mr mrs ms dr""".split()
)
# A figure's scale, as a word ("2.4 billion", "2,400 million") or a suffix ("2.4bn").
MAGNITUDES = {"thousand": 3, "million": 6, "mn": 6, "billion": 9, "bn": 9, "trillion": 12, "tn": 12}
_SCALED = re.compile(r"(\d[\d,]*(?:\.\d+)?)(bn|mn|tn)?")
# Right after a currency sign a figure may carry a one-letter scale ("$45m", "£3b",
# "€20k"); elsewhere "45m" is as likely metres.
CURRENCY_SIGNS = frozenset("$€£¥₹")
_PRICED = re.compile(r"(\d[\d,]*(?:\.\d+)?)([kmb])")
_PRICE_SCALES = {"k": 3, "m": 6, "b": 9}
# A currency's country before a figure ("US$2.4 billion"): the "$" it qualifies is no
# word, so it is read as part of the figure, not as a name.
_CURRENCY_COUNTRY = frozenset({"us", "c", "nz", "hk"})
_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)$")
# After these, "one" is a pronoun ("every one of the towers", "the one reason"), no figure.
_BEFORE_PRONOUN_ONE = frozenset("every each any no the this that which another".split())
FILLER = ""  # the word and key of a word that a phrase before it stands for
# A share written in words ("two-thirds", "a third of", "six in ten"): keyed by its
# value in percent, its word read as SHARE, the words after it FILLER. A share in words
# is a rounding, so it is compared with a tolerance (see paraphrase._within_bound).
SHARE = "%"
_DENOMINATORS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
_PLURAL_DENOMINATORS = {"halves": 2, "thirds": 3, "quarters": 4, "fifths": 5, "tenths": 10}

_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A word's rules-independent key: figures canonical, other words stemmed."""
    if word in NUMBER_WORDS or not word:  # FILLER keeps its empty key
        return NUMBER_WORDS.get(word, word)
    if word[0].isdigit():
        return _ORDINAL.sub(r"\1", word.replace(",", ""))
    return _stemmer.stemWord(word.removesuffix("'s").removesuffix("'"))


@dataclass(frozen=True)
class Lexicon:
    """Stems that stand for one another, as (stem, the stem of its group's first
    word), keys of opposite meaning ("increase", "decrease"), and phrases read as
    one word, as (the stems of the phrase, the word it stands for)."""

    same: tuple[tuple[str, str], ...] = ()
    opposites: tuple[tuple[str, str], ...] = ()
    phrases: tuple[tuple[tuple[str, ...], str], ...] = ()
    denials: frozenset[str] = frozenset()  # stems of cues that deny their content ("denied")

    @classmethod
    def from_rules(cls, rules: dict) -> Lexicon:
        table = rules.get("paraphrases", {})
        groups = tuple(tuple(group["words"]) for group in table.get("group", []))
        opposites = tuple(tuple(pair["words"]) for pair in table.get("opposite", []))
        denials = tuple(table.get("denials", {}).get("cues", []))
        return _lexicon(groups, opposites, denials)

    def denies(self, cue: str) -> bool:
        """Whether a cue states its content negated: "denied that it had refused" says
        it had not refused."""
        return any(stem(word) in self.denials for word in cue.casefold().split())

    @property
    def mapping(self) -> dict[str, str]:
        return _as_map(self.same)

    def key(self, word: str) -> str:
        found = stem(word)
        return self.mapping.get(found, found)

    def opposite(self, key: str) -> str | None:
        return _as_map(self.opposites).get(key)

    def read(self, words: list[str], priced: frozenset[int] = frozenset()) -> tuple[list[str], list[str]]:
        """Normalised words as compared, and their keys. A phrase of a group becomes
        the group's first word, the phrase's other words FILLER; so does "one" as a
        pronoun. `priced`: the positions of words written right after a currency sign."""
        mapping = self.mapping
        words, keys = list(words), [mapping.get(stem(w), stem(w)) for w in words]
        _read_compounds(words, keys)
        _read_amounts(words, keys, priced)
        _read_shares(words, keys)
        starting = _phrases_by_first_stem(self.phrases)
        for i, word in enumerate(words):
            if word == FILLER:
                continue
            if word == "one" and i and words[i - 1] in _BEFORE_PRONOUN_ONE:
                words[i] = keys[i] = FILLER
            for stems, meaning in starting.get(stem(word), ()):
                if tuple(stem(w) for w in words[i : i + len(stems)]) == stems:
                    words[i : i + len(stems)] = [meaning] + [FILLER] * (len(stems) - 1)
                    keys[i : i + len(stems)] = [self.key(meaning)] + [FILLER] * (len(stems) - 1)
                    break
        return words, keys


_TENS = frozenset("twenty thirty forty fifty sixty seventy eighty ninety".split())
_UNITS = frozenset("one two three four five six seven eight nine".split())


def _read_compounds(words: list[str], keys: list[str]) -> None:
    """Key "ninety-four" (read as "ninety", "four") as 94, the units word FILLER."""
    for i in range(len(words) - 1):
        if words[i] in _TENS and words[i + 1] in _UNITS:
            keys[i] = str(int(NUMBER_WORDS[words[i]]) + int(NUMBER_WORDS[words[i + 1]]))
            words[i + 1] = keys[i + 1] = FILLER


def _read_shares(words: list[str], keys: list[str]) -> None:
    """Key a share in words by its percentage: "two thirds", "a third of" (not "a
    third term"), "half of", "six in ten", "one out of five"."""

    def count(word: str) -> int | None:
        value = NUMBER_WORDS.get(word, word)
        return int(value) if value.isdigit() else None

    for i, word in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else None
        share, length = None, 0
        if word in _PLURAL_DENOMINATORS and i and (count(words[i - 1]) or 0) > 1:
            share, length, i = count(words[i - 1]) / _PLURAL_DENOMINATORS[word], 2, i - 1
        elif word in _DENOMINATORS and after == "of":
            counted = i > 0 and words[i - 1] in ("a", "an", "one")
            if counted or word == "half":  # "a third of", "half of"; not "a third term"
                share, length = 1 / _DENOMINATORS[word], 1 + counted
                i -= counted
        elif after in ("in", "out") and count(word) is not None:
            rest = words[i + 2 : i + 4] if after == "in" else words[i + 2 : i + 5]
            if after == "out" and rest[:1] == ["of"]:
                rest = rest[1:]
            whole = count(rest[0]) if rest else None
            if whole and 2 <= whole <= 1000 and count(word) < whole:
                share, length = count(word) / whole, (3 if after == "in" else 4)
        if share is None:
            continue
        keys[i] = format(round(share * 100, 1), "g")
        words[i] = SHARE
        words[i + 1 : i + length] = keys[i + 1 : i + length] = [FILLER] * (length - 1)


def _read_amounts(words: list[str], keys: list[str], priced: frozenset[int]) -> None:
    """Key a figure with its scale by its value, so "$2.4bn", "$2,400m", "2.4 billion
    dollars" and "2,400 million" agree; the scale word becomes FILLER."""
    for i, word in enumerate(words):
        scaled, scales = _SCALED.fullmatch(word), MAGNITUDES
        if not scaled and i in priced:
            scaled, scales = _PRICED.fullmatch(word), _PRICE_SCALES
        if not scaled:
            continue
        if i and words[i - 1] in _CURRENCY_COUNTRY:
            words[i - 1] = keys[i - 1] = FILLER
        figure, suffix = scaled.groups()
        if not suffix and i + 1 < len(words) and words[i + 1] in MAGNITUDES:
            suffix = words[i + 1]
            words[i + 1] = keys[i + 1] = FILLER
        if suffix:
            value = Decimal(figure.replace(",", "")).scaleb(scales[suffix])
            keys[i] = str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def priced_words(text: str, starts: list[int]) -> frozenset[int]:
    """The positions of the words (starting at `starts` in `text`) written right
    after a currency sign."""
    return frozenset(i for i, start in enumerate(starts) if start and text[start - 1] in CURRENCY_SIGNS)


@lru_cache(maxsize=8)
def _lexicon(
    groups: tuple[tuple[str, ...], ...], opposites: tuple[tuple[str, ...], ...], denials: tuple[str, ...]
) -> Lexicon:
    pairs, phrases = [], []
    for group in groups:
        # Hyphens split words as in text: "break-in" is the phrase "break in".
        words = [w.replace("-", " ") for w in group]
        single = [w.casefold() for w in words if " " not in w.strip()]
        if not single:
            raise InputError(f"rules: paraphrase group {list(group)} has no single word to stand for its phrases")
        stems = [stem(w) for w in single]
        pairs += [(s, stems[0]) for s in stems[1:] if s != stems[0]]
        phrases += [(tuple(stem(w) for w in p.casefold().split()), single[0]) for p in words if " " in p.strip()]
    # Longest first, so "free of charge" is read before a shorter phrase inside it.
    phrases.sort(key=lambda p: -len(p[0]))
    lexicon = Lexicon(tuple(pairs))
    reversed_pairs = []
    for words in opposites:
        a, b = (lexicon.key(w.casefold()) for w in words)
        reversed_pairs += [(a, b), (b, a)]
    return Lexicon(tuple(pairs), tuple(reversed_pairs), tuple(phrases), frozenset(stem(c.casefold()) for c in denials))


@lru_cache(maxsize=8)
def _phrases_by_first_stem(phrases: tuple[tuple[tuple[str, ...], str], ...]) -> dict[str, list]:
    by_first: dict[str, list] = {}
    for stems, meaning in phrases:
        by_first.setdefault(stems[0], []).append((stems, meaning))
    return by_first


@lru_cache(maxsize=8)
def _as_map(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return dict(pairs)
