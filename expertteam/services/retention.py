"""Retention (AVG): closed cases past the region's retention period are listed for review, and
purging them is an explicit, logged act.

Purging keeps an anonymous stub for the statistics: the case number's year, gemeente, GI, the
dates, the blockers (their kinds), the closing result and the dated history of tracked fields.
It removes the child's name, BSN and birth date, every free text about the case (referral
question, goal, notes, agenda texts, decisions, action descriptions) and the link to the
jeugdbeschermer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.domain.enums import AuditAction, AuditResult, CaseStatus, ClosingResult
from expertteam.domain.errors import NotFoundError, StateError, ValidationError
from expertteam.domain.pseudonym import pseudonym
from expertteam.domain.workdays import add_months
from expertteam.formatting import short_date
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services import settings as settings_service
from expertteam.services.store import Store
from expertteam.storage.models import (
    Action,
    ActionEvent,
    AgendaItem,
    Case,
    CaseBlocker,
    Decision,
    Measure,
)

RETENTION_KEY = "retention.years"
DEFAULT_RETENTION_YEARS = 5
MIN_RETENTION_YEARS = 1
MAX_RETENTION_YEARS = 30
PURGED_TEXT = ""


@dataclass(frozen=True, slots=True)
class PurgeCandidate:
    """A closed case whose retention period has passed (pseudonymised for the review list)."""

    id: int
    case_number: str
    pseudonym: str
    closed_on: date
    closing_result: ClosingResult | None
    keep_until: date


@dataclass(frozen=True, slots=True)
class PurgeResult:
    purged_ids: tuple[int, ...]
    purged_on: date


def retention_years(store: Store) -> int:
    """The configured retention period in whole years after closing (default 5)."""
    value = settings_service.get_value(store, RETENTION_KEY, DEFAULT_RETENTION_YEARS)
    if isinstance(value, int) and MIN_RETENTION_YEARS <= value <= MAX_RETENTION_YEARS:
        return value
    return DEFAULT_RETENTION_YEARS


def set_retention_years(store: Store, years: int) -> int:
    """Set the retention period (1 to 30 years after closing); logged. Raises
    ``ValidationError`` on ``retention_years``."""
    if isinstance(years, bool) or not isinstance(years, int) or \
            not MIN_RETENTION_YEARS <= years <= MAX_RETENTION_YEARS:
        raise ValidationError("retention_years", _(
            "De bewaartermijn is een heel aantal jaren van {low} tot en met {high}.")
            .format(low=MIN_RETENTION_YEARS, high=MAX_RETENTION_YEARS))
    settings_service.set_value(store, RETENTION_KEY, years)  # logged with the change
    return years


def _keep_until(closed_on: date, years: int) -> date:
    return add_months(closed_on, 12 * years)


def list_due_for_purge(store: Store) -> list[PurgeCandidate]:
    """Closed, not yet purged cases whose retention period ended on or before today, oldest
    first; viewing the list is logged."""
    years = retention_years(store)
    today = store.today()
    with store.transaction() as session:
        rows = session.scalars(select(Case).where(
            Case.status == CaseStatus.CLOSED, Case.purged_on.is_(None),
            Case.closed_on.is_not(None)).order_by(Case.closed_on, Case.id)).all()
        due = [PurgeCandidate(c.id, c.case_number,
                              pseudonym(c.case_number, c.given_names, c.surname, c.birth_date),
                              c.closed_on, c.closing_result, _keep_until(c.closed_on, years))
               for c in rows
               if c.closed_on is not None and _keep_until(c.closed_on, years) <= today]
        audit.record(session, store, AuditAction.VIEW, "retention_review", "*",
                     detail=f"{len(due)} due")
        return due


def _stub_number(case: Case) -> str:
    year = case.case_number.split("-")[1] if case.case_number.count("-") >= 2 else "0000"
    return f"ET-{year[:4]}-V{case.id:06d}"


def _purge_one(session: Session, store: Store, case: Case, years: int) -> None:
    today = store.today()
    if case.status is not CaseStatus.CLOSED or case.closed_on is None:
        raise StateError(_("Alleen afgesloten casussen kunnen worden verwijderd."))
    if _keep_until(case.closed_on, years) > today:
        raise StateError(_("De bewaartermijn van casus {number} loopt nog tot {until}.")
                         .format(number=case.case_number,
                                 until=short_date(_keep_until(case.closed_on, years))))
    case.case_number = _stub_number(case)
    case.given_names = PURGED_TEXT
    case.surname = PURGED_TEXT
    case.birth_date = None
    case.bsn = None
    case.jeugdbeschermer_id = None
    case.referred_by_name = PURGED_TEXT
    case.referral_question = PURGED_TEXT
    case.goal = PURGED_TEXT
    case.closing_note = PURGED_TEXT
    case.purged_on = today
    for blocker in session.scalars(select(CaseBlocker).where(CaseBlocker.case_id == case.id)):
        blocker.note = PURGED_TEXT
    for measure in session.scalars(select(Measure).where(Measure.case_id == case.id)):
        measure.end_reason = PURGED_TEXT
    items = list(session.scalars(select(AgendaItem).where(AgendaItem.case_id == case.id)))
    for item in items:
        item.title = PURGED_TEXT
        item.summary = PURGED_TEXT
    item_ids = [item.id for item in items]
    if item_ids:
        for decision in session.scalars(select(Decision).where(
                Decision.agenda_item_id.in_(item_ids))):
            decision.text = PURGED_TEXT
    actions = list(session.scalars(select(Action).where(Action.case_id == case.id)))
    for action in actions:
        action.description = PURGED_TEXT
        action.owner_contact_id = None
    if actions:
        for event in session.scalars(select(ActionEvent).where(
                ActionEvent.action_id.in_([a.id for a in actions]))):
            event.note = PURGED_TEXT
    audit.record(session, store, AuditAction.PURGE, "case", case.id)


def purge_cases(store: Store, case_ids: list[int]) -> PurgeResult:
    """Purge the given cases (all or none): personal data removed, anonymous stub kept; one
    PURGE entry per case in the log.

    Raises ``ValidationError`` for an empty selection, ``NotFoundError`` for an unknown or
    already purged case, ``StateError`` for a case not closed or still within its term."""
    if not isinstance(case_ids, (list, tuple)) or not case_ids or \
            not all(isinstance(i, int) and not isinstance(i, bool) for i in case_ids):
        raise ValidationError("case_ids", _("Kies de casussen die u wilt verwijderen."))
    years = retention_years(store)
    try:
        with store.transaction() as session:
            for case_id in dict.fromkeys(case_ids):
                case = session.get(Case, case_id)
                if case is None or case.purged_on is not None:
                    raise NotFoundError(_("Deze casus bestaat niet (meer)."))
                _purge_one(session, store, case, years)
    except (StateError, NotFoundError):
        audit.record_now(store, AuditAction.PURGE, "case", ",".join(map(str, case_ids))[:40],
                         result=AuditResult.REFUSED)
        raise
    return PurgeResult(tuple(dict.fromkeys(case_ids)), store.today())
