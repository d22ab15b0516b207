"""The monitor over time: cases referred and closed in a period, the lead time to the start of
help, and the monthly trend of waiting children — all from the dated history, so a start of
help entered late but dated back counts in the period it happened."""

from __future__ import annotations

from datetime import date

from expertteam import formatting as fmt
from expertteam.domain import monitor as m
from expertteam.domain import tables as t
from expertteam.domain import timeline as tl
from expertteam.domain.enums import CaseStatus, ClosingResult
from expertteam.domain.tables import Column, ColumnKind, Row
from expertteam.domain.timeline import CaseState, CaseTimeline
from expertteam.domain.waiting import Category
from expertteam.domain.workdays import add_months
from expertteam.i18n import _
from expertteam.services.monitor_history import History

TREND_MONTHS = 24


def flow_tables(history: History, start: date, end: date) -> list[t.Table]:
    period = _("{start} tot en met {end}").format(start=fmt.short_date(start),
                                                  end=fmt.short_date(end))
    opened: list[int] = []
    closed: dict[int, ClosingResult | None] = {}
    referral_to_help: list[tuple[int, int]] = []
    waiting_to_help: list[tuple[int, int]] = []
    end_states: dict[int, CaseState] = {}
    for case_id, timeline in history.timelines.items():
        if start <= timeline.referred_on <= end:
            opened.append(case_id)
        previous_status: CaseStatus | None = None
        for segment_start, _until, state in timeline.segments():
            if state.status is CaseStatus.CLOSED and previous_status is not CaseStatus.CLOSED \
                    and start <= segment_start <= end:
                closed[case_id] = state.closing_result
            previous_status = state.status
        state_end = timeline.state_at(end)
        if state_end is not None:
            end_states[case_id] = state_end
    for case_id, state in end_states.items():
        help_on = state.help_started_on
        if help_on is None or not start <= help_on <= end:
            continue
        referral_to_help.append((case_id, max(0, (help_on - state.referred_on).days)))
        first_waiting = _waiting_since_before(history.timelines[case_id], help_on)
        if first_waiting is not None:
            waiting_to_help.append((case_id, max(0, (help_on - first_waiting).days)))
    flow = t.Table(
        "instroom_uitstroom", _("Aangemelde en afgesloten casussen, {period}").format(
            period=period),
        (_("Casussen"),), (Column(_("Aantal"), ColumnKind.COUNT),),
        (Row((_("Aangemeld"),), (len(opened),), case_ids=tuple(sorted(opened))),
         Row((_("Afgesloten"),), (len(closed),), case_ids=tuple(sorted(closed)))))
    results: dict[ClosingResult, list[int]] = {result: [] for result in ClosingResult}
    unknown: list[int] = []
    for case_id, result in closed.items():
        (results[result] if result is not None else unknown).append(case_id)
    result_rows = [Row((result.label,), (len(ids),), case_ids=tuple(sorted(ids)))
                   for result, ids in results.items()]
    if unknown:
        result_rows.append(Row((_("Onbekend"),), (len(unknown),), case_ids=tuple(sorted(unknown))))
    outcome = t.Table(
        "afsluitresultaat", _("Resultaat bij afsluiting, {period}").format(period=period),
        (_("Resultaat"),), (Column(_("Casussen"), ColumnKind.COUNT),), tuple(result_rows),
        Row((_("Totaal afgesloten"),), (len(closed),), case_ids=tuple(sorted(closed))))

    def lead_row(label: str, pairs: list[tuple[int, int]]) -> Row:
        values = [days for _case, days in pairs]
        return Row((label,), (len(values), m.mean_days(values), m.median_days(values)),
                   basis=len(values), case_ids=tuple(sorted(case for case, _d in pairs)))

    lead = t.Table(
        "doorlooptijd", _("Doorlooptijd tot start van de hulp, {period}").format(period=period),
        (_("Doorlooptijd"),),
        (Column(_("Kinderen"), ColumnKind.COUNT), Column(_("Gemiddeld (dagen)"), ColumnKind.DAYS),
         Column(_("Mediaan (dagen)"), ColumnKind.DAYS)),
        (lead_row(_("Van aanmelding tot start hulp"), referral_to_help),
         lead_row(_("Van begin wachten tot start hulp"), waiting_to_help)),
        None,
        _("Kinderen bij wie de passende hulp in deze periode is gestart, op de datum waarop "
          "die startte (ook als dat later is vastgelegd)."))
    return [flow, outcome, lead]


def _waiting_since_before(timeline: CaseTimeline, until: date) -> date | None:
    """The waiting-since date the case last had before help started."""
    found: date | None = None
    for segment_start, _until, state in timeline.segments():
        if segment_start > until:
            break
        if state.waiting_since is not None:
            found = state.waiting_since
    return found


def trend_days(meetmoment: date, earliest: date | None) -> list[date]:
    days = [add_months(meetmoment, -k) for k in range(TREND_MONTHS, -1, -1)]
    if earliest is not None:
        start = max(0, sum(1 for day in days if day < earliest) - 1)
        days = days[start:]
    return days


def trend(history: History, meetmoment: date) -> t.Table:
    earliest = min((timeline.referred_on for timeline in history.timelines.values()),
                   default=None)
    days = trend_days(meetmoment, earliest)
    series = tl.waiting_series(history.timelines.values(), days)
    pj, vjb = series[Category.PASSENDE_JEUGDHULP], series[Category.VASTE_JEUGDBESCHERMER]
    return t.Table(
        m.TREND_KEY, _("Verloop van het aantal wachtende kinderen"), (_("Datum"),),
        (Column(Category.PASSENDE_JEUGDHULP.label, ColumnKind.COUNT),
         Column(Category.VASTE_JEUGDBESCHERMER.label, ColumnKind.COUNT),
         Column(_("Totaal"), ColumnKind.TOTAL)),
        tuple(Row((fmt.short_date(day),), (pj[i], vjb[i], pj[i] + vjb[i]), day=day)
              for i, day in enumerate(days)),
        None, _("Stand op dezelfde dag van elke maand, teruggerekend uit de vastgelegde "
                "geschiedenis."))
