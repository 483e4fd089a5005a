"""Every rule file has a fixture under fixtures/rules/NAME/ showing it firing and not
firing. Fixtures written as article sentences ([[fires]] / [[silent]] with a `text`) are
run through the extractor here; the others are run by the test of their own stage."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from verify.extract import extract
from verify.records import Article
from verify.rules import RULES_DIR, load_rules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
RULE_NAMES = sorted(path.stem for path in RULES_DIR.glob("*.toml"))


def _cases(name: str) -> dict:
    return tomllib.loads((FIXTURES / name / "cases.toml").read_text(encoding="utf-8"))


def _text_cases() -> list:
    params = []
    for folder in sorted(p for p in FIXTURES.iterdir() if (p / "cases.toml").is_file()):
        for kind in ("fires", "silent"):
            for n, case in enumerate(_cases(folder.name).get(kind, [])):
                if "text" in case:
                    params.append(pytest.param(folder, kind, case, id=f"{folder.name}-{kind}-{n}"))
    return params


@pytest.mark.parametrize("name", RULE_NAMES)
def test_every_rule_file_has_a_fixture(name):
    cases = _cases(name)
    tables = [value for value in cases.values() if isinstance(value, list) and value]
    assert tables, f"fixtures/rules/{name}/cases.toml has no cases"


@pytest.mark.parametrize("folder,kind,case", _text_cases())
def test_text_case(folder, kind, case):
    rules = load_rules([folder / case["rules"]]) if "rules" in case else load_rules()
    claims = extract(Article(input="fixture", text=case["text"]), rules)
    if kind == "silent" and "speaker" not in case:
        assert claims == [], case["why"]
        return
    assert len(claims) >= 1, case["why"]
    claim = claims[-1]
    assert claim.speaker.name == case["speaker"], case["why"]
    if "cue" in case:
        assert claim.cue == case["cue"], case["why"]
    if "kind" in case:
        assert claim.speaker.kind == case["kind"], case["why"]
    if "quote" in case:
        assert bool(claim.quote) == case["quote"], case["why"]
