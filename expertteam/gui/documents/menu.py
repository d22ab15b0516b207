"""The documents' entries for the main window's Bestand menu."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from expertteam.gui import shortcuts
from expertteam.i18n import _
from expertteam.services.store import Store

if TYPE_CHECKING:  # the dialogs (and ReportLab behind them) load when first opened
    from expertteam.gui.documents.export_dialog import DocumentKind, ExportDialog
    from expertteam.gui.documents.letterhead_dialog import LetterheadDialog


class DocumentActions:
    """"Document maken en afdrukken…" (Ctrl+P; the case selected in the register is chosen when
    there is one), "Afsprakenoverzicht van deze casus…" and "Briefpapier…"; ``actions`` for a
    menu."""

    def __init__(self, parent: QWidget, store: Store,
                 current_case: Callable[[], int | None]) -> None:
        self.parent, self.store, self.current_case = parent, store, current_case
        self.export = QAction(_("&Document maken en afdrukken…"), parent)
        self.export.setShortcut(QKeySequence.StandardKey.Print)
        self.export.setStatusTip(_("Verslag, actielijst of afsprakenoverzicht als PDF opslaan, "
                                   "bekijken of afdrukken (standaard gepseudonimiseerd)"))
        self.export.triggered.connect(lambda _checked=False: self.open_export())
        self.sheet = QAction(_("Afsprakenoverzicht van deze &casus…"), parent)
        self.sheet.setShortcut(QKeySequence(shortcuts.CASE_SHEET))
        self.sheet.triggered.connect(lambda _checked=False: self.open_case_sheet())
        self.letterhead = QAction(_("&Briefpapier…"), parent)
        self.letterhead.setStatusTip(_("Naam, adres, logo, ondertekenaar en voettekst van alle "
                                       "documenten"))
        self.letterhead.triggered.connect(lambda _checked=False: self.open_letterhead())
        self.actions = [self.export, self.sheet, self.letterhead]

    def open_export(self, kind: DocumentKind | None = None,
                    subject: int | None = None) -> ExportDialog:
        from expertteam.gui.documents.export_dialog import DocumentKind, ExportDialog

        dialog = ExportDialog(self.store, self.parent, kind=kind or DocumentKind.MINUTES,
                              subject_id=subject)
        dialog.open()
        return dialog

    def open_case_sheet(self) -> ExportDialog:
        from expertteam.gui.documents.export_dialog import DocumentKind

        case_id = self.current_case()
        return self.open_export(DocumentKind.AGREEMENT_SHEET if case_id is not None
                                else DocumentKind.MINUTES, case_id)

    def open_letterhead(self) -> LetterheadDialog:
        from expertteam.gui.documents.letterhead_dialog import LetterheadDialog

        dialog = LetterheadDialog(self.store, self.parent)
        dialog.open()
        return dialog
