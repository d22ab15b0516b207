"""The agenda of a meeting: the proposal, the coordinator's edits, summaries and decisions.

**The proposal** puts every open case that needs the table on the agenda once, in four groups
in this order (a case that fits several groups goes to the first; the other reasons show in the
item's title):

a. *Terugblik acties* — cases with open actions recorded in an earlier (closed) meeting. Every
   meeting opens with them: this is how open actions carry over.
b. *Nieuwe aanmelding* — cases with status "aangemeld" never discussed in a closed meeting.
c. *Acties verlopen of verlopend* — cases with an open action that is overdue on the meeting
   date or falls due within ``DUE_SOON_WORKING_DAYS`` working days after it (actions recorded
   outside a meeting, for instance by the coordinator between meetings).
d. *Evaluatie* — cases in status monitoring; cases whose actions are all finished (at least one
   done, none open: is the doorbraak reached, can the case be scaled down?); and cases not
   discussed for ``evaluation_weeks`` weeks (setting ``meetings.evaluation_weeks``, default 6),
   counted from the last closed meeting that discussed them or, if none did, from referral.

Items that a closed meeting left undiscussed (and did not drop) come back with
``carried_over_from_id`` set, first within their group. Closed cases never come back.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from expertteam.domain.enums import (
    ActionStatus,
    AgendaItemKind,
    AuditAction,
    CaseStatus,
    MeetingStatus,
)
from expertteam.domain.errors import NotFoundError, StateError, ValidationError
from expertteam.domain.pseudonym import pseudonym
from expertteam.domain.workdays import add_working_days
from expertteam.formatting import short_date as format_date
from expertteam.i18n import _, ngettext
from expertteam.services import audit
from expertteam.services.meeting_rules import (
    ensure_in_progress,
    ensure_not_closed,
    load_case,
    load_item,
    load_meeting,
)
from expertteam.services.store import Store
from expertteam.services.validation import clean_text
from expertteam.storage.models import Action, AgendaItem, Case, Decision, Meeting, Setting

EVALUATION_WEEKS_KEY = "meetings.evaluation_weeks"
DEFAULT_EVALUATION_WEEKS = 6
DUE_SOON_WORKING_DAYS = 5
GROUP_ORDER = (AgendaItemKind.ACTION_REVIEW, AgendaItemKind.NEW_REFERRAL,
               AgendaItemKind.ACTIONS_DUE, AgendaItemKind.EVALUATION, AgendaItemKind.OTHER)
TITLE_LENGTH = 300


@dataclass(frozen=True, slots=True)
class ProposedItem:
    kind: AgendaItemKind
    case_id: int | None
    case_number: str
    pseudonym: str
    child_name: str
    title: str
    reasons: tuple[str, ...]
    carried_over_from_id: int | None
    open_actions: int
    overdue_actions: int
    on_agenda: bool


@dataclass(frozen=True, slots=True)
class AgendaItemInfo:
    id: int
    meeting_id: int
    position: int
    kind: AgendaItemKind
    case_id: int | None
    case_number: str
    pseudonym: str
    child_name: str
    title: str
    summary: str
    discussed: bool
    dropped: bool
    carried_over_from_id: int | None
    decision_count: int
    new_action_count: int

    def heading(self, show_names: bool = False) -> str:
        """The child (pseudonym, or name when revealed) or, for a general item, its title."""
        if self.case_id is None:
            return self.title
        if show_names:
            return f"{self.case_number} · {self.child_name}"
        return self.pseudonym


@dataclass(frozen=True, slots=True)
class DecisionInfo:
    id: int
    agenda_item_id: int
    text: str
    withdrawn: bool
    recorded_at: datetime


# --------------------------------------------------------------------------- proposal

@dataclass
class _CaseFacts:
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
    carried: AgendaItem | None = None
    carried_from: date | None = None
    reasons: list[str] = field(default_factory=list)


def evaluation_weeks(session: Session) -> int:
    row = session.get(Setting, EVALUATION_WEEKS_KEY)
    if row is None:
        return DEFAULT_EVALUATION_WEEKS
    value = json.loads(row.value)
    return int(value) if isinstance(value, int) and value > 0 else DEFAULT_EVALUATION_WEEKS


def _load_facts(session: Session, meeting: Meeting) -> dict[int, _CaseFacts]:
    reference = meeting.held_on
    horizon = add_working_days(reference, DUE_SOON_WORKING_DAYS)
    facts = {
        row.id: _CaseFacts(row.case_number, row.given_names, row.surname, row.birth_date,
                           row.status, row.referred_on)
        for row in session.execute(
            select(Case.id, Case.case_number, Case.given_names, Case.surname, Case.birth_date,
                   Case.status, Case.referred_on)
            .where(Case.status != CaseStatus.CLOSED, Case.purged_on.is_(None)))
    }
    open_actions = session.execute(
        select(Action.case_id, Action.due_on, Meeting.id, Meeting.status)
        .outerjoin(AgendaItem, Action.agenda_item_id == AgendaItem.id)
        .outerjoin(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(Action.status == ActionStatus.OPEN))
    for case_id, due_on, from_meeting, from_status in open_actions:
        case = facts.get(case_id)
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
    for case_id, status, count in session.execute(
            select(Action.case_id, Action.status, func.count(Action.id))
            .where(Action.status != ActionStatus.OPEN).group_by(Action.case_id, Action.status)):
        if case_id in facts:
            facts[case_id].finished += count
            if status is ActionStatus.DONE:
                facts[case_id].done += count
    for discussed_case, last in session.execute(
            select(AgendaItem.case_id, func.max(Meeting.held_on))
            .join(Meeting, AgendaItem.meeting_id == Meeting.id)
            .where(Meeting.status == MeetingStatus.CLOSED, Meeting.id != meeting.id,
                   AgendaItem.discussed.is_(True), AgendaItem.case_id.is_not(None))
            .group_by(AgendaItem.case_id)):
        if discussed_case is not None and discussed_case in facts:
            facts[discussed_case].last_discussed = last
    latest: dict[int, tuple[AgendaItem, date]] = {}
    for item, held_on in session.execute(
            select(AgendaItem, Meeting.held_on)
            .join(Meeting, AgendaItem.meeting_id == Meeting.id)
            .where(Meeting.status == MeetingStatus.CLOSED, Meeting.id != meeting.id,
                   AgendaItem.case_id.is_not(None))
            .order_by(Meeting.held_on, Meeting.id, AgendaItem.position)):
        assert item.case_id is not None
        latest[item.case_id] = (item, held_on)
    for case_id, (item, held_on) in latest.items():
        if case_id in facts and not item.discussed and not item.dropped:
            facts[case_id].carried, facts[case_id].carried_from = item, held_on
    return facts


def _due_for_evaluation(case: _CaseFacts, reference: date, weeks: int) -> bool:
    """Not discussed for ``weeks``: true, with the reason added to the case's reasons."""
    since = case.last_discussed or case.referred_on
    if reference - since < timedelta(weeks=weeks):
        return False
    passed = (reference - since).days // 7
    text = ngettext("{n} week niet besproken", "{n} weken niet besproken", passed) \
        if case.last_discussed else \
        ngettext("nog niet besproken, aangemeld {n} week geleden",
                 "nog niet besproken, aangemeld {n} weken geleden", passed)
    if case.carried is None:  # else "niet besproken op …" already says it
        case.reasons.append(text.format(n=passed))
    return True


