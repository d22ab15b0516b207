"""Importing a region's messy spreadsheets: mapping, dry run, import, second import."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from expertteam.cli import main
from expertteam.domain.enums import CaseStatus, OrganisationKind, WaitingFor
from expertteam.domain.errors import ValidationError
from expertteam.formatting import parse_date
from expertteam.services import (
    audit,
    case_data,
    case_register,
    cases,
    monitor_publication,
    organisations,
)
from expertteam.services.importing import reading
from expertteam.services.importing.fields import ImportKind, apply_overrides
from expertteam.services.importing.run import open_file, run_import
from expertteam.services.organisations import OrganisationInput
from expertteam.services.store import Store
from expertteam.storage.models.cases import Case, CaseChange
from tests.conftest import database_args

NAMES = ("Noël", "Vries", "Sara", "Bakker", "Tim", "Jansen", "Eva", "Visser", "111222333",
         "123456782")


def _orgs(store: Store) -> None:
    organisations.create_organisation(
        store, OrganisationInput(OrganisationKind.MUNICIPALITY, "Hoorn", "GM0405"))
    organisations.create_organisation(
        store, OrganisationInput(OrganisationKind.GI, "Jeugdbescherming Noord"))


def _messy_workbook(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Casusoverzicht expertteam regio West"])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append([" Naam kind ", "GEB.DATUM", "BSN", "Gemeente", "GI", "Aanmelddatum",
                  "Wacht op", "Wacht sinds", "Status", "Opmerking"])
    rows: list[list[object]] = [
        ["Noël de Vries", datetime(2014, 3, 2), "111 222 333", "Hoorn",
         "Jeugdbescherming Noord", "12-3-2025", "Passende jeugdhulp", "12 mrt 2025", "Actief",
         "let op"],
        [],
        ["Bakker, Sara", "12/03/2015", 123456782, "hoorn ", None, 45000, None, None,
         "aangemeld"],
        ["Tim Jansen", "1 februari 2016", "123456789", "Hoorn", None, "2025-02-01"],
        ["Eva Smit", "2016-05-05", None, "Atlantis", None, "2025-02-01"],
        ["Bo Visser", "5 okt 2013", None, "Horn", None, "3 januari 2025", "plaatsing",
         "2025-01-10"],
        ["Noël de Vries", datetime(2014, 3, 2), "111222333", "Hoorn",
         "Jeugdbescherming Noord", "12-3-2025", "Passende jeugdhulp", "12 mrt 2025", "Actief"],
        ["Ali Demir", "31-02-2015", None, "Hoorn", None, "2025-02-01"],
    ]
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_parse_date_reads_month_names() -> None:
    assert parse_date("12 mrt 2015") == date(2015, 3, 12)
    assert parse_date("12 maart 2015") == date(2015, 3, 12)
    assert parse_date("1-sept-2020") == date(2020, 9, 1)
    assert parse_date("12 foo 2015") is None


def test_messy_workbook_dry_run_import_and_second_import(store: Store, tmp_path: Path) -> None:
    _orgs(store)
    path = _messy_workbook(tmp_path / "casussen.xlsx")
    preview = open_file(path, ImportKind.CASES)
    assert preview.sheet.header_row == 3
    assert preview.mapping == {0: "full_name", 1: "birth_date", 2: "bsn", 3: "municipality",
                               4: "gi", 5: "referred_on", 6: "waiting_for",
                               7: "waiting_since", 8: "status"}

    report = run_import(store, ImportKind.CASES, preview.sheet, preview.mapping)
    assert (report.rows, report.new, report.duplicates) == (7, 2, 1)
    assert {e.row for e in report.errors} == {7, 8, 9, 11}
    messages = {e.row: e.message for e in report.errors}
    assert "elfproef" in messages[7]
    assert "‘Atlantis’ is onbekend" in messages[8]
    assert "bedoelt u ‘Hoorn’? Bevestig" in messages[9]
    assert "Geboortedatum" in messages[11]
    assert [(n.written, n.candidate) for n in report.near] == [("Horn", "Hoorn")]
    assert case_register.count_cases(store) == 0  # a dry run stores nothing

    report = run_import(store, ImportKind.CASES, preview.sheet, preview.mapping,
                        confirmed_near=["Horn"], dry_run=False)
    assert (report.new, report.duplicates, len(report.errors)) == (3, 1, 3)
    assert report.imported
    with store.transaction() as session:
        imported = {c.surname: c for c in session.scalars(select(Case))}
        noel = imported["de Vries"]
        assert (noel.given_names, noel.bsn, noel.status) == ("Noël", "111222333",
                                                             CaseStatus.ACTIVE)
        assert noel.waiting_for is WaitingFor.PASSENDE_JEUGDHULP
        assert imported["Bakker"].given_names == "Sara"
        assert imported["Bakker"].referred_on == date(2023, 3, 15)  # Excel serial 45000
        assert imported["Bakker"].birth_date == date(2015, 3, 12)
        assert imported["Visser"].waiting_for is WaitingFor.PLACEMENT
        changes = {c.field: c.effective_on for c in session.scalars(
            select(CaseChange).where(CaseChange.case_id == noel.id))}
    assert changes["referred_on"] == date(2025, 3, 12)
    assert changes["waiting_for"] == date(2025, 3, 12)  # the file's date, not the import day

    entries = [e for e in audit.list_entries(store) if e.object_type == "import"]
    assert len(entries) == 1
    assert "new=3" in entries[0].detail
    assert not any(name in entries[0].detail for name in NAMES)

    again = run_import(store, ImportKind.CASES, preview.sheet, preview.mapping,
                       confirmed_near=["Horn"], dry_run=False)
    assert (again.new, again.unchanged, again.differs) == (0, 4, 0)
    assert case_register.count_cases(store) == 3
    assert len([e for e in audit.list_entries(store) if e.object_type == "import"]) == 1


def test_csv_with_semicolons_in_cp1252(store: Store, tmp_path: Path) -> None:
    _orgs(store)
    path = tmp_path / "export.csv"
    path.write_bytes("Voornaam;Achternaam;Geb. datum;Datum aanmelding;Gemeente\r\n"
                     "Renée;Peeters;3-4-2015;1-2-2025;Hoorn\r\n".encode("cp1252"))
    preview = open_file(path, ImportKind.CASES)
    report = run_import(store, ImportKind.CASES, preview.sheet, preview.mapping, dry_run=False)
    assert (report.new, report.errors) == (1, [])
    with store.transaction() as session:
        case = session.scalars(select(Case)).one()
        assert (case.given_names, case.birth_date) == ("Renée", date(2015, 4, 3))


def test_comma_csv_in_utf8_and_a_corrected_mapping(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text("\ufeffOrganisatie,Soort,Code\nHoorn,Gemeente,GM0405\n"
                    "Jeugdbescherming Noord,GI,\nHoorn,gemeente,GM0405\n", encoding="utf-8")
    preview = open_file(path, ImportKind.ORGANISATIONS)
    assert 2 not in preview.mapping
    mapping = apply_overrides(ImportKind.ORGANISATIONS, preview.sheet.headers,
                              preview.mapping, ["Code=cbs_code"])
    report = run_import(store, ImportKind.ORGANISATIONS, preview.sheet, mapping, dry_run=False)
    assert (report.new, report.duplicates, report.errors) == (2, 1, [])
    hoorn = organisations.list_organisations(store, (OrganisationKind.MUNICIPALITY,))
    assert [(o.name, o.cbs_code) for o in hoorn] == [("Hoorn", "GM0405")]
    with pytest.raises(ValidationError, match="Kolom X"):
        apply_overrides(ImportKind.ORGANISATIONS, preview.sheet.headers, mapping,
                        ["Kolom X=naam"])


def test_hostile_files_are_refused_in_dutch(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    path = tmp_path / "groot.csv"
    path.write_text("Naam kind;Aanmelddatum\n" + "Kind X;1-1-2025\n" * 11, encoding="utf-8")
    with pytest.raises(ValidationError, match="meer dan 10 rijen"):
        open_file(path, ImportKind.CASES)
    monkeypatch.setattr(reading, "MAX_BYTES", 100)
    with pytest.raises(ValidationError, match="te groot"):
        open_file(path, ImportKind.CASES)
    ods = tmp_path / "lijst.ods"
    ods.write_bytes(b"PK")
    with pytest.raises(ValidationError, match=r"\.ods"):
        open_file(ods, ImportKind.CASES)
    broken = tmp_path / "kapot.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ValidationError, match="geen leesbare Excel-werkmap"):
        open_file(broken, ImportKind.CASES)
    headless = tmp_path / "los.csv"
    headless.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="geen kopregel"):
        open_file(headless, ImportKind.CASES)


def test_cli_dry_run_then_import(store: Store, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    _orgs(store)
    path = _messy_workbook(tmp_path / "casussen.xlsx")
    database = database_args(store)
    assert main([*database, "import", "cases", str(path), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "Proefimport" in out
    assert "Nieuw: 2" in out
    assert "Rij 7:" in out
    assert "--confirm-near \"Horn\"" in out
    assert case_register.count_cases(store) == 0
    assert main([*database, "import", "cases", str(path),
                 "--confirm-near", "Horn", "--map", "Opmerking="]) == 0
    assert "Toegevoegd: 3" in capsys.readouterr().out
    assert case_register.count_cases(store) == 3
    assert main([*database, "import", "cases", str(tmp_path / "weg.xlsx")]) == 2
    assert "niet worden geopend" in capsys.readouterr().err


def test_actions_by_case_number_and_holder_twice(store: Store, tmp_path: Path) -> None:
    from expertteam.services import action_rows

    _orgs(store)
    case = cases.create_case(store, case_data.CaseInput("Noor", "Bakker", date(2026, 9, 1),
                                                        bsn="111222333"))
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Actielijst"])
    sheet.append(["Casus nr.", "BSN", "Actie", "Actiehouder", "Deadline", "Status"])
    sheet.append([case.case_number, None, "Plek zoeken", "Jeugdbescherming Noord",
                  "1 okt 2026", "Open"])
    sheet.append([None, "111 222 333", "Gesprek plannen", "jeugdbescherming noord",
                  datetime(2026, 12, 4)])
    sheet.append([case.case_number, None, "Plek zoeken", "Jeugdbescherming Noord",
                  "01-10-2026", "open"])
    sheet.append(["ET-1999-0001", None, "Bellen", "Hoorn", "2026-12-01"])
    sheet.append([case.case_number, None, "Bellen", "Jeugdbescherming Nord", "2026-12-01"])
    sheet.append([case.case_number, None, "Brief", "Hoorn", "2026-12-01", "Afgerond"])
    path = tmp_path / "acties.xlsx"
    workbook.save(path)
    preview = open_file(path, ImportKind.ACTIONS)
    assert set(preview.mapping.values()) == {"case_number", "bsn", "description", "holder",
                                             "due_on", "status"}
    report = run_import(store, ImportKind.ACTIONS, preview.sheet, preview.mapping,
                        dry_run=False)
    assert (report.new, report.duplicates) == (2, 1)
    assert {e.row: e.message for e in report.errors}.keys() == {6, 7, 8}
    assert [(n.written, n.candidate) for n in report.near] == [
        ("Jeugdbescherming Nord", "Jeugdbescherming Noord")]
    listed = action_rows.case_actions(store, case.id)
    assert sorted((a.description, a.due_on) for a in listed) == [
        ("Gesprek plannen", date(2026, 12, 4)), ("Plek zoeken", date(2026, 10, 1))]
    again = run_import(store, ImportKind.ACTIONS, preview.sheet, preview.mapping,
                       dry_run=False)
    assert (again.new, again.unchanged) == (0, 3)
    assert len(action_rows.case_actions(store, case.id)) == 2


def test_facts_before_a_published_meetmoment_need_the_users_confirmation(
        store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _orgs(store)
    monitor_publication.publish_monitor(store, date(2025, 6, 30))
    path = _messy_workbook(tmp_path / "casussen.xlsx")
    preview = open_file(path, ImportKind.CASES)

    dry = run_import(store, ImportKind.CASES, preview.sheet, preview.mapping)
    assert (dry.earliest, dry.published) == (date(2023, 3, 15), date(2025, 6, 30))
    assert any("gepubliceerde meetmoment van 30-06-2025" in line for line in dry.summary())

    refused = run_import(store, ImportKind.CASES, preview.sheet, preview.mapping,
                         dry_run=False)
    assert refused.refused_published
    assert not refused.imported
    assert case_register.count_cases(store) == 0
    assert any("Er is niets geïmporteerd" in line for line in refused.summary())

    database = database_args(store)
    assert main([*database, "import", "cases", str(path)]) == 1
    assert "--confirm-published" in capsys.readouterr().out
    assert case_register.count_cases(store) == 0
    assert main([*database, "import", "cases", str(path),
                 "--confirm-published"]) == 0
    assert case_register.count_cases(store) == 2
