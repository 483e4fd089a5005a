"""Batches: expanding ARTICLE arguments, streaming one report per article, the exit
status of a batch with unreadable articles, the progress bar, fetch limits and deadlines."""

from __future__ import annotations

import gc
import io
import json
import subprocess
import sys
import time
import weakref

import pytest
from test_cli import verify

from verify import cli
from verify.inputs import article_specs
from verify.pipeline import Checker, Recent, Run, iter_check
from verify.records import ArticleReport, InputError

QUOTE = "We will rebuild the bridge by spring"
SOURCE = f"<html><body><p>\u201c{QUOTE},\u201d Mayor Ana Ruiz said on Monday.</p></body></html>"


def article_text(url: str, quote: str = QUOTE) -> str:
    return f"# Bridge\n\n\u201c{quote},\u201d Mayor Ana Ruiz said in a [statement]({url}).\n"


def write(path, text: str = "x") -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def local_run(**options) -> Run:
    return Run(allow_private=True, discover=False, archive=False, use_cache=False, **options)


# --- which articles ------------------------------------------------------------------


def test_folders_are_walked_for_article_files_only(tmp_path):
    wanted = [write(tmp_path / "news/a.md"), write(tmp_path / "news/deep/b.html"), write(tmp_path / "news/c.txt")]
    write(tmp_path / "news/photo.jpg")
    write(tmp_path / "news/notes.json")
    assert sorted(article_specs([str(tmp_path / "news")])) == sorted(wanted)


def test_glob_patterns_cross_folders_and_skip_other_files(tmp_path):
    top, deep = write(tmp_path / "a.md"), write(tmp_path / "x/y/b.md")
    write(tmp_path / "x/c.txt")
    assert article_specs([str(tmp_path / "**/*.md")]) == [top, deep]


def test_pattern_matching_nothing_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no article files match"):
        article_specs([str(tmp_path / "*.md")])


def test_from_file_lists_paths_and_urls_skipping_comments(tmp_path):
    first, second = write(tmp_path / "a.md"), write(tmp_path / "b.md")
    listing = write(tmp_path / "list.txt", f"# articles\n{first}\n\n  https://example.org/story  \n{second}\n")
    assert article_specs([], [listing]) == [first, "https://example.org/story", second]


def test_each_article_once_in_the_order_first_named(tmp_path):
    first, second = write(tmp_path / "a.md"), write(tmp_path / "b.md")
    listing = write(tmp_path / "list.txt", f"{second}\n{first}\n")
    assert article_specs([first, str(tmp_path / "*.md"), "-"], [listing]) == [first, second, "-"]


def test_from_file_read_from_stdin(tmp_path):
    path = write(tmp_path / "a.md")
    assert article_specs([], ["-"], stdin=io.StringIO(f"{path}\nhttps://example.org/x\n")) == [path, "https://example.org/x"]


@pytest.mark.parametrize(
    "arguments, from_files, message",
    [
        ([], [], "no article given"),
        ([], ["{tmp}/missing.txt"], "no such file"),
        ([], ["{tmp}/empty.txt"], "names no article"),
        (["-"], ["-"], "not both"),
    ],
)
def test_unusable_article_lists(tmp_path, arguments, from_files, message):
    write(tmp_path / "empty.txt", "# nothing yet\n\n")
    with pytest.raises(InputError, match=message):
        article_specs(arguments, [name.format(tmp=tmp_path) for name in from_files], stdin=io.StringIO(""))


# --- one report at a time -----------------------------------------------------------


def test_reports_come_one_at_a_time_and_a_bad_article_does_not_stop_the_batch(tmp_path, http_server):
    url = http_server.add("statement.html", SOURCE)
    good = write(tmp_path / "good.md", article_text(url))
    requested = []

    def specs():
        for spec in (good, str(tmp_path / "missing.md"), http_server.url("/_status/500/a.html"), good):
            requested.append(spec)
            yield spec

    reports = iter_check(specs(), local_run())
    first = next(reports)
    assert len(requested) == 1  # nothing is read ahead of the consumer
    assert first.error is None and first.results[0].verdict.verdict == "verified"
    missing, server_error, last = list(reports)
    assert "no such file" in missing.error and missing.results == []
    assert "http_500" in server_error.error
    assert last.error is None and last.results[0].verdict.verdict == "verified"


def test_jsonl_lines_are_written_as_articles_finish_and_not_kept(tmp_path, http_server, monkeypatch):
    url = http_server.add("statement.html", SOURCE)
    paths = [write(tmp_path / f"a{n}.md", article_text(url)) for n in range(4)]
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    earlier = []

    def watched():
        for n, report in enumerate(iter_check(paths, local_run())):
            assert out.getvalue().count("\n") == n  # every earlier article is already written
            gc.collect()
            assert all(ref() is None for ref in earlier[:-1])  # and no longer held (the last may be in use)
            earlier.append(weakref.ref(report))
            yield report

    assert cli.emit(watched(), ["jsonl"], None, ("misquoted",)) == cli.EXIT_OK
    assert [json.loads(line)["input"] for line in out.getvalue().splitlines()] == paths


def test_recent_keeps_only_the_most_recently_used():
    pages = Recent(2)
    pages["a"], pages["b"] = 1, 2
    assert pages["a"] == 1  # a is now the most recent
    pages["c"] = 3
    assert list(pages) == ["a", "c"]


# --- the command line ---------------------------------------------------------------


