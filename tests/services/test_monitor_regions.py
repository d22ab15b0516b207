"""The GI's own figures beside the expertteam's cases, and figures that add up across regions:
the anonymous aggregate with CBS codes and KvK numbers, and combining several regions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from expertteam.cli import main
from expertteam.domain import aggregate as agg
from expertteam.domain import monitor as m
from expertteam.domain.enums import OrganisationKind, WaitingFor
from expertteam.domain.errors import StorageError, ValidationError
from expertteam.services import (
    cases,
    gi_figures,
    gi_workbook,
    monitor,
    monitor_aggregate,
    organisations,
    regions,
)
from expertteam.services.case_data import CaseInput
from expertteam.services.gi_figures import GiFigureInput
from expertteam.services.organisations import OrganisationInput
from expertteam.services.store import Store
from tests.conftest import TODAY, database_args

MEETMOMENT = date(2026, 10, 1)
KVK = {"Jeugdbescherming Noord": "41202536", "William Schrikker Jeugdbescherming": "41215100"}


def _region(store: Store, code: str, municipalities: dict[str, str],
            waiting: list[tuple[str, str, WaitingFor]]) -> dict[str, int]:
    """A region: its gemeenten (name → CBS code), both GIs, and children waiting."""
    regions.set_region(store, code)
    ids = {name: organisations.create_organisation(store, OrganisationInput(
        OrganisationKind.MUNICIPALITY, name, cbs)).id for name, cbs in municipalities.items()}
    for name, kvk in KVK.items():
        ids[name] = organisations.create_organisation(store, OrganisationInput(
            OrganisationKind.GI, name, kvk_number=kvk)).id
    for index, (gi, gemeente, waiting_for) in enumerate(waiting):
        cases.create_case(store, CaseInput(
            given_names=f"Kind{index}", surname="Test", referred_on=date(2026, 5, 4),
            birth_date=date(2014, 5, 1), municipality_id=ids[gemeente], gi_id=ids[gi],
            waiting_for=waiting_for, waiting_since=date(2026, 5, 4)))
    return ids


PJ, VJB = WaitingFor.PASSENDE_JEUGDHULP, WaitingFor.VASTE_JEUGDBESCHERMER
NOORD, WSS = "Jeugdbescherming Noord", "William Schrikker Jeugdbescherming"


@pytest.fixture
def westfriesland(store: Store) -> dict[str, int]:
    ids = _region(store, "JZ05", {"Hoorn": "GM0405", "Enkhuizen": "GM0388"},
                  [(NOORD, "Hoorn", PJ)] * 6 + [(NOORD, "Enkhuizen", VJB)] * 2
                  + [(WSS, "Hoorn", PJ)])
    gi_figures.save_gi_figures(store, MEETMOMENT, [
        GiFigureInput(ids[NOORD], ids["Hoorn"], 3, 9, 12, 14.5, 21),
        GiFigureInput(ids[NOORD], ids["Enkhuizen"], 2, 1, 4, 16.0, 35),
        GiFigureInput(ids[WSS], ids["Hoorn"], 0, 2, 3, 12.0, None)])
    return ids


@pytest.fixture
def alkmaar(tmp_path: Path) -> Iterator[Store]:
    other = Store.create(tmp_path / "alkmaar.db", origin="test")
    ids = _region(other, "JZ06", {"Alkmaar": "GM0361", "Bergen": "GM0373"},
                  [(NOORD, "Alkmaar", PJ)] * 7 + [(WSS, "Bergen", VJB)] * 5)
    gi_figures.save_gi_figures(other, MEETMOMENT, [
        GiFigureInput(ids[NOORD], ids["Alkmaar"], 4, 11, 8, 15.0, 28)])
    yield other
    other.close()


def test_gi_figures_beside_the_own_cases_with_the_difference(
        store: Store, westfriesland: dict[str, int]) -> None:
    report = monitor.monitor_at(store, MEETMOMENT)
    table = report.table(m.GI_REPORT_KEY)
    # VJB own, VJB GI, difference, PJ own, PJ GI, difference
    assert table.row(NOORD, "Hoorn").values == (0, 3, 3, 6, 9, 3)
    assert table.row(NOORD, "Enkhuizen").values == (2, 2, 0, 0, 1, 1)
    assert table.row(WSS, "Hoorn").values == (0, 0, 0, 1, 2, 1)
    assert table.total is not None
    assert table.total.values == (2, 5, 3, 7, 12, 5)
    assert table.row(NOORD, "Hoorn").codes == ("41202536", "GM0405")
    capacity = report.table(m.GI_CAPACITY_KEY)
    assert capacity.total is not None
    # 19 jeugdbeschermers; caseload weighted (12×14.5 + 4×16 + 3×12) / 19; waiting time
    # weighted by the children waiting for a vaste jeugdbeschermer (3×21 + 2×35) / 5.
    assert capacity.total.values == (19, 14.4, 27)
    trend = report.table(m.GI_TREND_KEY)
    assert [(row.day, row.values) for row in trend.rows] == [(MEETMOMENT, (2, 5, 7, 12))]


def test_gi_figures_are_checked_and_replaced(store: Store,
                                             westfriesland: dict[str, int]) -> None:
    ids = westfriesland
    with pytest.raises(ValidationError) as negative:
        gi_figures.save_gi_figures(store, MEETMOMENT, [
            GiFigureInput(ids[NOORD], ids["Hoorn"], -1)])
    assert negative.value.field == "rows[0].waiting_jeugdbeschermer"
    with pytest.raises(ValidationError) as wrong_kind:
        gi_figures.save_gi_figures(store, MEETMOMENT, [GiFigureInput(ids["Hoorn"], ids[NOORD])])
    assert wrong_kind.value.field == "rows[0].gi_id"
    with pytest.raises(ValidationError, match="toekomst"):
        gi_figures.save_gi_figures(store, date(2027, 1, 1), [])
    # An empty row removes the GI × gemeente; the rest stays.
    count = gi_figures.save_gi_figures(store, MEETMOMENT, [
        GiFigureInput(ids[WSS], ids["Hoorn"])])
    assert count == 2
    grid = gi_figures.grid_rows(store, MEETMOMENT)
    assert len(grid) == 4  # 2 GIs × 2 gemeenten
    assert [r.waiting_jeugdhulp for r in grid if r.gi_id == ids[NOORD]] == [1, 9]


def test_the_gi_spreadsheet_round_trip(store: Store, westfriesland: dict[str, int],
                                       tmp_path: Path) -> None:
    template = tmp_path / "sjabloon.xlsx"
    template.write_bytes(gi_workbook.template_bytes(store, MEETMOMENT))
    book = load_workbook(template)
    sheet = book[gi_workbook.SHEET]
    assert [c.value for c in sheet[1]] == gi_workbook.headers()
    rows = {(r[1], r[3]): r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[(NOORD, "Hoorn")][2] == "41202536"
    assert rows[(NOORD, "Hoorn")][4] == "GM0405"
    assert rows[(NOORD, "Hoorn")][5:] == (3, 9, 12, 14.5, 21)
    # The GI fills it in: changed numbers, one row by code only, text numbers with a comma.
    for line in sheet.iter_rows(min_row=2):
        if line[1].value == WSS and line[3].value == "Enkhuizen":
            line[1].value, line[3].value = None, None  # found by KvK number and CBS code
            line[5].value, line[8].value = "7", "13,5"
    book.save(template)
    read = gi_workbook.read_gi_workbook(store, template, MEETMOMENT)
    found = {(r.gi_id, r.municipality_id): r for r in read.rows}
    assert found[(westfriesland[WSS], westfriesland["Enkhuizen"])].waiting_jeugdbeschermer == 7
    assert found[(westfriesland[WSS], westfriesland["Enkhuizen"])].caseload == 13.5
    assert len(read.rows) == 4
    gi_figures.save_gi_figures(store, MEETMOMENT, read.rows, source=template.name)
    assert monitor.monitor_at(store, MEETMOMENT).table(m.GI_REPORT_KEY).total.values[1] == 12


@pytest.mark.parametrize(("changes", "words"), [
    ({6: "veel"}, "Rij 2, kolom ‘Wacht op vaste jeugdbeschermer’: ‘veel’ is geen getal"),
    ({2: "Onbekende GI", 3: None}, "Rij 2: GI ‘Onbekende GI’ is niet bekend"),
    ({1: date(2026, 6, 1)}, "is niet het gekozen meetmoment 01-10-2026"),
    ({7: 2.5}, "vul een heel getal in"),
])
def test_a_gi_spreadsheet_with_mistakes_is_refused_naming_the_cell(
        store: Store, westfriesland: dict[str, int], tmp_path: Path,
        changes: dict[int, object], words: str) -> None:
    path = tmp_path / "fout.xlsx"
    path.write_bytes(gi_workbook.template_bytes(store, MEETMOMENT))
    book = load_workbook(path)
    for column, value in changes.items():
        book[gi_workbook.SHEET].cell(row=2, column=column).value = value
    book.save(path)
    with pytest.raises(ValidationError) as refused:
        gi_workbook.read_gi_workbook(store, path, MEETMOMENT)
    assert words in refused.value.message
    nothing = tmp_path / "leeg.xlsx"
    Workbook().save(nothing)
    with pytest.raises(ValidationError):
        gi_workbook.read_gi_workbook(store, nothing, MEETMOMENT)
    broken = tmp_path / "kapot.xlsx"
    broken.write_text("geen werkmap")
    with pytest.raises(StorageError):
        gi_workbook.read_gi_workbook(store, broken, MEETMOMENT)


def _aggregate(store: Store, path: Path, *, suppress: bool = False) -> Path:
    return monitor_aggregate.export_aggregate(store, MEETMOMENT, path, suppress=suppress)


def test_the_aggregate_has_codes_and_counts_only(store: Store, westfriesland: dict[str, int],
                                                 tmp_path: Path) -> None:
    path = _aggregate(store, tmp_path / "westfriesland.xlsx")
    book = load_workbook(path)
    assert set(book.sheetnames) == {monitor_aggregate.INFO_SHEET, monitor_aggregate.SHEET}
    rows = list(book[monitor_aggregate.SHEET].iter_rows(values_only=True))
    assert list(rows[0]) == agg.headers()
    noord_hoorn = next(r for r in rows if r[3] == "Hoorn" and r[5] == NOORD)
    assert noord_hoorn == ("JZ05", "West Friesland", "GM0405", "Hoorn", "41202536", NOORD,
                           6, 0, 3, 9, 12, 14.5, 21)
    text = " ".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(
        values_only=True) for v in row if v is not None)
    assert "Kind" not in text  # no child
    assert "ET-" not in text  # no case number
    info = {r[0]: r[1] for r in book[monitor_aggregate.INFO_SHEET].iter_rows(values_only=True)}
    assert info["Definities"] == m.DEFINITIONS_VERSION
    assert info["Meetmoment"].date() == MEETMOMENT
    suppressed = load_workbook(_aggregate(store, tmp_path / "open.xlsx", suppress=True))
    hidden = next(r for r in suppressed[monitor_aggregate.SHEET].iter_rows(values_only=True)
                  if r[3] == "Enkhuizen" and r[5] == NOORD)
    assert hidden[6:10] == (0, "<5", "<5", "<5")


def test_combining_two_regions_gives_the_sum(store: Store, westfriesland: dict[str, int],
                                             alkmaar: Store, tmp_path: Path) -> None:
    first = _aggregate(store, tmp_path / "a.xlsx")
    second = _aggregate(alkmaar, tmp_path / "b.xlsx")
    combined = monitor_aggregate.combine_files([first, second], tmp_path / "national.xlsx")
    parts = [monitor_aggregate.read_aggregate(p).rows for p in (first, second)]
    assert sorted(r.identity() for r in combined.rows) == \
        sorted(r.identity() for rows in parts for r in rows)
    book = load_workbook(combined.path)
    total = list(book["Totaal"].iter_rows(values_only=True))[1]
    counts = total[6:11]
    expected = [sum(int(r.values[i] or 0) for rows in parts for r in rows) for i in range(5)]
    assert list(counts) == expected == [14, 7, 9, 23, 27]
    per_gi = {r[5]: r for r in book["Per GI"].iter_rows(min_row=2, values_only=True)}
    assert per_gi[NOORD][4] == "41202536"
    assert per_gi[NOORD][6] == 13  # 6 in Hoorn, 7 in Alkmaar
    assert per_gi[NOORD][11] == pytest.approx(round((12 * 14.5 + 4 * 16 + 8 * 15) / 24, 1))
    per_region = {r[0]: r for r in book["Per jeugdregio"].iter_rows(min_row=2,
                                                                    values_only=True)}
    assert per_region["JZ05"][6:8] == (7, 2)
    assert per_region["JZ06"][6:8] == (7, 5)
    # A combined file adds up again like a region's file.
    again = monitor_aggregate.combine_files([combined.path, _aggregate(
        store, tmp_path / "a2.xlsx")], tmp_path / "twice.xlsx")
    noord_hoorn = next(r for r in again.rows if r.gi_name == NOORD and
                       r.municipality_name == "Hoorn")
    assert noord_hoorn.value("own_pj") == 12


def test_combining_mismatched_files_is_refused(store: Store, westfriesland: dict[str, int],
                                               alkmaar: Store, tmp_path: Path) -> None:
    first = _aggregate(store, tmp_path / "a.xlsx")
    other_day = monitor_aggregate.export_aggregate(alkmaar, date(2026, 9, 1),
                                                   tmp_path / "b.xlsx")
    with pytest.raises(ValidationError, match="hetzelfde meetmoment") as refused:
        monitor_aggregate.combine_files([first, other_day], tmp_path / "x.xlsx")
    assert "01-10-2026" in refused.value.message
    assert "01-09-2026" in refused.value.message
    older = tmp_path / "older.xlsx"
    book = load_workbook(_aggregate(alkmaar, tmp_path / "c.xlsx"))
    for row in book[monitor_aggregate.INFO_SHEET].iter_rows():
        if row[0].value == "Definities":
            row[1].value = "2025.3"
    book.save(older)
    with pytest.raises(ValidationError, match=r"definities versie 2026\.1.*versie 2025\.3"):
        monitor_aggregate.combine_files([first, older], tmp_path / "x.xlsx")
    with pytest.raises(ValidationError, match="geen geaggregeerde monitor"):
        monitor_aggregate.combine_files([first, _gi_template(store, tmp_path)],
                                        tmp_path / "x.xlsx")
    with pytest.raises(ValidationError, match="ten minste twee"):
        monitor_aggregate.combine_files([first], tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def _gi_template(store: Store, tmp_path: Path) -> Path:
    path = tmp_path / "sjabloon.xlsx"
    path.write_bytes(gi_workbook.template_bytes(store, MEETMOMENT))
    return path


def test_cli_combine_and_aggregate(store: Store, westfriesland: dict[str, int], alkmaar: Store,
                                   tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = database_args(store)
    first, second = tmp_path / "a.xlsx", _aggregate(alkmaar, tmp_path / "b.xlsx")
    assert main([*database, "monitor", "aggregaat", "--datum",
                 MEETMOMENT.isoformat(), "--open", "-o", str(first)]) == 0
    out = tmp_path / "national.xlsx"
    assert main(["monitor", "combine", str(first), str(second), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2 bestanden opgeteld (meetmoment 01-10-2026" in printed
    assert out.exists()
    wrong = monitor_aggregate.export_aggregate(alkmaar, date(2026, 9, 1), tmp_path / "c.xlsx")
    assert main(["monitor", "combine", str(first), str(wrong), "-o", str(out)]) == 2
    assert "hetzelfde meetmoment" in capsys.readouterr().err
    assert TODAY > MEETMOMENT


def test_a_gi_is_known_by_its_kvk_number(store: Store) -> None:
    created = organisations.create_organisation(store, OrganisationInput(
        OrganisationKind.GI, "GI Test", kvk_number=" 4120 2536 "))
    assert created.kvk_number == "41202536"
    with pytest.raises(ValidationError) as wrong:
        organisations.create_organisation(store, OrganisationInput(
            OrganisationKind.GI, "GI Fout", kvk_number="1234"))
    assert wrong.value.field == "kvk_number"


def test_cli_publishes_and_reads_a_gi_spreadsheet(
        store: Store, westfriesland: dict[str, int], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from expertteam.services import monitor_publication

    database = database_args(store)
    template = tmp_path / "gi.xlsx"
    assert main([*database, "monitor", "gi-sjabloon", "--datum",
                 MEETMOMENT.isoformat(), "-o", str(template)]) == 0
    book = load_workbook(template)
    book[gi_workbook.SHEET].cell(row=2, column=6).value = 9
    book.save(template)
    assert main([*database, "monitor", "gi-import", str(template), "--datum",
                 MEETMOMENT.isoformat()]) == 0
    assert "regels met GI-cijfers ingelezen" in capsys.readouterr().out
    assert main([*database, "monitor", "publiceer", "--datum",
                 MEETMOMENT.isoformat()]) == 0
    assert "gepubliceerd op" in capsys.readouterr().out
    assert [p.meetmoment for p in monitor_publication.list_publications(store)] == [MEETMOMENT]
