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
from expertteam.domain import tables as t
from expertteam.domain.enums import AuditAction
from expertteam.domain.errors import NotFoundError, ValidationError
from expertteam.domain.pseudonym import pseudonym
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.case_history import DATE_FIELDS, FIELD_LABELS, value_label
from expertteam.services.monitor import default_dates, monitor_at
from expertteam.services.monitor_export import SHEET_NAMES
from expertteam.services.store import Store
from expertteam.services.validation import clean_text
from expertteam.storage.models.cases import Case, CaseChange
from expertteam.storage.models.monitor import MonitorPublication
from expertteam.storage.models.organisations import Organisation


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
    dated: bool = False  # the value is the date itself ("hulp gestart op 26-10-2026")


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


def corrections_since(store: Store, publication_id: int,
                      now: m.MonitorReport | None = None) -> CorrectionReport:
    """The published monitor beside the same meetmoment as known now (``now``, computed when
    not given): every number that changed, the cases behind it (pseudonymised) and the entries
    made after publication that changed them. Raises ``NotFoundError``, or ``ValidationError``
    when the definitions have changed since (the figures are then not comparable)."""
    then = published_report(store, publication_id)
    if then.definitions != m.DEFINITIONS_VERSION:
        raise ValidationError("publication", _(
            "Deze publicatie is gemaakt met andere definities (versie {old}, nu {new}); de "
            "cijfers zijn niet te vergelijken.").format(old=then.definitions,
                                                        new=m.DEFINITIONS_VERSION))
    if now is None or (now.previous, now.period_start, now.period_end) != \
            (then.previous, then.period_start, then.period_end):
        now = monitor_at(store, then.meetmoment, then.previous,
                         (then.period_start, then.period_end))
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
            row.effective_on, row.recorded_at, row.supersedes_id is not None,
            row.field in DATE_FIELDS))
    return {case_id: tuple(entries) for case_id, entries in found.items()}


@dataclass(frozen=True, slots=True)
class MonitorView:
    """What the monitor page shows for a meetmoment: the report (as known now, or as it was
    published), the meetmoment's publications, and what changed since the latest one."""

    report: m.MonitorReport
    publications: tuple[PublicationInfo, ...]
    corrections: CorrectionReport | None


def monitor_view(store: Store, meetmoment: date, previous: date | None = None,
                 period: tuple[date, date] | None = None, *,
                 publication_id: int | None = None) -> MonitorView:
    """The monitor at ``meetmoment`` as known now, or (``publication_id``) as it was
    published, with the corrections since that publication (or the latest one). Raises what
    ``monitor_at`` and ``published_report`` raise."""
    publications = tuple(list_publications(store, meetmoment))
    if publication_id is not None:
        report = published_report(store, publication_id)
        return MonitorView(report, publications, corrections_since(store, publication_id))
    report = monitor_at(store, meetmoment, previous, period)
    found = None
    if publications and publications[0].definitions == m.DEFINITIONS_VERSION:
        found = corrections_since(store, publications[0].id, report)
    return MonitorView(report, publications, found)


CORRECTIONS_KEY = "correcties"


TRENDS = (m.TREND_KEY, m.GI_TREND_KEY)  # every past month changes with them: not listed


def corrections_table(found: CorrectionReport) -> t.Table:
    """The corrections as a table for the monitor page, one line per changed line of a table:
    its main number as reported and as known now, which columns changed, and the cases behind
    it (pseudonymised). The note says what was entered late."""
    lines: dict[tuple[str, tuple[str, ...]], list[m.Correction]] = {}
    for correction in found.corrections:
        if correction.table_key not in TRENDS:
            lines.setdefault((correction.table_key, correction.labels), []).append(correction)
    rows = []
    for (key, labels), changed in lines.items():
        main = _main_column(found.then.table(key))
        # The line's main number (its total), or the first number that changed.
        reference = next((c for c in changed if c.column == main.title), changed[0])
        then_value, now_value = reference.then, reference.now
        case_ids = tuple(sorted({case for c in changed for case in c.case_ids}))
        # The case number is the pseudonymous reference; the note says what was entered.
        numbers = ", ".join(found.cases.get(case, str(case)).split(" · ")[0]
                            for case in case_ids)
        difference = now_value - then_value if isinstance(then_value, int | float) and \
            isinstance(now_value, int | float) else None
        rows.append(t.Row(
            (_(SHEET_NAMES.get(key, changed[0].table_title)),
             " · ".join(label for label in labels if label), reference.column, numbers or "–"),
            (then_value, now_value, difference), case_ids=case_ids))
    return t.Table(
        CORRECTIONS_KEY, _("Wat er sinds de publicatie is veranderd"),
        (_("Tabel"), _("Regel"), _("Getal"), _("Casussen")),
        (t.Column(_("Gerapporteerd"), t.ColumnKind.FIGURE),
         t.Column(_("Nu bekend"), t.ColumnKind.FIGURE),
         t.Column(_("Verschil"), t.ColumnKind.CHANGE, (0, 1))),
        tuple(rows), None, _correction_note(found, bool(rows)))


def _main_column(table: t.Table) -> t.Column:
    for kind in (t.ColumnKind.TOTAL, t.ColumnKind.COUNT):
        for column in table.columns:
            if column.kind is kind:
                return column
    return table.columns[0]


def _correction_note(found: CorrectionReport, any_rows: bool) -> str:
    label = found.publication.label
    when = label[:1].upper() + label[1:]
    if not any_rows:
        return _("{when}. Sindsdien is niets veranderd aan de cijfers van dit meetmoment."
                 ).format(when=when)
    late = []
    for case, entries in sorted(found.late_entries.items()):
        referral = next((e for e in entries if e.field_label == _(FIELD_LABELS["referred_on"])
                         and not e.correction), None)
        shown = [referral] if referral is not None else list(entries)
        late.append(f"{found.cases.get(case, str(case))}: " + "; ".join(
            (_("aangemeld op {day}, ingevoerd op {recorded}") if entry is referral else
             _("{field} {value}, ingevoerd op {recorded}") if entry.dated else
             _("{field} {value} per {day}, ingevoerd op {recorded}")).format(
                field=entry.field_label.lower(), value=entry.value,
                day=fmt.short_date(entry.effective_on),
                recorded=fmt.short_date(clock.to_local(entry.recorded_at).date()))
            for entry in shown))
    note = _("{when}. De verschillen komen van gegevens die later zijn ingevoerd of "
             "gecorrigeerd, met een datum vóór het meetmoment.").format(when=when)
    if late:
        note += " " + _("Later ingevoerd: {lines}.").format(lines=" — ".join(late))
    return note
