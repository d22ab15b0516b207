"""Case conferences (expertteamoverleg): plan, invite, mark attendance, start, close, correct.

Status runs planned → in progress → closed. Closing locks the meeting's record (header, notes,
attendance, agenda, summaries, decisions); a later correction is a dated addendum that raises
``Meeting.version`` while the earlier version stays readable (``meeting_record(version=…)``).
Undiscussed agenda items and open actions carry over: they come back in the next meeting's
agenda proposal (``agenda_proposal.propose_agenda``), and closing fills the next planned
meeting's agenda with them straight away.

The agenda itself lives in ``services.agenda``, actions in ``services.actions`` and the read
model for the minutes in ``services.meeting_record`` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from expertteam.domain.enums import (
    ActionStatus,
    Attendance,
    AuditAction,
    MeetingStatus,
    OrganisationKind,
    UserRole,
)
from expertteam.domain.errors import LockedError, NotFoundError, StateError, ValidationError
from expertteam.i18n import _
from expertteam.services import agenda_proposal, audit
from expertteam.services.meeting_record import MeetingRecord, meeting_record
from expertteam.services.meeting_rules import (
    ensure_not_closed,
    load_meeting,
)
from expertteam.services.store import Store
from expertteam.services.validation import clean_text, plausible_date
from expertteam.storage.models.actions import Action
from expertteam.storage.models.cases import Case, CaseBlocker
from expertteam.storage.models.meetings import AgendaItem, Meeting, MeetingAddendum, MeetingInvitee
from expertteam.storage.models.organisations import Contact, Organisation
from expertteam.storage.models.system import UserProfile

__all__ = [
    "AddendumInfo",
    "ClosingSummary",
    "InviteeInfo",
    "InviteeInput",
    "MeetingInfo",
    "MeetingInput",
    "MeetingRecord",
    "MeetingRow",
    "SuggestedInvitee",
    "add_addendum",
    "add_invitee",
    "add_invitees",
    "close_meeting",
    "default_chair_name",
    "get_meeting",
    "list_meetings",
    "meeting_record",
    "plan_meeting",
    "remove_invitee",
    "set_attendance",
    "start_meeting",
    "suggest_invitees",
    "update_meeting",
]


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
class SuggestedInvitee:
    organisation_id: int
    organisation_name: str
    organisation_kind: OrganisationKind
    reason: str


@dataclass(frozen=True, slots=True)
class ClosingSummary:
    """What closing a meeting left for later: items and actions that carry over."""

    meeting: MeetingInfo
    undiscussed_items: int
    open_actions: int
    next_meeting_id: int | None
    added_to_next_meeting: int


# --------------------------------------------------------------------------- mapping

def _invitee_info(invitee: MeetingInvitee) -> InviteeInfo:
    return InviteeInfo(
        id=invitee.id, meeting_id=invitee.meeting_id, organisation_id=invitee.organisation_id,
        organisation_name=invitee.organisation.name,
        organisation_kind=invitee.organisation.kind, contact_id=invitee.contact_id,
        contact_name=invitee.contact.name if invitee.contact else "",
        attendance=invitee.attendance, late_addition=invitee.late_addition)


def _addendum_info(addendum: MeetingAddendum) -> AddendumInfo:
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
        invitees=tuple(_invitee_info(i) for i in meeting.invitees),
        addenda=tuple(_addendum_info(a) for a in meeting.addenda),
        live_item_id=meeting.live_item_id)


def _validated(data: MeetingInput) -> MeetingInput:
    if data.held_on is None:
        raise ValidationError("held_on", _("Vul de datum van het overleg in."))
    plausible_date(data.held_on, "held_on", _("Datum overleg"))
    return MeetingInput(
        held_on=data.held_on, starts_at=data.starts_at,
        place=clean_text(data.place, "place", _("Plaats")),
        chair_name=clean_text(data.chair_name, "chair_name", _("Voorzitter")),
        minute_taker_name=clean_text(data.minute_taker_name, "minute_taker_name",
                                     _("Notulist")),
        notes=clean_text(data.notes, "notes", _("Notities"), max_length=8000, multiline=True))


def _check_invitee(session: Session, meeting: Meeting, data: InviteeInput) -> None:
    organisation = session.get(Organisation, data.organisation_id)
    if organisation is None:
        raise ValidationError("organisation_id", _("De gekozen organisatie bestaat niet (meer)."))
    if data.contact_id is not None:
        contact = session.get(Contact, data.contact_id)
        if contact is None or contact.organisation_id != data.organisation_id:
            raise ValidationError("contact_id", _("De contactpersoon moet bij {organisation} "
                                                  "werken.").format(
                                                      organisation=organisation.name))
    for existing in meeting.invitees:
        if (existing.organisation_id, existing.contact_id) == (data.organisation_id,
                                                               data.contact_id):
            raise ValidationError("organisation_id", _("{organisation} staat al op de lijst "
                                                       "genodigden.").format(
                                                           organisation=organisation.name))


def _load_invitee(session: Session, invitee_id: int) -> MeetingInvitee:
    invitee = session.get(MeetingInvitee, invitee_id)
    if invitee is None:
        raise NotFoundError(_("Deze genodigde staat niet (meer) op de lijst."))
    return invitee


# --------------------------------------------------------------------------- use cases

def default_chair_name(store: Store) -> str:
    """The chair a new meeting starts with: the signed-in profile when that is a chair (the
    one planning leads it), otherwise the previous meeting's chair, otherwise the profile."""
    with store.transaction() as session:
        profile = session.get(UserProfile, store.actor_id) if store.actor_id else None
        if profile is not None and profile.role is UserRole.CHAIR:
            return profile.name
        previous = session.scalars(select(Meeting.chair_name).where(Meeting.chair_name != "")
                                   .order_by(Meeting.held_on.desc(), Meeting.id.desc())
                                   .limit(1)).first()
        return previous or (profile.name if profile is not None else "")


