"""A case's dated history: written with two times on every change, read and corrected.

Every dated fact gets a row with the day it took effect (valid time) and the moment it was
recorded (transaction time); ``domain/timeline.py`` reads them back. Which day a change takes
effect follows from what changed:

- the referral, the start of help, a blocker's start and end, a measure's dates: their own
  date (a date changed to another date corrects the earlier one: the new row supersedes it);
- a wait: the day it began ("Wacht sinds"); a wait that ends, and a date that is cleared: the
  day the change took effect (``effective_on``, entered by the user, default today);
- status, gemeente, GI, jeugdbeschermer, a blocker's kind, "Wacht op" within the same wait,
  a measure removed: ``effective_on``;
- closing and reopening: the closing date, the reopening date.

``correct_change`` moves an earlier change to the day it really took effect: a correction row
supersedes it and the later rows of that field are recorded again after it, so that they keep
their place (see the module docstring of ``domain/timeline.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.domain.enums import (
    AuditAction,
    BlockerKind,
    CaseStatus,
    ClosingResult,
    LabelledEnum,
    MeasureKind,
    WaitingFor,
)
from expertteam.domain.errors import NeedsConfirmationError, NotFoundError, ValidationError
from expertteam.domain.timeline import BLOCKER_PREFIX, MEASURE_FIELDS, MEASURE_PREFIX, TRACKED
from expertteam.domain.waiting import help_ends_wait
from expertteam.formatting import short_date
from expertteam.i18n import N_, _
from expertteam.services import audit
from expertteam.services.store import Store
from expertteam.storage.models.cases import Case, CaseBlocker, CaseChange, Measure
from expertteam.storage.models.monitor import MonitorPublication
from expertteam.storage.models.organisations import Organisation

DATE_FIELDS = frozenset({"referred_on", "help_started_on", "blocker.since",
                         "blocker.resolved_on"} |
                        {MEASURE_PREFIX + name for name in MEASURE_FIELDS
                         if name not in ("kind", "removed")})
"""Fields whose value is the day they took effect; they are corrected by changing the date."""

FIELD_LABELS: dict[str, str] = {
    "status": N_("Status"), "waiting_for": N_("Wacht op"), "waiting_since": N_("Wacht sinds"),
    "help_started_on": N_("Hulp gestart op"), "municipality_id": N_("Gemeente"),
    "gi_id": N_("Gecertificeerde instelling"), "jeugdbeschermer_id": N_("Jeugdbeschermer"),
    "referred_on": N_("Aanmelddatum"), "closing_result": N_("Resultaat"),
    "blocker.kind": N_("Knelpunt"), "blocker.since": N_("Knelpunt sinds"),
    "blocker.resolved_on": N_("Knelpunt opgelost op"), "measure.kind": N_("Maatregel"),
    "measure.ruling_date": N_("Uitspraakdatum"), "measure.gi_charged_on": N_("GI belast op"),
    "measure.first_contact_on": N_("Eerste contact"), "measure.plan_on": N_("Plan van aanpak"),
    "measure.carried_out_on": N_("Uitgevoerd op"), "measure.end_date": N_("Einddatum"),
    "measure.removed": N_("Maatregel verwijderd"),
}


def value_text(value: object) -> str | None:
    """A value as the history stores it: ids and enum values as text, dates in ISO."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else None
    if isinstance(value, date):
        return value.isoformat()
    return str(getattr(value, "value", value))


@dataclass
class _Live:
    id: int
    field: str
    item_id: int | None
    value: str | None
    effective_on: date


