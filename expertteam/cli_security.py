"""Sub-commands for backups, restore, the audit-log check and the retention review.

They call the same services as the screens; the passphrase and the profile are chosen as for
every sub-command (``cli_common``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from expertteam.cli_common import open_store, passphrase, user_option
from expertteam.formatting import date_time, short_date
from expertteam.i18n import _


def _open(args: argparse.Namespace, origin: str) -> Any:
    return open_store(args, origin)


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

        try:
            preview = backup.backup_to(store, args.doel, progress, overwrite=args.force)
        except backup.TargetExistsError as error:
            error.message += " " + _("Voeg --force toe om het te vervangen.")
            raise
        print(file=sys.stderr)
    finally:
        store.close()
    print(_("Reservekopie gemaakt: {path} ({cases} casussen, {meetings} overleggen, {actions} "
            "acties).").format(path=preview.path, cases=preview.cases,
                               meetings=preview.meetings, actions=preview.actions))
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from expertteam.services import backup, restore
    from expertteam.services.store import Store

    key = passphrase()
    preview = backup.inspect_backup(args.bestand, key)
    made = date_time(preview.made_at, empty="?")
    print(_("Reservekopie van {made}: {cases} casussen, {meetings} overleggen, {actions} acties.")
          .format(made=made, cases=preview.cases, meetings=preview.meetings,
                  actions=preview.actions))
    if not args.bevestig:
        print(_("Niets gewijzigd. Voeg --bevestig toe om deze reservekopie terug te zetten."))
        return 1
    result = restore.restore_backup(args.database, args.bestand, key, encrypt_with=key)
    store = Store.open(args.database, result.passphrase, origin="cli:restore")
    try:
        restore.log_restore(store, result)
    finally:
        store.close()
    if result.encrypted_on_restore:
        print(_("De reservekopie was niet versleuteld; ze is bij het terugzetten versleuteld met "
                "het huidige wachtwoord."))
    if result.previous_copy is not None:
        print(_("De vorige database is bewaard als {path}.").format(path=result.previous_copy))
    print(_("Reservekopie teruggezet."))
    return 0


def _cmd_verify_audit(args: argparse.Namespace) -> int:
    from expertteam.services import audit_verify

    store = _open(args, "verify-audit")
    try:
        check = audit_verify.verify(store) if not args.against else \
            audit_verify.verify_against(store, args.against)
    finally:
        store.close()
    if check.intact:
        print(_("Het logboek is ongeschonden ({n} regels).").format(n=check.rows) +
              (" " + _("Het klopt met {name}.").format(name=args.against.name)
               if args.against else ""))
        return 0
    print(_("Het logboek is NIET ongeschonden:"))
    for problem in check.problems:
        print(f"- {problem}")
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
    saving = sub.add_parser("backup", help=_("maak een versleutelde reservekopie"))
    saving.add_argument("doel", nargs="?", type=Path,
                        help=_("bestand voor de kopie, bijvoorbeeld op een USB-stick "
                               "(standaard: de map backups naast de database)"))
    saving.add_argument("--force", action="store_true",
                        help=_("een bestaande reservekopie met die naam vervangen"))
    user_option(saving)
    saving.set_defaults(func=_cmd_backup)
    restoring = sub.add_parser("restore", help=_("zet een reservekopie terug (de huidige "
                                                 "database wordt bewaard)"))
    restoring.add_argument("bestand", type=Path, help=_("de reservekopie"))
    restoring.add_argument("--bevestig", action="store_true",
                           help=_("echt terugzetten (zonder: alleen tonen wat erin staat)"))
    restoring.set_defaults(func=_cmd_restore)
    checking = sub.add_parser("verify-audit", help=_("controleer of het logboek ongeschonden is"))
    checking.add_argument("--against", type=Path, metavar=_("BESTAND"),
                          help=_("vergelijk ook met de stand in een eerdere reservekopie, een "
                                 "PDF of een export"))
    user_option(checking)
    checking.set_defaults(func=_cmd_verify_audit)
    review = sub.add_parser("purge-review", help=_("toon casussen voorbij de bewaartermijn; "
                                                   "verwijder ze met --verwijder"))
    review.add_argument("--verwijder", type=int, nargs="+", metavar="ID",
                        help=_("verwijder de persoonsgegevens van deze casussen"))
    user_option(review)
    review.set_defaults(func=_cmd_purge_review)
