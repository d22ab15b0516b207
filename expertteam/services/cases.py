"""One case: create, change, close, reopen and read a child brought to the expertteam, each
change kept as dated history."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from expertteam.domain.enums import AuditAction, CaseStatus, ClosingResult
from expertteam.domain.errors import NotFoundError, StateError, ValidationError
from expertteam.domain.pseudonym import format_case_number
from expertteam.domain.terms import case_terms
from expertteam.formatting import short_date
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.case_data import BlockerInfo, CaseDetail, CaseInput, MeasureInfo
from expertteam.services.case_validation import check_plausible, validate_case
from expertteam.services.history_recording import (
    blocker_values,
    case_values,
    measure_values,
    record_blocker,
    record_changed,
    record_created,
    record_measure,
)
from expertteam.services.history_writer import HistoryWriter, check_effective_on, check_publications
from expertteam.services.store import Store
from expertteam.services.validation import clean_text, not_before, not_in_future
from expertteam.storage import numbers
from expertteam.storage.models.cases import Case, CaseBlocker, CaseHiddenName, Measure
from expertteam.storage.numbers import allocate_number


def _record(session: Session, store: Store, case: Case, before: dict[str, object] | None,
            blockers: dict[int, tuple[object, date | None, date | None]],
            measures: dict[int, dict[str, object]], effective_on: date,
            confirmed: bool) -> None:
    """The history rows of this change (``services/history_recording.py``); a change that takes
    effect before a published meetmoment needs ``confirmed``."""
    writer = HistoryWriter(session, store, case.id)
    if before is None:
        record_created(writer, case_values(case))
    else:
        record_changed(writer, before, case_values(case), effective_on)
    for blocker in case.blockers:
        record_blocker(writer, blocker.id, blockers.get(blocker.id), blocker_values(blocker),
                       effective_on)
    for measure in case.measures:
        record_measure(writer, measure.id, measures.get(measure.id), measure_values(measure),
                       effective_on)
    if not confirmed:
        check_publications(session, writer)


def _apply(session: Session, case: Case, data: CaseInput, effective_on: date) -> None:
    for name in ("given_names", "surname", "birth_date", "bsn", "municipality_id", "gi_id",
                 "jeugdbeschermer_id", "referred_on", "referred_by_id", "referred_by_name",
                 "referral_question", "goal", "waiting_for", "waiting_since", "help_started_on",
                 "status"):
        setattr(case, name, getattr(data, name))
    existing_measures = {m.id: m for m in case.measures if not m.removed}
    kept: set[int] = set()
    for item in data.measures:
        measure = existing_measures.get(item.id) if item.id is not None else None
        if measure is None:
            measure = Measure(case=case)
            session.add(measure)
        else:
            kept.add(measure.id)
        for name in ("kind", "ruling_date", "gi_charged_on", "first_contact_on", "plan_on",
                     "carried_out_on", "end_date", "end_reason"):
            setattr(measure, name, getattr(item, name))
    for measure_id, measure in existing_measures.items():
        if measure_id not in kept:
            measure.removed = True
    existing_blockers = {b.id: b for b in case.blockers if b.resolved_on is None}
    kept = set()
    for blocker_item in data.blockers:
        blocker = existing_blockers.get(blocker_item.id) if blocker_item.id is not None else None
        if blocker is None and blocker_item.id is not None:
            blocker = next((b for b in case.blockers if b.id == blocker_item.id), None)
        if blocker is None:
            blocker = CaseBlocker(case=case, since=blocker_item.since or effective_on)
            session.add(blocker)
        else:
            kept.add(blocker.id)
            blocker.since = blocker_item.since or blocker.since
        blocker.kind, blocker.provider_id = blocker_item.kind, blocker_item.provider_id
        blocker.note, blocker.resolved_on = blocker_item.note, blocker_item.resolved_on
    # A blocker taken off the list is resolved (on the day the change took effect), never
    # deleted: the monitor counts it.
    for blocker_id, blocker in existing_blockers.items():
        if blocker_id not in kept:
            blocker.resolved_on = effective_on
    if [h.name for h in case.hidden_names] != data.hidden_names:
        # A name taken off the list is gone (it is personal data, not history).
        case.hidden_names.clear()
        case.hidden_names.extend(CaseHiddenName(name=name) for name in data.hidden_names)


def _detail(case: Case) -> CaseDetail:
    measures = tuple(
        MeasureInfo(m.id, m.kind, m.ruling_date, m.gi_charged_on, m.first_contact_on, m.plan_on,
                    m.carried_out_on, m.end_date, m.end_reason)
        for m in case.measures if not m.removed)
    blockers = tuple(
        BlockerInfo(b.id, b.kind, b.provider_id, b.provider.name if b.provider else "", b.note,
                    b.since, b.resolved_on)
        for b in case.blockers)
    terms = tuple(case_terms([m.facts() for m in measures], case.waiting_for, case.waiting_since,
                             case.help_started_on))
    return CaseDetail(
        id=case.id, uuid=case.uuid, case_number=case.case_number, given_names=case.given_names,
        surname=case.surname, birth_date=case.birth_date, bsn=case.bsn,
        municipality_id=case.municipality_id,
        municipality_name=case.municipality.name if case.municipality else "",
        gi_id=case.gi_id, gi_name=case.gi.name if case.gi else "",
        jeugdbeschermer_id=case.jeugdbeschermer_id,
        jeugdbeschermer_name=case.jeugdbeschermer.name if case.jeugdbeschermer else "",
        referred_on=case.referred_on, referred_by_id=case.referred_by_id,
        referred_by_name=case.referred_by_name, referral_question=case.referral_question,
        goal=case.goal, waiting_for=case.waiting_for, waiting_since=case.waiting_since,
        help_started_on=case.help_started_on, status=case.status, closed_on=case.closed_on,
        closing_result=case.closing_result, closing_note=case.closing_note, measures=measures,
        blockers=blockers, terms=terms,
        hidden_names=tuple(hidden.name for hidden in case.hidden_names))


def _load(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None or case.purged_on is not None:
        raise NotFoundError(_("Deze casus bestaat niet (meer)."))
    return case


def _next_case_number(session: Session, year: int) -> str:
    prefix = f"ET-{year}-"
    last = session.scalars(select(func.max(Case.case_number))
                           .where(Case.case_number.like(f"{prefix}%"))).first()
    floor = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return format_case_number(year, allocate_number(session, numbers.CASE, year, floor=floor))



def create_case(store: Store, data: CaseInput, *, confirmed: bool = False) -> CaseDetail:
    """Register a new child. Returns the stored case with its case number and terms.

    Raises ``ValidationError`` (naming the field) for missing or impossible input, and
    ``NeedsConfirmationError`` for unusual input unless ``confirmed``."""
    with store.transaction() as session:
        case = add_case(session, store, data, confirmed=confirmed)
        audit.record(session, store, AuditAction.CREATE, "case", case.id)
        session.flush()
        session.refresh(case)
        return _detail(case)


def add_case(session: Session, store: Store, data: CaseInput, *, confirmed: bool) -> Case:
    """Validate and add a new case inside the caller's transaction, with its dated history
    (facts take effect on their own dates from the input). Nothing is added when it raises
    (``ValidationError``, ``NeedsConfirmationError``). The caller audits; ``create_case`` and
    the spreadsheet import (``services/importing``) both come here."""
    clean = validate_case(session, store, data)
    check_plausible(clean, confirmed)
    case = Case(case_number=_next_case_number(session, store.today().year),
                given_names=clean.given_names, surname=clean.surname,
                referred_on=clean.referred_on)
    session.add(case)
    _apply(session, case, clean, store.today())
    session.flush()
    _record(session, store, case, None, {}, {}, clean.referred_on, confirmed)
    return case


def update_case(store: Store, case_id: int, data: CaseInput, *,
                effective_on: date | None = None, confirmed: bool = False) -> CaseDetail:
    """Change a case; every change is kept as dated history.

    ``effective_on`` is the day the changes took effect (default today; dates entered in the
    case take effect on their own day, see ``services/history_recording.py``). Raises
    ``NotFoundError``, ``ValidationError``, ``StateError`` for a closed case, and
    ``NeedsConfirmationError`` for unusual input (or a change before a published meetmoment)
    unless ``confirmed``."""
    with store.transaction() as session:
        case = _load(session, case_id)
        if case.status is CaseStatus.CLOSED:
            raise StateError(_("Deze casus is afgesloten. Heropen de casus om iets te wijzigen."))
        clean = validate_case(session, store, data)
        effective = check_effective_on(effective_on or store.today(), store.today(),
                                       min(case.referred_on, clean.referred_on))
        if case.waiting_for is not None and clean.waiting_for is None and \
                case.waiting_since is not None and effective < case.waiting_since:
            raise ValidationError("effective_on", _(
                "Het wachten kan niet eindigen vóór het begon ({since}).").format(
                since=short_date(case.waiting_since)))
        check_plausible(clean, confirmed)
        before = case_values(case)
        blockers = {b.id: blocker_values(b) for b in case.blockers}
        measures = {m.id: measure_values(m) for m in case.measures}
        _apply(session, case, clean, effective)
        session.flush()
        _record(session, store, case, before, blockers, measures, effective, confirmed)
        audit.record(session, store, AuditAction.CHANGE, "case", case.id)
        session.flush()
        session.refresh(case)
        return _detail(case)


def close_case(store: Store, case_id: int, result: ClosingResult, closed_on: date | None = None,
               note: str = "", *, confirmed: bool = False) -> CaseDetail:
    """Close a case with its result. History stays; nothing is deleted.

    Raises ``NotFoundError``, ``ValidationError``, ``StateError`` (already closed), or
    ``NeedsConfirmationError`` when the closing date lies before a published meetmoment,
    unless ``confirmed``."""
    with store.transaction() as session:
        case = _load(session, case_id)
        if case.status is CaseStatus.CLOSED:
            raise StateError(_("Deze casus is al afgesloten."))
        if not isinstance(result, ClosingResult):
            raise ValidationError("closing_result", _("Kies het resultaat van de afsluiting."))
        closed = closed_on or store.today()
        not_in_future(closed, "closed_on", _("De afsluitdatum"), store.today())
        not_before(closed, case.referred_on, "closed_on", _("De afsluitdatum"),
                   _("de aanmelddatum"))
        before = case_values(case)
        case.status, case.closed_on, case.closing_result = CaseStatus.CLOSED, closed, result
        case.closing_note = clean_text(note, "closing_note", _("Toelichting"), max_length=2000,
                                       multiline=True)
        if result in (ClosingResult.HELP_STARTED, ClosingResult.PLACED) and \
                case.help_started_on is None:
            case.help_started_on = closed
        session.flush()
        writer = HistoryWriter(session, store, case.id)
        record_changed(writer, before, case_values(case), closed)
        if not confirmed:
            check_publications(session, writer)
        audit.record(session, store, AuditAction.CHANGE, "case", case.id, detail="close")
        session.flush()
        return _detail(case)


def reopen_case(store: Store, case_id: int, reopened_on: date | None = None) -> CaseDetail:
    """Reopen a closed case as active, from ``reopened_on`` (default today). Raises
    ``NotFoundError``, ``StateError`` or ``ValidationError`` (a day in the future or before
    the closing)."""
    with store.transaction() as session:
        case = _load(session, case_id)
        if case.status is not CaseStatus.CLOSED:
            raise StateError(_("Deze casus is niet afgesloten."))
        reopened = check_effective_on(reopened_on or store.today(), store.today(),
                                      case.closed_on or case.referred_on)
        before = case_values(case)
        case.status, case.closed_on, case.closing_result = CaseStatus.ACTIVE, None, None
        session.flush()
        record_changed(HistoryWriter(session, store, case.id), before, case_values(case),
                       reopened)
        audit.record(session, store, AuditAction.CHANGE, "case", case.id, detail="reopen")
        return _detail(case)


def get_case(store: Store, case_id: int) -> CaseDetail:
    """The whole case. Viewing a case is logged. Raises ``NotFoundError``."""
    with store.transaction() as session:
        case = _load(session, case_id)
        audit.record(session, store, AuditAction.VIEW, "case", case.id)
        return _detail(case)
