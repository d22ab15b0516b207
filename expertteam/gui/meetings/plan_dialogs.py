"""The meetings page's dialogs: plan a meeting (or change its details), invite an
organisation, put a case or a subject on the agenda. Built on ``dialogs.FormDialog``: a refused
entry keeps the dialog open with the Dutch message next to the field it concerns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from expertteam.domain.errors import ValidationError
from expertteam.formatting import short_time
from expertteam.gui.meetings.dialogs import FormDialog
from expertteam.gui.widgets import OptionalDateEdit
from expertteam.i18n import _
from expertteam.services.meeting_data import MeetingInput
from expertteam.services.organisations import ContactInfo, OrganisationInfo


def _parse_time(text: str) -> time | None:
    value = text.strip().replace(".", ":")
    if not value:
        return None
    if ":" not in value and value.isdigit() and len(value) in (3, 4):
        value = f"{value[:-2]}:{value[-2:]}"
    try:
        hours, minutes = (int(part) for part in value.split(":", 1))
        return time(hours, minutes)
    except ValueError:
        raise ValidationError("starts_at", _("Typ de aanvangstijd als uu:mm, bijvoorbeeld "
                                             "09:30.")) from None


@dataclass(frozen=True)
class MeetingEntry:
    data: MeetingInput
    organisation_ids: tuple[int, ...]


class MeetingDialog(FormDialog):
    """Plan a meeting (with the invited organisations) or change its details."""

    def __init__(self, parent: QWidget | None, *, submit: Callable[[MeetingEntry], None],
                 current: MeetingInput | None = None,
                 organisations: Sequence[OrganisationInfo] = (),
                 invited: Sequence[int] = ()) -> None:
        super().__init__(_("Overleg plannen") if current is None else _("Overleg wijzigen"),
                         parent)
        self._submit = submit
        self.held_on = OptionalDateEdit(self)
        self.starts_at = QLineEdit(self)
        self.starts_at.setPlaceholderText(_("uu:mm"))
        self.starts_at.setMaxLength(5)
        self.place = QLineEdit(self)
        self.chair = QLineEdit(self)
        self.minute_taker = QLineEdit(self)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(self.fontMetrics().lineSpacing() * 4)
        self.save_on_ctrl_enter(self.notes)
        self.form.addRow(_("&Datum"), self.held_on)
        self.form.addRow(_("Aanvang&stijd"), self.starts_at)
        self.form.addRow(_("&Plaats"), self.place)
        self.form.addRow(_("&Voorzitter"), self.chair)
        self.form.addRow(_("&Notulist"), self.minute_taker)
        self.form.addRow(_("Notit&ies"), self.notes)
        self.fields = {"held_on": self.held_on, "starts_at": self.starts_at,
                       "place": self.place, "chair_name": self.chair,
                       "minute_taker_name": self.minute_taker, "notes": self.notes}
        self.invitees: QListWidget | None = None
        if current is None:
            self.invitees = QListWidget(self)
            self.invitees.setAccessibleName(_("Uitgenodigde organisaties"))
            for organisation in organisations:
                item = QListWidgetItem(f"{organisation.name}  ({organisation.kind.label})")
                item.setData(Qt.ItemDataRole.UserRole, organisation.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if organisation.id in invited
                                   else Qt.CheckState.Unchecked)
                self.invitees.addItem(item)
            self.invitees.setMinimumHeight(self.fontMetrics().lineSpacing() * 10)
            self.invitees.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.invitees.setTextElideMode(Qt.TextElideMode.ElideMiddle)
            self.form.addRow(_("&Uitnodigen\n(spatie = aan/uit)"), self.invitees)
        else:
            self.held_on.setDate(current.held_on)
            self.starts_at.setText(short_time(current.starts_at))
            self.place.setText(current.place)
            self.chair.setText(current.chair_name)
            self.minute_taker.setText(current.minute_taker_name)
            self.notes.setPlainText(current.notes)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self.held_on.setFocus()

    def entry(self) -> MeetingEntry:
        held_on = self.held_on.date()
        if held_on is None:
            raise ValidationError("held_on", _("Vul de datum van het overleg in (dd-mm-jjjj)."))
        data = MeetingInput(held_on, _parse_time(self.starts_at.text()), self.place.text(),
                            self.chair.text(), self.minute_taker.text(),
                            self.notes.toPlainText())
        chosen: list[int] = []
        if self.invitees is not None:
            for row in range(self.invitees.count()):
                item = self.invitees.item(row)
                if item.checkState() == Qt.CheckState.Checked:
                    chosen.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return MeetingEntry(data, tuple(chosen))

    def submit(self) -> None:
        self._submit(self.entry())


def _contains_completer(combo: QComboBox) -> QCompleter:
    """Completion on any part of the text (``ggz`` finds ``GGZ Jong Westfriesland``)."""
    completer = QCompleter(combo.model(), combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return completer


class InviteeDialog(FormDialog):
    """Add one organisation (and optionally a contact) to the invitees."""

    def __init__(self, parent: QWidget | None, *, organisations: Sequence[OrganisationInfo],
                 contacts: Sequence[ContactInfo],
                 submit: Callable[[int, int | None], None], late: bool = False) -> None:
        super().__init__(_("Laat aangeschoven") if late else _("Genodigde toevoegen"), parent)
        self._submit = submit
        self._contacts = list(contacts)
        self.organisation = QComboBox(self)
        self.organisation.setEditable(True)
        self.organisation.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for organisation in organisations:
            self.organisation.addItem(organisation.name, organisation.id)
        self.organisation.setCompleter(_contains_completer(self.organisation))
        self.organisation.setCurrentIndex(-1)
        self.contact = QComboBox(self)
        self.form.addRow(_("&Organisatie"), self.organisation)
        self.form.addRow(_("&Contactpersoon"), self.contact)
        if late:
            self.form.addRow(QLabel(_("Wordt als aanwezig vastgelegd, gemarkeerd als laat "
                                      "toegevoegd."), self))
        self.fields = {"organisation_id": self.organisation, "contact_id": self.contact}
        self.organisation.currentIndexChanged.connect(self._fill_contacts)
        self._fill_contacts()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.organisation.setFocus()

    def _fill_contacts(self) -> None:
        organisation_id = self.organisation.currentData()
        self.contact.clear()
        self.contact.addItem(_("(geen)"), None)
        for contact in self._contacts:
            if contact.organisation_id == organisation_id:
                self.contact.addItem(contact.name, contact.id)

    def submit(self) -> None:
        index = self.organisation.findText(self.organisation.currentText().strip(),
                                           Qt.MatchFlag.MatchFixedString)
        if index < 0:
            raise ValidationError("organisation_id", _("Kies een organisatie uit de lijst."))
        self.organisation.setCurrentIndex(index)
        self._submit(int(self.organisation.itemData(index)), self.contact.currentData())


class AgendaItemDialog(FormDialog):
    """Put a case (chosen by case number, pseudonym or name) or a general subject on the
    agenda."""

    def __init__(self, parent: QWidget | None, *, cases: Sequence[tuple[int, str]],
                 submit: Callable[[int | None, str], None]) -> None:
        super().__init__(_("Agendapunt toevoegen"), parent)
        self._submit = submit
        self.case = QComboBox(self)
        self.case.setEditable(True)
        self.case.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for case_id, label in cases:
            self.case.addItem(label, case_id)
        self.case.setCompleter(_contains_completer(self.case))
        self.case.setCurrentIndex(-1)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(_("of een algemeen onderwerp, bijv. ‘Jaarplan 2027’"))
        self.form.addRow(_("&Casus"), self.case)
        self.form.addRow(_("&Onderwerp"), self.title)
        self.fields = {"case_id": self.case, "title": self.title}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.case.setFocus()

    def submit(self) -> None:
        text = self.case.currentText().strip()
        if text:
            index = self.case.findText(text, Qt.MatchFlag.MatchFixedString)
            if index < 0:
                raise ValidationError("case_id", _("Kies een casus uit de lijst."))
            self._submit(int(self.case.itemData(index)), "")
        else:
            self._submit(None, self.title.text())