class HistoryWriter:
    """Writes one case's history rows within a transaction, knowing the rows in force now."""

    def __init__(self, session: Session, store: Store, case_id: int) -> None:
        self.session, self.store, self.case_id = session, store, case_id
        self.earliest: date | None = None  # the earliest day a row written here took effect
        self._live: dict[tuple[int | None, str], list[_Live]] = defaultdict(list)
        rows = session.execute(
            select(CaseChange.id, CaseChange.field, CaseChange.item_id, CaseChange.new_value,
                   CaseChange.effective_on, CaseChange.supersedes_id)
            .where(CaseChange.case_id == case_id).order_by(CaseChange.id)).all()
        dead = {row[5] for row in rows if row[5] is not None}
        for row_id, name, item, value, effective, _supersedes in rows:
            if row_id not in dead:
                self._live[(item, name)].append(_Live(row_id, name, item, value, effective))

    def live(self, field: str, item_id: int | None = None) -> list[_Live]:
        """The live rows of a field, in recording order."""
        return list(self._live.get((item_id, field), ()))

    def write(self, field: str, value: object, effective_on: date, *,
              item_id: int | None = None, supersedes: _Live | None = None) -> _Live:
        """Record that ``field`` is ``value`` from ``effective_on`` on."""
        rows = self._live[(item_id, field)]
        text = value_text(value)
        old = rows[-1].value if rows else None
        change = CaseChange(case_id=self.case_id, item_id=item_id, field=field, old_value=old,
                            new_value=text, effective_on=effective_on,
                            recorded_by_id=self.store.actor_id,
                            supersedes_id=supersedes.id if supersedes else None)
        self.session.add(change)
        self.session.flush()
        if self.earliest is None or effective_on < self.earliest:
            self.earliest = effective_on
        if supersedes is not None and supersedes in rows:
            rows.remove(supersedes)
        live = _Live(change.id, field, item_id, text, effective_on)
        rows.append(live)
        return live

    def move(self, row: _Live, effective_on: date, value: object = None, *,
             keep_value: bool = True) -> None:
        """Correct ``row``: it took effect on ``effective_on`` (with ``value`` unless
        ``keep_value``). The field's later rows are recorded again after the correction so that
        they keep their place."""
        later = [other for other in self.live(row.field, row.item_id)
                 if other.id != row.id and other.id > row.id]
        self.write(row.field, row.value if keep_value else value, effective_on,
                   item_id=row.item_id, supersedes=row)
        for other in later:
            self.write(other.field, other.value, other.effective_on, item_id=other.item_id,
                       supersedes=other)

    def date_fact(self, field: str, old: date | None, new: date | None, effective_on: date, *,
                  item_id: int | None = None) -> None:
        """A fact whose value is its own date: set (from that date), corrected (the new date
        supersedes the row that set the old one) or cleared (from ``effective_on``)."""
        if old == new:
            return
        if new is None:
            self.write(field, None, effective_on, item_id=item_id)
            return
        setting = self._setting_row(field, item_id, old) if old is not None else None
        self.write(field, new, new, item_id=item_id, supersedes=setting)

    def retract(self, field: str, old: date, *, item_id: int | None = None) -> None:
        """A date that should never have been entered: its row is superseded (as known now
        it never held)."""
        setting = self._setting_row(field, item_id, old)
        self.write(field, None, old if setting is None else setting.effective_on,
                   item_id=item_id, supersedes=setting)

    def _setting_row(self, field: str, item_id: int | None, value: date) -> _Live | None:
        text = value.isoformat()
        for row in reversed(self.live(field, item_id)):
            if row.value == text:
                return row
        return None

    def in_force(self, field: str, day: date) -> _Live | None:
        """The live row of ``field`` in force on ``day`` (the latest recorded by then)."""
        rows = [row for row in self.live(field) if row.effective_on <= day]
        return rows[-1] if rows else None

    def start_row(self, field: str, effective_on: date, item_id: int | None = None
                  ) -> _Live | None:
        """The latest live row of ``field`` that took effect on ``effective_on``."""
        for row in reversed(self.live(field, item_id)):
            if row.effective_on == effective_on:
                return row
        return None


# --------------------------------------------------------------------------- a case's facts

CaseValues = Mapping[str, object]