def plan_meeting(store: Store, data: MeetingInput,
                 invitees: Sequence[InviteeInput] = ()) -> MeetingInfo:
    """Plan a meeting with its invitees (status planned).

    Raises ``ValidationError`` for a missing or impossible date, text that is too long, an
    unknown organisation, a contact of another organisation or a double invitation."""
    clean = _validated(data)
    with store.transaction() as session:
        meeting = Meeting(held_on=clean.held_on, starts_at=clean.starts_at, place=clean.place,
                          chair_name=clean.chair_name,
                          minute_taker_name=clean.minute_taker_name, notes=clean.notes,
                          status=MeetingStatus.PLANNED, version=1)
        session.add(meeting)
        session.flush()
        for invitee in invitees:
            _check_invitee(session, meeting, invitee)
            meeting.invitees.append(MeetingInvitee(
                organisation_id=invitee.organisation_id, contact_id=invitee.contact_id,
                attendance=Attendance.UNKNOWN))
            session.flush()
        audit.record(session, store, AuditAction.CREATE, "meeting", meeting.id)
        session.flush()
        session.refresh(meeting)
        return meeting_info(meeting)


def update_meeting(store: Store, meeting_id: int, data: MeetingInput) -> MeetingInfo:
    """Change date, time, place, chair, minute taker or notes of a meeting not yet closed.

    Raises ``NotFoundError``, ``ValidationError`` or ``LockedError`` (closed meeting)."""
    clean = _validated(data)
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        ensure_not_closed(meeting)
        meeting.held_on, meeting.starts_at, meeting.place = (clean.held_on, clean.starts_at,
                                                             clean.place)
        meeting.chair_name, meeting.minute_taker_name = clean.chair_name, clean.minute_taker_name
        meeting.notes = clean.notes
        audit.record(session, store, AuditAction.CHANGE, "meeting", meeting.id)
        session.flush()
        return meeting_info(meeting)


def get_meeting(store: Store, meeting_id: int) -> MeetingInfo:
    """The meeting header with invitees and addenda. Raises ``NotFoundError``."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        audit.record(session, store, AuditAction.VIEW, "meeting", meeting.id)
        return meeting_info(meeting)


def list_meetings(store: Store, statuses: Sequence[MeetingStatus] = ()) -> list[MeetingRow]:
    """All meetings, the most recent date first (optionally only in ``statuses``)."""
    with store.transaction() as session:
        items = (select(AgendaItem.meeting_id, func.count(AgendaItem.id).label("n"))
                 .where(AgendaItem.dropped.is_(False)).group_by(AgendaItem.meeting_id)
                 .subquery())
        invited = (select(MeetingInvitee.meeting_id, func.count(MeetingInvitee.id).label("n"))
                   .group_by(MeetingInvitee.meeting_id).subquery())
        query = (select(Meeting.id, Meeting.held_on, Meeting.starts_at, Meeting.place,
                        Meeting.chair_name, Meeting.status, Meeting.version,
                        func.coalesce(items.c.n, 0), func.coalesce(invited.c.n, 0))
                 .outerjoin(items, items.c.meeting_id == Meeting.id)
                 .outerjoin(invited, invited.c.meeting_id == Meeting.id)
                 .order_by(Meeting.held_on.desc(), Meeting.id.desc()))
        if statuses:
            query = query.where(Meeting.status.in_(tuple(statuses)))
        rows = [MeetingRow(*row) for row in session.execute(query)]
        audit.record(session, store, AuditAction.VIEW, "meeting", "*",
                     detail=f"{len(rows)} rows")
        return rows


def add_invitee(store: Store, meeting_id: int, data: InviteeInput) -> InviteeInfo:
    """Invite an organisation (and optionally one of its contacts). During the meeting this is a
    late addition, marked present.

    Raises ``NotFoundError``, ``ValidationError`` or ``LockedError`` (closed meeting)."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        ensure_not_closed(meeting)
        _check_invitee(session, meeting, data)
        late = meeting.status is MeetingStatus.IN_PROGRESS
        invitee = MeetingInvitee(organisation_id=data.organisation_id,
                                 contact_id=data.contact_id, late_addition=late,
                                 attendance=Attendance.PRESENT if late else Attendance.UNKNOWN)
        meeting.invitees.append(invitee)
        session.flush()
        audit.record(session, store, AuditAction.CREATE, "meeting_invitee", invitee.id)
        session.refresh(invitee)
        return _invitee_info(invitee)


