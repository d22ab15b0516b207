"""The case editor: one child's data, measures, blockers and terms (form in ui/case_editor.ui).

Saving calls ``cases.create_case``/``update_case``; a ``ValidationError`` is shown under the
field it names, with focus on that field, and nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from expertteam.domain.enums import CaseStatus
from expertteam.domain.errors import ValidationError
from expertteam.formatting import short_date as format_date
from expertteam.gui import operations
from expertteam.gui.case_close_dialog import CloseCaseDialog
from expertteam.gui.case_dates import ChangeDateBar
from expertteam.gui.case_drafts import CaseDrafts, DraftBar
from expertteam.gui.case_form import (
    fill_terms,
    prepare_form,
    read_input,
    show_bsn_status,
    show_input,
)
from expertteam.gui.case_items import INVALID_DATE, CaseItems
from expertteam.gui.changes import Change
from expertteam.gui.escalations.trail import EscalationTrail
from expertteam.gui.forms.ui_case_editor import Ui_CaseEditor
from expertteam.gui.widgets import (
    INVALID_STYLE,
    InlineErrors,
    OptionalDateEdit,
    fill_combo,
    on_change,
    select_data,
)
from expertteam.i18n import _
from expertteam.services import cases, organisations
from expertteam.services.case_data import CaseDetail, CaseInput
from expertteam.services.store import Store

__all__ = ["CaseEditor", "CloseCaseDialog"]

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
        self._dirty = False
        # Asked when closing with unsaved changes; tests replace it.
        self.ask_unsaved: Callable[[], QMessageBox.StandardButton] = self._ask_unsaved
        self.draft_bar: DraftBar | None = None
        self._setup_widgets()
        self.errors = InlineErrors(self.ui.errorBanner)
        self._register_fields()
        self.items = CaseItems(self.ui, self._store, self.errors, self._orgs,
                               changed=self._mark_dirty, editable=self._editable)
        # Every change is kept as a draft shortly after it is made (``case_drafts.py``).
        self.drafts = CaseDrafts(self, self._store, self.errors, case_id=lambda: self._case_id,
                                 form_input=self._form_input)
        self.drafts.timer.timeout.connect(self.save_draft)
        self._connect()
        if case_id is None:
            self._load_new()
        else:
            self._load(cases.get_case(self._store, case_id))
        QTimer.singleShot(0, self._offer_draft)

    # ------------------------------------------------------------------ set-up
    def _setup_widgets(self) -> None:
        all_orgs = organisations.list_organisations(self._store, include_inactive=True)
        self._orgs = {org.id: org for org in all_orgs}
        self.hidden_names_edit = prepare_form(self.ui, all_orgs, self)
        self.ui.birthDateEdit.past = True  # "98" is 1998
        # The day a change took effect and the case's history (gui/case_dates.py).
        self.change_date = ChangeDateBar(self._store, self)
        self.ui.buttonRow.insertWidget(self.ui.buttonRow.indexOf(self.ui.saveButton),
                                       self.change_date)
        self.escalation_trail = EscalationTrail(self._store)  # the case's escalations
        self.ui.tabs.addTab(self.escalation_trail, _("Escalaties"))
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
        add("hidden_names", self.hidden_names_edit)
        add("waiting_for", ui.waitingForCombo)
        add("waiting_since", ui.waitingSinceEdit)
        add("help_started_on", ui.helpStartedEdit)

    def _connect(self) -> None:
        ui = self.ui
        ui.saveButton.clicked.connect(self.save)
        self._save_shortcut.activated.connect(self.save)
        ui.closeButton.clicked.connect(self.reject)
        ui.closeCaseButton.clicked.connect(self.close_case)
        ui.reopenButton.clicked.connect(self.reopen_case)
        ui.bsnEdit.textChanged.connect(lambda text: show_bsn_status(ui, text))
        ui.giCombo.currentIndexChanged.connect(self._refill_jeugdbeschermers)
        self.items.connect()
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit | QPlainTextEdit | QComboBox | OptionalDateEdit):
                on_change(widget, self._mark_dirty)

    # ------------------------------------------------------------------ loading
    def _load_new(self) -> None:
        self.items.loading = True
        self.ui.referredOnEdit.setDate(self._store.today())
        select_data(self.ui.statusCombo, CaseStatus.REFERRED.value)
        self._refill_jeugdbeschermers()
        self.items.set_items([], [])
        self._fill_terms()
        self.items.loading = False
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
        self.items.loading = True
        show_input(self.ui, self.hidden_names_edit, detail, status)
        self._refill_jeugdbeschermers()
        select_data(self.ui.jeugdbeschermerCombo, detail.jeugdbeschermer_id)
        self.items.set_items(list(detail.measures), list(detail.blockers))
        self._fill_terms()
        self.items.loading = False

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
        self.items.update_buttons()

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

    def _fill_terms(self) -> None:
        fill_terms(self.ui, self._detail.terms if self._detail else (), self._store.today())

    # ------------------------------------------------------------------ helpers
    def _mark_dirty(self) -> None:
        if not self.items.loading:
            self._dirty = True
            if self._editable():
                self.drafts.schedule()

    def _editable(self) -> bool:
        return self._detail is None or self._detail.status is not CaseStatus.CLOSED

    @property
    def _case_id(self) -> int | None:
        return self._detail.id if self._detail is not None else None

    def save_draft(self) -> None:
        """Keep what is typed so far in the database (no checks; a real save validates)."""
        self.drafts.timer.stop()
        if not self._dirty or not self._editable():
            return
        self.items.store_current()
        data = self._form_input()
        if data is not None:
            self.drafts.save(data)

    def _offer_draft(self) -> None:
        """A draft left by an interrupted session: offer it in a bar (never a blocking
        question), with "Terugzetten" and "Weggooien"."""
        if not self._editable():
            return
        draft = self.drafts.load()
        if draft is None:
            return
        bar = DraftBar(self)
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
            self.drafts.discard(self._case_id)
            bar.deleteLater()

        bar.restore_button.clicked.connect(restore)
        bar.discard_button.clicked.connect(discard)

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
        self.items.store_current()
        for field, widget in self.errors.fields().items():
            if isinstance(widget, OptionalDateEdit) and not widget.has_valid_text():
                self.errors.show_at(field, _(INVALID_DATE))
                return None
        if self.ui.referredOnEdit.date() is None:
            self.errors.show_at("referred_on", _("De aanmelddatum is verplicht."))
            return None
        return self._form_input()

    def _form_input(self) -> CaseInput | None:
        return read_input(self.ui, self.hidden_names_edit, self.items.measures,
                          self.items.blockers)

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
        self.drafts.discard(previous_id)
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
                self.drafts.discard(self._case_id)
        super().reject()
