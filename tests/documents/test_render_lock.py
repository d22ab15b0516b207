"""One render lock: two documents made in two threads at once never overlap inside ReportLab,
pikepdf or docxtpl, and every one comes out valid."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
import threading
import time
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from docxtpl import DocxTemplate
from reportlab.platypus import BaseDocTemplate

import expertteam.documents
from expertteam.documents import render_lock, word
from expertteam.documents.action_list import render_participant_actions
from expertteam.documents.minutes import render_minutes
from expertteam.documents.render_lock import rendering
from tests.documents import factories
from tests.documents.pdf_checks import qpdf_check


class Overlap:
    """Records which threads are inside an instrumented library call at the same time."""

    def __init__(self) -> None:
        self.guard = threading.Lock()
        self.inside: set[int] = set()
        self.most = 0
        self.calls = 0

    def wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def instrumented(*args: Any, **kwargs: Any) -> Any:
            with self.guard:
                self.inside.add(threading.get_ident())
                self.most = max(self.most, len(self.inside))
                self.calls += 1
            try:
                time.sleep(0.02)  # widen the window in which another thread could come in
                return function(*args, **kwargs)
            finally:
                with self.guard:
                    self.inside.discard(threading.get_ident())

        return instrumented


@pytest.fixture
def overlap(monkeypatch: pytest.MonkeyPatch) -> Overlap:
    seen = Overlap()
    monkeypatch.setattr(BaseDocTemplate, "build", seen.wrap(BaseDocTemplate.build))
    monkeypatch.setattr(pikepdf, "open", seen.wrap(pikepdf.open))
    monkeypatch.setattr(DocxTemplate, "render", seen.wrap(DocxTemplate.render))
    return seen


def _minutes() -> bytes:
    return render_minutes(factories.minutes(cases=3, actions=6), factories.letterhead())


def _actions() -> bytes:
    return render_participant_actions(factories.participant_list(), factories.letterhead())


def _docx() -> bytes:
    return word.render_docx(word.shipped_template(word.MINUTES), word.sample_context(word.MINUTES))


def _run_at_once(jobs: list[Callable[[], bytes]]) -> list[bytes]:
    start = threading.Barrier(len(jobs))
    results: list[bytes | BaseException | None] = [None] * len(jobs)

    def run(index: int) -> None:
        start.wait()
        try:
            results[index] = jobs[index]()
        except BaseException as exc:  # reported below, in the test's thread
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive()
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return [result for result in results if isinstance(result, bytes)]


def _check_pdf(data: bytes, tmp_path: Path, name: str) -> None:
    with pikepdf.open(BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 1
        assert pdf.open_metadata()["pdfaid:part"] == "2"
        assert pdf.check_pdf_syntax() == []  # qpdf's structural check, through pikepdf
    if shutil.which("qpdf") is not None:
        path = tmp_path / name
        path.write_bytes(data)
        qpdf_check(path)


def test_two_renders_in_two_threads_take_turns(overlap: Overlap, tmp_path: Path) -> None:
    first, second = _run_at_once([_minutes, _actions])
    assert overlap.most == 1
    assert overlap.calls == 4  # each: one layout, one PDF/A step
    _check_pdf(first, tmp_path, "minutes.pdf")
    _check_pdf(second, tmp_path, "actions.pdf")


def test_many_concurrent_renders_are_all_valid(overlap: Overlap, tmp_path: Path) -> None:
    jobs = [_minutes, _actions, _docx] * 4
    results = _run_at_once(jobs)
    assert overlap.most == 1
    assert len(results) == len(jobs)
    for index, (job, data) in enumerate(zip(jobs, results, strict=True)):
        if job is _docx:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                assert "word/document.xml" in archive.namelist()
        else:
            _check_pdf(data, tmp_path, f"{index}.pdf")


def test_the_lock_is_reentrant() -> None:
    with rendering():
        assert _actions().startswith(b"%PDF-1.7")


class _WatchedLock:
    """The render lock, telling when a thread other than this one arrives at it."""

    def __init__(self) -> None:
        self.inner = threading.RLock()
        self.owner = threading.get_ident()
        self.other_arrived = threading.Event()

    def __enter__(self) -> None:
        if threading.get_ident() != self.owner:
            self.other_arrived.set()
        self.inner.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.inner.release()


def test_another_thread_waits_for_the_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    # No timed wait: under libfaketime's frozen clock (CI's shifted-date runs) a wait that is
    # meant to time out never returns.
    lock = _WatchedLock()
    monkeypatch.setattr(render_lock, "_lock", lock)
    done = threading.Event()

    def render() -> None:
        _actions()
        done.set()

    with rendering():
        thread = threading.Thread(target=render)
        thread.start()
        lock.other_arrived.wait()  # the other render is at the lock
        assert not done.is_set()  # and cannot pass it while this one holds it
    thread.join()
    assert done.is_set()


def test_every_document_entry_point_takes_the_lock() -> None:
    """Each ``render_*`` function of ``expertteam.documents`` (and the PDF/A step) is wrapped by
    ``render_lock.rendered``, so building its story is serialised too."""
    found = []
    for module_info in pkgutil.iter_modules(expertteam.documents.__path__):
        module = importlib.import_module(f"expertteam.documents.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and \
                    (name.startswith("render_") or name == "to_pdfa"):
                found.append(name)
                assert hasattr(function, "__wrapped__"), f"{module.__name__}.{name}"
    assert {"render_document", "render_docx", "to_pdfa", "render_minutes",
            "render_monitor"} <= set(found)
