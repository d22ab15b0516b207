"""The regional monitor and the dashboard on the region at each size (two years of dated case
history): the monitor page computing its report (``monitor.monitor_at`` in the page's worker,
until the page shows it), the service alone (the first computation after opening, which reads
the whole history; after one case changed; with nothing changed), the dashboard page's
refresh, and the PDF and Excel exports of a computed report (their size follows the number of
GIs, gemeenten and months, not of cases).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from bench import region, report
from bench.bench_signals import settle
from bench.report import Figure
from expertteam.domain.enums import CaseStatus
from expertteam.gui.monitor.dashboard_page import DashboardPage
from expertteam.gui.monitor.monitor_page import MonitorPage
from expertteam.services import case_register, cases, monitor, monitor_export
from expertteam.services.store import Store

RUNS = 5
GOAL_MONITOR_MS, GOAL_DASHBOARD_MS = 400.0, 100.0


def _changes(store: Store) -> Callable[[], None]:
    """Each call records one ordinary change (a child's help started today) on another open
    case, as a chair does between two looks at the monitor."""
    waiting = iter([row.id for row in case_register.list_register(store)
                    if row.status is not CaseStatus.CLOSED and row.waiting_for is not None])

    def change() -> None:
        case_id = next(waiting)
        current = cases.get_case(store, case_id).to_input()
        cases.update_case(store, case_id, replace(current, help_started_on=store.today()),
                          confirmed=True)
    return change


def _measure(app: QApplication, store: Store, size: int) -> list[Figure]:
    # The first computation after the open reads the whole history; later ones read only
    # what was recorded since.
    first = report.timed_ms(lambda: monitor.monitor_at(store, store.today()), 1)
    after_change = report.timed_ms(lambda: monitor.monitor_at(store, store.today()), RUNS,
                                   before=_changes(store))
    page = MonitorPage(store)
    page.resize(1280, 700)
    page.show()
    settle(app, page)
    shown = report.timed_ms(lambda: (page.compute(), settle(app, page)), RUNS)
    page.close()
    service = report.timed_ms(lambda: monitor.monitor_at(store, store.today()), RUNS)
    board = DashboardPage(store)
    board.resize(1280, 700)
    board.show()
    app.processEvents()
    refresh = report.timed_ms(lambda: (board.refresh(), app.processEvents()), RUNS)
    board.close()
    computed = monitor.monitor_at(store, store.today())
    exports = report.timed_ms(lambda: (monitor_export.workbook_bytes(computed, True),
                                       monitor_export.pdf_bytes(store, computed, True)), 2)
    for widget in (page, board):
        widget.deleteLater()
    app.processEvents()
    return [Figure("monitor page (compute and show)", size, shown, goal=GOAL_MONITOR_MS),
            Figure("  monitor_at (service only)", size, service, goal=GOAL_MONITOR_MS),
            Figure("  monitor_at, the first after opening", size, first,
                   goal=GOAL_MONITOR_MS, note="reads the whole history"),
            Figure("  monitor_at after one case changed", size, after_change,
                   goal=GOAL_MONITOR_MS),
            Figure("dashboard refresh", size, refresh, goal=GOAL_DASHBOARD_MS),
            Figure("monitor PDF + Excel of a computed report", size, exports)]


def main() -> int:
    return region.run_over_regions(_measure)


if __name__ == "__main__":
    sys.exit(main())
