import re
from dataclasses import replace
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from expertteam import formatting as fmt
from expertteam.domain import monitor as m
from expertteam.domain import tables as t
from expertteam.domain.enums import (
    ActionStatus,
    AgendaItemKind,
    AuditAction,
    BlockerKind,
    ClosingResult,
    MeasureKind,
    MeetingStatus,
    OrganisationKind,
    WaitingFor,
)
from expertteam.domain.errors import ValidationError
from expertteam.domain.escalation import EscalationLevel, EscalationStatus
from expertteam.domain.waiting import Category
from expertteam.services import (
    audit,
    audit_verify,
    case_register,
    cases,
    dashboard,
    meetings,
    monitor,
    monitor_export,
    organisations,
)
from expertteam.services.case_data import BlockerInput, CaseInput, MeasureInput
from expertteam.services.meeting_data import MeetingInput
from expertteam.services.organisations import OrganisationInput
from expertteam.services.store import Store
from expertteam.storage.models.actions import Action
from expertteam.storage.models.escalations import Escalation, EscalationCase
from expertteam.storage.models.meetings import AgendaItem, Meeting
from tests.conftest import TODAY, database_args, pin_day

T1 = date(2026, 3, 2)
T2 = date(2026, 5, 4)
T3 = date(2026, 7, 1)


def _org(store: Store, kind: OrganisationKind, name: str, code: str | None = None) -> int:
    return organisations.create_organisation(store, OrganisationInput(kind, name, code)).id


def _child(given: str, municipality: int, gi: int, waiting_for: WaitingFor | None,
           since: date, referred: date, blockers: list[BlockerInput] | None = None) -> CaseInput:
    return CaseInput(given_names=given, surname="Test", referred_on=referred,
                     birth_date=date(2014, 5, 1), municipality_id=municipality, gi_id=gi,
                     waiting_for=waiting_for, waiting_since=since if waiting_for else None,
                     measures=[MeasureInput(MeasureKind.OTS, referred, referred)],
                     blockers=blockers or [])


@pytest.fixture
def history(store: Store) -> dict[str, int]:
    """Four children whose register changes three times after their referral."""
    ids = {
        "hoorn": _org(store, OrganisationKind.MUNICIPALITY, "Hoorn", "GM0405"),
        "enkhuizen": _org(store, OrganisationKind.MUNICIPALITY, "Enkhuizen", "GM0388"),
        "noord": _org(store, OrganisationKind.GI, "Jeugdbescherming Noord"),
        "west": _org(store, OrganisationKind.GI, "Jeugdbescherming West"),
    }
    pin_day(T1)
    ids["a"] = cases.create_case(store, _child(
        "Anaïs", ids["hoorn"], ids["noord"], WaitingFor.PASSENDE_JEUGDHULP, T1, T1,
        [BlockerInput(BlockerKind.WAITING_LIST, since=T1)])).id
    ids["b"] = cases.create_case(store, _child(
        "Bram", ids["enkhuizen"], ids["west"], WaitingFor.VASTE_JEUGDBESCHERMER, T1, T1)).id
    ids["c"] = cases.create_case(store, _child(
        "Chloë", ids["hoorn"], ids["noord"], WaitingFor.PLACEMENT, T1, T1)).id
    # 4 May: help starts for A (its blocker is taken off), B moves to Noord and now waits for
    # help, and D is registered after the fact, referred on 15 April.
    pin_day(T2)
    a = cases.get_case(store, ids["a"])
    cases.update_case(store, a.id, replace(a.to_input(), waiting_for=None, waiting_since=None,
                                           help_started_on=T2, blockers=[]))
    b = cases.get_case(store, ids["b"])
    cases.update_case(store, b.id, replace(b.to_input(), gi_id=ids["noord"],
                                           waiting_for=WaitingFor.PASSENDE_JEUGDHULP,
                                           waiting_since=T2))
    ids["d"] = cases.create_case(store, _child(
        "Daan", ids["hoorn"], ids["west"], WaitingFor.PASSENDE_JEUGDHULP, date(2026, 4, 15),
        date(2026, 4, 15))).id
    # 1 July: C is closed, dated back to 15 June.
    pin_day(T3)
    cases.close_case(store, ids["c"], ClosingResult.PLACED, date(2026, 6, 15))
    pin_day(TODAY)
    return ids


