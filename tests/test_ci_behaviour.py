"""`verify check` as a CI step: the README demo, settings files, baselines, inline ignore
markers, ignored domains, --changed and --output-dir. Sources come from the demo's
evidence bundle or a local server, never the network."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from test_cli import ROOT, assert_one_line_error, verify

from verify.records import DEFAULT_FAIL_ON
from verify.writers.json import report_schema

DEMO = ROOT / "fixtures" / "ci-demo" / "post.md"
BUNDLE = ROOT / "fixtures" / "demo" / "sources.warc.gz"
MISQUOTE = "Commuters will see three new vessels"
ANNOTATION = re.compile(r"^::(?P<level>\w+) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),title=(?P<title>[^:]+)::(?P<message>.*)$")


def line_of(path: Path, words: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if words in line)


def check_json(*args: str, cwd: Path) -> tuple[int, dict]:
    """Run `verify check` with JSON on stdout; the report must validate against the schema."""
    result = verify("check", *args, "--replay", str(BUNDLE), "--format", "json", cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, report_schema())
    return result.returncode, report


def claims(report: dict) -> list[dict]:
    return [claim for article in report["articles"] for claim in article["claims"]]


def the_misquote(report: dict) -> dict:
    return next(claim for claim in claims(report) if claim["quote"] and MISQUOTE in claim["quote"])


@pytest.fixture
def site(tmp_path) -> Path:
    """A folder holding a copy of the demo article as news/post.md."""
    (tmp_path / "news").mkdir()
    shutil.copy(DEMO, tmp_path / "news" / "post.md")
    return tmp_path


def readme_demo() -> tuple[list[str], str]:
    """The demo command of the README's "Use in CI" section and the output it shows."""
    section = (ROOT / "README.md").read_text().split("## Use in CI", 1)[1]
    lines = [line.strip() for line in section.splitlines()]
    at = next(i for i, line in enumerate(lines) if line.startswith("$ verify check"))
    return shlex.split(lines[at].removeprefix("$ verify")), lines[at + 1]


def test_readme_demo_exits_1_with_one_annotation_at_the_misquote():
    args, shown = readme_demo()
    assert str(DEMO.relative_to(ROOT)) in args
    result = verify(*args)
    assert result.returncode == 1, result.stderr
    annotations = [ANNOTATION.match(line) for line in result.stdout.splitlines()]
    assert all(annotations), result.stdout
    errors = [a for a in annotations if a["level"] == "error"]
    assert len(errors) == 1, result.stdout
    assert errors[0]["file"] == "fixtures/ci-demo/post.md"
    assert int(errors[0]["line"]) == line_of(DEMO, MISQUOTE)
    assert "misquoted" in errors[0]["title"] and MISQUOTE in errors[0]["message"]
    assert errors[0].group(0) == shown  # the README shows what the command prints


def test_settings_file_sets_the_policy_and_the_command_line_overrides_it(site):
    (site / "verify.toml").write_text('fail_on = ["unsupported"]\n')
    assert check_json("news/post.md", cwd=site)[0] == 0
    assert check_json("news/post.md", "--fail-on", "misquoted", cwd=site)[0] == 1
    (site / "ci.toml").write_text('fail_on = ["misquoted"]\n')
    assert check_json("news/post.md", "--config", "ci.toml", cwd=site)[0] == 1


def test_bad_settings_file_is_a_one_line_error(site):
    (site / "verify.toml").write_text('fail_on = ["wrong"]\n')
    assert_one_line_error(verify("check", "news/post.md", "--replay", str(BUNDLE), cwd=site), "wrong")


def test_claim_ids_and_fingerprints_are_stable_across_runs(site):
    first = claims(check_json("news/post.md", cwd=site)[1])
    second = claims(check_json(str(site / "news" / "post.md"), cwd=site)[1])
    assert [(c["id"], c["fingerprint"]) for c in first] == [(c["id"], c["fingerprint"]) for c in second]
    assert len({c["fingerprint"] for c in first}) == len(first)


def test_baseline_lets_known_failures_pass_and_new_ones_fail(site):
    status, old = check_json("news/post.md", cwd=site)
    assert status == 1
    (site / "old.json").write_text(json.dumps(old))

    status, report = check_json("news/post.md", "--baseline", "old.json", cwd=site)
    assert status == 0
    known = the_misquote(report)
    assert known["verdict"] == "misquoted" and "in_baseline" in known["reasons"]

    # The known misquote moves down a paragraph and a new one appears: only the new one fails.
    article = site / "news" / "post.md"
    article.write_text(article.read_text().replace(
        "# Ferry contract: what the mayor promised\n",
        "# Ferry contract: what the mayor promised\n\nA note from the editor.\n\n"
        'Mayor Daniel Okoro said in [a statement](https://www.harwick.gov.example/news/ferry-contract) '
        'that the agreement "secures the crossing for a century."\n',
    ))
    status, report = check_json("news/post.md", "--baseline", "old.json", cwd=site)
    assert status == 1
    failing = [c for c in claims(report) if c["verdict"] in DEFAULT_FAIL_ON and "in_baseline" not in c["reasons"]]
    assert len(failing) == 1 and "century" in failing[0]["quote"]
    assert "in_baseline" in the_misquote(report)["reasons"]


