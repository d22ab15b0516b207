"""A small real world for document tests: the demo region plus one closed meeting, built with
the services (no rows written by hand)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time, timedelta
from io import BytesIO

from pypdf import PdfReader

from expertteam.domain.enums import Attendance
from expertteam.services import actions, agenda, decisions, documents, meeting_invitees, meetings
from expertteam.services import organisations as orgs
from expertteam.services.actions import ActionInput
from expertteam.services.meeting_data import InviteeInput, MeetingInput
from expertteam.services.store import Store
from tests.conftest import TODAY, pin_day

MEETING_DAY = TODAY - timedelta(days=28)


@dataclass(frozen=True)
class World:
    store: Store
    meeting_id: int
    noel: int
    chloe: int
    ggz: int
    gi: int
    chloe_action: int


def org_id(store: Store, name: str) -> int:
    return next(o.id for o in orgs.list_organisations(store) if o.name == name)


def pdf_text(pdf: bytes) -> str:
    """All text of a PDF, whitespace collapsed (table cells wrap across lines)."""
    reader = PdfReader(BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def build_world(store: Store) -> World:
    """A meeting four weeks before TODAY about Noël and Chloë, closed, with decisions and
    actions; ``store.today()`` is TODAY again afterwards."""
    pin_day(MEETING_DAY)
    noel = documents.find_case_id(store, "ET-2026-0001")
    chloe = documents.find_case_id(store, "et-2026-0002 ")
    gi, ggz = org_id(store, "Jeugdbescherming Noord"), org_id(store, "GGZ Jong Westfriesland")
    raad = org_id(store, "Raad voor de Kinderbescherming, regio Noord-Holland")
    hoorn = org_id(store, "Hoorn")
    sanne = next(c.id for c in orgs.list_contacts(store, gi) if c.name == "Sanne Bakker")
    meeting = meetings.plan_meeting(
        store, MeetingInput(MEETING_DAY, time(13, 30), "Stadhuis Hoorn, zaal 2",
                            "Petra Zwart", "Kees Blom"),
        [InviteeInput(gi, sanne), InviteeInput(ggz), InviteeInput(raad), InviteeInput(hoorn)])
    for invitee, attendance in zip(meeting.invitees, (Attendance.PRESENT, Attendance.EXCUSED,
                                                      Attendance.ABSENT, Attendance.PRESENT),
                                   strict=True):
        meeting_invitees.set_attendance(store, invitee.id, attendance)
    meetings.start_meeting(store, meeting.id)
    item_noel = agenda.add_agenda_item(store, meeting.id, case_id=noel)
    item_chloe = agenda.add_agenda_item(store, meeting.id, case_id=chloe)
    agenda.set_summary(store, item_noel.id, "Noël wacht al maanden; de Vries-familie is "
                                            "uitgeput. Noëlle van school is geen familie.")
    decisions.add_decision(store, item_noel.id, "Noël krijgt voorrang bij GGZ Jong.")
    decisions.add_decision(store, item_chloe.id, "Gezinshuis zoeken in de regio voor Chloë.")
    actions.create_action(store, ActionInput(noel, "Intake plannen voor Noël", ggz,
                                             due_on=MEETING_DAY + timedelta(days=14),
                                             agenda_item_id=item_noel.id))
    chloe_action = actions.create_action(store, ActionInput(
        chloe, "Gezinshuis De Linde benaderen", gi, sanne,
        due_on=MEETING_DAY + timedelta(days=35), agenda_item_id=item_chloe.id))
    meetings.close_meeting(store, meeting.id)
    pin_day(TODAY)
    return World(store, meeting.id, noel, chloe, ggz, gi, chloe_action.id)
