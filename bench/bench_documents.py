"""Rendering the documents: the minutes of a 25-case meeting with 100 actions, and every
participant's action list.

Prints medians in milliseconds and ratios to a one-page baseline document (a participant's
action list with three actions) rendered in the same process, so figures from different
machines can be compared. Two levels: the renderer alone on hand-made data, and the service
call end to end on a temp database (meeting record, letterhead, audit entry and rendering).
Target from the issue: the minutes well under half a second.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from expertteam import clock
from expertteam.documents.action_list import render_participant_actions
from expertteam.documents.minutes import render_minutes
from expertteam.domain.enums import OrganisationKind
from expertteam.services import (
    actions,
    agenda,
    cases,
    demo,
    documents,
    meetings,
    organisations,
)
from expertteam.services.actions import ActionInput
from expertteam.services.cases import CaseInput
from expertteam.services.meetings import InviteeInput, MeetingInput
from expertteam.services.store import Store
from tests.documents import factories

TODAY = date(2026, 11, 23)
CASES = 25
ACTIONS = 100
ROUNDS = 15


def _median_ms(call: Callable[[], object], rounds: int = ROUNDS) -> float:
    call()  # warm: fonts, caches
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _pages(pdf: bytes) -> int:
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


def _meeting(store: Store) -> int:
    """A closed meeting about 25 cases with 4 actions each (the demo's 13 open cases plus 12)."""
    hoorn = next(o.id for o in organisations.list_organisations(
        store, (OrganisationKind.MUNICIPALITY,)) if o.name == "Hoorn")
    for n in range(12):
        cases.create_case(store, CaseInput(given_names=f"Kind{n}", surname="Bench",
                                           referred_on=TODAY - timedelta(days=40),
                                           birth_date=date(2012, 1, 1 + n),
                                           municipality_id=hoorn,
                                           goal="Passende hulp binnen zes weken."))
    open_cases = [row.id for row in cases.list_register(store)
                  if row.status.value != "closed"][:CASES]
    owners = [o.id for o in organisations.list_organisations(store)][:12]
    meeting = meetings.plan_meeting(store, MeetingInput(TODAY, place="Stadhuis Hoorn",
                                                        chair_name="Petra Zwart",
                                                        minute_taker_name="Kees Blom"),
                                    [InviteeInput(o) for o in owners[:10]])
    meetings.start_meeting(store, meeting.id)
    for index, case_id in enumerate(open_cases):
        item = agenda.add_agenda_item(store, meeting.id, case_id=case_id)
        agenda.set_summary(store, item.id, "De jeugdbeschermer licht toe dat passende hulp "
                                           "uitblijft; de aanbieder heeft een wachtlijst en de "
                                           "gemeente zoekt maatwerk. " * 2)
        agenda.add_decision(store, item.id, "Het expertteam vraagt de aanbieder om een "
                                            "voorstel voor maatwerk binnen twee weken.")
        for k in range(ACTIONS // CASES):
            actions.create_action(store, ActionInput(
                case_id, f"Actie {k + 1}: voorstel uitwerken en de startdatum melden aan de GI "
                         f"en de gemeente.", owners[(index + k) % len(owners)],
                due_on=TODAY + timedelta(days=7 + k * 7), agenda_item_id=item.id))
    meetings.close_meeting(store, meeting.id)
    return meeting.id


def main() -> int:
    letterhead = factories.letterhead()
    baseline_data = factories.participant_list(3)
    minutes_data = factories.minutes(cases=CASES, actions=ACTIONS)
    baseline = _median_ms(lambda: render_participant_actions(baseline_data, letterhead))
    minutes = _median_ms(lambda: render_minutes(minutes_data, letterhead))
    pages = _pages(render_minutes(minutes_data, letterhead))
    print("renderer only (hand-made data)")
    print(f"  one-page baseline (action list, 3 actions): {baseline:7.1f} ms")
    print(f"  minutes, {CASES} cases / {ACTIONS} actions ({pages} pages): {minutes:7.1f} ms "
          f"(x{minutes / baseline:.1f} baseline)")

    with tempfile.TemporaryDirectory() as folder:
        store = Store.create(Path(folder) / "bench.db", origin="bench")
        clock.install(clock.PinnedClock(TODAY))
        demo.load_demo(store)
        meeting_id = _meeting(store)
        participants = documents.list_participants(store)
        first = participants[0].id
        service_baseline = _median_ms(lambda: documents.participant_actions_pdf(store, first))
        service_minutes = _median_ms(lambda: documents.minutes_pdf(store, meeting_id))
        rounds = 5
        batch_times = []
        for _ in range(rounds):
            start = time.perf_counter()
            made = list(documents.all_participant_actions(store))
            batch_times.append((time.perf_counter() - start) * 1000)
        batch = statistics.median(batch_times)
        store.close()
    print("service end to end (temp database: record, letterhead, audit, render)")
    print(f"  one participant's action list:             {service_baseline:7.1f} ms")
    print(f"  minutes, {CASES} cases / {ACTIONS} actions:          {service_minutes:7.1f} ms "
          f"(x{service_minutes / service_baseline:.1f} baseline)")
    print(f"  all participants' action lists ({len(made)} PDFs):   {batch:7.1f} ms "
          f"({batch / len(made):.1f} ms each, x{batch / service_baseline:.1f} baseline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
