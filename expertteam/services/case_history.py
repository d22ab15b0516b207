"""A case's dated history read back for the history dialog, and corrected: ``correct_change``
moves an earlier change to the day it really took effect (a correction row supersedes it and the
later rows of that field are recorded again after it; see ``domain/timeline.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from expertteam.domain.enums import (
    AuditAction,
    BlockerKind,
    CaseStatus,
    ClosingResult,
    LabelledEnum,
    MeasureKind,
    WaitingFor,
)
from expertteam.domain.errors import NotFoundError, ValidationError
from expertteam.domain.timeline import MEASURE_FIELDS, MEASURE_PREFIX
from expertteam.formatting import short_date
from expertteam.i18n import N_, _
from expertteam.services import audit
from expertteam.services.history_writer import HistoryWriter, check_effective_on
from expertteam.services.store import Store
from expertteam.storage.models.cases import Case, CaseChange
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
        row = writer.live_row(change_id)
        if row is None:
            raise NotFoundError(_("Deze wijziging bestaat niet of is al gecorrigeerd."))
        if row.field in DATE_FIELDS or row.field == "waiting_since":
            raise ValidationError("effective_on", _(
                "Deze datum corrigeert u door de datum zelf in de casus te wijzigen."))
        check_effective_on(effective_on, store.today(), case.referred_on)
        if effective_on != row.effective_on:
            writer.move(row, effective_on)
        audit.record(session, store, AuditAction.CHANGE, "case", case_id, detail="correction")
