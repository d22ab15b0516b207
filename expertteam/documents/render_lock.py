"""One process-wide lock around every document render.

ReportLab (its font registry, its module-level state while laying out a story), pikepdf's XMP
editing and python-docx/docxtpl and openpyxl (all three on lxml) are not safe to run in two
threads at once. The Afronden screen, the batch export and the renderer warm-up render off the
GUI thread, so two renders can overlap; every entry point that makes a document therefore runs
under ``rendering()``: the story being built, the PDF laid out and made PDF/A, a Word copy filled
in, a workbook written or read. The lock is reentrant, so an entry point may call another (a
renderer calls ``render_document``, which calls ``to_pdfa``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")
_lock = threading.RLock()


@contextmanager
def rendering() -> Iterator[None]:
    """Hold the render lock for the duration of the block (waiting for another render)."""
    with _lock:
        yield


def rendered(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """``function`` run under the render lock."""

    @wraps(function)
    def locked(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with _lock:
            return function(*args, **kwargs)

    return locked
