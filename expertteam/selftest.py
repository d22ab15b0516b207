"""`expertteam --selftest`: proves a build works without a screen.

Offscreen, it creates a temporary encrypted database (running every migration), records a
meeting with a decision and an action, closes it, renders the minutes as PDF, reads the PDF back
with QtPdf and builds the main window. Exit code 0 means every step passed; each step prints one
line so a failing build says where it broke. No personal data is printed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from expertteam.i18n import _

PASSPHRASE = "zelftest-wachtwoord-lang-genoeg-2026"


def _step(name: str, func: Callable[[], str]) -> None:
    started = time.perf_counter()
    detail = func()
    elapsed = (time.perf_counter() - started) * 1000
    print(f"ok   {name} ({elapsed:.0f} ms){': ' + detail if detail else ''}", flush=True)


def _pdf_text(pdf: bytes) -> str:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument

    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise RuntimeError(f"QtPdf could not read the PDF ({document.status()})")
    return "\n".join(document.getAllText(page).text() for page in range(document.pageCount()))


def run_selftest() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from expertteam.domain.enums import ActionStatus, Attendance, OrganisationKind
    from expertteam.domain.errors import ExpertteamError
    from expertteam.services import (
        actions,
        agenda,
        case_data,
        cases,
        decisions,
        documents,
        meeting_data,
        meeting_invitees,
        meetings,
        organisations,
    )
    from expertteam.services.security import create_database
    from expertteam.storage.engine import current_revision, head_revision

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="expertteam-selftest-") as folder:
        path = Path(folder) / "selftest.db"
        state: dict[str, object] = {}

        def create() -> str:
            store = create_database(path, PASSPHRASE, "Zelftest")
            state["store"] = store
            if path.read_bytes()[:16] == b"SQLite format 3\x00":
                raise RuntimeError("database file is not encrypted")
            revision = current_revision(store.database.engine)
            if revision != head_revision():
                raise RuntimeError(f"schema at {revision}, expected {head_revision()}")
            return f"encrypted, schema {revision}"

        def record_meeting() -> str:
            from expertteam.services.store import Store

            store = state["store"]
            assert isinstance(store, Store)
            gemeente = organisations.create_organisation(store, organisations.OrganisationInput(
                OrganisationKind.MUNICIPALITY, "Hoorn", "GM0405"))
            gi = organisations.create_organisation(store, organisations.OrganisationInput(
                OrganisationKind.GI, "Jeugdbescherming Zelftest"))
            case = cases.create_case(store, case_data.CaseInput(
                given_names="Noël", surname="Zelftest", referred_on=store.today(),
                birth_date=date(store.today().year - 10, 1, 1),
                municipality_id=gemeente.id, gi_id=gi.id))
            meeting = meetings.plan_meeting(
                store, meeting_data.MeetingInput(held_on=store.today(), place="Zelftest"),
                [meeting_data.InviteeInput(gemeente.id), meeting_data.InviteeInput(gi.id)])
            for invitee in meetings.get_meeting(store, meeting.id).invitees:
                meeting_invitees.set_attendance(store, invitee.id, Attendance.PRESENT)
            item = agenda.add_agenda_item(store, meeting.id, case_id=case.id)
            meetings.start_meeting(store, meeting.id)
            decisions.add_decision(store, item.id, "Zelftestbesluit: hulp inzetten.")
            action = actions.create_action(store, actions.ActionInput(
                case_id=case.id, description="Zelftestactie", owner_organisation_id=gi.id,
                agenda_item_id=item.id))
            if action.status is not ActionStatus.OPEN:
                raise RuntimeError("new action is not open")
            meetings.close_meeting(store, meeting.id)
            state["meeting_id"] = meeting.id
            return f"action {action.number}"

        def render() -> str:
            from expertteam.services.store import Store

            store = state["store"]
            assert isinstance(store, Store)
            meeting_id = state["meeting_id"]
            assert isinstance(meeting_id, int)
            rendered = documents.minutes_pdf(store, meeting_id)
            text = _pdf_text(rendered.pdf)
            for expected in ("zelftestbesluit", "zelftestactie", "vertrouwelijk"):
                if expected not in text.lower():
                    raise RuntimeError(f"'{expected}' missing from the rendered minutes")
            if "Noël" in text:
                raise RuntimeError("the minutes are not pseudonymised")
            return f"{len(rendered.pdf)} bytes, text read back"

        def window() -> str:
            from PySide6.QtCore import QSettings

            from expertteam.gui.shell import build_main_window
            from expertteam.services.store import Store

            store = state["store"]
            assert isinstance(store, Store)
            settings = QSettings(str(Path(folder) / "instellingen.ini"),
                                 QSettings.Format.IniFormat)
            main = build_main_window(store, settings)
            main.show()
            app.processEvents()
            main.close()
            return ""

        try:
            _step(_("versleutelde database en migraties"), create)
            _step(_("overleg met besluit en actie"), record_meeting)
            _step(_("verslag als PDF, teruggelezen"), render)
            _step(_("hoofdvenster"), window)
        except (ExpertteamError, RuntimeError, OSError, AssertionError) as error:
            print(f"FOUT {error}", file=sys.stderr, flush=True)
            return 1
        finally:
            store = state.get("store")
            if store is not None:
                store.close()  # type: ignore[attr-defined]
    print(_("Zelftest geslaagd."), flush=True)
    return 0