def _kind_and_reasons(case: _CaseFacts, reference: date, weeks: int) -> AgendaItemKind | None:
    reasons = case.reasons
    if case.carried is not None and case.carried_from is not None:
        reasons.append(_("Niet besproken op {date}").format(date=format_date(case.carried_from)))
    if case.earlier_open:
        reasons.append(ngettext("{n} open actie uit eerder overleg",
                                "{n} open acties uit eerder overleg", case.earlier_open)
                       .format(n=case.earlier_open))
    is_new = case.status is CaseStatus.REFERRED and case.last_discussed is None
    if is_new:
        reasons.append(_("Aangemeld op {date}").format(date=format_date(case.referred_on)))
    if case.overdue:
        reasons.append(ngettext("{n} actie verlopen", "{n} acties verlopen", case.overdue)
                       .format(n=case.overdue))
    if case.due_soon:
        reasons.append(ngettext("{n} actie verloopt binnenkort", "{n} acties verlopen binnenkort",
                                case.due_soon).format(n=case.due_soon))
    evaluation = False
    if case.status is CaseStatus.MONITORING:
        reasons.append(_("Status monitoring"))
        evaluation = True
    if case.open_total == 0 and case.done > 0:
        reasons.append(_("Alle acties afgerond"))
        evaluation = True
    if not is_new and _due_for_evaluation(case, reference, weeks):
        evaluation = True
    if case.earlier_open:
        return AgendaItemKind.ACTION_REVIEW
    if is_new:
        return AgendaItemKind.NEW_REFERRAL
    if case.overdue or case.due_soon:
        return AgendaItemKind.ACTIONS_DUE
    if evaluation:
        return AgendaItemKind.EVALUATION
    if case.carried is not None:
        return case.carried.kind
    return None


