"""Writing a case's history rows with two times (the day a fact took effect, the moment it was
recorded), knowing the rows in force, and the checks on the day a change takes effect."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.domain.errors import NeedsConfirmationError, ValidationError
from expertteam.formatting import short_date
from expertteam.i18n import _
from expertteam.services.store import Store
from expertteam.storage.models.cases import CaseChange
from expertteam.storage.models.monitor import MonitorPublication


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

    def live_row(self, change_id: int) -> _Live | None:
        """The live row with this id (``None`` when superseded or not this case's)."""
        return next((live for rows in self._live.values() for live in rows
                     if live.id == change_id), None)

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
