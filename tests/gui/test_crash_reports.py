"""Crashes leave a trace, and the trace holds no personal data.

An exception in a slot (or a worker thread) shows one Dutch dialog and writes a crash report and
the rotating log; a hard crash (segmentation fault) leaves a fault log that the next start
mentions once. A child with a generated name, BSN and birth date is in the database and in the
exception's message, cause and local variables: none of it may reach any of those files.
"""

from __future__ import annotations

import logging
import os
import random
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Slot, qWarning
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from expertteam import logs
from expertteam.gui import crash
from expertteam.gui.crash import CrashDialog, CrashHandler
from expertteam.services import case_data, cases
from expertteam.services.store import Store
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def _generated_child() -> tuple[str, str, str, date]:
    """A name no file would contain by chance, an elfproef-valid BSN and a birth date."""
    rng = random.Random("expertteam crash report")
    syllables = ("qua", "zil", "vor", "mex", "dra", "bel", "tij", "noë", "ysk", "wen")
    given = "".join(rng.choice(syllables) for _ in range(3)).capitalize()
    surname = "".join(rng.choice(syllables) for _ in range(4)).capitalize()
    while True:
        digits = [rng.randrange(1, 10)] + [rng.randrange(10) for _ in range(7)]
        weighted = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits,
                                                               strict=True))
        last = weighted % 11
        if last < 10:
            bsn = "".join(map(str, [*digits, last]))
            break
    born = date(2010, 1, 1) + timedelta(days=rng.randrange(3000))
    return given, surname, bsn, born


GIVEN, SURNAME, BSN, BORN = _generated_child()


def _personal_forms() -> list[str]:
    return [
        GIVEN, SURNAME, f"{GIVEN} {SURNAME}",
        BSN, f"{BSN[:4]}.{BSN[4:6]}.{BSN[6:]}", f"{BSN[:4]} {BSN[4:6]} {BSN[6:]}",
        BORN.isoformat(), BORN.strftime("%d-%m-%Y"), BORN.strftime("%d/%m/%Y"),
        BORN.strftime("%Y%m%d"), BORN.strftime("%d%m%Y"),
        f"{BORN.day}-{BORN.month}-{BORN.year}", f"{BORN.day} {MONTHS[BORN.month - 1]} {BORN.year}",
    ]


def assert_no_personal_data(path: Path) -> None:
    text = path.read_text(encoding="utf-8").casefold()
    for form in _personal_forms():
        assert form.casefold() not in text, f"{form!r} in {path.name}"


@pytest.fixture
def child(store: Store) -> case_data.CaseDetail:
    return cases.create_case(store, case_data.CaseInput(
        given_names=GIVEN, surname=SURNAME, referred_on=TODAY, birth_date=BORN, bsn=BSN))


@contextmanager
def installed(data_dir: Path) -> Iterator[CrashHandler]:
    """The hooks as the app installs them, taken off again afterwards (inside the test, so that
    pytest-qt's own hooks are back before it checks them)."""
    handler = crash.install(data_dir)
    try:
        yield handler
    finally:
        if handler.dialog is not None:
            handler.dialog.reject()
        crash.uninstall(handler)


def crash_dialogs() -> list[CrashDialog]:
    return [widget for widget in QApplication.topLevelWidgets()
            if isinstance(widget, CrashDialog) and widget.isVisible()]


def _raise_with_the_child(store: Store, case_id: int) -> None:
    detail = cases.get_case(store, case_id)  # a local whose repr holds the name
    try:
        {}[detail.bsn]
    except KeyError as exc:
        raise ValueError(f"Casus van {detail.given_names} {detail.surname} (BSN {detail.bsn}, "
                         f"geboren {detail.birth_date:%d-%m-%Y}) klopt niet") from exc


