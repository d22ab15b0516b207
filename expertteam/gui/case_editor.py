"""The case editor: one child's data, measures, blockers and terms (form in ui/case_editor.ui).

Saving calls ``cases.create_case``/``update_case``; a ``ValidationError`` is shown under the
field it names, with focus on that field, and nothing typed is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.bsn import FORMAT_VALID_LABEL, normalise_bsn
from expertteam.domain.enums import (
    BlockerKind,
    CaseStatus,
    ClosingResult,
    MeasureKind,
    OrganisationKind,
    WaitingFor,
)
from expertteam.domain.errors import ExpertteamError, ValidationError
from expertteam.domain.terms import TermState
from expertteam.formatting import short_date as format_date
from expertteam.gui import operations
from expertteam.gui.case_dates import ChangeDateBar
from expertteam.gui.changes import Change
from expertteam.gui.escalations.trail import EscalationTrail
from expertteam.gui.forms.ui_case_editor import Ui_CaseEditor
from expertteam.gui.register_model import term_state_label
from expertteam.gui.widgets import (
    ERROR_COLOUR,
    INVALID_STYLE,
    InlineErrors,
    OptionalDateEdit,
    fill_combo,
    select_data,
    status_label,
)
from expertteam.i18n import _
from expertteam.services import cases, drafts, organisations
from expertteam.services.cases import BlockerInput, CaseDetail, CaseInput, MeasureInput
from expertteam.services.organisations import OrganisationInfo
from expertteam.services.store import Store

_ITEM_FIELD = re.compile(r"^(measures|blockers)\[(\d+)\]\.(\w+)$")
OPEN_STATUSES = (CaseStatus.REFERRED, CaseStatus.ACTIVE, CaseStatus.MONITORING)
MEASURE_DATES = ("ruling_date", "gi_charged_on", "first_contact_on", "plan_on", "carried_out_on",
                 "end_date")
INVALID_DATE = "Dit is geen geldige datum; gebruik dd-mm-jjjj, bijvoorbeeld 03-02-2026."


def _short_kind(kind: OrganisationKind) -> str:
    """A kind short enough to follow a name in a combo box."""
    return {OrganisationKind.GI: _("GI"),
            OrganisationKind.EXPERTISE_NETWORK: _("expertisenetwerk"),
            OrganisationKind.RAAD: _("Raad")}.get(kind, kind.label)


def _org_label(org: OrganisationInfo, *, with_kind: bool = False) -> str:
    label = f"{org.name} ({_short_kind(org.kind)})" if with_kind else org.name
    return label if org.active else _("{name} (inactief)").format(name=label)


def _table_item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


def _prepare_table(table: QTableWidget, stretch_column: int) -> None:
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)


DRAFT_DELAY_MS = 800


class CaseEditor(QDialog):
    """Create or edit one case. Emits ``saved(case_id)`` after every successful change."""

    saved = Signal(int)

    def __init__(self, store: Store, case_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store.with_origin("gui:case_editor")
        self.ui = Ui_CaseEditor()
        self.ui.setupUi(self)
        self.setStyleSheet(INVALID_STYLE)
        self.setSizeGripEnabled(True)
        self._detail: CaseDetail | None = None
        self._measures: list[MeasureInput] = []
        self._blockers: list[BlockerInput] = []
        self._measure_row: int | None = None
        self._blocker_row: int | None = None
        self._loading = False
        self._dirty = False
        # Asked when closing with unsaved changes; tests replace it.
        self.ask_unsaved: Callable[[], QMessageBox.StandardButton] = self._ask_unsaved
        # Every change is kept as a draft in the database shortly after it is made, so a crash
        # loses at most the field being typed (see services/drafts.py).
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self.draft_bar: QFrame | None = None
        self._setup_widgets()
        self.errors = InlineErrors(self.ui.errorBanner)
        self._register_fields()
        self._connect()
        if case_id is None:
            self._load_new()
        else:
            self._load(cases.get_case(self._store, case_id))
        QTimer.singleShot(0, self._offer_draft)

    # ------------------------------------------------------------------ set-up
    def _setup_widgets(self) -> None:
        ui = self.ui
        font = QFont(ui.headerLabel.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        ui.headerLabel.setFont(font)
        ui.closedBanner.setStyleSheet("background: #e8eef7; border: 1px solid #7a93b8; "
                                      "padding: 6px; color: #1a1a1a;")
        ui.closedBanner.hide()
        ui.bsnEdit.setMaximumWidth(ui.bsnEdit.fontMetrics().horizontalAdvance("0000.00.000") + 24)
        ui.childForm.setRowVisible(ui.bsnStatusLabel, False)
        for edit in (ui.referralQuestionEdit, ui.goalEdit):
            edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
        _prepare_table(ui.measuresTable, 0)
        _prepare_table(ui.blockersTable, 0)
        _prepare_table(ui.termsTable, 0)
        ui.measuresTable.setAccessibleName(_("Maatregelen"))
        ui.blockersTable.setAccessibleName(_("Knelpunten"))
        ui.termsTable.setAccessibleName(_("Termijnen"))
        ui.termsTable.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        ui.measuresLayout.setStretch(0, 3)
        ui.measuresLayout.setStretch(1, 2)
        ui.tabBlockersLayout.setStretch(0, 3)
        ui.tabBlockersLayout.setStretch(1, 2)

        store = self._store
        all_orgs = organisations.list_organisations(store, include_inactive=True)
        self._orgs = {org.id: org for org in all_orgs}
        none = _("— geen —")
        fill_combo(ui.municipalityCombo, [
            (_org_label(o), o.id) for o in all_orgs if o.kind is OrganisationKind.MUNICIPALITY],
            empty_label=_("— kies een gemeente —"))
        fill_combo(ui.giCombo, [
            (_org_label(o), o.id) for o in all_orgs if o.kind is OrganisationKind.GI],
            empty_label=_("— kies een GI —"))
        fill_combo(ui.referredByCombo, [(_org_label(o, with_kind=True), o.id) for o in all_orgs],
                   empty_label=none)
        blocker_kinds = (OrganisationKind.PROVIDER, OrganisationKind.GI,
                         OrganisationKind.MUNICIPALITY)
        fill_combo(ui.blockerProviderCombo, [
            (_org_label(o, with_kind=True), o.id) for o in all_orgs if o.kind in blocker_kinds],
            empty_label=none)
        fill_combo(ui.statusCombo, [(s.label, s.value) for s in OPEN_STATUSES])
        fill_combo(ui.waitingForCombo, [(w.label, w.value) for w in WaitingFor],
                   empty_label=_("— wacht niet —"))
        fill_combo(ui.measureKindCombo, [(k.label, k.value) for k in MeasureKind])
        fill_combo(ui.blockerKindCombo, [(k.label, k.value) for k in BlockerKind])
        for combo in (ui.municipalityCombo, ui.giCombo, ui.referredByCombo,
                      ui.blockerProviderCombo, ui.jeugdbeschermerCombo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(18)
        ui.birthDateEdit.past = True  # "98" is 1998
        # The day a change took effect and the case's history (gui/case_dates.py).
        self.change_date = ChangeDateBar(store, self)
        ui.buttonRow.insertWidget(ui.buttonRow.indexOf(ui.saveButton), self.change_date)
        self.escalation_trail = EscalationTrail(store)  # the case's escalations (read-only)
        ui.tabs.addTab(self.escalation_trail, _("Escalaties"))
        self._save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        self._save_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)

    def _register_fields(self) -> None:
        ui, add = self.ui, self.errors.add
        add("given_names", ui.givenNamesEdit)
        add("surname", ui.surnameEdit)
        add("birth_date", ui.birthDateEdit)
        add("bsn", ui.bsnEdit, label=ui.bsnStatusLabel)
        add("municipality_id", ui.municipalityCombo)
        add("referred_on", ui.referredOnEdit)
        add("referred_by_id", ui.referredByCombo)
        add("referred_by_name", ui.referredByNameEdit)
        add("gi_id", ui.giCombo)
        add("jeugdbeschermer_id", ui.jeugdbeschermerCombo)
        add("status", ui.statusCombo)
        add("referral_question", ui.referralQuestionEdit)
        add("goal", ui.goalEdit)
        add("waiting_for", ui.waitingForCombo)
        add("waiting_since", ui.waitingSinceEdit)
        add("help_started_on", ui.helpStartedEdit)
        for name, widget in self._measure_widgets().items():
            add(f"measure.{name}", widget, ui.measureForm)
        for name, widget in self._blocker_widgets().items():
            add(f"blocker.{name}", widget, ui.blockerForm)
        self.errors.add_resolver(self._resolve_item_field)

    def _measure_widgets(self) -> dict[str, QWidget]:
        ui = self.ui
        return {"kind": ui.measureKindCombo, "ruling_date": ui.rulingDateEdit,
                "gi_charged_on": ui.giChargedEdit, "first_contact_on": ui.firstContactEdit,
                "plan_on": ui.planEdit, "carried_out_on": ui.carriedOutEdit,
                "end_date": ui.endDateEdit, "end_reason": ui.endReasonEdit}

    def _blocker_widgets(self) -> dict[str, QWidget]:
        ui = self.ui
        return {"kind": ui.blockerKindCombo, "provider_id": ui.blockerProviderCombo,
                "since": ui.blockerSinceEdit, "resolved_on": ui.blockerResolvedEdit,
                "note": ui.blockerNoteEdit}

    def _connect(self) -> None:
        ui = self.ui
        ui.saveButton.clicked.connect(self.save)
        self._save_shortcut.activated.connect(self.save)
        ui.closeButton.clicked.connect(self.reject)
        ui.closeCaseButton.clicked.connect(self.close_case)
        ui.reopenButton.clicked.connect(self.reopen_case)
        ui.bsnEdit.textChanged.connect(self._update_bsn_status)
        ui.giCombo.currentIndexChanged.connect(self._refill_jeugdbeschermers)
        ui.measuresTable.currentCellChanged.connect(self._on_measure_row)
        ui.blockersTable.currentCellChanged.connect(self._on_blocker_row)
        ui.addMeasureButton.clicked.connect(self.add_measure)
        ui.removeMeasureButton.clicked.connect(self.remove_measure)
        ui.addBlockerButton.clicked.connect(self.add_blocker)
        ui.removeBlockerButton.clicked.connect(self.remove_blocker)
        for widget in self._measure_widgets().values():
            _on_change(widget, self._store_measure)
        for widget in self._blocker_widgets().values():
            _on_change(widget, self._store_blocker)
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit | QPlainTextEdit | QComboBox | OptionalDateEdit):
                _on_change(widget, self._mark_dirty)

    # ------------------------------------------------------------------ loading
    def _load_new(self) -> None:
        self._loading = True
        self.ui.referredOnEdit.setDate(self._store.today())
        select_data(self.ui.statusCombo, CaseStatus.REFERRED.value)
        self._refill_jeugdbeschermers()
        self._fill_measures()
        self._fill_blockers()
        self._fill_terms()
        self._loading = False
        self._dirty = False
        self._update_header()
        self._update_state()
        self.ui.givenNamesEdit.setFocus()

    def _load(self, detail: CaseDetail) -> None:
        self._detail = detail
        self.change_date.set_case(detail.id, editable=detail.status is not CaseStatus.CLOSED)
        self.change_date.reset()
        self._apply_input(detail.to_input(), detail.status)
        self.escalation_trail.set_case(detail.id)
        self._dirty = False
        self._update_header()
        self._update_state()

    def _apply_input(self, detail: CaseInput, status: CaseStatus) -> None:
        """Show ``detail`` in the form (a stored case, or a restored draft)."""
        ui = self.ui
        self._loading = True
        ui.givenNamesEdit.setText(detail.given_names)
        ui.surnameEdit.setText(detail.surname)
        ui.birthDateEdit.setDate(detail.birth_date)
        ui.bsnEdit.setText(detail.bsn or "")
        select_data(ui.municipalityCombo, detail.municipality_id)
        ui.referredOnEdit.setDate(detail.referred_on)
        select_data(ui.referredByCombo, detail.referred_by_id)
        ui.referredByNameEdit.setText(detail.referred_by_name)
        select_data(ui.giCombo, detail.gi_id)
        self._refill_jeugdbeschermers()
        select_data(ui.jeugdbeschermerCombo, detail.jeugdbeschermer_id)
        closed_index = ui.statusCombo.findData(CaseStatus.CLOSED.value)
        if status is CaseStatus.CLOSED and closed_index < 0:
            ui.statusCombo.addItem(CaseStatus.CLOSED.label, CaseStatus.CLOSED.value)
        elif status is not CaseStatus.CLOSED and closed_index >= 0:
            ui.statusCombo.removeItem(closed_index)
        select_data(ui.statusCombo, status.value)
        ui.referralQuestionEdit.setPlainText(detail.referral_question)
        ui.goalEdit.setPlainText(detail.goal)
        select_data(ui.waitingForCombo, detail.waiting_for.value if detail.waiting_for else None)
        ui.waitingSinceEdit.setDate(detail.waiting_since)
        ui.helpStartedEdit.setDate(detail.help_started_on)
        keep_measure, keep_blocker = self._measure_row, self._blocker_row
        self._measures = list(detail.measures)
        self._blockers = list(detail.blockers)
        self._fill_measures(keep_measure)
        self._fill_blockers(keep_blocker)
        self._fill_terms()
        self._loading = False

    def _update_header(self) -> None:
        detail = self._detail
        if detail is None:
            self.ui.headerLabel.setText(_("Nieuwe casus"))
            self.setWindowTitle(_("Nieuwe casus"))
            return
        self.ui.headerLabel.setText(_("{number} · {name} · {status}").format(
            number=detail.case_number, name=detail.full_name, status=detail.status.label))
        self.setWindowTitle(_("Casus {number}").format(number=detail.case_number))

    def _update_state(self) -> None:
        """Closed cases are read-only, with the result shown; buttons follow the state."""
        detail = self._detail
        closed = detail is not None and detail.status is CaseStatus.CLOSED
        ui = self.ui
        if closed and detail is not None:
            result = detail.closing_result.label if detail.closing_result else ""
            text = _("Afgesloten op {date}: {result}.").format(
                date=format_date(detail.closed_on), result=result)
            if detail.closing_note:
                text += " " + detail.closing_note
            ui.closedBanner.setText(text + " " + _("Heropen de casus om iets te wijzigen."))
        ui.closedBanner.setVisible(closed)
        # Collect first: changing read-only state may delete a line edit's clear button.
        fields = [widget for widget in ui.tabs.findChildren(QWidget)
                  if isinstance(widget, QLineEdit | QPlainTextEdit | OptionalDateEdit | QComboBox)
                  and not isinstance(widget.parentWidget(), OptionalDateEdit)]
        for widget in fields:
            if isinstance(widget, QComboBox):
                widget.setEnabled(not closed)
            else:
                widget.setReadOnly(closed)
        ui.saveButton.setEnabled(not closed)
        ui.closeCaseButton.setEnabled(detail is not None and not closed)
        ui.reopenButton.setVisible(closed)
        ui.closeCaseButton.setVisible(not closed)
        ui.addMeasureButton.setEnabled(not closed)
        ui.addBlockerButton.setEnabled(not closed)
        self._update_item_buttons()

    def _update_item_buttons(self) -> None:
        closed = self._detail is not None and self._detail.status is CaseStatus.CLOSED
        self.ui.removeMeasureButton.setEnabled(not closed and self._measure_row is not None)
        self.ui.removeBlockerButton.setEnabled(not closed and self._blocker_row is not None)
        self.ui.measureDetail.setEnabled(self._measure_row is not None)
        self.ui.blockerDetail.setEnabled(self._blocker_row is not None)

    def _refill_jeugdbeschermers(self) -> None:
        combo = self.ui.jeugdbeschermerCombo
        current = combo.currentData()
        gi_id = self.ui.giCombo.currentData()
        contacts = [] if gi_id is None else organisations.list_contacts(
            self._store, int(gi_id), include_inactive=True)
        wanted = current if current is not None else (
            self._detail.jeugdbeschermer_id if self._detail else None)
        items = [(c.name if c.active else _("{name} (inactief)").format(name=c.name), c.id)
                 for c in contacts if c.active or c.id == wanted]
        empty = _("— nog geen vaste jeugdbeschermer —") if gi_id is not None else \
            _("— kies eerst een GI —")
        fill_combo(combo, items, empty_label=empty, current=wanted)

    def _update_bsn_status(self, text: str) -> None:
        """Live elfproef check: "formaat geldig" or what is wrong (never "geverifieerd")."""
        label = self.ui.bsnStatusLabel
        if not text.strip():
            label.clear()
        else:
            try:
                normalise_bsn(text)
            except ValidationError as error:
                label.setText(status_label(error.message, ok=False))
            else:
                label.setText(status_label(_(FORMAT_VALID_LABEL), ok=True))
        self.ui.childForm.setRowVisible(label, bool(text.strip()))

    # ------------------------------------------------------------------ measures
    def _fill_measures(self, keep: int | None = None) -> None:
        table = self.ui.measuresTable
        table.blockSignals(True)
        table.setRowCount(len(self._measures))
        for row, measure in enumerate(self._measures):
            self._show_measure_row(row, measure)
        table.blockSignals(False)
        self._select_row(table, keep, len(self._measures), self._on_measure_row)

    def _show_measure_row(self, row: int, measure: MeasureInput) -> None:
        table = self.ui.measuresTable
        table.setItem(row, 0, _table_item(measure.kind.label))
        table.setItem(row, 1, _table_item(format_date(measure.ruling_date)))
        table.setItem(row, 2, _table_item(format_date(measure.end_date)))

    def _on_measure_row(self, row: int, *_args: int) -> None:
        if row == self._measure_row:
            return
        if self._measure_row is not None and not self._dates_valid(self._measure_widgets(),
                                                                   "measure"):
            self._reselect(self.ui.measuresTable, self._measure_row)
            return
        self._measure_row = row if 0 <= row < len(self._measures) else None
        self._show_measure_detail()
        self._update_item_buttons()

    def _show_measure_detail(self) -> None:
        was_loading, self._loading = self._loading, True
        ui = self.ui
        measure = self._measures[self._measure_row] if self._measure_row is not None else \
            MeasureInput(MeasureKind.OTS)
        select_data(ui.measureKindCombo, measure.kind.value)
        for name, widget in self._measure_widgets().items():
            if isinstance(widget, OptionalDateEdit):
                widget.setDate(getattr(measure, name))
        ui.endReasonEdit.setText(measure.end_reason)
        self._loading = was_loading

    def _store_measure(self) -> None:
        if self._loading or self._measure_row is None:
            return
        ui = self.ui
        current = self._measures[self._measure_row]
        updated = replace(current, kind=MeasureKind(ui.measureKindCombo.currentData()),
                          end_reason=ui.endReasonEdit.text())
        for name, widget in self._measure_widgets().items():
            if isinstance(widget, OptionalDateEdit) and widget.has_valid_text():
                setattr(updated, name, widget.date())
        self._measures[self._measure_row] = updated
        self._show_measure_row(self._measure_row, updated)

    def add_measure(self) -> None:
        self._measures.append(MeasureInput(MeasureKind.OTS))
        self._fill_measures(len(self._measures) - 1)
        self._mark_dirty()
        self.ui.measureKindCombo.setFocus()

    def remove_measure(self) -> None:
        if self._measure_row is None:
            return
        del self._measures[self._measure_row]
        keep = min(self._measure_row, len(self._measures) - 1)
        self._measure_row = None
        self._fill_measures(keep if keep >= 0 else None)
        self._mark_dirty()

    # ------------------------------------------------------------------ blockers
    def _fill_blockers(self, keep: int | None = None) -> None:
        table = self.ui.blockersTable
        table.blockSignals(True)
        table.setRowCount(len(self._blockers))
        for row, blocker in enumerate(self._blockers):
            self._show_blocker_row(row, blocker)
        table.blockSignals(False)
        self._select_row(table, keep, len(self._blockers), self._on_blocker_row)

    def _show_blocker_row(self, row: int, blocker: BlockerInput) -> None:
        table = self.ui.blockersTable
        org = self._orgs.get(blocker.provider_id) if blocker.provider_id is not None else None
        table.setItem(row, 0, _table_item(blocker.kind.label))
        table.setItem(row, 1, _table_item(org.name if org else ""))
        table.setItem(row, 2, _table_item(format_date(blocker.since)))
        table.setItem(row, 3, _table_item(format_date(blocker.resolved_on)))

    def _on_blocker_row(self, row: int, *_args: int) -> None:
        if row == self._blocker_row:
            return
        if self._blocker_row is not None and not self._dates_valid(self._blocker_widgets(),
                                                                   "blocker"):
            self._reselect(self.ui.blockersTable, self._blocker_row)
            return
        self._blocker_row = row if 0 <= row < len(self._blockers) else None
        self._show_blocker_detail()
        self._update_item_buttons()

    def _show_blocker_detail(self) -> None:
        was_loading, self._loading = self._loading, True
        ui = self.ui
        blocker = self._blockers[self._blocker_row] if self._blocker_row is not None else \
            BlockerInput(BlockerKind.WAITING_LIST)
        select_data(ui.blockerKindCombo, blocker.kind.value)
        select_data(ui.blockerProviderCombo, blocker.provider_id)
        ui.blockerSinceEdit.setDate(blocker.since)
        ui.blockerResolvedEdit.setDate(blocker.resolved_on)
        ui.blockerNoteEdit.setPlainText(blocker.note)
        self._loading = was_loading

    def _store_blocker(self) -> None:
        if self._loading or self._blocker_row is None:
            return
        ui = self.ui
        current = self._blockers[self._blocker_row]
        provider = ui.blockerProviderCombo.currentData()
        since = ui.blockerSinceEdit.date() if ui.blockerSinceEdit.has_valid_text() \
            else current.since
        resolved = ui.blockerResolvedEdit.date() if ui.blockerResolvedEdit.has_valid_text() \
            else current.resolved_on
        updated = replace(current, kind=BlockerKind(ui.blockerKindCombo.currentData()),
                          provider_id=int(provider) if provider is not None else None,
                          since=since, resolved_on=resolved,
                          note=ui.blockerNoteEdit.toPlainText())
        self._blockers[self._blocker_row] = updated
        self._show_blocker_row(self._blocker_row, updated)

    def add_blocker(self) -> None:
        self._blockers.append(BlockerInput(BlockerKind.WAITING_LIST, since=self._store.today()))
        self._fill_blockers(len(self._blockers) - 1)
        self._mark_dirty()
        self.ui.blockerKindCombo.setFocus()

    def remove_blocker(self) -> None:
        if self._blocker_row is None:
            return
        del self._blockers[self._blocker_row]
        keep = min(self._blocker_row, len(self._blockers) - 1)
        self._blocker_row = None
        self._fill_blockers(keep if keep >= 0 else None)
        self._mark_dirty()

    # ------------------------------------------------------------------ terms
    def _fill_terms(self) -> None:
        table = self.ui.termsTable
        terms = self._detail.terms if self._detail else ()
        today = self._store.today()
        table.setRowCount(len(terms))
        late = QBrush(QColor(ERROR_COLOUR))
        for row, term in enumerate(terms):
            state = term.state(today)
            items = [_table_item(term.kind.label), _table_item(format_date(term.due)),
                     _table_item(format_date(term.met_on)),
                     _table_item(term_state_label(state))]
            for column, item in enumerate(items):
                if state in (TermState.OVERDUE, TermState.MET_LATE):
                    item.setForeground(late)
                table.setItem(row, column, item)
        self.ui.tabs.setTabText(self.ui.tabs.indexOf(self.ui.tabTerms),
                                _("&Termijnen ({n})").format(n=len(terms)))

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
            self._measure_row = None
        else:
            self._blocker_row = None
        handler(row)

    def _reselect(self, table: QTableWidget, row: int) -> None:
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

    def _mark_dirty(self) -> None:
        if not self._loading:
            self._dirty = True
            if self._editable():
                self._draft_timer.start()

    def _editable(self) -> bool:
        return self._detail is None or self._detail.status is not CaseStatus.CLOSED

    @property
    def _case_id(self) -> int | None:
        return self._detail.id if self._detail is not None else None

    def save_draft(self) -> None:
        """Keep what is typed so far in the database (no checks; a real save validates)."""
        self._draft_timer.stop()
        if not self._dirty or not self._editable():
            return
        self._store_measure()
        self._store_blocker()
        data = self._form_input()
        if data is None:
            return
        try:
            drafts.save_case_draft(self._store, self._case_id, data)
        except ExpertteamError as error:
            self.errors.show(error)

    def _discard_draft(self) -> None:
        self._draft_timer.stop()
        try:
            drafts.discard_case_draft(self._store, self._case_id)
        except ExpertteamError as error:
            self.errors.show(error)

    def _offer_draft(self) -> None:
        """A draft left by an interrupted session: offer it in a bar (never a blocking
        question), with "Terugzetten" and "Weggooien"."""
        if not self._editable():
            return
        draft = drafts.load_case_draft(self._store, self._case_id)
        if draft is None:
            return
        bar = QFrame(self)
        bar.setObjectName("draftBar")
        bar.setStyleSheet("#draftBar { background: #fff4d6; border: 1px solid #b08800; }")
        row = QHBoxLayout(bar)
        text = QLabel(_("Er zijn wijzigingen die niet zijn opgeslagen, bijvoorbeeld doordat de "
                        "app onverwacht stopte."), bar)
        text.setWordWrap(True)
        row.addWidget(text, 1)
        self.restore_draft_button = QPushButton(_("&Terugzetten"), bar)
        self.discard_draft_button = QPushButton(_("&Weggooien"), bar)
        row.addWidget(self.restore_draft_button)
        row.addWidget(self.discard_draft_button)
        layout = self.layout()
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(0, bar)
        self.draft_bar = bar

        def restore() -> None:
            self._apply_input(draft, draft.status)
            self._dirty = True
            self._update_state()
            bar.deleteLater()

        def discard() -> None:
            self._discard_draft()
            bar.deleteLater()

        self.restore_draft_button.clicked.connect(restore)
        self.discard_draft_button.clicked.connect(discard)

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def detail(self) -> CaseDetail | None:
        return self._detail

    # ------------------------------------------------------------------ saving
    def _collect(self) -> CaseInput | None:
        """The form as service input; None (with the error shown) when a date is unreadable
        or the required referral date is empty."""
        self._store_measure()
        self._store_blocker()
        for field, widget in self.errors.fields().items():
            if isinstance(widget, OptionalDateEdit) and not widget.has_valid_text():
                self.errors.show_at(field, _(INVALID_DATE))
                return None
        if self.ui.referredOnEdit.date() is None:
            self.errors.show_at("referred_on", _("De aanmelddatum is verplicht."))
            return None
        return self._form_input()

    def _form_input(self) -> CaseInput | None:
        """The form as it stands (unreadable dates as empty); None without a referral date."""
        ui = self.ui
        referred_on = ui.referredOnEdit.date()
        if referred_on is None:
            return None

        def combo_id(combo: QComboBox) -> int | None:
            value = combo.currentData()
            return int(value) if value is not None else None

        waiting = ui.waitingForCombo.currentData()
        return CaseInput(
            given_names=ui.givenNamesEdit.text(), surname=ui.surnameEdit.text(),
            referred_on=referred_on, birth_date=ui.birthDateEdit.date(),
            bsn=ui.bsnEdit.text() or None, municipality_id=combo_id(ui.municipalityCombo),
            gi_id=combo_id(ui.giCombo), jeugdbeschermer_id=combo_id(ui.jeugdbeschermerCombo),
            referred_by_id=combo_id(ui.referredByCombo),
            referred_by_name=ui.referredByNameEdit.text(),
            referral_question=ui.referralQuestionEdit.toPlainText(),
            goal=ui.goalEdit.toPlainText(),
            waiting_for=WaitingFor(waiting) if waiting is not None else None,
            waiting_since=ui.waitingSinceEdit.date(), help_started_on=ui.helpStartedEdit.date(),
            status=CaseStatus(ui.statusCombo.currentData()),
            measures=list(self._measures), blockers=list(self._blockers))

    def save(self) -> bool:
        """Save through the case service; on an error show it inline and keep the form."""
        if self._detail is not None and self._detail.status is CaseStatus.CLOSED:
            return False
        self.errors.clear()
        data = self._collect()
        if data is None:
            return False
        current = self._detail
        if not self.change_date.has_valid_text():
            self.errors.show(ValidationError("effective_on", _(INVALID_DATE)))
            return False
        effective_on = self.change_date.effective_on()

        def call(confirmed: bool = False) -> CaseDetail:
            if current is None:
                return cases.create_case(self._store, data, confirmed=confirmed)
            return cases.update_case(self._store, current.id, data, effective_on=effective_on,
                                     confirmed=confirmed)

        done = operations.change(self, self._store, call, Change.CASES,
                                 title=_("Casus opslaan"), errors=self.errors,
                                 confirm=lambda: call(True))
        if done is None:
            return False
        detail = done.value
        previous_id = self._case_id
        self._load(detail)
        self._draft_timer.stop()
        drafts.discard_case_draft(self._store, previous_id)
        self.saved.emit(detail.id)
        return True

    def close_case(self) -> None:
        if self._detail is None:
            return
        if self._dirty and not self.save():
            return
        dialog = CloseCaseDialog(self._store, self._detail, self)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and \
                    dialog.result_detail is not None:
                self._load(dialog.result_detail)
                self.saved.emit(dialog.result_detail.id)
        finally:
            dialog.deleteLater()

    def reopen_case(self) -> None:
        if self._detail is None:
            return
        case_id = self._detail.id
        done = operations.change(self, self._store,
                                 lambda: cases.reopen_case(self._store, case_id),
                                 Change.CASES, title=_("Casus heropenen"), errors=self.errors)
        if done is None:
            return
        detail = done.value
        self._load(detail)
        self.saved.emit(detail.id)

    # ------------------------------------------------------------------ closing the window
    def _ask_unsaved(self) -> QMessageBox.StandardButton:
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        return QMessageBox.question(
            self, _("Niet opgeslagen"),
            _("Deze casus heeft wijzigingen die nog niet zijn opgeslagen. Nu opslaan?"),
            buttons, QMessageBox.StandardButton.Save)

    def reject(self) -> None:
        if self._dirty:
            answer = self.ask_unsaved()
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save and not self.save():
                return
            if answer == QMessageBox.StandardButton.Discard:
                self._discard_draft()
        super().reject()


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


def _on_change(widget: QWidget, slot: Callable[[], None]) -> None:
    """Call ``slot`` (without arguments) whenever the user changes ``widget``."""
    if isinstance(widget, OptionalDateEdit):
        widget.dateChanged.connect(slot)
        widget.line_edit.textChanged.connect(lambda _text: slot())
    elif isinstance(widget, QLineEdit):
        widget.textChanged.connect(lambda _text: slot())
    elif isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(slot)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(lambda _index: slot())
