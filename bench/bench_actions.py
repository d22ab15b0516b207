"""Recording an action (service call, committed) and reading a live meeting, on a temp database
holding the demo region plus many actions.

Prints medians in milliseconds and ratios to a bare ``Store.transaction`` round-trip measured in
the same process (an empty transaction, and one that writes a single setting), so figures from
different machines can be compared.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from expertteam import clock
from expertteam.domain.enums import ActionStatus, Attendance
from expertteam.services import actions, agenda, demo, live_meeting, meetings, organisations
from expertteam.services import settings as settings_service
from expertteam.services.actions import ActionInput
from expertteam.services.meetings import InviteeInput, MeetingInput
from expertteam.services.store import Store

TODAY = date(2026, 11, 23)
BACKGROUND_ACTIONS = 2000
AGENDA_OPEN_ACTIONS = 200
ROUNDS = 200


def _median_ms(call: Callable[[], object], rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.create(Path(folder) / "bench.db", origin="bench")
        clock.install(clock.PinnedClock(TODAY))
        demo.load_demo(store)
        orgs = [o.id for o in organisations.list_organisations(store)]
        meeting = meetings.plan_meeting(store, MeetingInput(TODAY, place="Hoorn"),
                                        [InviteeInput(o) for o in orgs[:8]])
        items = agenda.fill_agenda(store, meeting.id)
        case_items = [i for i in items if i.case_id is not None]
        for invitee in meeting.invitees:
            meetings.set_attendance(store, invitee.id, Attendance.PRESENT)
        meetings.start_meeting(store, meeting.id)

        # Background: many finished actions on the agenda's cases, then 200 open ones.
        for n in range(BACKGROUND_ACTIONS):
            item = case_items[n % len(case_items)]
            done = actions.create_action(store, ActionInput(
                item.case_id or 0, f"Achtergrondactie {n}", orgs[n % len(orgs)],
                due_on=TODAY + timedelta(days=n % 40)))
            actions.change_action_status(store, done.id, ActionStatus.DONE)
        for n in range(AGENDA_OPEN_ACTIONS):
            item = case_items[n % len(case_items)]
            actions.create_action(store, ActionInput(
                item.case_id or 0, f"Open actie {n}", orgs[n % len(orgs)],
                due_on=TODAY + timedelta(days=n % 30)))

        def bare() -> None:
            with store.transaction():
                pass
        empty = _median_ms(bare)
        counter = iter(range(10**9))
        write = _median_ms(lambda: settings_service.set_value(store, "bench.key", next(counter)))
        target = case_items[0]
        record = _median_ms(lambda: actions.create_action(store, ActionInput(
            target.case_id or 0, "Bellen met de aanbieder", orgs[0],
            agenda_item_id=target.id)))
        open_ids = [a.id for a in actions.action_overview(store)][:ROUNDS]
        ids = iter(open_ids)
        status = _median_ms(lambda: actions.change_action_status(
            store, next(ids), ActionStatus.DONE, "Gedaan", meeting_id=meeting.id))
        live = _median_ms(lambda: live_meeting.live_meeting(store, meeting.id), 20)
        refresh = _median_ms(lambda: live_meeting.live_item(store, target.id), 50)
        overview = _median_ms(lambda: actions.action_overview(store), 20)
        open_now = len(actions.action_overview(store))
        store.close()

    print(f"database: demo region, {BACKGROUND_ACTIONS} finished + "
          f"{AGENDA_OPEN_ACTIONS + ROUNDS} open actions on {len(case_items)} agenda cases")
    print(f"baseline empty transaction         : {empty:8.3f} ms")
    print(f"baseline one-setting write         : {write:8.3f} ms")
    print(f"record an action (committed)       : {record:8.3f} ms  "
          f"({record / write:5.1f}x setting write, {record / empty:6.1f}x empty)")
    print(f"mark an action done in a meeting   : {status:8.3f} ms  "
          f"({status / write:5.1f}x setting write)")
    print(f"read live meeting ({open_now} open actions) : {live:8.3f} ms  "
          f"({live / write:5.1f}x setting write)")
    print(f"refresh one live agenda item       : {refresh:8.3f} ms")
    print(f"action overview ({open_now} open)        : {overview:8.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
