"""`expertteam drafts …` and `expertteam invite …`: e-mail drafts and calendar invitations for
scripted use, through the same services as the meetings page. Nothing is sent."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from expertteam.i18n import _

PASSPHRASE_ENV = "EXPERTTEAM_PASSPHRASE"


def _store(args: argparse.Namespace, origin: str) -> object:
    from expertteam.services.store import Store

    return Store.open(args.database, os.environ.get(PASSPHRASE_ENV) or None,
                      origin=f"cli:{origin}")


def _cmd_drafts(args: argparse.Namespace) -> int:
    from expertteam.services import mail_drafts
    from expertteam.services.store import Store

    store = _store(args, "drafts")
    assert isinstance(store, Store)
    try:
        batch = mail_drafts.make_all_drafts(
            store, args.meeting, args.out_dir, with_names=args.with_names,
            with_minutes=not args.without_minutes,
            progress=lambda done, total, name: print(f"{done}/{total}\t{name}"))
    finally:
        store.close()
    print(batch.summary())
    return 0


def _cmd_invite(args: argparse.Namespace) -> int:
    from expertteam.services import invitations, mail_drafts
    from expertteam.services.store import Store

    store = _store(args, "invite")
    assert isinstance(store, Store)
    try:
        if args.eml is not None:
            draft, invite = mail_drafts.invitation_draft(store, args.meeting, cancel=args.cancel)
            args.eml.parent.mkdir(parents=True, exist_ok=True)
            args.eml.write_bytes(draft.eml)
            print(_("Geschreven: {path}").format(path=args.eml))
        else:
            invite = invitations.invitation(store, args.meeting, cancel=args.cancel)
    finally:
        store.close()
    target: Path = args.output or Path(invite.filename)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(invite.ics)
    print(_("Geschreven: {path} ({what}, volgnummer {n}, {count} genodigden)").format(
        path=target, what=_("afzegging") if args.cancel else _("uitnodiging"),
        n=invite.sequence, count=len(invite.attendees)))
    return 0


def add_sending_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``drafts`` and ``invite`` on the main parser's sub-commands."""
    drafts = sub.add_parser("drafts", help=_("e-mailconcepten (.eml) voor de deelnemers van "
                                             "een overleg: hun actielijst en het verslag als "
                                             "bijlage; er wordt niets verzonden"))
    drafts.add_argument("--meeting", type=int, required=True, help=_("id van het overleg"))
    drafts.add_argument("--out-dir", type=Path, required=True,
                        help=_("map voor de concepten"))
    drafts.add_argument("--met-naam", dest="with_names", action="store_true",
                        help=_("bijlagen met namen van kinderen (standaard gepseudonimiseerd)"))
    drafts.add_argument("--zonder-verslag", dest="without_minutes", action="store_true",
                        help=_("alleen de actielijst bijvoegen, niet het verslag"))
    drafts.set_defaults(func=_cmd_drafts)
    invite = sub.add_parser("invite", help=_("agenda-uitnodiging (.ics) voor een gepland "
                                             "overleg, of de afzegging"))
    invite.add_argument("--meeting", type=int, required=True, help=_("id van het overleg"))
    invite.add_argument("-o", "--output", type=Path,
                        help=_("het .ics-bestand (standaard: voorgestelde naam in de huidige "
                               "map)"))
    invite.add_argument("--cancel", action="store_true",
                        help=_("de afzegging in plaats van de uitnodiging"))
    invite.add_argument("--eml", type=Path,
                        help=_("schrijf ook een e-mailconcept aan de genodigden met de "
                               "uitnodiging als bijlage"))
    invite.set_defaults(func=_cmd_invite)