def record_created(writer: HistoryWriter, values: CaseValues) -> None:
    """The rows of a new case: everything from the referral, a wait from its start, dates
    from their own day."""
    referred = values["referred_on"]
    assert isinstance(referred, date)
    writer.write("referred_on", referred, referred)
    for name in ("status", "municipality_id", "gi_id", "jeugdbeschermer_id"):
        if values.get(name) is not None or name == "status":
            writer.write(name, values.get(name), referred)
    since = values.get("waiting_since")
    if values.get("waiting_for") is not None:
        start = since if isinstance(since, date) else referred
        writer.write("waiting_for", values["waiting_for"], start)
        writer.write("waiting_since", since, start)
    help_on = values.get("help_started_on")
    if isinstance(help_on, date):
        writer.write("help_started_on", help_on, help_on)


def record_changed(writer: HistoryWriter, before: CaseValues, after: CaseValues,
                   effective_on: date) -> None:
    """The rows for what changed between ``before`` and ``after`` (see the module doc)."""
    old_ref, new_ref = before["referred_on"], after["referred_on"]
    assert isinstance(old_ref, date)
    assert isinstance(new_ref, date)
    if old_ref != new_ref:
        writer.date_fact("referred_on", old_ref, new_ref, effective_on)
        if new_ref < old_ref:  # what held at the old referral holds from the new one
            for name in ("status", "municipality_id", "gi_id", "jeugdbeschermer_id"):
                row = writer.in_force(name, old_ref)
                if row is not None and row.effective_on > new_ref:
                    writer.move(row, new_ref)
    for name in ("status", "municipality_id", "gi_id", "jeugdbeschermer_id", "closing_result"):
        if value_text(before.get(name)) != value_text(after.get(name)):
            writer.write(name, after.get(name), effective_on)
    _record_wait(writer, before, after, effective_on)
    old_help, new_help = before.get("help_started_on"), after.get("help_started_on")
    assert old_help is None or isinstance(old_help, date)
    assert new_help is None or isinstance(new_help, date)
    same_wait = value_text(before.get("waiting_for")) == value_text(after.get("waiting_for")) \
        and before.get("waiting_since") == after.get("waiting_since")
    if old_help is not None and new_help is None and same_wait:
        # Help cleared while the same wait goes on: it did not start after all.
        writer.retract("help_started_on", old_help)
    else:
        writer.date_fact("help_started_on", old_help, new_help, effective_on)


def _record_wait(writer: HistoryWriter, before: CaseValues, after: CaseValues,
                 effective_on: date) -> None:
    old_for, new_for = value_text(before.get("waiting_for")), value_text(after.get("waiting_for"))
    old_since, new_since = before.get("waiting_since"), after.get("waiting_since")
    assert old_since is None or isinstance(old_since, date)
    assert new_since is None or isinstance(new_since, date)
    if old_for == new_for and old_since == new_since:
        return
    if new_for is None:  # the wait ended
        writer.write("waiting_for", None, effective_on)
        writer.write("waiting_since", None, effective_on)
        return
    # A wait that help had ended is over: another start is a new wait (help broke down), not a
    # correction of the old one.
    ended = help_ends_wait(_waiting_for(before), old_since,
                           _day_or_none(before.get("help_started_on"))) is not None
    if old_for is None or (old_for != new_for and old_since != new_since) or new_since is None \
            or old_since is None or (ended and old_since != new_since):  # a new wait
        help_on = _day_or_none(before.get("help_started_on"))
        if ended and help_on is not None:
            # The old wait ended when help started, whatever happens to that help later.
            writer.write("waiting_for", None, help_on)
            writer.write("waiting_since", None, help_on)
        start = new_since or effective_on
        writer.write("waiting_for", after.get("waiting_for"), start)
        writer.write("waiting_since", new_since, start)
        return
    if old_since == new_since:  # the same wait, now for something else
        writer.write("waiting_for", after.get("waiting_for"), max(effective_on, new_since))
        return
    # The same wait, begun on another day: correct the rows that started it.
    since_row = writer.start_row("waiting_since", old_since)
    for_row = writer.start_row("waiting_for", old_since)
    if since_row is not None:
        writer.move(since_row, new_since, new_since, keep_value=False)
    else:
        writer.write("waiting_since", new_since, new_since)
    if for_row is not None:
        writer.move(for_row, new_since)
    elif new_since < old_since:
        writer.write("waiting_for", after.get("waiting_for"), new_since)