class _UrlCatcher(QObject):
    """Receives the folder the dialog asks the desktop to open (instead of a file manager)."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url)


def test_an_exception_in_a_slot_shows_the_dialog_and_leaves_no_personal_data(
        qtbot: QtBot, store: Store, child: case_data.CaseDetail, tmp_path: Path) -> None:
    button = QPushButton("Opslaan")
    qtbot.add_widget(button)
    button.clicked.connect(lambda: _raise_with_the_child(store, child.id))
    button.show()
    with installed(store.database.path.parent) as handler:
        logging.getLogger("sqlalchemy.engine").error("parameters %s", (SURNAME, BSN))
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.wait_until(lambda: len(crash_dialogs()) == 1)
        [dialog] = crash_dialogs()
        report = Path(dialog.path_field.text())
        assert report.parent == tmp_path / "logs"
        dialog.grab().save(str(tmp_path / "crash-dialog.png"))
        dialog.copy_button.click()
        assert QGuiApplication.clipboard().text() == str(report)
        catcher = _UrlCatcher()
        QDesktopServices.setUrlHandler("file", catcher, "open")  # type: ignore[arg-type]  # the stub says bytes, PySide wants str
        try:
            dialog.open_button.click()
        finally:
            QDesktopServices.unsetUrlHandler("file")
        dialog.continue_button.click()
        qtbot.wait_until(lambda: handler.dialog is None)
        assert crash_dialogs() == []
    assert catcher.opened == [QUrl.fromLocalFile(str(report.parent))]
    log_file = tmp_path / "logs" / logs.LOG_FILENAME
    assert report.is_file()
    assert log_file.is_file()
    text = report.read_text(encoding="utf-8")
    assert "ValueError" in text
    assert "KeyError" in text
    assert "_raise_with_the_child" in text  # the frames
    assert "Expertteam 0.1.0" in text
    assert "pyside6:" in text
    assert "ValueError" in log_file.read_text(encoding="utf-8")
    for written in (report, log_file):
        assert_no_personal_data(written)


def test_exceptions_while_the_dialog_is_up_do_not_stack_dialogs(
        qtbot: QtBot, store: Store, child: case_data.CaseDetail) -> None:
    with installed(store.database.path.parent) as handler:
        for _ in range(3):
            QTimer.singleShot(0, lambda: _raise_with_the_child(store, child.id))
        qtbot.wait_until(lambda: len(crash_dialogs()) == 1)
        QTimer.singleShot(0, lambda: _raise_with_the_child(store, child.id))
        qtbot.wait_until(lambda: handler.dialog is not None
                         and "3 keer" in handler.dialog.further_label.text())
        qtbot.wait(50)
        assert len(crash_dialogs()) == 1
        assert len(list((store.database.path.parent / "logs").glob("crash-*.txt"))) == 1
        crash_dialogs()[0].continue_button.click()
        qtbot.wait_until(lambda: crash_dialogs() == [])
        QTimer.singleShot(0, lambda: _raise_with_the_child(store, child.id))  # a new one
        qtbot.wait_until(lambda: len(crash_dialogs()) == 1)
        assert crash_dialogs()[0].further_label.isHidden()


def test_an_exception_in_a_worker_thread_is_shown_from_the_gui_thread(
        qtbot: QtBot, store: Store, child: case_data.CaseDetail, tmp_path: Path) -> None:
    with installed(store.database.path.parent):
        worker = threading.Thread(target=_raise_with_the_child, args=(store, child.id),
                                  name="export-worker")
        worker.start()
        worker.join()
        qtbot.wait_until(lambda: len(crash_dialogs()) == 1)
        assert crash_dialogs()[0].thread() is QApplication.instance().thread()
    [report] = (tmp_path / "logs").glob("crash-*.txt")
    assert "thread: export-worker" in report.read_text(encoding="utf-8")
    assert_no_personal_data(report)


@pytest.mark.qt_log_level_fail("NO")
def test_qt_messages_reach_the_log_with_their_values_masked(qtbot: QtBot,
                                                            tmp_path: Path) -> None:
    del qtbot  # the QApplication
    with installed(tmp_path):
        qWarning(f'QFile::open: cannot open "{GIVEN} {SURNAME}.pdf" in /home/x/{SURNAME}')
        qWarning(f"QDateTimeParser: no value for {BORN:%d-%m-%Y} {BORN:%Y%m%d}, {BSN} "
                 f"(see {SURNAME.lower()}@example.org)")
    text = (tmp_path / "logs" / logs.LOG_FILENAME).read_text(encoding="utf-8")
    assert "QFile::open: cannot open '…' in <pad>" in text
    assert "QDateTimeParser: no value for #-#-# #, # (see <e-mail>)" in text
    assert_no_personal_data(tmp_path / "logs" / logs.LOG_FILENAME)


def test_a_hard_crash_is_noticed_once_at_the_next_start(qtbot: QtBot, tmp_path: Path) -> None:
    del qtbot
    program = ("import faulthandler, sys\n"
               "from pathlib import Path\n"
               "from expertteam import logs\n"
               "logs.start_fault_log(Path(sys.argv[1]))\n"
               f"child = {GIVEN!r} + ' ' + {BSN!r}\n"
               "faulthandler._sigsegv()\n")
    script = tmp_path / "crash_me.py"  # a frame with a full path in the fault log
    script.write_text(program, encoding="utf-8")
    finished = subprocess.run([sys.executable, str(script), str(tmp_path)], cwd=ROOT,
                              capture_output=True, text=True, timeout=60, check=False)
    assert finished.returncode != 0
    fault_log = tmp_path / "logs" / logs.FAULT_FILENAME
    assert "Segmentation fault" in fault_log.read_text(encoding="utf-8")

    shown: list[str] = []

    def close_notice() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                shown.append(widget.informativeText())
                widget.accept()

    for _start in range(2):
        with installed(tmp_path) as handler:
            QTimer.singleShot(100, close_notice)
            crash.notify_previous_hard_crash(handler)
            QApplication.processEvents()
    assert len(shown) == 1
    [kept] = (tmp_path / "logs").glob("fault-*.log")
    assert str(kept) in shown[0]
    kept_text = kept.read_text(encoding="utf-8")
    assert "Segmentation fault" in kept_text
    assert 'File "crash_me.py"' in kept_text
    assert str(tmp_path) not in kept_text  # a home folder's name stays out
    assert_no_personal_data(kept)
    assert fault_log.read_text(encoding="utf-8") == ""  # emptied after each clean end


@pytest.mark.slow
def test_the_crash_test_flag_crashes_the_real_program(store: Store, child: case_data.CaseDetail,
                                                      tmp_path: Path) -> None:
    del child
    database = store.database.path
    store.close()
    shot = tmp_path / "crash-test.png"
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EXPERTTEAM_CRASH_SHOT": str(
        shot)}
    environment.pop("EXPERTTEAM_PASSPHRASE", None)
    finished = subprocess.run(
        [sys.executable, "-m", "expertteam", "--database", str(database), "--crash-test"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=False)
    assert finished.returncode == crash.EXIT_AFTER_CRASH, finished.stderr
    [report] = (tmp_path / "logs").glob("crash-*.txt")
    assert "CrashTestError" in report.read_text(encoding="utf-8")
    assert shot.stat().st_size > 0
    for written in (report, tmp_path / "logs" / logs.LOG_FILENAME):
        assert_no_personal_data(written)
    assert GIVEN not in finished.stderr + finished.stdout
