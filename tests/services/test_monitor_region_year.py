"""A region of several gemeenten and GI's over a year of entries made late and corrected
(random, seeded), checked cell by cell against counts the test keeps itself.

The test does not read the history or call the monitor's rules: it keeps its own account of
each child (referral, gemeente and GI from which day, its waits, help, closing), changes it
alongside every service call it makes, and counts from that account. Three meetmomenten are
published a few days after they pass; entries made later (dated before them) must change the
figures as known now and leave the published ones as they were.
"""

from __future__ import annotations

import copy
import os
import random
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import pytest

from expertteam.domain import monitor as m
from expertteam.domain import tables as t
from expertteam.domain.enums import ClosingResult, MeasureKind, OrganisationKind, WaitingFor
from expertteam.services import case_history, cases, monitor, monitor_publication, organisations
from expertteam.services.case_data import CaseInput, MeasureInput
from expertteam.services.organisations import OrganisationInput
from expertteam.services.store import Store
from tests.conftest import TODAY, pin_day

SEED = int(os.environ.get("REGION_YEAR_SEED", "14"))
FIRST_DAY = date(2025, 11, 3)
LAST_DAY = date(2026, 11, 2)
MEETMOMENTEN = (date(2026, 2, 1), date(2026, 6, 1), date(2026, 10, 1))
PUBLISHED_AFTER = timedelta(days=3)
GEMEENTEN = {"Drechterland": "GM0498", "Enkhuizen": "GM0388", "Hoorn": "GM0405",
             "Medemblik": "GM0420"}
GIS = ("Jeugdbescherming Noord", "Leger des Heils Jeugdbescherming & Reclassering",
       "William Schrikker Jeugdbescherming")
HELP_WAITS = (WaitingFor.PASSENDE_JEUGDHULP, WaitingFor.PLACEMENT)
BUCKETS = ((0, 30), (31, 90), (91, 180), (181, 365), (366, 100_000))


@dataclass
class Wait:
    what: WaitingFor
    start: date
    end: date | None = None


@dataclass
class Child:
    """What the test knows of one child: each list holds (from which day, value)."""

    case_id: int
    referred: date
    gemeente: list[tuple[date, str]]
    gi: list[tuple[date, str]]
    waits: list[Wait] = field(default_factory=list)
    help: list[tuple[date, date | None]] = field(default_factory=list)
    closed: date | None = None
    moved: int = 0  # changes of gemeente or GI after the referral

    @staticmethod
    def on(timeline: list[tuple[date, str]], day: date) -> str:
        return [value for start, value in timeline if start <= day][-1]

    def wait_on(self, day: date) -> Wait | None:
        if day < self.referred or (self.closed is not None and self.closed <= day):
            return None
        for wait in self.waits:
            if wait.start <= day and (wait.end is None or wait.end > day):
                return wait
        return None

    def help_on(self, day: date) -> date | None:
        known = [value for start, value in self.help if start <= day]
        return known[-1] if known else None

    @property
    def current(self) -> Wait | None:
        return self.waits[-1] if self.waits and self.waits[-1].end is None else None


def _kind(what: WaitingFor) -> str:
    return "vjb" if what is WaitingFor.VASTE_JEUGDBESCHERMER else "pj"


