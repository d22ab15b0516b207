"""`expertteam`: opens the app; sub-commands do scripted work through the same services."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from expertteam import __version__, clock
from expertteam.domain.errors import ExpertteamError
from expertteam.i18n import _
from expertteam.paths import DATABASE_ENV, default_database_path

PASSPHRASE_ENV = "EXPERTTEAM_PASSPHRASE"

Command = Callable[[argparse.Namespace], int]


def _open_store(args: argparse.Namespace, origin: str) -> object:
    from expertteam.services.store import Store

    passphrase = os.environ.get(PASSPHRASE_ENV) or None
    return Store.open(args.database, passphrase, origin=f"cli:{origin}")


def _cmd_demo(args: argparse.Namespace) -> int:
    from expertteam.services import demo
    from expertteam.services.store import Store

    store = _open_store(args, "demo")
    assert isinstance(store, Store)
    try:
        count = demo.load_demo(store)
    finally:
        store.close()
    print(_("Demoregio Westfriesland geladen: {n} kinderen in {path}.").format(
        n=count, path=args.database))
    return 0


def _cmd_cases(args: argparse.Namespace) -> int:
    from expertteam.services import cases
    from expertteam.services.store import Store

    store = _open_store(args, "cases")
    assert isinstance(store, Store)
    try:
        rows = cases.list_register(store, cases.RegisterFilter(text=args.filter or ""))
    finally:
        store.close()
    for row in rows:
        child = row.child_name if args.names else row.pseudonym
        waiting = row.waiting_for.label if row.waiting_for else "-"
        print(f"{row.case_number}\t{child}\t{row.municipality_name}\t{row.gi_name}\t"
              f"{waiting}\t{row.status.label}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="expertteam",
        description=_("Expertteam: casusregister en casusoverleg voor regionale expertteams "
                      "jeugdbescherming. Zonder sub-opdracht opent de app."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--crash-test", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--selftest", action="store_true",
                        help=_("controleer offscreen of deze installatie werkt (database, "
                               "overleg, PDF, venster) en stop"))
    parser.add_argument(
        "--database", type=Path, default=None,
        help=_("het databasebestand (standaard: ${env} of de gegevensmap van de gebruiker)")
        .format(env=DATABASE_ENV))
    sub = parser.add_subparsers(dest="command", metavar=_("opdracht"))
    demo = sub.add_parser("demo", help=_("laad de demoregio Westfriesland in een lege database"))
    demo.set_defaults(func=_cmd_demo)
    listing = sub.add_parser("cases", help=_("toon het casusregister (gepseudonimiseerd)"))
    listing.add_argument("--filter", help=_("toon alleen casussen met deze tekst"))
    listing.add_argument("--names", action="store_true",
                         help=_("toon namen in plaats van pseudoniemen"))
    listing.set_defaults(func=_cmd_cases)
    from expertteam.cli_monitor import add_monitor_parser

    add_monitor_parser(sub)
    from expertteam.cli_render import add_render_parser

    add_render_parser(sub)
    from expertteam.cli_security import add_security_parsers

    add_security_parsers(sub)
    from expertteam.cli_escalations import add_escalation_parsers

    add_escalation_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        clock.install_from_environment()
    except ValueError:
        print(_("Fout: ${env} is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-10-01.")
              .format(env=clock.TODAY_ENV), file=sys.stderr)
        return 2
    if args.selftest:
        from expertteam.selftest import run_selftest

        return run_selftest()
    if args.startup_probe:
        from expertteam.gui.app import run_startup_probe

        return run_startup_probe(args.database or default_database_path(),
                                 os.environ.get(PASSPHRASE_ENV) or None)
    if args.crash_test:
        from expertteam.gui.app import run_crash_test

        return run_crash_test(args.database or default_database_path(),
                              os.environ.get(PASSPHRASE_ENV) or None)
    if args.database is None:
        args.database = default_database_path()
    func: Command | None = getattr(args, "func", None)
    if func is None:
        from expertteam.gui.app import run_app

        return run_app(args.database)
    try:
        return func(args)
    except ExpertteamError as error:
        print(_("Fout: {message}").format(message=error.message), file=sys.stderr)
        return 2
