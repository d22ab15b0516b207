"""The first document after start, with and without the renderer warm-up (issue 15, item 6).

Each sample is a whole app process (``gui.app``'s start-up path, offscreen, on a copy of the
encrypted region): the main window shows, the event loop runs for ``SETTLE_MS`` (the warm-up,
when on, starts ``gui/warm_up.DELAY_MS`` after the window and is done well within it), then the
minutes of a closed meeting are made (``documents.minutes_pdf``, as the Afronden screen and the
print dialog make them) and timed; a second render in the same process is the baseline (the
renderer warm). "Without" replaces the warm-up with nothing before the window is built. The
pairs alternate their order. Nothing is asserted.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import region, report  # noqa: E402
from bench.bench_startup import _environment  # noqa: E402
from bench.report import Figure  # noqa: E402

PAIRS = 3
SETTLE_MS = 4000
SIZE = 15


def child(database: Path, warm: bool) -> int:
    from PySide6.QtCore import QTimer

    from expertteam.domain.enums import AuditAction, MeetingStatus
    from expertteam.gui import app as gui_app
    from expertteam.gui import shell
    from expertteam.services import documents, meetings

    if not warm:
        shell.RendererWarmUp = lambda window: None  # type: ignore[assignment,misc,unused-ignore]
    application, store, window, guard = gui_app._open_without_dialog(database, region.PASSPHRASE)
    closed = meetings.list_meetings(store, (MeetingStatus.CLOSED,))
    meeting_id = closed[0].id

    def measure() -> None:
        for label in ("first", "second"):
            started = time.perf_counter()
            documents.minutes_pdf(store, meeting_id, purpose=AuditAction.PRINT)
            print(f"{label} {(time.perf_counter() - started) * 1000:.1f}", flush=True)
        window.close()
        application.quit()

    QTimer.singleShot(SETTLE_MS, measure)
    code = int(application.exec())
    store.close()
    guard.finish(code)
    return code


def _sample(database: Path, warm: bool, env: dict[str, str]) -> tuple[float, float]:
    done = subprocess.run([sys.executable, __file__, "--child", "warm" if warm else "cold",
                           str(database)], env=env, capture_output=True, text=True,
                          check=False, timeout=600)
    found = dict(line.split() for line in done.stdout.splitlines()
                 if line.startswith(("first ", "second ")))
    if done.returncode != 0 or "first" not in found:
        raise RuntimeError(f"the app process failed: {done.stderr[-400:]}")
    return float(found["first"]), float(found["second"])


def main() -> int:
    figures = report.Collector()
    warm_first: list[float] = []
    cold_first: list[float] = []
    later: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        env = _environment(folder)
        database = region.region_copy(SIZE, Path(folder))
        _sample(database, True, env)  # untimed: file cache and bytecode
        for pair in range(PAIRS):
            order = (True, False) if pair % 2 == 0 else (False, True)
            results = {}
            for warm in order:
                results[warm] = _sample(database, warm, env)
            warm_first.append(results[True][0])
            cold_first.append(results[False][0])
            later.extend((results[True][1], results[False][1]))
            print(f"pair {pair + 1}: first minutes after start  with warm-up "
                  f"{results[True][0]:7.1f} ms   without {results[False][0]:7.1f} ms   "
                  f"(second render {results[True][1]:6.1f} / {results[False][1]:6.1f} ms)",
                  flush=True)
    bare = statistics.median(later)
    figures.add(Figure("first minutes after start, with warm-up", SIZE, tuple(warm_first),
                       bare=bare, note="bare: a second render"))
    figures.add(Figure("first minutes after start, without warm-up", SIZE, tuple(cold_first),
                       bare=bare, note="bare: a second render"))
    figures.emit()
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        sys.exit(child(Path(sys.argv[3]), sys.argv[2] == "warm"))
    sys.exit(main())