class Region:
    """The region as the test keeps it, and the service calls that change it."""

    def __init__(self, store: Store, rng: random.Random) -> None:
        self.store, self.rng = store, rng
        self.ids = {name: organisations.create_organisation(store, OrganisationInput(
            OrganisationKind.MUNICIPALITY, name, code)).id for name, code in GEMEENTEN.items()}
        for name in GIS:
            self.ids[name] = organisations.create_organisation(store, OrganisationInput(
                OrganisationKind.GI, name)).id
        self.children: list[Child] = []

    def _back(self, today: date, earliest: date, most: int = 25) -> date:
        """A day between ``earliest`` and today, at most ``most`` days back."""
        low = max(earliest, today - timedelta(days=most))
        return low + timedelta(days=self.rng.randint(0, max(0, (today - low).days)))

    def _update(self, child: Child, effective_on: date | None = None, **changes: Any) -> None:
        detail = cases.get_case(self.store, child.case_id)
        cases.update_case(self.store, child.case_id,
                          replace(detail.to_input(), **changes),
                          effective_on=effective_on, confirmed=True)

    # ------------------------------------------------------------------ what can happen
    def refer(self, today: date) -> None:
        referred = self._back(today, FIRST_DAY, 30)
        gemeente, gi = self.rng.choice(sorted(GEMEENTEN)), self.rng.choice(GIS)
        what = self.rng.choice([None, *WaitingFor, WaitingFor.PASSENDE_JEUGDHULP])
        since = referred + timedelta(days=self.rng.randint(-20, max(0, (today - referred).days)))
        since = min(since, today)
        created = cases.create_case(self.store, CaseInput(
            given_names="Kind", surname=f"{len(self.children)}", referred_on=referred,
            birth_date=date(2013, 4, 1), municipality_id=self.ids[gemeente],
            gi_id=self.ids[gi], waiting_for=what, waiting_since=since if what else None,
            measures=[MeasureInput(MeasureKind.OTS, referred - timedelta(days=20))]),
            confirmed=True)
        child = Child(created.id, referred, [(referred, gemeente)], [(referred, gi)])
        if what is not None:
            child.waits.append(Wait(what, since))
        self.children.append(child)

    def _open(self) -> list[Child]:
        return [c for c in self.children if c.closed is None]

    def help_starts(self, today: date) -> bool:
        candidates = [c for c in self._open() if c.current and c.current.what in HELP_WAITS]
        if not candidates:
            return False
        child = self.rng.choice(candidates)
        wait = child.current
        assert wait is not None
        day = self._back(today, wait.start)
        self._update(child, help_started_on=day)
        child.help.append((day, day))
        wait.end = day
        return True

    def jeugdbeschermer_found(self, today: date) -> bool:
        candidates = [c for c in self._open() if c.current and
                      c.current.what is WaitingFor.VASTE_JEUGDBESCHERMER]
        if not candidates:
            return False
        child = self.rng.choice(candidates)
        wait = child.current
        assert wait is not None
        day = self._back(today, max(wait.start, child.referred))
        self._update(child, effective_on=day, waiting_for=None, waiting_since=None)
        wait.end = day
        return True

    def waits_again(self, today: date) -> bool:
        candidates = [c for c in self._open() if c.current is None]
        if not candidates:
            return False
        child = self.rng.choice(candidates)
        what = self.rng.choice(list(WaitingFor))
        earliest = max([child.referred - timedelta(days=10)] +
                       [w.end for w in child.waits if w.end is not None] +
                       [day for day, _v in child.help])
        since = self._back(today, earliest + timedelta(days=1))
        if since > today:
            return False
        changes: dict[str, Any] = {"waiting_for": what, "waiting_since": since}
        if what in HELP_WAITS and child.help_on(today) is not None:
            changes["help_started_on"] = None  # the help broke down: cleared from today
            child.help.append((today, None))
        self._update(child, **changes)
        child.waits.append(Wait(what, since))
        return True

    def wait_corrected(self, today: date) -> bool:
        candidates = [c for c in self._open() if c.current is not None]
        if not candidates:
            return False
        child = self.rng.choice(candidates)
        wait = child.current
        assert wait is not None
        ended = [w.end for w in child.waits[:-1] if w.end is not None]
        helped = [day for day, value in child.help if value is not None]
        earliest = max([child.referred - timedelta(days=10), *ended,
                        *(day + timedelta(days=1) for day in helped)])
        since = self._back(today, earliest, 60)
        if since == wait.start:
            return False
        self._update(child, waiting_since=since)
        wait.start = since
        return True

    def moves(self, today: date, what: str) -> bool:
        candidates = self._open()
        if not candidates:
            return False
        child = self.rng.choice(candidates)
        timeline = child.gemeente if what == "gemeente" else child.gi
        choices = sorted(GEMEENTEN) if what == "gemeente" else list(GIS)
        value = self.rng.choice([v for v in choices if v != timeline[-1][1]])
        day = self._back(today, timeline[-1][0] + timedelta(days=1))
        if day <= timeline[-1][0] or day > today:
            return False
        field_name = "municipality_id" if what == "gemeente" else "gi_id"
        self._update(child, effective_on=day, **{field_name: self.ids[value]})
        timeline.append((day, value))
        child.moved += 1
        return True

    def move_corrected(self, today: date) -> bool:
        """The day of the latest change of gemeente is corrected (the history dialog)."""
        candidates = [c for c in self._open() if len(c.gemeente) > 1]
        if not candidates:
            return False
        child = self.rng.choice(candidates)
        latest = next(e for e in reversed(case_history.case_history(self.store, child.case_id))
                      if e.field == "municipality_id" and not e.superseded)
        day = self._back(today, child.gemeente[-2][0] + timedelta(days=1), 40)
        if day <= child.gemeente[-2][0]:
            return False
        case_history.correct_change(self.store, child.case_id, latest.id, day)
        child.gemeente[-1] = (day, child.gemeente[-1][1])
        return True

    def referral_corrected(self, today: date) -> bool:
        candidates = [c for c in self._open() if c.moved == 0]
        if not candidates:
            return False
        child = self.rng.choice(candidates)
        day = child.referred + timedelta(days=self.rng.randint(-15, 15))
        day = min(day, today)
        if day == child.referred or any(w.start < day - timedelta(days=300)
                                        for w in child.waits):
            return False
        self._update(child, referred_on=day)
        child.referred = day
        child.gemeente[0] = (day, child.gemeente[0][1])
        child.gi[0] = (day, child.gi[0][1])
        return True

    def closes(self, today: date) -> bool:
        candidates = self._open()
        if not candidates:
            return False
        child = self.rng.choice(candidates)
        result = self.rng.choice([ClosingResult.HELP_STARTED, ClosingResult.MOVED,
                                  ClosingResult.MEASURE_ENDED, ClosingResult.RETURNED_LOCAL])
        day = self._back(today, child.referred, 20)
        cases.close_case(self.store, child.case_id, result, day, confirmed=True)
        child.closed = day
        if result is ClosingResult.HELP_STARTED and child.help_on(today) is None:
            child.help.append((day, day))
        return True

    def act(self, today: date) -> None:
        steps = [("refer", 5), ("help", 3), ("found", 2), ("again", 2), ("wait", 2),
                 ("gemeente", 2), ("gi", 2), ("move", 1), ("referral", 1), ("close", 2)]
        name = self.rng.choices([n for n, _w in steps], [w for _n, w in steps])[0]
        if name == "refer" or len(self.children) < 4:
            self.refer(today)
            return
        {"help": self.help_starts, "found": self.jeugdbeschermer_found,
         "again": self.waits_again, "wait": self.wait_corrected,
         "gemeente": lambda d: self.moves(d, "gemeente"), "gi": lambda d: self.moves(d, "gi"),
         "move": self.move_corrected, "referral": self.referral_corrected,
         "close": self.closes}[name](today)


