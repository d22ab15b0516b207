from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expertteam import formatting as fmt
from expertteam.domain import monitor as m
from expertteam.domain import tables as t
from expertteam.domain import timeline as tl
from expertteam.domain import waiting as w
from expertteam.domain.enums import CaseStatus, ClosingResult, WaitingFor
from expertteam.domain.tables import Column, ColumnKind, Row, Table
from expertteam.domain.timeline import Change
from expertteam.domain.waiting import Category

D0 = date(2025, 1, 6)


def _created(case_id: int, on: date, seq: int, **values: str | None) -> list[Change]:
    fields = dict.fromkeys(tl.TRACKED)
    fields["status"] = "referred"
    fields.update(values)
    return [Change(case_id, name, value, on, seq + i) for i, (name, value) in
            enumerate(sorted(fields.items()))]


def test_state_follows_changes_by_effective_date() -> None:
    changes = _created(1, D0, 0, waiting_for="passende_jeugdhulp", waiting_since=D0.isoformat(),
                       gi_id="7", municipality_id="3")
    changes += [Change(1, "gi_id", "8", D0 + timedelta(days=30), 100),
                Change(1, "waiting_for", None, D0 + timedelta(days=60), 101),
                Change(1, "help_started_on", (D0 + timedelta(days=60)).isoformat(),
                       D0 + timedelta(days=60), 102)]
    timeline = tl.build_timeline(1, D0, changes)
    assert timeline.state_at(D0 - timedelta(days=1)) is None
    first = timeline.state_at(D0)
    assert first is not None
    assert (first.gi_id, first.municipality_id, first.waiting_for) == (7, 3,
                                                                      WaitingFor.PASSENDE_JEUGDHULP)
    assert first.category_on(D0) is Category.PASSENDE_JEUGDHULP
    moved = timeline.state_at(D0 + timedelta(days=45))
    assert moved is not None
    assert moved.gi_id == 8
    assert moved.days_waiting(D0 + timedelta(days=45)) == 45
    helped = timeline.state_at(D0 + timedelta(days=400))
    assert helped is not None
    assert helped.category_on(D0 + timedelta(days=400)) is None
    assert helped.help_started_on == D0 + timedelta(days=60)


def test_backdated_closure_recorded_later_wins() -> None:
    changes = _created(1, D0, 0, waiting_for="vaste_jeugdbeschermer",
                       waiting_since=D0.isoformat())
    changes.append(Change(1, "status", "monitoring", D0 + timedelta(days=10), 50))
    # Recorded afterwards, but dated back to day 8.
    changes.append(Change(1, "status", "closed", D0 + timedelta(days=8), 60))
    changes.append(Change(1, "closing_result", "jeugdbeschermer_assigned",
                          D0 + timedelta(days=8), 61))
    timeline = tl.build_timeline(1, D0, changes)
    before = timeline.state_at(D0 + timedelta(days=7))
    assert before is not None
    assert before.status is CaseStatus.REFERRED
    for day in (8, 9, 10, 11, 300):
        state = timeline.state_at(D0 + timedelta(days=day))
        assert state is not None
        assert state.status is CaseStatus.CLOSED, day
        assert state.closing_result is ClosingResult.JEUGDBESCHERMER_ASSIGNED
        assert state.category_on(D0 + timedelta(days=day)) is None


def test_same_day_changes_last_recorded_wins() -> None:
    changes = _created(1, D0, 0)
    changes += [Change(1, "gi_id", "5", D0 + timedelta(days=3), 20),
                Change(1, "gi_id", "6", D0 + timedelta(days=3), 21)]
    state = tl.build_timeline(1, D0, changes).state_at(D0 + timedelta(days=3))
    assert state is not None
    assert state.gi_id == 6


def test_waiting_since_after_the_day_is_not_waiting_yet() -> None:
    later = D0 + timedelta(days=20)
    timeline = tl.build_timeline(1, D0, _created(1, D0, 0, waiting_for="passende_jeugdhulp",
                                                waiting_since=later.isoformat()))
    state = timeline.state_at(D0 + timedelta(days=5))
    assert state is not None
    assert state.category_on(D0 + timedelta(days=5)) is None
    assert state.category_on(later) is Category.PASSENDE_JEUGDHULP
    series = tl.waiting_series([timeline], [D0 + timedelta(days=5), later])
    assert series[Category.PASSENDE_JEUGDHULP] == [0, 1]


