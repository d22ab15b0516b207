"""The GI's own figures in the monitor, beside the expertteam's cases.

Per GI × gemeente: the children waiting for a vaste jeugdbeschermer and for passende jeugdhulp
as the expertteam counts them (its own cases) and as the GI reported them, with the
difference; the GI's jeugdbeschermers, caseload and waiting time for a measure; and the trend
of both counts at every meetmoment a GI reported.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.orm import Session

from expertteam import formatting as fmt
from expertteam.domain import monitor as m
from expertteam.domain import tables as t
from expertteam.domain import timeline as tl
from expertteam.domain.tables import Column, ColumnKind, Row
from expertteam.domain.timeline import CaseState
from expertteam.domain.waiting import Category
from expertteam.i18n import N_, _
from expertteam.services.gi_figures import GiFigureRow, read_gi_figures
from expertteam.services.monitor_history import NO_GI, NO_MUNICIPALITY, History, name_of, sort_key

_Key = tuple[int | None, int | None]  # GI id, gemeente id
VJB = N_("Wacht op vaste jeugdbeschermer")
PJ = N_("Wacht op passende jeugdhulp")


def load_figures(session: Session, meetmoment: date,
                 known_at: datetime | None) -> list[GiFigureRow]:
    """The GI figures of every meetmoment up to ``meetmoment`` (for the trend)."""
    return read_gi_figures(session, until=meetmoment, known_at=known_at)


def _labels(history: History, key: _Key) -> tuple[tuple[str, str], tuple[str, str]]:
    gi_id, mun_id = key
    return ((name_of(history.names, gi_id, NO_GI), name_of(history.names, mun_id,
                                                           NO_MUNICIPALITY)),
            (history.codes.get(gi_id or -1, ""), history.codes.get(mun_id or -1, "")))


def _difference(gi: int | None, own: int) -> int | None:
    return None if gi is None else gi - own


def _sum(values: Sequence[int | None]) -> int | None:
    known = [value for value in values if value is not None]
    return sum(known) if known else None


def gi_tables(history: History, waiting: Sequence[tuple[CaseState, Category]],
              figures: Sequence[GiFigureRow], meetmoment: date) -> list[t.Table]:
    """The GI's figures at ``meetmoment`` beside the expertteam's own waiting children."""
    reported: dict[_Key, GiFigureRow] = {(row.gi_id, row.municipality_id): row
                                         for row in figures if row.meetmoment == meetmoment}
    own: dict[_Key, Counter[Category]] = defaultdict(Counter)
    ids: dict[_Key, list[int]] = defaultdict(list)
    for state, category in waiting:
        key = (state.gi_id, state.municipality_id)
        own[key][category] += 1
        ids[key].append(state.case_id)
    keys = sorted(set(own) | set(reported), key=lambda k: _sort(history, k))
    vjb, pj = Category.VASTE_JEUGDBESCHERMER, Category.PASSENDE_JEUGDHULP
    rows: list[Row] = []
    for key in keys:
        labels, codes = _labels(history, key)
        figure = reported.get(key)
        gi_vjb = figure.waiting_jeugdbeschermer if figure else None
        gi_pj = figure.waiting_jeugdhulp if figure else None
        rows.append(Row(labels, (own[key][vjb], gi_vjb, _difference(gi_vjb, own[key][vjb]),
                                 own[key][pj], gi_pj, _difference(gi_pj, own[key][pj])),
                        case_ids=tuple(sorted(ids[key])), codes=codes))
    own_vjb = sum(int(row.values[0] or 0) for row in rows)
    own_pj = sum(int(row.values[3] or 0) for row in rows)
    total_vjb = _sum([f.waiting_jeugdbeschermer for f in reported.values()])
    total_pj = _sum([f.waiting_jeugdhulp for f in reported.values()])
    total = Row((_("Totaal"), ""), (own_vjb, total_vjb, _difference(total_vjb, own_vjb), own_pj,
                                    total_pj, _difference(total_pj, own_pj)),
                case_ids=tuple(sorted(s.case_id for s, _c in waiting)))
    when = fmt.long_date(meetmoment)
    comparison = t.Table(
        m.GI_REPORT_KEY, _("Wachtende kinderen volgens de GI's en volgens het expertteam op "
                         "{date}").format(date=when),
        (_("GI"), _("Gemeente")),
        (Column(_("Expertteam"), ColumnKind.COUNT, group=_(VJB)),
         Column(_("GI"), ColumnKind.COUNT, group=_(VJB)),
         Column(_("Verschil"), ColumnKind.CHANGE, (0, 1), _(VJB)),
         Column(_("Expertteam"), ColumnKind.COUNT, group=_(PJ)),
         Column(_("GI"), ColumnKind.COUNT, group=_(PJ)),
         Column(_("Verschil"), ColumnKind.CHANGE, (3, 4), _(PJ))),
        tuple(rows), total,
        _("Expertteam: de kinderen van wie het expertteam de casus heeft. GI: alle kinderen "
          "die volgens de GI wachten, ook zonder casus bij het expertteam. Verschil = GI min "
          "expertteam; – = de GI heeft geen cijfer opgegeven.") if reported else
        _("Voor dit meetmoment zijn geen cijfers van de GI's ingevoerd."),
        (_("KvK-nummer GI"), _("CBS-code gemeente")))
    return [comparison, _capacity(history, reported, when)]


def _sort(history: History, key: _Key) -> tuple[tuple[bool, str], ...]:
    return sort_key(_labels(history, key)[0])


def _capacity(history: History, reported: dict[_Key, GiFigureRow], when: str) -> t.Table:
    rows = []
    for key in sorted(reported, key=lambda k: _sort(history, k)):
        figure = reported[key]
        labels, codes = _labels(history, key)
        rows.append(Row(labels, (figure.jeugdbeschermers, figure.caseload,
                                 figure.measure_waiting_days), codes=codes))
    figures = list(reported.values())
    total = Row((_("Alle GI's"), ""), (
        _sum([f.jeugdbeschermers for f in figures]),
        m.weighted_mean((f.caseload, f.jeugdbeschermers) for f in figures),
        _whole(m.weighted_mean((f.measure_waiting_days, f.waiting_jeugdbeschermer)
                               for f in figures)))) if figures else None
    return t.Table(
        m.GI_CAPACITY_KEY, _("Jeugdbeschermers, caseload en wachttijd volgens de GI's op "
                           "{date}").format(date=when),
        (_("GI"), _("Gemeente")),
        (Column(_("Jeugdbeschermers"), ColumnKind.FIGURE),
         Column(_("Gemiddelde caseload"), ColumnKind.FIGURE),
         Column(_("Wachttijd maatregel (dagen)"), ColumnKind.FIGURE)),
        tuple(rows), total,
        _("Zoals de GI's ze opgaven. Het totaal weegt de caseload naar het aantal "
          "jeugdbeschermers en de wachttijd naar het aantal kinderen dat op een vaste "
          "jeugdbeschermer wacht.") if figures else "",
        (_("KvK-nummer GI"), _("CBS-code gemeente")))


def _whole(value: float | None) -> int | None:
    return None if value is None else int(value + 0.5)


def gi_trend(history: History, figures: Sequence[GiFigureRow], meetmoment: date) -> t.Table:
    """Both counts at every meetmoment a GI reported, up to ``meetmoment``."""
    days = sorted({row.meetmoment for row in figures if row.meetmoment <= meetmoment})
    series = tl.waiting_series(history.timelines.values(), days)
    rows = []
    for index, day in enumerate(days):
        on_day = [row for row in figures if row.meetmoment == day]
        rows.append(Row((fmt.short_date(day),), (
            series[Category.VASTE_JEUGDBESCHERMER][index],
            _sum([row.waiting_jeugdbeschermer for row in on_day]),
            series[Category.PASSENDE_JEUGDHULP][index],
            _sum([row.waiting_jeugdhulp for row in on_day])), day=day))
    return t.Table(
        m.GI_TREND_KEY, _("Verloop: GI-cijfers naast de eigen casussen"), (_("Meetmoment"),),
        (Column(_("Expertteam"), ColumnKind.COUNT, group=_(VJB)),
         Column(_("GI"), ColumnKind.COUNT, group=_(VJB)),
         Column(_("Expertteam"), ColumnKind.COUNT, group=_(PJ)),
         Column(_("GI"), ColumnKind.COUNT, group=_(PJ))),
        tuple(rows), None,
        _("Op elk meetmoment waarvoor GI-cijfers zijn ingevoerd.") if rows else
        _("Er zijn nog geen GI-cijfers ingevoerd."))
