"""The PySide6 defects we work around are still there, and the work-around holds."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal

from expertteam.gui.pyside_fixes import protect_bool_singletons


class _Emitter(QObject):
    fired = Signal()


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="True is immortal from Python 3.12")
def test_emit_still_drops_a_reference_to_true() -> None:
    """When this fails, PySide fixed SignalInstance.emit(): remove protect_bool_singletons."""
    emitter = _Emitter()
    emitter.fired.emit()  # the first emit sets things up
    before = sys.getrefcount(True)
    for _ in range(100):
        emitter.fired.emit()
    dropped = before - sys.getrefcount(True)
    assert dropped == 100


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="True is immortal from Python 3.12")
def test_true_and_false_cannot_run_out_of_references() -> None:
    protect_bool_singletons()
    protect_bool_singletons()  # idempotent: no overflow from being called twice
    assert 1 << 40 < sys.getrefcount(True) < 1 << 42
    assert 1 << 40 < sys.getrefcount(False) < 1 << 42
    assert 1 << 40 < sys.getrefcount(None) < 1 << 42