def test_placement_counts_as_passende_jeugdhulp() -> None:
    assert w.category_of(WaitingFor.PLACEMENT) is Category.PASSENDE_JEUGDHULP
    assert w.category_of(WaitingFor.VASTE_JEUGDBESCHERMER) is Category.VASTE_JEUGDBESCHERMER
    assert w.category_of(None) is None


_FIELD_VALUES = {
    "status": st.sampled_from(["referred", "active", "monitoring", "closed"]),
    "waiting_for": st.sampled_from([None, "passende_jeugdhulp", "vaste_jeugdbeschermer",
                                    "placement"]),
    "waiting_since": st.integers(0, 300).map(lambda d: (D0 + timedelta(days=d)).isoformat()),
    "gi_id": st.sampled_from(["1", "2", None]),
}


@st.composite
def _histories(draw: st.DrawFn) -> list[tl.CaseTimeline]:
    timelines = []
    seq = 0
    for case_id in range(draw(st.integers(1, 8))):
        referred = D0 + timedelta(days=draw(st.integers(0, 200)))
        changes = _created(case_id, referred, seq, waiting_for=draw(_FIELD_VALUES["waiting_for"]),
                           waiting_since=referred.isoformat())
        seq += 10
        for _ in range(draw(st.integers(0, 6))):
            name = draw(st.sampled_from(sorted(_FIELD_VALUES)))
            changes.append(Change(case_id, name, draw(_FIELD_VALUES[name]),
                                  referred + timedelta(days=draw(st.integers(0, 200))), seq))
            seq += 1
        timelines.append(tl.build_timeline(case_id, referred, changes))
    return timelines


@settings(max_examples=150, deadline=None)
@given(_histories(), st.lists(st.integers(-10, 450), min_size=1, max_size=12))
def test_series_equals_reconstruction_day_by_day(timelines: list[tl.CaseTimeline],
                                                 offsets: list[int]) -> None:
    days = sorted({D0 + timedelta(days=o) for o in offsets})
    series = tl.waiting_series(timelines, days)
    for index, day in enumerate(days):
        for category in Category:
            expected = sum(1 for state in tl.states_at(timelines, day)
                           if state.category_on(day) is category)
            assert series[category][index] == expected


def test_statistics() -> None:
    assert m.median_days([]) is None
    assert m.median_days([10, 20]) == 15
    assert m.median_days([1, 2]) == 2  # 1.5 rounds up
    assert m.median_days([3, 1, 200]) == 3
    assert m.mean_days([1, 2, 4]) == 2
    assert m.longest([4, 9, 2]) == 9
    buckets = m.waiting_buckets()
    assert m.bucket_counts([0, 30, 31, 90, 91, 365, 366, 2000], buckets) == [2, 2, 1, 1, 2]
    assert t.change_text(3) == "+3"
    assert t.change_text(-2) == "-2"
    assert t.change_text(0) == "0"


def _table(rows: list[tuple[int, int, int]], previous: list[int] | None = None) -> Table:
    columns = [Column("A", ColumnKind.COUNT), Column("B", ColumnKind.COUNT),
               Column("T", ColumnKind.TOTAL)]
    if previous is not None:
        columns += [Column("V", ColumnKind.PREVIOUS), Column("D", ColumnKind.CHANGE)]
    body = []
    for index, (a, b, _t) in enumerate(rows):
        values: tuple[int | None, ...] = (a, b, a + b)
        if previous is not None:
            values += (previous[index], a + b - previous[index])
        body.append(Row((f"r{index}",), values))
    sums = [sum(r.values[c] or 0 for r in body) for c in range(len(columns))]
    if previous is not None:
        sums[4] = sums[2] - sums[3]
    return Table("t", "T", ("Naam",), tuple(columns), tuple(body),
                 Row(("Totaal",), tuple(sums)))


