"""Loading the rule files, and the parsed copy kept in the cache folder."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from verify.rules import RULES_DIR, load_rules


def shipped_copy(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    return folder


def test_parsed_rules_are_reused_until_a_rule_file_changes(tmp_path):
    rules_dir, cached = shipped_copy(tmp_path), tmp_path / "cache" / "rules.json"
    parsed = load_rules(base_dir=rules_dir, cache_file=cached)
    assert parsed == load_rules(base_dir=rules_dir)
    assert json.loads(cached.read_text(encoding="utf-8"))["rules"] == parsed

    # The copy is what a second run reads: mark it and see the mark come back.
    stored = json.loads(cached.read_text(encoding="utf-8"))
    stored["rules"]["thresholds"]["seen_in_cache"] = True
    cached.write_text(json.dumps(stored), encoding="utf-8")
    assert load_rules(base_dir=rules_dir, cache_file=cached)["thresholds"]["seen_in_cache"] is True

    # An edited rule file is parsed again.
    with (rules_dir / "thresholds.toml").open("a", encoding="utf-8") as rules_file:
        rules_file.write("\n# edited\n")
    fresh = load_rules(base_dir=rules_dir, cache_file=cached)
    assert "seen_in_cache" not in fresh["thresholds"]
    assert fresh == parsed


def test_a_user_folder_is_part_of_the_cache_key(tmp_path):
    rules_dir, cached = shipped_copy(tmp_path), tmp_path / "rules.json"
    user = tmp_path / "user"
    user.mkdir()
    (user / "thresholds.toml").write_text("user_marker = 7\n", encoding="utf-8")
    assert "user_marker" not in load_rules(base_dir=rules_dir, cache_file=cached)["thresholds"]
    assert load_rules([user], base_dir=rules_dir, cache_file=cached)["thresholds"]["user_marker"] == 7


def test_a_damaged_or_unwritable_cache_only_means_parsing_again(tmp_path):
    rules_dir = shipped_copy(tmp_path)
    expected = load_rules(base_dir=rules_dir)
    damaged = tmp_path / "rules.json"
    damaged.write_text('{"key": ', encoding="utf-8")
    assert load_rules(base_dir=rules_dir, cache_file=damaged) == expected
    assert json.loads(damaged.read_text(encoding="utf-8"))["rules"] == expected

    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    assert load_rules(base_dir=rules_dir, cache_file=blocker / "rules.json") == expected
    assert not list(tmp_path.glob(".rules-*"))


def test_check_keeps_the_rules_in_its_cache_folder_unless_the_cache_is_off(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("\u201cThe bridge opens in May,\u201d Mayor Ana Ruiz said.\n", encoding="utf-8")
    for option, folder in (("--cache", tmp_path / "on"), ("--no-cache", tmp_path / "off")):
        subprocess.run(
            [sys.executable, "-m", "verify", "check", str(article), "--no-discover", option, "--cache-dir", str(folder)],
            capture_output=True, text=True, timeout=60,
        )
        assert (folder / "rules.json").exists() == (option == "--cache"), option
