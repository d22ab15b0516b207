"""The case editor's form (``ui/case_editor.ui``) as plain steps: set it up, show a case's input
in it, read it back as ``CaseInput``, fill the terms tab and the BSN's live check. The editor
(``case_editor.py``) decides when; these functions only touch the form."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QPlainTextEdit, QWidget

from expertteam.domain.bsn import FORMAT_VALID_LABEL, normalise_bsn
from expertteam.domain.enums import (
    BlockerKind,
    CaseStatus,
    MeasureKind,
    OrganisationKind,
    WaitingFor,
)
from expertteam.domain.errors import ValidationError
from expertteam.domain.terms import Term, TermState
from expertteam.formatting import short_date as format_date
from expertteam.gui.case_items import prepare_table, table_item
from expertteam.gui.forms.ui_case_editor import Ui_CaseEditor
from expertteam.gui.register_model import term_state_label
from expertteam.gui.widgets import ERROR_COLOUR, fill_combo, select_data, status_label
from expertteam.i18n import _
from expertteam.services.case_data import BlockerInput, CaseInput, MeasureInput
from expertteam.services.organisations import OrganisationInfo

OPEN_STATUSES = (CaseStatus.REFERRED, CaseStatus.ACTIVE, CaseStatus.MONITORING)


def _short_kind(kind: OrganisationKind) -> str:
    """A kind short enough to follow a name in a combo box."""
    return {OrganisationKind.GI: _("GI"),
            OrganisationKind.EXPERTISE_NETWORK: _("expertisenetwerk"),
            OrganisationKind.RAAD: _("Raad")}.get(kind, kind.label)


def _org_label(org: OrganisationInfo, *, with_kind: bool = False) -> str:
    label = f"{org.name} ({_short_kind(org.kind)})" if with_kind else org.name
    return label if org.active else _("{name} (inactief)").format(name=label)


def prepare_form(ui: Ui_CaseEditor, all_orgs: Sequence[OrganisationInfo],
                 parent: QWidget) -> QPlainTextEdit:
    """Fonts, tables and the choice lists (organisations, statuses, kinds); returns the field
    of names to hide, which the form adds below the goal."""
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
    prepare_table(ui.measuresTable, 0)
    prepare_table(ui.blockersTable, 0)
    prepare_table(ui.termsTable, 0)
    ui.measuresTable.setAccessibleName(_("Maatregelen"))
    ui.blockersTable.setAccessibleName(_("Knelpunten"))
    ui.termsTable.setAccessibleName(_("Termijnen"))
    ui.termsTable.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    ui.measuresLayout.setStretch(0, 3)
    ui.measuresLayout.setStretch(1, 2)
    ui.tabBlockersLayout.setStretch(0, 3)
    ui.tabBlockersLayout.setStretch(1, 2)

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
    return _hidden_names_field(ui, parent)


def _hidden_names_field(ui: Ui_CaseEditor, parent: QWidget) -> QPlainTextEdit:
    """Other names that identify the child; every output hides them like the child's name."""
    edit = QPlainTextEdit(parent)
    edit.setObjectName("hiddenNamesEdit")
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(ui.bsnEdit.fontMetrics().lineSpacing() * 4 + 12)
    edit.setPlaceholderText(_("één naam per regel"))
    edit.setToolTip(_(
        "Ouders, broers en zussen, bijnamen, school: namen die het kind herkenbaar maken. "
        "Elk document vervangt ze door [naam]; een brief aan de Jeugdautoriteit weigert ze."))
    edit.setAccessibleName(_("Namen om te verbergen"))
    ui.childForm.addRow(_("Namen om te verberg&en"), edit)
    return edit


def show_input(ui: Ui_CaseEditor, hidden_names: QPlainTextEdit, detail: CaseInput,
               status: CaseStatus) -> None:
    """The case's own fields (not the jeugdbeschermer, which depends on the GI's contacts, nor
    the measures and blockers)."""
    ui.givenNamesEdit.setText(detail.given_names)
    ui.surnameEdit.setText(detail.surname)
    ui.birthDateEdit.setDate(detail.birth_date)
    ui.bsnEdit.setText(detail.bsn or "")
    select_data(ui.municipalityCombo, detail.municipality_id)
    ui.referredOnEdit.setDate(detail.referred_on)
    select_data(ui.referredByCombo, detail.referred_by_id)
    ui.referredByNameEdit.setText(detail.referred_by_name)
    select_data(ui.giCombo, detail.gi_id)
    closed_index = ui.statusCombo.findData(CaseStatus.CLOSED.value)
    if status is CaseStatus.CLOSED and closed_index < 0:
        ui.statusCombo.addItem(CaseStatus.CLOSED.label, CaseStatus.CLOSED.value)
    elif status is not CaseStatus.CLOSED and closed_index >= 0:
        ui.statusCombo.removeItem(closed_index)
    select_data(ui.statusCombo, status.value)
    ui.referralQuestionEdit.setPlainText(detail.referral_question)
    ui.goalEdit.setPlainText(detail.goal)
    hidden_names.setPlainText("\n".join(detail.hidden_names))
    select_data(ui.waitingForCombo, detail.waiting_for.value if detail.waiting_for else None)
    ui.waitingSinceEdit.setDate(detail.waiting_since)
    ui.helpStartedEdit.setDate(detail.help_started_on)


def read_input(ui: Ui_CaseEditor, hidden_names: QPlainTextEdit,
               measures: Sequence[MeasureInput],
               blockers: Sequence[BlockerInput]) -> CaseInput | None:
    """The form as it stands (unreadable dates as empty); None without a referral date."""
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
        measures=list(measures), blockers=list(blockers),
        hidden_names=[line.strip() for line in hidden_names.toPlainText().splitlines()
                      if line.strip()])


def fill_terms(ui: Ui_CaseEditor, terms: Sequence[Term], today: date) -> None:
    table = ui.termsTable
    table.setRowCount(len(terms))
    late = QBrush(QColor(ERROR_COLOUR))
    for row, term in enumerate(terms):
        state = term.state(today)
        items = [table_item(term.kind.label), table_item(format_date(term.due)),
                 table_item(format_date(term.met_on)), table_item(term_state_label(state))]
        for column, item in enumerate(items):
            if state in (TermState.OVERDUE, TermState.MET_LATE):
                item.setForeground(late)
            table.setItem(row, column, item)
    ui.tabs.setTabText(ui.tabs.indexOf(ui.tabTerms), _("&Termijnen ({n})").format(n=len(terms)))


def show_bsn_status(ui: Ui_CaseEditor, text: str) -> None:
    """Live elfproef check: "formaat geldig" or what is wrong (never "geverifieerd")."""
    label = ui.bsnStatusLabel
    if not text.strip():
        label.clear()
    else:
        try:
            normalise_bsn(text)
        except ValidationError as error:
            label.setText(status_label(error.message, ok=False))
        else:
            label.setText(status_label(_(FORMAT_VALID_LABEL), ok=True))
    ui.childForm.setRowVisible(label, bool(text.strip()))