def _proposal(session: Session, meeting: Meeting) -> list[ProposedItem]:
    facts = _load_facts(session, meeting)
    weeks = evaluation_weeks(session)
    on_agenda = {item.case_id for item in meeting.agenda_items if item.case_id is not None}
    carried_here = {item.carried_over_from_id for item in meeting.agenda_items}
    keyed: list[tuple[tuple[object, ...], ProposedItem]] = []
    for case_id, case in facts.items():
        kind = _kind_and_reasons(case, meeting.held_on, weeks)
        if kind is None:
            continue
        title = " · ".join(case.reasons)
        item = ProposedItem(
            kind=kind, case_id=case_id, case_number=case.number,
            pseudonym=pseudonym(case.number, case.given, case.surname, case.birth),
            child_name=f"{case.given} {case.surname}", title=title[:TITLE_LENGTH],
            reasons=tuple(case.reasons),
            carried_over_from_id=case.carried.id if case.carried else None,
            open_actions=case.open_total, overdue_actions=case.overdue,
            on_agenda=case_id in on_agenda)
        within: tuple[object, ...] = (case.number,)
        if kind is AgendaItemKind.NEW_REFERRAL:
            within = (case.referred_on, case.number)
        elif kind is AgendaItemKind.ACTIONS_DUE:
            within = (case.earliest_due or date.max, case.number)
        keyed.append(((GROUP_ORDER.index(kind), case.carried is None, *within), item))
    previous = session.scalars(
        select(Meeting).where(Meeting.status == MeetingStatus.CLOSED, Meeting.id != meeting.id)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(1)).first()
    if previous is not None:
        for old in previous.agenda_items:
            if old.case_id is None and not old.discussed and not old.dropped:
                reason = _("Niet besproken op {date}").format(date=format_date(previous.held_on))
                keyed.append(((len(GROUP_ORDER), old.position), ProposedItem(
                    kind=old.kind, case_id=None, case_number="", pseudonym="", child_name="",
                    title=old.title, reasons=(reason,), carried_over_from_id=old.id,
                    open_actions=0, overdue_actions=0, on_agenda=old.id in carried_here)))
    keyed.sort(key=lambda pair: pair[0])
    return [item for _key, item in keyed]


