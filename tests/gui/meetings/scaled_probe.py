"""Run as a program (``python -m tests.gui.meetings.scaled_probe``) under ``QT_SCALE_FACTOR``:
opens the live screen over a busy demo meeting on a 1366×768 screen's worth of logical pixels,
steps through every case (names hidden and shown) and the Afronden screen, and prints the
largest minimum size the window asked for, in screen pixels, as JSON."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

SCREEN = (1366, 768)


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from expertteam import clock

    clock.install_from_environment()
    app = QApplication(sys.argv)
    from expertteam.gui.app_style import install_app_style
    from expertteam.gui.meetings.live import LiveWindow
    from expertteam.services import actions, demo
    from expertteam.services.actions import ActionInput
    from expertteam.services.store import Store
    from tests.meeting_helpers import org_ids, start_with_agenda

    install_app_style(app)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.create(Path(folder) / "probe.db")
        demo.load_demo(store, with_meetings=False)
        meeting, items = start_with_agenda(store)
        hoorn = org_ids(store)["Hoorn"]
        for number, item in enumerate(items[:6]):
            for count in range(3):
                actions.create_action(store, ActionInput(
                    item.case_id or 0, f"Actie {count} bij casus {number}: contact opnemen met "
                    "de aanbieder over de wachtlijst en terugkoppelen aan de GI", hoorn))
        window = LiveWindow(store, meeting.id)
        ratio = window.devicePixelRatioF()
        window.resize(round(SCREEN[0] / ratio), round(SCREEN[1] / ratio))
        window.show()
        app.processEvents()
        ratio = window.devicePixelRatioF()
        widest = tallest = 0
        for show_names in (False, True):
            window.set_show_names(show_names)
            for index in range(len(window.items)):
                window.show_index(index)
                window.case.load_signals()
                app.processEvents()
                hint = window.minimumSizeHint()
                widest, tallest = max(widest, hint.width()), max(tallest, hint.height())
        window.recorder.confirm_close()
        app.processEvents()
        hint = window.minimumSizeHint()
        widest, tallest = max(widest, hint.width()), max(tallest, hint.height())
        assert window.wrap_up is not None
        window.wrap_up.wait()
        app.processEvents()
        window.close()
        store.close()
    print(json.dumps({"ratio": ratio, "width": round(widest * ratio),
                      "height": round(tallest * ratio)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
