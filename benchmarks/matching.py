"""Quote matching speed: a 40-word quote against a 50,000-word source.

Compares verify.match with a difflib.SequenceMatcher sliding-window baseline on
the same generated text, and checks both find the planted passage.

    python benchmarks/matching.py [--words 50000] [--quotes 20]
"""

from __future__ import annotations

import argparse
import difflib
import random
import time

from verify.match import match, prepare
from verify.records import Article, Claim, Speaker
from verify.rules import load_rules


def generated_source(words: int, rng: random.Random) -> tuple[str, list[str]]:
    """Plain text of `words` words in sentences and paragraphs, with a Zipf-like vocabulary."""
    vocabulary = ["".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(1, 4))) for _ in range(6000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    stream = rng.choices(vocabulary, weights, k=words)
    paragraphs, sentence, paragraph = [], [], []
    for word in stream:
        sentence.append(word)
        if len(sentence) >= rng.randint(12, 30):
            paragraph.append(" ".join(sentence).capitalize() + ".")
            sentence = []
            if len(paragraph) >= rng.randint(2, 5):
                paragraphs.append(" ".join(paragraph))
                paragraph = []
    paragraphs.append(" ".join(paragraph + [" ".join(sentence)]))
    return "\n\n".join(p for p in paragraphs if p.strip()), stream


def article(text: str) -> Article:
    spans, at = [], 0
    for block in text.split("\n\n"):
        spans.append((at, at + len(block)))
        at += len(block) + 2
    return Article(input="generated", text=text, paragraphs=spans, url="https://example.org/source")


def difflib_best(quote: list[str], source: list[str]) -> tuple[float, int]:
    """Best window by SequenceMatcher ratio, sliding one word at a time."""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    best = (0.0, -1)
    for start in range(len(source) - len(quote) + 1):
        matcher.set_seq1(source[start : start + len(quote)])
        best = max(best, (matcher.ratio(), -start))
    return best[0], -best[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--quotes", type=int, default=20)
    parser.add_argument("--baseline-quotes", type=int, default=2, help="difflib is slow: time it on fewer quotes")
    args = parser.parse_args()
    rng = random.Random(7)
    text, stream = generated_source(args.words, rng)
    source = article(text)
    rules = load_rules()

    started = time.perf_counter()
    doc = prepare(source)
    prepare_ms = (time.perf_counter() - started) * 1000

    cases = []
    for i in range(args.quotes):
        start = rng.randrange(len(doc.words) - 40)
        words = list(doc.words[start : start + 40])
        if i % 2:  # every other quote has one word changed: a misquote to find
            words[20] = "zzchanged"
        cases.append((start, words))

    found, elapsed = 0, 0.0
    for start, words in cases:
        claim = Claim(id="q", text="", speaker=Speaker("Someone", "person"), cue="said", content=" ".join(words), quote=" ".join(words))
        began = time.perf_counter()
        evidence = match(claim, source, [], rules)
        elapsed += time.perf_counter() - began
        expected = "exact" if "zzchanged" not in words else "close"
        found += evidence.support == expected and evidence.span[0] == doc.tokens[start].start
    ours_ms = elapsed * 1000 / len(cases)

    baseline_found, began = 0, time.perf_counter()
    for start, words in cases[: args.baseline_quotes]:
        _, at = difflib_best(words, doc.words)
        baseline_found += at == start
    baseline_ms = (time.perf_counter() - began) * 1000 / args.baseline_quotes

    print(f"source: {len(doc.words)} words; quote: 40 words; {len(cases)} quotes (half with one word changed)")
    print(f"index the source once: {prepare_ms:.1f} ms")
    print(f"verify.match: {ours_ms:.2f} ms per quote, planted passage found {found}/{len(cases)}")
    print(f"difflib sliding window: {baseline_ms:.1f} ms per quote, found {baseline_found}/{args.baseline_quotes}")
    print(f"speed-up: {baseline_ms / ours_ms:.0f}x (including indexing once per quote: {baseline_ms / (ours_ms + prepare_ms):.1f}x)")


if __name__ == "__main__":
    main()
