"""The case editor's two lists: the child's measures and blockers, each a table with a detail
form beside it. Edits are kept as plain inputs (``MeasureInput``/``BlockerInput``) until the
whole case is saved; a date that cannot be read keeps its row chosen and is shown in red."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from expertteam.domain.enums import BlockerKind, MeasureKind
from expertteam.formatting import short_date as format_date
from expertteam.gui.forms.ui_case_editor import Ui_CaseEditor
from expertteam.gui.widgets import InlineErrors, OptionalDateEdit, on_change, select_data
from expertteam.i18n import _
from expertteam.services.case_data import BlockerInput, MeasureInput
from expertteam.services.organisations import OrganisationInfo
from expertteam.services.store import Store

_ITEM_FIELD = re.compile(r"^(measures|blockers)\[(\d+)\]\.(\w+)$")
INVALID_DATE = "Dit is geen geldige datum; gebruik dd-mm-jjjj, bijvoorbeeld 03-02-2026."


def table_item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


def prepare_table(table: QTableWidget, stretch_column: int) -> None:
    table.verticalHeader().hide()
    table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)


class CaseItems:
    """Measures and blockers of the case being edited. ``loading`` is set while the form is
    being filled (then nothing counts as an edit); ``changed`` is called after every edit."""

    def __init__(self, ui: Ui_CaseEditor, store: Store, errors: InlineErrors,
                 organisations: dict[int, OrganisationInfo], *,
                 changed: Callable[[], None], editable: Callable[[], bool]) -> None:
        self.ui, self.store, self.errors = ui, store, errors
        self.organisations = organisations
        self.changed, self.editable = changed, editable
        self.measures: list[MeasureInput] = []
        self.blockers: list[BlockerInput] = []
        self.measure_row: int | None = None
        self.blocker_row: int | None = None
        self.loading = False
        for name, widget in self.measure_widgets().items():
            errors.add(f"measure.{name}", widget, ui.measureForm)
        for name, widget in self.blocker_widgets().items():
            errors.add(f"blocker.{name}", widget, ui.blockerForm)
        errors.add_resolver(self._resolve_item_field)

    def measure_widgets(self) -> dict[str, QWidget]:
        ui = self.ui
        return {"kind": ui.measureKindCombo, "ruling_date": ui.rulingDateEdit,
                "gi_charged_on": ui.giChargedEdit, "first_contact_on": ui.firstContactEdit,
                "plan_on": ui.planEdit, "carried_out_on": ui.carriedOutEdit,
                "end_date": ui.endDateEdit, "end_reason": ui.endReasonEdit}

    def blocker_widgets(self) -> dict[str, QWidget]:
        ui = self.ui
        return {"kind": ui.blockerKindCombo, "provider_id": ui.blockerProviderCombo,
                "since": ui.blockerSinceEdit, "resolved_on": ui.blockerResolvedEdit,
                "note": ui.blockerNoteEdit}

    def connect(self) -> None:
        ui = self.ui
        ui.measuresTable.currentCellChanged.connect(self._on_measure_row)
        ui.blockersTable.currentCellChanged.connect(self._on_blocker_row)
        ui.addMeasureButton.clicked.connect(self.add_measure)
        ui.removeMeasureButton.clicked.connect(self.remove_measure)
        ui.addBlockerButton.clicked.connect(self.add_blocker)
        ui.removeBlockerButton.clicked.connect(self.remove_blocker)
        for widget in self.measure_widgets().values():
            on_change(widget, self.store_measure)
        for widget in self.blocker_widgets().values():
            on_change(widget, self.store_blocker)

    def set_items(self, measures: list[MeasureInput], blockers: list[BlockerInput]) -> None:
        """Show these lists, keeping the chosen rows where they still exist."""
        keep_measure, keep_blocker = self.measure_row, self.blocker_row
        self.measures, self.blockers = list(measures), list(blockers)
        self.fill_measures(keep_measure)
        self.fill_blockers(keep_blocker)

    def store_current(self) -> None:
        """Take what the detail forms show into the lists."""
        self.store_measure()
        self.store_blocker()

    def update_buttons(self) -> None:
        editable = self.editable()
        ui = self.ui
        ui.removeMeasureButton.setEnabled(editable and self.measure_row is not None)
        ui.removeBlockerButton.setEnabled(editable and self.blocker_row is not None)
        ui.measureDetail.setEnabled(self.measure_row is not None)
        ui.blockerDetail.setEnabled(self.blocker_row is not None)

    # ------------------------------------------------------------------ measures
    def fill_measures(self, keep: int | None = None) -> None:
        table = self.ui.measuresTable
        table.blockSignals(True)
        table.setRowCount(len(self.measures))
        for row, measure in enumerate(self.measures):
            self._show_measure_row(row, measure)
        table.blockSignals(False)
        self._select_row(table, keep, len(self.measures), self._on_measure_row)

    def _show_measure_row(self, row: int, measure: MeasureInput) -> None:
        table = self.ui.measuresTable
        table.setItem(row, 0, table_item(measure.kind.label))
        table.setItem(row, 1, table_item(format_date(measure.ruling_date)))
        table.setItem(row, 2, table_item(format_date(measure.end_date)))

    def _on_measure_row(self, row: int, *_args: int) -> None:
        if row == self.measure_row:
            return
        if self.measure_row is not None and not self._dates_valid(self.measure_widgets(),
                                                                  "measure"):
            self._reselect(self.ui.measuresTable, self.measure_row)
            return
        self.measure_row = row if 0 <= row < len(self.measures) else None
        self._show_measure_detail()
        self.update_buttons()

    def _show_measure_detail(self) -> None:
        was_loading, self.loading = self.loading, True
        ui = self.ui
        measure = self.measures[self.measure_row] if self.measure_row is not None else \
            MeasureInput(MeasureKind.OTS)
        select_data(ui.measureKindCombo, measure.kind.value)
        for name, widget in self.measure_widgets().items():
            if isinstance(widget, OptionalDateEdit):
                widget.setDate(getattr(measure, name))
        ui.endReasonEdit.setText(measure.end_reason)
        self.loading = was_loading

    def store_measure(self) -> None:
        if self.loading or self.measure_row is None:
            return
        ui = self.ui
        current = self.measures[self.measure_row]
        updated = replace(current, kind=MeasureKind(ui.measureKindCombo.currentData()),
                          end_reason=ui.endReasonEdit.text())
        for name, widget in self.measure_widgets().items():
            if isinstance(widget, OptionalDateEdit) and widget.has_valid_text():
                setattr(updated, name, widget.date())
        self.measures[self.measure_row] = updated
        self._show_measure_row(self.measure_row, updated)

    def add_measure(self) -> None:
        self.measures.append(MeasureInput(MeasureKind.OTS))
        self.fill_measures(len(self.measures) - 1)
        self.changed()
        self.ui.measureKindCombo.setFocus()

    def remove_measure(self) -> None:
        if self.measure_row is None:
            return
        del self.measures[self.measure_row]
        keep = min(self.measure_row, len(self.measures) - 1)
        self.measure_row = None
        self.fill_measures(keep if keep >= 0 else None)
        self.changed()

    # ------------------------------------------------------------------ blockers
    def fill_blockers(self, keep: int | None = None) -> None:
        table = self.ui.blockersTable
        table.blockSignals(True)
        table.setRowCount(len(self.blockers))
        for row, blocker in enumerate(self.blockers):
            self._show_blocker_row(row, blocker)
        table.blockSignals(False)
        self._select_row(table, keep, len(self.blockers), self._on_blocker_row)

    def _show_blocker_row(self, row: int, blocker: BlockerInput) -> None:
        table = self.ui.blockersTable
        org = self.organisations.get(blocker.provider_id) \
            if blocker.provider_id is not None else None
        table.setItem(row, 0, table_item(blocker.kind.label))
        table.setItem(row, 1, table_item(org.name if org else ""))
        table.setItem(row, 2, table_item(format_date(blocker.since)))
        table.setItem(row, 3, table_item(format_date(blocker.resolved_on)))

    def _on_blocker_row(self, row: int, *_args: int) -> None:
        if row == self.blocker_row:
            return
        if self.blocker_row is not None and not self._dates_valid(self.blocker_widgets(),
                                                                  "blocker"):
            self._reselect(self.ui.blockersTable, self.blocker_row)
            return
        self.blocker_row = row if 0 <= row < len(self.blockers) else None
        self._show_blocker_detail()
        self.update_buttons()

    def _show_blocker_detail(self) -> None:
        was_loading, self.loading = self.loading, True
        ui = self.ui
        blocker = self.blockers[self.blocker_row] if self.blocker_row is not None else \
            BlockerInput(BlockerKind.WAITING_LIST)
        select_data(ui.blockerKindCombo, blocker.kind.value)
        select_data(ui.blockerProviderCombo, blocker.provider_id)
        ui.blockerSinceEdit.setDate(blocker.since)
        ui.blockerResolvedEdit.setDate(blocker.resolved_on)
        ui.blockerNoteEdit.setPlainText(blocker.note)
        self.loading = was_loading

    def store_blocker(self) -> None:
        if self.loading or self.blocker_row is None:
            return
        ui = self.ui
        current = self.blockers[self.blocker_row]
        provider = ui.blockerProviderCombo.currentData()
        since = ui.blockerSinceEdit.date() if ui.blockerSinceEdit.has_valid_text() \
            else current.since
        resolved = ui.blockerResolvedEdit.date() if ui.blockerResolvedEdit.has_valid_text() \
            else current.resolved_on
        updated = replace(current, kind=BlockerKind(ui.blockerKindCombo.currentData()),
                          provider_id=int(provider) if provider is not None else None,
                          since=since, resolved_on=resolved,
                          note=ui.blockerNoteEdit.toPlainText())
        self.blockers[self.blocker_row] = updated
        self._show_blocker_row(self.blocker_row, updated)

    def add_blocker(self) -> None:
        self.blockers.append(BlockerInput(BlockerKind.WAITING_LIST, since=self.store.today()))
        self.fill_blockers(len(self.blockers) - 1)
        self.changed()
        self.ui.blockerKindCombo.setFocus()

    def remove_blocker(self) -> None:
        if self.blocker_row is None:
            return
        del self.blockers[self.blocker_row]
        keep = min(self.blocker_row, len(self.blockers) - 1)
        self.blocker_row = None
        self.fill_blockers(keep if keep >= 0 else None)
        self.changed()

    # ------------------------------------------------------------------ helpers
    def _select_row(self, table: QTableWidget, keep: int | None, count: int,
                    handler: Callable[..., None]) -> None:
        row = keep if keep is not None and 0 <= keep < count else (0 if count else -1)
        table.blockSignals(True)
        if row >= 0:
            table.setCurrentCell(row, 0)
        else:
            table.clearSelection()
        table.blockSignals(False)
        if table is self.ui.measuresTable:
            self.measure_row = None
        else:
            self.blocker_row = None
        handler(row)

    @staticmethod
    def _reselect(table: QTableWidget, row: int) -> None:
        table.blockSignals(True)
        table.setCurrentCell(row, 0)
        table.blockSignals(False)

    def _resolve_item_field(self, field: str) -> str | None:
        match = _ITEM_FIELD.match(field)
        if match is None:
            return None
        group, index, name = match.group(1), int(match.group(2)), match.group(3)
        table = self.ui.measuresTable if group == "measures" else self.ui.blockersTable
        table.setCurrentCell(index, 0)
        return f"{group[:-1]}.{name}"

    def _dates_valid(self, widgets: dict[str, QWidget], prefix: str) -> bool:
        for name, widget in widgets.items():
            if isinstance(widget, OptionalDateEdit) and not widget.has_valid_text():
                self.errors.clear()
                self.errors.show_at(f"{prefix}.{name}", _(INVALID_DATE))
                return False
        return True
