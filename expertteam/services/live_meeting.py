"""What the chair's live screen shows: per agenda item the child's key facts, the decisions and
the actions, read in one go so that stepping through the cases needs no database round-trip.

The child's name is part of the data (the chair may reveal it); the screen shows the pseudonym
by default, and ``log_names_shown`` records in the audit log that names were revealed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.domain.enums import (
    ActionStatus,
    Attendance,
    AuditAction,
    BlockerKind,
    CaseStatus,
    MeasureKind,
    MeetingStatus,
    WaitingFor,
)
from expertteam.domain.errors import NotFoundError
from expertteam.domain.pseudonym import initials
from expertteam.domain.waiting import days_waiting
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.action_events import WITHDRAWN
from expertteam.services.action_rows import ActionInfo, fetch_actions
from expertteam.services.agenda import AgendaItemInfo, item_info
from expertteam.services.decisions import DecisionInfo, decisions_by_item
from expertteam.services.meeting_data import MeetingInfo, meeting_info
from expertteam.services.meeting_rules import load_meeting
from expertteam.services.store import Store
from expertteam.storage.models.actions import Action, ActionEvent
from expertteam.storage.models.cases import Case, CaseBlocker, Measure
from expertteam.storage.models.meetings import AgendaItem, Meeting
from expertteam.storage.models.organisations import Contact, Organisation


@dataclass(frozen=True, slots=True)
class BlockerLine:
    kind: BlockerKind
    provider_name: str
    since: date | None
    note: str


@dataclass(frozen=True, slots=True)
class CaseFacts:
    case_id: int
    case_number: str
    initials: str
    birth_year: int | None
    given_names: str
    surname: str
    status: CaseStatus
    municipality_name: str
    gi_name: str
    jeugdbeschermer_name: str
    waiting_for: WaitingFor | None
    waiting_since: date | None
    days_waiting: int | None
    referred_on: date
    referral_question: str
    goal: str
    measures: tuple[MeasureKind, ...]
    blockers: tuple[BlockerLine, ...]

    @property
    def pseudonym(self) -> str:
        return " · ".join(part for part in (self.case_number, self.initials,
                                            str(self.birth_year or "")) if part)

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surname}".strip()


@dataclass(frozen=True, slots=True)
class LiveItem:
    item: AgendaItemInfo
    case: CaseFacts | None
    decisions: tuple[DecisionInfo, ...]
    actions: tuple[ActionInfo, ...]

    @property
    def open_actions(self) -> tuple[ActionInfo, ...]:
        return tuple(a for a in self.actions if a.status is ActionStatus.OPEN)


@dataclass(frozen=True, slots=True)
class OwnerChoice:
    """One entry of the owner completer: an organisation, optionally with a contact."""

    organisation_id: int
    contact_id: int | None
    label: str
    present: bool


@dataclass(frozen=True, slots=True)
class LiveMeeting:
    meeting: MeetingInfo
    items: tuple[LiveItem, ...]
    owners: tuple[OwnerChoice, ...]


def _case_facts(session: Session, store: Store, case_ids: Sequence[int]) -> dict[int, CaseFacts]:
    today = store.today()
    organisations = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    contacts = dict(session.execute(select(Contact.id, Contact.name)).all())
    measures: dict[int, list[MeasureKind]] = defaultdict(list)
    for case_id, kind in session.execute(
            select(Measure.case_id, Measure.kind).where(Measure.case_id.in_(list(case_ids)),
                                                        Measure.removed.is_(False),
                                                        Measure.end_date.is_(None))
            .order_by(Measure.id)):
        measures[case_id].append(kind)
    blockers: dict[int, list[BlockerLine]] = defaultdict(list)
    for blocker in session.scalars(
            select(CaseBlocker).where(CaseBlocker.case_id.in_(list(case_ids)),
                                      CaseBlocker.resolved_on.is_(None))
            .order_by(CaseBlocker.id)):
        blockers[blocker.case_id].append(BlockerLine(
            blocker.kind, organisations.get(blocker.provider_id or -1, ""), blocker.since,
            blocker.note))
    result: dict[int, CaseFacts] = {}
    for case in session.scalars(select(Case).where(Case.id.in_(list(case_ids)))):
        waiting = case.waiting_since if case.waiting_for else None
        days = days_waiting(today, is_open=case.status is not CaseStatus.CLOSED,
                            waiting_for=case.waiting_for, waiting_since=case.waiting_since,
                            help_started_on=case.help_started_on)
        result[case.id] = CaseFacts(
            case_id=case.id, case_number=case.case_number,
            initials=initials(case.given_names, case.surname),
            birth_year=case.birth_date.year if case.birth_date else None,
            given_names=case.given_names, surname=case.surname, status=case.status,
            municipality_name=organisations.get(case.municipality_id or -1, ""),
            gi_name=organisations.get(case.gi_id or -1, ""),
            jeugdbeschermer_name=contacts.get(case.jeugdbeschermer_id or -1, ""),
            waiting_for=case.waiting_for, waiting_since=waiting,
            days_waiting=days,
            referred_on=case.referred_on, referral_question=case.referral_question,
            goal=case.goal, measures=tuple(measures[case.id]),
            blockers=tuple(blockers[case.id]))
    return result


def _live_items(session: Session, store: Store, meeting: Meeting,
                items: Sequence[AgendaItem]) -> list[LiveItem]:
    item_ids = [item.id for item in items]
    case_ids = [item.case_id for item in items if item.case_id is not None]
    facts = _case_facts(session, store, case_ids)
    decisions = decisions_by_item(session, item_ids)
    withdrawn = set(session.scalars(
        select(ActionEvent.action_id).where(ActionEvent.kind == WITHDRAWN,
                                            ActionEvent.action_id.in_(
                                                select(Action.id).where(
                                                    Action.case_id.in_(case_ids),
                                                    Action.status == ActionStatus.CANCELLED)))))
    by_case: dict[int, list[ActionInfo]] = defaultdict(list)
    for action in fetch_actions(session, store, case_ids=case_ids,
                                open_or_touched_in=meeting.id) if case_ids else []:
        if action.id not in withdrawn:
            by_case[action.case_id].append(action)
    new_counts: dict[int, int] = defaultdict(int)
    for actions in by_case.values():
        for action in actions:
            if action.agenda_item_id is not None:
                new_counts[action.agenda_item_id] += 1
    result = []
    for item in items:
        actions = by_case.get(item.case_id or -1, [])
        actions.sort(key=lambda a: (a.status is not ActionStatus.OPEN, a.due_on, a.number))
        result.append(LiveItem(
            item=item_info(item, len(decisions.get(item.id, [])), new_counts[item.id]),
            case=facts.get(item.case_id) if item.case_id is not None else None,
            decisions=tuple(decisions.get(item.id, [])), actions=tuple(actions)))
        if item.case_id is not None:
            audit.record(session, store, AuditAction.VIEW, "case", item.case_id,
                         detail=f"meeting {meeting.id}")
    return result


def _owners(session: Session, meeting: Meeting) -> tuple[OwnerChoice, ...]:
    present = {i.organisation_id for i in meeting.invitees
               if i.attendance is Attendance.PRESENT}
    invited_order = [i.organisation_id for i in meeting.invitees]
    organisations = list(session.scalars(select(Organisation).where(
        Organisation.active.is_(True)).order_by(Organisation.name)))

    def rank(org: Organisation) -> tuple[int, int]:
        if org.id in present:
            return (0, invited_order.index(org.id))
        if org.id in invited_order:
            return (1, invited_order.index(org.id))
        return (2, 0)

    choices: list[OwnerChoice] = []
    for org in sorted(organisations, key=rank):
        is_present = org.id in present
        choices.append(OwnerChoice(org.id, None, org.name, is_present))
        if is_present:
            for contact in org.contacts:
                if contact.active:
                    choices.append(OwnerChoice(org.id, contact.id,
                                               f"{org.name} — {contact.name}", True))
    return tuple(choices)


def live_meeting(store: Store, meeting_id: int) -> LiveMeeting:
    """Everything the live screen needs for a meeting: header, the agenda items that are not
    dropped with case facts, decisions and actions, and the owner choices (present
    organisations first). Each case shown is logged as viewed. Raises ``NotFoundError``."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        items = [item for item in sorted(meeting.agenda_items, key=lambda i: i.position)
                 if not item.dropped]
        audit.record(session, store, AuditAction.VIEW, "meeting", meeting.id, detail="live")
        return LiveMeeting(meeting_info(meeting), tuple(_live_items(session, store, meeting,
                                                                    items)),
                           _owners(session, meeting))


