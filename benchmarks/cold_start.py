"""Cold start: wall time of a fresh `verify` process, median of N runs, in ms.

Times `verify --help`, `verify check` of a small local article with no link
(discovery on: nothing to search for, so no HTTP stack loads), and of one whose
one source is served on 127.0.0.1 (goal: under 300 ms each): with --no-cache, on
a page the cache has not seen (a new article's first check), and re-run on one it
holds. Each run is a new process, as in CI. Byte code is cached
in a temporary folder (an installed package has its .pyc files), and one
untimed run of each command comes first.

    python benchmarks/cold_start.py [--runs 15] [--cmd "python -m verify"]
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from server import LocalServer  # noqa: E402

SOURCE = "<!DOCTYPE html><html><body><p>\u201cWe will rebuild the bridge by spring,\u201d Mayor Ana Ruiz said.</p></body></html>"
ARTICLE = "# Bridge\n\n\u201cWe will rebuild the bridge by spring,\u201d Mayor Ana Ruiz said in a [statement]({url}).\n"
UNLINKED = "# Bridge\n\n\u201cWe will rebuild the bridge by spring,\u201d Mayor Ana Ruiz said.\n"


def installed_command() -> str:
    """The console script next to this interpreter, else `python -m verify`."""
    script = shutil.which("verify", path=str(Path(sys.executable).parent))
    return shlex.join([script] if script else [sys.executable, "-m", "verify"])


def median_ms(command: list[str] | Callable[[int], list[str]], runs: int, env: dict[str, str]) -> float:
    """`command` may be a function of the run's number, for a run that needs its own input."""
    times = []
    for run in range(runs + 1):
        argv = command(run) if callable(command) else command
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise SystemExit(f"{shlex.join(argv)} exited {done.returncode}:\n{done.stderr}")
        if run:  # the first run fills the byte-code cache
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cmd", default=installed_command(), help="how to start verify (split like a shell line)")
    args = parser.parse_args()
    verify = shlex.split(args.cmd)
    with tempfile.TemporaryDirectory() as root, LocalServer(Path(root) / "site") as server:
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(Path(root) / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        source = server.add("statement.html", SOURCE)
        article = Path(root) / "article.md"
        article.write_text(ARTICLE.format(url=source), encoding="utf-8")
        check = [*verify, "check", str(article), "--allow-private-network", "--no-discover",
                 "--format", "json", "--output", str(Path(root) / "report.json")]

        def new_source(run: int) -> list[str]:
            """The article linking a page the cache has not seen: a new article's first check."""
            fresh = Path(root) / f"article-{run}.md"
            fresh.write_text(ARTICLE.format(url=f"{source}?run={run}"), encoding="utf-8")
            return [*check[:2], str(fresh), *check[3:], "--cache-dir", str(Path(root) / "cache")]

        unlinked = Path(root) / "unlinked.md"
        unlinked.write_text(UNLINKED, encoding="utf-8")
        timings = {
            "verify --help": median_ms([*verify, "--help"], args.runs, env),
            "verify check, no link": median_ms(
                [*verify, "check", str(unlinked), "--format", "json", "--output", str(Path(root) / "r0.json")],
                args.runs, env),
            "verify check, --no-cache": median_ms([*check, "--no-cache"], args.runs, env),
            "verify check, page not cached": median_ms(new_source, args.runs, env),
            "verify check, page cached": median_ms([*check, "--cache-dir", str(Path(root) / "cache")], args.runs, env),
        }
    print(f"{args.cmd}: median of {args.runs} runs each (goal < 300 ms)")
    for name, ms in timings.items():
        print(f"  {name:<31} {ms:6.0f} ms")


if __name__ == "__main__":
    main()
