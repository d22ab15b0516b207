"""The facts the agenda proposal reads for every open case, as plain rows: its actions (open,
overdue, due soon, finished), when a closed meeting last discussed it, and the item a closed
meeting left undiscussed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import QueryableAttribute, Session

from expertteam.domain.enums import ActionStatus, AgendaItemKind, CaseStatus, MeetingStatus
from expertteam.domain.workdays import add_working_days
from expertteam.storage.models.actions import Action
from expertteam.storage.models.cases import Case
from expertteam.storage.models.meetings import AgendaItem, Meeting

DUE_SOON_WORKING_DAYS = 5
CaseColumn = QueryableAttribute[int] | QueryableAttribute[int | None]


@dataclass(frozen=True, slots=True)
class Carried:
    """A case's item in the last closed meeting that had it, neither discussed nor dropped."""

    id: int
    kind: AgendaItemKind
    held_on: date


@dataclass
class CaseFacts:
    """What the proposal knows of one open case; ``reasons`` fills while it is judged."""

    number: str
    given: str
    surname: str
    birth: date | None
    status: CaseStatus
    referred_on: date
    earlier_open: int = 0
    open_total: int = 0
    overdue: int = 0
    due_soon: int = 0
    earliest_due: date | None = None
    finished: int = 0
    done: int = 0
    last_discussed: date | None = None
    carried: Carried | None = None
    reasons: list[str] = field(default_factory=list)


def load_facts(session: Session, meeting: Meeting,
               case_id: int | None = None) -> dict[int, CaseFacts]:
    """The facts of every open case (or only of ``case_id``), read as plain rows."""

    def only(column: CaseColumn) -> ColumnElement[bool]:
        return column == case_id if case_id is not None else column.is_not(None)

    facts = {
        row.id: CaseFacts(row.case_number, row.given_names, row.surname, row.birth_date,
                           row.status, row.referred_on)
        for row in session.execute(
            select(Case.id, Case.case_number, Case.given_names, Case.surname, Case.birth_date,
                   Case.status, Case.referred_on)
            .where(Case.status != CaseStatus.CLOSED, Case.purged_on.is_(None), only(Case.id)))
    }
    _read_actions(session, meeting, facts, only)
    _read_discussions(session, meeting, facts, only)
    return facts


def _read_actions(session: Session, meeting: Meeting, facts: dict[int, CaseFacts],
                  only: Callable[[CaseColumn], ColumnElement[bool]]) -> None:
    reference = meeting.held_on
    horizon = add_working_days(reference, DUE_SOON_WORKING_DAYS)
    open_actions = session.execute(
        select(Action.case_id, Action.due_on, Meeting.id, Meeting.status)
        .outerjoin(AgendaItem, Action.agenda_item_id == AgendaItem.id)
        .outerjoin(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(Action.status == ActionStatus.OPEN, only(Action.case_id)))
    for action_case, due_on, from_meeting, from_status in open_actions:
        case = facts.get(action_case)
        if case is None:
            continue
        case.open_total += 1
        if from_meeting is not None and from_meeting != meeting.id and \
                from_status is MeetingStatus.CLOSED:
            case.earlier_open += 1
        if due_on < reference:
            case.overdue += 1
        elif due_on <= horizon:
            case.due_soon += 1
        if case.earliest_due is None or due_on < case.earliest_due:
            case.earliest_due = due_on
    for finished_case, status, count in session.execute(
            select(Action.case_id, Action.status, func.count(Action.id))
            .where(Action.status != ActionStatus.OPEN, only(Action.case_id))
            .group_by(Action.case_id, Action.status)):
        if finished_case in facts:
            facts[finished_case].finished += count
            if status is ActionStatus.DONE:
                facts[finished_case].done += count


def _read_discussions(session: Session, meeting: Meeting, facts: dict[int, CaseFacts],
                      only: Callable[[CaseColumn], ColumnElement[bool]]) -> None:
    for discussed_case, last in session.execute(
            select(AgendaItem.case_id, func.max(Meeting.held_on))
            .join(Meeting, AgendaItem.meeting_id == Meeting.id)
            .where(Meeting.status == MeetingStatus.CLOSED, Meeting.id != meeting.id,
                   AgendaItem.discussed.is_(True), only(AgendaItem.case_id))
            .group_by(AgendaItem.case_id)):
        if discussed_case is not None and discussed_case in facts:
            facts[discussed_case].last_discussed = last
    # Per case only its item in the last closed meeting that had it (the database picks it:
    # two years of meetings are hundreds of thousands of items).
    newest_first = func.row_number().over(
        partition_by=AgendaItem.case_id,
        order_by=(Meeting.held_on.desc(), Meeting.id.desc(), AgendaItem.position.desc()))
    ranked = (select(AgendaItem.case_id, AgendaItem.id, AgendaItem.kind, AgendaItem.discussed,
                     AgendaItem.dropped, Meeting.held_on, newest_first.label("newest"))
              .join(Meeting, AgendaItem.meeting_id == Meeting.id)
              .where(Meeting.status == MeetingStatus.CLOSED, Meeting.id != meeting.id,
                     only(AgendaItem.case_id))
              .subquery())
    for row in session.execute(select(ranked).where(ranked.c.newest == 1,
                                                    ranked.c.discussed.is_(False),
                                                    ranked.c.dropped.is_(False))):
        if row.case_id in facts:
            facts[row.case_id].carried = Carried(row.id, row.kind, row.held_on)