def test_no_suppression_shows_every_number() -> None:
    shown = t.show_table(_table([(1, 0, 0), (7, 2, 0)], previous=[3, 4]), suppress=False)
    assert [[c.text for c in row.cells] for row in shown.rows] == [
        ["1", "0", "1", "3", "-2"], ["7", "2", "9", "4", "+5"], ["8", "2", "10", "7", "+3"]]
    assert shown.rows[-1].is_total


def test_small_counts_hidden_and_not_derivable() -> None:
    shown = t.show_table(_table([(3, 8, 0), (6, 9, 0), (12, 0, 0)], previous=[20, 3, 5]),
                         suppress=True)
    texts = [[c.text for c in row.cells] for row in shown.rows]
    assert texts[0][0] == "<5"
    # Row 0: with A hidden, B (8) must be hidden too or A = 11 - 8 follows.
    assert texts[0][1] == "x"
    # Column A: a second cell must be hidden too, or A0 = 21 - 6 - 12 follows.
    assert sum(1 for row in texts[:3] if row[0] in ("<5", "x")) >= 2
    # The previous count 3 is hidden, so is its change.
    assert texts[1][3] == "<5"
    assert texts[1][4] == "x"
    assert all(cell.number is None for row in shown.rows for cell in row.cells
               if cell.text in ("<5", "x"))


def _lines_safe(table: Table, shown: t.ShownTable) -> None:
    kinds = [c.kind for c in table.columns]
    hidden = {(r, c) for r, row in enumerate(shown.rows) for c, cell in enumerate(row.cells)
              if cell.text in (t.SUPPRESSED_SMALL, t.SUPPRESSED_DERIVABLE)}
    counts = [c for c, k in enumerate(kinds) if k is ColumnKind.COUNT]
    total_col = kinds.index(ColumnKind.TOTAL)
    for r in range(len(shown.rows)):
        if (r, total_col) not in hidden:
            assert sum(1 for c in counts if (r, c) in hidden) != 1
    body = range(len(shown.rows) - 1)
    for c, kind in enumerate(kinds):
        if kind in (ColumnKind.COUNT, ColumnKind.TOTAL, ColumnKind.PREVIOUS) and \
                (len(shown.rows) - 1, c) not in hidden:
            assert sum(1 for r in body if (r, c) in hidden) != 1
    for r, row in enumerate(shown.rows):
        for c, cell in enumerate(row.cells):
            value = (table.rows[r] if r < len(table.rows) else table.total).values[c]
            if kinds[c] is not ColumnKind.CHANGE and value is not None and 0 < value < 5:
                assert (r, c) in hidden
            if (r, c) not in hidden:
                assert cell.number == value


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12), st.just(0)), min_size=1,
                max_size=7),
       st.data())
def test_suppression_never_leaves_one_hidden_cell_in_a_line(
        rows: list[tuple[int, int, int]], data: st.DataObject) -> None:
    previous = data.draw(st.lists(st.integers(0, 12), min_size=len(rows), max_size=len(rows)))
    table = _table(rows, previous)
    _lines_safe(table, t.show_table(table, suppress=True))


def test_days_hidden_when_based_on_few_children() -> None:
    table = Table("d", "D", ("Wie",), (Column("Kinderen", ColumnKind.COUNT),
                                       Column("Mediaan", ColumnKind.DAYS)),
                  (Row(("a",), (3, 40), basis=3), Row(("b",), (9, 12), basis=9)))
    shown = t.show_table(table, suppress=True)
    assert [c.text for c in shown.rows[0].cells] == ["<5", "x"]
    assert [c.text for c in shown.rows[1].cells] == ["9", "12"]
    assert [c.text for c in t.show_table(table, suppress=False).rows[0].cells] == ["3", "40"]


def test_dates_in_dutch() -> None:
    assert fmt.short_date(date(2026, 10, 1)) == "01-10-2026"
    assert fmt.long_date(date(2026, 10, 1)) == "1 oktober 2026"
    assert fmt.long_date(date(2026, 12, 1), weekday=True) == "dinsdag 1 december 2026"
    assert fmt.month_label(date(2026, 3, 9)) == "mrt 2026"


def test_unsorted_days_rejected() -> None:
    with pytest.raises(ValueError, match="sorted"):
        tl.waiting_series([], [D0, D0 - timedelta(days=1)])
