"""The two escalation letters as documents: rendered from plain data, read back with pypdf,
and frozen to JSON and back without losing anything."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from io import BytesIO

from pypdf import PdfReader

from expertteam.documents.continuity_letter import render_continuity_letter
from expertteam.documents.data import Letterhead
from expertteam.documents.escalation_letter import render_case_letter
from expertteam.documents.letter_data import (
    BlockerRef,
    CaseLetter,
    ContinuityLetter,
    CountLine,
    EarlierEscalation,
    LetterFrame,
    MeasureRef,
    MissedLine,
    TimelineLine,
    freeze,
    thaw,
)

DAY = date(2026, 11, 23)
HEAD = Letterhead("Expertteam Westfriesland", ("Postbus 603", "1620 AR Hoorn"), None,
                  "Marleen de Boer", "Voorzitter expertteam", "Vertrouwelijk.")


def frame(concept: bool = False, addressee: str = "Bovenregionaal Expertisenetwerk Noord-Holland"
          ) -> LetterFrame:
    return LetterFrame("ESC-2026-004", 2, DAY, addressee,
                       "Verzoek om ondersteuning, casus ET-2026-0007 · Z.B. · 2019",
                       "Marleen de Boer, Voorzitter expertteam", concept, HEAD)


EARLIER = (EarlierEscalation("ESC-2026-001", "OZJ", "Ondersteuningsteam Zorg voor de Jeugd",
                             date(2026, 9, 1), date(2026, 9, 2), "Beantwoord",
                             date(2026, 9, 20), "Het OZJ zoekt mee naar een gezinshuis."),)


def case_letter(concept: bool = False, timeline_length: int = 4) -> CaseLetter:
    timeline = tuple(
        TimelineLine(DAY - timedelta(days=90 - i), "Gemeente Drechterland",
                     f"Afspraak {i}: gezinshuisplek zoeken en financiering regelen",
                     missed=i % 2 == 1, met=i % 4 == 0)
        for i in range(timeline_length))
    return CaseLetter(
        frame=frame(concept), case_number="ET-2026-0007", initials="Z.B.", birth_year=2019,
        measures=(MeasureRef("Voorlopige OTS", date(2026, 9, 30)),), municipality="Drechterland",
        gi="Jeugdbescherming Noord", waiting="vaste jeugdbeschermer sinds 11-11-2026 (12 dagen)",
        blockers=(BlockerRef("Geen vaste jeugdbeschermer", "Jeugdbescherming Noord",
                             date(2026, 11, 11)),),
        goal="Vaste jeugdbeschermer binnen 5 werkdagen.",
        introduction="Het expertteam vraagt uw ondersteuning.\n\nDe lokale aanpak liep vast.",
        timeline=timeline,
        missed=(MissedLine("Jeugdbescherming Noord", 12, "Jeugdbeschermer toewijzen",
                           DAY - timedelta(days=10), "2 keer uitgesteld; niet gedaan"),),
        earlier=EARLIER, request="Wij vragen u binnen vier weken een oplossing.",
        closing="Wij horen graag uiterlijk 21-12-2026 van u.")


def continuity_letter() -> ContinuityLetter:
    return ContinuityLetter(
        frame=replace(frame(addressee="Jeugdautoriteit"),
                      subject="Continuïteit van zorg: opnamestop bij JeugdzorgPlus De Dijk"),
        care="JeugdzorgPlus-plaatsen", subject_organisation="JeugdzorgPlus De Dijk",
        subject_kind="zorgaanbieder", since=date(2026, 6, 5),
        municipalities=("Hoorn", "Medemblik"), blocker_kinds=("Opnamestop zorgaanbieder",),
        problem="Sinds 5 juni 2026 neemt De Dijk geen jongeren meer op.", children=7,
        by_kind=(CountLine("Opnamestop zorgaanbieder", 7),
                 CountLine("Financieringsgeschil tussen gemeenten", 2)),
        by_municipality=(CountLine("Hoorn", 5), CountLine("Medemblik", 2)), waiting_count=6,
        waiting_median_days=131, waiting_longest_days=212, agreements_total=23,
        not_met_by=(CountLine("Hoorn", 4, "6 keer"), CountLine("Medemblik", 1, "1 keer")),
        case_refs=("ET-2026-0001 (2012)", "ET-2026-0003 (2010)"), earlier=EARLIER,
        tried="Per kind zijn doorbraakafspraken gemaakt.", request="Wij vragen u in te grijpen.",
        closing="Wij horen graag van u.")


def read(pdf: bytes) -> tuple[PdfReader, str]:
    """The reader and all text, whitespace collapsed (table cells wrap where they like)."""
    reader = PdfReader(BytesIO(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return reader, " ".join(text.split())


def test_case_letter_renders_and_reads_back() -> None:
    reader, text = read(render_case_letter(case_letter()))
    for expected in ("Bovenregionaal Expertisenetwerk Noord-Holland", "ESC-2026-004, versie 2",
                     "ET-2026-0007", "Z.B.", "2019", "Voorlopige OTS, uitspraak 30-09-2026",
                     "Geen vaste jeugdbeschermer", "Jeugdbeschermer toewijzen",
                     "2 keer uitgesteld; niet gedaan", "Tijdlijn van de afspraken",
                     "Eerdere escalaties", "Het OZJ zoekt mee", "Ons verzoek",
                     "Met vriendelijke groet", "Marleen de Boer", "Voorzitter expertteam",
                     "De lokale aanpak liep vast."):
        assert expected in text, expected
    assert "CONCEPT" not in text
    assert reader.metadata is not None
    assert reader.metadata.title == "Escalatie casus ET-2026-0007 (ESC-2026-004)"


def test_a_concept_says_so_and_a_long_timeline_takes_more_pages() -> None:
    reader, text = read(render_case_letter(case_letter(concept=True, timeline_length=60)))
    assert "CONCEPT — nog niet definitief; niet verzenden." in text
    assert len(reader.pages) >= 3
    assert f"pagina 2 van {len(reader.pages)}" in text
    assert text.count("Afspraak 59: gezinshuisplek") == 1


def test_continuity_letter_renders_counts_and_references() -> None:
    _reader, text = read(render_continuity_letter(continuity_letter()))
    for expected in ("Jeugdautoriteit", "Het probleem", "JeugdzorgPlus-plaatsen",
                     "JeugdzorgPlus De Dijk (zorgaanbieder)", "05-06-2026", "Hoorn, Medemblik",
                     "7 kinderen", "Opnamestop zorgaanbieder", "100%", "71%",
                     "131 dagen (ruim 18 weken)", "212 dagen (ruim 30 weken)",
                     "23 afspraken", "6 keer", "ET-2026-0001 (2012), ET-2026-0003 (2010)",
                     "Wat de regio al heeft gedaan", "ESC-2026-001", "Wij vragen u in te grijpen."):
        assert expected in text, expected


def test_letters_freeze_to_json_and_back_unchanged() -> None:
    with_logo = replace(case_letter(), frame=replace(
        frame(), letterhead=replace(HEAD, logo=b"\x89PNG fake bytes")))
    for letter in (with_logo, continuity_letter()):
        frozen = freeze(letter)
        assert thaw(frozen) == letter
        assert freeze(thaw(frozen)) == frozen


def test_rendering_the_same_data_twice_gives_the_same_text() -> None:
    first = read(render_continuity_letter(continuity_letter()))[1]
    second = read(render_continuity_letter(thaw(freeze(continuity_letter()))))[1]  # type: ignore[arg-type]
    assert first == second