def add_invitees(store: Store, meeting_id: int,
                 invitees: Sequence[InviteeInput]) -> MeetingInfo:
    """Invite several organisations at once (all or none). Raises as ``add_invitee``."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        ensure_not_closed(meeting)
        late = meeting.status is MeetingStatus.IN_PROGRESS
        for data in invitees:
            _check_invitee(session, meeting, data)
            invitee = MeetingInvitee(organisation_id=data.organisation_id,
                                     contact_id=data.contact_id, late_addition=late,
                                     attendance=Attendance.PRESENT if late
                                     else Attendance.UNKNOWN)
            meeting.invitees.append(invitee)
            session.flush()
            audit.record(session, store, AuditAction.CREATE, "meeting_invitee", invitee.id)
        session.flush()
        session.refresh(meeting)
        return meeting_info(meeting)


def remove_invitee(store: Store, invitee_id: int) -> None:
    """Take an invitee off the list of a planned meeting, or undo a late addition.

    Raises ``NotFoundError``, ``LockedError`` (closed meeting) or ``StateError`` (a regular
    invitee of a meeting in progress: mark them absent instead)."""
    with store.transaction() as session:
        invitee = _load_invitee(session, invitee_id)
        meeting = invitee.meeting
        ensure_not_closed(meeting)
        if meeting.status is MeetingStatus.IN_PROGRESS and not invitee.late_addition:
            raise StateError(_("Het overleg is bezig: zet deze genodigde op afwezig of "
                               "afgemeld in plaats van hem van de lijst te halen."))
        audit.record(session, store, AuditAction.CHANGE, "meeting_invitee", invitee.id,
                     detail="removed")
        session.delete(invitee)


def set_attendance(store: Store, invitee_id: int, attendance: Attendance) -> InviteeInfo:
    """Mark an invitee present, absent or excused (or back to unknown).

    Raises ``NotFoundError``, ``ValidationError`` or ``LockedError`` (closed meeting)."""
    if not isinstance(attendance, Attendance):
        raise ValidationError("attendance", _("Kies aanwezig, afwezig of afgemeld."))
    with store.transaction() as session:
        invitee = _load_invitee(session, invitee_id)
        ensure_not_closed(invitee.meeting)
        invitee.attendance = attendance
        audit.record(session, store, AuditAction.CHANGE, "meeting_invitee", invitee.id,
                     detail=f"attendance:{attendance.value}")
        session.flush()
        return _invitee_info(invitee)


def suggest_invitees(store: Store, meeting_id: int) -> list[SuggestedInvitee]:
    """Organisations not yet invited that have a stake in the cases on the agenda (gemeente,
    GI, provider named in a blocker, owner of an open action), then those invited to the
    previous closed meeting. Raises ``NotFoundError``."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        invited = {i.organisation_id for i in meeting.invitees}
        case_ids = [item.case_id for item in meeting.agenda_items
                    if item.case_id is not None and not item.dropped]
        reasons: dict[int, str] = {}

        def note(organisation_id: int | None, reason: str) -> None:
            if organisation_id is not None and organisation_id not in invited:
                reasons.setdefault(organisation_id, reason)

        for municipality_id, gi_id in session.execute(
                select(Case.municipality_id, Case.gi_id).where(Case.id.in_(case_ids))):
            note(gi_id, _("GI van een casus op de agenda"))
            note(municipality_id, _("gemeente van een casus op de agenda"))
        for (owner_id,) in session.execute(
                select(Action.owner_organisation_id).where(
                    Action.case_id.in_(case_ids), Action.status == ActionStatus.OPEN)):
            note(owner_id, _("heeft een open actie"))
        for (provider_id,) in session.execute(
                select(CaseBlocker.provider_id).where(CaseBlocker.case_id.in_(case_ids),
                                                      CaseBlocker.resolved_on.is_(None))):
            note(provider_id, _("genoemd bij een knelpunt"))
        previous = session.scalars(
            select(Meeting).where(Meeting.status == MeetingStatus.CLOSED,
                                  Meeting.id != meeting.id)
            .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(1)).first()
        if previous is not None:
            for invitee in previous.invitees:
                note(invitee.organisation_id, _("was uitgenodigd voor het vorige overleg"))
        organisations = {o.id: o for o in session.scalars(
            select(Organisation).where(Organisation.id.in_(list(reasons)),
                                       Organisation.active.is_(True)))}
        audit.record(session, store, AuditAction.VIEW, "meeting", meeting.id,
                     detail="suggest invitees")
        result = [SuggestedInvitee(oid, organisations[oid].name, organisations[oid].kind, why)
                  for oid, why in reasons.items() if oid in organisations]
        return sorted(result, key=lambda s: (s.organisation_kind.label, s.organisation_name))


