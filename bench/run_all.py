"""Run every benchmark in this folder, one process each, and end with one table of everything
they measured (``make bench``). ``$EXPERTTEAM_BENCH_SIZES`` chooses the region sizes
(``15,5000,20000`` by default); the regions are built once and cached (``bench/region.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench import report  # noqa: E402


def main(argv: list[str]) -> int:
    """Run the benches named in ``argv`` (``signals`` for bench_signals.py), or all of them."""
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in argv]
    failures = []
    with tempfile.TemporaryDirectory() as folder:
        rows = Path(folder) / "rows.jsonl"
        rows.touch()
        env = {**os.environ, report.ROWS_ENV: str(rows),
               "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        for script in scripts:
            print(f"== {script.name}", flush=True)
            result = subprocess.run([sys.executable, str(script)], check=False, env=env)
            if result.returncode != 0:
                failures.append(script.name)
        print()
        print("== every figure (median unless marked; ratio = measured / goal)")
        for line in report.format_rows(report.load(rows)):
            print(line)
    if failures:
        print(f"failed: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
