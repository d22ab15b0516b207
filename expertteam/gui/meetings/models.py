"""Thin Qt table models over the plain rows the meeting and action services return."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from expertteam import clock
from expertteam.domain.enums import ActionStatus, Attendance
from expertteam.formatting import short_date as format_date
from expertteam.formatting import short_time
from expertteam.gui.meetings.style import (
    ABSENT_BACKGROUND,
    ATTENDANCE_MARK,
    DONE_FOREGROUND,
    DROPPED_FOREGROUND,
    MUTED_FOREGROUND,
    OVERDUE_BACKGROUND,
    OVERDUE_FOREGROUND,
    PRESENT_BACKGROUND,
    STATUS_MARK,
    due_text,
    local_time,
)
from expertteam.gui.table_model import RowTableModel
from expertteam.i18n import _, ngettext
from expertteam.services.action_events import ActionEventInfo
from expertteam.services.action_rows import ActionInfo
from expertteam.services.agenda import AgendaItemInfo
from expertteam.services.meeting_data import InviteeInfo, MeetingRow

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole


# --------------------------------------------------------------------------- meetings

class MeetingListModel(RowTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = (_("Datum"), _("Tijd"), _("Plaats"), _("Status"), _("Punten"))

    def set_rows(self, rows: Sequence[MeetingRow]) -> None:
        self._set(rows)

    def row_at(self, row: int) -> MeetingRow:
        result: MeetingRow = self._row(row)
        return result

    def cell(self, row: MeetingRow, column: int, role: int) -> Any:
        if role == DISPLAY:
            return (format_date(row.held_on),
                    short_time(row.starts_at),
                    row.place, row.status.label, str(row.item_count))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


# --------------------------------------------------------------------------- agenda

class AgendaColumn(IntEnum):
    POSITION = 0
    KIND = 1
    SUBJECT = 2
    STATE = 3
    REASON = 4


class AgendaModel(RowTableModel):
    """The agenda in order; dropped items stay listed, grey and struck out."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = (_("Nr"), _("Soort"), _("Kind / onderwerp"), _("Stand"),
                        _("Waarom op de agenda"))
        self.hide_names = True
        self._struck = QFont()
        self._struck.setStrikeOut(True)

    def set_items(self, items: Sequence[AgendaItemInfo]) -> None:
        self._set(items)

    def items(self) -> list[AgendaItemInfo]:
        return list(self._rows)

    def item_at(self, row: int) -> AgendaItemInfo:
        result: AgendaItemInfo = self._row(row)
        return result

    def set_hide_names(self, hide: bool) -> None:
        self.hide_names = hide
        if self._rows:
            column = int(AgendaColumn.SUBJECT)
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    def state_text(self, item: AgendaItemInfo) -> str:
        if item.dropped:
            return _("Geschrapt")
        parts = [_("Besproken") if item.discussed else _("Nog niet besproken")]
        if item.decision_count:
            parts.append(ngettext("{n} besluit", "{n} besluiten", item.decision_count)
                         .format(n=item.decision_count))
        if item.new_action_count:
            parts.append(ngettext("{n} actie", "{n} acties", item.new_action_count)
                         .format(n=item.new_action_count))
        return " · ".join(parts)

    def cell(self, item: AgendaItemInfo, column: int, role: int) -> Any:
        if role == DISPLAY:
            match AgendaColumn(column):
                case AgendaColumn.POSITION:
                    return str(item.position)
                case AgendaColumn.KIND:
                    return item.kind.label
                case AgendaColumn.SUBJECT:
                    return item.heading(show_names=not self.hide_names)
                case AgendaColumn.REASON:
                    return item.title if item.case_id is not None else ""
                case AgendaColumn.STATE:
                    return self.state_text(item)
        if role == Qt.ItemDataRole.ToolTipRole and column == AgendaColumn.REASON:
            return item.title or None
        if role == Qt.ItemDataRole.FontRole and item.dropped:
            return self._struck
        if role == Qt.ItemDataRole.ForegroundRole and item.dropped:
            return QBrush(DROPPED_FOREGROUND)
        return None


# --------------------------------------------------------------------------- attendance

