"""Privacy that holds: every way out of the app passes the one guard (issue 12's findings)."""

from __future__ import annotations

import csv
import subprocess
import sys
import unicodedata
from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest

from expertteam.domain.enums import AuditAction, OrganisationKind
from expertteam.services import (
    audit,
    audit_query,
    cases,
    documents,
    drafts,
    letter_output,
    letters,
    monitor_export,
    organisations,
    privacy,
)
from expertteam.services.letter_texts import IdentifyingDataError
from expertteam.services.organisations import OrganisationInput
from expertteam.services.store import Store
from tests.conftest import TODAY, database_args
from tests.escalation_helpers import pdf_text
from tests.privacy_helpers import (
    Child,
    case_escalation_about,
    closed_meeting_about,
    continuity_escalation_about,
    create_child,
    digits_leak,
    leaks,
)

IJSBRAND = Child("IJsbrand Noël", "van der Wiel", date(2014, 3, 2), "123456782",
                 ("Karin van der Wiel", "Bas", "De Regenboog"))

# The list: a name without diacritics, decomposed, typographic apostrophe, possessive,
# particle joined, IJ typed as two letters; a sibling's and a parent's name, a BSN, a birth
# date and an address typed into a decision.
DECISION_PROBES = (
    "Noel komt", unicodedata.normalize("NFD", "Noël") + " komt", "IJsbrand’s moeder",
    "Noëls broer", "familie vanderWiel", "Ijsbrand", "Ĳsbrand", "zus Bas", "moeder Karin",
    "school De Regenboog", "BSN 123-456-782", "geboren 2 mrt. 2014", "geboren 02032014",
    "woont Kerkpad 3a", "postcode 1621 ab", "bel 06-12345678", "mail ijs@example.nl",
)
NAME_WORDS = ("Noël", "Noel", "IJsbrand", "Ijsbrand", "Wiel", "vanderWiel", "Karin", "Bas",
              "Regenboog")
OTHER_PROBES = ("Kerkpad 3a", "1621 ab", "06-12345678", "ijs@example.nl", "2 mrt. 2014",
                "02032014")


def _assert_clean(text: str) -> None:
    assert leaks(text, NAME_WORDS + OTHER_PROBES) == []
    assert not digits_leak(text, "123456782")


# --------------------------------------------------------------------------- names to hide


def test_names_to_hide_are_stored_nfc_once_and_kept_with_the_case(demo_store: Store) -> None:
    case_id = create_child(demo_store, replace(IJSBRAND, hidden=(
        "Karin van der Wiel", unicodedata.normalize("NFD", "Zoë"), "Zoë", " ", "KARIN VAN DER "
        "WIEL")))
    detail = cases.get_case(demo_store, case_id)
    assert detail.hidden_names == ("Karin van der Wiel", "Zoë")
    assert all(unicodedata.is_normalized("NFC", n) for n in detail.hidden_names)
    changed = cases.update_case(demo_store, case_id, replace(detail.to_input(),
                                                             hidden_names=["Bas"]))
    assert changed.hidden_names == ("Bas",)


def test_a_name_typed_decomposed_is_stored_composed(demo_store: Store) -> None:
    case_id = create_child(demo_store, replace(
        IJSBRAND, given_names=unicodedata.normalize("NFD", "Chloë")))
    assert cases.get_case(demo_store, case_id).given_names == "Chloë"


def test_a_draft_keeps_the_names_to_hide(demo_store: Store) -> None:
    case_id = create_child(demo_store, IJSBRAND)
    detail = cases.get_case(demo_store, case_id)
    drafts.save_case_draft(demo_store, case_id, detail.to_input())
    loaded = drafts.load_case_draft(demo_store, case_id)
    assert loaded is not None
    assert loaded.hidden_names == list(IJSBRAND.hidden)


# --------------------------------------------------------------------------- documents


def test_pseudonymised_minutes_action_list_and_sheet_scrub_every_probe(
        demo_store: Store) -> None:
    case_id = create_child(demo_store, IJSBRAND, "; ".join(DECISION_PROBES))
    meeting_id = closed_meeting_about(demo_store, case_id, DECISION_PROBES)
    hoorn = next(o.id for o in organisations.list_organisations(demo_store)
                 if o.name == "Hoorn")
    for document in (documents.minutes_pdf(demo_store, meeting_id),
                     documents.participant_actions_pdf(demo_store, hoorn),
                     documents.agreement_sheet_pdf(demo_store, case_id)):
        text = pdf_text(document.pdf)
        _assert_clean(text)
        assert "IJ.N.W." in text or "IJ." in text, document.kind
    with_names = pdf_text(documents.minutes_pdf(demo_store, meeting_id, with_names=True).pdf)
    assert leaks(with_names, ("IJsbrand Noël",))  # the chosen exception still works


# --------------------------------------------------------------------------- letters