def test_batch_with_an_unreadable_article_reports_all_and_exits_2(tmp_path, http_server):
    url = http_server.add("statement.html", SOURCE)
    folder = tmp_path / "articles"
    write(folder / "good.md", article_text(url))
    write(folder / "misquoted.md", article_text(url, "We will rebuild the bridge by summer"))
    listing = write(tmp_path / "list.txt", f"{folder}\n{tmp_path / 'gone.md'}\n")
    out = tmp_path / "report.jsonl"
    result = verify("check", "--from-file", listing, "--format", "jsonl", "--output", str(out),
                    "--allow-private-network", "--no-discover", "--no-archive", "--no-cache", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"verify: error: {tmp_path / 'gone.md'}: no such file"]
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["input"] for line in lines] == [str(folder / "good.md"), str(folder / "misquoted.md"), str(tmp_path / "gone.md")]
    assert [c["verdict"] for line in lines[:2] for c in line["claims"]] == ["verified", "misquoted"]
    assert "error" not in lines[0] and "no such file" in lines[2]["error"]


def test_batch_without_unreadable_articles_exits_on_the_policy(tmp_path, http_server):
    url = http_server.add("statement.html", SOURCE)
    good = write(tmp_path / "good.md", article_text(url))
    misquoted = write(tmp_path / "bad.md", article_text(url, "We will rebuild the bridge by summer"))
    common = ("--format", "json", "--allow-private-network", "--no-discover", "--no-archive", "--no-cache")
    failing = verify("check", good, misquoted, *common, cwd=tmp_path)
    assert failing.returncode == 1, failing.stderr
    assert failing.stderr == ""  # no progress bar when stderr is not a terminal
    assert len(json.loads(failing.stdout)["articles"]) == 2
    assert verify("check", good, *common, "--fail-on", "unsupported", cwd=tmp_path).returncode == 0


def test_max_bytes_and_timeout_options_reach_the_fetcher(tmp_path, http_server):
    big, slow = http_server.url("/_big/5000"), http_server.url("/_slow/5/statement.html")
    http_server.add("statement.html", SOURCE)
    article = write(tmp_path / "a.md", f"{article_text(big)}\n\u201cWe left,\u201d Ana Ruiz said in a [post]({slow}).\n")
    started = time.monotonic()
    result = verify("check", article, "--max-bytes", "1000", "--timeout", "0.5", "--format", "json",
                    "--allow-private-network", "--no-discover", "--no-archive", "--no-cache", cwd=tmp_path)
    assert time.monotonic() - started < 4.5
    errors = [e["error"] for c in json.loads(result.stdout)["articles"][0]["claims"] for e in c["evidence"]]
    assert errors == ["too_large", "timeout"]


def test_deadline_bounds_the_sources_of_one_article(tmp_path, http_server):
    fast = http_server.add("statement.html", SOURCE)
    slow = http_server.url("/_slow/10/statement.html")
    text = f"{article_text(fast)}\n\u201cWe left,\u201d Ana Ruiz said in a [post]({slow}).\n"
    article = write(tmp_path / "a.md", text)
    started = time.monotonic()
    [report] = iter_check([article], local_run(deadline=0.5))
    assert time.monotonic() - started < 3
    verified, late = report.results
    assert verified.verdict.verdict == "verified"
    assert late.verdict.verdict == "unreachable"
    assert late.verdict.evidence[0].error == "deadline_exceeded"


def test_a_page_cut_off_by_the_deadline_is_fetched_again_for_the_next_article(tmp_path, http_server):
    http_server.add("statement.html", SOURCE)
    article = write(tmp_path / "a.md", article_text(http_server.url("/_slow/1/statement.html")))
    checker = Checker(local_run(deadline=0.2))
    assert checker.check(article).results[0].verdict.evidence[0].error == "deadline_exceeded"
    checker.run.deadline = None
    assert checker.check(article).results[0].verdict.verdict == "verified"


# --- the progress bar -----------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("ci, total, shown", [(None, 3, True), ("true", 3, False), (None, 1, False)])
def test_progress_bar_only_for_a_batch_on_a_terminal_outside_ci(monkeypatch, ci, total, shown):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    reports = [ArticleReport(input=str(n), article=None) for n in range(total)]
    assert list(cli.with_progress(iter(reports), total)) == reports
    assert ("Checking" in terminal.getvalue()) == shown


# --- cold start -------------------------------------------------------------------------


def test_help_loads_no_heavy_library():
    """`verify --help` stays fast: rich, the HTTP stack and the HTML parsers load only
    when a command needs them (benchmarks/cold_start.py times it)."""
    probe = (
        "import sys\nfrom verify.cli import main\nsys.argv = ['verify', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('rich', 'requests', 'requests_cache', 'bs4', 'lxml', 'htmldate', 'rapidfuzz', 'markdown_it')\n"
        "print(sorted(name for name in heavy if name in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert "check" in result.stdout
    assert result.stderr.strip() == "[]"


def test_check_of_an_html_page_loads_no_module_it_does_not_use(tmp_path):
    """bs4 would load soupsieve, and compile its grammar, on every start; the CLI
    process goes without it, and says nothing about it. Stemming runs in PyStemmer's
    C code, without snowballstemmer's pure-Python stemmers."""
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><article><p>\u201cWe will rebuild the bridge by spring,\u201d Mayor Ana Ruiz said.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    probe = (
        "import sys\nfrom verify.cli import main\n"
        f"sys.argv = ['verify', 'check', {str(page)!r}, '--no-discover', '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('loaded' if sys.modules.get('soupsieve') else 'absent', 'bs4' in sys.modules,\n"
        "      'Stemmer' in sys.modules, 'snowballstemmer.english_stemmer' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert '"name": "Ana Ruiz"' in result.stdout
    assert result.stderr.split() == ["absent", "True", "True", "False"]
