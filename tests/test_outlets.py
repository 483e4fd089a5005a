"""The outlet registry: names and short forms resolve, URLs map to their owner, and
ambiguous short forms stay unresolved."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from verify.outlets import Registry, host_of, name_key
from verify.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "rules" / "outlets"
CASES = tomllib.loads((FIXTURES / "cases.toml").read_text(encoding="utf-8"))
KINDS = {"publication", "agency", "broadcaster", "institution", "government"}


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.from_rules(load_rules())


def test_registry_is_large_and_well_formed(registry):
    assert len(registry.outlets) >= 150
    for outlet in registry.outlets:
        assert outlet.kind in KINDS, outlet.name
        assert outlet.domains, outlet.name
        for domain in outlet.domains:
            assert domain == domain.lower() and "/" not in domain and not domain.startswith("www."), domain
    kinds = {outlet.kind for outlet in registry.outlets}
    assert kinds == KINDS


def test_no_name_or_domain_belongs_to_two_outlets(registry):
    owners: dict[str, str] = {}
    for outlet in registry.outlets:
        for name in (outlet.name, *outlet.aliases):
            assert owners.setdefault(name_key(name), outlet.name) == outlet.name, name
    domains = [d for outlet in registry.outlets for d in outlet.domains]
    assert len(domains) == len(set(domains))


@pytest.mark.parametrize("case", CASES["fires"], ids=lambda c: c.get("name") or c["url"])
def test_fixture_fires(registry, case):
    outlet = registry.by_name(case["name"]) if "name" in case else registry.by_url(case["url"])
    assert outlet is not None and outlet.name == case["outlet"]


@pytest.mark.parametrize("case", CASES["silent"], ids=lambda c: c.get("name") or c["url"])
def test_fixture_stays_silent(registry, case):
    outlet = registry.by_name(case["name"]) if "name" in case else registry.by_url(case["url"])
    assert outlet is None


def test_longest_domain_wins_whatever_the_order():
    rules = {
        "outlets": {
            "outlet": [
                {"name": "House", "domains": ["house.gov"]},
                {"name": "Committee", "domains": ["foreignaffairs.house.gov"]},
            ]
        }
    }
    forward = Registry.from_rules(rules)
    rules["outlets"]["outlet"].reverse()
    backward = Registry.from_rules(rules)
    for registry in (forward, backward):
        assert registry.by_url("https://foreignaffairs.house.gov/x").name == "Committee"
        assert registry.by_url("https://www.house.gov/").name == "House"


def test_user_rules_add_and_replace_by_name():
    registry = Registry.from_rules(load_rules([FIXTURES / "user"]))
    assert registry.by_name("the Ledger").name == "Riverton Ledger"
    assert registry.by_url("https://rivertonledger.example/a").name == "Riverton Ledger"
    reuters = [o for o in registry.outlets if o.name == "Reuters"]
    assert len(reuters) == 1 and "reuters.example" in reuters[0].domains
    assert registry.by_name("Reuters News") is reuters[0]
    assert registry.by_name("WSJ") is not None  # the shipped entries stay


def test_name_key_and_host_of():
    assert name_key("The  Wall Street Journal.") == name_key("wall street journal")
    assert name_key("the Times") == "times"
    assert host_of("https://WWW.Reuters.com/world/") == "reuters.com"
    assert host_of("not a url") == ""
