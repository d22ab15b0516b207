"""Rendering the documents: the minutes of a 25-case meeting with 100 actions, and every
participant's action list.

The comparable bare work is a plain ReportLab build of the same content (the same paragraphs and
one table of the actions, built-in fonts, no letterhead) in the same process. Two levels: the
renderer alone on hand-made data, and the service call end to end on a temp database (meeting
record, letterhead, identity check, audit entry and rendering), the first call after start
included (fonts and styles are set up then). Goal from issue 15: the minutes in the app at most
100 ms, the first one included, and at most 3x the bare build.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import report
from bench.report import Figure
from expertteam import clock
from expertteam.documents.data import MinutesData
from expertteam.documents.minutes import render_minutes
from expertteam.domain.enums import OrganisationKind
from expertteam.services import (
    actions,
    agenda,
    case_register,
    cases,
    decisions,
    demo,
    documents,
    meetings,
    organisations,
)
from expertteam.services.actions import ActionInput
from expertteam.services.case_data import CaseInput
from expertteam.services.meeting_data import InviteeInput, MeetingInput
from expertteam.services.store import Store
from tests.documents import factories

TODAY = date(2026, 11, 23)
CASES = 25
ACTIONS = 100
ROUNDS = 15
GOAL_MINUTES_MS, GOAL_BARE_RATIO = 100.0, 3.0


def _bare_minutes(data: MinutesData) -> bytes:
    """The minutes' content through ReportLab's own story, no styling of ours."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    styles = getSampleStyleSheet()
    story: list[Any] = [Paragraph(f"Verslag {data.team_name} {data.held_on}", styles["Title"]),
                        Table([[a.organisation, a.organisation_kind, a.person, a.attendance.value]
                               for a in data.attendance])]
    for section in data.sections:
        story.append(Paragraph(f"{section.position}. {section.heading}", styles["Heading2"]))
        story.append(Paragraph(section.summary, styles["Normal"]))
        story += [Paragraph(d.text, styles["Normal"]) for d in section.decisions]
    story.append(Table([[str(a.number), a.child, Paragraph(a.description, styles["Normal"]),
                         a.owner_organisation, a.due_on.isoformat()] for a in data.actions],
                       colWidths=(30, 120, 180, 100, 60), repeatRows=0))
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def _pages(pdf: bytes) -> int:
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
                                           goal="Passende hulp binnen zes weken."),
                          confirmed=True)  # referred before the demo's published meetmoment
    open_cases = [row.id for row in case_register.list_register(store)
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
        decisions.add_decision(store, item.id, "Het expertteam vraagt de aanbieder om een "
                                            "voorstel voor maatwerk binnen twee weken.")
        for k in range(ACTIONS // CASES):
            actions.create_action(store, ActionInput(
                case_id, f"Actie {k + 1}: voorstel uitwerken en de startdatum melden aan de GI "
                         f"en de gemeente.", owners[(index + k) % len(owners)],
                due_on=TODAY + timedelta(days=7 + k * 7), agenda_item_id=item.id))
    meetings.close_meeting(store, meeting.id)
    return meeting.id


def main() -> int:
    figures = report.Collector()
    with tempfile.TemporaryDirectory() as folder:
        clock.install(clock.PinnedClock(TODAY))
        store = Store.create(Path(folder) / "bench.db", origin="bench")
        demo.load_demo(store)
        meeting_id = _meeting(store)
        # The first document after start, before anything else has touched ReportLab.
        first = report.timed_ms(lambda: documents.minutes_pdf(store, meeting_id), 1)
        service = report.timed_ms(lambda: documents.minutes_pdf(store, meeting_id), ROUNDS)
        participants = documents.list_participants(store)
        one = report.timed_ms(
            lambda: documents.participant_actions_pdf(store, participants[0].id), ROUNDS)
        made: list[object] = []
        batch = report.timed_ms(
            lambda: made.extend(documents.all_participant_actions(store)), 5)
        store.close()
    letterhead = factories.letterhead()
    minutes_data = factories.minutes(cases=CASES, actions=ACTIONS)
    bare = figures.add(Figure("bare ReportLab build of the minutes (baseline)", None,
                              report.timed_ms(lambda: _bare_minutes(minutes_data), ROUNDS,
                                              warm=1)))
    pages = _pages(render_minutes(minutes_data, letterhead))
    figures.add(Figure(f"minutes {CASES} cases/{ACTIONS} actions, in app", None, service,
                       goal=GOAL_MINUTES_MS, bare=bare.median, bare_goal=GOAL_BARE_RATIO))
    figures.add(Figure("  the first minutes after start", None, first, goal=GOAL_MINUTES_MS,
                       bare=bare.median, bare_goal=GOAL_BARE_RATIO))
    figures.add(Figure("  minutes, renderer only", None, report.timed_ms(
        lambda: render_minutes(minutes_data, letterhead), ROUNDS, warm=1), bare=bare.median,
        note=f"{pages} pages"))
    figures.add(Figure("one participant's action list, in app", None, one))
    per = len(made) // 5 or 1
    figures.add(Figure("every participant's action list, in app", None, batch,
                       note=f"{per} PDFs"))
    figures.emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
