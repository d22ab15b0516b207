"""What the GI's report per meetmoment, per GI × gemeente: children waiting for a vaste
jeugdbeschermer and for passende jeugdhulp, the number of jeugdbeschermers, their average
caseload and the average waiting time for the start of a measure.

Entered in the monitor's grid or imported from the GI's spreadsheet
(``services/gi_workbook.py``); the monitor shows them beside the expertteam's own cases. Saving
the figures of a meetmoment replaces those of the same GI × gemeente; an empty row removes them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from expertteam.domain.enums import AuditAction, OrganisationKind
from expertteam.domain.errors import ValidationError
from expertteam.i18n import N_, _
from expertteam.services import audit
from expertteam.services.store import Store
from expertteam.storage.models.monitor import GiFigure
from expertteam.storage.models.organisations import Organisation

MAX_COUNT = 100_000
MAX_CASELOAD = 100.0
MAX_DAYS = 3650

# (attribute, header as in the grid and the spreadsheet, whole number?)
NUMBERS: tuple[tuple[str, str, bool], ...] = (
    ("waiting_jeugdbeschermer", N_("Wacht op vaste jeugdbeschermer"), True),
    ("waiting_jeugdhulp", N_("Wacht op passende jeugdhulp"), True),
    ("jeugdbeschermers", N_("Aantal jeugdbeschermers"), True),
    ("caseload", N_("Gemiddelde caseload"), False),
    ("measure_waiting_days", N_("Gemiddelde wachttijd maatregel (dagen)"), True),
)


@dataclass(frozen=True, slots=True)
class GiFigureInput:
    """One GI × gemeente at a meetmoment. None = not reported."""

    gi_id: int
    municipality_id: int
    waiting_jeugdbeschermer: int | None = None
    waiting_jeugdhulp: int | None = None
    jeugdbeschermers: int | None = None
    caseload: float | None = None
    measure_waiting_days: int | None = None

    @property
    def empty(self) -> bool:
        return all(getattr(self, name) is None for name, _header, _whole in NUMBERS)

    @staticmethod
    def of(gi_id: int, municipality_id: int,
           numbers: Mapping[str, int | float | None]) -> GiFigureInput:
        """From numbers by attribute name (whole numbers as ints, the caseload as a float)."""

        def whole(name: str) -> int | None:
            value = numbers.get(name)
            return None if value is None else int(value)

        caseload = numbers.get("caseload")
        return GiFigureInput(gi_id, municipality_id, whole("waiting_jeugdbeschermer"),
                             whole("waiting_jeugdhulp"), whole("jeugdbeschermers"),
                             None if caseload is None else float(caseload),
                             whole("measure_waiting_days"))


@dataclass(frozen=True, slots=True)
class GiFigureRow(GiFigureInput):
    meetmoment: date = date.min
    gi_name: str = ""
    municipality_name: str = ""
    source: str = ""
    updated_at: datetime | None = None


def _number(row: GiFigureInput, name: str, prefix: str) -> int | float | None:
    """One reported number, checked: whole where it counts, not negative, not absurd."""
    value = getattr(row, name)
    if value is None:
        return None
    header, whole = next((h, w) for n, h, w in NUMBERS if n == name)
    label = _(header)
    if isinstance(value, bool) or not isinstance(value, int | float) or \
            (whole and not isinstance(value, int)):
        raise ValidationError(f"{prefix}.{name}", _("{label}: vul een heel getal in.")
                              .format(label=label) if whole else
                              _("{label}: vul een getal in.").format(label=label))
    if math.isnan(value) or value < 0:
        raise ValidationError(f"{prefix}.{name}", _("{label} kan niet negatief zijn.")
                              .format(label=label))
    limit = MAX_CASELOAD if name == "caseload" else (
        MAX_DAYS if name == "measure_waiting_days" else MAX_COUNT)
    if value > limit:
        raise ValidationError(f"{prefix}.{name}", _("{label} is onwaarschijnlijk groot (meer "
                                                    "dan {n}).").format(label=label,
                                                                        n=f"{limit:g}"))
    return value if whole else round(float(value), 1)


def _check(row: GiFigureInput, index: int, session: Session) -> GiFigureInput:
    prefix = f"rows[{index}]"
    for org_id, kind, name in ((row.gi_id, OrganisationKind.GI, "gi_id"),
                               (row.municipality_id, OrganisationKind.MUNICIPALITY,
                                "municipality_id")):
        org = session.get(Organisation, org_id)
        if org is None or org.kind is not kind:
            raise ValidationError(f"{prefix}.{name}", _("Kies een bestaande {kind}.").format(
                kind=kind.label.lower()))
    return GiFigureInput.of(row.gi_id, row.municipality_id, {
        name: _number(row, name, prefix) for name, _header, _whole in NUMBERS})


def save_gi_figures(store: Store, meetmoment: date, rows: Sequence[GiFigureInput], *,
                    source: str = "") -> int:
    """Store the GI figures of ``meetmoment``; returns how many GI × gemeente rows hold
    figures afterwards. A row with no numbers removes that GI × gemeente's figures.

    Raises ``ValidationError`` (field ``meetmoment`` or ``rows[i].<number>``) for a meetmoment
    in the future, an unknown GI or gemeente, a negative or unlikely number."""
    if meetmoment > store.today():
        raise ValidationError("meetmoment", _("Het meetmoment ligt in de toekomst."))
    with store.transaction() as session:
        checked = [_check(row, index, session) for index, row in enumerate(rows)]
        for row in checked:
            session.execute(delete(GiFigure).where(
                GiFigure.meetmoment == meetmoment, GiFigure.gi_id == row.gi_id,
                GiFigure.municipality_id == row.municipality_id))
            if row.empty:
                continue
            session.add(GiFigure(
                meetmoment=meetmoment, gi_id=row.gi_id, municipality_id=row.municipality_id,
                source=source[:200], recorded_by_id=store.actor_id,
                **{name: getattr(row, name) for name, _h, _w in NUMBERS}))
        session.flush()
        count = len(session.scalars(select(GiFigure.id).where(
            GiFigure.meetmoment == meetmoment)).all())
        audit.record(session, store, AuditAction.CHANGE, "gi_figure", meetmoment.isoformat(),
                     detail=f"{len(checked)} rows")
        return count


def read_gi_figures(session: Session, meetmomenten: Iterable[date] | None = None,
                    *, until: date | None = None,
                    known_at: datetime | None = None) -> list[GiFigureRow]:
    """The stored figures (of some meetmomenten, or all up to ``until``), with names."""
    gi, municipality = Organisation.__table__.alias("gi"), Organisation.__table__.alias("mun")
    columns = [getattr(GiFigure, name) for name, _h, _w in NUMBERS]
    query = (select(GiFigure.meetmoment, GiFigure.gi_id, GiFigure.municipality_id, gi.c.name,
                    municipality.c.name, GiFigure.source, GiFigure.updated_at, *columns)
             .join(gi, gi.c.id == GiFigure.gi_id)
             .join(municipality, municipality.c.id == GiFigure.municipality_id)
             .order_by(GiFigure.meetmoment, gi.c.name, municipality.c.name))
    if meetmomenten is not None:
        query = query.where(GiFigure.meetmoment.in_(list(meetmomenten)))
    if until is not None:
        query = query.where(GiFigure.meetmoment <= until)
    if known_at is not None:
        query = query.where(GiFigure.updated_at <= known_at)
    result = []
    for (day, gi_id, mun_id, gi_name, mun_name, source, updated, *numbers) in \
            session.execute(query):
        values = dict(zip((name for name, _h, _w in NUMBERS), numbers, strict=True))
        result.append(GiFigureRow(gi_id=gi_id, municipality_id=mun_id, meetmoment=day,
                                  gi_name=gi_name, municipality_name=mun_name, source=source,
                                  updated_at=updated, **values))
    return result


def gi_figures(store: Store, meetmoment: date) -> list[GiFigureRow]:
    """The figures stored for ``meetmoment``, by GI and gemeente."""
    with store.transaction() as session:
        return read_gi_figures(session, [meetmoment])


def gi_meetmomenten(store: Store) -> list[date]:
    """Every meetmoment that has GI figures, oldest first."""
    with store.transaction() as session:
        return sorted(set(session.scalars(select(GiFigure.meetmoment)).all()))


def grid_rows(store: Store, meetmoment: date) -> list[GiFigureRow]:
    """One row per active GI × gemeente for the grid, with the figures stored for
    ``meetmoment`` (and those of stored rows whose GI or gemeente is no longer active)."""
    from expertteam.services import organisations

    gis = organisations.list_organisations(store, (OrganisationKind.GI,))
    municipalities = organisations.list_organisations(store, (OrganisationKind.MUNICIPALITY,))
    stored: dict[tuple[int, int], GiFigureRow | None] = {
        (row.gi_id, row.municipality_id): row for row in gi_figures(store, meetmoment)}
    rows = [stored.pop((gi.id, mun.id), None) or GiFigureRow(
        gi_id=gi.id, municipality_id=mun.id, meetmoment=meetmoment, gi_name=gi.name,
        municipality_name=mun.name) for gi in gis for mun in municipalities]
    return rows + [row for row in stored.values() if row is not None]

