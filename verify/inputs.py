"""Which articles a run checks: the ARTICLE arguments and `--from-file` lists, expanded.

An argument is an http(s) URL, `-` (standard input), a file, a folder (the article
files under it, see config.expand_inputs) or a glob pattern such as 'news/**/*.md'
(quoted, so the shell leaves it to us; `**` crosses folders). A list file holds one
such argument per line; blank lines and lines starting with `#` are skipped, and
relative paths are taken from the current folder, as on the command line.

Every article is checked once, in the order first named. A pattern or list that
names nothing is a usage error, raised before any article is read; an article that
can't be read is reported by the pipeline and the batch goes on.
"""

from __future__ import annotations

import glob
import sys
from pathlib import Path
from typing import Iterable, TextIO

from .changed import articles_to_check
from .config import Settings, is_article_file
from .records import InputError

GLOB_CHARACTERS = frozenset("*?[")
STDIN = "-"


def is_pattern(spec: str) -> bool:
    """A glob pattern, unless a file of that very name exists."""
    return bool(GLOB_CHARACTERS & set(spec)) and "://" not in spec and not Path(spec).exists()


def matching(pattern: str) -> list[str]:
    """The article files and folders a pattern matches, sorted."""
    found = [
        path for path in sorted(glob.glob(pattern, recursive=True))
        if Path(path).is_dir() or is_article_file(path)
    ]
    if not found:
        raise InputError(f"{pattern}: no article files match this pattern")
    return found


def read_list(name: str, stdin: TextIO) -> list[str]:
    """The arguments listed in a --from-file file (`-` for standard input)."""
    try:
        text = stdin.read() if name == STDIN else Path(name).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"--from-file {name}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"--from-file {name}: cannot read the list ({exc})") from None
    listed = [line.strip() for line in text.splitlines()]
    listed = [line for line in listed if line and not line.startswith("#")]
    if not listed:
        raise InputError(f"--from-file {name}: the list names no article")
    return listed


def article_specs(
    arguments: Iterable[str],
    from_files: Iterable[str] = (),
    settings: Settings | None = None,
    *,
    changed_since: str | None = None,
    stdin: TextIO | None = None,
) -> list[str]:
    """Every article to check, once each: URLs and `-` as given, patterns and folders
    replaced by the article files they hold (folders filtered by the settings' globs);
    with `changed_since` (a git revision), only the files under them changed since."""
    arguments, from_files = list(arguments), list(from_files)
    if STDIN in arguments and STDIN in from_files:
        raise InputError("standard input can hold the articles or the --from-file list, not both")
    named = arguments + [spec for name in from_files for spec in read_list(name, stdin or sys.stdin)]
    if not named:
        raise InputError("no article given: name files, folders, patterns or URLs, or use --from-file")
    globbed = [path for spec in named for path in (matching(spec) if is_pattern(spec) else [spec])]
    return list(dict.fromkeys(articles_to_check(globbed, settings or Settings(), changed_since)))
