"""Documents from a real database built with the services: pseudonymised by default, names on
request, every export logged, the minutes only for a closed meeting, letterhead settings."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from expertteam.domain.enums import ActionStatus, AuditAction, AuditResult
from expertteam.domain.errors import NotFoundError, StateError, ValidationError
from expertteam.services import (
    action_rows,
    actions,
    agenda,
    audit,
    audit_verify,
    documents,
    files,
    letterhead,
    meetings,
)
from expertteam.services.letterhead import LetterheadSettings
from expertteam.services.meeting_data import MeetingInput
from expertteam.services.store import Store
from tests.conftest import TODAY
from tests.documents.world import MEETING_DAY, World, build_world
from tests.documents.world import org_id as _org
from tests.documents.world import pdf_text as _text


@pytest.fixture
def world(demo_store: Store) -> World:
    """A meeting four weeks ago about Noël and Chloë, closed, with decisions and actions."""
    return build_world(demo_store)


def _audit(store: Store) -> list[tuple[AuditAction, str, str, AuditResult, str]]:
    return [(e.action, e.object_type, e.object_id, e.result, e.detail)
            for e in audit.list_entries(store)]


def test_minutes_are_pseudonymised_by_default(world: World) -> None:
    document = documents.minutes_pdf(world.store, world.meeting_id)
    text = _text(document.pdf)
    assert "ET-2026-0001 · N.V." in text
    assert "ET-2026-0002 · C.J." in text
    for name in ("Noël", "Chloë", "Vries", "Jansen"):
        assert not re.search(rf"(?<!\w){name}(?!\w)", text), name
    # Free text keeps its sense with initials; a longer word that merely starts alike stays.
    assert "N. wacht al maanden; V.-familie is uitgeput. Noëlle van school" in text
    assert "N. krijgt voorrang bij GGZ Jong." in text
    assert "Intake plannen voor N." in text
    assert document.filename == f"verslag-{MEETING_DAY.isoformat()}.pdf"
    assert not document.with_names


def test_minutes_with_names_on_request(world: World) -> None:
    text = _text(documents.minutes_pdf(world.store, world.meeting_id, with_names=True).pdf)
    assert "Noël de Vries · ET-2026-0001" in text
    assert "Chloë Jansen · ET-2026-0002" in text
    assert "Noël krijgt voorrang bij GGZ Jong." in text


def test_minutes_content_attendance_decisions_actions(world: World) -> None:
    text = _text(documents.minutes_pdf(world.store, world.meeting_id).pdf)
    assert "Aanwezig: 2 · Afgemeld: 1 · Afwezig: 1" in text
    assert re.search(r"Jeugdbescherming Noord Gecertificeerde instelling Sanne Bakker Aanwezig",
                     text)
    assert "Besluit 1: N. krijgt voorrang" in text
    assert "Besluit 2: Gezinshuis zoeken in de regio voor C." in text
    assert "C.." not in text  # a name ending a sentence keeps one full stop
    # Overdue in the minutes means overdue on the meeting day: nothing was, then.
    assert "verlopen" not in text
    due = (MEETING_DAY + timedelta(days=14)).strftime("%d-%m-%Y")
    assert due in text
    assert "GGZ Jong Westfriesland" in text
    assert "Voorzitter Petra Zwart" in text


def test_minutes_show_the_status_at_closing(world: World) -> None:
    actions.change_action_status(world.store, world.chloe_action, ActionStatus.DONE)
    text = _text(documents.minutes_pdf(world.store, world.meeting_id).pdf)
    assert "Gedaan" not in text
    assert "Open" in text


def test_export_is_logged_with_the_choice(world: World, tmp_path: Path) -> None:
    exported = documents.minutes_pdf(world.store, world.meeting_id)
    assert exported.export is not None  # logged when written, not when made
    files.export_file(world.store, tmp_path / "verslag.pdf", exported.pdf, exported.export)
    documents.minutes_pdf(world.store, world.meeting_id, with_names=True,
                          purpose=AuditAction.PRINT)
    entries = _audit(world.store)
    meeting = str(world.meeting_id)
    assert (AuditAction.PRINT, "meeting", meeting, AuditResult.OK,
            "verslag; met naam; v1") == entries[0]
    assert (AuditAction.EXPORT, "meeting", meeting, AuditResult.OK,
            "verslag; gepseudonimiseerd; v1") in entries
    assert all("Noël" not in e[4] and "Vries" not in e[4] for e in entries)
    assert audit_verify.verify_chain(world.store) == []


def test_minutes_of_an_open_meeting_are_refused_and_logged(world: World) -> None:
    planned = meetings.plan_meeting(world.store, MeetingInput(TODAY + timedelta(days=7)))
    with pytest.raises(StateError, match="gesloten"):
        documents.minutes_pdf(world.store, planned.id)
    assert _audit(world.store)[0] == (AuditAction.EXPORT, "meeting", str(planned.id),
                                      AuditResult.REFUSED, "verslag; gepseudonimiseerd")
    with pytest.raises(NotFoundError):
        documents.minutes_pdf(world.store, 999_999)
    with pytest.raises(ValidationError):
        documents.minutes_pdf(world.store, world.meeting_id, purpose=AuditAction.PURGE)


def test_addendum_makes_version_two_and_version_one_stays_printable(world: World) -> None:
    meetings.add_addendum(world.store, world.meeting_id,
                          "Correctie: Chloë's gezinshuis is De Linde.")
    latest = documents.minutes_pdf(world.store, world.meeting_id)
    text = _text(latest.pdf)
    assert "versie 2 (met aanvulling)" in text
    assert "Correctie: C.'s gezinshuis is De Linde." in text
    assert latest.filename.endswith("-v2.pdf")
    first = _text(documents.minutes_pdf(world.store, world.meeting_id, version=1).pdf)
    assert "Correctie" not in first
    assert "versie 1" in first
    assert [m.version for m in documents.list_closed_meetings(world.store)] == [2]


def test_participant_action_list_holds_only_that_organisations_open_actions(world: World
                                                                             ) -> None:
    document = documents.participant_actions_pdf(world.store, world.ggz)
    text = _text(document.pdf)
    assert "Openstaande acties" in text
    assert "GGZ Jong Westfriesland" in text
    assert "Intake plannen voor N." in text
    assert "Gezinshuis De Linde benaderen" not in text  # another owner
    assert "verlopen" in text  # due two weeks ago
    assert "1 openstaande actie, waarvan 1 met verlopen termijn." in text
    assert document.filename == f"acties-ggz-jong-westfriesland-{TODAY.isoformat()}.pdf"
    assert "Noël" not in text
    assert document.export == files.ExportRecord("organisation", str(world.ggz),
                                                 "actielijst; gepseudonimiseerd")


def test_all_participant_lists_can_be_cancelled(world: World) -> None:
    participants = documents.list_participants(world.store)
    assert [(p.id, p.open_actions) for p in participants] == sorted(
        [(world.ggz, 1), (world.gi, 1)], key=lambda p: [x.id for x in participants].index(p[0]))
    made = list(documents.all_participant_actions(world.store))
    assert [(done, total) for done, total, _doc in made] == [(1, 2), (2, 2)]
    calls: list[int] = []

    def cancel_after_first() -> bool:
        calls.append(1)
        return len(calls) > 1

    partial = list(documents.all_participant_actions(world.store,
                                                     cancelled=cancel_after_first))
    assert len(partial) == 1


def test_agreement_sheet_with_history(world: World) -> None:
    actions.change_due_date(world.store, world.chloe_action, TODAY + timedelta(days=21),
                            "Gezinshuis vraagt meer tijd")
    sheet = documents.agreement_sheet_pdf(world.store, world.chloe)
    text = _text(sheet.pdf)
    for expected in ("Afsprakenoverzicht", "ET-2026-0002 · C.J.", "Doorbraakdoel",
                     "Plaatsing in een gezinshuis in de regio", "Machtiging uithuisplaatsing",
                     "Plaatsing niet beschikbaar", "Gezinshuis De Linde benaderen",
                     "Afgesproken, termijn", "Gezinshuis vraagt meer tijd",
                     f"Overleg {MEETING_DAY.strftime('%d-%m-%Y')}", "Sanne Bakker"):
        assert expected in text, expected
    assert "Chloë" not in text
    assert sheet.filename == f"afspraken-ET-2026-0002-{TODAY.isoformat()}.pdf"
    named = _text(documents.agreement_sheet_pdf(world.store, world.chloe,
                                                with_names=True).pdf)
    assert "Chloë Jansen" in named
    with pytest.raises(NotFoundError):
        documents.find_case_id(world.store, "ET-1999-0001")


def test_a_child_named_in_another_childs_part_is_hidden_too(demo_store: Store) -> None:
    """Brothers and sisters are often discussed in one meeting and named in each other's
    parts: every text of the minutes hides every child of the meeting, and an organisation's
    action list every child of its list."""
    store = demo_store
    noel = documents.find_case_id(store, "ET-2026-0001")
    chloe = documents.find_case_id(store, "ET-2026-0002")
    ggz = _org(store, "GGZ Jong Westfriesland")
    meeting = meetings.plan_meeting(store, MeetingInput(TODAY, place="Stadhuis Hoorn"), [])
    meetings.start_meeting(store, meeting.id)
    item_noel = agenda.add_agenda_item(store, meeting.id, case_id=noel)
    agenda.add_agenda_item(store, meeting.id, case_id=chloe)
    agenda.set_summary(store, item_noel.id, "Noël logeert bij zijn zus Chloë Jansen.")
    actions.create_action(store, actions.ActionInput(
        noel, "Afstemmen met het gezinshuis van Chloë", ggz,
        due_on=TODAY + timedelta(days=14), agenda_item_id=item_noel.id))
    actions.create_action(store, actions.ActionInput(
        chloe, "Intake voor Chloë plannen", ggz, due_on=TODAY + timedelta(days=21)))
    meetings.close_meeting(store, meeting.id)
    minutes = _text(documents.minutes_pdf(store, meeting.id).pdf)
    assert "N. logeert bij zijn zus C.J." in minutes
    assert "Afstemmen met het gezinshuis van C." in minutes
    listed = _text(documents.participant_actions_pdf(store, ggz).pdf)
    assert "Afstemmen met het gezinshuis van C." in listed
    for text in (minutes, listed):
        for name in ("Noël", "Chloë", "Jansen"):
            assert not re.search(rf"(?<!\w){name}(?!\w)", text), name


def test_free_text_names_are_scrubbed_in_the_goal(demo_store: Store) -> None:
    eva = documents.find_case_id(demo_store, "ET-2026-0008")
    text = _text(documents.agreement_sheet_pdf(demo_store, eva).pdf)
    assert "Behandelgroep die E. aanneemt" in text
    assert "Eva" not in text


# --------------------------------------------------------------------------- letterhead


def _png(size: tuple[int, int] = (300, 100)) -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, (20, 60, 120)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_letterhead_defaults_save_and_use(demo_store: Store) -> None:
    default = letterhead.get_letterhead(demo_store)
    assert default.region_name == "Expertteam Westfriesland"
    assert default.logo is None
    saved = letterhead.save_letterhead(demo_store, LetterheadSettings(
        region_name="  Expertteam Westfriesland  ", address="Postbus 603\n\n1620 AR Hoorn",
        logo=_png(), signatory_name="Chloë van den Broek", signatory_role="Coördinator",
        footer_text="Vertrouwelijk: niet doorsturen."))
    assert saved.region_name == "Expertteam Westfriesland"
    assert saved.address_lines == ("Postbus 603", "1620 AR Hoorn")
    assert letterhead.get_letterhead(demo_store) == saved
    assert _audit(demo_store)[0][:3] == (AuditAction.CHANGE, "setting", "letterhead")
    gi = _org(demo_store, "Jeugdbescherming Noord")
    pdf = documents.participant_actions_pdf(demo_store, gi).pdf
    text = _text(pdf)
    assert "Postbus 603 1620 AR Hoorn" in text
    assert "Vertrouwelijk: niet doorsturen." in text
    assert "Met vriendelijke groet, Chloë van den Broek Coördinator" in text
    page = PdfReader(BytesIO(pdf)).pages[0]
    assert any(x.get_object()["/Subtype"] == "/Image"
               for x in page["/Resources"]["/XObject"].values())


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"region_name": " "}, "region_name", "verplicht"),
    ({"address": "\n".join(f"regel {n}" for n in range(6))}, "address", "5 regels"),
    ({"logo": b"%PDF-1.4 dit is geen afbeelding"}, "logo", "geen afbeelding"),
    ({"logo": b"\x89PNG\r\n\x1a\n" + b"0" * 64}, "logo", "geen afbeelding"),
    ({"logo": b"0" * (3 * 1024 * 1024)}, "logo", "te groot"),
    ({"footer_text": "x" * 300}, "footer_text", "te lang"),
    ({"signatory_name": "Noël\nde Wit"}, "signatory_name", "één regel"),
])
def test_letterhead_validation(demo_store: Store, changes: dict[str, object], field: str,
                               message: str) -> None:
    data = replace(LetterheadSettings("Expertteam"), **changes)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=message) as raised:
        letterhead.save_letterhead(demo_store, data)
    assert raised.value.field == field


def test_logo_is_normalised_to_a_bounded_png(demo_store: Store) -> None:
    from PIL import Image

    saved = letterhead.save_letterhead(demo_store, LetterheadSettings(
        "Expertteam", logo=_png((3000, 1000))))
    assert saved.logo is not None
    with Image.open(BytesIO(saved.logo)) as image:
        assert image.format == "PNG"
        assert image.size == (1200, 400)


def test_letterhead_preview_reads_nothing_from_the_database() -> None:
    pdf = letterhead.preview_letterhead(
        LetterheadSettings("Expertteam Noord-Holland Noord",
                           "Stationsplein 1\n1703 WD Heerhugowaard",
                           footer_text="Voorbeeld voettekst"), TODAY)
    text = _text(pdf)
    assert "Expertteam Noord-Holland Noord" in text
    assert "Voorbeeld voettekst" in text
    assert len(PdfReader(BytesIO(pdf)).pages) == 1
    with pytest.raises(ValidationError):
        letterhead.preview_letterhead(LetterheadSettings(""), TODAY)


def test_minutes_hold_the_review_of_earlier_actions(world: World) -> None:
    """Issue 17, stumble 3: the done note, the reason an action was not done and why a date
    moved are in the minutes, per case, under "Terugblik op eerdere afspraken"."""
    store = world.store
    extra = actions.create_action(store, actions.ActionInput(
        world.chloe, "Ouders uitnodigen voor een gesprek", world.gi))
    meeting = meetings.plan_meeting(store, MeetingInput(TODAY, place="Stadhuis Hoorn"), [])
    meetings.start_meeting(store, meeting.id)
    for case in (world.noel, world.chloe):
        agenda.add_agenda_item(store, meeting.id, case_id=case)
    noel_action = next(a for a in action_rows.case_actions(store, world.noel))
    actions.change_action_status(store, noel_action.id, ActionStatus.DONE,
                                 "Intake gehouden, start volgende week", meeting_id=meeting.id)
    actions.change_action_status(store, extra.id, ActionStatus.NOT_DONE,
                                 "Ouders wilden niet komen", meeting_id=meeting.id)
    moved = action_rows.get_action(store, world.chloe_action)
    actions.change_due_date(store, moved.id, moved.due_on + timedelta(days=21),
                            "Gezinshuis heeft pas in januari plek", meeting_id=meeting.id)
    meetings.close_meeting(store, meeting.id)
    text = _text(documents.minutes_pdf(store, meeting.id).pdf)
    assert text.count("Terugblik op eerdere afspraken") == 2
    assert "Gedaan: Intake gehouden, start volgende week" in text
    assert "Niet gedaan: Ouders wilden niet komen" in text
    old, new = moved.due_on, moved.due_on + timedelta(days=21)
    assert (f"Termijn verzet van {old.strftime('%d-%m-%Y')} naar {new.strftime('%d-%m-%Y')}: "
            "Gezinshuis heeft pas in januari plek") in text
    assert "Verzet" in text  # one action was postponed: the column says how often
    assert "Contactpersoon" not in text  # nobody named for an organisation: no empty column
