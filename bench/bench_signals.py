"""Signals and the Jeugdautoriteit letter on the region at each size.

- the signals page after a change: the page recomputes every signal (all facts read, every
  criterion, dismissals applied) and fills its table, as it does when the change notice says
  that cases, actions, meetings, escalations or settings changed;
- the signals of one case (the live meeting's panel);
- saving a free-text part of a continuity letter: the identity check searches the text for
  every child in the register (names, hidden names, BSNs, birth dates), first after the open
  and then again.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget

from bench import region, report
from bench.report import Figure
from expertteam.domain.escalation import EscalationLevel
from expertteam.domain.signal_criteria import SignalKind
from expertteam.gui.changes import Change, notice_for
from expertteam.gui.escalations.signals_page import SignalsPage
from expertteam.services import escalations, letters, organisations, signals
from expertteam.services.escalation_info import EscalationInput
from expertteam.services.store import Store

RUNS = 5
GOAL_PAGE_MS, GOAL_SAVE_MS = 300.0, 100.0
TEXT = ("Sinds 1 september 2026 neemt JeugdzorgPlus De Dijk geen jongeren meer op. Dertig "
        "kinderen uit de gemeenten Hoorn, Enkhuizen en Medemblik wachten daardoor; de mediaan "
        "van de wachttijd is 140 dagen. Wij vragen de Jeugdautoriteit in te grijpen.\n\n") * 3


def settle(app: QApplication, widget: QWidget) -> None:
    """Process events until ``widget`` has no background work running."""
    app.processEvents()
    while any(job.isRunning() for job in widget.findChildren(QThread)):
        app.processEvents()
        QThread.msleep(1)
    app.processEvents()


def _letter(store: Store) -> int:
    rows = signals.current_signals(store)
    continuity = next(r.signal for r in rows if r.signal.kind is SignalKind.CONTINUITY)
    addressee = next(o.id for o in organisations.list_organisations(store)
                     if o.kind.value == "jeugdautoriteit")
    escalation = escalations.create_escalation(store, EscalationInput(
        EscalationLevel.JEUGDAUTORITEIT, addressee, store.today(),
        blocker_kinds=continuity.blocker_kinds, case_ids=continuity.case_ids[:50]))
    return letters.open_letter(store, escalation.id).id


def _measure(app: QApplication, store: Store, size: int) -> list[Figure]:
    letter_id = _letter(store)  # a fresh open: the first save builds what the check needs
    first = report.timed_ms(lambda: letters.save_texts(store, letter_id, {"problem": TEXT}), 1)
    again = report.timed_ms(lambda: letters.save_texts(store, letter_id, {"problem": TEXT}),
                            RUNS)
    page = SignalsPage(store)
    page.resize(1200, 700)
    page.show()
    app.processEvents()

    def after_change() -> None:
        notice_for(store).announce(Change.ACTIONS)  # what an operation announces
        settle(app, page)

    shown = report.timed_ms(after_change, RUNS)
    count = page.open_count
    case_id = next(r.signal.case_ids[0] for r in page.model.rows if r.signal.case_ids)
    one = report.timed_ms(lambda: signals.current_signals(store, case_id=case_id), RUNS)
    page.close()
    page.deleteLater()
    app.processEvents()
    return [
        Figure("signals page after a change", size, shown, goal=GOAL_PAGE_MS,
               note=f"{count} open signals"),
        Figure("signals of one case (live meeting)", size, one),
        Figure("save a Jeugdautoriteit letter text", size, again, goal=GOAL_SAVE_MS),
        Figure("  the first save after opening", size, first, goal=GOAL_SAVE_MS),
    ]


def main() -> int:
    return region.run_over_regions(_measure)


if __name__ == "__main__":
    sys.exit(main())
