"""The demo region as a new user gets it: children, and a lived-in meeting history."""

from pathlib import Path

import pytest

from expertteam import clock
from expertteam.domain.enums import ActionStatus, CaseStatus, MeetingStatus, WaitingFor
from expertteam.domain.errors import StateError
from expertteam.services import action_rows, case_register, demo, meetings, regions
from expertteam.services.store import Store
from tests.conftest import TODAY


@pytest.fixture
def full_demo(tmp_path: Path) -> Store:
    store = Store.create(tmp_path / "demo.db")
    demo.load_demo(store)
    return store


def test_demo_region_is_westfriesland_with_fifteen_children(full_demo: Store) -> None:
    region = regions.get_region(full_demo)
    assert region is not None
    assert (region.code, region.year) == ("JZ05", 2022)
    rows = case_register.list_register(full_demo)
    assert len(rows) == 15
    assert sum(r.waiting_for is WaitingFor.VASTE_JEUGDBESCHERMER for r in rows) == 2
    # Nine wait for passende jeugdhulp; Sem's help, entered after the publication of this
    # month's monitor, started before it.
    assert sum(r.waiting_for is WaitingFor.PASSENDE_JEUGDHULP for r in rows) == 8
    assert {r.status for r in rows} == set(CaseStatus)
    assert "Noël de Vries" in {r.child_name for r in rows}


def test_demo_history_has_closed_meetings_a_planned_one_and_actions(full_demo: Store) -> None:
    listed = meetings.list_meetings(full_demo)
    assert sorted(m.status for m in listed) == sorted(
        [MeetingStatus.CLOSED, MeetingStatus.CLOSED, MeetingStatus.PLANNED])
    planned = next(m for m in listed if m.status is MeetingStatus.PLANNED)
    assert planned.held_on > TODAY
    everything = [a for row in case_register.list_register(full_demo)
                  for a in action_rows.case_actions(full_demo, row.id)]
    statuses = {a.status for a in everything}
    assert {ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.NOT_DONE} <= statuses
    assert any(a.overdue for a in everything)
    assert clock.today() == TODAY  # the back-dating is undone


def test_demo_monitor_history_gi_figures_and_a_correction(full_demo: Store) -> None:
    from expertteam.domain import monitor as m
    from expertteam.services import gi_figures, monitor_publication

    assert len(gi_figures.gi_meetmomenten(full_demo)) == 3
    published = monitor_publication.list_publications(full_demo)
    assert [p.meetmoment for p in published] == [demo.meetmomenten(TODAY)[-1]]
    view = monitor_publication.monitor_view(full_demo, published[0].meetmoment)
    assert view.corrections is not None
    sem = next(r for r in case_register.list_register(full_demo) if r.child_name.startswith("Sem"))
    waiting = [c for c in view.corrections.corrections if c.table_key == "gi_gemeente"
               and c.labels[0] == "Totaal" and c.column == "Totaal"]
    assert [(c.then, c.now, c.case_ids) for c in waiting] == [(10, 9, (sem.id,))]
    assert view.report.table(m.GI_REPORT_KEY).rows


def test_demo_refuses_a_database_with_cases(full_demo: Store) -> None:
    with pytest.raises(StateError):
        demo.load_demo(full_demo)