def live_item(store: Store, item_id: int) -> LiveItem:
    """One agenda item as the live screen shows it (to refresh it after a change).
    Raises ``NotFoundError``."""
    with store.transaction() as session:
        item = session.get(AgendaItem, item_id)
        if item is None:
            raise NotFoundError(_("Dit agendapunt bestaat niet (meer)."))
        return _live_items(session, store, item.meeting, [item])[0]


def owner_choices(store: Store, meeting_id: int) -> tuple[OwnerChoice, ...]:
    """The owner completer's entries for a meeting (present organisations and their contacts
    first). Raises ``NotFoundError``."""
    with store.transaction() as session:
        return _owners(session, load_meeting(session, meeting_id))


def remember_position(store: Store, meeting_id: int, item_id: int) -> None:
    """Keep which agenda item the live screen shows, so that it reopens there after a crash
    (only while the meeting is in progress). Not in the audit log: the position is no record
    of a child. Raises ``NotFoundError``."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        if meeting.status is MeetingStatus.IN_PROGRESS and meeting.live_item_id != item_id:
            meeting.live_item_id = item_id


def log_names_shown(store: Store, meeting_id: int) -> None:
    """Record in the audit log that the chair revealed the children's names on screen."""
    audit.record_now(store, AuditAction.VIEW, "meeting", meeting_id, detail="names shown")


__all__ = ["BlockerLine", "CaseFacts", "LiveItem", "LiveMeeting", "OwnerChoice", "live_item",
           "live_meeting", "log_names_shown", "owner_choices", "remember_position"]
