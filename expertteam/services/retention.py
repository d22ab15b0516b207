"""Retention (AVG): closed cases past the region's retention period are listed for review, and
purging them is an explicit, logged act.

Purging keeps an anonymous stub for the statistics: the case number's year, gemeente, GI, the
dates, the blockers (their kinds), the closing result and the dated history of tracked fields.
It removes the child's name, BSN and birth date, the names its case hid, its draft, every free
text about the case (referral question, goal, notes, agenda texts, decisions, action
descriptions) and the link to the jeugdbeschermer.

Purge means gone: every other text in the database (meeting notes, escalation texts and
answers, letter texts and frozen letters, settings) then has the child's identifiers and old
case number replaced (``services/residue.py``; a name another child shares is left alone), a
stored letter PDF is rendered again from its redacted content, and a scan of every text and
blob column must come back empty or the purge is rolled back. Afterwards the database file is
rebuilt without free pages (with ``secure_delete`` on, overwritten rows are zeroed), so a
backup made after the purge holds none of it either.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.domain.enums import AuditAction, AuditResult, CaseStatus, ClosingResult
from expertteam.domain.errors import NotFoundError, StateError, StorageError, ValidationError
from expertteam.domain.identifying import ChildIdentity, Detector
from expertteam.domain.pseudonym import pseudonym
from expertteam.domain.workdays import add_months
from expertteam.formatting import short_date
from expertteam.i18n import _
from expertteam.services import audit, residue
from expertteam.services import settings as settings_service
from expertteam.services.drafts import PREFIX as DRAFT_PREFIX
from expertteam.services.drafts import case_draft_key
from expertteam.services.privacy import allowed_texts, identities
from expertteam.services.store import Store
from expertteam.storage.engine import compact_database
from expertteam.storage.models.actions import Action, ActionEvent
from expertteam.storage.models.cases import Case, CaseBlocker, Measure
from expertteam.storage.models.escalations import Letter
from expertteam.storage.models.meetings import AgendaItem, Decision
from expertteam.storage.models.system import Setting

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
    identity = ChildIdentity(case.given_names, case.surname, case.birth_date, case.bsn,
                             tuple(hidden.name for hidden in case.hidden_names))
    old_number = case.case_number
    case.case_number = _stub_number(case)
    case.hidden_names.clear()
    draft = session.get(Setting, DRAFT_PREFIX + case_draft_key(case.id))
    if draft is not None:
        session.delete(draft)
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
    session.flush()
    _remove_everywhere(session, store, case, identity, old_number)
    audit.record(session, store, AuditAction.PURGE, "case", case.id)


def _remove_everywhere(session: Session, store: Store, case: Case, identity: ChildIdentity,
                       old_number: str) -> None:
    """Replace what is left of the child in any text, render changed letters again, and check
    that nothing is left (raises ``StorageError``, which rolls the purge back)."""
    others = session.scalars(select(Case.id).where(Case.purged_on.is_(None),
                                                   Case.id != case.id)).all()
    names, _own = allowed_texts(session)
    detector = Detector([identity], names, generic=False, others=identities(session, others))
    number = re.compile(rf"(?<![\w-]){re.escape(old_number)}(?!\d)")

    def redact(text: str) -> str:
        return number.sub(case.case_number, detector.redact(text))

    changed = residue.redact_everywhere(session, redact)
    session.expire_all()
    for letter_id in {key[0] for table, column, key in changed
                      if table == "letter" and column == "content"}:
        _render_again(session, store, int(letter_id))
    session.flush()
    left = residue.scan(session, detector, extra=(old_number,))
    if left:
        places = ", ".join(sorted({f"{r.table}.{r.column}" for r in left}))
        raise StorageError(_("De casus is niet verwijderd: in {places} bleef iets over dat "
                             "het kind herkenbaar maakt. Er is niets gewijzigd.").format(
                                 places=places))


def _render_again(session: Session, store: Store, letter_id: int) -> None:
    """A finalised letter whose frozen content was redacted gets its PDF rendered again."""
    from expertteam.documents.letter_data import CaseLetter, thaw

    letter = session.get(Letter, letter_id)
    if letter is None or letter.content is None or letter.pdf is None:
        return
    data = thaw(letter.content)
    if isinstance(data, CaseLetter):
        from expertteam.documents.escalation_letter import render_case_letter

        pdf = render_case_letter(data)
    else:
        from expertteam.documents.continuity_letter import render_continuity_letter

        pdf = render_continuity_letter(data)
    letter.pdf, letter.pdf_sha256 = pdf, hashlib.sha256(pdf).hexdigest()
    audit.record(session, store, AuditAction.PURGE, "letter", letter.id, detail="redacted")


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
    except (StateError, NotFoundError, StorageError):
        audit.record_now(store, AuditAction.PURGE, "case", ",".join(map(str, case_ids))[:40],
                         result=AuditResult.REFUSED)
        raise
    compact_database(store.database.engine)
    return PurgeResult(tuple(dict.fromkeys(case_ids)), store.today())
