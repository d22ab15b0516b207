"""What a meeting is made of: the input for planning one and inviting to it, and the meeting
read back (header, invitees, addenda, list rows, what closing left for later)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from expertteam.domain.enums import Attendance, MeetingStatus, OrganisationKind
from expertteam.storage.models.meetings import Meeting, MeetingAddendum, MeetingInvitee


@dataclass(frozen=True, slots=True)
class MeetingInput:
    held_on: date
    starts_at: time | None = None
    place: str = ""
    chair_name: str = ""
    minute_taker_name: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class InviteeInput:
    organisation_id: int
    contact_id: int | None = None


@dataclass(frozen=True, slots=True)
class InviteeInfo:
    id: int
    meeting_id: int
    organisation_id: int
    organisation_name: str
    organisation_kind: OrganisationKind
    contact_id: int | None
    contact_name: str
    attendance: Attendance
    late_addition: bool

    @property
    def label(self) -> str:
        return f"{self.organisation_name} — {self.contact_name}" if self.contact_name \
            else self.organisation_name


@dataclass(frozen=True, slots=True)
class AddendumInfo:
    id: int
    meeting_id: int
    version: int
    text: str
    recorded_at: datetime
    recorded_by_id: int | None


@dataclass(frozen=True, slots=True)
class MeetingInfo:
    id: int
    uuid: str
    held_on: date
    starts_at: time | None
    place: str
    chair_name: str
    minute_taker_name: str
    status: MeetingStatus
    notes: str
    started_at: datetime | None
    closed_at: datetime | None
    version: int
    invitees: tuple[InviteeInfo, ...]
    addenda: tuple[AddendumInfo, ...]
    live_item_id: int | None = None  # the agenda item the live screen showed last

    @property
    def locked(self) -> bool:
        return self.status is MeetingStatus.CLOSED

    @property
    def present(self) -> tuple[InviteeInfo, ...]:
        return tuple(i for i in self.invitees if i.attendance is Attendance.PRESENT)

    def to_input(self) -> MeetingInput:
        return MeetingInput(self.held_on, self.starts_at, self.place, self.chair_name,
                            self.minute_taker_name, self.notes)


@dataclass(frozen=True, slots=True)
class MeetingRow:
    """One line of the meeting list."""

    id: int
    held_on: date
    starts_at: time | None
    place: str
    chair_name: str
    status: MeetingStatus
    version: int
    item_count: int
    invitee_count: int


@dataclass(frozen=True, slots=True)
class ClosingSummary:
    """What closing a meeting left for later: items and actions that carry over."""

    meeting: MeetingInfo
    undiscussed_items: int
    open_actions: int
    next_meeting_id: int | None
    added_to_next_meeting: int


def invitee_info(invitee: MeetingInvitee) -> InviteeInfo:
    """The plain data of a loaded invitee row."""
    return InviteeInfo(
        id=invitee.id, meeting_id=invitee.meeting_id, organisation_id=invitee.organisation_id,
        organisation_name=invitee.organisation.name,
        organisation_kind=invitee.organisation.kind, contact_id=invitee.contact_id,
        contact_name=invitee.contact.name if invitee.contact else "",
        attendance=invitee.attendance, late_addition=invitee.late_addition)


def addendum_info(addendum: MeetingAddendum) -> AddendumInfo:
    """The plain data of a loaded addendum row."""
    return AddendumInfo(addendum.id, addendum.meeting_id, addendum.version, addendum.text,
                        addendum.created_at, addendum.recorded_by_id)


def meeting_info(meeting: Meeting) -> MeetingInfo:
    """The plain header of a loaded meeting row (for other services in the same session)."""
    return MeetingInfo(
        id=meeting.id, uuid=meeting.uuid, held_on=meeting.held_on, starts_at=meeting.starts_at,
        place=meeting.place, chair_name=meeting.chair_name,
        minute_taker_name=meeting.minute_taker_name, status=meeting.status,
        notes=meeting.notes, started_at=meeting.started_at, closed_at=meeting.closed_at,
        version=meeting.version,
        invitees=tuple(invitee_info(i) for i in meeting.invitees),
        addenda=tuple(addendum_info(a) for a in meeting.addenda),
        live_item_id=meeting.live_item_id)
