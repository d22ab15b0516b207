"""The escalation form: a new escalation (often filled in from a signal) or a concept's changes.

The level decides the addressee (expertisenetwerk or OZJ for one child; the Jeugdautoriteit for
a continuity problem, with the organisation, the care concerned and since when). The linked
cases and the actions that show what was tried are check lists; saving calls
``escalations.create_escalation`` or ``update_escalation``.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import BlockerKind, OrganisationKind
from expertteam.domain.errors import ExpertteamError
from expertteam.domain.escalation import EscalationLevel
from expertteam.formatting import short_date
from expertteam.gui.widgets import INVALID_STYLE, InlineErrors, OptionalDateEdit, fill_combo
from expertteam.i18n import _
from expertteam.services import escalation_drafts, escalations, organisations
from expertteam.services.escalation_info import EscalationInfo, EscalationInput
from expertteam.services.store import Store

CASE_LEVELS = (EscalationLevel.EXPERTISE_NETWORK, EscalationLevel.OZJ)
SUBJECT_KINDS = (OrganisationKind.PROVIDER, OrganisationKind.GI, OrganisationKind.MUNICIPALITY)


def _checkable(text: str, data: object, checked: bool) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, data)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def _checked(widget: QListWidget) -> list[object]:
    return [widget.item(row).data(Qt.ItemDataRole.UserRole) for row in range(widget.count())
            if widget.item(row).checkState() is Qt.CheckState.Checked]


class EscalationDialog(QDialog):
    """Create (``escalation_id`` None) or change a concept escalation from ``data``."""

    def __init__(self, store: Store, data: EscalationInput, escalation_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store.with_origin("gui:escalation")
        self.data = data
        self.escalation_id = escalation_id
        self.saved: EscalationInfo | None = None
        continuity = data.level.is_continuity
        self.setWindowTitle(_("Melding aan de Jeugdautoriteit") if continuity
                            else _("Casus opschalen"))
        self.setStyleSheet(INVALID_STYLE)
        self.setMinimumSize(640, 560)
        self.setSizeGripEnabled(True)

        self.intro = QLabel(_(
            "De Jeugdautoriteit neemt geen individuele casussen: beschrijf het probleem met de "
            "continuïteit van zorg. De kinderen tellen mee als bewijs, geanonimiseerd.")
            if continuity else _(
            "Schaal deze casus op naar het bovenregionale expertisenetwerk of het OZJ. De "
            "brief noemt het kind alleen met casusnummer, initialen en geboortejaar."))
        self.intro.setWordWrap(True)
        self.level = QComboBox()
        levels = (EscalationLevel.JEUGDAUTORITEIT,) if continuity else CASE_LEVELS
        fill_combo(self.level, [(level.label, level.value) for level in levels],
                   current=data.level.value)
        self.level.setEnabled(len(levels) > 1)
        self.addressee = QComboBox()
        self.opened_on = OptionalDateEdit()
        self.opened_on.setDate(data.opened_on)
        self.case_list = QListWidget()
        self.action_list = QListWidget()
        self.kind_list = QListWidget()
        for kind in BlockerKind:
            self.kind_list.addItem(_checkable(kind.label, kind.value, kind in data.blocker_kinds))
        self.subject = QComboBox()
        fill_combo(self.subject, [
            (f"{o.name} ({o.kind.label.lower()})", o.id)
            for o in organisations.list_organisations(self.store, SUBJECT_KINDS)],
            empty_label=_("— geen —"), current=data.subject_organisation_id)
        self.care = QLineEdit(data.care_description)
        self.care.setPlaceholderText(_("bijvoorbeeld: JeugdzorgPlus-plaatsen"))
        self.problem_since = OptionalDateEdit()
        self.problem_since.setDate(data.problem_since)
        self.reason = QPlainTextEdit(data.reason)
        self.request = QPlainTextEdit(data.request)
        self.request.setPlaceholderText(_("Wat vraagt u de geadresseerde? (leeg: de standaardtekst "
                                          "van de brief)"))
        for edit in (self.reason, self.request):
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
        self.follow_up = OptionalDateEdit()
        self.follow_up.setDate(data.follow_up_on)
        for check_list in (self.case_list, self.action_list, self.kind_list):
            check_list.setMinimumHeight(check_list.fontMetrics().height() * 4 + 12)
            check_list.setWordWrap(True)
            check_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.form = QFormLayout()
        self.form.addRow(_("Niveau"), self.level)
        self.form.addRow(_("Aan"), self.addressee)
        self.form.addRow(_("Datum"), self.opened_on)
        self.form.addRow(_("Kinderen") if continuity else _("Casus"), self.case_list)
        self.form.addRow(_("Niet nagekomen afspraken"), self.action_list)
        self.form.addRow(_("Knelpunten (reden)"), self.kind_list)
        if continuity:
            self.form.addRow(_("Bij organisatie"), self.subject)
            self.form.addRow(_("Welke zorg"), self.care)
            self.form.addRow(_("Probleem sinds"), self.problem_since)
        self.form.addRow(_("Toelichting"), self.reason)
        self.form.addRow(_("Verzoek"), self.request)
        self.form.addRow(_("Opvolgen op"), self.follow_up)

        self.banner = QLabel()
        self.errors = InlineErrors(self.banner)
        holder = QWidget()
        holder.setLayout(self.form)
        fields: tuple[tuple[str, QWidget], ...] = (
            ("level", self.level), ("addressee_id", self.addressee),
            ("opened_on", self.opened_on), ("case_ids", self.case_list),
            ("action_ids", self.action_list), ("blocker_kinds", self.kind_list),
            ("reason", self.reason), ("request", self.request), ("follow_up_on", self.follow_up))
        for field, widget in fields:
            self.errors.add(field, widget, self.form)
        if continuity:
            self.errors.add("subject_organisation_id", self.subject, self.form)
            self.errors.add("care_description", self.care, self.form)
            self.errors.add("problem_since", self.problem_since, self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(holder)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)

        self.level.currentIndexChanged.connect(self._fill_addressees)
        self._fill_addressees()
        self._fill_cases()

    def current_level(self) -> EscalationLevel:
        # Qt hands a str enum back as a plain str: convert on the way out.
        return EscalationLevel(str(self.level.currentData()))

    def _fill_addressees(self) -> None:
        level = self.current_level()
        options = organisations.list_organisations(self.store, (level.addressee_kind,))
        current = self.data.addressee_id if any(o.id == self.data.addressee_id
                                                 for o in options) else None
        fill_combo(self.addressee, [(o.name, o.id) for o in options],
                   empty_label=_("— kies —") if not options else None, current=current)

    def _fill_cases(self) -> None:
        for case in escalation_drafts.linkable_cases(self.store, self.data.case_ids):
            self.case_list.addItem(_checkable(case.pseudonym, case.id, True))
        for action, failed in escalation_drafts.candidate_actions(self.store, self.data.case_ids):
            text = _("{n}. {owner}: {what} (uiterlijk {due}, {status})").format(
                n=action.number, owner=action.owner_name, what=action.description,
                due=short_date(action.due_on), status=action.status.label.lower())
            self.action_list.addItem(_checkable(text, action.id,
                                            action.id in self.data.action_ids or (
                                                failed and not self.data.action_ids)))

    def collect(self) -> EscalationInput:
        level = self.current_level()
        opened = self.opened_on.date() or self.data.opened_on
        return replace(
            self.data, level=level, addressee_id=self.addressee.currentData(), opened_on=opened,
            case_ids=tuple(i for i in _checked(self.case_list) if isinstance(i, int)),
            action_ids=tuple(i for i in _checked(self.action_list) if isinstance(i, int)),
            blocker_kinds=tuple(BlockerKind(str(k)) for k in _checked(self.kind_list)),
            subject_organisation_id=self.subject.currentData() if level.is_continuity else None,
            care_description=self.care.text() if level.is_continuity else "",
            problem_since=self.problem_since.date() if level.is_continuity else None,
            reason=self.reason.toPlainText(), request=self.request.toPlainText(),
            follow_up_on=self.follow_up.date())

    def save(self) -> EscalationInfo | None:
        """Store the escalation; errors show at their field and the dialog stays open."""
        self.errors.clear()
        try:
            data = self.collect()
            self.saved = escalations.create_escalation(self.store, data) \
                if self.escalation_id is None else \
                escalations.update_escalation(self.store, self.escalation_id, data)
        except ExpertteamError as error:
            self.errors.show(error)
            return None
        self.accept()
        return self.saved
