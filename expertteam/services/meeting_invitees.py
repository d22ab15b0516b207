"""Who comes to a meeting: invite organisations and their contacts, mark attendance, and
suggest who has a stake in the cases on the agenda."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.domain.enums import (
    ActionStatus,
    Attendance,
    AuditAction,
    MeetingStatus,
    OrganisationKind,
)
from expertteam.domain.errors import NotFoundError, StateError, ValidationError
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.meeting_data import (
    InviteeInfo,
    InviteeInput,
    MeetingInfo,
    invitee_info,
    meeting_info,
)
from expertteam.services.meeting_rules import ensure_not_closed, load_meeting
from expertteam.services.store import Store
from expertteam.storage.models.actions import Action
from expertteam.storage.models.cases import Case, CaseBlocker
from expertteam.storage.models.meetings import Meeting, MeetingInvitee
from expertteam.storage.models.organisations import Contact, Organisation


@dataclass(frozen=True, slots=True)
class SuggestedInvitee:
    organisation_id: int
    organisation_name: str
    organisation_kind: OrganisationKind
    reason: str


def check_invitee(session: Session, meeting: Meeting, data: InviteeInput) -> None:
    """Raises ``ValidationError`` for an unknown organisation, a contact of another
    organisation or someone already on the meeting's list."""
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


def add_invitee(store: Store, meeting_id: int, data: InviteeInput) -> InviteeInfo:
    """Invite an organisation (and optionally one of its contacts). During the meeting this is a
    late addition, marked present.

    Raises ``NotFoundError``, ``ValidationError`` or ``LockedError`` (closed meeting)."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        ensure_not_closed(meeting)
        check_invitee(session, meeting, data)
        late = meeting.status is MeetingStatus.IN_PROGRESS
        invitee = MeetingInvitee(organisation_id=data.organisation_id,
                                 contact_id=data.contact_id, late_addition=late,
                                 attendance=Attendance.PRESENT if late else Attendance.UNKNOWN)
        meeting.invitees.append(invitee)
        session.flush()
        audit.record(session, store, AuditAction.CREATE, "meeting_invitee", invitee.id)
        session.refresh(invitee)
        return invitee_info(invitee)


def add_invitees(store: Store, meeting_id: int,
                 invitees: Sequence[InviteeInput]) -> MeetingInfo:
    """Invite several organisations at once (all or none). Raises as ``add_invitee``."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        ensure_not_closed(meeting)
        late = meeting.status is MeetingStatus.IN_PROGRESS
        for data in invitees:
            check_invitee(session, meeting, data)
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
        return invitee_info(invitee)


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
