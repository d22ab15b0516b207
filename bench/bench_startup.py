"""Start-up as a user has it: a whole process, from spawn until the main window shows the
dashboard and the event loop is idle (``expertteam --startup-probe``), on the encrypted region at
each size, against a bare PySide6 window started the same way. Then the app's own resident
memory after it has shown every page (``--probe-visit-pages``; the app reads its VmRSS, not the
bench). The built program is measured too when ``make build`` has made it.

Each run opens a copy of the region (the app writes its audit entries); the file cache is warmed
by one untimed run first: a cold disk is not what is measured.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import region, report  # noqa: E402
from bench.report import Figure  # noqa: E402

RUNS = 7
MEMORY_RUNS = 3
BARE_QT = (
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([]); w = QMainWindow(); w.resize(1280, 720); w.show()\n"
    "QTimer.singleShot(0, lambda: (print('idle', flush=True), app.quit())); app.exec()\n"
)
GOAL_DEMO_MS, GOAL_LARGE_MS, GOAL_BARE_RATIO = 600.0, 800.0, 5.0
GOAL_RSS_MB = 250.0


def _environment(folder: str) -> dict[str, str]:
    """As an installed app starts: with compiled bytecode (kept in the bench cache, not in the
    source tree), even where the shell says not to write it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EXPERTTEAM_PASSPHRASE":
           region.PASSPHRASE, "EXPERTTEAM_TODAY": region.TODAY.isoformat(),
           "XDG_CONFIG_HOME": folder, "HOME": folder,
           "PYTHONPYCACHEPREFIX": str(region.cache_folder() / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float | None]:
    """Milliseconds from spawning the process until it reports "idle" (tearing it down is not
    counted), and the memory it reports on its ``rss`` line. Each run starts with no settings
    of its own (the app reopens the page it was closed on: a run after one that visited every
    page would start on the last one, not on the dashboard)."""
    with tempfile.TemporaryDirectory() as home:
        return _run_at_home(command, {**env, "XDG_CONFIG_HOME": home, "HOME": home})


def _run_at_home(command: list[str], env: dict[str, str]) -> tuple[float, float | None]:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    elapsed, rss = None, None
    for line in process.stdout:
        if line.startswith("idle") and elapsed is None:
            elapsed = (time.perf_counter() - started) * 1000
        elif line.startswith("rss "):
            rss = float(line.split()[1])
    process.wait(timeout=600)
    if elapsed is None or process.returncode != 0:
        raise RuntimeError(f"{command[0]} did not reach the idle dashboard")
    return elapsed, rss


def _times(command: list[str], env: dict[str, str], runs: int = RUNS) -> tuple[float, ...]:
    _run(command, env)
    return tuple(_run(command, env)[0] for _ in range(runs))


def main() -> int:
    figures = report.Collector()
    built = ROOT / "dist" / "expertteam" / ("expertteam.exe" if os.name == "nt" else "expertteam")
    with tempfile.TemporaryDirectory() as folder:
        env = _environment(folder)
        bare = _times([sys.executable, "-c", BARE_QT], env)
        figures.add(Figure("bare PySide6 window process (baseline)", None, bare))
        bare_median = figures.figures[-1].median
        for size in report.sizes():
            database = region.region_copy(size, Path(folder))
            probe = [sys.executable, "-m", "expertteam", "--database", str(database),
                     "--startup-probe"]
            small = size <= 15
            figures.add(Figure("start to idle dashboard (process)", size, _times(probe, env),
                               goal=GOAL_DEMO_MS if small else GOAL_LARGE_MS, bare=bare_median,
                               bare_goal=GOAL_BARE_RATIO if small else None))
            if built.exists() and small:
                frozen = [str(built), "--database", str(database), "--startup-probe"]
                figures.add(Figure("  built program to idle dashboard", size,
                                   _times(frozen, env), goal=GOAL_DEMO_MS, bare=bare_median,
                                   bare_goal=GOAL_BARE_RATIO))
            memory = [_run([*probe, "--probe-visit-pages"], env)[1] or 0.0
                      for _ in range(MEMORY_RUNS)]
            figures.add(Figure("RSS after visiting every page (app)", size, tuple(memory),
                               unit="MB", goal=GOAL_RSS_MB))
            database.unlink()
    figures.emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
