"""The case editor's dates in time: the day a change took effect, and the case's history.

Next to "Opslaan" the editor shows "Wijziging geldt per [datum]": the day the changes being
saved took effect in the child's life (a new gemeente, GI or jeugdbeschermer, a status, a wait
that ended), today unless the user enters an earlier day. Dates typed in the case itself
(help started, a blocker resolved, …) take effect on their own day. "Geschiedenis…" lists every
recorded change with both dates, and corrects the day an earlier change took effect; the
correction is kept as history of its own (``services/case_history.py``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from expertteam import clock
from expertteam import formatting as fmt
from expertteam.domain.errors import ValidationError
from expertteam.gui import operations
from expertteam.gui.changes import Change
from expertteam.gui.widgets import INVALID_STYLE, InlineErrors, OptionalDateEdit, error_label
from expertteam.i18n import _
from expertteam.services import case_history
from expertteam.services.case_history import HistoryEntry
from expertteam.services.store import Store


class ChangeDateBar(QWidget):
    """ "Wijziging geldt per [datum]" and "Geschiedenis…" for the case being edited."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._case_id: int | None = None
        self.date_edit = OptionalDateEdit(past=True)
        self.date_edit.setAccessibleName(_("Wijziging geldt per"))
        self.date_edit.setToolTip(_(
            "De dag waarop de wijzigingen in werkelijkheid zijn ingegaan (een andere gemeente, "
            "GI of jeugdbeschermer, een status, het einde van het wachten). Leeg of vandaag: "
            "vandaag. Datums in de casus zelf, zoals ‘Hulp gestart op’, gelden vanaf die dag."))
        self.label = QLabel(_("Wij&ziging geldt per"))
        self.label.setBuddy(self.date_edit)
        self.history_button = QPushButton(_("Ges&chiedenis…"))
        self.history_button.setAutoDefault(False)
        self.history_button.setToolTip(_("Alle vastgelegde wijzigingen met hun datums; een "
                                         "ingangsdatum corrigeren"))
        self.history_button.clicked.connect(self.show_history)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.history_button)
        layout.addSpacing(12)
        layout.addWidget(self.label)
        layout.addWidget(self.date_edit)
        self.reset()
        self.set_case(None, editable=False)

    def set_case(self, case_id: int | None, *, editable: bool) -> None:
        """The case now in the editor (None: a new one, whose facts date from the referral)."""
        self._case_id = case_id
        self.history_button.setVisible(case_id is not None)
        for widget in (self.label, self.date_edit):
            widget.setVisible(case_id is not None and editable)

    def reset(self) -> None:
        self.date_edit.setDate(clock.today())

    def has_valid_text(self) -> bool:
        return self.date_edit.has_valid_text()

    def effective_on(self) -> date | None:
        """The day entered, None for today."""
        return None if self.date_edit.isHidden() else self.date_edit.date()

    def show_history(self) -> None:
        if self._case_id is None:
            return
        dialog = CaseHistoryDialog(self._store, self._case_id, self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()


COLUMNS = (("Gegeven", 0), ("Waarde", 1), ("Geldt vanaf", 2), ("Vastgelegd op", 3),
           ("Opmerking", 4))


class CaseHistoryDialog(QDialog):
    """Every recorded change of one case, with the day it took effect and the moment it was
    recorded; the day of a chosen change can be corrected."""

    def __init__(self, store: Store, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._case_id = store, case_id
        self.entries: list[HistoryEntry] = []
        self.setWindowTitle(_("Geschiedenis van de casus"))
        self.setStyleSheet(INVALID_STYLE)
        intro = QLabel(_(
            "Elke wijziging met de dag waarop die inging en het moment waarop die is "
            "vastgelegd. Een correctie vervangt een eerdere regel maar wist die niet."))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(title) for title, _index in COLUMNS])
        self.table.setAccessibleName(_("Geschiedenis"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.date_edit = OptionalDateEdit(past=True)
        self.date_edit.setAccessibleName(_("Ingegaan op"))
        self.correct_button = QPushButton(_("Ingangsdatum &corrigeren"))
        self.correct_button.setAutoDefault(False)
        self.correct_button.clicked.connect(self.correct)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.banner = error_label()
        self.errors = InlineErrors(self.banner)
        row = QHBoxLayout()
        label = QLabel(_("&Ingegaan op"))
        label.setBuddy(self.date_edit)
        row.addWidget(label)
        row.addWidget(self.date_edit)
        row.addWidget(self.correct_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)
        self.table.currentCellChanged.connect(lambda *_args: self._chosen())
        self.resize(760, 460)
        self.refresh()

    def refresh(self) -> None:
        self.entries = case_history.case_history(self._store, self._case_id)
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            remark = _("gecorrigeerd") if entry.superseded else (
                _("correctie") if entry.correction else "")
            texts = (entry.field_label, entry.value_label, fmt.short_date(entry.effective_on),
                     fmt.date_time(clock.to_local(entry.recorded_at)), remark)
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if entry.superseded:
                    font = item.font()
                    font.setStrikeOut(True)
                    item.setFont(font)
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.table.setItem(row, column, item)
        self._chosen()

    def _current(self) -> HistoryEntry | None:
        row = self.table.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _chosen(self) -> None:
        entry = self._current()
        can = entry is not None and entry.correctable
        self.correct_button.setEnabled(can)
        self.date_edit.setEnabled(can)
        if entry is None:
            self.hint.setText(_("Kies een wijziging om de ingangsdatum te corrigeren."))
        elif entry.superseded:
            self.hint.setText(_("Deze regel is al gecorrigeerd."))
        elif not entry.correctable:
            self.hint.setText(_("Deze datum corrigeert u door de datum zelf in de casus te "
                                "wijzigen."))
        else:
            self.hint.setText(_("{field}: {value}, ingegaan op {day}. Op welke dag ging dit "
                                "werkelijk in?").format(field=entry.field_label,
                                                       value=entry.value_label,
                                                       day=fmt.short_date(entry.effective_on)))
            self.date_edit.setDate(entry.effective_on)

    def correct(self) -> None:
        entry = self._current()
        day = self.date_edit.date()
        if entry is None or not entry.correctable:
            return
        if day is None or not self.date_edit.has_valid_text():
            self.errors.show(ValidationError("effective_on",
                                             _("Vul een geldige datum in (dd-mm-jjjj).")))
            return
        store, case_id, change_id = self._store, self._case_id, entry.id
        done = operations.change(
            self, store, lambda: case_history.correct_change(store, case_id, change_id, day),
            Change.CASES, title=_("Ingangsdatum corrigeren"), errors=self.errors)
        if done is not None:
            self.refresh()
