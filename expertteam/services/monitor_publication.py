"""Publishing a monitor: its figures frozen as they were reported, and what changed since.

A past meetmoment has two views: **as we know it now** (``monitor_at``: every fact, also those
entered late or corrected) and **as reported then** (the figures frozen at publication, which
never change afterwards). ``corrections_since`` lists every published number that is different
now, with the cases behind it and the late entries that changed it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam import clock
from expertteam import formatting as fmt
from expertteam.domain import monitor as m
from expertteam.domain.enums import AuditAction
from expertteam.domain.errors import NotFoundError, ValidationError
from expertteam.domain.pseudonym import pseudonym
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.case_history import FIELD_LABELS, value_label
from expertteam.services.monitor import default_dates, monitor_at
from expertteam.services.store import Store
from expertteam.services.validation import clean_text
from expertteam.storage.models import Case, CaseChange, MonitorPublication, Organisation


@dataclass(frozen=True, slots=True)
class PublicationInfo:
    id: int
    meetmoment: date
    previous: date
    period_start: date
    period_end: date
    published_at: datetime  # naive UTC
    suppressed: bool
    definitions: str
    note: str

    @property
    def label(self) -> str:
        return _("gepubliceerd op {moment}").format(
            moment=fmt.date_time(clock.to_local(self.published_at)))


@dataclass(frozen=True, slots=True)
class LateEntry:
    """A fact entered after the publication that took effect on or before the meetmoment."""

    field_label: str
    value: str
    effective_on: date
    recorded_at: datetime
    correction: bool


@dataclass(frozen=True, slots=True)
class CorrectionReport:
    publication: PublicationInfo
    then: m.MonitorReport
    now: m.MonitorReport
    corrections: tuple[m.Correction, ...]
    cases: dict[int, str]  # case id → pseudonym (case number · initials · birth year)
    late_entries: dict[int, tuple[LateEntry, ...]]

    def correction_count(self, key: str) -> int:
        return sum(1 for correction in self.corrections if correction.table_key == key)


def _info(row: MonitorPublication) -> PublicationInfo:
    return PublicationInfo(row.id, row.meetmoment, row.previous, row.period_start,
                           row.period_end, row.published_at, row.suppressed, row.definitions,
                           row.note)


def publish_monitor(store: Store, meetmoment: date, previous: date | None = None,
                    period: tuple[date, date] | None = None, *, suppress: bool = True,
                    note: str = "") -> PublicationInfo:
    """Freeze the monitor at ``meetmoment`` as it stands now: its figures are kept as they
    are reported today, whatever is entered or corrected later. Raises ``ValidationError``
    for wrong dates (see ``monitor_at``) or a note that is too long."""
    text = clean_text(note, "note", _("Toelichting"), max_length=1000, multiline=True)
    previous, period = default_dates(meetmoment, previous, period)
    moment = clock.utcnow()
    report = monitor_at(store, meetmoment, previous, period, known_at=moment)
    with store.transaction() as session:
        row = MonitorPublication(
            meetmoment=meetmoment, previous=previous, period_start=period[0],
            period_end=period[1], published_at=moment, published_by_id=store.actor_id,
            suppressed=suppress, definitions=report.definitions, note=text,
            content=m.report_to_json(report))
        session.add(row)
        session.flush()
        audit.record(session, store, AuditAction.CREATE, "monitor_publication", row.id,
                     detail=meetmoment.isoformat())
        return _info(row)


def list_publications(store: Store, meetmoment: date | None = None) -> list[PublicationInfo]:
    """Every publication (of one meetmoment), newest first."""
    with store.transaction() as session:
        query = select(MonitorPublication).order_by(MonitorPublication.published_at.desc(),
                                                    MonitorPublication.id.desc())
        if meetmoment is not None:
            query = query.where(MonitorPublication.meetmoment == meetmoment)
        return [_info(row) for row in session.scalars(query)]


def _load(session: Session, publication_id: int) -> MonitorPublication:
    row = session.get(MonitorPublication, publication_id)
    if row is None:
        raise NotFoundError(_("Deze publicatie bestaat niet (meer)."))
    return row


def published_report(store: Store, publication_id: int) -> m.MonitorReport:
    """The monitor exactly as it was published. Raises ``NotFoundError``."""
    with store.transaction() as session:
        row = _load(session, publication_id)
        audit.record(session, store, AuditAction.VIEW, "monitor_publication", row.id)
        return m.report_from_json(row.content, row.published_at)


def corrections_since(store: Store, publication_id: int) -> CorrectionReport:
    """The published monitor beside the same meetmoment as known now: every number that
    changed, the cases behind it (pseudonymised) and the entries made after publication that
    changed them. Raises ``NotFoundError``, or ``ValidationError`` when the definitions have
    changed since (the figures are then not comparable)."""
    then = published_report(store, publication_id)
    if then.definitions != m.DEFINITIONS_VERSION:
        raise ValidationError("publication", _(
            "Deze publicatie is gemaakt met andere definities (versie {old}, nu {new}); de "
            "cijfers zijn niet te vergelijken.").format(old=then.definitions,
                                                        new=m.DEFINITIONS_VERSION))
    now = monitor_at(store, then.meetmoment, then.previous, (then.period_start, then.period_end))
    found = tuple(m.corrections(then, now))
    case_ids = sorted({case for correction in found for case in correction.case_ids})
    with store.transaction() as session:
        info = _info(_load(session, publication_id))
        cases = {case_id: pseudonym(number, given, surname, birth)
                 for case_id, number, given, surname, birth in session.execute(
                     select(Case.id, Case.case_number, Case.given_names, Case.surname,
                            Case.birth_date).where(Case.id.in_(case_ids)))}
        late = _late_entries(session, case_ids, info)
    return CorrectionReport(info, then, now, found, cases, late)


def _late_entries(session: Session, case_ids: list[int], publication: PublicationInfo
                  ) -> dict[int, tuple[LateEntry, ...]]:
    names = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    found: dict[int, list[LateEntry]] = defaultdict(list)
    for row in session.scalars(
            select(CaseChange).where(CaseChange.case_id.in_(case_ids),
                                     CaseChange.recorded_at > publication.published_at,
                                     CaseChange.effective_on <= publication.meetmoment)
            .order_by(CaseChange.id)):
        found[row.case_id].append(LateEntry(
            _(FIELD_LABELS.get(row.field, row.field)), value_label(row.field, row.new_value,
                                                                   names),
            row.effective_on, row.recorded_at, row.supersedes_id is not None))
    return {case_id: tuple(entries) for case_id, entries in found.items()}
