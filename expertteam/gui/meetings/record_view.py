"""The meeting's record on screen: attendance, per item summary, decisions and actions, and the
addenda. For a closed meeting every version stays readable (version 1 is the record as closed).
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from expertteam.domain.enums import Attendance
from expertteam.domain.errors import ExpertteamError
from expertteam.formatting import short_date as format_date
from expertteam.gui.meetings.style import local_time, meeting_title
from expertteam.i18n import _
from expertteam.services import meeting_record
from expertteam.services.meeting_record import MeetingRecord, RecordAction, RecordItem
from expertteam.services.store import Store


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _action_rows(actions: tuple[RecordAction, ...], show_names: bool) -> str:
    rows = []
    for action in actions:
        child = f"{action.case_number} · {action.child_name}" if show_names else action.pseudonym
        postponed = _(" · {n}× verzet").format(n=action.times_postponed) \
            if action.times_postponed else ""
        note = f" — {_esc(action.note)}" if action.note else ""
        rows.append(f"<tr><td align='right'>{action.number}</td><td>{_esc(action.description)}"
                    f"{note}</td><td>{_esc(action.owner_label)}</td>"
                    f"<td>{format_date(action.due_on)}{postponed}</td>"
                    f"<td>{_esc(action.status.label)}</td><td>{_esc(child)}</td></tr>")
    head = "".join(f"<th align='left'>{_esc(title)}</th>" for title in (
        _("Nr"), _("Actie"), _("Actiehouder"), _("Termijn"), _("Status"), _("Kind")))
    return f"<table cellspacing='0' cellpadding='3' border='1'><tr>{head}</tr>" \
           f"{''.join(rows)}</table>"


def _meta_html(record: MeetingRecord) -> str:
    meta = [record.team_name, _("Status: {status}").format(status=record.status.label)]
    if record.chair_name:
        meta.append(_("Voorzitter: {name}").format(name=record.chair_name))
    if record.minute_taker_name:
        meta.append(_("Notulist: {name}").format(name=record.minute_taker_name))
    if record.closed_at is not None:
        meta.append(_("Gesloten op {moment}").format(moment=local_time(record.closed_at)))
    if record.latest_version > 1:
        meta.append(_("Versie {v} van {n}").format(v=record.version, n=record.latest_version))
    return f"<p>{' · '.join(_esc(m) for m in meta if m)}</p>"


def _attendance_html(record: MeetingRecord) -> list[str]:
    groups: dict[Attendance, list[str]] = {}
    for line in record.attendance:
        label = f"{line.organisation_name} ({line.contact_name})" if line.contact_name \
            else line.organisation_name
        if line.late_addition:
            label += _(" — laat toegevoegd")
        groups.setdefault(line.attendance, []).append(label)
    return [f"<p><b>{_esc(state.label)}:</b> {_esc(', '.join(groups[state]))}</p>"
            for state in (Attendance.PRESENT, Attendance.EXCUSED, Attendance.ABSENT,
                          Attendance.UNKNOWN) if groups.get(state)]


def _item_html(item: RecordItem, show_names: bool) -> list[str]:
    heading = item.title if item.case_id is None else (
        f"{item.case_number} · {item.child_name}" if show_names else item.pseudonym)
    carried = "" if item.discussed else _(" — niet besproken, schuift door")
    parts = [f"<h3>{item.position}. {_esc(heading)}"
             f"<small> ({_esc(item.kind.label)}{_esc(carried)})</small></h3>"]
    if item.summary:
        parts.append(f"<p>{_esc(item.summary)}</p>")
    if item.decisions:
        parts.append("<p><b>" + _esc(_("Besluiten")) + "</b></p><ol>" + "".join(
            f"<li value='{d.number}'>{_esc(d.text)}</li>" for d in item.decisions) + "</ol>")
    if item.new_actions:
        parts.append(f"<p><b>{_esc(_('Nieuwe acties'))}</b></p>"
                     f"{_action_rows(item.new_actions, show_names)}")
    if item.reviewed_actions:
        parts.append(f"<p><b>{_esc(_('Lopende acties'))}</b></p>"
                     f"{_action_rows(item.reviewed_actions, show_names)}")
    return parts


def record_html(record: MeetingRecord, show_names: bool) -> str:
    """The record as simple HTML for a ``QTextBrowser``."""
    parts = [f"<h2>{_esc(meeting_title(record.held_on, record.starts_at, record.place))}</h2>",
             _meta_html(record), *_attendance_html(record)]
    if record.notes:
        parts.append(f"<p><b>{_esc(_('Notities'))}:</b> {_esc(record.notes)}</p>")
    for item in record.items:
        parts += _item_html(item, show_names)
    if record.addenda:
        parts.append(f"<h3>{_esc(_('Addenda'))}</h3>")
        for addendum in record.addenda:
            who = f" — {addendum.recorded_by_name}" if addendum.recorded_by_name else ""
            title = _("Versie {v}, {moment}").format(v=addendum.version,
                                                      moment=local_time(addendum.recorded_at))
            parts.append(f"<p><b>{_esc(title + who)}</b><br>{_esc(addendum.text)}</p>")
    return "".join(parts)


class RecordView(QWidget):
    """The record of the chosen meeting, with a version choice for closed meetings."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.meeting_id: int | None = None
        self.show_names = False
        self.record: MeetingRecord | None = None
        self.version = QComboBox(self)
        self.version.setAccessibleName(_("Versie van het verslag"))
        self.version.currentIndexChanged.connect(self._version_chosen)
        self.version_label = QLabel(_("&Versie:"), self)
        self.version_label.setBuddy(self.version)
        self.addendum_button = QPushButton(_("&Addendum toevoegen…"), self)
        self.addendum_button.setToolTip(_("Een gesloten verslag wordt nooit gewijzigd: een "
                                          "correctie is een gedateerd addendum."))
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(_("Verslag"))
        top = QHBoxLayout()
        top.addWidget(self.version_label)
        top.addWidget(self.version)
        top.addStretch(1)
        top.addWidget(self.addendum_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)

    def load(self, meeting_id: int | None) -> None:
        self.meeting_id = meeting_id
        self.version.blockSignals(True)
        self.version.clear()
        if meeting_id is None:
            self.record = None
            self.browser.clear()
            self.version.blockSignals(False)
            return
        try:
            self.record = meeting_record.meeting_record(self.store, meeting_id)
        except ExpertteamError as error:
            self.record = None
            self.browser.setPlainText(error.message)
            self.version.blockSignals(False)
            return
        latest = self.record.latest_version
        for number in range(latest, 0, -1):
            label = _("Versie {v} (zoals gesloten)").format(v=number) if number == 1 else \
                _("Versie {v} (met addendum)").format(v=number)
            self.version.addItem(label, number)
        self.version.setCurrentIndex(0)
        self.version.blockSignals(False)
        visible = latest > 1
        self.version.setVisible(visible)
        self.version_label.setVisible(visible)
        self.addendum_button.setVisible(self.record.locked)
        self._show()

    def _version_chosen(self, _index: int) -> None:
        number = self.version.currentData()
        if self.meeting_id is None or not isinstance(number, int):
            return
        try:
            self.record = meeting_record.meeting_record(self.store, self.meeting_id, number)
        except ExpertteamError as error:
            self.browser.setPlainText(error.message)
            return
        self._show()

    def set_show_names(self, show: bool) -> None:
        self.show_names = show
        self._show()

    def _show(self) -> None:
        if self.record is not None:
            self.browser.setHtml(record_html(self.record, self.show_names))
