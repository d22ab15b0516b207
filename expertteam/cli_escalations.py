"""`expertteam escalation …`: signals, the escalation register and stored letters, for scripted
use, through the same services as the screens (every read and export is logged)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from expertteam.cli_common import open_store
from expertteam.i18n import _


def _store(args: argparse.Namespace) -> object:
    return open_store(args, "escalation")


def _cmd_signals(args: argparse.Namespace) -> int:
    from expertteam.services import signals
    from expertteam.services.store import Store

    store = _store(args)
    assert isinstance(store, Store)
    try:
        rows = signals.current_signals(store, include_dismissed=args.all)
    finally:
        store.close()
    for row in rows:
        state = _("weggezet") if row.dismissed else _("open")
        print(f"{row.signal.on.isoformat()}\t{row.signal.kind.label}\t{state}\t"
              f"{row.signal.text}\t{row.signal.key}")
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    from expertteam.services import escalations
    from expertteam.services.store import Store

    store = _store(args)
    assert isinstance(store, Store)
    try:
        rows = escalations.list_escalations(store)
    finally:
        store.close()
    for row in rows:
        follow = row.follow_up_on.isoformat() if row.follow_up_on else "-"
        print(f"{row.reference}\t{row.level.label}\t{row.addressee_name}\t"
              f"{row.opened_on.isoformat()}\t{row.status.label}\t{follow}\t"
              f"{', '.join(row.case_numbers)}")
    return 0


def _cmd_letter(args: argparse.Namespace) -> int:
    from expertteam.domain.enums import AuditAction
    from expertteam.domain.errors import NotFoundError
    from expertteam.services import escalations, files, letter_output, letters
    from expertteam.services.store import Store

    store = _store(args)
    assert isinstance(store, Store)
    try:
        escalation_id = escalations.find_escalation_id(store, args.reference)
        versions = letters.list_versions(store, escalation_id)
        if not versions:
            raise NotFoundError(_("Escalatie {ref} heeft nog geen brief.").format(
                ref=args.reference.upper()))
        chosen = versions[0] if args.version is None else next(
            (v for v in versions if v.version == args.version), None)
        if chosen is None:
            raise NotFoundError(_("Versie {v} van deze brief bestaat niet.").format(
                v=args.version))
        if args.docx:
            from expertteam.services import word_copies

            copy = word_copies.letter_docx(store, chosen.id)
            filename, content, finalised, export = (copy.filename, copy.docx, chosen.finalised,
                                                    copy.export)
        else:
            document = letter_output.letter_pdf(store, chosen.id, purpose=AuditAction.EXPORT)
            filename, content, finalised, export = (document.filename, document.pdf,
                                                    document.finalised, document.export)
        path: Path = args.output or Path(filename)
        assert export is not None
        files.export_file(store, path, content, export)
    finally:
        store.close()
    state = _("definitief") if finalised else _("concept")
    print(_("Geschreven: {path} ({state})").format(path=path, state=state))
    return 0


def add_escalation_parsers(sub: Any) -> None:
    """Register ``escalation`` with ``signals``, ``list`` and ``letter``."""
    escalation = sub.add_parser("escalation", help=_("signalen, escalatieregister en brieven"))
    what = escalation.add_subparsers(dest="escalation_command", metavar=_("onderdeel"),
                                     required=True)
    signals = what.add_parser("signals", help=_("de signalen van vandaag"))
    signals.add_argument("--all", action="store_true",
                         help=_("ook weggezette signalen tonen"))
    signals.set_defaults(func=_cmd_signals)
    listing = what.add_parser("list", help=_("het escalatieregister"))
    listing.set_defaults(func=_cmd_list)
    letter = what.add_parser("letter", help=_("de brief van een escalatie als PDF (een "
                                              "definitieve versie precies zoals opgeslagen)"))
    letter.add_argument("reference", help=_("kenmerk, bijvoorbeeld ESC-2026-001"))
    letter.add_argument("--versie", dest="version", type=int,
                        help=_("eerdere versie (standaard de nieuwste)"))
    letter.add_argument("-o", "--output", type=Path,
                        help=_("het PDF-bestand (standaard: voorgestelde naam in de huidige "
                               "map)"))
    letter.add_argument("--docx", action="store_true",
                        help=_("een Word-kopie (.docx) in plaats van PDF"))
    letter.set_defaults(func=_cmd_letter)
