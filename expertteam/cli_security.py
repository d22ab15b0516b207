"""Sub-commands for backups, restore, the audit-log check and the retention review.

They call the same services as the screens. The passphrase comes from ``EXPERTTEAM_PASSPHRASE``
(never from the command line, where other users of the computer could read it).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from expertteam.formatting import date_time, short_date
from expertteam.i18n import _

PASSPHRASE_ENV = "EXPERTTEAM_PASSPHRASE"


def _open(args: argparse.Namespace, origin: str) -> Any:
    from expertteam.services import users
    from expertteam.services.store import Store

    store = Store.open(args.database, os.environ.get(PASSPHRASE_ENV) or None,
                       origin=f"cli:{origin}")
    if getattr(args, "gebruiker", None):
        match = [u for u in users.list_users(store) if u.name.lower() == args.gebruiker.lower()]
        if not match:
            store.close()
            from expertteam.domain.errors import NotFoundError

            raise NotFoundError(_("Er is geen actieve gebruiker met deze naam."))
        users.choose_user(store, match[0].id)
    return store


def _cmd_backup(args: argparse.Namespace) -> int:
    from expertteam.services import backup

    store = _open(args, "backup")
    try:
        if args.doel is None:
            path = backup.automatic_backup(store)
            print(_("Reservekopie gemaakt: {path}").format(path=path))
            return 0

        def progress(done: int, total: int) -> None:
            print(f"\r{done * 100 // max(total, 1):3d}%", end="", file=sys.stderr, flush=True)

        preview = backup.backup_to(store, args.doel, progress)
        print(file=sys.stderr)
    finally:
        store.close()
    print(_("Reservekopie gemaakt: {path} ({cases} casussen, {meetings} overleggen, {actions} "
            "acties).").format(path=preview.path, cases=preview.cases,
                               meetings=preview.meetings, actions=preview.actions))
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from expertteam.services import backup
    from expertteam.services.store import Store

    passphrase = os.environ.get(PASSPHRASE_ENV) or None
    preview = backup.inspect_backup(args.bestand, passphrase)
    made = date_time(preview.made_at, empty="?")
    print(_("Reservekopie van {made}: {cases} casussen, {meetings} overleggen, {actions} acties.")
          .format(made=made, cases=preview.cases, meetings=preview.meetings,
                  actions=preview.actions))
    if not args.bevestig:
        print(_("Niets gewijzigd. Voeg --bevestig toe om deze reservekopie terug te zetten."))
        return 1
    result = backup.restore_backup(args.database, args.bestand, passphrase)
    store = Store.open(args.database, passphrase, origin="cli:restore")
    try:
        backup.log_restore(store, result)
    finally:
        store.close()
    if result.previous_copy is not None:
        print(_("De vorige database is bewaard als {path}.").format(path=result.previous_copy))
    print(_("Reservekopie teruggezet."))
    return 0


def _cmd_verify_audit(args: argparse.Namespace) -> int:
    from expertteam.services import audit

    store = _open(args, "verify-audit")
    try:
        broken = audit.verify_chain(store)
    finally:
        store.close()
    if not broken:
        print(_("Het logboek is ongeschonden."))
        return 0
    print(_("Het logboek is gewijzigd of ingekort bij regel(s): {ids}").format(
        ids=", ".join(str(i) for i in broken)))
    return 1


def _cmd_purge_review(args: argparse.Namespace) -> int:
    from expertteam.services import retention

    store = _open(args, "purge-review")
    try:
        due = retention.list_due_for_purge(store)
        years = retention.retention_years(store)
        if args.verwijder:
            result = retention.purge_cases(store, args.verwijder)
            print(_("{n} casus(sen) verwijderd; een anonieme rest blijft voor de statistiek.")
                  .format(n=len(result.purged_ids)))
            return 0
    finally:
        store.close()
    print(_("Bewaartermijn: {years} jaar na afsluiten. Te beoordelen: {n}.").format(
        years=years, n=len(due)))
    for item in due:
        print(f"{item.id}\t{item.pseudonym}\t{short_date(item.closed_on)}\t"
              f"{item.closing_result.label if item.closing_result else '-'}")
    return 0


def add_security_parsers(sub: Any) -> None:
    """Register ``backup``, ``restore``, ``verify-audit`` and ``purge-review``."""
    user_help = _("werk als deze gebruiker (naam van het profiel), voor het logboek")
    saving = sub.add_parser("backup", help=_("maak een versleutelde reservekopie"))
    saving.add_argument("doel", nargs="?", type=Path,
                        help=_("bestand voor de kopie, bijvoorbeeld op een USB-stick "
                               "(standaard: de map backups naast de database)"))
    saving.add_argument("--gebruiker", help=user_help)
    saving.set_defaults(func=_cmd_backup)
    restoring = sub.add_parser("restore", help=_("zet een reservekopie terug (de huidige "
                                                 "database wordt bewaard)"))
    restoring.add_argument("bestand", type=Path, help=_("de reservekopie"))
    restoring.add_argument("--bevestig", action="store_true",
                           help=_("echt terugzetten (zonder: alleen tonen wat erin staat)"))
    restoring.set_defaults(func=_cmd_restore)
    checking = sub.add_parser("verify-audit", help=_("controleer of het logboek ongeschonden is"))
    checking.add_argument("--gebruiker", help=user_help)
    checking.set_defaults(func=_cmd_verify_audit)
    review = sub.add_parser("purge-review", help=_("toon casussen voorbij de bewaartermijn; "
                                                   "verwijder ze met --verwijder"))
    review.add_argument("--verwijder", type=int, nargs="+", metavar="ID",
                        help=_("verwijder de persoonsgegevens van deze casussen"))
    review.add_argument("--gebruiker", help=user_help)
    review.set_defaults(func=_cmd_purge_review)