class InviteeModel(RowTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = (_("Aanwezigheid"), _("Organisatie"), _("Contactpersoon"), _("Soort"))

    def set_invitees(self, invitees: Sequence[InviteeInfo]) -> None:
        self._set(invitees)

    def invitee_at(self, row: int) -> InviteeInfo:
        result: InviteeInfo = self._row(row)
        return result

    def cell(self, invitee: InviteeInfo, column: int, role: int) -> Any:
        if role == DISPLAY:
            if column == 0:
                text = f"{ATTENDANCE_MARK[invitee.attendance]} {invitee.attendance.label}"
                return text + (_(" (laat toegevoegd)") if invitee.late_addition else "")
            return (invitee.organisation_name, invitee.contact_name,
                    invitee.organisation_kind.label)[column - 1]
        if role == Qt.ItemDataRole.BackgroundRole:
            if invitee.attendance is Attendance.PRESENT:
                return QBrush(PRESENT_BACKGROUND)
            if invitee.attendance in (Attendance.ABSENT, Attendance.EXCUSED):
                return QBrush(ABSENT_BACKGROUND)
        return None


# --------------------------------------------------------------------------- actions

class ActionColumn(IntEnum):
    NUMBER = 0
    OWNER = 1
    CHILD = 2
    DESCRIPTION = 3
    DUE = 4
    OVERDUE = 5
    STATUS = 6
    POSTPONED = 7

    @property
    def title(self) -> str:
        return {
            ActionColumn.NUMBER: _("Nr"),
            ActionColumn.OWNER: _("Actiehouder"),
            ActionColumn.CHILD: _("Kind"),
            ActionColumn.DESCRIPTION: _("Actie"),
            ActionColumn.DUE: _("Termijn"),
            ActionColumn.OVERDUE: _("Verlopen"),
            ActionColumn.STATUS: _("Status"),
            ActionColumn.POSTPONED: _("Verzet"),
        }[self]


OVERVIEW_COLUMNS = tuple(ActionColumn)
LIVE_COLUMNS = (ActionColumn.NUMBER, ActionColumn.DESCRIPTION, ActionColumn.OWNER,
                ActionColumn.DUE, ActionColumn.STATUS)


def overdue_label(action: ActionInfo) -> str:
    """Text that says an action is overdue (colour never carries it alone)."""
    if not action.overdue:
        return ""
    days = max(1, action.working_days_overdue)
    return ngettext("! Verlopen · {n} werkdag", "! Verlopen · {n} werkdagen", days).format(n=days)


class ActionTableModel(RowTableModel):
    """Actions with overdue ones marked by colour and by text."""

    def __init__(self, columns: Sequence[ActionColumn] = OVERVIEW_COLUMNS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.headers = tuple(column.title for column in self.columns)
        self.hide_names = True
        self.today = clock.today()
        self._texts: dict[tuple[int, ActionColumn], str] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_actions(self, actions: Sequence[ActionInfo], today: date) -> None:
        self.today = today
        self._texts = {}
        self._set(actions)

    def actions(self) -> list[ActionInfo]:
        return list(self._rows)

    def action_at(self, row: int) -> ActionInfo:
        result: ActionInfo = self._row(row)
        return result

    def set_hide_names(self, hide: bool) -> None:
        self.hide_names = hide
        self._texts = {}
        if self._rows and ActionColumn.CHILD in self.columns:
            column = self.columns.index(ActionColumn.CHILD)
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    def display(self, action: ActionInfo, column: ActionColumn) -> str:
        match column:
            case ActionColumn.NUMBER:
                return str(action.number)
            case ActionColumn.OWNER:
                return action.owner_label
            case ActionColumn.CHILD:
                return action.pseudonym if self.hide_names else \
                    f"{action.case_number} · {action.child_name}"
            case ActionColumn.DESCRIPTION:
                return action.description
            case ActionColumn.DUE:
                if action.overdue and ActionColumn.OVERDUE in self.columns:
                    return f"! {format_date(action.due_on)}"  # the next column says how late
                text = due_text(action.due_on, action.status, self.today)
                return f"! {text}" if action.overdue else text
            case ActionColumn.OVERDUE:
                return overdue_label(action)
            case ActionColumn.STATUS:
                return f"{STATUS_MARK[action.status]} {action.status.label}"
            case ActionColumn.POSTPONED:
                return ngettext("{n} keer", "{n} keer", action.times_postponed).format(
                    n=action.times_postponed) if action.times_postponed else ""

    def cell(self, action: ActionInfo, column: int, role: int) -> Any:
        kind = self.columns[column]
        if role == DISPLAY:
            # Painting asks often; working days are counted once per cell, not per paint.
            key = (action.id, kind)
            text = self._texts.get(key)
            if text is None:
                text = self._texts[key] = self.display(action, kind)
            return text
        if role == Qt.ItemDataRole.ToolTipRole and kind in (ActionColumn.DESCRIPTION,
                                                            ActionColumn.OWNER):
            return self.display(action, kind)
        if role == Qt.ItemDataRole.BackgroundRole and action.overdue:
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if action.overdue:
                return QBrush(OVERDUE_FOREGROUND)
            if action.status is ActionStatus.DONE:
                return QBrush(DONE_FOREGROUND)
            if action.status is not ActionStatus.OPEN:
                return QBrush(MUTED_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and action.overdue and \
                kind in (ActionColumn.DUE, ActionColumn.OVERDUE):
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and kind is ActionColumn.NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class HistoryModel(RowTableModel):
    """The dated history of one action."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = (_("Wanneer"), _("In overleg"), _("Wijziging"), _("Vastgelegd door"))

    def set_events(self, events: Sequence[ActionEventInfo]) -> None:
        self._set(events)

    def cell(self, event: ActionEventInfo, column: int, role: int) -> Any:
        if role == DISPLAY:
            return (local_time(event.at),
                    format_date(event.meeting_held_on) if event.meeting_held_on else "",
                    event.description, event.recorded_by_name)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return event.description
        return None
