"""The regional monitor over 20,000 cases with two years of dated history.

Setup bulk-inserts organisations, cases, their ``CaseChange`` history and blockers straight
through the storage models (the services would take minutes for 20,000 cases; the rows have the
shape ``services.case_history`` writes: the referral and the tracked fields at the referral
date, then each later change on its own date, recorded in date order, and every blocker's kind,
start and end). It then times ``monitor_at`` (the register reconstructed
at a meetmoment and at the previous one, every table and a 25-month trend) and ``dashboard``, and
the same on a 1,000-case baseline, and prints medians (wall and CPU time) and the ratios. The
PDF and Excel timings start from a computed report: their size depends on the number of GIs,
gemeenten and months, not on the number of cases.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert

from expertteam import clock
from expertteam.domain.enums import (
    BlockerKind,
    CaseStatus,
    ClosingResult,
    OrganisationKind,
    WaitingFor,
)
from expertteam.services import dashboard, monitor, monitor_export, regions
from expertteam.services.store import Store
from expertteam.storage.models import Case, CaseBlocker, CaseChange, Organisation

TODAY = date(2026, 11, 23)
HISTORY_DAYS = 730
LARGE, BASELINE = 20_000, 1_000
ROUNDS = 5


def _orgs(store: Store) -> tuple[list[int], list[int]]:
    with store.transaction() as session:
        municipalities = [Organisation(kind=OrganisationKind.MUNICIPALITY, name=f"Gemeente {i}")
                          for i in range(7)]
        gis = [Organisation(kind=OrganisationKind.GI, name=f"GI {i}") for i in range(4)]
        session.add_all(municipalities + gis)
        session.flush()
        return [m.id for m in municipalities], [g.id for g in gis]


def _populate(store: Store, count: int, seed: int = 7) -> int:
    """Cases with two years of history; returns the number of CaseChange rows."""
    regions.set_region(store, "JZ05", "Expertteam Bench")
    municipalities, gis = _orgs(store)
    rng = random.Random(seed)
    start = TODAY - timedelta(days=HISTORY_DAYS)
    cases, changes, blockers = [], [], []
    for number in range(1, count + 1):
        referred = start + timedelta(days=rng.randrange(HISTORY_DAYS - 5))
        roll = rng.random()
        waiting_for = (WaitingFor.PASSENDE_JEUGDHULP if roll < 0.6 else WaitingFor.PLACEMENT
                       if roll < 0.7 else WaitingFor.VASTE_JEUGDBESCHERMER if roll < 0.9
                       else None)
        since = referred - timedelta(days=rng.randrange(30)) if waiting_for else None
        state: dict[str, str | None] = {
            "status": CaseStatus.REFERRED.value,
            "waiting_for": waiting_for.value if waiting_for else None,
            "waiting_since": since.isoformat() if since else None,
            "help_started_on": None,
            "municipality_id": str(rng.choice(municipalities)),
            "gi_id": str(rng.choice(gis)),
            "closing_result": None,
        }
        events: list[tuple[date, dict[str, str | None]]] = [(referred, dict(state))]
        events.append((referred + timedelta(days=rng.randrange(1, 20)),
                       {"status": CaseStatus.ACTIVE.value}))
        if rng.random() < 0.2:
            events.append((referred + timedelta(days=rng.randrange(10, 100)),
                           {"gi_id": str(rng.choice(gis))}))
        helped = referred + timedelta(days=rng.randrange(20, 300))
        closed = helped + timedelta(days=rng.randrange(10, 90))
        if helped <= TODAY:
            events.append((helped, {"waiting_for": None, "help_started_on": helped.isoformat(),
                                    "status": CaseStatus.MONITORING.value}))
        if closed <= TODAY:
            events.append((closed, {"status": CaseStatus.CLOSED.value,
                                    "closing_result": rng.choice(list(ClosingResult)).value}))
        final = dict(state)
        changes.append({"case_id": number, "field": "referred_on", "old_value": None,
                        "new_value": referred.isoformat(), "effective_on": referred})
        for on, fields in sorted(events, key=lambda e: e[0]):
            if on > TODAY:
                continue
            for name, value in fields.items():
                old = None if on == referred and fields is events[0][1] else final.get(name)
                changes.append({"case_id": number, "field": name, "old_value": old,
                                "new_value": value, "effective_on": on})
                final[name] = value
        cases.append({
            "id": number, "case_number": f"ET-B-{number:06d}", "given_names": "Kind",
            "surname": f"B{number}", "referred_on": referred,
            "municipality_id": int(final["municipality_id"] or 0),
            "gi_id": int(final["gi_id"] or 0),
            "waiting_for": WaitingFor(final["waiting_for"]) if final["waiting_for"] else None,
            "waiting_since": date.fromisoformat(final["waiting_since"])
            if final["waiting_since"] else None,
            "help_started_on": helped if final["help_started_on"] else None,
            "status": CaseStatus(final["status"] or "referred"),
            "closed_on": closed if final["status"] == CaseStatus.CLOSED.value else None,
            "closing_result": ClosingResult(final["closing_result"])
            if final["closing_result"] else None,
        })
        for _ in range(rng.randrange(1, 3)):
            kind, resolved = rng.choice(list(BlockerKind)), helped if helped <= TODAY else None
            blocker_id = len(blockers) + 1
            blockers.append({"id": blocker_id, "case_id": number, "kind": kind,
                             "since": referred, "resolved_on": resolved})
            for name, value, on in (("kind", kind.value, referred),
                                    ("since", referred.isoformat(), referred),
                                    ("resolved_on", resolved.isoformat() if resolved else None,
                                     resolved)):
                if on is not None:
                    changes.append({"case_id": number, "item_id": blocker_id,
                                    "field": f"blocker.{name}", "old_value": None,
                                    "new_value": value, "effective_on": on})
    for row in changes:
        row.setdefault("item_id", None)
    changes.sort(key=lambda row: row["effective_on"])  # recorded in date order
    with store.transaction() as session:
        for chunk in range(0, len(cases), 5000):
            session.execute(insert(Case), cases[chunk:chunk + 5000])
        for chunk in range(0, len(changes), 20000):
            session.execute(insert(CaseChange), changes[chunk:chunk + 20000])
        for chunk in range(0, len(blockers), 10000):
            session.execute(insert(CaseBlocker), blockers[chunk:chunk + 10000])
    return len(changes)


def _medians(call: Callable[[], object], rounds: int = ROUNDS) -> tuple[float, float]:
    """Median wall time and median CPU time of this process, in milliseconds (CPU time is the
    steadier figure on a machine shared with other work)."""
    wall, cpu = [], []
    for _ in range(rounds):
        began, began_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def _measure(folder: Path, count: int) -> dict[str, tuple[float, float]]:
    store = Store.create(folder / f"bench-{count}.db", origin="bench")
    clock.install(clock.PinnedClock(TODAY))
    began = time.perf_counter()
    rows = _populate(store, count)
    setup = time.perf_counter() - began
    print(f"  {count:>6} cases, {rows:>7} history rows: setup {setup:.1f} s", flush=True)
    figures = {
        "monitor_at": _medians(lambda: monitor.monitor_at(store, TODAY)),
        "dashboard": _medians(lambda: dashboard.dashboard(store)),
    }
    report = monitor.monitor_at(store, TODAY)
    figures["PDF + Excel"] = _medians(lambda: (monitor_export.workbook_bytes(report, True),
                                               monitor_export.pdf_bytes(store, report, True)),
                                      rounds=3)
    store.close()
    return figures


def main() -> int:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        small = _measure(folder, BASELINE)
        large = _measure(folder, LARGE)
    print(f"{'':<12} {'cases':>6} {'wall ms':>9} {'cpu ms':>9}   (medians)")
    for label in small:
        for count, figures in ((BASELINE, small), (LARGE, large)):
            wall, cpu = figures[label]
            print(f"{label:<12} {count:>6} {wall:>9.1f} {cpu:>9.1f}")
        print(f"{label:<12} ratio {LARGE // BASELINE}x cases -> wall "
              f"{large[label][0] / small[label][0]:.1f}x, cpu "
              f"{large[label][1] / small[label][1]:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
