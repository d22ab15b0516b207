"""Work-arounds for defects in the PySide6 release we ship, each with the test that shows it.

PySide6 6.12.0 on Python 3.11: ``SignalInstance.emit()`` returns ``True`` without taking a new
reference, so every ``signal.emit(...)`` made from Python drops one reference to ``True``. Once
the count reaches zero the interpreter aborts ("bool_dealloc: deallocating True or False"),
typically when the app closes after a long session. From Python 3.12 on ``True`` is immortal
and nothing can happen. ``tests/gui/test_pyside_fixes.py`` fails as soon as a PySide release no
longer has the defect, so the work-around can then be removed. A bench run once aborted the same
way on ``None`` ("none_dealloc"), so ``None`` gets the same headroom.
"""

from __future__ import annotations

import ctypes
import sys

# Far more emits than any session makes (2**40 ≈ 10**12), far below the counter's limit.
_HEADROOM = 1 << 40


def protect_bool_singletons() -> None:
    """Give ``True``, ``False`` and ``None`` so many references that PySide can never use
    them up."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for value in (True, False, None):
        # ob_refcnt is the first field of every CPython object.
        refcount = ctypes.c_ssize_t.from_address(id(value))
        if refcount.value < _HEADROOM:
            refcount.value += _HEADROOM
