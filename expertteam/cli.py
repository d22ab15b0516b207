"""`expertteam`: opens the app; sub-commands do scripted work through the same services.

Every sub-command works on an existing database (``init`` makes one), under a user profile
(``cli_common``), and ends either in its output or in one Dutch ``Fout:`` line with exit code 2.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from expertteam import __version__, clock
from expertteam.cli_common import (
    PASSPHRASE_ENV,
    USER_ENV,
    DutchArgumentParser,
    add_user_option_everywhere,
    open_store,
)
from expertteam.domain.errors import ExpertteamError
from expertteam.i18n import _
from expertteam.paths import DATABASE_ENV, default_database_path

Command = Callable[[argparse.Namespace], int]
log = logging.getLogger(__name__)


def _open_store(args: argparse.Namespace, origin: str) -> object:
    return open_store(args, origin)


def _cmd_init(args: argparse.Namespace) -> int:
    from expertteam.domain.enums import UserRole
    from expertteam.domain.errors import ValidationError
    from expertteam.services import security, users
    from expertteam.services.store import Store

    name = args.gebruiker or os.environ.get(USER_ENV)
    if not name:
        raise ValidationError("gebruiker", _(
            "Geef met --gebruiker NAAM de naam van het eerste gebruikersprofiel op."))
    role = UserRole(args.rol)
    key = os.environ.get(PASSPHRASE_ENV) or None
    if args.onversleuteld:
        if key:
            raise ValidationError("passphrase", _(
                "Er is een wachtwoord opgegeven (${env}) en ook --onversleuteld; kies één van "
                "beide.").format(env=PASSPHRASE_ENV))
        store = Store.create(args.database, None, origin="cli:init")
        try:
            users.choose_user(store, users.create_user(store, name, role).id)
        except BaseException:
            store.close()
            raise
    else:
        if not key:
            raise ValidationError("passphrase", _(
                "Zet het wachtwoord voor de nieuwe database in ${env} (of kies --onversleuteld "
                "voor een database zonder versleuteling).").format(env=PASSPHRASE_ENV))
        store = security.create_database(args.database, key, name, role, origin="cli:init")
    store.close()
    print(_("Nieuwe database gemaakt: {path} ({kind}), met gebruiker {name}.").format(
        path=args.database, kind=_("versleuteld") if key else _("niet versleuteld"),
        name=name.strip()))
    return 0


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
    from expertteam.services import case_register, privacy
    from expertteam.services.store import Store

    store = _open_store(args, "cases")
    assert isinstance(store, Store)
    try:
        rows = case_register.list_register(
            store, case_register.RegisterFilter(text=args.filter or ""))
        guard = privacy.store_guard(store, active=not args.names)
    finally:
        store.close()
    for row in rows:
        child = row.child_name if args.names else row.pseudonym
        waiting = row.waiting_for.label if row.waiting_for else "-"
        print(guard.text(f"{row.case_number}\t{child}\t{row.municipality_name}\t"
                         f"{row.gi_name}\t{waiting}\t{row.status.label}"))
    return 0


def _cmd_hidden_names(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from expertteam.services import cases, documents
    from expertteam.services.store import Store

    store = _open_store(args, "hidden-names")
    assert isinstance(store, Store)
    try:
        case_id = documents.find_case_id(store, args.case_number)
        detail = cases.get_case(store, case_id)
        names = [n for n in detail.hidden_names if n not in (args.remove or [])]
        names += args.add or []
        if names != list(detail.hidden_names):
            detail = cases.update_case(store, case_id, replace(detail.to_input(),
                                                               hidden_names=names))
    finally:
        store.close()
    for name in detail.hidden_names:
        print(name)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(
        prog="expertteam",
        description=_("Expertteam: casusregister en casusoverleg voor regionale expertteams "
                      "jeugdbescherming. Zonder sub-opdracht opent de app."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--probe-visit-pages", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--crash-test", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--selftest", action="store_true",
                        help=_("controleer offscreen of deze installatie werkt (database, "
                               "overleg, PDF, venster) en stop"))
    parser.add_argument(
        "--database", type=Path, default=None,
        help=_("het databasebestand (standaard: ${env} of de gegevensmap van de gebruiker)")
        .format(env=DATABASE_ENV))
    parser.add_argument(
        "--server", default=os.environ.get("EXPERTTEAM_SERVER") or None, metavar="URL",
        help=_("werk op de regionale PostgreSQL-server in plaats van een bestand "
               "(postgresql://…; standaard: ${env})").format(env="EXPERTTEAM_SERVER"))
    parser.add_argument(
        "--gebruiker", default=None,
        help=_("werk als dit gebruikersprofiel, voor het logboek (standaard: ${env}, of het enige "
               "profiel)").format(env=USER_ENV))
    sub = parser.add_subparsers(dest="command", metavar=_("opdracht"))
    init = sub.add_parser("init", help=_("maak een nieuwe database met het eerste "
                                         "gebruikersprofiel (wachtwoord uit ${env})")
                          .format(env=PASSPHRASE_ENV))
    init.add_argument("--rol", choices=["chair", "coordinator", "member"], default="chair",
                      help=_("rol van het eerste profiel (standaard: chair, voorzitter)"))
    init.add_argument("--onversleuteld", action="store_true",
                      help=_("zonder versleuteling (alleen voor proeven, niet voor echte "
                             "gegevens)"))
    init.set_defaults(func=_cmd_init)
    demo = sub.add_parser("demo", help=_("laad de demoregio Westfriesland in een lege, "
                                         "bestaande database (maak die eerst met init)"))
    demo.set_defaults(func=_cmd_demo)
    listing = sub.add_parser("cases", help=_("toon het casusregister (gepseudonimiseerd)"))
    listing.add_argument("--filter", help=_("toon alleen casussen met deze tekst"))
    listing.add_argument("--names", action="store_true",
                         help=_("toon namen in plaats van pseudoniemen"))
    listing.set_defaults(func=_cmd_cases)
    hidden = sub.add_parser("hidden-names", help=_("toon of wijzig de namen die een casus "
                                                   "verbergt (ouders, broers en zussen, "
                                                   "bijnamen, school)"))
    hidden.add_argument("case_number", help=_("casusnummer, bijvoorbeeld ET-2026-0001"))
    hidden.add_argument("--add", action="append", metavar=_("NAAM"),
                        help=_("voeg deze naam toe (mag vaker)"))
    hidden.add_argument("--remove", action="append", metavar=_("NAAM"),
                        help=_("haal deze naam weg (mag vaker)"))
    hidden.set_defaults(func=_cmd_hidden_names)
    from expertteam.cli_monitor import add_monitor_parser

    add_monitor_parser(sub)
    from expertteam.cli_render import add_render_parser

    add_render_parser(sub)
    from expertteam.cli_security import add_security_parsers

    add_security_parsers(sub)
    from expertteam.cli_escalations import add_escalation_parsers

    add_escalation_parsers(sub)
    from expertteam.cli_sending import add_sending_parsers

    add_sending_parsers(sub)
    from expertteam.cli_import import add_import_parser

    add_import_parser(sub)
    from expertteam.cli_server import add_server_parsers

    add_server_parsers(sub)

    add_user_option_everywhere(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a Dutch Fout: line already printed
        return stop.code if isinstance(stop.code, int) else 2
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
                                 os.environ.get(PASSPHRASE_ENV) or None,
                                 visit_pages=args.probe_visit_pages)
    if args.crash_test:
        from expertteam.gui.app import run_crash_test

        return run_crash_test(args.database or default_database_path(),
                              os.environ.get(PASSPHRASE_ENV) or None)
    if args.database is None:
        args.database = default_database_path()
    func: Command | None = getattr(args, "func", None)
    if func is None and args.server:
        print(_("Fout: de app op een server openen kan nog niet; gebruik --server met een "
                "opdracht (zie expertteam --help)."), file=sys.stderr)
        return 2
    if func is None:
        from expertteam.gui.app import run_app

        return run_app(args.database)
    from expertteam.services import policy

    policy.load_machine_policy()  # the gemeente's preset defaults; problems go to stderr
    try:
        return func(args)
    except ExpertteamError as error:
        print(_("Fout: {message}").format(message=error.message), file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: one Dutch line for the user, the trace in the log only
        from expertteam import logs

        # Recorded where the app's log is configured; never printed (the one line below is).
        log.info("CLI command failed: %s", " / ".join(logs.describe_exception(exc))[:2000])
        print(UNEXPECTED.format(kind=type(exc).__name__), file=sys.stderr)
        return 2


# Printed for an exception no service turned into a typed error: a bug (the fuzz tests look for
# this line).
UNEXPECTED = _("Fout: er ging iets onverwachts mis ({kind}); er is niets half opgeslagen. Meld "
               "dit aan de beheerder.")
