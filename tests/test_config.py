"""Settings files, folder inputs with include/exclude globs, domain lists, inline ignore markers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from verify.baseline import ignored_spans
from verify.config import Settings, domain_skipped, expand_inputs, find_config, load_settings, selected
from verify.records import DEFAULT_FAIL_ON, InputError


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_no_config_file_gives_the_defaults(in_tmp):
    assert find_config(in_tmp) is None
    assert load_settings() == Settings()
    assert load_settings().fail_on == DEFAULT_FAIL_ON


def test_verify_toml_is_read_and_rules_are_relative_to_it(in_tmp):
    (in_tmp / "site").mkdir()
    (in_tmp / "site" / "verify.toml").write_text(
        'fail_on = "misquoted, unsupported"\nrules = ["house"]\ninclude = ["news/**"]\n'
        'ignore_domains = ["Paywall.Example."]\ndiscover = false\n'
    )
    settings = load_settings(folder=in_tmp / "site")
    assert settings.fail_on == ("misquoted", "unsupported")
    assert settings.rules == (in_tmp / "site" / "house",)
    assert settings.include == ("news/**",)
    assert settings.ignore_domains == ("paywall.example",)
    assert settings.discover is False and settings.archive is True


def test_pyproject_counts_only_with_a_tool_verify_table(in_tmp):
    (in_tmp / "pyproject.toml").write_text('[project]\nname = "site"\n')
    assert find_config(in_tmp) is None
    (in_tmp / "pyproject.toml").write_text('[project]\nname = "site"\n\n[tool.verify]\nfail_on = ["misattributed"]\n')
    assert find_config(in_tmp) == in_tmp / "pyproject.toml"
    assert load_settings().fail_on == ("misattributed",)


def test_verify_toml_wins_over_pyproject(in_tmp):
    (in_tmp / "pyproject.toml").write_text('[tool.verify]\nfail_on = ["misattributed"]\n')
    (in_tmp / "verify.toml").write_text('fail_on = ["unsupported"]\n')
    assert load_settings().fail_on == ("unsupported",)


def test_an_explicit_config_path_is_read_even_elsewhere(in_tmp):
    other = in_tmp / "ci" / "pyproject.toml"
    other.parent.mkdir()
    other.write_text('[tool.verify]\narchive = false\n')
    assert load_settings(other).archive is False


@pytest.mark.parametrize("content, words", [
    ('fail_on = ["misquoted", "wrong"]\n', "wrong"),
    ('failon = ["misquoted"]\n', "failon"),
    ('rules = "house"\n', "rules"),
    ("discover = 1\n", "discover"),
    ("fail_on = 3\n", "fail_on"),
    ("fail_on = [\n", "invalid TOML"),
])
def test_bad_settings_are_one_line_input_errors(in_tmp, content, words):
    (in_tmp / "verify.toml").write_text(content)
    with pytest.raises(InputError, match=words):
        load_settings()


def test_missing_explicit_config_is_an_input_error(in_tmp):
    with pytest.raises(InputError, match="no such config"):
        load_settings(in_tmp / "nope.toml")


def test_command_line_values_override_the_file(in_tmp):
    (in_tmp / "verify.toml").write_text('fail_on = ["unsupported"]\ndiscover = false\n')
    settings = load_settings().override(fail_on=("misquoted",))
    assert settings.fail_on == ("misquoted",) and settings.discover is False


# --- folders, include and exclude ---------------------------------------------------

def make_tree(root: Path, *paths: str) -> None:
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("text\n")


def test_folders_expand_to_their_article_files(in_tmp):
    make_tree(in_tmp, "news/a.md", "news/b.html", "news/img.png", "news/deep/c.txt", "news/.git/d.md", "other.md")
    assert expand_inputs(["news", "other.md"], Settings()) == [
        os.path.join("news", "a.md"), os.path.join("news", "b.html"),
        os.path.join("news", "deep", "c.txt"), "other.md",
    ]


def test_include_and_exclude_globs_filter_folder_inputs(in_tmp):
    make_tree(in_tmp, "news/a.md", "news/drafts/b.md", "news/c.html", "drafts/d.md")
    settings = Settings(include=("*.md",), exclude=("**/drafts/*",))
    assert expand_inputs(["news", "drafts"][:1], settings) == [os.path.join("news", "a.md")]
    with pytest.raises(InputError, match="no article files"):
        expand_inputs(["drafts"], settings)


def test_explicit_files_and_urls_are_kept_as_given(in_tmp):
    settings = Settings(exclude=("*",))
    assert expand_inputs(["x.md", "https://example.org/a", "-"], settings) == ["x.md", "https://example.org/a", "-"]


def test_globs_match_paths_relative_to_the_current_folder(in_tmp):
    make_tree(in_tmp, "news/a.md")
    settings = Settings(include=("news/*",))
    assert selected("news/a.md", settings)
    assert selected(str(in_tmp / "news" / "a.md"), settings)
    assert not selected("blog/a.md", settings)


# --- domains ----------------------------------------------------------------------

@pytest.mark.parametrize("url, allow, ignore, skipped", [
    ("https://paywall.example/a", (), ("paywall.example",), True),
    ("https://www.paywall.example/a", (), ("paywall.example",), True),
    ("https://notpaywall.example/a", (), ("paywall.example",), False),
    ("https://PAYWALL.example./a", (), ("paywall.example",), True),
    ("https://gov.example/a", ("gov.example",), (), False),
    ("https://news.gov.example/a", ("gov.example",), (), False),
    ("https://blog.example/a", ("gov.example",), (), True),
    ("https://x.gov.example/a", ("gov.example",), ("x.gov.example",), True),
    ("https://blog.example/a", (), (), False),
])
def test_domain_lists(url, allow, ignore, skipped):
    assert domain_skipped(url, allow, ignore) is skipped


# --- inline ignore markers --------------------------------------------------------

MARKED = """# Title

<!-- verify-ignore -->
First paragraph, "ignored" said A.
Still the first paragraph.

Second paragraph, "checked" said B.

Third paragraph, "ignored too" said C. <!-- verify-ignore -->

- item one, "checked" said D.
- item two, "ignored" said E. <!-- verify-ignore -->
- item three, "checked" said F.
"""


def covered_lines(raw: str) -> list[str]:
    return [raw[start:end].strip() for start, end in ignored_spans(raw)]


def test_marker_alone_covers_the_next_paragraph_and_trailing_marker_its_own():
    covered = covered_lines(MARKED)
    assert covered[0] == 'First paragraph, "ignored" said A.\nStill the first paragraph.'
    assert covered[1].startswith("Third paragraph")
    assert covered[2].startswith("- item two")
    assert not any("checked" in block for block in covered)


def test_no_marker_covers_nothing():
    assert ignored_spans(MARKED.replace("<!-- verify-ignore -->", "<!-- note -->")) == []
