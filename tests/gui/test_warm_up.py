"""The renderer warm-up: in the background after the window shows, under the render lock,
never started once the window is closing, and never outliving the window."""

from __future__ import annotations

import threading
import time

import pytest
from pytestqt.qtbot import QtBot
from reportlab.pdfbase import pdfmetrics

from expertteam.documents import render_lock
from expertteam.documents.styles import FONT
from expertteam.documents.warm_up import warm_up
from expertteam.gui import warm_up as gui_warm_up
from expertteam.gui.main_window import MainWindow
from expertteam.gui.warm_up import RendererWarmUp
from expertteam.services import documents


def _warm_up_of(window: MainWindow) -> RendererWarmUp:
    found = window.findChild(RendererWarmUp)
    assert isinstance(found, RendererWarmUp)
    return found


def test_the_warm_up_renders_a_valid_document() -> None:
    pdf = warm_up()
    assert pdf.startswith(b"%PDF-1.7")
    assert FONT in pdfmetrics.getRegisteredFontNames()


def test_the_window_warms_the_renderer_after_it_shows(window: MainWindow, qtbot: QtBot) -> None:
    warm = _warm_up_of(window)
    assert warm.timer.isSingleShot()
    assert warm.timer.interval() == gui_warm_up.DELAY_MS
    # Not on the start-up path: made, it only sets its timer (the window's own may have fired
    # by now on a busy machine, so a second one shows it without depending on timing).
    fresh = RendererWarmUp(window)
    assert fresh.job is None
    assert fresh.timer.isActive()
    fresh.timer.stop()
    if not warm.done and warm.job is None:
        warm.timer.setInterval(0)
        warm.timer.start()
    qtbot.wait_until(lambda: warm.done, timeout=30_000)
    assert FONT in pdfmetrics.getRegisteredFontNames()


def test_no_warm_up_starts_once_the_window_is_closing(window: MainWindow, qtbot: QtBot,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(documents, "warm_up_renderer", lambda: calls.append(1))
    warm = RendererWarmUp(window)  # its timer still set, whatever the window's own did by now
    window.close()
    assert warm.closing
    assert not warm.timer.isActive()
    warm.start()  # a timeout already queued when the window began closing
    qtbot.wait(50)
    assert warm.job is None
    assert calls == []


def test_closing_waits_for_a_running_warm_up(window: MainWindow, qtbot: QtBot,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    inside = threading.Event()

    def slow() -> None:
        with render_lock.rendering():
            inside.set()
            time.sleep(0.4)

    monkeypatch.setattr(documents, "warm_up_renderer", slow)
    warm = RendererWarmUp(window)
    warm.timer.stop()
    warm.start()
    job = warm.job
    assert job is not None
    assert inside.wait(10)
    window.close()
    assert job.isFinished()  # joined before the window (and then the app) goes
