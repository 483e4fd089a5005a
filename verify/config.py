"""Project settings for `verify check`: `verify.toml`, or `[tool.verify]` in pyproject.toml.

Found in the current folder (verify.toml first) or named with `--config`. Options
given on the command line override the file. Folders named in `rules` are relative
to the file that names them.

    fail_on = ["misquoted", "misattributed"]     # or "misquoted,misattributed"
    rules = ["house-rules"]
    include = ["content/**"]                      # for folder inputs and --changed
    exclude = ["**/drafts/*"]
    allow_domains = ["example.org"]               # when set, only these are fetched
    ignore_domains = ["paywalled.example"]        # never fetched
    discover = false
    archive = true
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .records import DEFAULT_FAIL_ON, VERDICTS, InputError

CONFIG_FILES = ("verify.toml", "pyproject.toml")
ARTICLE_SUFFIXES = (".md", ".html", ".htm", ".txt")


@dataclass(frozen=True)
class Settings:
    fail_on: tuple[str, ...] = DEFAULT_FAIL_ON
    rules: tuple[Path, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    allow_domains: tuple[str, ...] = ()
    ignore_domains: tuple[str, ...] = ()
    discover: bool = True
    archive: bool = True
    origin: Path | None = field(default=None, compare=False)  # the file read, if any

    def override(self, **given: Any) -> Settings:
        """These settings with the values given on the command line put over them."""
        return replace(self, **given)


KEYS = {f.name for f in fields(Settings)} - {"origin"}


def parse_verdicts(value: str | list[str], where: str) -> tuple[str, ...]:
    """A verdict list written as "a,b" or ["a", "b"]; unknown verdicts are an input error."""
    items = value.split(",") if isinstance(value, str) else value
    chosen = tuple(str(item).strip() for item in items if str(item).strip())
    unknown = [verdict for verdict in chosen if verdict not in VERDICTS]
    if unknown:
        raise InputError(f"unknown verdict in {where}: {', '.join(unknown)} (known: {', '.join(VERDICTS)})")
    return chosen


def find_config(folder: Path) -> Path | None:
    """verify.toml in `folder`, else a pyproject.toml there that has a [tool.verify] table."""
    for name in CONFIG_FILES:
        candidate = folder / name
        if candidate.is_file() and (name != "pyproject.toml" or "verify" in _read_toml(candidate).get("tool", {})):
            return candidate
    return None


def load_settings(path: Path | None = None, folder: Path | None = None) -> Settings:
    """The settings of the file at `path` (or the one found in `folder`, by default the
    current one); the defaults when there is none."""
    if path is None:
        path = find_config(folder or Path.cwd())
        if path is None:
            return Settings()
    elif not path.is_file():
        raise InputError(f"{path}: no such config file")
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("verify", {})
    return _settings(data, path)


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only when there is a settings file: every start would pay for it

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read config ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: invalid TOML ({exc})") from None


def _settings(data: dict[str, Any], path: Path) -> Settings:
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise InputError(f"{path}: unknown setting {', '.join(unknown)} (known: {', '.join(sorted(KEYS))})")

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise InputError(f"{path}: {key} must be a list of strings")
        return tuple(value)

    def flag(key: str) -> bool:
        value = data.get(key, True)
        if not isinstance(value, bool):
            raise InputError(f"{path}: {key} must be true or false")
        return value

    fail_on = data.get("fail_on", list(DEFAULT_FAIL_ON))
    if not isinstance(fail_on, (str, list)):
        raise InputError(f"{path}: fail_on must be a list of verdicts")
    return Settings(
        fail_on=parse_verdicts(fail_on, f"{path} fail_on"),
        rules=tuple(path.parent / folder for folder in strings("rules")),
        include=strings("include"),
        exclude=strings("exclude"),
        allow_domains=tuple(d.lower().strip(".") for d in strings("allow_domains")),
        ignore_domains=tuple(d.lower().strip(".") for d in strings("ignore_domains")),
        discover=flag("discover"),
        archive=flag("archive"),
        origin=path,
    )


# --- which files, which domains ---------------------------------------------------

def selected(path: str, settings: Settings) -> bool:
    """Whether an article path passes the include and exclude globs. Globs match the path
    relative to the current folder, `*` crossing folders; `**/x` also matches `x`."""
    posix = Path(os.path.relpath(path) if _under_cwd(path) else path).as_posix()

    def matches(pattern: str) -> bool:
        return fnmatch.fnmatchcase(posix, pattern) or (
            pattern.startswith("**/") and fnmatch.fnmatchcase(posix, pattern[3:])
        )

    return (not settings.include or any(map(matches, settings.include))) and not any(map(matches, settings.exclude))


def _under_cwd(path: str) -> bool:
    return Path(path).resolve().is_relative_to(Path.cwd().resolve())


def is_article_file(path: str) -> bool:
    return Path(path).suffix.lower() in ARTICLE_SUFFIXES


def expand_inputs(specs: list[str], settings: Settings) -> list[str]:
    """The ARTICLE arguments with every folder replaced by the article files under it
    that pass the include and exclude globs."""
    expanded: list[str] = []
    for spec in specs:
        if "://" in spec or spec == "-" or not Path(spec).is_dir():
            expanded.append(spec)
            continue
        found = [path for path in _files_under(spec) if is_article_file(path) and selected(path, settings)]
        if not found:
            raise InputError(f"{spec}: no article files ({', '.join(ARTICLE_SUFFIXES)}) selected under this folder")
        expanded.extend(found)
    return expanded


def _files_under(folder: str) -> list[str]:
    """Every file under `folder` in a stable order, hidden folders (.git, .venv) skipped."""
    files = []
    for parent, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        files += [os.path.join(parent, name) for name in sorted(names)]
    return files


def domain_skipped(url: str, allow: tuple[str, ...] | list[str], ignore: tuple[str, ...] | list[str]) -> bool:
    """True for a URL on an ignored domain (or a subdomain of one), or, when an allow list
    is given, on none of the allowed domains."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")

    def on(domains) -> bool:
        return any(host == domain or host.endswith("." + domain) for domain in domains)

    return on(ignore) or (bool(allow) and not on(allow))


def command_line_values(ctx: Any, **values: Any) -> dict[str, Any]:
    """The values among `values` the user gave on the command line (or in the environment),
    as opposed to the options' defaults: only those override the settings file."""
    given = ("COMMANDLINE", "ENVIRONMENT")  # names of click's ParameterSource members
    return {name: value for name, value in values.items() if ctx.get_parameter_source(name).name in given}
