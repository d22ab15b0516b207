"""The agenda proposal and filling an agenda from it (``agenda_proposal.propose_agenda``,
``agenda.fill_agenda``) at each size, against the bare work they stand for: reading the same
open cases, their actions and the closed meetings' agenda items as plain rows with one session
of the same store, in the same process (the closed meetings' items as the last meeting per case,
one row each, as the proposal reads them). The fill takes at most the proposal limit at a time
(default 30); the figures show how many items were proposed and how many one fill added.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from bench import region, report
from bench.report import Figure
from expertteam.domain.enums import CaseStatus, MeetingStatus
from expertteam.services import agenda, agenda_proposal, meetings
from expertteam.services.meeting_data import MeetingInput
from expertteam.services.store import Store
from expertteam.storage.models.actions import Action
from expertteam.storage.models.cases import Case
from expertteam.storage.models.meetings import AgendaItem, Meeting

RUNS = 5
GOAL_FILL_MS = 1000.0


def _bare_read(store: Store) -> int:
    """The rows the proposal has to look at, read and nothing else done with them."""
    with store.transaction() as session:
        rows = session.execute(select(Case.id, Case.case_number, Case.given_names, Case.surname,
                                      Case.birth_date, Case.status, Case.referred_on)
                               .where(Case.status != CaseStatus.CLOSED)).all()
        rows += session.execute(select(Action.case_id, Action.due_on, Action.status)).all()
        rows += session.execute(
            select(AgendaItem.case_id, func.max(Meeting.held_on))
            .join(Meeting, AgendaItem.meeting_id == Meeting.id)
            .where(Meeting.status == MeetingStatus.CLOSED).group_by(AgendaItem.case_id)).all()
        return len(rows)


def _figures(store: Store, size: int) -> Iterator[Figure]:
    days = count(30)

    def planned() -> int:
        return meetings.plan_meeting(store, MeetingInput(
            held_on=store.today() + timedelta(days=next(days)))).id

    bare = report.timed_ms(lambda: _bare_read(store), RUNS, warm=1)
    yield Figure("bare read of the proposal's rows (baseline)", size, bare)
    meeting_id = planned()
    proposed = agenda_proposal.propose_agenda(store, meeting_id)
    yield Figure("  items proposed", size, (len(proposed),), unit="")
    yield Figure("propose the agenda", size,
                 report.timed_ms(lambda: agenda_proposal.propose_agenda(store, meeting_id), RUNS),
                 bare=report.percentile(bare, 0.5))
    meeting_ids: list[int] = []
    samples = report.timed_ms(lambda: agenda.fill_agenda(store, meeting_ids[-1]), RUNS,
                              before=lambda: meeting_ids.append(planned()))
    yield Figure("fill a new agenda from the proposal", size, samples, goal=GOAL_FILL_MS,
                 bare=report.percentile(bare, 0.5))
    filled = agenda.fill_agenda(store, planned())
    yield Figure("  items one fill adds", size, (filled.added,), unit="",
                 note=f"{filled.still_proposed} left proposed")
    open_actions = sum(1 for p in proposed if p.open_actions)
    yield Figure("  proposed cases with open actions", size, (open_actions,), unit="",
                 note=f"of which overdue: {sum(1 for p in proposed if p.overdue_actions)}")


def main() -> int:
    figures = report.Collector()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for size in report.sizes():
            with region.opened_region(size, folder) as store:
                for figure in _figures(store, size):
                    figures.add(figure)
            (folder / f"region-{size}.db").unlink()
    figures.emit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