def _waiting_for(values: CaseValues) -> WaitingFor | None:
    value = values.get("waiting_for")
    return value if isinstance(value, WaitingFor) else None


def _day_or_none(value: object) -> date | None:
    return value if isinstance(value, date) else None


def case_values(case: Case) -> dict[str, object]:
    return {name: getattr(case, name) for name in TRACKED}


# --------------------------------------------------------------------------- blockers, measures

BlockerValues = tuple[object, date | None, date | None]  # kind, since, resolved_on


def blocker_values(blocker: CaseBlocker) -> BlockerValues:
    return blocker.kind, blocker.since, blocker.resolved_on


def record_blocker(writer: HistoryWriter, blocker_id: int, before: BlockerValues | None,
                   after: BlockerValues, effective_on: date) -> None:
    kind, since, resolved = after
    field = BLOCKER_PREFIX
    if before is None:
        start = since or effective_on
        writer.write(field + "kind", kind, start, item_id=blocker_id)
        writer.date_fact(field + "since", None, since, start, item_id=blocker_id)
        writer.date_fact(field + "resolved_on", None, resolved, effective_on, item_id=blocker_id)
        return
    old_kind, old_since, old_resolved = before
    if old_since != since and since is not None:
        writer.date_fact(field + "since", old_since, since, effective_on, item_id=blocker_id)
        if old_since is not None and since < old_since:
            row = writer.start_row(field + "kind", old_since, blocker_id)
            if row is not None:
                writer.move(row, since)
    if value_text(old_kind) != value_text(kind):
        writer.write(field + "kind", kind, max(effective_on, since or effective_on),
                     item_id=blocker_id)
    writer.date_fact(field + "resolved_on", old_resolved, resolved, effective_on,
                     item_id=blocker_id)


MEASURE_DATE_NAMES = tuple(name for name in MEASURE_FIELDS if name not in ("kind", "removed"))


def measure_values(measure: Measure) -> dict[str, object]:
    return {name: getattr(measure, name) for name in MEASURE_FIELDS}


def record_measure(writer: HistoryWriter, measure_id: int, before: Mapping[str, object] | None,
                   after: Mapping[str, object], effective_on: date) -> None:
    old = before or {}
    if value_text(old.get("kind")) != value_text(after.get("kind")):
        writer.write(MEASURE_PREFIX + "kind", after.get("kind"), effective_on, item_id=measure_id)
    for name in MEASURE_DATE_NAMES:
        old_day, new_day = old.get(name), after.get(name)
        assert old_day is None or isinstance(old_day, date)
        assert new_day is None or isinstance(new_day, date)
        writer.date_fact(MEASURE_PREFIX + name, old_day, new_day, effective_on,
                         item_id=measure_id)
    if bool(old.get("removed")) != bool(after.get("removed")):
        writer.write(MEASURE_PREFIX + "removed", bool(after.get("removed")), effective_on,
                     item_id=measure_id)


# --------------------------------------------------------------------------- reading, correcting

_ENUMS: dict[str, type[LabelledEnum]] = {
    "status": CaseStatus, "waiting_for": WaitingFor, "closing_result": ClosingResult,
    "blocker.kind": BlockerKind, "measure.kind": MeasureKind}


def value_label(field: str, value: str | None, names: dict[int, str]) -> str:
    """A history value as a reader understands it: a label, an organisation, a Dutch date.
    People's names (a jeugdbeschermer) are not shown."""
    if value is None:
        return _("(leeg)")
    if field in _ENUMS:
        try:
            return _ENUMS[field](value).label
        except ValueError:
            return value
    if field in ("municipality_id", "gi_id") and value.isdigit():
        return names.get(int(value), value)
    if field == "jeugdbeschermer_id":
        return _("toegewezen")
    if field == "measure.removed":
        return _("ja")
    try:
        return short_date(date.fromisoformat(value))
    except ValueError:
        return value



