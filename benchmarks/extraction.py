"""Extraction speed: articles per second for extract() alone, on one core.

Builds a batch of articles of about 800 words each from sentences in many attribution
forms and plain sentences (about half each, denser in attributions than most news),
varied by names and numbers so no two articles are alike,
then times extract() over the batch (goal: at least 200 articles per second).

    python benchmarks/extraction.py [ARTICLES]   (default 1000)
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from verify.extract import extract  # noqa: E402
from verify.records import Article  # noqa: E402
from verify.rules import load_rules  # noqa: E402

FIRST = ["Ines", "Paul", "Rosa", "Dev", "Lena", "Omar", "Karen", "Felix", "Grace", "Tobias"]
LAST = ["Okafor", "Haverty", "Delgado", "Malhotra", "Brandt", "Reyes", "Osei", "Moreau", "Mwangi", "Lindgren"]
TEMPLATES = [
    "Mayor {name} said in a statement that the plan \u201cprotects the services people use every day.\u201d",
    "\u201cWe will not raise fares this year,\u201d {name} said on {day}.",
    "Finance Director {name} told the committee that reserves would fall to {n} percent.",
    "According to the Riverton Courier, the backlog exceeds ${n} million.",
    "{name}, who cast the only vote against the increase, said riders would pay more.",
    "The Harbor Ledger reported last week that {n} jobs would be cut at the plant.",
    "Analyst {name} cautions that the risk of delays is growing.",
    "{short} believes that the bridge can reopen by {day}.",
    "\u201cThis is a pause,\u201d {short} said, \u201cnot a verdict on the project.\u201d",
    "The council will vote on {day}, and the hearing lasted {n} hours.",
    "Demand for the plant's older chips has fallen since last summer, and orders are down {n} percent.",
    "Public hearings are set for {day} at City Hall, where {n} residents are expected.",
    "The district screened the documentary \u201cRunning on Empty\u201d at a family night.",
    "That said, the budget's fate rests with the council.",
    "Bus and streetcar riders will pay ${n} a ride from September, up from last year.",
    "The bridge carries {n} vehicles a day and two school bus routes across the river.",
    "Floodwater stood up to five feet deep in some streets for three days in {day}'s storm.",
    "The rebuilt levee will stand four feet higher than the current one and will have a steel core.",
    "Season-ticket renewals are running ahead of last year's pace, with {n} sold so far.",
    "Fines on items that fell due during the outage will be waived, and holds remain in the queue.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def make_article(rng: random.Random) -> Article:
    paragraphs, words = [], 0
    while words < 800:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            sentence = rng.choice(TEMPLATES).format(
                name=f"{first} {last}", short=last, day=rng.choice(DAYS), n=rng.randint(2, 400)
            )
            sentences.append(sentence)
            words += len(sentence.split())
        paragraphs.append(" ".join(sentences))
    return Article(input="benchmark", text="\n\n".join(paragraphs))


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(7)
    articles = [make_article(rng) for _ in range(count)]
    rules = load_rules()
    extract(articles[0], rules)  # compile the rules once, as a batch run does
    started = time.perf_counter()
    claims = sum(len(extract(article, rules)) for article in articles)
    elapsed = time.perf_counter() - started
    words = sum(len(a.text.split()) for a in articles) / count
    print(f"{count} articles of {words:.0f} words, {claims} claims: {count / elapsed:.0f} articles/s")


if __name__ == "__main__":
    main()
