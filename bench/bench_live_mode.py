"""How fast the chair's live screen switches cases with 200 open actions on the agenda.

Builds a temp database with the demo region and 200 open actions spread over the agenda's
cases (plus finished ones in the background), opens the live screen offscreen at 1366x768 and
times a case switch (PgDown's handler plus a synchronous repaint) against a bare repaint of the
same window, so the ratio shows what switching itself costs. Also times opening the screen and
refreshing one item after a change.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from bench import report
from bench.report import Figure
from expertteam import clock
from expertteam.domain.enums import ActionStatus, Attendance
from expertteam.services import actions, agenda, demo, meeting_invitees, meetings, organisations
from expertteam.services.actions import ActionInput
from expertteam.services.meeting_data import InviteeInput, MeetingInput
from expertteam.services.store import Store

TODAY = date(2026, 11, 23)
OPEN_ACTIONS = 200
FINISHED_ACTIONS = 600


def _times_ms(call: Callable[[], object], rounds: int) -> list[float]:
    result = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        result.append((time.perf_counter() - start) * 1000)
    return result


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    from expertteam.gui.meetings.live import LiveWindow

    with tempfile.TemporaryDirectory() as folder:
        store = Store.create(Path(folder) / "bench.db", origin="bench")
        clock.install(clock.PinnedClock(TODAY))
        demo.load_demo(store)
        orgs = [o.id for o in organisations.list_organisations(store)]
        meeting = meetings.plan_meeting(store, MeetingInput(TODAY, place="Hoorn"),
                                        [InviteeInput(o) for o in orgs[:8]])
        items = [i for i in agenda.fill_agenda(store, meeting.id).agenda if i.case_id is not None]
        for invitee in meeting.invitees:
            meeting_invitees.set_attendance(store, invitee.id, Attendance.PRESENT)
        meetings.start_meeting(store, meeting.id)
        for n in range(FINISHED_ACTIONS):
            done = actions.create_action(store, ActionInput(
                items[n % len(items)].case_id or 0, f"Afgeronde actie {n}", orgs[n % len(orgs)]))
            actions.change_action_status(store, done.id, ActionStatus.DONE)
        for n in range(OPEN_ACTIONS):
            actions.create_action(store, ActionInput(
                items[n % len(items)].case_id or 0,
                f"Open actie {n}: contact opnemen met de aanbieder over de wachtlijst",
                orgs[n % len(orgs)], due_on=TODAY + timedelta(days=n % 30)))

        start = time.perf_counter()
        window = LiveWindow(store, meeting.id)
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        opened = (time.perf_counter() - start) * 1000
        open_on_agenda = sum(len(item.open_actions) for item in window.items)

        def switch() -> None:
            if window.index + 1 < len(window.items):
                window.next_case()
            else:
                window.show_index(0)
            window.repaint()

        def bare_repaint() -> None:
            window.repaint()

        for _ in range(len(window.items)):  # warm up every case once
            switch()
        switches = _times_ms(switch, 5 * len(window.items))
        repaints = _times_ms(bare_repaint, 5 * len(window.items))
        refresh = _times_ms(lambda: window.item_changed(window.items[window.index].item.id), 30)
        signals_load = _times_ms(window.case.load_signals, 20)
        window.close()
        items_shown = len(window.items)
        window.deleteLater()
        app.processEvents()
        store.close()

    figures = report.Collector()
    note = f"{items_shown} items, {open_on_agenda} open actions"
    figures.add(Figure("live screen: bare repaint (baseline)", None, tuple(repaints)))
    figures.add(Figure("live screen: switch case (PgDown + repaint)", None, tuple(switches),
                       bare=statistics.median(repaints), note=note))
    figures.add(Figure("live screen: open", None, (opened,)))
    figures.add(Figure("live screen: refresh one item after a change", None, tuple(refresh)))
    figures.add(Figure("live screen: signals panel (deferred)", None, tuple(signals_load)))
    figures.emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
