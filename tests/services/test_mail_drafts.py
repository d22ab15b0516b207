"""E-mail drafts: parsed back with the standard library's parser as a mail program would
(headers, UTF-8 text, attachments), pseudonymised by default, the text from the region's
template and through the identity check, nothing sent."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from expertteam.domain.errors import StateError, ValidationError
from expertteam.services import letterhead, mail_drafts, mail_template, meetings
from expertteam.services.letter_texts import IdentifyingDataError
from expertteam.services.letterhead import LetterheadSettings
from expertteam.services.mail_template import MailTemplate
from expertteam.services.store import Store
from tests.documents.world import MEETING_DAY, World, build_world, pdf_text
from tests.meeting_helpers import plan


@pytest.fixture
def world(demo_store: Store) -> World:
    letterhead.save_letterhead(demo_store, LetterheadSettings(
        "Expertteam Westfriesland", "Postbus 603\n1620 AR Hoorn\nexpertteam@westfriesland.nl",
        signatory_name="Chloë van den Broek", signatory_role="Coördinator"))
    return build_world(demo_store)


def _parse(eml: bytes) -> EmailMessage:
    message = message_from_bytes(eml, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _attachments(message: EmailMessage) -> dict[str, bytes]:
    found = {}
    for part in message.iter_attachments():
        assert isinstance(part, EmailMessage)
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        found[str(part.get_filename())] = payload
    return found


def test_every_participant_gets_a_draft_with_its_own_action_list_and_the_minutes(
        world: World, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    batch = mail_drafts.make_all_drafts(world.store, world.meeting_id, tmp_path / "concepten",
                                        progress=lambda *step: seen.append(step))
    names = [recipient.name for recipient in
             mail_drafts.meeting_participants(world.store, world.meeting_id)]
    assert names == ["Jeugdbescherming Noord", "GGZ Jong Westfriesland",
                     "Raad voor de Kinderbescherming, regio Noord-Holland", "Hoorn"]
    assert len(batch.written) == 4
    assert [step[:2] for step in seen] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert not batch.cancelled
    ggz = _parse((tmp_path / "concepten" / f"concept-ggz-jong-westfriesland-"
                                           f"{MEETING_DAY.isoformat()}.eml").read_bytes())
    assert ggz["X-Unsent"] == "1"
    assert ggz["To"] == "Anouk Vermeulen <a.vermeulen@ggzjong.example.nl>"
    assert ggz["From"] == "Chloë van den Broek <expertteam@westfriesland.nl>"
    assert ggz["Subject"] == "Verslag en acties expertteamoverleg van maandag 26 oktober 2026"
    assert ggz["Date"] is not None
    assert ggz["Message-ID"].endswith("@expertteam.invalid>")
    body = ggz.get_body(("plain",))
    assert body is not None
    assert body.get_content_charset() == "utf-8"
    text = body.get_content().replace("\r\n", "\n")
    assert "de openstaande acties van GGZ Jong Westfriesland" in text
    assert "Chloë van den Broek\nExpertteam Westfriesland" in text
    files = _attachments(ggz)
    assert list(files) == [f"verslag-{MEETING_DAY.isoformat()}.pdf",
                           "acties-ggz-jong-westfriesland-2026-11-23.pdf"]
    minutes, own = (pdf_text(data) for data in files.values())
    assert "Verslag expertteamoverleg" in minutes
    assert "Intake plannen voor N." in own  # its own action, pseudonymised
    assert "Gezinshuis De Linde" not in own  # the GI's action is not in GGZ's list
    for text in (minutes, own):
        assert not re.search(r"(?<!\w)Noël(?!\w)", text)
        assert "Jansen" not in text


def test_the_draft_is_crlf_and_seven_bit_clean(world: World) -> None:
    recipient = mail_drafts.meeting_participants(world.store, world.meeting_id)[0]
    draft = mail_drafts.participant_draft(world.store, world.meeting_id, recipient)
    assert b"\r\n" in draft.eml
    assert b"\n" not in draft.eml.replace(b"\r\n", b"")
    assert max(draft.eml) < 128  # quoted-printable text, base64 attachments, encoded headers


def test_with_names_on_request_and_minutes_can_be_left_out(world: World) -> None:
    recipient = next(r for r in mail_drafts.meeting_participants(world.store, world.meeting_id)
                     if r.name == "GGZ Jong Westfriesland")
    draft = mail_drafts.participant_draft(world.store, world.meeting_id, recipient,
                                          with_names=True)
    assert [a.filename for a in draft.attachments] == [
        "acties-ggz-jong-westfriesland-2026-11-23.pdf"]
    assert "Intake plannen voor Noël" in pdf_text(draft.attachments[0].data)


def test_an_organisation_without_an_address_still_gets_a_draft(world: World,
                                                               tmp_path: Path) -> None:
    batch = mail_drafts.make_all_drafts(world.store, world.meeting_id, tmp_path,
                                        with_minutes=False)
    assert batch.without_address == ("Raad voor de Kinderbescherming, regio Noord-Holland",)
    raad = _parse(next(p for p in batch.written if "raad-voor" in p.name).read_bytes())
    assert raad["To"] is None
    assert "Zonder adres (vul het zelf in): Raad voor de Kinderbescherming" in batch.summary()


def test_a_batch_can_be_cancelled(world: World, tmp_path: Path) -> None:
    calls = iter([False, True])
    batch = mail_drafts.make_all_drafts(world.store, world.meeting_id, tmp_path,
                                        cancelled=lambda: next(calls, True))
    assert len(batch.written) == 1
    assert batch.cancelled


def test_minutes_only_for_a_closed_meeting(demo_store: Store, tmp_path: Path) -> None:
    meeting = plan(demo_store)
    with pytest.raises(StateError):
        mail_drafts.make_all_drafts(demo_store, meeting.id, tmp_path)
    batch = mail_drafts.make_all_drafts(demo_store, meeting.id, tmp_path, with_minutes=False)
    assert len(batch.written) == len(meetings.get_meeting(demo_store, meeting.id).invitees)


def test_the_template_is_the_regions_and_checked(world: World) -> None:
    saved = mail_template.save_mail_template(world.store, MailTemplate(
        "Acties {organisatie} ({datum})", "Beste {organisatie},\n\nZie de bijlagen.\n{regio}"))
    assert mail_template.get_mail_template(world.store) == saved
    recipient = mail_drafts.meeting_participants(world.store, world.meeting_id)[1]
    draft = mail_drafts.participant_draft(world.store, world.meeting_id, recipient)
    message = _parse(draft.eml)
    assert message["Subject"] == f"Acties GGZ Jong Westfriesland ({MEETING_DAY.day} oktober 2026)"
    body = message.get_body(("plain",))
    assert body is not None
    assert body.get_content().replace("\r\n", "\n").startswith(
        "Beste GGZ Jong Westfriesland,\n\nZie de bijlagen.")
    with pytest.raises(ValidationError) as unknown:
        mail_template.save_mail_template(world.store, MailTemplate("{kind}", "tekst"))
    assert unknown.value.field == "mail_template.subject"
    assert "{kind}" in unknown.value.message
    with pytest.raises(ValidationError) as loose:
        mail_template.save_mail_template(world.store, MailTemplate("Acties", "tekst {"))
    assert loose.value.field == "mail_template.body"


def test_a_template_naming_a_child_is_refused(world: World) -> None:
    with pytest.raises(IdentifyingDataError) as refused:
        mail_template.save_mail_template(world.store, MailTemplate(
            "Acties", "Over Noël de Vries: zie de bijlage."))
    assert refused.value.field == "mail_template.body"
    assert "Noël" not in refused.value.message
    assert "naam" in refused.value.message
