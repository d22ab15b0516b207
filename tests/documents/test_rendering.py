"""The renderers on hand-made data, read back with pypdf."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from expertteam.documents.action_list import render_participant_actions
from expertteam.documents.agreement_sheet import render_agreement_sheet
from expertteam.documents.minutes import render_minutes
from expertteam.domain.enums import ActionStatus
from expertteam.formatting import long_date, short_date
from tests.documents import factories


def _reader(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(BytesIO(pdf))


def _text(reader: PdfReader) -> str:
    """All text, whitespace collapsed (table cells wrap across lines)."""
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _page_text(reader: PdfReader, index: int) -> str:
    return re.sub(r"\s+", " ", reader.pages[index].extract_text())


def test_minutes_hold_header_attendance_decisions_and_actions() -> None:
    data = factories.minutes(cases=3, actions=6)
    text = _text(_reader(render_minutes(data, factories.letterhead())))
    for expected in ("Verslag expertteamoverleg", "maandag 23 november 2026, 13:30 uur",
                     "Stadhuis Hoorn, zaal 2", "Voorzitter Noël de Wit",
                     "Notulist Chloë van den Broek", "Aanwezig: 3 · Afgemeld: 1 · Afwezig: 1",
                     "Besluitenlijst", "Actielijst", "VERTROUWELIJK",
                     "23 november 2026 · versie 1"):
        assert expected in text
    # Attendance per organisation, with the status in words.
    assert "GGZ Jong Westfriesland Zorgaanbieder Anouk Vermeulen Afgemeld" in text
    assert re.search(r"Raad voor de Kinderbescherming, regio Noord-Holland .*Afwezig", text)
    # Decisions numbered through the meeting: 2 per case, 6 in all.
    for number in range(1, 7):
        assert f"Besluit {number}:" in text
    # Every action with its owner, due date and status in the action list.
    for action in data.actions:
        assert f"Afspraak {action.number}:" in text
        assert short_date(action.due_on) in text
    assert "Leger des Heils Jeugdbescherming & Reclassering" in text
    assert "Niet besproken." in text


def test_overdue_is_said_in_words_not_only_shown() -> None:
    data = factories.participant_list(count=8)
    assert data.overdue_count == 2
    text = _text(_reader(render_participant_actions(data, factories.letterhead())))
    assert text.count("verlopen") >= 3  # two rows and the summary
    assert "8 openstaande acties, waarvan 2 met verlopen termijn." in text


def test_long_meeting_numbers_its_pages() -> None:
    reader = _reader(render_minutes(factories.minutes(cases=25, actions=100),
                                    factories.letterhead()))
    total = len(reader.pages)
    assert total >= 10
    assert f"pagina 1 van {total}" in _page_text(reader, 0)
    assert f"pagina 2 van {total}" in _page_text(reader, 1)
    assert f"pagina {total} van {total}" in _page_text(reader, total - 1)
    # Later pages carry the running header with the document title.
    assert "Verslag expertteamoverleg 23 november 2026" in _page_text(reader, 1)


def test_headings_never_end_a_page() -> None:
    reader = _reader(render_minutes(factories.minutes(cases=25, actions=100),
                                    factories.letterhead()))
    for page in reader.pages:
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith(("VERTROUWELIJK", "pagina "))
                and "versie" not in line and "persoonsgegevens" not in line
                and "uitvoering van de afspraken" not in line]
        assert body[-1] not in ("Besluitenlijst", "Actielijst", "Besprekingen", "Besluiten",
                                "Nieuwe afspraken", "Bespreking")


def test_diacritics_survive_and_fonts_are_embedded() -> None:
    sheet = factories.agreement_sheet(child="Noël de Vries · ET-2026-0001 · 2012")
    reader = _reader(render_agreement_sheet(sheet, factories.letterhead()))
    text = _text(reader)
    assert "Noël de Vries · ET-2026-0001 · 2012" in text
    assert "Opgesteld door Chloë van den Broek, Coördinator expertteam" in text
    assert "Coördinator expertteam" in text
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] \
                if "/DescendantFonts" in font else font.get("/FontDescriptor")
            assert descriptor is not None
            assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= fonts


def test_metadata_title_author_subject_creation_date() -> None:
    data = factories.minutes()
    reader = _reader(render_minutes(data, factories.letterhead()))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Verslag expertteamoverleg 23 november 2026"
    assert meta.author == "Expertteam Westfriesland"
    assert meta.subject == "Verslag, besluitenlijst en actielijst"
    assert meta.creation_date is not None
    assert meta.creator.startswith("Expertteam")


def test_addendum_makes_version_two() -> None:
    data = factories.minutes(addenda=1)
    assert data.version == 2
    text = _text(_reader(render_minutes(data, factories.letterhead())))
    assert "versie 2 (met aanvulling)" in text
    assert "Aanvulling versie 2 (24-11-2026)" in text
    assert "24 november 2026 · versie 2" in text  # footer: document date and version


def test_agreement_sheet_holds_goal_measures_blockers_and_history() -> None:
    sheet = factories.agreement_sheet()
    text = _text(_reader(render_agreement_sheet(sheet, factories.letterhead())))
    for expected in ("Afsprakenoverzicht", "Doorbraakdoel", "intensieve ambulante jeugd-GGZ",
                     "Ondertoezichtstelling (OTS)", "Wachtlijst zorgaanbieder",
                     "Financieringsgeschil tussen gemeenten", "Verloop per afspraak",
                     "Actie 300:", "(1e keer uitgesteld)", "Status: Open → Gedaan",
                     "Overleg 02-11-2026",
                     "Passende jeugdhulp, sinds 16-07-2026 (130 dagen)"):
        assert expected in text, expected


def test_participant_list_without_actions_says_so() -> None:
    data = factories.participant_list(count=0)
    text = _text(_reader(render_participant_actions(data, factories.letterhead())))
    assert "Er staan geen acties open voor Jeugdbescherming Noord." in text
    assert long_date(data.as_of) in text


def test_long_texts_wrap_and_split_instead_of_overflowing() -> None:
    huge = " ".join(["Een zeer lange toelichting op deze afspraak."] * 120)
    data = factories.participant_list(count=2)
    data = type(data)(data.organisation, data.organisation_kind, data.as_of,
                      (factories.action(1, description=huge, status=ActionStatus.OPEN),
                       *data.actions))
    reader = _reader(render_participant_actions(data, factories.letterhead()))
    assert len(reader.pages) >= 2
    assert "Een zeer lange toelichting" in _page_text(reader, 1)


@pytest.mark.parametrize("logo_mode", ["RGB", "RGBA", "P"])
def test_logo_is_drawn_on_the_first_page(logo_mode: str) -> None:
    from PIL import Image

    buffer = BytesIO()
    Image.new(logo_mode, (240, 80), 30).save(buffer, format="PNG")
    pdf = render_participant_actions(factories.participant_list(1),
                                     factories.letterhead(logo=buffer.getvalue()))
    reader = _reader(pdf)
    first = reader.pages[0]["/Resources"]
    assert any(obj.get_object().get("/Subtype") == "/Image"
               for obj in first["/XObject"].values())


def test_columns_that_would_stay_empty_are_left_out() -> None:
    """Issue 17, stumble 10: "Uitgesteld" and "Vertegenwoordiger" were unclear or empty."""
    from dataclasses import replace

    data = factories.participant_list(count=3)
    never = replace(data, actions=tuple(replace(a, times_postponed=0) for a in data.actions))
    text = _text(_reader(render_participant_actions(never, factories.letterhead())))
    assert "Verzet" not in text
    once = replace(never, actions=(replace(never.actions[0], times_postponed=2),
                                   *never.actions[1:]))
    text = _text(_reader(render_participant_actions(once, factories.letterhead())))
    assert "Verzet" in text
    assert "2×" in text
    minutes = factories.minutes(cases=1, actions=1)
    text = _text(_reader(render_minutes(minutes, factories.letterhead())))
    assert "Contactpersoon" in text
    nobody = replace(minutes, attendance=tuple(replace(line, person="")
                                               for line in minutes.attendance))
    text = _text(_reader(render_minutes(nobody, factories.letterhead())))
    assert "Contactpersoon" not in text
    assert "Vertegenwoordiger" not in text
