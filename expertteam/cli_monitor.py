"""`expertteam monitor …`: the regional monitor for scripted use, through the same services as
the monitor page (every read and export is logged).

    expertteam monitor [--datum D] [--vorige D] [--van D --tot D] [--pdf F] [--xlsx F]
    expertteam monitor publiceer [--datum D]            freeze the figures as reported now
    expertteam monitor aggregaat [--datum D] -o F       the anonymous aggregate (counts only)
    expertteam monitor combine A.xlsx B.xlsx … -o F     add several regions' aggregates up
    expertteam monitor gi-sjabloon [--datum D] -o F     the spreadsheet for the GI's
    expertteam monitor gi-import F [--datum D]          read a GI's spreadsheet in
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from expertteam.i18n import _

if TYPE_CHECKING:
    from expertteam.services.store import Store

def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            _("‘{text}’ is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-10-01.").format(
                text=text)) from exc


def _store(args: argparse.Namespace, command: str) -> Store:
    from expertteam.cli_common import open_store

    return open_store(args, command)


def _cmd_monitor(args: argparse.Namespace) -> int:
    from expertteam.domain import tables as t
    from expertteam.services import monitor, monitor_export

    if bool(args.van) != bool(args.tot):
        print(_("Fout: geef --van en --tot samen op."), file=sys.stderr)
        return 2
    period = (args.van, args.tot) if args.van and args.tot else None
    store = _store(args, "monitor")
    try:
        meetmoment = args.datum or store.today()
        if args.pdf or args.xlsx:
            report = monitor_export.export_monitor(
                store, meetmoment, previous=args.vorige, period=period,
                suppress=args.onderdrukken, pdf_path=args.pdf, xlsx_path=args.xlsx).report
        else:
            report = monitor.monitor_at(store, meetmoment, args.vorige, period)
    finally:
        store.close()
    shown = t.show_table(report.table("gi_gemeente"), args.onderdrukken)
    print("\t".join(shown.headers))
    for row in shown.rows:
        print("\t".join([*row.labels, *(cell.text for cell in row.cells)]))
    for path in (args.pdf, args.xlsx):
        if path:
            print(_("Geschreven: {path}").format(path=path))
    return 0


def _cmd_publish(args: argparse.Namespace) -> int:
    from expertteam import clock
    from expertteam import formatting as fmt
    from expertteam.services import monitor_publication

    store = _store(args, "monitor")
    try:
        info = monitor_publication.publish_monitor(store, args.datum or store.today(),
                                                   args.vorige, suppress=not args.open)
    finally:
        store.close()
    print(_("Monitor van {date} gepubliceerd op {moment}: deze cijfers blijven zoals ze nu "
            "zijn.").format(date=fmt.short_date(info.meetmoment),
                            moment=fmt.date_time(clock.to_local(info.published_at))))
    return 0


def _cmd_aggregate(args: argparse.Namespace) -> int:
    from expertteam.services import monitor_aggregate

    store = _store(args, "monitor")
    try:
        path = monitor_aggregate.export_aggregate(store, args.datum or store.today(),
                                                  args.output, suppress=not args.open)
    finally:
        store.close()
    print(_("Geschreven: {path}").format(path=path))
    return 0


def _cmd_combine(args: argparse.Namespace) -> int:
    from expertteam import formatting as fmt
    from expertteam.services import monitor_aggregate

    combined = monitor_aggregate.combine_files(args.files, args.output,
                                               suppress=args.onderdrukken)
    print(_("{n} bestanden opgeteld (meetmoment {date}, definities {version}): {rows} regels "
            "per GI, gemeente en jeugdregio.").format(
        n=len(combined.sources), date=fmt.short_date(combined.meetmoment),
        version=combined.definitions, rows=len(combined.rows)))
    print(_("Geschreven: {path}").format(path=combined.path))
    return 0


def _cmd_gi_template(args: argparse.Namespace) -> int:
    from expertteam.services import gi_workbook

    store = _store(args, "monitor")
    try:
        gi_workbook.write_template(store, args.datum or store.today(), args.output)
    finally:
        store.close()
    print(_("Geschreven: {path}").format(path=args.output))
    return 0


def _cmd_gi_import(args: argparse.Namespace) -> int:
    from expertteam.services import gi_figures, gi_workbook

    store = _store(args, "monitor")
    try:
        meetmoment = args.datum or store.today()
        read = gi_workbook.read_gi_workbook(store, args.file, meetmoment)
        count = gi_figures.save_gi_figures(store, meetmoment, read.rows,
                                           source=Path(args.file).name)
    finally:
        store.close()
    print(_("{n} regels met GI-cijfers ingelezen; {total} regels voor dit meetmoment.").format(
        n=len(read.rows), total=count))
    return 0


def add_monitor_parser(sub: Any) -> None:
    watch = sub.add_parser("monitor", help=_("regionale monitor op een meetmoment: tabel, en "
                                             "desgewenst PDF-rapport en Excel-werkmap"))
    watch.add_argument("--datum", type=iso_date, help=_("meetmoment, JJJJ-MM-DD (standaard: "
                                                        "vandaag)"))
    watch.add_argument("--vorige", type=iso_date,
                       help=_("vorig meetmoment om mee te vergelijken (standaard: 3 maanden "
                              "eerder)"))
    watch.add_argument("--van", type=iso_date, help=_("begin van de periode voor aanmeldingen "
                                                      "en afsluitingen"))
    watch.add_argument("--tot", type=iso_date, help=_("einde van die periode"))
    watch.add_argument("--pdf", type=Path, help=_("schrijf het PDF-rapport naar dit bestand"))
    watch.add_argument("--xlsx", type=Path, help=_("schrijf de Excel-werkmap naar dit bestand"))
    watch.add_argument("--onderdrukken", action="store_true",
                       help=_("toon aantallen onder de 5 als <5 (voor publicatie)"))
    watch.set_defaults(func=_cmd_monitor)
    steps = watch.add_subparsers(dest="monitor_command", metavar=_("stap"))

    def dated(name: str, text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = steps.add_parser(name, help=text)
        parser.add_argument("--datum", type=iso_date, help=_("meetmoment, JJJJ-MM-DD "
                                                             "(standaard: vandaag)"))
        return parser

    publish = dated("publiceer", _("leg de cijfers van een meetmoment vast zoals ze nu "
                                   "gerapporteerd worden"))
    publish.add_argument("--vorige", type=iso_date, help=_("vorig meetmoment"))
    publish.add_argument("--open", action="store_true",
                         help=_("kleine aantallen niet afschermen"))
    publish.set_defaults(func=_cmd_publish)
    aggregate = dated("aggregaat", _("schrijf de anonieme optelling (alleen aantallen) per "
                                     "GI, gemeente en jeugdregio"))
    aggregate.add_argument("-o", "--output", type=Path, required=True,
                           help=_("het Excel-bestand"))
    aggregate.add_argument("--open", action="store_true",
                           help=_("kleine aantallen niet afschermen (alleen voor een "
                                  "landelijke optelling onder afspraken)"))
    aggregate.set_defaults(func=_cmd_aggregate)
    combine = steps.add_parser("combine", help=_("tel de geaggregeerde bestanden van "
                                                 "meerdere regio's op"))
    combine.add_argument("files", type=Path, nargs="+", help=_("de bestanden van de regio's"))
    combine.add_argument("-o", "--output", type=Path, required=True,
                         help=_("het opgetelde Excel-bestand"))
    combine.add_argument("--onderdrukken", action="store_true",
                         help=_("toon aantallen onder de 5 als <5 (voor publicatie)"))
    combine.set_defaults(func=_cmd_combine)
    template = dated("gi-sjabloon", _("schrijf het Excel-sjabloon voor de cijfers van de "
                                      "GI's"))
    template.add_argument("-o", "--output", type=Path, required=True,
                          help=_("het Excel-bestand"))
    template.set_defaults(func=_cmd_gi_template)
    gi_import = dated("gi-import", _("lees een ingevuld GI-sjabloon in"))
    gi_import.add_argument("file", type=Path, help=_("het ingevulde Excel-bestand"))
    gi_import.set_defaults(func=_cmd_gi_import)
