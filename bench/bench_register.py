"""The case register on the region at each size (issue 2: "must stay fluid").

- opening it: the register page reads every case (``case_register.list_register``) and resets
  its model;
- filtering while typing a realistic search one key at a time, forward and back, on the shown
  page (filter plus the table's repaint): the 90th percentile against one frame (16 ms).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from bench import region, report
from bench.report import Figure
from expertteam.gui.register_view import RegisterPage
from expertteam.services.store import Store

OPEN_RUNS = 5
# What a coordinator types to find a child: a surname with a particle, one key at a time.
TYPED = "van der berg"
GOAL_OPEN_MS, GOAL_KEY_MS = 300.0, 16.0


def _measure(app: QApplication, store: Store, size: int) -> list[Figure]:
    page = RegisterPage(store)
    page.resize(1280, 700)
    page.show()
    app.processEvents()
    opened = report.timed_ms(lambda: (page.reload(), app.processEvents()), OPEN_RUNS)
    keys = []
    for length in (*range(1, len(TYPED) + 1), *range(len(TYPED) - 1, -1, -1)):
        started = time.perf_counter()
        page.filter_edit.setText(TYPED[:length])
        app.processEvents()
        keys.append((time.perf_counter() - started) * 1000)
    page.close()
    page.deleteLater()
    app.processEvents()
    return [Figure("register open (read + model)", size, opened, goal=GOAL_OPEN_MS),
            Figure("register filter per keystroke (with repaint)", size, tuple(keys),
                   goal=GOAL_KEY_MS, p90=True,
                   note=f"median {report.percentile(keys, 0.5):.1f} ms")]


def main() -> int:
    return region.run_over_regions(_measure)


if __name__ == "__main__":
    sys.exit(main())
