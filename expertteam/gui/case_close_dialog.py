"""Closing a case: its result, date and a note (``cases.close_case``); the case keeps its
history and can be reopened."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import ClosingResult
from expertteam.gui import operations
from expertteam.gui.case_items import INVALID_DATE
from expertteam.gui.changes import Change
from expertteam.gui.widgets import INVALID_STYLE, InlineErrors, OptionalDateEdit, fill_combo
from expertteam.i18n import _
from expertteam.services import cases
from expertteam.services.case_data import CaseDetail
from expertteam.services.store import Store


class CloseCaseDialog(QDialog):
    """Close a case with its result, date and a note (``cases.close_case``)."""

    def __init__(self, store: Store, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._detail = store, detail
        self.result_detail: CaseDetail | None = None
        self.setWindowTitle(_("Casus {number} afsluiten").format(number=detail.case_number))
        self.setStyleSheet(INVALID_STYLE)
        layout = QVBoxLayout(self)
        intro = QLabel(_("De casus wordt afgesloten en blijft met zijn geschiedenis bewaard. "
                         "Heropenen kan altijd."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        banner = QLabel()
        layout.addWidget(banner)
        form = QFormLayout()
        layout.addLayout(form)
        self.result_combo = QComboBox()
        fill_combo(self.result_combo, [(r.label, r.value) for r in ClosingResult],
                   empty_label=_("— kies het resultaat —"))
        self.date_edit = OptionalDateEdit()
        self.date_edit.setDate(store.today())
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(self.note_edit.fontMetrics().lineSpacing() * 5)
        for text, field in ((_("&Resultaat"), self.result_combo),
                            (_("Afgesloten &op"), self.date_edit),
                            (_("&Toelichting"), self.note_edit)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        self.errors = InlineErrors(banner)
        self.errors.add("closing_result", self.result_combo, form)
        self.errors.add("closed_on", self.date_edit, form)
        self.errors.add("closing_note", self.note_edit, form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm_button = buttons.addButton(_("Casus afsluiten"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def accept(self) -> None:
        self.errors.clear()
        value = self.result_combo.currentData()
        if value is None:
            self.errors.show_at("closing_result", _("Kies het resultaat van de afsluiting."))
            return
        if not self.date_edit.has_valid_text():
            self.errors.show_at("closed_on", _(INVALID_DATE))
            return
        case_id, closed_on, note = self._detail.id, self.date_edit.date(), \
            self.note_edit.toPlainText()

        def call(confirmed: bool = False) -> CaseDetail:
            return cases.close_case(self._store, case_id, ClosingResult(value), closed_on, note,
                                    confirmed=confirmed)

        done = operations.change(self, self._store, call, Change.CASES,
                                 title=_("Casus afsluiten"), errors=self.errors,
                                 confirm=lambda: call(True))
        if done is None:
            return
        self.result_detail = done.value
        super().accept()
