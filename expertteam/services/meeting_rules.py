"""Loading meeting rows and the rules on what may change in which meeting status.

A planned meeting can be prepared (header, invitees, agenda); a meeting in progress records
attendance, summaries, decisions and actions; a closed meeting is locked: every change to its
record raises ``LockedError`` and the only way to correct it is a dated addendum.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, joinedload

from expertteam.domain.enums import MeetingStatus
from expertteam.domain.errors import LockedError, NotFoundError, StateError
from expertteam.i18n import _
from expertteam.storage.models.cases import Case
from expertteam.storage.models.meetings import AgendaItem, Meeting


def locked_message() -> str:
    return _("Dit overleg is gesloten; het verslag ligt vast. Leg een correctie vast als "
             "addendum bij het gesloten overleg.")


def load_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(_("Dit overleg bestaat niet (meer)."))
    return meeting


def load_item(session: Session, item_id: int) -> AgendaItem:
    """The agenda item with its meeting (every caller checks the meeting's state)."""
    item = session.get(AgendaItem, item_id, options=[joinedload(AgendaItem.meeting)])
    if item is None:
        raise NotFoundError(_("Dit agendapunt bestaat niet (meer)."))
    return item


def load_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None or case.purged_on is not None:
        raise NotFoundError(_("Deze casus bestaat niet (meer)."))
    return case


def ensure_not_closed(meeting: Meeting) -> None:
    """Raise ``LockedError`` when the meeting is closed."""
    if meeting.status is MeetingStatus.CLOSED:
        raise LockedError(locked_message())


def ensure_in_progress(meeting: Meeting) -> None:
    """Raise ``LockedError`` for a closed meeting, ``StateError`` for one not yet started."""
    ensure_not_closed(meeting)
    if meeting.status is not MeetingStatus.IN_PROGRESS:
        raise StateError(_("Het overleg is nog niet gestart. Start het overleg om besluiten en "
                           "acties vast te leggen."))
