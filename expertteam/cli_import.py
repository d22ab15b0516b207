"""`expertteam import cases|actions|organisations FILE`: a region's spreadsheet imported through the
same service as the import wizard (dry run first with ``--dry-run``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from expertteam.cli_common import open_store
from expertteam.i18n import _

_KINDS = {"cases": "cases", "casussen": "cases", "actions": "actions", "acties": "actions",
          "organisations": "organisations", "organisaties": "organisations"}


def _cmd_import(args: argparse.Namespace) -> int:
    from expertteam.services.importing.fields import FIELDS, ImportKind, apply_overrides
    from expertteam.services.importing.run import open_file, run_import

    kind = ImportKind(_KINDS[args.kind])
    preview = open_file(Path(args.file), kind)
    mapping = apply_overrides(kind, preview.sheet.headers, preview.mapping, args.map or [])
    labels = {spec.key: _(spec.label) for spec in FIELDS[kind]}
    print(_("Kopregel gevonden op rij {row}.").format(row=preview.sheet.header_row))
    for column, header in enumerate(preview.sheet.headers):
        if header:
            target = labels.get(mapping.get(column, ""), _("(niet gebruikt)"))
            print(f"  {header} → {target}")
    store = open_store(args, "import")
    try:
        report = run_import(store, kind, preview.sheet, mapping,
                            confirmed_near=args.confirm_near or [], dry_run=args.dry_run,
                            confirmed_published=args.confirm_published)
    finally:
        store.close()
    for line in report.summary():
        print(line)
    for near in report.near:
        print(_("Lijkt op een bestaande organisatie: ‘{written}’ → ‘{candidate}’ (bevestig met "
                "--confirm-near \"{written}\")").format(written=near.written,
                                                          candidate=near.candidate))
    for error in report.errors:
        print(error.text())
    if report.refused_published:
        print(_("Importeer opnieuw met --confirm-published als dat de bedoeling is."))
        return 1
    return 1 if report.errors and not report.imported else 0


def add_import_parser(sub: Any) -> None:
    """Register ``import``."""
    parser = sub.add_parser("import", help=_("importeer een spreadsheet (.xlsx of .csv) met "
                                             "casussen, acties of organisaties"))
    parser.add_argument("kind", choices=sorted(_KINDS), help=_("wat het bestand bevat"))
    parser.add_argument("file", type=Path, help=_("het .xlsx- of .csv-bestand"))
    parser.add_argument("--map", action="append", metavar=_("KOLOM=VELD"),
                        help=_("koppel een kolom aan een veld, of laat VELD leeg om de kolom "
                               "over te slaan (mag vaker)"))
    parser.add_argument("--dry-run", action="store_true",
                        help=_("alleen het verslag: wat er zou gebeuren, niets opslaan"))
    parser.add_argument("--confirm-near", action="append", metavar=_("NAAM"),
                        help=_("bevestig dat deze organisatienaam uit het bestand de bestaande "
                               "organisatie is die erop lijkt (mag vaker)"))
    parser.add_argument("--confirm-published", action="store_true",
                        help=_("importeer ook gegevens die ingaan vóór een gepubliceerd "
                               "meetmoment (de monitor toont dan de correctie)"))
    parser.set_defaults(func=_cmd_import)
