"""Recording an action in a meeting (``actions.create_action``: validated, numbered, with its
event and audit entry, committed to the encrypted database) and marking one done, at each size,
against the bare work it stands for: one row inserted and committed with the same driver,
encryption and pragmas (WAL, ``synchronous=FULL``, ``secure_delete``, foreign keys) in the same
process and folder. Also counts the SQL statements each use case sends (a SQLAlchemy
``before_cursor_execute`` listener), and times the live meeting's reads.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlcipher3
from sqlalchemy import event

from bench import region, report
from bench.report import Figure
from expertteam.domain.enums import ActionStatus, Attendance, OrganisationKind
from expertteam.services import (
    action_rows,
    actions,
    agenda,
    live_meeting,
    meeting_invitees,
    meetings,
    organisations,
)
from expertteam.services.actions import ActionInput
from expertteam.services.meeting_data import InviteeInput, MeetingInput
from expertteam.services.store import Store

RUNS = 200
GOAL_RECORD_MS, GOAL_BARE_RATIO = 2.5, 6.0
GOAL_STATEMENTS = 8
PRAGMAS = ("PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000", "PRAGMA synchronous=FULL",
           "PRAGMA secure_delete=ON", "PRAGMA journal_mode=WAL")


def bare_insert_commit(folder: Path, runs: int = RUNS) -> tuple[float, ...]:
    """One row of an action's width inserted and committed, on a fresh encrypted file."""
    connection = sqlcipher3.connect(str(folder / "bare.db"), isolation_level=None)
    connection.execute("PRAGMA key = '{}'".format(region.PASSPHRASE.replace("'", "''")))
    for pragma in PRAGMAS:
        connection.execute(pragma)
    connection.execute("CREATE TABLE action (id INTEGER PRIMARY KEY, uuid TEXT UNIQUE, "
                       "number INTEGER UNIQUE, case_id INTEGER, description TEXT, "
                       "owner INTEGER, due_on TEXT, status TEXT, created_at TEXT, "
                       "updated_at TEXT)")
    numbers = count(1)

    def insert() -> None:
        number = next(numbers)
        connection.execute("BEGIN")
        connection.execute("INSERT INTO action (uuid, number, case_id, description, owner, "
                           "due_on, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
                           "?, ?, ?)", (f"uuid-{number}", number, 1, "Bellen met de aanbieder",
                                        2, "2026-12-07", "open", "2026-11-23 10:00:00",
                                        "2026-11-23 10:00:00"))
        connection.execute("COMMIT")

    try:
        return report.timed_ms(insert, runs, warm=5)
    finally:
        connection.close()


class StatementCounter:
    def __init__(self, store: Store) -> None:
        self.engine = store.database.engine
        self.statements: list[str] = []

    def _seen(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements.append(statement.split()[0].upper())

    def __enter__(self) -> StatementCounter:
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


def _meeting_item(store: Store) -> tuple[int, int, int, int]:
    """A meeting held today, started, with one case on its agenda: (meeting, item, case,
    owner organisation)."""
    orgs = organisations.list_organisations(store)
    owner = next(o.id for o in orgs if o.kind is OrganisationKind.PROVIDER)
    meeting = meetings.plan_meeting(store, MeetingInput(store.today(), place="Hoorn"),
                                    [InviteeInput(o.id) for o in orgs[:6]])
    for invitee in meetings.get_meeting(store, meeting.id).invitees:
        meeting_invitees.set_attendance(store, invitee.id, Attendance.PRESENT)
    case_id = action_rows.action_overview(store)[0].case_id
    item = agenda.add_agenda_item(store, meeting.id, case_id=case_id)
    meetings.start_meeting(store, meeting.id)
    return meeting.id, item.id, case_id, owner


def _figures(store: Store, size: int, bare: float) -> Iterator[Figure]:
    meeting_id, item_id, case_id, owner = _meeting_item(store)

    def record() -> action_rows.ActionInfo:
        return actions.create_action(store, ActionInput(
            case_id, "Bellen met de aanbieder over de startdatum", owner,
            agenda_item_id=item_id))

    yield Figure("record one action (encrypted, audited)", size,
                 report.timed_ms(record, RUNS, warm=5), goal=GOAL_RECORD_MS, bare=bare,
                 bare_goal=GOAL_BARE_RATIO)
    with StatementCounter(store) as counter:
        made = record()
    yield Figure("  SQL statements to record one action", size, (len(counter.statements),),
                 unit="", goal=GOAL_STATEMENTS, note=" ".join(counter.statements))
    open_ids = iter([a.id for a in action_rows.action_overview(store) if a.case_id == case_id])
    yield Figure("mark an action done in the meeting", size, report.timed_ms(
        lambda: actions.change_action_status(store, next(open_ids), ActionStatus.DONE,
                                             meeting_id=meeting_id), RUNS // 2), bare=bare)
    with StatementCounter(store) as counter:
        actions.change_action_status(store, made.id, ActionStatus.DONE, meeting_id=meeting_id)
    yield Figure("  SQL statements to mark one done", size, (len(counter.statements),),
                 unit="", note=" ".join(counter.statements))
    yield Figure("read the live meeting", size,
                 report.timed_ms(lambda: live_meeting.live_meeting(store, meeting_id), 10))
    yield Figure("action overview (open actions)", size,
                 report.timed_ms(lambda: action_rows.action_overview(store), 5))


def main() -> int:
    figures = report.Collector()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        figures.add(Figure("bare SQLCipher insert + commit (baseline)", None,
                           bare_insert_commit(folder)))
        bare = figures.figures[-1].median
        for size in report.sizes():
            with region.opened_region(size, folder) as store:
                for figure in _figures(store, size, bare):
                    figures.add(figure)
            (folder / f"region-{size}.db").unlink()
    figures.emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