def test_baseline_that_is_not_a_report_is_a_one_line_error(site):
    (site / "old.json").write_text('{"articles": [{"claims": [{"id": "c1"}]}]}')
    assert_one_line_error(verify("check", "news/post.md", "--replay", str(BUNDLE), "--baseline", "old.json", cwd=site), "old.json")


def test_inline_marker_keeps_the_verdict_but_not_the_failure(site):
    article = site / "news" / "post.md"
    text = article.read_text()
    paragraph = next(p for p in text.split("\n\n") if MISQUOTE in p)
    article.write_text(text.replace(paragraph, "<!-- verify-ignore -->\n" + paragraph))
    status, report = check_json("news/post.md", cwd=site)
    assert status == 0
    assert the_misquote(report)["verdict"] == "misquoted"
    assert "ignored_inline" in the_misquote(report)["reasons"]

    github = verify("check", "news/post.md", "--replay", str(BUNDLE), "--format", "github", cwd=site)
    assert github.returncode == 0 and "::error" not in github.stdout


def test_ignored_domains_are_never_fetched(tmp_path, http_server):
    page = http_server.add("statement.html", "<html><body><p>“We will rebuild the pier,” said Mayor Ana Ruiz.</p></body></html>")
    article = tmp_path / "post.md"
    article.write_text(f'Mayor Ana Ruiz said in [a statement]({page}) that "we will rebuild the bridge."\n')
    args = ("check", str(article), "--allow-private-network", "--no-discover", "--no-cache", "--format", "json")

    result = verify(*args, cwd=tmp_path)
    assert result.returncode == 1 and http_server.hits("/statement.html") == 1

    (tmp_path / "verify.toml").write_text('ignore_domains = ["127.0.0.1"]\n')
    result = verify(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert http_server.hits("/statement.html") == 1  # not fetched again
    claim = claims(json.loads(result.stdout))[0]
    assert "ignored_domain" in claim["reasons"]
    assert claim["evidence"][0]["error"] == "ignored_domain"


def test_folder_inputs_follow_include_and_exclude(site):
    shutil.copy(DEMO, site / "news" / "draft.md")
    (site / "verify.toml").write_text('exclude = ["news/draft*"]\n')
    _, report = check_json("news", cwd=site)
    assert [a["input"] for a in report["articles"]] == ["news/post.md"]


def test_output_dir_writes_every_format_beside_a_format_on_stdout(site):
    result = verify("check", "news/post.md", "--replay", str(BUNDLE), "--output-dir", "out", "--format", "github", cwd=site)
    assert result.returncode == 1 and "::error" in result.stdout
    written = sorted(p.name for p in (site / "out").iterdir())
    assert written == ["report.html", "report.json", "report.md", "report.sarif", "report.xml"]
    jsonschema.validate(json.loads((site / "out" / "report.json").read_text()), report_schema())
    assert json.loads((site / "out" / "report.sarif").read_text())["version"] == "2.1.0"


# --- --changed ----------------------------------------------------------------------

def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=CI", "-c", "user.email=ci@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=repo, capture_output=True, text=True, check=True,
    )
    return done.stdout.strip()


@pytest.fixture
def repo(site) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-q", "-m", "first")
    return site


def changed_inputs(repo: Path, *args: str) -> tuple[int, list[str]]:
    status, report = check_json("--changed", *args, cwd=repo)
    return status, [a["input"] for a in report["articles"]]


def test_changed_checks_only_articles_changed_since_the_base(repo):
    base = git(repo, "rev-parse", "HEAD")
    shutil.copy(DEMO, repo / "news" / "committed.md")
    (repo / "notes.py").write_text("print('not an article')\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "second")
    shutil.copy(DEMO, repo / "news" / "untracked.md")
    (repo / "news" / "post.md").write_text((repo / "news" / "post.md").read_text() + "\nAn edit.\n")
    status, inputs = changed_inputs(repo, "--base", base, ".")
    assert status == 1
    assert sorted(inputs) == ["news/committed.md", "news/post.md", "news/untracked.md"]
    assert changed_inputs(repo, "--base", "HEAD", ".")[1] == ["news/post.md", "news/untracked.md"]


def test_changed_with_nothing_changed_exits_0_with_a_note(repo):
    result = verify("check", "--changed", "--base", "HEAD", ".", "--replay", str(BUNDLE), "--format", "json", cwd=repo)
    assert result.returncode == 0
    assert result.stderr.strip().splitlines() == ["verify: no article file changed since HEAD"]
    assert claims(json.loads(result.stdout)) == []


def test_changed_outside_git_or_with_an_unknown_base_is_a_one_line_error(site, repo):
    assert_one_line_error(verify("check", "--changed", "--base", "nope", ".", cwd=repo), "nope")
    outside = repo / "news"
    shutil.rmtree(repo / ".git")
    assert_one_line_error(verify("check", "--changed", "--base", "HEAD", ".", cwd=outside), "git")