# --------------------------------------------------------------------------- counting

Key = tuple[str, str]


def _waiting(children: list[Child], day: date) -> list[tuple[Child, Wait]]:
    return [(c, w) for c in children if (w := c.wait_on(day)) is not None]


def _groups(children: list[Child], day: date, key: str) -> dict[tuple[str, ...], Counter[str]]:
    counts: dict[tuple[str, ...], Counter[str]] = {}
    for child, wait in _waiting(children, day):
        labels = {"gi_gemeente": (Child.on(child.gi, day), Child.on(child.gemeente, day)),
                  "gemeente": (Child.on(child.gemeente, day),),
                  "gi": (Child.on(child.gi, day),)}[key]
        counts.setdefault(labels, Counter())[_kind(wait.what)] += 1
    return counts


def _check_report(report: m.MonitorReport, children: list[Child], previous: date) -> int:
    """Every cell of the counting tables against the test's own account; returns how many."""
    day, checked = report.meetmoment, 0
    for key in ("gi_gemeente", "gemeente", m.GI_KEY):
        now, before = _groups(children, day, key), _groups(children, previous, key)
        table = report.table(key)
        assert {row.labels for row in table.rows} == set(now) | set(before), (key, day)
        for row in table.rows:
            pj, vjb = now.get(row.labels, Counter())["pj"], now.get(row.labels, Counter())["vjb"]
            earlier = sum(before.get(row.labels, Counter()).values())
            assert row.values == (pj, vjb, pj + vjb, earlier, pj + vjb - earlier), (key, row)
            checked += 5
        assert table.total is not None
        total_now = sum(sum(c.values()) for c in now.values())
        assert table.total.values[2] == total_now
        assert table.total.values[3] == sum(sum(c.values()) for c in before.values())
        checked += 2
    waiting = _waiting(children, day)
    distribution = report.table("wachttijd")
    for row, (low, high) in zip(distribution.rows, BUCKETS, strict=True):
        inside = [(c, w) for c, w in waiting if low <= (day - w.start).days <= high]
        assert row.values == (sum(1 for _c, w in inside if _kind(w.what) == "pj"),
                              sum(1 for _c, w in inside if _kind(w.what) == "vjb"),
                              len(inside)), (day, row)
        assert set(row.case_ids) == {c.case_id for c, _w in inside}
        checked += 3
    start, end = previous + timedelta(days=1), day
    flow = report.table("instroom_uitstroom")
    assert flow.rows[0].values[0] == sum(1 for c in children if start <= c.referred <= end)
    assert flow.rows[1].values[0] == sum(1 for c in children if c.closed is not None and
                                         start <= c.closed <= end)
    helped = [c for c in children if c.referred <= end and
              (h := c.help_on(end)) is not None and start <= h <= end]
    assert report.table("doorlooptijd").rows[0].values[0] == len(helped)
    assert set(report.table("doorlooptijd").rows[0].case_ids) == {c.case_id for c in helped}
    return checked + 4