def propose_agenda(store: Store, meeting_id: int) -> list[ProposedItem]:
    """The agenda the app proposes for a meeting (see the module docstring), each item marked
    whether it is already on the agenda. Changes nothing. Raises ``NotFoundError``."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        result = _proposal(session, meeting)
        audit.record(session, store, AuditAction.VIEW, "meeting", meeting.id,
                     detail=f"agenda proposal {len(result)} items")
        return result


def fill_agenda_in_session(session: Session, store: Store, meeting: Meeting) -> list[AgendaItem]:
    """Add the proposed items not yet on ``meeting``'s agenda, each after the last item of its
    group (a coordinator's order and dropped items are respected). Returns the new rows."""
    ensure_not_closed(meeting)
    order = sorted(meeting.agenda_items, key=lambda item: item.position)
    by_case = {item.case_id: item for item in order if item.case_id is not None}
    added: list[AgendaItem] = []
    for proposed in _proposal(session, meeting):
        existing = by_case.get(proposed.case_id) if proposed.case_id is not None else None
        if existing is not None:
            if existing.carried_over_from_id is None and proposed.carried_over_from_id:
                existing.carried_over_from_id = proposed.carried_over_from_id
            continue
        if proposed.on_agenda:
            continue
        item = AgendaItem(meeting=meeting, case_id=proposed.case_id, kind=proposed.kind,
                          title=proposed.title, position=0,
                          carried_over_from_id=proposed.carried_over_from_id)
        session.add(item)
        rank = GROUP_ORDER.index(proposed.kind)
        insert_at = 0
        for index, current in enumerate(order):
            if GROUP_ORDER.index(current.kind) <= rank:
                insert_at = index + 1
        order.insert(insert_at, item)
        added.append(item)
    for position, item in enumerate(order, start=1):
        item.position = position
    session.flush()
    for item in added:
        audit.record(session, store, AuditAction.CREATE, "agenda_item", item.id)
    return added


def fill_agenda(store: Store, meeting_id: int) -> list[AgendaItemInfo]:
    """Put the proposal on the agenda: add the proposed items that are not on it yet (a dropped
    item stays dropped). Returns the whole agenda. Raises ``NotFoundError`` or ``LockedError``
    (closed meeting)."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        fill_agenda_in_session(session, store, meeting)
        return _agenda(session, meeting)


# --------------------------------------------------------------------------- reading

def _agenda(session: Session, meeting: Meeting) -> list[AgendaItemInfo]:
    items = sorted(meeting.agenda_items, key=lambda item: item.position)
    item_ids = [item.id for item in items]
    decisions = dict(session.execute(
        select(Decision.agenda_item_id, func.count(Decision.id))
        .where(Decision.agenda_item_id.in_(item_ids), Decision.withdrawn.is_(False))
        .group_by(Decision.agenda_item_id)).all())
    actions = dict(session.execute(
        select(Action.agenda_item_id, func.count(Action.id))
        .where(Action.agenda_item_id.in_(item_ids)).group_by(Action.agenda_item_id)).all())
    return [item_info(item, decisions.get(item.id, 0), actions.get(item.id, 0))
            for item in items]


def item_info(item: AgendaItem, decision_count: int = 0, action_count: int = 0) -> AgendaItemInfo:
    case = item.case
    return AgendaItemInfo(
        id=item.id, meeting_id=item.meeting_id, position=item.position, kind=item.kind,
        case_id=item.case_id, case_number=case.case_number if case else "",
        pseudonym=pseudonym(case.case_number, case.given_names, case.surname, case.birth_date)
        if case else "",
        child_name=f"{case.given_names} {case.surname}" if case else "",
        title=item.title, summary=item.summary, discussed=item.discussed, dropped=item.dropped,
        carried_over_from_id=item.carried_over_from_id, decision_count=decision_count,
        new_action_count=action_count)


def list_agenda(store: Store, meeting_id: int) -> list[AgendaItemInfo]:
    """The agenda in order, dropped items included (marked). Raises ``NotFoundError``."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        audit.record(session, store, AuditAction.VIEW, "meeting", meeting.id, detail="agenda")
        return _agenda(session, meeting)


# --------------------------------------------------------------------------- editing

def add_agenda_item(store: Store, meeting_id: int, *, case_id: int | None = None,
                    title: str = "") -> AgendaItemInfo:
    """Add a case (or, without a case, a general item with a title) at the end of the agenda.
    A case that was dropped from this agenda comes back at its place.

    Raises ``NotFoundError``, ``ValidationError`` (case already on the agenda, no title),
    ``StateError`` (closed case) or ``LockedError`` (closed meeting)."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        ensure_not_closed(meeting)
        last = max((item.position for item in meeting.agenda_items), default=0)
        if case_id is None:
            text = clean_text(title, "title", _("Onderwerp"), required=True,
                              max_length=TITLE_LENGTH)
            item = AgendaItem(meeting=meeting, kind=AgendaItemKind.OTHER, title=text,
                              position=last + 1)
        else:
            case = load_case(session, case_id)
            if case.status is CaseStatus.CLOSED:
                raise StateError(_("Deze casus is afgesloten; heropen hem om hem te "
                                   "bespreken."))
            existing = next((i for i in meeting.agenda_items if i.case_id == case_id), None)
            if existing is not None:
                if not existing.dropped:
                    raise ValidationError("case_id", _("Deze casus staat al op de agenda."))
                existing.dropped = False
                audit.record(session, store, AuditAction.CHANGE, "agenda_item", existing.id,
                             detail="restored")
                return item_info(existing)
            proposed = next((p for p in _proposal(session, meeting) if p.case_id == case_id),
                            None)
            item = AgendaItem(
                meeting=meeting, case_id=case_id,
                kind=proposed.kind if proposed else AgendaItemKind.OTHER,
                title=proposed.title if proposed else
                clean_text(title, "title", _("Onderwerp"), max_length=TITLE_LENGTH),
                position=last + 1,
                carried_over_from_id=proposed.carried_over_from_id if proposed else None)
        session.add(item)
        session.flush()
        audit.record(session, store, AuditAction.CREATE, "agenda_item", item.id)
        session.refresh(item)
        return item_info(item)


def set_dropped(store: Store, item_id: int, dropped: bool) -> AgendaItemInfo:
    """Drop an item from the agenda (it stays listed, struck out, and does not carry over) or
    put it back. Raises ``NotFoundError``, ``LockedError`` (closed meeting) or ``StateError``
    (decisions or actions are already recorded on it)."""
    with store.transaction() as session:
        item = load_item(session, item_id)
        ensure_not_closed(item.meeting)
        if dropped and (any(not d.withdrawn for d in item.decisions) or session.scalars(
                select(func.count(Action.id)).where(Action.agenda_item_id == item.id)).one()):
            raise StateError(_("Op dit agendapunt zijn al besluiten of acties vastgelegd; het "
                               "kan niet meer van de agenda."))
        item.dropped = dropped
        audit.record(session, store, AuditAction.CHANGE, "agenda_item", item.id,
                     detail="dropped" if dropped else "restored")
        return item_info(item)


def reorder_agenda(store: Store, meeting_id: int,
                   item_ids: Sequence[int]) -> list[AgendaItemInfo]:
    """Put the agenda in the given order (all item ids of the meeting, dropped ones included).

    Raises ``NotFoundError``, ``ValidationError`` (not exactly this meeting's items) or
    ``LockedError`` (closed meeting)."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        ensure_not_closed(meeting)
        items = {item.id: item for item in meeting.agenda_items}
        if sorted(item_ids) != sorted(items):
            raise ValidationError("item_ids", _("De agenda is intussen gewijzigd; laad hem "
                                                "opnieuw en probeer het nog eens."))
        for position, item_id in enumerate(item_ids, start=1):
            items[item_id].position = position
        audit.record(session, store, AuditAction.CHANGE, "meeting", meeting.id,
                     detail="agenda order")
        session.flush()
        session.expire(meeting, ["agenda_items"])
        return _agenda(session, meeting)


def set_summary(store: Store, item_id: int, summary: str) -> AgendaItemInfo:
    """Record what was discussed on an agenda item (marks it discussed when not empty).

    Raises ``NotFoundError``, ``ValidationError``, ``LockedError`` (closed meeting) or
    ``StateError`` (meeting not started)."""
    with store.transaction() as session:
        item = load_item(session, item_id)
        ensure_in_progress(item.meeting)
        item.summary = clean_text(summary, "summary", _("Verslag"), max_length=8000,
                                  multiline=True)
        if item.summary:
            item.discussed = True
        audit.record(session, store, AuditAction.CHANGE, "agenda_item", item.id,
                     detail="summary")
        return item_info(item)


def set_discussed(store: Store, item_id: int, discussed: bool) -> AgendaItemInfo:
    """Mark an agenda item discussed (or not: then it carries over when the meeting closes).

    Raises ``NotFoundError``, ``LockedError`` (closed meeting) or ``StateError`` (not
    started)."""
    with store.transaction() as session:
        item = load_item(session, item_id)
        ensure_in_progress(item.meeting)
        item.discussed = discussed
        audit.record(session, store, AuditAction.CHANGE, "agenda_item", item.id,
                     detail=f"discussed:{int(discussed)}")
        return item_info(item)


def _decision_info(decision: Decision) -> DecisionInfo:
    return DecisionInfo(decision.id, decision.agenda_item_id, decision.text, decision.withdrawn,
                        decision.created_at)


def _load_decision(session: Session, decision_id: int) -> Decision:
    decision = session.get(Decision, decision_id)
    if decision is None:
        raise NotFoundError(_("Dit besluit bestaat niet (meer)."))
    ensure_in_progress(decision.agenda_item.meeting)
    return decision


def _decision_text(text: str) -> str:
    return clean_text(text, "text", _("Besluit"), required=True, max_length=4000,
                      multiline=True)


def add_decision(store: Store, item_id: int, text: str) -> DecisionInfo:
    """Record a decision on an agenda item (and mark the item discussed).

    Raises ``NotFoundError``, ``ValidationError`` (empty or too long), ``LockedError``
    (closed meeting) or ``StateError`` (meeting not started, item dropped)."""
    with store.transaction() as session:
        item = load_item(session, item_id)
        ensure_in_progress(item.meeting)
        if item.dropped:
            raise StateError(_("Dit agendapunt is van de agenda gehaald; zet het eerst terug."))
        decision = Decision(agenda_item=item, text=_decision_text(text))
        item.discussed = True
        session.add(decision)
        session.flush()
        audit.record(session, store, AuditAction.CREATE, "decision", decision.id)
        return _decision_info(decision)


def change_decision(store: Store, decision_id: int, text: str) -> DecisionInfo:
    """Change a decision's text while the meeting is in progress.

    Raises ``NotFoundError``, ``ValidationError``, ``LockedError`` or ``StateError``."""
    with store.transaction() as session:
        decision = _load_decision(session, decision_id)
        decision.text = _decision_text(text)
        audit.record(session, store, AuditAction.CHANGE, "decision", decision.id)
        return _decision_info(decision)


def set_decision_withdrawn(store: Store, decision_id: int, withdrawn: bool) -> DecisionInfo:
    """Withdraw a decision taken by mistake in this meeting (kept, not shown in the minutes),
    or restore it. Raises ``NotFoundError``, ``LockedError`` or ``StateError``."""
    with store.transaction() as session:
        decision = _load_decision(session, decision_id)
        decision.withdrawn = withdrawn
        audit.record(session, store, AuditAction.CHANGE, "decision", decision.id,
                     detail="withdrawn" if withdrawn else "restored")
        return _decision_info(decision)


def decisions_by_item(session: Session, item_ids: Sequence[int]) -> dict[int, list[DecisionInfo]]:
    """Decisions (withdrawn ones left out) per agenda item, in the order they were taken."""
    result: dict[int, list[DecisionInfo]] = defaultdict(list)
    for decision in session.scalars(
            select(Decision).where(Decision.agenda_item_id.in_(list(item_ids)),
                                   Decision.withdrawn.is_(False)).order_by(Decision.id)):
        result[decision.agenda_item_id].append(_decision_info(decision))
    return result