@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One row of a case's history as the history dialog shows it."""

    id: int
    field: str
    field_label: str
    item_id: int | None
    value: str | None
    value_label: str
    effective_on: date
    recorded_at: datetime
    superseded: bool
    correction: bool

    @property
    def correctable(self) -> bool:
        """A change whose day can be corrected here (a date is corrected by changing it)."""
        return not self.superseded and self.field not in DATE_FIELDS and \
            self.field != "waiting_since"


def case_history(store: Store, case_id: int) -> list[HistoryEntry]:
    """Every history row of a case, oldest first, with whether a correction superseded it.
    Viewing it is logged. Raises ``NotFoundError``."""
    with store.transaction() as session:
        case = session.get(Case, case_id)
        if case is None or case.purged_on is not None:
            raise NotFoundError(_("Deze casus bestaat niet (meer)."))
        rows = session.scalars(select(CaseChange).where(CaseChange.case_id == case_id)
                               .order_by(CaseChange.id)).all()
        dead = {row.supersedes_id for row in rows if row.supersedes_id is not None}
        names = dict(session.execute(select(Organisation.id, Organisation.name)).all())
        audit.record(session, store, AuditAction.VIEW, "case", case_id, detail="history")
        return [HistoryEntry(row.id, row.field, _(FIELD_LABELS.get(row.field, row.field)),
                             row.item_id, row.new_value,
                             value_label(row.field, row.new_value, names), row.effective_on,
                             row.recorded_at, row.id in dead, row.supersedes_id is not None)
                for row in rows]


def correct_change(store: Store, case_id: int, change_id: int, effective_on: date) -> None:
    """Record that change ``change_id`` of the case really took effect on ``effective_on``.

    The earlier row stays; the correction supersedes it. Raises ``NotFoundError``, or
    ``ValidationError`` (field ``effective_on``) for a day in the future or before the
    referral, or for a change that is corrected by changing its date in the case."""
    with store.transaction() as session:
        case = session.get(Case, case_id)
        if case is None or case.purged_on is not None:
            raise NotFoundError(_("Deze casus bestaat niet (meer)."))
        writer = HistoryWriter(session, store, case_id)
        row = next((live for rows in writer._live.values() for live in rows
                    if live.id == change_id), None)
        if row is None:
            raise NotFoundError(_("Deze wijziging bestaat niet of is al gecorrigeerd."))
        if row.field in DATE_FIELDS or row.field == "waiting_since":
            raise ValidationError("effective_on", _(
                "Deze datum corrigeert u door de datum zelf in de casus te wijzigen."))
        check_effective_on(effective_on, store.today(), case.referred_on)
        if effective_on != row.effective_on:
            writer.move(row, effective_on)
        audit.record(session, store, AuditAction.CHANGE, "case", case_id, detail="correction")


def check_publications(session: Session, writer: HistoryWriter) -> None:
    """Ask for confirmation when the rows just written change a published meetmoment (the
    published figures stay as they were; the monitor shows the correction)."""
    if writer.earliest is None:
        return
    published = session.scalars(
        select(MonitorPublication.meetmoment)
        .where(MonitorPublication.meetmoment >= writer.earliest)
        .order_by(MonitorPublication.meetmoment).limit(1)).first()
    if published is not None:
        raise NeedsConfirmationError((("effective_on", _(
            "Deze wijziging gaat in op {day}, vóór het gepubliceerde meetmoment van {meetmoment}."
            " De gepubliceerde cijfers blijven bewaard; de monitor toont de correctie.").format(
            day=short_date(writer.earliest), meetmoment=short_date(published))),))


def check_effective_on(effective_on: date, today: date, referred_on: date) -> date:
    """The day a change took effect: today or earlier, not before the referral."""
    if effective_on > today:
        raise ValidationError("effective_on", _("De ingangsdatum van de wijziging kan niet in "
                                                "de toekomst liggen."))
    if effective_on < referred_on:
        raise ValidationError("effective_on", _("De ingangsdatum van de wijziging kan niet vóór "
                                                "de aanmelddatum liggen."))
    return effective_on
