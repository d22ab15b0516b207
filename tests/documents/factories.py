"""Hand-made document data: a letterhead, a long meeting, action lists and an agreement sheet.

Also used by ``bench/bench_documents.py`` so the benchmark renders the same shapes as the tests.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from expertteam.documents.data import (
    ActionHistoryLine,
    ActionLine,
    AddendumLine,
    AgreementLine,
    AgreementSheet,
    AttendanceLine,
    BlockerLine,
    CaseSection,
    DecisionLine,
    Letterhead,
    MeasureLine,
    MinutesData,
    ParticipantActionList,
)
from expertteam.domain.enums import ActionStatus, Attendance

HELD_ON = date(2026, 11, 23)
CHILDREN = ("ET-2026-0001 · N.V. · 2012", "ET-2026-0002 · C.J. · 2017",
            "ET-2026-0003 · D.V. · 2010", "ET-2026-0004 · Z.B. · 2019",
            "ET-2026-0005 · A.M. · 2014")
OWNERS = (("Jeugdbescherming Noord", "Sanne Bakker"), ("Gemeente Hoorn", "Petra Zwart"),
          ("GGZ Jong Westfriesland", "Anouk Vermeulen"),
          ("Leger des Heils Jeugdbescherming & Reclassering", ""),
          ("Ondersteuningsteam Zorg voor de Jeugd (OZJ)", "Noël Brouwer"))
STATUSES = (ActionStatus.OPEN, ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.NOT_DONE,
            ActionStatus.OPEN, ActionStatus.CANCELLED)


def letterhead(**changes: object) -> Letterhead:
    values: dict[str, object] = {
        "region_name": "Expertteam Westfriesland",
        "address_lines": ("Postbus 603", "1620 AR Hoorn", "expertteam@westfriesland.example.nl"),
        "logo": None,
        "signatory_name": "Chloë van den Broek",
        "signatory_role": "Coördinator expertteam",
        "footer_text": "Dit document bevat bijzondere persoonsgegevens. Deel het niet verder "
                       "dan nodig voor de uitvoering van de afspraken.",
    }
    values.update(changes)
    return Letterhead(**values)  # type: ignore[arg-type]


def action(number: int, child: str | None = None, **changes: object) -> ActionLine:
    owner, person = OWNERS[number % len(OWNERS)]
    values: dict[str, object] = {
        "number": number,
        "child": child or CHILDREN[number % len(CHILDREN)],
        "description": f"Afspraak {number}: aanbieder levert een passend voorstel voor "
                       f"behandeling en meldt de startdatum aan de GI en de gemeente.",
        "owner_organisation": owner,
        "owner_person": person,
        "due_on": HELD_ON + timedelta(days=(number % 9) * 7 - 14),
        "status": STATUSES[number % len(STATUSES)],
        "times_postponed": number % 3,
        "overdue": number % 9 < 2 and STATUSES[number % len(STATUSES)] is ActionStatus.OPEN,
    }
    values.update(changes)
    return ActionLine(**values)  # type: ignore[arg-type]


def minutes(cases: int = 3, actions: int = 6, *, addenda: int = 0) -> MinutesData:
    """A closed meeting with ``cases`` agenda items, two decisions each, ``actions`` actions."""
    children = [f"ET-2026-{i + 1:04d} · {chr(65 + i % 26)}.{chr(66 + i % 24)}. · {2008 + i % 12}"
                for i in range(cases)]
    attendance = (
        AttendanceLine("Gemeente Hoorn", "Gemeente", "Petra Zwart", Attendance.PRESENT),
        AttendanceLine("Jeugdbescherming Noord", "Gecertificeerde instelling", "Sanne Bakker",
                       Attendance.PRESENT),
        AttendanceLine("GGZ Jong Westfriesland", "Zorgaanbieder", "Anouk Vermeulen",
                       Attendance.EXCUSED),
        AttendanceLine("Ondersteuningsteam Zorg voor de Jeugd (OZJ)", "OZJ", "Noël Brouwer",
                       Attendance.PRESENT),
        AttendanceLine("Raad voor de Kinderbescherming, regio Noord-Holland",
                       "Raad voor de Kinderbescherming", "", Attendance.ABSENT),
    )
    all_actions = [action(100 + n, children[n % cases]) for n in range(actions)]
    sections = []
    decisions: list[DecisionLine] = []
    for index, child in enumerate(children):
        own = tuple(DecisionLine(len(decisions) + k + 1, child,
                                 f"Het expertteam besluit dat de GI voor {child} een "
                                 f"maatwerkvoorstel uitwerkt (besluit {k + 1}).")
                    for k in range(2))
        decisions += own
        sections.append(CaseSection(
            position=index + 1, heading=child, kind_label="Nieuwe aanmelding",
            summary="De jeugdbeschermer licht toe dat passende jeugdhulp al maanden uitblijft. "
                    "De aanbieder heeft een wachtlijst; de gemeente heroverweegt de indicatie "
                    "niet en financiert het maatwerk. Chloë's school is betrokken.",
            decisions=own,
            new_actions=tuple(a for a in all_actions if a.child == child)))
    sections.append(CaseSection(
        position=cases + 1, heading="ET-2026-0999 · K.L. · 2015",
        kind_label="Evaluatie", summary="", discussed=False))
    return MinutesData(
        team_name="Expertteam Westfriesland", held_on=HELD_ON, starts_at=time(13, 30),
        place="Stadhuis Hoorn, zaal 2", chair="Noël de Wit", minute_taker="Chloë van den Broek",
        closed_at=datetime(2026, 11, 23, 16, 5), attendance=attendance,
        sections=tuple(sections), decisions=tuple(decisions), actions=tuple(all_actions),
        addenda=tuple(AddendumLine(2 + i, HELD_ON + timedelta(days=1 + i),
                                   "Correctie: de termijn van actie 101 is 14-12-2026.")
                      for i in range(addenda)))


def participant_list(count: int = 8, organisation: str = "Jeugdbescherming Noord"
                     ) -> ParticipantActionList:
    actions = tuple(action(200 + n, owner_organisation=organisation,
                           status=ActionStatus.OPEN, overdue=n % 4 == 0)
                    for n in range(count))
    return ParticipantActionList(
        organisation=organisation, organisation_kind="Gecertificeerde instelling",
        as_of=HELD_ON, actions=actions, contacts=("Sanne Bakker", "Mohamed El Amrani"))


def agreement_sheet(child: str = "ET-2026-0001 · N.V. · 2012") -> AgreementSheet:
    agreements = tuple(
        AgreementLine(
            action=action(300 + n, child),
            agreed_on=HELD_ON - timedelta(days=42),
            history=(
                ActionHistoryLine(HELD_ON - timedelta(days=42), "Afgesproken, uiterlijk "
                                  "01-11-2026", "Overleg 12-10-2026"),
                ActionHistoryLine(HELD_ON - timedelta(days=21), "Termijn verschoven van "
                                  "01-11-2026 naar 15-11-2026 (1e keer uitgesteld)",
                                  "Overleg 02-11-2026"),
                ActionHistoryLine(HELD_ON, "Status: Open → Gedaan", ""),
            ))
        for n in range(4))
    return AgreementSheet(
        case_number="ET-2026-0001", child=child, as_of=HELD_ON, status="Actief",
        municipality="Gemeente Hoorn", gi="Jeugdbescherming Noord",
        jeugdbeschermer="Sanne Bakker", referred_on=date(2026, 7, 1),
        waiting_for="Passende jeugdhulp", waiting_since=date(2026, 7, 16),
        goal="Binnen 6 weken start intensieve ambulante jeugd-GGZ voor Noël; de gemeente "
             "financiert het maatwerk zonder nieuwe beoordeling.",
        measures=(MeasureLine("Ondertoezichtstelling (OTS)", date(2026, 5, 1), date(2026, 5, 3),
                              date(2027, 5, 1)),),
        blockers=(BlockerLine("Wachtlijst zorgaanbieder", "GGZ Jong Westfriesland",
                              date(2026, 7, 16), None, "Wachttijd ruim 20 weken."),
                  BlockerLine("Financieringsgeschil tussen gemeenten", "", date(2026, 8, 1),
                              date(2026, 10, 1), "")),
        agreements=agreements)
