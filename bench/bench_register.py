"""Benchmark: the case register with 20,000 cases (issue 2: "must stay fluid").

Prints, for 20,000 cases and for a 1,000-case baseline in the same process:
- time to open the register: ``cases.list_register`` plus the model reset (median of runs);
- filter latency per keystroke while typing a realistic search, measured on the proxy
  (``set_text`` on ``RegisterFilterProxy``), median and max, and the same with the table view
  repainting;
- resident memory (RSS).
It asserts nothing about time; it prints figures and ratios.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_register.py``
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QTableView
from sqlalchemy import insert, select

from expertteam import clock
from expertteam.domain.enums import (
    BlockerKind,
    CaseStatus,
    MeasureKind,
    OrganisationKind,
    WaitingFor,
)
from expertteam.domain.pseudonym import format_case_number
from expertteam.gui.register_model import RegisterFilterProxy, RegisterModel
from expertteam.services import cases, demo
from expertteam.services.store import Store
from expertteam.storage.models import Case, CaseBlocker, Measure, Organisation

TODAY = date(2026, 11, 23)
LARGE, BASELINE = 20_000, 1_000
OPEN_RUNS = 5
# What a coordinator types to find a child: a surname with a particle, one key at a time.
TYPED = "van der berg"
GIVEN = ("Noël", "Chloë", "Daan", "Zoë", "Anaïs", "Sem", "Liam", "Eva", "Mila", "Finn", "Yara",
         "Jesse", "Sára", "Thijs", "Lotte", "Bram", "Fatima", "Mohamed", "Julia", "Luuk",
         "Sophie", "Milan", "Emma", "Noah", "Tess", "Lucas", "Sara", "Adam", "Nina", "Ruben")
SURNAMES = ("de Vries", "Jansen", "Visser", "Bos", "Meijer", "Mulder", "Smit", "van Dijk",
            "Hendriks", "Dekker", "Bakker", "Kok", "Koç", "Peters", "Willems", "van der Berg",
            "van den Broek", "El Amrani", "Yılmaz", "de Groot", "Vermeulen", "van Leeuwen",
            "Bouwman", "Kaya", "de Jong", "van der Meer", "Postma", "Hoekstra", "Brouwer")


@dataclass(frozen=True)
class Figures:
    cases: int
    open_median: float
    service_median: float
    reset_median: float
    key_median: float
    key_max: float
    key_view_median: float
    key_view_max: float
    rss_mb: float


def rss_mb() -> float:
    """Resident set size of this process in MB (Linux /proc; ru_maxrss elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_database(folder: Path, total: int, seed: int) -> Store:
    """A database with the demo organisations and ``total`` cases.

    Setup speed only: the cases, measures and blockers are bulk-inserted through the storage
    models, not through ``cases.create_case`` (which validates and audits each one and would
    take minutes for 20,000). The register reads them exactly as it reads real ones."""
    store = Store.create(folder / f"register-{total}.db", origin="bench")
    clock.install(clock.PinnedClock(TODAY))
    demo_count = demo.load_demo(store)
    rng = random.Random(seed)
    with store.transaction() as session:
        def ids(kind: OrganisationKind) -> list[int]:
            return list(session.scalars(select(Organisation.id).where(Organisation.kind == kind)))

        municipalities, gis = ids(OrganisationKind.MUNICIPALITY), ids(OrganisationKind.GI)
        providers = ids(OrganisationKind.PROVIDER)
        last_demo_id = session.scalars(select(Case.id).order_by(Case.id.desc())).first() or 0
        rows = []
        for number in range(total - demo_count):
            year = 2019 + number % 7
            referred = date(year, 1, 1) + timedelta(days=rng.randrange(330))
            referred = min(referred, TODAY - timedelta(days=3))
            status = rng.choices(list(CaseStatus), weights=(2, 5, 2, 6))[0]
            waiting = None if status is CaseStatus.CLOSED else rng.choice(
                (None, *WaitingFor))
            rows.append({
                "case_number": format_case_number(year, 1000 + number // 7),
                "given_names": rng.choice(GIVEN), "surname": rng.choice(SURNAMES),
                "birth_date": date(TODAY.year - rng.randrange(1, 18), rng.randrange(1, 13),
                                   rng.randrange(1, 29)),
                "municipality_id": rng.choice(municipalities), "gi_id": rng.choice(gis),
                "referred_on": referred, "waiting_for": waiting,
                "waiting_since": referred + timedelta(days=rng.randrange(30)) if waiting
                else None,
                "status": status,
                "closed_on": referred + timedelta(days=200) if status is CaseStatus.CLOSED
                else None,
            })
        session.execute(insert(Case), rows)
        new_ids = list(session.scalars(select(Case.id).where(Case.id > last_demo_id)))
        measures, blockers = [], []
        for case_id in new_ids:
            ruling = TODAY - timedelta(days=rng.randrange(20, 700))
            charged = ruling + timedelta(days=rng.randrange(0, 5))
            measures.append({
                "case_id": case_id, "kind": rng.choice((MeasureKind.OTS, MeasureKind.OTS,
                                                        MeasureKind.VOORLOPIGE_OTS,
                                                        MeasureKind.JR_GEDWONGEN)),
                "ruling_date": ruling, "gi_charged_on": charged,
                "first_contact_on": charged + timedelta(days=rng.randrange(2, 12))
                if rng.random() < 0.8 else None,
                "plan_on": charged + timedelta(days=rng.randrange(20, 60))
                if rng.random() < 0.6 else None})
            if rng.random() < 0.2:
                measures.append({"case_id": case_id, "kind": MeasureKind.MACHTIGING_UHP,
                                 "ruling_date": ruling})
            for _ in range(rng.choice((0, 1, 1, 2))):
                blockers.append({"case_id": case_id, "kind": rng.choice(list(BlockerKind)),
                                 "provider_id": rng.choice(providers),
                                 "since": ruling + timedelta(days=rng.randrange(60))})
        session.execute(insert(Measure), measures)
        session.execute(insert(CaseBlocker), blockers)
    if cases.count_cases(store) != total:
        raise RuntimeError(f"expected {total} cases, found {cases.count_cases(store)}")
    return store


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def measure(app: QApplication, store: Store, total: int) -> Figures:
    model = RegisterModel()
    proxy = RegisterFilterProxy()
    proxy.setSourceModel(model)
    opens, services, resets = [], [], []
    for _ in range(OPEN_RUNS):
        start = time.perf_counter()
        rows = cases.list_register(store)
        loaded = time.perf_counter()
        model.set_rows(rows, store.today())
        end = time.perf_counter()
        opens.append(end - start)
        services.append(loaded - start)
        resets.append(end - loaded)
    # The register sorts newest first, as the window does.
    model.sort(0)

    def type_search(with_view: bool) -> list[float]:
        latencies = []
        for length in (*range(1, len(TYPED) + 1), *range(len(TYPED) - 1, -1, -1)):
            def step(text: str = TYPED[:length]) -> None:
                proxy.set_text(text)
                if with_view:
                    app.processEvents()
            latencies.append(timed(step))
        return latencies

    keys = type_search(with_view=False)
    view = QTableView()
    view.setModel(proxy)
    view.resize(1200, 700)
    view.show()
    app.processEvents()
    keys_view = type_search(with_view=True)
    view.close()
    return Figures(total, statistics.median(opens), statistics.median(services),
                   statistics.median(resets), statistics.median(keys), max(keys),
                   statistics.median(keys_view), max(keys_view), rss_mb())


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    print(f"register benchmark: {LARGE} cases vs baseline {BASELINE}, typing {TYPED!r} "
          f"({len(TYPED)} keys forward and back), open = median of {OPEN_RUNS} runs")
    rss_start = rss_mb()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        base_store = build_database(Path(folder), BASELINE, seed=1)
        large_store = build_database(Path(folder), LARGE, seed=2)
        print(f"setup (bulk insert): {time.perf_counter() - started:.1f} s")
        base = measure(app, base_store, BASELINE)
        large = measure(app, large_store, LARGE)
        base_store.close()
        large_store.close()
    rows = (
        ("open register (service + model)", "open_median"),
        ("  of which list_register", "service_median"),
        ("  of which model reset", "reset_median"),
        ("filter per keystroke, median", "key_median"),
        ("filter per keystroke, max", "key_max"),
        ("  with view repaint, median", "key_view_median"),
        ("  with view repaint, max", "key_view_max"),
    )
    print(f"{'':34} {BASELINE:>11} {LARGE:>11}  ratio")
    for label, attr in rows:
        small, big = getattr(base, attr), getattr(large, attr)
        ratio = big / small if small else float("nan")
        print(f"{label:34} {ms(small)} {ms(big)}  {ratio:5.1f}x")
    print(f"{'RSS after each run':34} {base.rss_mb:8.0f} MB {large.rss_mb:8.0f} MB"
          f"  (process start {rss_start:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
