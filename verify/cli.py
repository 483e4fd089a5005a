"""Command line: parses arguments, runs the pipeline, picks writers. Nothing else.

Exit status: 0 when no claim fails the policy, 1 when one does, 2 for a usage or
input error (one line on stderr, never a traceback), also when any article of a
batch could not be read (the others are still checked and reported).
"""

from __future__ import annotations

import os
import sys
import warnings
from collections import Counter
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, TextIO

import typer

from .records import DEFAULT_FAIL_ON, VERDICTS, ArticleReport, InputError, Report

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Check the attributed claims of articles against their sources.",
    rich_markup_mode=None,  # plain help: rich's would load rich, markdown and pygments at every start
)
cache_app = typer.Typer(help="Inspect or clear the HTTP cache.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(cache_app, name="cache")

EXIT_OK, EXIT_FAILING, EXIT_INPUT = 0, 1, 2


def parse_fail_on(value: str) -> tuple[str, ...]:
    chosen = tuple(v.strip() for v in value.split(",") if v.strip())
    unknown = [v for v in chosen if v not in VERDICTS]
    if unknown:
        raise InputError(f"unknown verdict in --fail-on: {', '.join(unknown)} (known: {', '.join(VERDICTS)})")
    return chosen


def outputs(formats: list[str], output: Path | None) -> list[tuple[str, Path | None]]:
    """`--format NAME` or `--format NAME=PATH`; a bare format goes to --output or stdout."""
    if not formats:
        formats = ["table" if output is None and sys.stdout.isatty() else "json"]
    chosen = []
    for spec in formats:
        name, _, path = spec.partition("=")
        chosen.append((name.strip(), Path(path) if path else output))
    return chosen


@contextmanager
def atomic_file(path: Path) -> Iterator[TextIO]:
    """A file that appears at `path` complete, when the block ends without an error:
    readers (CI steps, other tools) never see a half-written report."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomically(path: Path, text: str) -> None:
    with atomic_file(path) as handle:
        handle.write(text)


def emit(reports: Iterable[ArticleReport], formats: list[str], output: Path | None, fail_on: tuple[str, ...]) -> int:
    """Write the articles' reports in every chosen format; returns the exit status.

    A format written per article (jsonl) gets each one as soon as it is checked; the
    others get the whole report at the end, so only they keep every article in memory.
    An article that could not be read is one line on stderr, and makes the status 2.
    """
    import io

    from .writers import get_article_writer, get_writer

    chosen = [(name, path, get_article_writer(name)) for name, path in outputs(formats, output)]
    whole = [(get_writer(name), path) for name, path, per_article in chosen if per_article is None]
    report = Report(fail_on=fail_on)
    failing = unreadable = 0
    with ExitStack() as files:
        streams = [
            (per_article, sys.stdout if path is None else files.enter_context(atomic_file(path)))
            for _, path, per_article in chosen
            if per_article is not None
        ]
        for article in reports:
            for write_article, out in streams:
                write_article(article, out)
                out.flush()
            if article.error is not None:
                print(f"verify: error: {article.error}", file=sys.stderr)
                unreadable += 1
            failing += len(Report([article], fail_on=fail_on).failing())
            if whole:
                report.articles.append(article)
    for writer, path in whole:
        if path is None:
            writer(report, sys.stdout)
            continue
        buffer = io.StringIO()
        writer(report, buffer)
        write_atomically(path, buffer.getvalue())
    if unreadable:
        return EXIT_INPUT
    return EXIT_FAILING if failing else EXIT_OK


def with_progress(reports: Iterable[ArticleReport], total: int) -> Iterator[ArticleReport]:
    """The reports, with a progress bar on stderr for a batch on a terminal (never in CI logs)."""
    if total < 2 or not sys.stderr.isatty() or os.environ.get("CI"):
        yield from reports
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(reports, total=total, description="Checking", console=Console(stderr=True), transient=True)


def waived(article: ArticleReport, fail_on: tuple[str, ...], known: Counter | None) -> ArticleReport:
    """The article with the run's waivers applied (see verify/baseline.py)."""
    from .baseline import apply_waivers

    apply_waivers(Report([article], fail_on=fail_on), known)
    return article


@app.command()
def check(
    ctx: typer.Context,
    articles: Optional[List[str]] = typer.Argument(None, help="Article files (.md, .html, .txt), folders of them, glob patterns, http(s) URLs, or - for stdin."),
    from_file: List[str] = typer.Option([], "--from-file", help="A file listing articles, one path or URL per line; - reads the list from stdin (repeatable)."),
    source: List[str] = typer.Option([], "--source", "-s", help="A candidate source for every claim (repeatable)."),
    format: List[str] = typer.Option([], "--format", "-f", help="json, jsonl, table, markdown, sarif, junit, github, claimreview, html; NAME=PATH to write one to a file (repeatable)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    fail_on: str = typer.Option(",".join(DEFAULT_FAIL_ON), "--fail-on", help="Verdicts that make the exit status 1."),
    allow_private_network: bool = typer.Option(False, "--allow-private-network", help="Allow fetching loopback and private addresses."),
    discover: bool = typer.Option(True, "--discover/--no-discover", help="Search for sources of unlinked claims."),
    archive: bool = typer.Option(True, "--archive/--no-archive", help="Use archived copies of dead or paywalled links."),
    offline: bool = typer.Option(False, "--offline", help="No network: answer from the cache or the --replay bundle only."),
    rules: List[Path] = typer.Option([], "--rules", help="A folder of rule files merged over the shipped ones (repeatable)."),
    replay: Optional[Path] = typer.Option(None, "--replay", help="Answer every request from this evidence bundle (WARC), with no network."),
    evidence: Optional[Path] = typer.Option(None, "--evidence", help="Record every HTTP exchange of the run into this evidence bundle (FILE.warc.gz)."),
    cache: bool = typer.Option(True, "--cache/--no-cache", help="Use the HTTP cache."),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", help="Where the HTTP cache lives."),
    cache_expire: float = typer.Option(86400, "--cache-expire", min=0, help="Seconds a cached page is reused before it is fetched again (0: never reused)."),
    config: Optional[Path] = typer.Option(None, "--config", help="Settings file (verify.toml, or pyproject.toml with [tool.verify]); by default the one in the current folder."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="JSON report of an earlier run: failures it already had do not fail this one."),
    changed: bool = typer.Option(False, "--changed", help="Check only the article files under ARTICLES changed since --base (git)."),
    base: str = typer.Option("HEAD", "--base", help="The git revision --changed compares with."),
    output_dir: Optional[Path] = typer.Option(None, "--output-dir", help="Write report.json, report.sarif, report.xml (JUnit), report.md and report.html here."),
    timeout: float = typer.Option(15.0, "--timeout", min=0.05, help="Seconds a source may take to answer and send its page."),
    max_bytes: int = typer.Option(5_000_000, "--max-bytes", min=1, help="Largest source page read, in bytes."),
    deadline: Optional[float] = typer.Option(None, "--deadline", min=0, help="Seconds all sources of one article may take; those still loading are unreachable (deadline_exceeded)."),
) -> None:
    """Extract every attributed claim, fetch its sources and record a verdict."""
    from .inputs import article_specs
    from .pipeline import Run, iter_check

    from .config import command_line_values, load_settings
    from .writers import output_dir_formats

    settings = load_settings(config).override(**command_line_values(
        ctx, fail_on=parse_fail_on(fail_on), rules=tuple(rules), discover=discover, archive=archive,
    ))
    policy = settings.fail_on
    run = Run(
        sources=list(source),
        allow_private=allow_private_network,
        discover=settings.discover,
        archive=settings.archive,
        allow_domains=settings.allow_domains,
        ignore_domains=settings.ignore_domains,
        offline=offline,
        rules_dirs=list(settings.rules),
        replay=replay,
        evidence=evidence,
        use_cache=cache,
        cache_dir=cache_dir,
        timeout=timeout,
        max_bytes=max_bytes,
        deadline=deadline,
        fetch_options={"cache_expire": cache_expire},
    )
    for spec in source:
        if not spec.lower().startswith(("http://", "https://")):
            raise InputError(f"--source must be an http(s) URL: {spec}")
    chosen = article_specs(articles or [], from_file, settings, changed_since=base if changed else None)
    if changed and not chosen:
        print(f"verify: no article file changed since {base}", file=sys.stderr)
    # The baseline is read once, before any work, and its known failures used up across the batch.
    known = None
    if baseline is not None:
        from .baseline import known_failures

        known = known_failures(baseline)
    reports = (waived(article, policy, known) for article in iter_check(chosen, run))
    formats = [*format, *output_dir_formats(output_dir)] if output_dir else format
    raise typer.Exit(emit(with_progress(reports, len(chosen)), formats, output, policy))


@app.command()
def claims(
    articles: List[str] = typer.Argument(..., help="Article files, http(s) URLs, or - for stdin."),
    format: List[str] = typer.Option(["json"], "--format", "-f", help="Output format (json by default)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the claims to this file."),
    allow_private_network: bool = typer.Option(False, "--allow-private-network", help="Allow fetching loopback and private addresses."),
    rules: List[Path] = typer.Option([], "--rules", help="A folder of rule files merged over the shipped ones (repeatable)."),
) -> None:
    """Extract the attributed claims only: no source is fetched."""
    from .inputs import article_specs
    from .pipeline import Run, iter_check

    run = Run(allow_private=allow_private_network, rules_dirs=list(rules), discover=False)
    raise typer.Exit(emit(iter_check(article_specs(articles), run, claims_only=True), format, output, DEFAULT_FAIL_ON))


@app.command()
def explain(
    report: Path = typer.Argument(..., help="A JSON report of verify check."),
    claim_id: str = typer.Argument(..., help="The claim's id in the report (c1, c2, ...)."),
    article: Optional[str] = typer.Option(None, "--article", help="The article input the claim belongs to, when the report has several."),
) -> None:
    """Show one claim's verdict: its evidence beside the claim, differences marked, and provenance."""
    from .explain import explain as show

    show(report, claim_id, article=article)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the JSON report."""
    from .writers.json import dump, report_schema

    dump(report_schema(), sys.stdout)


@cache_app.command("info")
def cache_info(cache_dir: Optional[Path] = typer.Option(None, "--cache-dir")) -> None:
    """Where the cache is, how many responses it holds and its size."""
    from .cache import cache_info as info

    for key, value in info(cache_dir).items():
        print(f"{key}: {value}")


@cache_app.command("clear")
def cache_clear(cache_dir: Optional[Path] = typer.Option(None, "--cache-dir")) -> None:
    """Delete every cached response."""
    from .cache import cache_clear as clear

    clear(cache_dir)
    print("cache cleared")


def without_css_selectors() -> None:
    """Keep bs4 from loading soupsieve, its CSS selector engine, in this process.

    bs4 imports soupsieve eagerly and soupsieve compiles its grammar on import, about
    45 ms of every start (benchmarks/cold_start.py). verify never selects by CSS, and
    bs4 runs without soupsieve: it only warns that selectors are unavailable."""
    if "soupsieve" not in sys.modules:
        sys.modules["soupsieve"] = None  # makes `import soupsieve` raise ImportError
        warnings.filterwarnings("ignore", "The soupsieve package is not installed", UserWarning)


def one_line_warning(message, category, filename, lineno, line=None) -> str:
    """Our own warnings (an unusable cache) as one line, like our errors."""
    if category.__module__.startswith("verify."):
        return f"verify: warning: {message}\n"
    return DEFAULT_WARNING_FORMAT(message, category, filename, lineno, line)


DEFAULT_WARNING_FORMAT = warnings.formatwarning


def main() -> None:
    """Entry point: click's own usage errors and ours become one line and exit 2."""
    without_css_selectors()
    warnings.formatwarning = one_line_warning
    try:
        code = app(standalone_mode=False)
    except typer.Exit as done:
        code = done.exit_code
    except typer.TyperException as exc:  # click's usage errors derive from it
        print(f"verify: error: {exc.format_message()}", file=sys.stderr)
        code = EXIT_INPUT
    except InputError as exc:
        print(f"verify: error: {exc}", file=sys.stderr)
        code = EXIT_INPUT
    except typer.Abort:
        print("verify: aborted", file=sys.stderr)
        code = 130
    except BrokenPipeError:
        code = EXIT_OK
    except Exception as exc:  # a bug: still one line, with the trace kept for VERIFY_DEBUG=1
        if os.environ.get("VERIFY_DEBUG"):
            raise
        print(f"verify: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        code = EXIT_INPUT
    sys.exit(code or 0)
