"""Escalation letters: built from the register, edited while a concept, frozen when final,
and — for the Jeugdautoriteit — never carrying a child's identity."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from expertteam.documents.letter_data import CaseLetter, ContinuityLetter
from expertteam.domain.enums import AuditAction, AuditResult
from expertteam.domain.errors import LockedError, StateError, ValidationError
from expertteam.domain.escalation import EscalationStatus, LetterKind
from expertteam.domain.identifying import ChildIdentity, find_identifying
from expertteam.services import (
    actions,
    audit,
    case_register,
    cases,
    escalations,
    files,
    letter_output,
    letterhead,
    letters,
    organisations,
)
from expertteam.services.actions import ActionInput
from expertteam.services.case_data import CaseDetail
from expertteam.services.letter_texts import IdentifyingDataError
from expertteam.services.store import Store
from tests.conftest import TODAY, pin_day
from tests.escalation_helpers import case_ids, letter_world, org_ids, pdf_text

BSN = "123456782"


@pytest.fixture
def world(demo_store: Store) -> tuple[Store, int, int]:
    case_escalation, continuity = letter_world(demo_store)
    return demo_store, case_escalation, continuity


def noel(store: Store) -> CaseDetail:
    detail = cases.get_case(store, case_ids(store)["ET-2026-0001"])
    if detail.bsn is None:
        detail = cases.update_case(store, detail.id, replace(detail.to_input(), bsn=BSN))
    return detail


# --------------------------------------------------------------------------- the case letter


def test_case_letter_is_pseudonymised_and_tells_who_did_not_meet_which(
        world: tuple[Store, int, int]) -> None:
    store, case_escalation, _continuity = world
    child = noel(store)
    assert child.birth_date is not None
    letter = letters.open_letter(store, case_escalation)
    assert (letter.kind, letter.version, letter.finalised) == (LetterKind.CASE, 1, False)
    data = letter.letter
    assert isinstance(data, CaseLetter)
    assert data.child == f"ET-2026-0001 · N.V. · {child.birth_date.year}"
    assert [m.participant for m in data.missed] == ["Hoorn", "Hoorn"]
    assert [m.outcome for m in data.missed] == ["niet gedaan", "1 keer uitgesteld; open"]
    assert [line.missed for line in data.timeline].count(True) == 2
    text = pdf_text(letter_output.letter_pdf(store, letter.id).pdf)
    for expected in ("ET-2026-0001", "N.V.", str(child.birth_date.year), "Ondertoezichtstelling",
                     "Hoorn", "Jeugdbescherming Noord", "Wachtlijst zorgaanbieder",
                     "Niet nagekomen afspraken", "niet gedaan", "Ons verzoek",
                     "Marleen de Boer", "Voorzitter expertteam", "CONCEPT",
                     "Bovenregionaal Expertisenetwerk Noord-Holland"):
        assert expected in text, expected
    identity = ChildIdentity(child.given_names, child.surname, child.birth_date, child.bsn)
    own_address = "1620 AR Hoorn"  # the expertteam's own postcode in the letterhead
    assert find_identifying(text.replace(own_address, ""), [identity]) == []


def test_register_text_in_a_case_letter_has_the_name_replaced_by_initials(
        world: tuple[Store, int, int]) -> None:
    store, case_escalation, _continuity = world
    child = noel(store)
    actions.create_action(store, ActionInput(
        child.id, "Noël de Vries aanmelden bij De Brug", org_ids(store)["Jeugd-GGZ De Brug"],
        due_on=TODAY + timedelta(days=5)))
    data = letters.open_letter(store, case_escalation).letter
    assert isinstance(data, CaseLetter)
    described = [line.text for line in data.timeline if "De Brug" in line.text]
    assert described == ["Afspraak 3: N.V. aanmelden bij De Brug (uiterlijk 28-11-2026)"]


def test_free_text_parts_are_edited_and_reset_while_a_concept(
        world: tuple[Store, int, int]) -> None:
    store, case_escalation, _continuity = world
    letter = letters.open_letter(store, case_escalation)
    default_request = letter.text("request")
    edited = letters.save_texts(store, letter.id, {
        "request": "Wij vragen u binnen twee weken een gezinshuisplek te vinden.",
        "introduction": letter.text("introduction")})
    assert edited.text("request").startswith("Wij vragen u binnen twee weken")
    assert "binnen twee weken een gezinshuisplek" in pdf_text(
        letter_output.letter_pdf(store, letter.id).pdf)
    reset = letters.reset_text(store, letter.id, "request")
    assert reset.text("request") == default_request
    with pytest.raises(ValidationError) as caught:
        letters.save_texts(store, letter.id, {"problem": "Geen onderdeel van deze brief"})
    assert caught.value.field == "texts.problem"
    with pytest.raises(ValidationError) as caught:
        letters.save_texts(store, letter.id, {"subject": "twee\nregels"})
    assert caught.value.field == "texts.subject"


# --------------------------------------------------------------------------- the continuity letter


def test_continuity_letter_gives_counts_and_pseudonymous_references_only(
        world: tuple[Store, int, int]) -> None:
    store, _case_escalation, continuity = world
    letter = letters.open_letter(store, continuity)
    data = letter.letter
    assert isinstance(data, ContinuityLetter)
    assert data.children == 3
    assert data.subject_organisation == "JeugdzorgPlus De Dijk"
    assert data.municipalities == ("Hoorn", "Medemblik")
    assert {line.label: line.count for line in data.by_municipality} == {"Hoorn": 2,
                                                                          "Medemblik": 1}
    assert {line.label: line.count for line in data.by_kind}["Opnamestop zorgaanbieder"] == 2
    register = {row.case_number: row for row in case_register.list_register(store)}
    waits = sorted(register[n].days_waiting or 0 for n in
                   ("ET-2026-0001", "ET-2026-0003", "ET-2026-0010"))
    assert (data.waiting_median_days, data.waiting_longest_days) == (waits[1], waits[2])
    assert [(line.label, line.count, line.detail) for line in data.not_met_by] == [
        ("Hoorn", 2, "2 keer")]
    assert data.agreements_total == 2
    assert [e.reference for e in data.earlier] == ["ESC-2026-001"]
    assert data.case_refs[0].startswith("ET-2026-0001 (")
    final = letters.finalise_letter(store, letter.id)
    text = pdf_text(letter_output.letter_pdf(store, final.id).pdf)
    for expected in ("Jeugdautoriteit", "JeugdzorgPlus De Dijk", "3 kinderen", "Hoorn",
                     "Medemblik", f"{waits[1]} dagen", f"{waits[2]} dagen",
                     "ESC-2026-001", "bespreekt de casus op 2 december", "Ons verzoek",
                     "Marleen de Boer"):
        assert expected in text, expected
    assert "CONCEPT" not in text
    children = [ChildIdentity(c.given_names, c.surname, c.birth_date, c.bsn) for c in
                (cases.get_case(store, row.id) for row in register.values())]
    allowed = [o.name for o in organisations.list_organisations(store)] + ["Marleen de Boer"]
    assert find_identifying(text.replace("1620 AR Hoorn", ""), children, allowed) == []


def _birth(child: CaseDetail) -> date:
    assert child.birth_date is not None
    return child.birth_date


IDENTIFYING = [
    ("full name", lambda c: f"{c.given_names} {c.surname}", "de naam van een kind"),
    ("lower case, no diacritics", lambda c: "noel de vries", "de naam van een kind"),
    ("without spaces", lambda c: "NoëlDeVries", "de naam van een kind"),
    ("spaced out", lambda c: "N o ë l", "de voornaam van een kind"),
    ("given name", lambda c: "Noël", "de voornaam van een kind"),
    ("surname", lambda c: "familie De Vries", "de achternaam van een kind"),
    ("another child", lambda c: "Chloë", "de voornaam van een kind"),
    ("bsn", lambda c: BSN, "een BSN"),
    ("bsn with spaces", lambda c: "123 456 782", "een BSN"),
    ("bsn with dots", lambda c: "123.456.782", "een BSN"),
    ("birth date", lambda c: f"{_birth(c).day}-{_birth(c).month}-{_birth(c).year}",
     "de geboortedatum van een kind"),
    ("birth date padded", lambda c: _birth(c).strftime("%d-%m-%Y"),
     "de geboortedatum van een kind"),
    ("birth date iso", lambda c: _birth(c).isoformat(), "de geboortedatum van een kind"),
    ("birth date in words", lambda c: f"{_birth(c).day} januari {_birth(c).year}",
     "de geboortedatum van een kind"),
    ("birth date in words without spaces", lambda c: f"{_birth(c).day}januari{_birth(c).year}",
     "de geboortedatum van een kind"),
    ("address", lambda c: "Dorpsstraat 12", "een adres of postcode"),
    ("postcode", lambda c: "1621 AB Hoorn", "een adres of postcode"),
]


@pytest.mark.parametrize(("case", "make", "label"), IDENTIFYING, ids=[i[0] for i in IDENTIFYING])
def test_the_jeugdautoriteit_letter_refuses_identifying_data(
        world: tuple[Store, int, int], case: str, make: object, label: str) -> None:
    store, _case_escalation, continuity = world
    child = noel(store)
    assert child.birth_date == date(2012, 1, 1)  # the demo's first child; "januari" above
    letter = letters.open_letter(store, continuity)
    secret = make(child)  # type: ignore[operator]
    with pytest.raises(IdentifyingDataError) as caught:
        letters.save_texts(store, letter.id, {"problem": f"Het gaat onder meer om {secret}."})
    error = caught.value
    assert error.field == "texts.problem"
    assert label in error.message
    assert "Het probleem" in error.message
    assert secret not in error.message
    refusal = audit.list_entries(store, limit=1)[0]
    assert (refusal.action, refusal.object_type, refusal.result) == (
        AuditAction.CHANGE, "letter", AuditResult.REFUSED)
    assert refusal.detail.startswith("identifying:")
    assert secret not in refusal.detail
    assert letters.get_letter(store, letter.id).text("problem") == letter.text("problem")


@pytest.mark.parametrize("part", ["subject", "problem", "tried", "request", "closing",
                                  "contact"])
def test_every_free_text_part_is_checked(world: tuple[Store, int, int], part: str) -> None:
    store, _case_escalation, continuity = world
    letter = letters.open_letter(store, continuity)
    with pytest.raises(IdentifyingDataError) as caught:
        letters.save_texts(store, letter.id, {part: "Over Daan Visser"})
    assert caught.value.field == f"texts.{part}"


def test_ordinary_text_about_the_provider_is_accepted(world: tuple[Store, int, int]) -> None:
    store, _case_escalation, continuity = world
    letter = letters.open_letter(store, continuity)
    saved = letters.save_texts(store, letter.id, {
        "problem": "JeugdzorgPlus De Dijk heeft sinds 1 september 2026 een opnamestop. "
                   "Drie kinderen (ET-2026-0001, ET-2026-0003, ET-2026-0010) wachten; de "
                   "evaluatie in het expertteam liet zien dat er geen alternatief is. "
                   "Bel Marleen de Boer op 0229 700 101."})
    assert "opnamestop" in saved.text("problem")


def test_finalising_refuses_a_quoted_answer_or_register_text_with_a_name(
        world: tuple[Store, int, int]) -> None:
    store, case_escalation, continuity = world
    escalations.record_response(store, case_escalation,
                                "Wij nemen contact op met de moeder van Noël.")
    letter = letters.open_letter(store, continuity)
    with pytest.raises(IdentifyingDataError) as caught:
        letters.finalise_letter(store, letter.id)
    assert caught.value.field == "earlier.ESC-2026-001.response"
    assert "Antwoord op ESC-2026-001" in caught.value.message
    with pytest.raises(IdentifyingDataError):  # the concept preview is refused as well
        letter_output.letter_pdf(store, letter.id, purpose=AuditAction.VIEW)
    assert not letters.get_letter(store, letter.id).finalised


def test_a_request_typed_in_the_register_is_checked_too(demo_store: Store) -> None:
    _case_escalation, continuity = letter_world(demo_store)
    info = escalations.get_escalation(demo_store, continuity)
    escalations.update_escalation(demo_store, continuity, replace(
        info.to_input(), request=f"Zie dossier BSN {BSN}"))
    letter = letters.open_letter(demo_store, continuity)
    with pytest.raises(IdentifyingDataError) as caught:
        letters.finalise_letter(demo_store, letter.id)
    assert caught.value.field == "texts.request"


# --------------------------------------------------------------------------- final is final


def test_a_finalised_letter_never_changes(world: tuple[Store, int, int]) -> None:
    store, case_escalation, _continuity = world
    letter = letters.open_letter(store, case_escalation)
    final = letters.finalise_letter(store, letter.id)
    assert final.finalised
    assert final.finalised_on == TODAY
    assert not final.letter.frame.concept
    first = letter_output.letter_pdf(store, final.id, purpose=AuditAction.PRINT)
    assert first.finalised
    assert hashlib.sha256(first.pdf).hexdigest() == final.pdf_sha256
    assert first.filename == "escalatiebrief-esc-2026-001-v1.pdf"

    # The register, the case and the letterhead change afterwards ...
    child = noel(store)
    cases.update_case(store, child.id, replace(child.to_input(), goal="Een ander doel"))
    escalations.set_follow_up(store, case_escalation, TODAY + timedelta(days=60))
    letterhead.save_letterhead(store, letterhead.LetterheadSettings(
        "Expertteam West-Friesland (nieuw)", signatory_name="Iemand Anders"))
    pin_day(TODAY + timedelta(days=9))

    # ... the final letter stays exactly as it was.
    again = letters.get_letter(store, final.id)
    assert again.letter == final.letter
    assert letter_output.letter_pdf(store, final.id).pdf == first.pdf  # byte for byte
    rerendered = letter_output.rerender_final(store, final.id)
    assert pdf_text(rerendered) == pdf_text(first.pdf)  # the frozen content, text for text
    with pytest.raises(LockedError):
        letters.save_texts(store, final.id, {"request": "Toch iets anders vragen"})
    with pytest.raises(LockedError):
        letters.finalise_letter(store, final.id)
    with pytest.raises(LockedError):
        letters.reset_text(store, final.id, "request")


def test_a_changed_letter_is_a_new_version(world: tuple[Store, int, int]) -> None:
    store, case_escalation, _continuity = world
    letter = letters.open_letter(store, case_escalation)
    letters.save_texts(store, letter.id, {"request": "Eerste verzoek."})
    v1 = letters.finalise_letter(store, letter.id)
    assert letters.open_letter(store, case_escalation).id == v1.id  # opening keeps the final
    v2 = letters.new_version(store, case_escalation)
    assert (v2.version, v2.finalised, v2.text("request")) == (2, False, "Eerste verzoek.")
    with pytest.raises(StateError):
        letters.new_version(store, case_escalation)  # v2 is still a concept
    letters.save_texts(store, v2.id, {"request": "Tweede verzoek, na het antwoord."})
    v2_final = letters.finalise_letter(store, v2.id)
    assert v2_final.letter.frame.version == 2
    assert v2_final.pdf_sha256 != v1.pdf_sha256
    assert letters.get_letter(store, v1.id).text("request") == "Eerste verzoek."
    assert [(v.version, v.finalised) for v in letters.list_versions(store, case_escalation)] == [
        (2, True), (1, True)]
    assert letters.open_letter(store, case_escalation).id == v2.id
    assert "versie 2" in pdf_text(letter_output.letter_pdf(store, v2.id).pdf)


def test_a_withdrawn_escalation_gets_no_final_letter(world: tuple[Store, int, int]) -> None:
    store, _case_escalation, continuity = world
    letter = letters.open_letter(store, continuity)
    escalations.change_status(store, continuity, EscalationStatus.WITHDRAWN)
    with pytest.raises(StateError):
        letters.finalise_letter(store, letter.id)


def test_letter_views_and_exports_are_logged(world: tuple[Store, int, int],
                                            tmp_path: Path) -> None:
    store, case_escalation, _continuity = world
    letter = letters.open_letter(store, case_escalation)
    document = letter_output.letter_pdf(store, letter.id, purpose=AuditAction.EXPORT)
    assert document.export is not None
    files.export_file(store, tmp_path / document.filename, document.pdf, document.export)
    entry = audit.list_entries(store, limit=1)[0]
    assert (entry.action, entry.object_type, entry.object_id, entry.detail) == (
        AuditAction.EXPORT, "letter", str(letter.id), "concept")
    with pytest.raises(ValidationError):
        letter_output.letter_pdf(store, letter.id, purpose=AuditAction.PURGE)