@pytest.mark.parametrize("probe", DECISION_PROBES)
def test_a_case_escalation_letter_refuses_what_the_user_types(demo_store: Store,
                                                              probe: str) -> None:
    case_id = create_child(demo_store, IJSBRAND)
    letter = letters.open_letter(demo_store, case_escalation_about(demo_store, case_id, "x"))
    with pytest.raises(IdentifyingDataError) as caught:
        letters.save_texts(demo_store, letter.id, {"closing": f"Tot slot: {probe}."})
    assert caught.value.field == "texts.closing"
    assert "escalatiebrief" in caught.value.message
    for word in NAME_WORDS + OTHER_PROBES:
        assert word not in caught.value.message


def test_a_case_letter_quotes_the_register_scrubbed_and_finalises(demo_store: Store) -> None:
    case_id = create_child(demo_store, IJSBRAND, "; ".join(DECISION_PROBES))
    escalation = case_escalation_about(demo_store, case_id, "; ".join(DECISION_PROBES))
    letter = letters.open_letter(demo_store, escalation)
    final = letters.finalise_letter(demo_store, letter.id)
    _assert_clean(pdf_text(letter_output.letter_pdf(demo_store, final.id).pdf))


@pytest.mark.parametrize("probe", [
    "BSN 123-456-782", "BSN 123/456/782", "geboren 2 mrt. 2014", "geboren 2 March 2014",
    "geboren 02032014", "postcode 1621 ab", "woont Lange Voorhout 7, Den Haag",
    "bel 06-12345678", "mail ijs@example.nl", "zus Bas"])
def test_a_continuity_letter_refuses_the_notations_it_used_to_pass(demo_store: Store,
                                                                   probe: str) -> None:
    case_id = create_child(demo_store, IJSBRAND)
    letter = letters.open_letter(demo_store, continuity_escalation_about(demo_store, [case_id]))
    with pytest.raises(IdentifyingDataError) as caught:
        letters.save_texts(demo_store, letter.id, {"problem": f"Het probleem: {probe}."})
    assert caught.value.field == "texts.problem"
    assert "Jeugdautoriteit" in caught.value.message


# --------------------------------------------------------------------------- exports


def _formula_free(data: bytes) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(BytesIO(data))
    return [f"{sheet.title}!{cell.coordinate}" for sheet in book.worksheets
            for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_monitor_workbook_writes_formula_like_text_as_text(demo_store: Store,
                                                           tmp_path: Path) -> None:
    gi = next(o for o in organisations.list_organisations(demo_store)
              if o.kind is OrganisationKind.GI)
    organisations.update_organisation(demo_store, gi.id, OrganisationInput(
        OrganisationKind.GI, '=HYPERLINK("http://x.example","klik") 06-12345678'))
    target = tmp_path / "monitor.xlsx"
    monitor_export.export_monitor(demo_store, TODAY, xlsx_path=target,
                                  pdf_path=tmp_path / "m.pdf")
    data = target.read_bytes()
    assert _formula_free(data) == []
    from openpyxl import load_workbook

    values = [str(cell.value) for sheet in load_workbook(BytesIO(data)).worksheets
              for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert any(value.startswith("=HYPERLINK") for value in values)  # kept, as text
    assert not any("06-12345678" in value for value in values)      # guarded
    assert "06-12345678" not in pdf_text((tmp_path / "m.pdf").read_bytes())


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_spreadsheet_text_prefixes_what_a_spreadsheet_would_run(start: str) -> None:
    assert privacy.spreadsheet_text(f"{start}1+1") == f"'{start}1+1"
    assert privacy.spreadsheet_text("gewoon") == "gewoon"


def test_audit_csv_is_guarded_and_formula_safe(demo_store: Store, tmp_path: Path) -> None:
    audit.record_now(demo_store, AuditAction.VIEW, "=cmd|' /C calc'!A0", "@SUM(1)",
                     detail="+1 bsn 111222333")
    target = tmp_path / "log.csv"
    audit_query.export_csv(demo_store, target)
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    rows = [row for row in rows if len(row) == len(audit_query.CSV_COLUMNS)]  # not the anchor line
    last = [row for row in rows if row[4].startswith("'=")]
    assert len(last) == 1
    assert last[0][5] == "'@SUM(1)"
    assert last[0][8] == "'+1 bsn [BSN]"


def test_cli_cases_output_goes_through_the_guard(demo_store: Store) -> None:
    gi = next(o for o in organisations.list_organisations(demo_store)
              if o.kind is OrganisationKind.GI)
    organisations.update_organisation(demo_store, gi.id, OrganisationInput(
        OrganisationKind.GI, "Jeugdbescherming, bel 06-12345678"))
    target = database_args(demo_store)
    demo_store.close()
    done = subprocess.run([sys.executable, "-m", "expertteam", *target, "cases"],
                          capture_output=True, text=True, timeout=120, check=True)
    assert "06-12345678" not in done.stdout
    assert "[telefoon]" in done.stdout


def test_cli_shows_and_changes_the_names_to_hide(demo_store: Store) -> None:
    case_id = create_child(demo_store, IJSBRAND)
    number = cases.get_case(demo_store, case_id).case_number
    target = database_args(demo_store)
    demo_store.close()
    command = [sys.executable, "-m", "expertteam", *target, "hidden-names",
               number, "--add", "Zoë", "--remove", "Bas"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.splitlines() == ["Karin van der Wiel", "De Regenboog", "Zoë"]
