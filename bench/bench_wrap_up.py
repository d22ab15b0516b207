"""Close → minutes on screen: the one key in the "Overleg sluiten" box until the Afronden
screen shows the minutes in the app's PDF viewer (issue 17).

A temp database with the demo region; several meetings with the same agenda (13 cases, earlier
actions done, not done and moved), each closed from its live screen offscreen at 1366x768 by
Enter in the confirmation box. The clock runs from that key to the minutes' document in the
viewer and one synchronous repaint. The baseline, in the same process and on the same closed
meeting: making the same minutes PDF alone (the service call) and loading it, which is what
the screen has to wait for anyway. The first close pays for loading ReportLab and its fonts;
it is shown apart. No figure is asserted anywhere.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from expertteam import clock
from expertteam.domain.enums import ActionStatus, Attendance, AuditAction
from expertteam.services import (
    actions,
    agenda,
    demo,
    documents,
    meeting_invitees,
    meetings,
    organisations,
)
from expertteam.services.actions import ActionInput
from expertteam.services.meeting_data import InviteeInput, MeetingInput
from expertteam.services.store import Store

TODAY = date(2026, 11, 23)
ROUNDS = 5


def _meeting(store: Store, orgs: list[int], number: int) -> int:
    """A started meeting with the proposed agenda, everyone present, and three earlier actions
    of its first case looked back on (done, not done, moved)."""
    meeting = meetings.plan_meeting(store, MeetingInput(TODAY, place=f"Hoorn {number}"),
                                    [InviteeInput(o) for o in orgs[:6]])
    items = [i for i in agenda.fill_agenda(store, meeting.id).agenda if i.case_id is not None]
    for invitee in meeting.invitees:
        meeting_invitees.set_attendance(store, invitee.id, Attendance.PRESENT)
    meetings.start_meeting(store, meeting.id)
    case_id = items[0].case_id or 0
    earlier = [actions.create_action(store, ActionInput(case_id, f"Eerdere afspraak {n}",
                                                        orgs[n])) for n in range(3)]
    actions.change_action_status(store, earlier[0].id, ActionStatus.DONE, "Gelukt",
                                 meeting_id=meeting.id)
    actions.change_action_status(store, earlier[1].id, ActionStatus.NOT_DONE, "Opnamestop",
                                 meeting_id=meeting.id)
    actions.change_due_date(store, earlier[2].id, earlier[2].due_on + timedelta(days=7),
                            "Later", meeting_id=meeting.id)
    return meeting.id


def _close_to_screen(app: QApplication, store: Store, meeting_id: int) -> float:
    """Milliseconds from Enter in the close box to the minutes in the viewer, repainted."""
    from expertteam.gui.meetings.live import LiveWindow

    window = LiveWindow(store, meeting_id)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    box = window.recorder.close_meeting()
    assert box is not None
    app.processEvents()
    start = time.perf_counter()
    QTest.keyClick(box, Qt.Key.Key_Return)
    wrap_up = window.wrap_up
    assert wrap_up is not None
    while not wrap_up.ready:
        app.processEvents()
        time.sleep(0.001)
    wrap_up.viewer.viewport().repaint()
    elapsed = (time.perf_counter() - start) * 1000
    assert wrap_up.shown is not None
    assert wrap_up.shown.pdf.page_count > 0
    window.close()
    window.deleteLater()
    app.processEvents()
    return elapsed


def _render_alone(meeting_id: int, store: Store) -> float:
    from expertteam.gui.printing import LoadedPdf

    start = time.perf_counter()
    document = documents.minutes_pdf(store, meeting_id, purpose=AuditAction.PRINT)
    LoadedPdf(document.pdf)
    return (time.perf_counter() - start) * 1000


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.create(Path(folder) / "bench.db", origin="bench")
        clock.install(clock.PinnedClock(TODAY))
        demo.load_demo(store, with_meetings=False)
        orgs = [o.id for o in organisations.list_organisations(store)]
        ids = [_meeting(store, orgs, n) for n in range(ROUNDS + 1)]
        first = _close_to_screen(app, store, ids[0])  # cold: ReportLab and fonts load here
        closes = [_close_to_screen(app, store, meeting_id) for meeting_id in ids[1:]]
        alone = [_render_alone(meeting_id, store) for meeting_id in ids[1:] for _ in range(2)]
        from expertteam.gui.printing import LoadedPdf

        pages = LoadedPdf(documents.minutes_pdf(store, ids[-1]).pdf).page_count
        store.close()
    close_median, alone_median = statistics.median(closes), statistics.median(alone)
    print(f"close → minutes on screen, {ROUNDS} meetings of 13 cases "
          f"(minutes of {pages} pages), offscreen 1366x768")
    print(f"first close in the process (loads ReportLab): {first:8.1f} ms")
    print(f"close → minutes on screen, one key        : median {close_median:7.1f} ms, "
          f"max {max(closes):7.1f} ms")
    print(f"baseline: the same minutes PDF made alone : median {alone_median:7.1f} ms")
    print(f"the screen's own share (close, list, view): {close_median - alone_median:7.1f} ms "
          f"({close_median / alone_median:4.2f}x the PDF alone)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
