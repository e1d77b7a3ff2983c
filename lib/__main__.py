"""chitieu's command line: `python -m lib COMMAND ...`.

Commands register themselves in COMMANDS as (name, help, add_arguments, run); `run` returns
the exit code. Never prints a traceback for bad input: problems are reported as text.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from lib import settings, validate


def _validate_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, help="CSV files to check")
    parser.add_argument("--lang", choices=["en", "vi"], default="en", help="message language")


def _validate_run(args: argparse.Namespace) -> int:
    """Check files against the contract and the catalogue (bundled plus any named here)."""
    bundled = validate.validate_paths([settings.BUNDLED_DATA_DIR / "indicators.csv"], {})
    base_units = {}
    if bundled[0].frame is not None:
        base_units = dict(zip(bundled[0].frame["indicator_id"], bundled[0].frame["unit"], strict=True))
    failed = False
    for result in validate.validate_paths(args.files, base_units):
        if result.ok:
            print(result.summary())
        else:
            failed = True
            for problem in result.problems:
                print(problem.text(args.lang))
    return 1 if failed else 0


Command = tuple[str, str, Callable[[argparse.ArgumentParser], None], Callable[..., int]]
COMMANDS: list[Command] = [
    ("validate", "check data files against the contract", _validate_args, _validate_run),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib", description="chitieu command line")
    sub = parser.add_subparsers(dest="command", required=True)
    runners = {}
    for name, help_text, add_arguments, run in COMMANDS:
        add_arguments(sub.add_parser(name, help=help_text))
        runners[name] = run
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    return runners[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
