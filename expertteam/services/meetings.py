"""Case conferences (expertteamoverleg): plan, start, close and correct a meeting; its
invitees are in ``meeting_invitees``, its agenda in ``agenda``, its minutes in ``meeting_record``.
Status runs planned → in progress → closed; closing locks the record, a correction is a dated
addendum that raises ``Meeting.version`` (earlier versions stay readable)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from expertteam.domain.enums import ActionStatus, Attendance, AuditAction, MeetingStatus, UserRole
from expertteam.domain.errors import LockedError, StateError, ValidationError
from expertteam.i18n import _
from expertteam.services import agenda_proposal, audit
from expertteam.services.meeting_data import (
    AddendumInfo,
    ClosingSummary,
    InviteeInput,
    MeetingInfo,
    MeetingInput,
    MeetingRow,
    addendum_info,
    meeting_info,
)
from expertteam.services.meeting_invitees import check_invitee
from expertteam.services.meeting_rules import ensure_not_closed, load_meeting
from expertteam.services.store import Store
from expertteam.services.validation import clean_text, plausible_date
from expertteam.storage.models.actions import Action
from expertteam.storage.models.meetings import AgendaItem, Meeting, MeetingAddendum, MeetingInvitee
from expertteam.storage.models.system import UserProfile


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
            check_invitee(session, meeting, invitee)
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
        return addendum_info(addendum)