def _row(table: t.Table, *labels: str) -> tuple[t.Value, ...]:
    for row in table.rows:
        if row.labels == labels:
            return row.values
    raise AssertionError(f"no row {labels} in {[r.labels for r in table.rows]}")


def test_counts_at_a_past_meetmoment_come_from_the_history(store: Store,
                                                           history: dict[str, int]) -> None:
    april = monitor.monitor_at(store, date(2026, 4, 1), previous=date(2026, 2, 1))
    table = april.table("gi_gemeente")
    # PJ, VJB, total, previous total, change
    assert _row(table, "Jeugdbescherming Noord", "Hoorn") == (2, 0, 2, 0, 2)
    assert _row(table, "Jeugdbescherming West", "Enkhuizen") == (0, 1, 1, 0, 1)
    assert len(table.rows) == 2
    assert table.total is not None
    assert table.total.values == (2, 1, 3, 0, 3)
    assert set(table.total.case_ids) == {history["a"], history["b"], history["c"]}
    assert april.waiting_now == {Category.PASSENDE_JEUGDHULP: 2,
                                 Category.VASTE_JEUGDBESCHERMER: 1}
    assert _row(april.table(m.BLOCKER_KEY), BlockerKind.WAITING_LIST.label)[0] == 1

    june = monitor.monitor_at(store, date(2026, 6, 1), previous=date(2026, 4, 1))
    table = june.table("gi_gemeente")
    assert _row(table, "Jeugdbescherming Noord", "Hoorn") == (1, 0, 1, 2, -1)  # C only
    assert _row(table, "Jeugdbescherming Noord", "Enkhuizen") == (1, 0, 1, 0, 1)  # B moved
    assert _row(table, "Jeugdbescherming West", "Hoorn") == (1, 0, 1, 0, 1)  # D
    assert _row(table, "Jeugdbescherming West", "Enkhuizen") == (0, 0, 0, 1, -1)
    assert table.total is not None
    assert table.total.values == (3, 0, 3, 3, 0)
    assert _row(june.table(m.BLOCKER_KEY), BlockerKind.WAITING_LIST.label) == (0, 1, -1)
    assert _row(june.table("gemeente"), "Hoorn")[:3] == (2, 0, 2)

    # C's closure was recorded on 1 July but dated 15 June: on 20 June it no longer waits.
    late_june = monitor.monitor_at(store, date(2026, 6, 20))
    assert late_june.waiting_now[Category.PASSENDE_JEUGDHULP] == 2


def test_flow_and_lead_times_over_a_period(store: Store, history: dict[str, int]) -> None:
    report = monitor.monitor_at(store, date(2026, 6, 30), previous=date(2026, 3, 31))
    assert (report.period_start, report.period_end) == (date(2026, 4, 1), date(2026, 6, 30))
    flow = report.table("instroom_uitstroom")
    assert [row.values[0] for row in flow.rows] == [1, 1]  # D referred, C closed
    assert flow.rows[0].case_ids == (history["d"],)
    assert _row(report.table("afsluitresultaat"), ClosingResult.PLACED.label) == (1,)
    lead = report.table("doorlooptijd")
    # A: 2 March → 4 May = 63 days; C: 2 March → 15 June (help started at closing) = 105.
    assert lead.rows[0].values == (2, 84, 84)
    assert set(lead.rows[0].case_ids) == {history["a"], history["c"]}


def test_waiting_time_and_trend(store: Store, history: dict[str, int]) -> None:
    report = monitor.monitor_at(store, date(2026, 6, 1))
    stats = report.table("wachttijd_dagen")
    # B waits since 4 May (28 days), D since 15 April (47), C since 2 March (91).
    assert stats.rows[0].values == (3, 47, 91)
    distribution = report.table("wachttijd")
    assert [row.values[2] for row in distribution.rows] == [1, 1, 1, 0, 0]
    trend = report.table(m.TREND_KEY)
    assert trend.rows[-1].day == date(2026, 6, 1)
    by_day = {row.day: row.values for row in trend.rows}
    assert by_day[date(2026, 4, 1)] == (2, 1, 3)
    assert by_day[date(2026, 6, 1)] == (3, 0, 3)
    assert min(day for day in by_day if day is not None) <= date(2026, 3, 1)


