"""The agenda the app proposes for a meeting, and filling the agenda from it.

The proposal puts every open case that needs the table on the agenda once, in four groups
in this order (a case that fits several groups goes to the first; the other reasons show in the
item's title):

a. *Terugblik acties* — cases with open actions recorded in an earlier (closed) meeting. Every
   meeting opens with them: this is how open actions carry over.
b. *Nieuwe aanmelding* — cases with status "aangemeld" never discussed in a closed meeting.
c. *Acties verlopen of verlopend* — cases with an open action that is overdue on the meeting
   date or falls due within ``agenda_facts.DUE_SOON_WORKING_DAYS`` working days after it
   (actions recorded outside a meeting, for instance by the coordinator between meetings).
d. *Evaluatie* — cases in status monitoring; cases whose actions are all finished (at least one
   done, none open: is the doorbraak reached, can the case be scaled down?); and cases not
   discussed for ``evaluation_weeks`` weeks (setting ``meetings.evaluation_weeks``, default 6),
   counted from the last closed meeting that discussed them or, if none did, from referral.

Items that a closed meeting left undiscussed (and did not drop) come back with
``carried_over_from_id`` set, first within their group. Closed cases never come back.

The proposal lists every case that needs the table, in that order of priority; filling the
agenda takes at most ``proposal_limit`` items from it at a time (setting
``meetings.proposal_limit``, default 30: what one meeting can discuss), so a large region still
gets an agenda a chair can use. The rest stays proposed: the next fill takes the next ones.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.domain.enums import AgendaItemKind, AuditAction, CaseStatus, MeetingStatus
from expertteam.domain.pseudonym import pseudonym
from expertteam.formatting import short_date as format_date
from expertteam.i18n import _, ngettext
from expertteam.services import audit
from expertteam.services.agenda_facts import CaseFacts, load_facts
from expertteam.services.meeting_rules import ensure_not_closed, load_meeting
from expertteam.services.store import Store
from expertteam.storage.models.meetings import AgendaItem, Meeting
from expertteam.storage.models.system import Setting

EVALUATION_WEEKS_KEY = "meetings.evaluation_weeks"
DEFAULT_EVALUATION_WEEKS = 6
GROUP_ORDER = (AgendaItemKind.ACTION_REVIEW, AgendaItemKind.NEW_REFERRAL,
               AgendaItemKind.ACTIONS_DUE, AgendaItemKind.EVALUATION, AgendaItemKind.OTHER)
TITLE_LENGTH = 300
T = TypeVar("T")
PROPOSAL_LIMIT_KEY = "meetings.proposal_limit"
DEFAULT_PROPOSAL_LIMIT = 30


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


def _whole_setting(session: Session, key: str, default: int) -> int:
    row = session.get(Setting, key)
    if row is None:
        return default
    value = json.loads(row.value)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 \
        else default


def evaluation_weeks(session: Session) -> int:
    return _whole_setting(session, EVALUATION_WEEKS_KEY, DEFAULT_EVALUATION_WEEKS)


def proposal_limit(session: Session) -> int:
    """How many proposed items one fill puts on the agenda."""
    return _whole_setting(session, PROPOSAL_LIMIT_KEY, DEFAULT_PROPOSAL_LIMIT)


def _due_for_evaluation(case: CaseFacts, reference: date, weeks: int) -> bool:
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


def _kind_and_reasons(case: CaseFacts, reference: date, weeks: int) -> AgendaItemKind | None:
    reasons = case.reasons
    if case.carried is not None:
        reasons.append(_("Niet besproken op {date}").format(date=format_date(case.carried.held_on)))
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


@dataclass(frozen=True, slots=True)
class _Entry:
    """A proposed item before it is shown: the fill needs neither the pseudonym nor the name."""

    key: tuple[object, ...]
    kind: AgendaItemKind
    case_id: int | None
    title: str
    carried_over_from_id: int | None
    on_agenda: bool
    facts: CaseFacts | None = None
    general: ProposedItem | None = None

    def item(self) -> ProposedItem:
        if self.general is not None:
            return self.general
        case = self.facts
        assert case is not None
        return ProposedItem(
            kind=self.kind, case_id=self.case_id, case_number=case.number,
            pseudonym=pseudonym(case.number, case.given, case.surname, case.birth),
            child_name=f"{case.given} {case.surname}", title=self.title,
            reasons=tuple(case.reasons), carried_over_from_id=self.carried_over_from_id,
            open_actions=case.open_total, overdue_actions=case.overdue, on_agenda=self.on_agenda)


def _entries(session: Session, meeting: Meeting, case_id: int | None = None) -> list[_Entry]:
    """The proposal for ``meeting`` in order of priority (only ``case_id``'s item if given)."""
    facts = load_facts(session, meeting, case_id)
    weeks = evaluation_weeks(session)
    on_agenda = {item.case_id for item in meeting.agenda_items if item.case_id is not None}
    carried_here = {item.carried_over_from_id for item in meeting.agenda_items}
    entries: list[_Entry] = []
    for fact_case, case in facts.items():
        kind = _kind_and_reasons(case, meeting.held_on, weeks)
        if kind is None:
            continue
        within: tuple[object, ...] = (case.number,)
        if kind is AgendaItemKind.NEW_REFERRAL:
            within = (case.referred_on, case.number)
        elif kind is AgendaItemKind.ACTIONS_DUE:
            within = (case.earliest_due or date.max, case.number)
        entries.append(_Entry(
            (GROUP_ORDER.index(kind), case.carried is None, *within), kind, fact_case,
            " · ".join(case.reasons)[:TITLE_LENGTH], case.carried.id if case.carried else None,
            fact_case in on_agenda, facts=case))
    previous = None if case_id is not None else session.scalars(
        select(Meeting).where(Meeting.status == MeetingStatus.CLOSED, Meeting.id != meeting.id)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(1)).first()
    if previous is not None:
        for old in previous.agenda_items:
            if old.case_id is None and not old.discussed and not old.dropped:
                reason = _("Niet besproken op {date}").format(date=format_date(previous.held_on))
                general = ProposedItem(
                    kind=old.kind, case_id=None, case_number="", pseudonym="", child_name="",
                    title=old.title, reasons=(reason,), carried_over_from_id=old.id,
                    open_actions=0, overdue_actions=0, on_agenda=old.id in carried_here)
                entries.append(_Entry((len(GROUP_ORDER), old.position), old.kind, None,
                                      old.title, old.id, general.on_agenda, general=general))
    entries.sort(key=lambda entry: entry.key)
    return entries


def proposal_in_session(session: Session, meeting: Meeting,
                        case_id: int | None = None) -> list[ProposedItem]:
    """The proposal for ``meeting`` in order of priority (only ``case_id``'s item if given)."""
    return [entry.item() for entry in _entries(session, meeting, case_id)]


def propose_agenda(store: Store, meeting_id: int) -> list[ProposedItem]:
    """The agenda the app proposes for a meeting (see the module docstring), each item marked
    whether it is already on the agenda. Changes nothing. Raises ``NotFoundError``."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        result = proposal_in_session(session, meeting)
        audit.record(session, store, AuditAction.VIEW, "meeting", meeting.id,
                     detail=f"agenda proposal {len(result)} items")
        return result


def place_in_groups(existing: Sequence[T], new: Iterable[T], rank: Callable[[T], int]) -> list[T]:
    """``existing`` in its order with each of ``new`` inserted after the last item whose group
    (``rank``) is its own or an earlier one, in one pass (an agenda can be thousands long).

    The same as inserting them one by one at that place: such a place is after the last existing
    item of rank ≤ r (or before all), and among the new items placed there in order of rank."""
    ranks = [rank(item) for item in existing]
    last_up_to: dict[int, int] = {}
    slots: dict[int, tuple[list[int], list[T]]] = {}
    for item in new:
        item_rank = rank(item)
        if item_rank not in last_up_to:
            last_up_to[item_rank] = max((i for i, r in enumerate(ranks) if r <= item_rank),
                                        default=-1)
        slot_ranks, slot_items = slots.setdefault(last_up_to[item_rank], ([], []))
        at = bisect_right(slot_ranks, item_rank)
        slot_ranks.insert(at, item_rank)
        slot_items.insert(at, item)
    placed = list(slots.get(-1, ((), []))[1])
    for index, item in enumerate(existing):
        placed.append(item)
        placed.extend(slots.get(index, ((), []))[1])
    return placed


@dataclass(frozen=True, slots=True)
class Filled:
    """What one fill did: the items it added, and how many proposed items it left for later."""

    added: tuple[AgendaItem, ...]
    still_proposed: int


def fill_agenda_in_session(session: Session, store: Store, meeting: Meeting) -> Filled:
    """Add the first ``proposal_limit`` proposed items not yet on ``meeting``'s agenda, each after
    the last item of its group (a coordinator's order and dropped items are respected)."""
    ensure_not_closed(meeting)
    order = sorted(meeting.agenda_items, key=lambda item: item.position)
    by_case = {item.case_id: item for item in order if item.case_id is not None}
    limit, still_proposed = proposal_limit(session), 0
    added: list[AgendaItem] = []
    for proposed in _entries(session, meeting):
        existing = by_case.get(proposed.case_id) if proposed.case_id is not None else None
        if existing is not None:
            if existing.carried_over_from_id is None and proposed.carried_over_from_id:
                existing.carried_over_from_id = proposed.carried_over_from_id
            continue
        if proposed.on_agenda:
            continue
        if len(added) == limit:
            still_proposed += 1
            continue
        item = AgendaItem(meeting=meeting, case_id=proposed.case_id, kind=proposed.kind,
                          title=proposed.title, position=0,
                          carried_over_from_id=proposed.carried_over_from_id)
        session.add(item)
        added.append(item)
    placed = place_in_groups(order, added, lambda item: GROUP_ORDER.index(item.kind))
    for position, item in enumerate(placed, start=1):
        item.position = position
    session.flush()
    for item in added:
        audit.record(session, store, AuditAction.CREATE, "agenda_item", item.id)
    return Filled(tuple(added), still_proposed)
