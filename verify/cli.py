"""Command line: parses arguments, runs the pipeline, picks writers. Nothing else.

Exit status: 0 when no claim fails the policy, 1 when one does, 2 for a usage or
input error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import List, Optional

import typer

from .records import DEFAULT_FAIL_ON, VERDICTS, InputError, Report

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Check the attributed claims of articles against their sources.",
)
cache_app = typer.Typer(help="Inspect or clear the HTTP cache.", no_args_is_help=True)
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


def write_atomically(path: Path, text: str) -> None:
    """Readers (CI steps, other tools) never see a half-written report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def emit(report: Report, formats: list[str], output: Path | None) -> None:
    import io

    from .writers import get_writer

    chosen = [(get_writer(name), path) for name, path in outputs(formats, output)]
    for writer, path in chosen:
        if path is None:
            writer(report, sys.stdout)
            continue
        buffer = io.StringIO()
        writer(report, buffer)
        write_atomically(path, buffer.getvalue())


@app.command()
def check(
    articles: List[str] = typer.Argument(..., help="Article files (.md, .html, .txt), http(s) URLs, or - for stdin."),
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
    cache: bool = typer.Option(True, "--cache/--no-cache", help="Use the HTTP cache."),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", help="Where the HTTP cache lives."),
) -> None:
    """Extract every attributed claim, fetch its sources and record a verdict."""
    from .pipeline import Run, check as run_check

    policy = parse_fail_on(fail_on)
    run = Run(
        sources=list(source),
        allow_private=allow_private_network,
        discover=discover,
        archive=archive,
        offline=offline,
        rules_dirs=list(rules),
        replay=replay,
        use_cache=cache,
        cache_dir=cache_dir,
    )
    for spec in source:
        if not spec.lower().startswith(("http://", "https://")):
            raise InputError(f"--source must be an http(s) URL: {spec}")
    report = run_check(articles, run)
    report.fail_on = policy
    emit(report, format, output)
    raise typer.Exit(EXIT_FAILING if report.failing() else EXIT_OK)


@app.command()
def claims(
    articles: List[str] = typer.Argument(..., help="Article files, http(s) URLs, or - for stdin."),
    format: List[str] = typer.Option(["json"], "--format", "-f", help="Output format (json by default)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the claims to this file."),
    allow_private_network: bool = typer.Option(False, "--allow-private-network", help="Allow fetching loopback and private addresses."),
    rules: List[Path] = typer.Option([], "--rules", help="A folder of rule files merged over the shipped ones (repeatable)."),
) -> None:
    """Extract the attributed claims only: no source is fetched."""
    from .pipeline import Run, check as run_check

    run = Run(allow_private=allow_private_network, rules_dirs=list(rules), discover=False)
    emit(run_check(articles, run, claims_only=True), format, output)


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


def main() -> None:
    """Entry point: click's own usage errors and ours become one line and exit 2."""
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
