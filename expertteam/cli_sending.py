"""`expertteam drafts …` and `expertteam invite …`: e-mail drafts and calendar invitations for
scripted use, through the same services as the meetings page. Nothing is sent."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from expertteam.cli_common import open_store
from expertteam.i18n import _


def _cmd_drafts(args: argparse.Namespace) -> int:
    from expertteam.services import mail_drafts

    store = open_store(args, "drafts")
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
    from expertteam.services import files, invitations, mail_drafts

    store = open_store(args, "invite")
    try:
        if args.eml is not None:
            draft, invite = mail_drafts.invitation_draft(store, args.meeting, cancel=args.cancel)
            files.export_file(store, args.eml, draft.eml, draft.export)
            print(_("Geschreven: {path}").format(path=args.eml))
        else:
            invite = invitations.invitation(store, args.meeting, cancel=args.cancel)
        target: Path = args.output or Path(invite.filename)
        files.export_file(store, target, invite.ics, invite.export)
    finally:
        store.close()
    print(_("Geschreven: {path} ({what}, volgnummer {n}, {count} genodigden)").format(
        path=target, what=_("afzegging") if args.cancel else _("uitnodiging"),
        n=invite.sequence, count=len(invite.attendees)))
    return 0


def add_sending_parsers(sub: Any) -> None:
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