def test_wrong_dates_are_refused(store: Store) -> None:
    with pytest.raises(ValidationError) as future:
        monitor.monitor_at(store, date(2027, 1, 1))
    assert future.value.field == "meetmoment"
    with pytest.raises(ValidationError) as order:
        monitor.monitor_at(store, date(2026, 6, 1), previous=date(2026, 7, 1))
    assert order.value.field == "previous"
    with pytest.raises(ValidationError) as period:
        monitor.monitor_at(store, date(2026, 6, 1), period=(date(2026, 6, 1), date(2026, 5, 1)))
    assert period.value.field == "period"


def test_monitor_is_logged_without_personal_data(store: Store, history: dict[str, int]) -> None:
    monitor.monitor_at(store, date(2026, 6, 1))
    entry = next(e for e in audit.list_entries(store) if e.object_type == "monitor")
    assert entry.action is AuditAction.VIEW
    assert "Anaïs" not in entry.detail
    assert audit_verify.verify_chain(store) == []


# --------------------------------------------------------------------------- exports

def _pdf_text(path: Path) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(str(path)).pages)
    return re.sub(r"\s+", " ", text.replace("\u00ad", "").replace("-\n", "-"))


def _sheet_rows(path: Path) -> dict[str, list[list[object]]]:
    book = load_workbook(path)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets}


def _as_pdf_text(value: object, number_format: str) -> str:
    if isinstance(value, date):
        return fmt.short_date(value)
    if isinstance(value, int) and number_format == monitor_export.CHANGE_FORMAT:
        return t.change_text(value)
    if isinstance(value, float):
        return t.number_text(value)
    return str(value)


