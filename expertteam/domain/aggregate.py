"""The monitor's anonymous aggregate: counts per GI × gemeente × jeugdregio, and how the
aggregates of several regions add up into one national table.

Counts add up. The two averages a GI reports add up weighted: the caseload by the number of
jeugdbeschermers, the waiting time for a measure by the number of children waiting for a vaste
jeugdbeschermer (the plain mean where no weight is known). A count that a region hid (``<5``,
``x``) cannot be added: a sum that needs it is hidden as ``x`` too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from expertteam.domain.monitor import weighted_mean
from expertteam.domain.tables import SUPPRESSED_DERIVABLE
from expertteam.i18n import N_, _

KIND = N_("Monitor wachtende kinderen, geaggregeerd (alleen aantallen)")
"""What the file says it is, in its explanation sheet: combine reads only such files."""

Number = int | float | None
Cell = int | float | str | None  # str: hidden as published ("<5", "x")


class Measure(StrEnum):
    COUNT = "count"
    CASELOAD = "caseload"
    DAYS = "days"


# (key, header, how it adds up)
VALUES: tuple[tuple[str, str, Measure], ...] = (
    ("own_pj", N_("Expertteam: wacht op passende jeugdhulp"), Measure.COUNT),
    ("own_vjb", N_("Expertteam: wacht op vaste jeugdbeschermer"), Measure.COUNT),
    ("gi_vjb", N_("GI: wacht op vaste jeugdbeschermer"), Measure.COUNT),
    ("gi_pj", N_("GI: wacht op passende jeugdhulp"), Measure.COUNT),
    ("gi_staff", N_("GI: aantal jeugdbeschermers"), Measure.COUNT),
    ("gi_caseload", N_("GI: gemiddelde caseload"), Measure.CASELOAD),
    ("gi_days", N_("GI: gemiddelde wachttijd maatregel (dagen)"), Measure.DAYS),
)
KEYS = (N_("Jeugdregio (CBS-code)"), N_("Jeugdregio"), N_("Gemeente (CBS-code)"),
        N_("Gemeente"), N_("GI (KvK-nummer)"), N_("GI"))
_INDEX = {key: index for index, (key, _header, _how) in enumerate(VALUES)}


def headers() -> list[str]:
    return [_(key) for key in KEYS] + [_(header) for _key, header, _how in VALUES]


@dataclass(frozen=True, slots=True)
class AggregateRow:
    """One GI × gemeente × jeugdregio: its codes and names, and a value per ``VALUES``."""

    region_code: str
    region_name: str
    municipality_code: str
    municipality_name: str
    gi_code: str
    gi_name: str
    values: tuple[Cell, ...]

    def identity(self) -> tuple[str, str, str]:
        """Codes where known, names otherwise (a GI without a KvK number in one region)."""
        return (self.region_code or self.region_name.casefold(),
                self.municipality_code or self.municipality_name.casefold(),
                self.gi_code or self.gi_name.casefold())

    def value(self, key: str) -> Cell:
        return self.values[_INDEX[key]]


def _add(cells: Sequence[Cell], weights: Sequence[Cell] | None, how: Measure) -> Cell:
    if any(isinstance(cell, str) for cell in cells):
        return SUPPRESSED_DERIVABLE
    numbers = [cell for cell in cells if isinstance(cell, int | float)]
    if not numbers:
        return None
    if how is Measure.COUNT:
        return sum(numbers)
    pairs = [(float(cell), float(weight) if isinstance(weight, int | float) else None)
             for cell, weight in zip(cells, weights or [None] * len(cells), strict=True)
             if isinstance(cell, int | float)]
    mean = weighted_mean(pairs)
    if mean is None:
        return None
    return mean if how is Measure.CASELOAD else int(mean + 0.5)


def add_up(rows: Sequence[AggregateRow], labels: tuple[str, str, str, str, str, str]
           ) -> AggregateRow:
    """One row that adds ``rows`` up, labelled ``labels`` (codes and names)."""
    values: list[Cell] = []
    for key, _header, how in VALUES:
        cells = [row.value(key) for row in rows]
        weight_key = {Measure.CASELOAD: "gi_staff", Measure.DAYS: "gi_vjb"}.get(how)
        weights = [row.value(weight_key) for row in rows] if weight_key else None
        values.append(_add(cells, weights, how))
    return AggregateRow(*labels, tuple(values))


def combine(rows: Iterable[AggregateRow]) -> list[AggregateRow]:
    """The rows of several files as one table: rows of the same GI × gemeente × jeugdregio
    added up, sorted by jeugdregio, gemeente and GI."""
    grouped: dict[tuple[str, str, str], list[AggregateRow]] = {}
    for row in rows:
        grouped.setdefault(row.identity(), []).append(row)
    result = []
    for group in grouped.values():
        first = group[0]
        labels = (first.region_code, first.region_name, first.municipality_code,
                  first.municipality_name, first.gi_code, first.gi_name)
        result.append(group[0] if len(group) == 1 else add_up(group, labels))
    return sorted(result, key=lambda r: (r.region_code, r.municipality_name.casefold(),
                                         r.gi_name.casefold()))


def totals(rows: Sequence[AggregateRow], by: Callable[[AggregateRow], tuple[str, str]],
           labels: Callable[[str, str], tuple[str, str, str, str, str, str]]
           ) -> list[AggregateRow]:
    """One row per group (``by`` gives its code and name), adding its rows up, by name."""
    grouped: dict[str, tuple[str, str, list[AggregateRow]]] = {}
    for row in rows:
        code, name = by(row)
        grouped.setdefault(code or name.casefold(), (code, name, []))[2].append(row)
    return [add_up(group, labels(code, name))
            for code, name, group in sorted(grouped.values(), key=lambda g: g[1].casefold())]


def gi_of(row: AggregateRow) -> tuple[str, str]:
    return row.gi_code, row.gi_name


def region_of(row: AggregateRow) -> tuple[str, str]:
    return row.region_code, row.region_name
