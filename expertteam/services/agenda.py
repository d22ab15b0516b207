"""The agenda of a meeting: filled from the proposal (``agenda_proposal``), then the
coordinator's edits (items added, dropped, reordered) and, in the meeting, summaries and whether
an item was discussed. Decisions are in ``decisions``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from expertteam.domain.enums import AgendaItemKind, AuditAction, CaseStatus
from expertteam.domain.errors import StateError, ValidationError
from expertteam.domain.pseudonym import pseudonym
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.agenda_proposal import (
    TITLE_LENGTH,
    fill_agenda_in_session,
    proposal_in_session,
)
from expertteam.services.meeting_rules import (
    ensure_in_progress,
    ensure_not_closed,
    load_case,
    load_item,
    load_meeting,
)
from expertteam.services.store import Store
from expertteam.services.validation import clean_text
from expertteam.storage.models.actions import Action
from expertteam.storage.models.meetings import AgendaItem, Decision, Meeting


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
class FilledAgenda:
    agenda: list[AgendaItemInfo]
    added: int
    still_proposed: int
    """Proposed items left off this time (the proposal limit); the next fill adds them."""


def fill_agenda(store: Store, meeting_id: int) -> FilledAgenda:
    """Put the proposal on the agenda: add the first proposed items that are not on it yet, up
    to the proposal limit (a dropped item stays dropped), and return the whole agenda.
    Raises ``NotFoundError`` or ``LockedError`` (closed meeting)."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        filled = fill_agenda_in_session(session, store, meeting)
        return FilledAgenda(_agenda(session, meeting), len(filled.added), filled.still_proposed)


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
            proposed = next(iter(proposal_in_session(session, meeting, case_id)), None)
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
