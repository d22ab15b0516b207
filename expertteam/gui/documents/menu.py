"""The documents' entries in the main window's menu."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from expertteam.i18n import _
from expertteam.services.store import Store

if TYPE_CHECKING:  # the dialogs (and ReportLab behind them) load when first opened
    from expertteam.gui.documents.export_dialog import DocumentKind, ExportDialog
    from expertteam.gui.documents.letterhead_dialog import LetterheadDialog


def add_document_actions(parent: QWidget, menu: QMenu, store: Store,
                         current_case: Callable[[], int | None]) -> list[QAction]:
    """"Document maken en afdrukken…" (Ctrl+P; the case selected in the register is chosen when
    there is one), "Afsprakenoverzicht van deze casus…" and "Briefpapier…"."""

    def open_export(kind: DocumentKind | None = None,
                    subject: int | None = None) -> ExportDialog:
        from expertteam.gui.documents.export_dialog import DocumentKind, ExportDialog

        dialog = ExportDialog(store, parent, kind=kind or DocumentKind.MINUTES,
                              subject_id=subject)
        dialog.open()
        return dialog

    def open_case_sheet() -> ExportDialog:
        from expertteam.gui.documents.export_dialog import DocumentKind

        case_id = current_case()
        return open_export(DocumentKind.AGREEMENT_SHEET if case_id is not None
                           else DocumentKind.MINUTES, case_id)

    def open_letterhead() -> LetterheadDialog:
        from expertteam.gui.documents.letterhead_dialog import LetterheadDialog

        dialog = LetterheadDialog(store, parent)
        dialog.open()
        return dialog

    export = QAction(_("&Document maken en afdrukken…"), parent)
    export.setShortcut(QKeySequence.StandardKey.Print)
    export.setStatusTip(_("Verslag, actielijst of afsprakenoverzicht als PDF opslaan, bekijken "
                          "of afdrukken (standaard gepseudonimiseerd)"))
    export.triggered.connect(lambda _checked=False: open_export())
    sheet = QAction(_("Afsprakenoverzicht van deze &casus…"), parent)
    sheet.setShortcut(QKeySequence("Ctrl+Shift+P"))
    sheet.triggered.connect(lambda _checked=False: open_case_sheet())
    letter = QAction(_("&Briefpapier…"), parent)
    letter.setStatusTip(_("Naam, adres, logo, ondertekenaar en voettekst van alle documenten"))
    letter.triggered.connect(lambda _checked=False: open_letterhead())
    actions = [export, sheet, letter]
    for action in actions:
        menu.addAction(action)
    return actions
