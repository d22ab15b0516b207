"""The one table every benchmark prints into: what, size, measured, goal, ratio.

A bench measures ``Figure``s (samples in one unit, with the goal and the comparable bare work
where the issue sets them) and calls ``emit``: it prints its own rows, and when ``run_all.py``
runs it, appends them to the file named by ``$EXPERTTEAM_BENCH_ROWS`` so that ``make bench``
ends with one table of everything. ``ratio`` is median / goal (1.0 or less meets the goal);
``× bare`` is median / the bare work's median, with its goal. Nothing here asserts.

``$EXPERTTEAM_BENCH_SIZES`` (``15,5000,20000`` by default) chooses the region sizes.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROWS_ENV = "EXPERTTEAM_BENCH_ROWS"
SIZES_ENV = "EXPERTTEAM_BENCH_SIZES"
DEFAULT_SIZES = (15, 5_000, 20_000)


def sizes() -> tuple[int, ...]:
    raw = os.environ.get(SIZES_ENV, "")
    return tuple(int(part) for part in raw.split(",") if part.strip()) or DEFAULT_SIZES


def size_label(size: int | None) -> str:
    if size is None:
        return "-"
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)


@dataclass(frozen=True)
class Figure:
    what: str
    size: int | None
    samples: tuple[float, ...]
    unit: str = "ms"  # "ms", "MB" or "" (a count)
    goal: float | None = None
    bare: float | None = None  # median of the comparable bare work, same unit
    bare_goal: float | None = None  # at most this many times the bare work
    note: str = ""
    p90: bool = False  # the figure is the 90th percentile, not the median

    @property
    def median(self) -> float:
        if self.p90:
            return percentile(self.samples, 0.9)
        return statistics.median(self.samples)

    @property
    def met(self) -> bool | None:
        if self.goal is None and self.bare_goal is None:
            return None
        ok = self.goal is None or self.median <= self.goal
        if self.bare_goal is not None and self.bare:
            ok = ok and self.median / self.bare <= self.bare_goal
        return ok


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timed_ms(call: Callable[[], object], runs: int, *, before: Callable[[], object] | None = None,
             warm: int = 0) -> tuple[float, ...]:
    """Wall-clock milliseconds of ``runs`` calls (``before`` runs untimed ahead of each)."""
    for _ in range(warm):
        if before is not None:
            before()
        call()
    samples = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return tuple(samples)


def _number(value: float, unit: str) -> str:
    if unit == "":
        return f"{value:.0f}"
    if unit == "ms" and value >= 1000:
        return f"{value / 1000:.2f} s"
    if unit == "ms" and value < 10:
        return f"{value:.2f} ms"
    return f"{value:.0f} {unit}" if unit != "ms" else f"{value:.0f} ms"


def format_rows(figures: Iterable[Figure]) -> list[str]:
    lines = [f"{'what':<46} {'size':>5} {'measured':>10} {'min':>9} {'max':>9} "
             f"{'goal':>9} {'ratio':>6} {'x bare':>13}  ",
             "-" * 120]
    for f in figures:
        measured = _number(f.median, f.unit) + (" p90" if f.p90 else "")
        goal = _number(f.goal, f.unit) if f.goal is not None else "-"
        ratio = f"{f.median / f.goal:.2f}" if f.goal else "-"
        bare = "-"
        if f.bare:
            bare = f"{f.median / f.bare:.1f}x"
            if f.bare_goal is not None:
                bare += f" (<={f.bare_goal:g}x)"
        verdict = {True: "ok", False: "MISSED", None: ""}[f.met]
        lines.append(f"{f.what:<46} {size_label(f.size):>5} {measured:>10} "
                     f"{_number(min(f.samples), f.unit):>9} {_number(max(f.samples), f.unit):>9} "
                     f"{goal:>9} {ratio:>6} {bare:>13}  {verdict}"
                     + (f"  {f.note}" if f.note else ""))
    return lines


def emit(figures: Sequence[Figure]) -> None:
    """Print the rows; with ``$EXPERTTEAM_BENCH_ROWS`` set, append them there as JSON lines."""
    for line in format_rows(figures):
        print(line, flush=True)
    target = os.environ.get(ROWS_ENV)
    if target:
        with Path(target).open("a", encoding="utf-8") as handle:
            for figure in figures:
                handle.write(json.dumps(asdict(figure)) + "\n")


def load(path: Path) -> list[Figure]:
    figures = []
    for line in path.read_text(encoding="utf-8").splitlines():
        raw = json.loads(line)
        raw["samples"] = tuple(raw["samples"])
        figures.append(Figure(**raw))
    return figures


@dataclass
class Collector:
    """Figures of one bench, printed together at the end."""

    figures: list[Figure] = field(default_factory=list)

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        print(format_rows([figure])[-1], flush=True)
        return figure

    def emit(self) -> None:
        print()
        emit(self.figures)
