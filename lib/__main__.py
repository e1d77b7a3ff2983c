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
    parser.add_argument("files", nargs="+", type=Path, help="CSV/TSV/TXT or XLSX files to check")
    parser.add_argument("--lang", choices=["en", "vi"], default="en", help="message language")


def _validate_run(args: argparse.Namespace) -> int:
    """Check files against the contract and the catalogue (bundled plus any named here)."""
    bundled = validate.validate_paths([settings.BUNDLED_DATA_DIR / "indicators.csv"], {})
    base_units, base_names = {}, {}
    if bundled[0].frame is not None:
        base_units = dict(zip(bundled[0].frame["indicator_id"], bundled[0].frame["unit"], strict=True))
        base_names = validate.name_index(bundled[0].frame)
    failed = False
    for result in validate.validate_paths(args.files, base_units, base_names):
        if result.ok:
            print(result.summary())
        else:
            failed = True
            for problem in result.problems:
                print(problem.text(args.lang))
    return 1 if failed else 0


def _briefing_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--year", type=int, required=True, help="the year of the results (targets: the year after)"
    )
    parser.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of the briefing")
    parser.add_argument(
        "--format",
        choices=["pdf", "docx", "xlsx", "charts"],
        default="pdf",
        help="pdf (A4 report), docx (Word report in the Decree 30/2020 layout), xlsx (figures, one "
        "sheet per field) or charts (PNG and SVG files)",
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="file to write (a folder for --format charts)"
    )
    parser.add_argument("--area", default=None, help="area id (default: province if present)")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: CHITIEU_DATA_DIR)")
    # The sender printed on the report; empty leaves a dotted line to fill (never invented).
    for flag, setting in _SENDER_FLAGS:
        parser.add_argument(flag, default=None, help=f"{setting.help} (default: {setting.name})")


_SENDER_FLAGS = [
    ("--parent-agency", settings.PARENT_AGENCY),
    ("--agency", settings.AGENCY),
    ("--place", settings.PLACE),
    ("--signer-title", settings.SIGNER_TITLE),
    ("--signer", settings.SIGNER),
]


def _sender(args: argparse.Namespace):
    from lib import document

    def pick(flag: str, setting: settings.Setting) -> str:
        given = getattr(args, flag.removeprefix("--").replace("-", "_"))
        return (setting.get() if given is None else given).strip()

    values = {flag.removeprefix("--").replace("-", "_"): pick(flag, s) for flag, s in _SENDER_FLAGS}
    return document.Sender(**values)


def _briefing_run(args: argparse.Namespace) -> int:
    """Write the leadership briefing for a year as a PDF, a Word report, an XLSX workbook or charts."""
    from lib import briefing, docx_report, report, store
    from lib.i18n import t

    try:
        con = store.open_dir(args.data or settings.data_dir()).cursor()
    except store.LoadError as exc:
        for problem in exc.problems:
            print(problem.text(args.lang), file=sys.stderr)
        return 1
    years = store.years_with_actuals(con)
    if args.year not in years:
        listed = ", ".join(str(y) for y in years) or "—"
        print(t("briefing.cli_no_year", args.lang, year=args.year, years=listed), file=sys.stderr)
        return 1
    b = briefing.build(con, args.year, args.lang, args.area or briefing.default_area(store.areas(con)))
    try:
        if args.format == "charts":
            args.out.mkdir(parents=True, exist_ok=True)
            for name, data in report.chart_files(b).items():
                (args.out / name).write_bytes(data)
                print(t("briefing.cli_written", args.lang, path=args.out / name))
            return 0
        if args.format == "pdf":
            data = report.pdf_bytes(b, sender=_sender(args))
        elif args.format == "docx":
            data = docx_report.docx_bytes(b, sender=_sender(args))
        else:
            data = report.xlsx_bytes(b)
        args.out.write_bytes(data)
    except OSError as exc:
        print(t("briefing.cli_bad_out", args.lang, path=args.out, error=exc.strerror or exc), file=sys.stderr)
        return 1
    print(t("briefing.cli_written", args.lang, path=args.out))
    return 0


