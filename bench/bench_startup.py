"""Cold start: process start until the main window shows the dashboard and the event loop is idle,
on an encrypted database holding the demo region. Measured for the source run and, when it has
been built (`make build`), for the frozen program; a bare Qt window started the same way is the
baseline, so the ratio shows what Expertteam itself adds.

Prints medians of the time until the program reports "idle" (not until it has exited);
asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 7
PASSPHRASE = "benchmark-wachtwoord-voor-de-start"
BARE_QT = (
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([]); w = QMainWindow(); w.resize(1280, 720); w.show()\n"
    "QTimer.singleShot(0, lambda: (print('idle', flush=True), app.quit())); app.exec()\n"
)


def _time(command: list[str], env: dict[str, str]) -> float:
    """Milliseconds from spawning the process until it reports the idle dashboard (the moment a
    user can work; tearing the process down afterwards is not counted)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    elapsed = None
    for line in process.stdout:
        if line.startswith("idle"):
            elapsed = (time.perf_counter() - started) * 1000
    process.wait(timeout=120)
    if elapsed is None or process.returncode != 0:
        raise RuntimeError(f"{command[0]} did not reach the idle dashboard")
    return elapsed


def _median(command: list[str], env: dict[str, str]) -> float:
    _time(command, env)  # warm the file cache once; a cold disk is not what we measure
    return statistics.median(_time(command, env) for _ in range(RUNS))


def main() -> None:
    from expertteam.services import demo
    from expertteam.services.security import create_database

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "demo.db"
        store = create_database(database, PASSPHRASE, "Bench Voorzitter")
        demo.load_demo(store)
        store.close()
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
               "EXPERTTEAM_PASSPHRASE": PASSPHRASE, "XDG_CONFIG_HOME": folder}
        baseline = _median([sys.executable, "-c", BARE_QT], env)
        print(f"bare Qt window (baseline)        median {baseline:7.0f} ms")
        source = _median([sys.executable, "-m", "expertteam", "--database", str(database),
                          "--startup-probe"], env)
        print(f"source run to dashboard idle     median {source:7.0f} ms"
              f"  ({source / baseline:.2f}x baseline)")
        built = ROOT / "dist" / "expertteam" / ("expertteam.exe" if os.name == "nt"
                                               else "expertteam")
        if built.exists():
            frozen = _median([str(built), "--database", str(database), "--startup-probe"], env)
            print(f"built program to dashboard idle  median {frozen:7.0f} ms"
                  f"  ({frozen / baseline:.2f}x baseline)")
        else:
            print("built program: not built (run `make build` first)")


if __name__ == "__main__":
    main()
