"""Calendar invitations (.ics, iTIP over iCalendar) for a planned meeting.

One UID for the meeting's whole life (stored on the meeting), so that a calendar replaces its
entry instead of adding another: the first invitation has SEQUENCE 0; an invitation made after
the date, time or place changed is an update with the next SEQUENCE; a cancellation (METHOD
CANCEL, STATUS CANCELLED) takes the next one too. Made again without a change, the invitation
(or the cancellation) is the same one (same SEQUENCE).

The organiser is the region from the letterhead (its e-mail address, found in the address
lines); the attendees are the invited contacts (mailto:), or every active contact with an
e-mail address of an invited organisation that has no contact person. Start and end are in
Europe/Amsterdam with the VTIMEZONE a calendar needs. The agenda summary holds case numbers
only, never a child's name: free-text agenda titles are left out when the identity check finds
anything in them, and the whole description passes the check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.clock import utcnow
from expertteam.documents.text import clock as clock_text
from expertteam.domain.enums import MeetingStatus
from expertteam.domain.errors import NotFoundError, StateError, ValidationError
from expertteam.formatting import long_date
from expertteam.i18n import _
from expertteam.services import privacy
from expertteam.services.files import ExportRecord
from expertteam.services.letterhead import read_letterhead
from expertteam.services.store import Store
from expertteam.storage.models.meetings import AgendaItem, Meeting
from expertteam.storage.models.organisations import Contact

TIMEZONE = "Europe/Amsterdam"
MEETING_LENGTH = timedelta(hours=2)
PRODID = "-//Expertteam//Casusoverleg//NL"


@dataclass(frozen=True, slots=True)
class Attendee:
    name: str
    email: str
    organisation: str


@dataclass(frozen=True, slots=True)
class Invitation:
    """An .ics file: ``method`` REQUEST (invitation or update) or CANCEL."""

    meeting_id: int
    uid: str
    sequence: int
    method: str
    filename: str
    ics: bytes
    summary: str
    attendees: tuple[Attendee, ...]
    organiser_email: str
    export: ExportRecord  # logged when the file (or a draft carrying it) is written

    @property
    def content_type(self) -> str:
        return f"text/calendar; method={self.method}; charset=utf-8"


def _load(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(_("Dit overleg bestaat niet (meer)."))
    return meeting


def attendees(session: Session, meeting: Meeting) -> tuple[Attendee, ...]:
    """The invited contacts with an e-mail address, once each; for an invited organisation
    without a contact person, its active contacts with an e-mail address."""
    found: dict[str, Attendee] = {}
    for invitee in meeting.invitees:
        if invitee.contact is not None:
            contacts = [invitee.contact]
        else:
            contacts = list(session.scalars(select(Contact).where(
                Contact.organisation_id == invitee.organisation_id,
                Contact.active.is_(True)).order_by(Contact.name)))
        for contact in contacts:
            address = contact.email.strip()
            if address and address.lower() not in found:
                found[address.lower()] = Attendee(contact.name, address,
                                                  invitee.organisation.name)
    return tuple(found.values())


def agenda_summary(session: Session, meeting: Meeting) -> str:
    """The agenda as lines "1. Nieuwe aanmelding – ET-2026-0001": case numbers, no names."""
    lines: list[str] = []
    items = session.scalars(select(AgendaItem).where(
        AgendaItem.meeting_id == meeting.id, AgendaItem.dropped.is_(False))
        .order_by(AgendaItem.position)).all()
    for number, item in enumerate(items, start=1):
        what = item.kind.label
        if item.case is not None:
            what = f"{what} – {item.case.case_number}"
        elif item.title.strip() and not privacy.guard(session).findings(item.title):
            what = f"{what} – {item.title.strip()}"
        lines.append(f"{number}. {what}")
    return "\n".join(lines)


def _issued(meeting: Meeting) -> str:
    """What an invitation states that makes a calendar entry change: start and place."""
    start = meeting.starts_at.isoformat(timespec="minutes") if meeting.starts_at else ""
    return f"{meeting.held_on.isoformat()}T{start}|{meeting.place.strip()}"[:280]


def _times(meeting: Meeting) -> tuple[datetime | date, datetime | date]:
    if meeting.starts_at is None:
        return meeting.held_on, meeting.held_on + timedelta(days=1)
    start = datetime.combine(meeting.held_on, meeting.starts_at, tzinfo=ZoneInfo(TIMEZONE))
    return start, start + MEETING_LENGTH


def _description(meeting: Meeting, region: str, agenda: str) -> str:
    when = long_date(meeting.held_on, weekday=True)
    if meeting.starts_at is not None:
        when = f"{when}, {clock_text(meeting.starts_at)}"
    text = _("Casusoverleg van {region}\n{when}").format(region=region, when=when)
    if meeting.place.strip():
        text += "\n" + _("Plaats: {place}").format(place=meeting.place.strip())
    if agenda:
        text += "\n\n" + _("Agenda (casusnummers):") + "\n" + agenda
    text += "\n\n" + _("De stukken voor het overleg ontvangt u apart.")
    return text


def invitation(store: Store, meeting_id: int, *, cancel: bool = False) -> Invitation:
    """The meeting's calendar invitation as .ics; ``cancel`` makes the cancellation.

    The first call gives the meeting its UID; a call after date, time or place changed (or a
    cancellation) raises its SEQUENCE; both are stored. Logged as an export.

    Raises ``NotFoundError``, ``StateError`` (the meeting has started or is closed) or
    ``ValidationError`` (no e-mail address in the letterhead to send it from; an agenda text
    that identifies a child)."""
    with store.transaction() as session:
        meeting = _load(session, meeting_id)
        if meeting.status is not MeetingStatus.PLANNED:
            raise StateError(_("Dit overleg is al begonnen of gesloten; er valt niets meer uit "
                               "te nodigen of af te zeggen."))
        letterhead = read_letterhead(session)
        organiser = letterhead.email
        if not organiser:
            raise ValidationError("letterhead.address", _(
                "Een uitnodiging heeft een afzender nodig: zet het e-mailadres van het "
                "expertteam in het adres van het briefpapier (Bewerken › Instellingen › "
                "Briefpapier)."))
        if cancel and meeting.ical_uid is None:
            raise StateError(_("Voor dit overleg is nog geen uitnodiging gemaakt; er valt "
                               "niets af te zeggen."))
        issued = ("CANCELLED|" if cancel else "") + _issued(meeting)
        if meeting.ical_uid is None:
            meeting.ical_uid = f"{meeting.uuid}@expertteam"
            meeting.ical_sequence = 0
        elif issued != meeting.ical_issued:
            meeting.ical_sequence += 1
        meeting.ical_issued = issued
        agenda = agenda_summary(session, meeting)
        description = _description(meeting, letterhead.region_name, agenda)
        if privacy.guard(session).findings(description):
            raise ValidationError("agenda", _(
                "De agenda van de uitnodiging zou een kind herkenbaar maken. Haal de naam uit "
                "de titels van de agendapunten en verwijs met het casusnummer."))
        people = attendees(session, meeting)
        method = "CANCEL" if cancel else "REQUEST"
        summary = _("Casusoverleg {region}").format(region=letterhead.region_name)
        ics = _calendar(meeting, method, summary, description, organiser,
                        letterhead.signatory_name or letterhead.region_name, people)
        kind = "afzegging" if cancel else "uitnodiging"
        export = ExportRecord("meeting", str(meeting.id),
                              f"{kind}; volgnummer {meeting.ical_sequence}")
        return Invitation(
            meeting_id=meeting.id, uid=meeting.ical_uid, sequence=meeting.ical_sequence,
            method=method, filename=f"{kind}-overleg-{meeting.held_on.isoformat()}.ics",
            ics=ics, summary=summary, attendees=people, organiser_email=organiser,
            export=export)


def _calendar(meeting: Meeting, method: str, summary: str, description: str,
              organiser: str, organiser_name: str, people: tuple[Attendee, ...]) -> bytes:
    from icalendar import Calendar, Event, vCalAddress

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    assert meeting.ical_uid is not None
    event.add("uid", meeting.ical_uid)
    event.add("sequence", meeting.ical_sequence)
    event.add("dtstamp", utcnow().replace(tzinfo=ZoneInfo("UTC")))
    start, end = _times(meeting)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    if meeting.place.strip():
        event.add("location", meeting.place.strip())
    event.add("description", description)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("transp", "OPAQUE")
    chair = vCalAddress(f"mailto:{organiser}")
    chair.params["cn"] = organiser_name
    event.add("organizer", chair)
    for person in people:
        address = vCalAddress(f"mailto:{person.email}")
        address.params["cn"] = person.name
        address.params["role"] = "REQ-PARTICIPANT"
        address.params["partstat"] = "NEEDS-ACTION"
        address.params["rsvp"] = "TRUE"
        event.add("attendee", address, encode=False)
    calendar.add_component(event)
    if isinstance(start, datetime):
        calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