def _synth_args(parser: argparse.ArgumentParser) -> None:
    from lib import synth

    parser.add_argument("--rows", type=int, default=synth.DEFAULT_ROWS, help="about how many rows")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (new or a previous synth)")
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED, help="random seed")


def _synth_run(args: argparse.Namespace) -> int:
    """Write a synthetic national dataset (Parquet by year, provenance=synthetic)."""
    import time

    from lib import synth

    if args.rows < 1:
        print("--rows must be at least 1", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        shape = synth.generate(args.out, rows=args.rows, seed=args.seed)
    except (ValueError, OSError) as exc:
        print(f"{args.out}: {exc}", file=sys.stderr)
        return 1
    print(
        f"{args.out}: {shape.rows} synthetic rows ({synth.PROVINCES} provinces, {shape.communes} communes, "
        f"{len(shape.indicators)} indicators, {shape.months} months, actual and target) "
        f"in {time.perf_counter() - started:.1f} s; open it with CHITIEU_DATA_DIR={args.out}"
    )
    return 0


def _areas_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="areas_command", required=True)
    build = sub.add_parser("build", help="rebuild data/areas.csv and data/area_changes.csv (dev packages)")
    build.add_argument("--out", type=Path, default=settings.BUNDLED_DATA_DIR, help="folder to write")
    match = sub.add_parser("match", help="what written area names are today")
    match.add_argument("names", nargs="+", help="names as written in a file, e.g. 'Huyện Ba Bể'")
    match.add_argument("--era", choices=["auto", "current", "old"], default="auto")
    match.add_argument("--lang", choices=["vi", "en"], default="vi", help="message language")


def _areas_run(args: argparse.Namespace) -> int:
    """Rebuild the area catalogue, or say what names match (exit 1 if any is not one unit)."""
    if args.areas_command == "build":
        from tools import build_areas

        return build_areas.main(["--out", str(args.out)])
    from lib import areas

    failed = False
    for name in args.names:
        m = areas.match(name, era=args.era)
        failed |= not m.ok
        print(f"{name}\t{m.status}\t{','.join(m.area_ids)}\t{m.message(args.lang)}")
    return 1 if failed else 0


def _backtest_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: CHITIEU_DATA_DIR)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--area", action="append", default=None, help="area id to test (repeatable; default: every area)"
    )
    parser.add_argument("--lang", choices=["en", "vi"], default="en", help="message language")


def _backtest_run(args: argparse.Namespace) -> int:
    """Backtest the tracker's chance on every year with a target and 12 monthly actuals."""
    import json

    from lib import backtest, store
    from lib.i18n import t

    folder = args.data or settings.data_dir()
    try:
        con = store.open_dir(folder).cursor()
    except store.LoadError as exc:
        for problem in exc.problems:
            print(problem.text(args.lang), file=sys.stderr)
        return 1
    result = backtest.run(con, areas=args.area)
    if not result.cases:
        print(t("backtest.nothing", args.lang, data=folder), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"data": str(folder), **result.to_dict()}, ensure_ascii=False, indent=1))
    else:
        print(backtest.text(result, args.lang, str(folder)))
    return 0


Command = tuple[str, str, Callable[[argparse.ArgumentParser], None], Callable[..., int]]
COMMANDS: list[Command] = [
    ("validate", "check data files against the contract", _validate_args, _validate_run),
    ("synth", "write a synthetic national dataset (Parquet)", _synth_args, _synth_run),
    ("briefing", "write the leadership briefing (PDF, Word, XLSX or charts)", _briefing_args, _briefing_run),
    ("areas", "the area catalogue: rebuild it, or match written names", _areas_args, _areas_run),
    ("backtest", "check the tracker's chance against years already known", _backtest_args, _backtest_run),
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
