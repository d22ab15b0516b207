"""Background jobs: a job whose owner goes away never dies while its thread still runs (Qt
aborts the whole process when a running thread is destroyed)."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from expertteam.gui.operations import Job, read_in_background


def test_deleting_the_owner_of_a_running_job_waits_for_it(qtbot: QtBot) -> None:
    owner = QObject()
    started, release = threading.Event(), threading.Event()
    ended: list[str] = []

    def work(_control: object) -> str:
        started.set()
        assert release.wait(30)
        ended.append("ended")
        return "done"

    job = Job(work, owner)
    job.start()
    assert started.wait(30)
    release.set()
    shiboken6.delete(owner)  # the job (its child) goes too, but only after its thread ended
    assert ended == ["ended"]
    assert not shiboken6.isValid(job)


def test_the_owner_hears_the_result_on_its_own_thread(qtbot: QtBot) -> None:
    owner = QObject()
    results: list[str] = []
    threads: list[threading.Thread] = []

    def done(result: str) -> None:
        results.append(result)
        threads.append(threading.current_thread())

    read_in_background(owner, lambda _control: "read", done, results.append)
    qtbot.wait_until(lambda: results == ["read"], timeout=30_000)
    assert threads == [threading.main_thread()]
    shiboken6.delete(owner)
