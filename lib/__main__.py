"""chitieu's command line: `python -m lib COMMAND ...`.

Commands register themselves in COMMANDS as (name, help, add_arguments, run); `run` returns
the exit code. Never prints a traceback for bad input: problems are reported as text.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from lib import settings
from lib.data import queries, validate


def _count(n: int, thing: str, things: str | None = None) -> str:
    """ "1 row", "19 rows": a count with its noun in the right number."""
    return f"{n} {thing if n == 1 else things or thing + 's'}"


def _ok_line(result) -> str:
    """A file that passed: "observations.csv: ok, 1 row of observations" (19 rows, 11 rows …)."""
    rows = 0 if result.frame is None else len(result.frame)
    return f"{result.file}: ok, {_count(rows, 'row')} of {result.kind}"


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
            print(_ok_line(result))
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
    from lib.report import document

    def pick(flag: str, setting: settings.Setting) -> str:
        given = getattr(args, flag.removeprefix("--").replace("-", "_"))
        return (setting.get() if given is None else given).strip()

    values = {flag.removeprefix("--").replace("-", "_"): pick(flag, s) for flag, s in _SENDER_FLAGS}
    return document.Sender(**values)


def _briefing_run(args: argparse.Namespace) -> int:
    """Write the leadership briefing for a year as a PDF, a Word report, an XLSX workbook or charts."""
    from lib.data import store
    from lib.i18n import t
    from lib.report import briefing, docx_report, report

    try:
        con = store.open_dir(args.data or settings.data_dir()).cursor()
    except store.LoadError as exc:
        for problem in exc.problems:
            print(problem.text(args.lang), file=sys.stderr)
        return 1
    years = queries.years_with_actuals(con)
    if args.year not in years:
        listed = ", ".join(str(y) for y in years) or "—"
        print(t("briefing.cli_no_year", args.lang, year=args.year, years=listed), file=sys.stderr)
        return 1
    b = briefing.build(con, args.year, args.lang, args.area or briefing.default_area(queries.areas(con)))
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
    from lib.data import synth

    parser.add_argument("--rows", type=int, default=synth.DEFAULT_ROWS, help="about how many rows")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (new or a previous synth)")
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED, help="random seed")


def _synth_run(args: argparse.Namespace) -> int:
    """Write a synthetic national dataset (Parquet by year, provenance=synthetic)."""
    import time

    from lib.data import synth

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
        f"{args.out}: {_count(shape.rows, 'synthetic row')} ({_count(synth.PROVINCES, 'province')}, "
        f"{_count(shape.communes, 'commune')}, {_count(len(shape.indicators), 'indicator')}, "
        f"{_count(shape.months, 'month')}, actual and target) "
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
    from lib.data import areas

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

    from lib.data import store
    from lib.i18n import t
    from lib.models import backtest

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


# ---------------------------------------------------------------- users and audit (lib.state.statedb)


def _users_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="users_command", required=True)
    add = sub.add_parser("add", help="add a local account; the password is read from standard input")
    add.add_argument("name", help="the user name to sign in with")
    add.add_argument("--role", required=True, help="viewer, planner or approver")
    sub.add_parser("list", help="list the accounts (name, role, created)")
    set_role = sub.add_parser("set-role", help="change an account's role")
    set_role.add_argument("name")
    set_role.add_argument("role", help="viewer, planner or approver")
    password = sub.add_parser(
        "set-password", help="give an account a new password (from standard input); signs it out everywhere"
    )
    password.add_argument("name")
    remove = sub.add_parser("remove", help="remove an account (and sign it out everywhere)")
    remove.add_argument("name")
    unlock = sub.add_parser(
        "unlock", help="let a name locked by failed sign-ins sign in again now (audited); no name: list them"
    )
    unlock.add_argument("name", nargs="?")


CLI_USER = "cli"  # who the audit log names for changes made with this command line


def _state_db():
    """The state database, or None after printing why not (no traceback)."""
    from lib.state import statedb

    try:
        db = statedb.connect()
    except statedb.StateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    for problem in db.legacy_problems:
        print(
            f"note: not imported from the old state folder: {problem.path}: {problem.reason}", file=sys.stderr
        )
    return db


def _printable(text: object) -> str:
    """Text from people as one safe terminal line: control characters (escapes) shown as �."""
    return "".join(c if c.isprintable() else "\ufffd" for c in str(text))


def _table(header: list[str], rows: list[list[str]]) -> str:
    cells = [header, *[[_printable(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells)


def _read_password() -> str:
    import getpass

    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    line = sys.stdin.readline()
    return line.removesuffix("\n").removesuffix("\r")


def _users_run(args: argparse.Namespace) -> int:
    """Manage local accounts; every change is written to the audit log as user "cli"."""
    from lib.state import access, accounts, statedb

    if args.users_command in ("add", "set-role") and args.role not in access.ROLES:
        print(
            f"error: unknown role {_printable(args.role)}; choose one of {', '.join(access.ROLES)}",
            file=sys.stderr,
        )
        return 2
    if args.users_command in ("add", "set-password"):
        try:
            password_hash = accounts.hash_password(_read_password())
        except ValueError as exc:
            print(f"error: {exc} Give the password on standard input, one line.", file=sys.stderr)
            return 1
    db = _state_db()
    if db is None:
        return 1
    try:
        if args.users_command == "add":
            user = db.add_user(args.name, args.role, password_hash, by=CLI_USER)
            print(f"added {_printable(user.name)} ({user.role})")
        elif args.users_command == "list":
            users = db.list_users()
            if not users:
                print("no users yet: python -m lib users add NAME --role approver")
            else:
                rows = [[u.name, u.role, _when(u.created_utc)] for u in users]
                print(_table(["name", "role", "created"], rows))
        elif args.users_command == "set-password":
            db.set_password(args.name, password_hash, by=CLI_USER)
            print(f"new password set for {_printable(args.name)}")
        elif args.users_command == "set-role":
            user = db.set_role(args.name, args.role, by=CLI_USER)
            print(f"{_printable(user.name)} is now {user.role}")
        elif args.users_command == "unlock":
            if args.name is None:
                names = accounts.locked_names(db)
                print("\n".join(_printable(n) for n in names) if names else "no name is locked")
            elif not accounts.unlock(db, args.name, by=CLI_USER):
                print(f"error: {_printable(args.name)} is not locked", file=sys.stderr)
                return 1
            else:
                print(f"unlocked {_printable(args.name)}")
        else:
            if not db.remove_user(args.name, by=CLI_USER):
                print(f"error: there is no user named {_printable(args.name)}", file=sys.stderr)
                return 1
            print(f"removed {_printable(args.name)}")
    except statedb.StateError as exc:
        print(f"error: {_printable(exc)}", file=sys.stderr)
        return 1
    finally:
        db.close()
    return 0


def _when(at_utc: str) -> str:
    return at_utc.replace("T", " ").replace("+00:00", " UTC")


def _audit_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", default=None, help="only from this day on (YYYY-MM-DD, UTC)")
    parser.add_argument("--limit", type=int, default=None, help="only the newest N rows")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")


def _audit_run(args: argparse.Namespace) -> int:
    """Print the audit log: who uploaded, published, rolled back, saved or deleted what, when."""
    import dataclasses
    import json
    from datetime import UTC, date, datetime

    from lib.state import statedb

    since = None
    if args.since is not None:
        try:
            since = datetime.combine(date.fromisoformat(args.since), datetime.min.time(), UTC)
        except ValueError:
            print(f"error: --since {_printable(args.since)} is not a day like 2026-12-01", file=sys.stderr)
            return 2
    db = _state_db()
    if db is None:
        return 1
    try:
        rows = db.audit_log(since_utc=since, limit=args.limit)
    except statedb.StateError as exc:
        print(f"error: {_printable(exc)}", file=sys.stderr)
        return 1
    finally:
        db.close()
    if args.json:
        print(json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print("the audit log is empty" + (f" since {args.since}" if since else ""))
        return 0
    header = ["seq", "time (UTC)", "user", "action", "version", "sha256", "detail"]
    table = [
        [
            str(r.seq),
            _when(r.at_utc).removesuffix(" UTC"),
            r.user or "-",
            r.action,
            r.version or "",
            (r.sha256 or "")[:12],
            r.detail or "",
        ]
        for r in rows
    ]
    print(_table(header, table))
    return 0


Command = tuple[str, str, Callable[[argparse.ArgumentParser], None], Callable[..., int]]
COMMANDS: list[Command] = [
    ("validate", "check data files against the contract", _validate_args, _validate_run),
    ("synth", "write a synthetic national dataset (Parquet)", _synth_args, _synth_run),
    ("briefing", "write the leadership briefing (PDF, Word, XLSX or charts)", _briefing_args, _briefing_run),
    ("areas", "the area catalogue: rebuild it, or match written names", _areas_args, _areas_run),
    ("backtest", "check the tracker's chance against years already known", _backtest_args, _backtest_run),
    ("users", "local accounts: add, list, set-role, set-password, remove, unlock", _users_args, _users_run),
    (
        "audit",
        "print the audit log (uploads, publishing, scenarios, sign-ins, roles)",
        _audit_args,
        _audit_run,
    ),
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