def start_meeting(store: Store, meeting_id: int) -> MeetingInfo:
    """Open a planned meeting (status in progress): from now on decisions and actions can be
    recorded. Raises ``NotFoundError``, ``LockedError`` (closed) or ``StateError`` (already
    started)."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        ensure_not_closed(meeting)
        if meeting.status is MeetingStatus.IN_PROGRESS:
            raise StateError(_("Dit overleg is al gestart."))
        meeting.status, meeting.started_at = MeetingStatus.IN_PROGRESS, store.now()
        audit.record(session, store, AuditAction.CHANGE, "meeting", meeting.id, detail="start")
        session.flush()
        return meeting_info(meeting)


def _next_planned(session: Session, meeting: Meeting) -> Meeting | None:
    return session.scalars(
        select(Meeting).where(Meeting.status == MeetingStatus.PLANNED,
                              Meeting.id != meeting.id, Meeting.held_on >= meeting.held_on)
        .order_by(Meeting.held_on, Meeting.id).limit(1)).first()


def close_meeting(store: Store, meeting_id: int) -> ClosingSummary:
    """Close a meeting in progress: its record is locked from now on. Undiscussed items and
    open actions carry over; when a later meeting is already planned, its agenda is filled
    with them (and with the rest of its proposal) right away.

    Raises ``NotFoundError``, ``LockedError`` (already closed) or ``StateError`` (not
    started)."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        if meeting.status is MeetingStatus.CLOSED:
            raise LockedError(_("Dit overleg is al gesloten."))
        if meeting.status is not MeetingStatus.IN_PROGRESS:
            raise StateError(_("Start het overleg voordat u het sluit."))
        # The same clock as the action history: the record replays events up to this moment.
        meeting.status, meeting.closed_at = MeetingStatus.CLOSED, store.now()
        undiscussed = sum(1 for item in meeting.agenda_items
                          if not item.discussed and not item.dropped)
        case_ids = [item.case_id for item in meeting.agenda_items if item.case_id is not None]
        open_actions = session.scalars(
            select(func.count(Action.id)).where(Action.case_id.in_(case_ids),
                                                Action.status == ActionStatus.OPEN)).one()
        audit.record(session, store, AuditAction.CHANGE, "meeting", meeting.id, detail="close")
        session.flush()
        following = _next_planned(session, meeting)
        added = 0
        if following is not None:
            added = len(agenda_proposal.fill_agenda_in_session(session, store, following).added)
        session.flush()
        return ClosingSummary(meeting_info(meeting), undiscussed, open_actions,
                              following.id if following else None, added)


def add_addendum(store: Store, meeting_id: int, text: str) -> AddendumInfo:
    """Record a dated correction to a closed meeting. The closed record is not changed; the
    meeting's version goes up by one and earlier versions stay readable.

    Raises ``NotFoundError``, ``ValidationError`` (empty text) or ``StateError`` (the meeting is
    not closed: change the record itself)."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        if meeting.status is not MeetingStatus.CLOSED:
            raise StateError(_("Een addendum hoort bij een gesloten overleg; dit overleg kunt u "
                               "nog gewoon aanpassen."))
        clean = clean_text(text, "text", _("Addendum"), required=True, max_length=8000,
                           multiline=True)
        meeting.version += 1
        addendum = MeetingAddendum(meeting_id=meeting.id, version=meeting.version, text=clean,
                                   recorded_by_id=store.actor_id, created_at=store.now())
        session.add(addendum)
        session.flush()
        audit.record(session, store, AuditAction.CREATE, "meeting_addendum", addendum.id,
                     detail=f"meeting {meeting.id} v{meeting.version}")
        return _addendum_info(addendum)