@pytest.mark.slow
def test_a_year_of_late_and_corrected_entries_counts_right_in_every_cell(store: Store) -> None:
    rng = random.Random(SEED)
    region = Region(store, rng)
    published: list[tuple[monitor_publication.PublicationInfo, list[Child]]] = []
    day = FIRST_DAY
    publish_days = {meetmoment + PUBLISHED_AFTER: meetmoment for meetmoment in MEETMOMENTEN}
    while day <= LAST_DAY:
        pin_day(day)
        if day in publish_days:
            info = monitor_publication.publish_monitor(store, publish_days[day])
            published.append((info, copy.deepcopy(region.children)))
        elif day.weekday() < 5 and rng.random() < 0.35:
            for _step in range(rng.randint(1, 3)):
                region.act(day)
        day += timedelta(days=1)
    pin_day(TODAY)
    children = region.children
    assert len(children) > 25
    assert sum(len(c.gemeente) + len(c.gi) > 2 for c in children) > 5  # moved
    assert sum(1 for c in children if c.closed) > 5
    checked = 0
    previous_of = dict(zip(MEETMOMENTEN, (date(2025, 11, 1), *MEETMOMENTEN[:-1]), strict=True))
    for (info, then), meetmoment in zip(published, MEETMOMENTEN, strict=True):
        previous = previous_of[meetmoment]
        now = monitor.monitor_at(store, meetmoment, previous)
        checked += _check_report(now, children, previous)
        frozen = monitor_publication.published_report(store, info.id)
        default_previous = frozen.previous
        checked += _check_report(frozen, then, default_previous)
        again = monitor.monitor_at(store, meetmoment, known_at=info.published_at)
        assert m.report_to_json(replace(again, produced_on=frozen.produced_on)) == \
            m.report_to_json(frozen)
        corrections = monitor_publication.corrections_since(store, info.id)
        assert corrections.corrections == tuple(m.corrections(
            frozen, monitor.monitor_at(store, meetmoment)))
    # The entries made late did change published figures.
    assert any(monitor_publication.corrections_since(store, info.id).corrections
               for info, _then in published)
    assert checked > 300
    # The trend as known now, day by day, from the test's own account.
    trend = monitor.monitor_at(store, MEETMOMENTEN[-1]).table(m.TREND_KEY)
    for row in trend.rows:
        assert row.day is not None
        counts = Counter(_kind(w.what) for _c, w in _waiting(children, row.day))
        assert row.values == (counts["pj"], counts["vjb"], counts["pj"] + counts["vjb"]), row
    assert t.show_table(trend, suppress=True).rows
