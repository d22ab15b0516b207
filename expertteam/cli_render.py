"""`expertteam render …`: any document to a PDF file, for scripted use.

The same service functions as the export dialog; pseudonymised unless ``--met-naam`` is given,
and every document is logged as an export. ``--docx`` writes the Word copy instead (minutes and
action lists; the region's Word template when it set one).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from expertteam.cli_common import open_store
from expertteam.domain.errors import ValidationError
from expertteam.i18n import _

if TYPE_CHECKING:
    from expertteam.services.files import ExportRecord
    from expertteam.services.store import Store


def _store(args: argparse.Namespace) -> object:
    return open_store(args, "render")


def _write(store: Store, path: Path, content: bytes, export: ExportRecord | None) -> None:
    """Atomically, logged as an export (a failed write as a failed one)."""
    from expertteam.services import files

    assert export is not None
    files.export_file(store, path, content, export)
    print(_("Geschreven: {path}").format(path=path))


def _cmd_render(args: argparse.Namespace) -> int:
    from expertteam.services import documents, word_copies
    from expertteam.services.store import Store

    if args.docx and args.document == "case":
        raise ValidationError("docx", _("Van het afsprakenoverzicht is er geen Word-kopie; laat "
                                        "--docx weg."))
    store = _store(args)
    assert isinstance(store, Store)
    try:
        if args.document == "all-actions":
            from expertteam.services import files

            files.make_folder(args.out_dir)
            count = 0
            for participant in documents.list_participants(store):
                if args.docx:
                    copy = word_copies.participant_actions_docx(
                        store, participant.id, with_names=args.with_names)
                    _write(store, args.out_dir / copy.filename, copy.docx, copy.export)
                else:
                    document = documents.participant_actions_pdf(
                        store, participant.id, with_names=args.with_names)
                    _write(store, args.out_dir / document.filename, document.pdf,
                           document.export)
                count += 1
            if not count:
                print(_("Geen enkele organisatie heeft open acties; er is niets geschreven."))
            return 0
        if args.docx:
            copy = word_copies.minutes_docx(store, args.meeting, with_names=args.with_names,
                                            version=args.version) \
                if args.document == "minutes" else word_copies.participant_actions_docx(
                    store, args.organisation, with_names=args.with_names)
            _write(store, args.output or Path(copy.filename), copy.docx, copy.export)
            return 0
        if args.document == "minutes":
            document = documents.minutes_pdf(store, args.meeting, with_names=args.with_names,
                                             version=args.version)
        elif args.document == "actions":
            document = documents.participant_actions_pdf(store, args.organisation,
                                                         with_names=args.with_names)
        else:
            case_id = args.case if args.case is not None else \
                documents.find_case_id(store, args.case_number)
            document = documents.agreement_sheet_pdf(store, case_id,
                                                     with_names=args.with_names)
        _write(store, args.output or Path(document.filename), document.pdf, document.export)
        return 0
    finally:
        store.close()


def add_render_parser(sub: Any) -> None:
    """Register ``render`` with its four documents on the main parser's sub-commands."""
    render = sub.add_parser("render", help=_("maak een document als PDF (verslag, actielijst, "
                                             "afsprakenoverzicht)"))
    kinds = render.add_subparsers(dest="document", metavar=_("document"), required=True)

    def common(parser: argparse.ArgumentParser, *, single: bool = True) -> None:
        if single:
            parser.add_argument("-o", "--output", type=Path,
                                help=_("het PDF-bestand (standaard: voorgestelde naam in de "
                                       "huidige map)"))
        parser.add_argument("--met-naam", dest="with_names", action="store_true",
                            help=_("namen van kinderen tonen (standaard gepseudonimiseerd)"))
        parser.add_argument("--docx", action="store_true",
                            help=_("een Word-kopie (.docx) in plaats van PDF, uit het "
                                   "Word-sjabloon van de regio"))
        parser.set_defaults(func=_cmd_render)

    minutes = kinds.add_parser("minutes", help=_("verslag met besluiten- en actielijst van een "
                                                 "gesloten overleg"))
    minutes.add_argument("--meeting", type=int, required=True, help=_("id van het overleg"))
    minutes.add_argument("--versie", dest="version", type=int,
                         help=_("eerdere versie (standaard de nieuwste)"))
    common(minutes)
    actions = kinds.add_parser("actions", help=_("open acties van één organisatie"))
    actions.add_argument("--organisation", type=int, required=True,
                         help=_("id van de organisatie"))
    common(actions)
    case = kinds.add_parser("case", help=_("afsprakenoverzicht van één kind"))
    which = case.add_mutually_exclusive_group(required=True)
    which.add_argument("--case", type=int, help=_("id van de casus"))
    which.add_argument("--case-number", help=_("casusnummer, bijvoorbeeld ET-2026-0001"))
    common(case)
    everyone = kinds.add_parser("all-actions", help=_("de actielijst van elke organisatie met "
                                                      "open acties"))
    everyone.add_argument("--out-dir", type=Path, required=True, help=_("map voor de PDF's"))
    common(everyone, single=False)