def test_workbook_reads_back_with_the_numbers_of_the_pdf(demo_store: Store,
                                                         tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "monitor.pdf", tmp_path / "monitor.xlsx"
    files = monitor_export.export_monitor(demo_store, TODAY, pdf_path=pdf, xlsx_path=xlsx)
    book = load_workbook(xlsx)
    pdf_text = _pdf_text(pdf)
    checked = 0
    for table in files.report.tables:
        sheet = book[monitor_export.sheet_name(table)]
        assert sheet.freeze_panes == "A2"
        header = [cell.value for cell in sheet[1]]
        codes = len(table.code_headers)  # CBS codes and KvK numbers: in the workbook only
        assert header == [*table.label_headers, *table.code_headers,
                          *(column.title for column in table.columns)]
        shown = t.show_table(table, suppress=False)
        for excel_row, row in zip(sheet.iter_rows(min_row=2), shown.rows, strict=True):
            values = [cell.value for cell in excel_row]
            numbers = values[shown.label_count + codes:]
            # Real numbers, not text, equal to the computed ones.
            assert numbers == [cell.number if cell.number is not None else cell.text
                               for cell in row.cells]
            assert all(isinstance(v, int | float) for v, c in zip(numbers, row.cells,
                                                                  strict=True)
                       if c.number is not None)
            printed = excel_row[:shown.label_count] + excel_row[shown.label_count + codes:]
            line = " ".join(_as_pdf_text(cell.value, cell.number_format)
                            for cell in printed if cell.value not in (None, ""))
            assert line in pdf_text, (table.key, line)
            checked += 1
    assert checked > 40
    assert "13" in pdf_text
    logged = [(e.action, e.object_id) for e in audit.list_entries(demo_store)
              if e.object_type == "monitor"]
    assert (AuditAction.EXPORT, "pdf") in logged
    assert (AuditAction.EXPORT, "xlsx") in logged


def test_suppression_hides_small_counts_in_both_outputs(demo_store: Store,
                                                        tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "open.pdf", tmp_path / "open.xlsx"
    monitor_export.export_monitor(demo_store, TODAY, suppress=True, pdf_path=pdf,
                                  xlsx_path=xlsx)
    sheets = _sheet_rows(xlsx)
    by_gemeente = sheets["Per gemeente"]
    assert by_gemeente[0][:5] == ["Gemeente", "CBS-code gemeente", "Passende jeugdhulp",
                                  "Vaste jeugdbeschermer", "Totaal"]
    hoorn = next(row for row in by_gemeente if row[0] == "Hoorn")
    assert hoorn[1:5] == ["GM0405", "<5", 0, "<5"]  # 3 waiting for help, 0 for a jeugdb.
    total = by_gemeente[-1]
    assert total[0] == "Totaal"
    assert total[4] == 13  # the regional total stays
    assert total[3] == "<5"  # 2 waiting for a jeugdbeschermer
    assert total[2] == "x"  # 11 would follow from 13 − 2: hidden as well
    # No count from 1 to 4 anywhere in the count columns of any sheet.
    for name, rows in sheets.items():
        if name in (monitor_export.INFO_SHEET, "Wachttijd in dagen", "Doorlooptijd",
                    "GI capaciteit"):
            continue
        for row in rows[1:]:
            for value, header in zip(row, rows[0], strict=True):
                if header != "Verschil" and isinstance(value, int):
                    assert not 0 < value < 5, (name, row)
    text = _pdf_text(pdf)
    assert "Hoorn <5 0 <5" in text
    assert "afgeschermd (<5)" in text
    assert "minder dan vijf kinderen" in text
    plain = tmp_path / "plain.xlsx"
    monitor_export.export_monitor(demo_store, TODAY, xlsx_path=plain)
    hoorn_plain = next(row for row in _sheet_rows(plain)["Per gemeente"] if row[0] == "Hoorn")
    assert hoorn_plain[2:5] == [3, 0, 3]


def test_export_needs_a_target_and_a_writable_place(demo_store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        monitor_export.export_monitor(demo_store, TODAY)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(ValidationError, match="geen map"):
        monitor_export.export_monitor(demo_store, TODAY, xlsx_path=blocker / "out.xlsx")
    with pytest.raises(ValidationError, match="staat een map"):
        monitor_export.export_monitor(demo_store, TODAY, xlsx_path=tmp_path)
    assert not list(tmp_path.glob("*.part"))
    assert not list(tmp_path.glob(".*.part"))


def test_pdf_pseudonymous_and_titled(demo_store: Store, tmp_path: Path) -> None:
    pdf = tmp_path / "m.pdf"
    monitor_export.export_monitor(demo_store, TODAY, pdf_path=pdf)
    reader = PdfReader(str(pdf))
    assert reader.metadata is not None
    assert reader.metadata.title == "Monitor wachtende kinderen jeugdbescherming"
    text = _pdf_text(pdf)
    for name in ("Noël", "Chloë", "de Vries", "ET-2026-"):
        assert name not in text
    assert "Figuur 1." in text
    assert "Figuur 3." in text
    assert len(reader.pages) >= 3


# --------------------------------------------------------------------------- dashboard

def test_dashboard_figures_lead_to_their_cases(demo_store: Store) -> None:
    board = dashboard.dashboard(demo_store)
    waiting = board.figure("waiting_passende_jeugdhulp")
    assert waiting.count == 11  # nine for help, two for a placement
    assert len(waiting.case_ids) == 11
    assert "mediaan 96 dagen" in waiting.detail
    assert "langst 171 dagen" in waiting.detail
    assert board.figure("waiting_vaste_jeugdbeschermer").count == 2
    longest = board.figure("waiting_longest")
    assert longest.count == 171
    assert len(longest.case_ids) == 1
    rows = {row.id: row for row in case_register.list_register(demo_store)}
    assert rows[longest.case_ids[0]].days_waiting == 171
    long_waits = board.figure("waiting_long")
    assert all((rows[i].days_waiting or 0) > 88 for i in long_waits.case_ids)
    first_contact = board.figure("term_first_contact")
    assert first_contact.count == 2  # the two children without a vaste jeugdbeschermer
    assert board.section(dashboard.Section.ACTIONS) == ()
    assert board.figure("meeting_next").case_ids == ()
    assert board.figure("escalations_open").count == 0


def test_dashboard_overdue_actions_per_participant_and_next_meeting(demo_store: Store) -> None:
    register = case_register.list_register(demo_store)
    provider = next(o for o in organisations.list_organisations(
        demo_store, (OrganisationKind.PROVIDER,)) if o.name == "De Kustlijn Jeugdhulp")
    gemeente = next(o for o in organisations.list_organisations(
        demo_store, (OrganisationKind.MUNICIPALITY,)) if o.name == "Hoorn")
    first, second = register[0].id, register[1].id
    with demo_store.transaction() as session:
        meeting = Meeting(held_on=date(2026, 12, 1), starts_at=time(13, 30), place="Hoorn",
                          status=MeetingStatus.PLANNED)
        old = Meeting(held_on=date(2026, 11, 1), status=MeetingStatus.CLOSED)
        session.add_all([meeting, old])
        session.flush()
        session.add(AgendaItem(meeting_id=meeting.id, case_id=second, position=1,
                               kind=AgendaItemKind.ACTIONS_DUE))
        for number, (owner, case_id, due, status) in enumerate((
                (provider.id, first, date(2026, 11, 2), ActionStatus.OPEN),
                (provider.id, second, date(2026, 11, 20), ActionStatus.OPEN),
                (gemeente.id, first, date(2026, 11, 10), ActionStatus.OPEN),
                (gemeente.id, second, date(2026, 11, 10), ActionStatus.DONE),
                (gemeente.id, second, date(2026, 12, 10), ActionStatus.OPEN)), start=1):
            session.add(Action(number=number, case_id=case_id, description="Actie",
                               owner_organisation_id=owner, due_on=due, status=status))
    board = dashboard.dashboard(demo_store)
    actions = board.section(dashboard.Section.ACTIONS)
    assert [(f.title, f.count) for f in actions] == [("De Kustlijn Jeugdhulp", 2), ("Hoorn", 1)]
    assert actions[0].case_ids == tuple(sorted((first, second)))
    assert "02-11-2026" in actions[0].detail
    assert actions[1].case_ids == (first,)
    meeting_figure = board.figure("meeting_next")
    assert meeting_figure.value == "01-12-2026"
    assert "dinsdag 1 december 2026" in meeting_figure.detail
    assert meeting_figure.case_ids == (second,)
    assert "13:30" in meeting_figure.detail
    assert "1 casus op de agenda" in meeting_figure.detail


def test_dashboard_names_a_meeting_whose_day_passed_without_closing(demo_store: Store
                                                                    ) -> None:
    last = TODAY + timedelta(days=7)
    meeting = meetings.plan_meeting(demo_store, MeetingInput(last, place="Hoorn"), [])
    assert dashboard.dashboard(demo_store).figure("meeting_next").value == fmt.short_date(last)
    pin_day(last + timedelta(days=3))  # the day came and went
    figure = dashboard.dashboard(demo_store).figure("meeting_next")
    assert figure.value == "niet gepland"
    assert figure.attention
    assert f"het overleg van {fmt.long_date(last)} is niet gehouden of niet afgesloten" \
        in figure.detail
    meetings.start_meeting(demo_store, meeting.id)
    assert "is nog bezig" in dashboard.dashboard(demo_store).figure("meeting_next").detail
    meetings.close_meeting(demo_store, meeting.id)
    closed = dashboard.dashboard(demo_store).figure("meeting_next")
    assert (closed.detail, closed.attention) == ("er staat geen overleg in de agenda", False)


def test_dashboard_open_escalations(demo_store: Store) -> None:
    register = case_register.list_register(demo_store)
    network = next(o for o in organisations.list_organisations(
        demo_store, (OrganisationKind.EXPERTISE_NETWORK,)))
    with demo_store.transaction() as session:
        sent = Escalation(reference="ESC-1", level=EscalationLevel.EXPERTISE_NETWORK,
                          addressee_id=network.id, opened_on=date(2026, 10, 1),
                          status=EscalationStatus.SENT, status_on=date(2026, 10, 1),
                          follow_up_on=date(2026, 11, 1))
        done = Escalation(reference="ESC-2", level=EscalationLevel.EXPERTISE_NETWORK,
                          addressee_id=network.id, opened_on=date(2026, 9, 1),
                          status=EscalationStatus.RESOLVED, status_on=date(2026, 10, 1))
        session.add_all([sent, done])
        session.flush()
        session.add_all([EscalationCase(escalation_id=sent.id, case_id=register[0].id),
                         EscalationCase(escalation_id=done.id, case_id=register[1].id)])
    board = dashboard.dashboard(demo_store)
    opened = board.figure("escalations_open")
    assert opened.count == 1
    assert opened.case_ids == (register[0].id,)
    assert "Bovenregionaal expertisenetwerk" in opened.detail
    late = board.figure("escalations_follow_up")
    assert late.count == 1
    assert late.attention


def test_cli_monitor_writes_the_workbook(demo_store: Store, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from expertteam import cli

    database = database_args(demo_store)
    out = tmp_path / "monitor.xlsx"
    code = cli.main([*database, "monitor", "--datum", TODAY.isoformat(),
                     "--xlsx", str(out), "--onderdrukken"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "Totaal\t\tx\t<5\t13" in printed
    assert next(r for r in _sheet_rows(out)["Per gemeente"] if r[0] == "Totaal")[4] == 13
    assert cli.main([*database, "monitor", "--van", "2026-01-01"]) == 2
