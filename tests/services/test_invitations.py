"""Calendar invitations read back with icalendar as a calendar would: one UID for the meeting,
SEQUENCE rising with every update and the cancellation, Europe/Amsterdam with its VTIMEZONE,
attendees by mailto:, an agenda with case numbers and no names."""

from __future__ import annotations

import re
from datetime import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from expertteam.domain.errors import StateError, ValidationError
from expertteam.services import agenda, letterhead, mail_drafts, meetings
from expertteam.services.invitations import invitation
from expertteam.services.letterhead import LetterheadSettings
from expertteam.services.meeting_data import MeetingInput
from expertteam.services.store import Store
from tests.conftest import TODAY
from tests.meeting_helpers import plan


@pytest.fixture
def planned(demo_store: Store) -> int:
    letterhead.save_letterhead(demo_store, LetterheadSettings(
        "Expertteam Westfriesland", "Postbus 603\nexpertteam@westfriesland.nl",
        signatory_name="Chloë van den Broek"))
    meeting = plan(demo_store)
    meetings.update_meeting(demo_store, meeting.id, MeetingInput(
        TODAY, time(13, 30), "Gemeentehuis Hoorn", "Marleen de Boer", "Rik Jansen"))
    agenda.fill_agenda(demo_store, meeting.id)
    return meeting.id


def _event(ics: bytes) -> tuple[Calendar, Event]:
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    assert isinstance(event, Event)
    return calendar, event


def test_the_invitation_a_calendar_reads(demo_store: Store, planned: int) -> None:
    invite = invitation(demo_store, planned)
    calendar, event = _event(invite.ics)
    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0"
    assert str(event["UID"]).endswith("@expertteam")
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert str(event["ORGANIZER"]) == "mailto:expertteam@westfriesland.nl"
    assert event["ORGANIZER"].params["CN"] == "Chloë van den Broek"
    attendees = [str(a) for a in event["ATTENDEE"]]
    assert "mailto:a.vermeulen@ggzjong.example.nl" in attendees
    assert all(a.startswith("mailto:") for a in attendees)
    assert {a.params["ROLE"] for a in event["ATTENDEE"]} == {"REQ-PARTICIPANT"}
    assert str(event["LOCATION"]) == "Gemeentehuis Hoorn"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.tzinfo is not None
    assert str(start.tzinfo) == "Europe/Amsterdam"
    assert start.replace(tzinfo=None).isoformat() == f"{TODAY.isoformat()}T13:30:00"
    assert start.astimezone(ZoneInfo("UTC")).hour == 12  # CET in November
    assert (end - start).total_seconds() == 2 * 3600
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Amsterdam"
    description = str(event["DESCRIPTION"])
    assert re.search(r"1\. .+ – ET-2026-\d{4}", description)
    for name in ("Noël", "Chloë Jansen", "de Vries"):
        assert name not in description
    assert invite.filename == f"uitnodiging-overleg-{TODAY.isoformat()}.ics"


def test_update_and_cancel_share_the_uid_and_raise_the_sequence(demo_store: Store,
                                                               planned: int) -> None:
    first = invitation(demo_store, planned)
    again = invitation(demo_store, planned)
    assert (again.uid, again.sequence) == (first.uid, 0)  # nothing changed: the same one
    meetings.update_meeting(demo_store, planned, MeetingInput(
        TODAY, time(14, 0), "Stadhuis Hoorn, zaal 2", "Marleen de Boer", "Rik Jansen"))
    update = invitation(demo_store, planned)
    _calendar, event = _event(update.ics)
    assert (str(event["UID"]), event["SEQUENCE"]) == (first.uid, 1)
    assert str(event["LOCATION"]) == "Stadhuis Hoorn, zaal 2"
    cancel = invitation(demo_store, planned, cancel=True)
    calendar, event = _event(cancel.ics)
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert (str(event["UID"]), event["SEQUENCE"]) == (first.uid, 2)
    assert cancel.content_type == "text/calendar; method=CANCEL; charset=utf-8"
    assert invitation(demo_store, planned, cancel=True).sequence == 2  # the same cancellation


def test_a_free_agenda_title_naming_a_child_is_left_out(demo_store: Store,
                                                        planned: int) -> None:
    agenda.add_agenda_item(demo_store, planned, title="Terugkoppeling over Noël de Vries")
    agenda.add_agenda_item(demo_store, planned, title="Rondvraag")
    description = str(_event(invitation(demo_store, planned).ics)[1]["DESCRIPTION"])
    assert "Noël" not in description
    assert "Rondvraag" in description


def test_an_invitation_needs_a_sender_and_a_planned_meeting(demo_store: Store) -> None:
    meeting = plan(demo_store)
    with pytest.raises(ValidationError) as no_sender:
        invitation(demo_store, meeting.id)
    assert no_sender.value.field == "letterhead.address"
    letterhead.save_letterhead(demo_store, LetterheadSettings(
        "Expertteam Westfriesland", "expertteam@westfriesland.nl"))
    with pytest.raises(StateError):
        invitation(demo_store, meeting.id, cancel=True)  # nothing to cancel yet
    meetings.start_meeting(demo_store, meeting.id)
    with pytest.raises(StateError):
        invitation(demo_store, meeting.id)


def test_the_invitation_as_an_email_attachment(demo_store: Store, planned: int) -> None:
    draft, invite = mail_drafts.invitation_draft(demo_store, planned)
    message = message_from_bytes(draft.eml, policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert message["X-Unsent"] == "1"
    assert "a.vermeulen@ggzjong.example.nl" in message["To"]
    assert message["Subject"] == ("Uitnodiging: Casusoverleg Expertteam Westfriesland, "
                                  "maandag 23 november 2026")
    (part,) = list(message.iter_attachments())
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == invite.filename
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    assert _event(payload)[1]["UID"] == invite.uid
