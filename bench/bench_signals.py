"""Benchmark: signals and the Jeugdautoriteit letter's identity check on a large register.

Prints, for 20,000 cases and a 1,000-case baseline (same generator as ``bench_register``):
- computing today's signals (``signals.current_signals``: all facts read, every criterion,
  dismissals applied), median of runs, and how many signals there are;
- the signals of one case for the live screen (``current_signals(case_id=…)``);
- saving a free-text part of a continuity letter, which searches the text for the name, BSN and
  birth date of every child in the register (median of runs).
It asserts nothing about time; it prints figures and ratios.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_signals.py``
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_register import BASELINE, LARGE, build_database
from expertteam.domain.escalation import EscalationLevel
from expertteam.domain.signals import SignalKind
from expertteam.services import escalations, letters, organisations, signals
from expertteam.services.escalations import EscalationInput
from expertteam.services.store import Store

RUNS = 5
TEXT = ("Sinds 1 september 2026 neemt JeugdzorgPlus De Dijk geen jongeren meer op. Dertig "
        "kinderen uit de gemeenten Hoorn, Enkhuizen en Medemblik wachten daardoor; de mediaan "
        "van de wachttijd is 140 dagen. Wij vragen de Jeugdautoriteit in te grijpen.\n\n") * 3


def median_seconds(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(store: Store) -> dict[str, float]:
    rows = signals.current_signals(store)
    all_time = median_seconds(lambda: signals.current_signals(store))
    case_id = next(s.signal.case_ids[0] for s in rows if s.signal.case_ids)
    case_time = median_seconds(lambda: signals.current_signals(store, case_id=case_id))
    continuity = next(r.signal for r in rows if r.signal.kind is SignalKind.CONTINUITY)
    addressee = organisations.list_organisations(store)[0].id
    for org in organisations.list_organisations(store):
        if org.kind.value == "jeugdautoriteit":
            addressee = org.id
    escalation = escalations.create_escalation(store, EscalationInput(
        EscalationLevel.JEUGDAUTORITEIT, addressee, store.today(),
        blocker_kinds=continuity.blocker_kinds, case_ids=continuity.case_ids[:50]))
    letter = letters.open_letter(store, escalation.id)
    save_time = median_seconds(lambda: letters.save_texts(store, letter.id, {"problem": TEXT}))
    return {"signals": len(rows), "all": all_time, "case": case_time, "save": save_time}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        results = {}
        for total in (BASELINE, LARGE):
            store = build_database(Path(folder), total, seed=total)
            results[total] = measure(store)
            store.close()
    for total, figures in results.items():
        print(f"{total:>6} cases: {int(figures['signals'])} signals; all signals "
              f"{figures['all'] * 1000:.0f} ms, one case (live) {figures['case'] * 1000:.0f} ms, "
              f"save a continuity-letter text (identity check) {figures['save'] * 1000:.0f} ms")
    large, base = results[LARGE], results[BASELINE]
    print(f"ratio {LARGE}/{BASELINE}: all signals {large['all'] / base['all']:.1f}x, "
          f"one case {large['case'] / base['case']:.1f}x, save {large['save'] / base['save']:.1f}x")


if __name__ == "__main__":
    main()
