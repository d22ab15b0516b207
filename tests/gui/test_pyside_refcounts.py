"""Signal emission leaves the reference counts of True, False and None alone.

PySide6 6.12.0 dropped one reference to ``True`` on every ``emit()`` made from Python; on Python
3.11 the interpreter then aborts ("bool_dealloc") once the count reaches zero, typically when the
app closes after a long session. pyproject.toml keeps PySide6 below 6.12; this test fails if the
locked release (or a later one allowed by the range) brings the defect back. It runs in a fresh
interpreter because the defect, when present, aborts the process long before 10,000 emits.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

EMITS = 10_000

_SCRIPT = textwrap.dedent("""
    import json, sys
    from PySide6.QtCore import QCoreApplication, QObject, Signal

    class Emitter(QObject):
        fired = Signal()
        flag = Signal(bool)
        carried = Signal(object)

    app = QCoreApplication([])
    emitter = Emitter()
    received = []
    emitter.fired.connect(lambda: None)
    emitter.flag.connect(received.append)
    emitter.carried.connect(received.append)

    def emit_all():
        emitter.fired.emit()
        emitter.flag.emit(True)
        emitter.flag.emit(False)
        emitter.carried.emit(None)

    emit_all()  # the first emits set things up
    received.clear()
    singletons = {"True": True, "False": False, "None": None}
    before = {name: sys.getrefcount(value) for name, value in singletons.items()}
    for _ in range(int(sys.argv[1])):
        emit_all()
    received.clear()
    after = {name: sys.getrefcount(value) for name, value in singletons.items()}
    print(json.dumps({name: after[name] - before[name] for name in singletons}))
""")


def test_emitting_signals_keeps_true_false_and_none_referenced() -> None:
    result = subprocess.run([sys.executable, "-c", _SCRIPT, str(EMITS)], capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, f"emitting signals aborted Python:\n{result.stderr}"
    changes = json.loads(result.stdout)
    assert changes == {"True": 0, "False": 0, "None": 0}
