"""Facts entered after the fact: a meetmoment between the event and its entry counts right as
known now, and as it was reported then (frozen at publication, and recomputed from what had been
recorded by that moment)."""

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from expertteam.domain import monitor as m
from expertteam.domain import tables as t
from expertteam.domain.enums import (
    BlockerKind,
    ClosingResult,
    MeasureKind,
    OrganisationKind,
    WaitingFor,
)
from expertteam.domain.errors import NeedsConfirmationError, ValidationError
from expertteam.domain.signal_criteria import SignalKind
from expertteam.domain.terms import TermKind
from expertteam.domain.waiting import Category
from expertteam.services import (
    case_history,
    case_register,
    cases,
    dashboard,
    monitor,
    monitor_publication,
    organisations,
    signals,
)
from expertteam.services.case_data import BlockerInput, CaseInput, MeasureInput
from expertteam.services.organisations import ContactInput, OrganisationInput
from expertteam.services.store import Store
from tests.conftest import TODAY, pin_day

START = date(2026, 1, 12)  # the children were registered
EVENT = date(2026, 5, 20)  # the fact took effect
MEETMOMENT = date(2026, 6, 1)
PUBLISHED = date(2026, 6, 3)
ENTERED = date(2026, 6, 10)  # the fact was typed
LATER = date(2026, 6, 20)


@pytest.fixture
def orgs(store: Store) -> dict[str, int]:
    def add(kind: OrganisationKind, name: str, code: str | None = None) -> int:
        return organisations.create_organisation(store, OrganisationInput(kind, name, code)).id

    found = {"hoorn": add(OrganisationKind.MUNICIPALITY, "Hoorn", "GM0405"),
             "enkhuizen": add(OrganisationKind.MUNICIPALITY, "Enkhuizen", "GM0388"),
             "noord": add(OrganisationKind.GI, "Jeugdbescherming Noord"),
             "west": add(OrganisationKind.GI, "Jeugdbescherming West")}
    found["sanne"] = organisations.create_contact(store, ContactInput(
        found["noord"], "Sanne Bakker")).id
    return found


def _child(orgs: dict[str, int], *, waiting_for: WaitingFor | None = None,
           since: date | None = START, referred: date = START,
           blockers: list[BlockerInput] | None = None,
           measures: list[MeasureInput] | None = None) -> CaseInput:
    return CaseInput(given_names="Noël", surname="Test", referred_on=referred,
                     birth_date=date(2014, 5, 1), municipality_id=orgs["hoorn"],
                     gi_id=orgs["noord"], waiting_for=waiting_for,
                     waiting_since=since if waiting_for else None,
                     measures=measures if measures is not None else [
                         MeasureInput(MeasureKind.OTS, START, START, START, START)],
                     blockers=blockers or [])


def _create(store: Store, data: CaseInput, on: date = START) -> int:
    pin_day(on)
    return cases.create_case(store, data).id


def _update(store: Store, case_id: int, change: Callable[[CaseInput], CaseInput], *,
            effective_on: date | None = None) -> None:
    current = cases.get_case(store, case_id)
    cases.update_case(store, case_id, change(current.to_input()), effective_on=effective_on,
                      confirmed=True)


class Views:
    """The meetmoment as known now, as published then, and recomputed as known then."""

    def __init__(self, store: Store, publication: monitor_publication.PublicationInfo) -> None:
        pin_day(TODAY)
        self.now = monitor.monitor_at(store, MEETMOMENT)
        self.published = monitor_publication.published_report(store, publication.id)
        self.recomputed = monitor.monitor_at(store, MEETMOMENT,
                                             known_at=publication.published_at)
        self.store, self.publication = store, publication

    def both_then(self) -> tuple[m.MonitorReport, m.MonitorReport]:
        return self.published, self.recomputed


def _publish(store: Store) -> monitor_publication.PublicationInfo:
    pin_day(PUBLISHED)
    return monitor_publication.publish_monitor(store, MEETMOMENT)


def _enter(store: Store, action: Callable[[], object]) -> None:
    pin_day(ENTERED)
    action()


def _waiting(report: m.MonitorReport, category: Category | None = None) -> int:
    if category is None:
        return report.total_now
    return report.waiting_now[category]


def _cell(report: m.MonitorReport, key: str, labels: tuple[str, ...], column: int) -> t.Value:
    row = report.table(key).row(*labels)
    return None if row is None else row.values[column]


def test_help_started_entered_late_ends_the_wait_from_its_own_day(
        store: Store, orgs: dict[str, int]) -> None:
    case = _create(store, _child(orgs, waiting_for=WaitingFor.PASSENDE_JEUGDHULP))
    publication = _publish(store)
    # Only "Hulp gestart op" is filled in: the wait ends on that day, not on the day typed.
    _enter(store, lambda: _update(store, case, lambda d: replace(d, help_started_on=EVENT)))
    views = Views(store, publication)
    assert _waiting(views.now) == 0
    for then in views.both_then():
        assert _waiting(then, Category.PASSENDE_JEUGDHULP) == 1
    # A meetmoment between the start of help and the day it was typed, as known now.
    pin_day(TODAY)
    assert _waiting(monitor.monitor_at(store, date(2026, 6, 5))) == 0
    assert _waiting(monitor.monitor_at(store, date(2026, 5, 19))) == 1


def test_the_lead_time_table_counts_back_dated_starts(store: Store,
                                                      orgs: dict[str, int]) -> None:
    case = _create(store, _child(orgs, waiting_for=WaitingFor.PASSENDE_JEUGDHULP))
    publication = _publish(store)
    _enter(store, lambda: _update(store, case, lambda d: replace(d, help_started_on=EVENT)))
    views = Views(store, publication)
    lead = views.now.table("doorlooptijd")
    days = (EVENT - START).days
    assert lead.rows[0].values == (1, days, days)  # referral to help
    assert lead.rows[1].values == (1, days, days)  # start of the wait to help
    assert lead.rows[0].case_ids == (case,)
    for then in views.both_then():
        assert then.table("doorlooptijd").rows[0].values[0] == 0


def test_a_wait_entered_late_counts_from_the_day_it_began(store: Store,
                                                          orgs: dict[str, int]) -> None:
    case = _create(store, _child(orgs))
    publication = _publish(store)
    _enter(store, lambda: _update(store, case, lambda d: replace(
        d, waiting_for=WaitingFor.VASTE_JEUGDBESCHERMER, waiting_since=EVENT)))
    views = Views(store, publication)
    assert _waiting(views.now, Category.VASTE_JEUGDBESCHERMER) == 1
    assert views.now.table("wachttijd_dagen").rows[1].values[2] == (MEETMOMENT - EVENT).days
    for then in views.both_then():
        assert _waiting(then) == 0


def test_the_start_of_a_wait_corrected_to_later(store: Store, orgs: dict[str, int]) -> None:
    case = _create(store, _child(orgs, waiting_for=WaitingFor.PASSENDE_JEUGDHULP))
    publication = _publish(store)
    # It began on 5 June, not on 12 January: the meetmoment of 1 June did not count it.
    _enter(store, lambda: _update(store, case, lambda d: replace(
        d, waiting_since=date(2026, 6, 5))))
    views = Views(store, publication)
    assert _waiting(views.now) == 0
    pin_day(TODAY)
    assert _waiting(monitor.monitor_at(store, date(2026, 6, 6))) == 1
    for then in views.both_then():
        assert _waiting(then) == 1


def test_a_closing_dated_back(store: Store, orgs: dict[str, int]) -> None:
    case = _create(store, _child(orgs, waiting_for=WaitingFor.PASSENDE_JEUGDHULP))
    publication = _publish(store)
    with pytest.raises(NeedsConfirmationError):  # it corrects the published meetmoment
        _enter(store, lambda: cases.close_case(store, case, ClosingResult.MOVED, EVENT))
    _enter(store, lambda: cases.close_case(store, case, ClosingResult.MOVED, EVENT,
                                           confirmed=True))
    views = Views(store, publication)
    assert _waiting(views.now) == 0
    assert _cell(views.now, "instroom_uitstroom", ("Afgesloten",), 0) == 1
    assert _cell(views.now, "afsluitresultaat", (ClosingResult.MOVED.label,), 0) == 1
    for then in views.both_then():
        assert _waiting(then) == 1
        assert _cell(then, "instroom_uitstroom", ("Afgesloten",), 0) == 0


def test_gemeente_gi_and_jeugdbeschermer_changed_from_an_earlier_day(
        store: Store, orgs: dict[str, int]) -> None:
    case = _create(store, _child(orgs, waiting_for=WaitingFor.PASSENDE_JEUGDHULP))
    publication = _publish(store)
    _enter(store, lambda: _update(store, case, lambda d: replace(
        d, municipality_id=orgs["enkhuizen"], gi_id=orgs["west"]), effective_on=EVENT))
    views = Views(store, publication)
    key = "gi_gemeente"
    assert _cell(views.now, key, ("Jeugdbescherming West", "Enkhuizen"), 0) == 1
    assert _cell(views.now, key, ("Jeugdbescherming Noord", "Hoorn"), 0) == 0
    for then in views.both_then():
        assert _cell(then, key, ("Jeugdbescherming Noord", "Hoorn"), 0) == 1
        assert then.table(key).row("Jeugdbescherming West", "Enkhuizen") is None
    # The jeugdbeschermer: assigned from the day given, recorded when typed.
    pin_day(ENTERED)
    _update(store, case, lambda d: replace(d, gi_id=orgs["noord"],
                                           jeugdbeschermer_id=orgs["sanne"]),
            effective_on=EVENT)
    assigned = [e for e in case_history.case_history(store, case)
                if e.field == "jeugdbeschermer_id" and not e.superseded]
    assert [(e.value, e.effective_on, e.recorded_at.date()) for e in assigned] == [
        (str(orgs["sanne"]), EVENT, ENTERED)]


def test_blockers_begun_resolved_and_changed_late(store: Store, orgs: dict[str, int]) -> None:
    first = _create(store, _child(orgs, blockers=[
        BlockerInput(BlockerKind.WAITING_LIST, since=START)]))
    second = _create(store, _child(orgs, blockers=[
        BlockerInput(BlockerKind.ADMISSION_STOP, since=START)]))
    third = _create(store, _child(orgs))
    publication = _publish(store)

    def late() -> None:
        # Resolved on the 20th of May, typed in June.
        detail = cases.get_case(store, first)
        resolved = [replace(b.to_input(), resolved_on=EVENT) for b in detail.blockers]
        _update(store, first, lambda d: replace(d, blockers=resolved))
        # The admission stop was a financing dispute from the 20th of May on.
        detail = cases.get_case(store, second)
        changed = [replace(b.to_input(), kind=BlockerKind.FINANCING_DISPUTE)
                   for b in detail.blockers]
        _update(store, second, lambda d: replace(d, blockers=changed), effective_on=EVENT)
        # A blocker that began on the 20th of May, added in June.
        _update(store, third, lambda d: replace(d, blockers=[
            BlockerInput(BlockerKind.PLACEMENT_UNAVAILABLE, since=EVENT)]))

    _enter(store, late)
    views = Views(store, publication)

    def counts(report: m.MonitorReport) -> dict[BlockerKind, int]:
        table = report.table(m.BLOCKER_KEY)
        return {kind: int(_cell(report, m.BLOCKER_KEY, (kind.label,), 0) or 0)
                for kind in BlockerKind if table.row(kind.label) is not None}

    now = counts(views.now)
    assert now[BlockerKind.WAITING_LIST] == 0
    assert now[BlockerKind.ADMISSION_STOP] == 0
    assert now[BlockerKind.FINANCING_DISPUTE] == 1
    assert now[BlockerKind.PLACEMENT_UNAVAILABLE] == 1
    for then in views.both_then():
        before = counts(then)
        assert before[BlockerKind.WAITING_LIST] == 1
        assert before[BlockerKind.ADMISSION_STOP] == 1
        assert before[BlockerKind.FINANCING_DISPUTE] == 0
        assert before[BlockerKind.PLACEMENT_UNAVAILABLE] == 0
    # Before the change of kind it was an admission stop, also as known now.
    pin_day(TODAY)
    april = monitor.monitor_at(store, date(2026, 4, 1))
    assert _cell(april, m.BLOCKER_KEY, (BlockerKind.ADMISSION_STOP.label,), 0) == 1


def test_measure_dates_entered_late(store: Store, orgs: dict[str, int]) -> None:
    charged = date(2026, 3, 2)  # the plan was due six weeks later, on 13 April
    planned = _create(store, _child(orgs, measures=[
        MeasureInput(MeasureKind.OTS, charged, charged, charged)]), charged)
    mistaken = _create(store, _child(orgs, measures=[
        MeasureInput(MeasureKind.OTS, START, START, START, START),
        MeasureInput(MeasureKind.VOORLOPIGE_OTS, charged, charged, charged)]), charged)
    publication = _publish(store)

    def late() -> None:
        _update(store, planned, lambda d: replace(d, measures=[
            replace(d.measures[0], plan_on=EVENT)]))
        _update(store, mistaken, lambda d: replace(d, measures=d.measures[:1]))  # removed

    _enter(store, late)
    views = Views(store, publication)
    label = (TermKind.PLAN_VAN_AANPAK.label,)
    assert _cell(views.now, m.TERMS_KEY, label, 0) == 0
    for then in views.both_then():
        assert _cell(then, m.TERMS_KEY, label, 0) == 2
        assert set(then.table(m.TERMS_KEY).rows[1].case_ids) == {planned, mistaken}
    pin_day(TODAY)
    may = monitor.monitor_at(store, date(2026, 5, 1))  # before the plan: overdue, as known now
    assert may.table(m.TERMS_KEY).rows[1].case_ids == (planned,)


def test_referrals_entered_late_and_corrected(store: Store, orgs: dict[str, int]) -> None:
    moved = _create(store, _child(orgs, waiting_for=WaitingFor.PASSENDE_JEUGDHULP))
    publication = _publish(store)

    def late() -> None:
        cases.create_case(store, _child(orgs, waiting_for=WaitingFor.PASSENDE_JEUGDHULP,
                                        since=EVENT, referred=EVENT), confirmed=True)
        # The first child was referred on 5 June, not in January.
        _update(store, moved, lambda d: replace(d, referred_on=date(2026, 6, 5)))

    _enter(store, late)
    views = Views(store, publication)
    assert _waiting(views.now) == 1
    assert moved not in views.now.table("gi_gemeente").total.case_ids
    for then in views.both_then():
        assert then.table("gi_gemeente").total.case_ids == (moved,)
    pin_day(TODAY)
    june = monitor.monitor_at(store, date(2026, 6, 15))
    assert _waiting(june) == 2
    assert _cell(june, "gi_gemeente", ("Jeugdbescherming Noord", "Hoorn"), 0) == 2


def test_referral_corrected_to_earlier_keeps_gemeente_and_gi(store: Store,
                                                            orgs: dict[str, int]) -> None:
    case = _create(store, _child(orgs, waiting_for=WaitingFor.PASSENDE_JEUGDHULP,
                                 referred=date(2026, 3, 1), since=date(2026, 2, 1)),
                   date(2026, 3, 1))
    pin_day(ENTERED)
    _update(store, case, lambda d: replace(d, referred_on=date(2026, 2, 10)))
    pin_day(TODAY)
    report = monitor.monitor_at(store, date(2026, 2, 15))
    assert _cell(report, "gi_gemeente", ("Jeugdbescherming Noord", "Hoorn"), 0) == 1


def test_correcting_the_day_of_an_earlier_change(store: Store, orgs: dict[str, int]) -> None:
    case = _create(store, _child(orgs, waiting_for=WaitingFor.PASSENDE_JEUGDHULP))
    pin_day(date(2026, 5, 25))
    _update(store, case, lambda d: replace(d, municipality_id=orgs["enkhuizen"]))
    publication = _publish(store)
    moved = next(e for e in case_history.case_history(store, case)
                 if e.field == "municipality_id" and e.value == str(orgs["enkhuizen"]))
    assert moved.correctable
    # Typed on 25 May, but the family moved on 5 June: corrected later (the row is kept).
    _enter(store, lambda: case_history.correct_change(store, case, moved.id, date(2026, 6, 5)))
    pin_day(TODAY)
    rows = [e for e in case_history.case_history(store, case) if e.field == "municipality_id"]
    assert [(e.effective_on, e.superseded, e.correction) for e in rows] == [
        (START, False, False), (date(2026, 5, 25), True, False),
        (date(2026, 6, 5), False, True)]
    views = Views(store, publication)
    assert _cell(views.now, "gemeente", ("Hoorn",), 0) == 1
    for then in views.both_then():
        assert _cell(then, "gemeente", ("Enkhuizen",), 0) == 1
    # And corrected once more, to earlier than the meetmoment.
    pin_day(LATER)
    current = next(e for e in case_history.case_history(store, case)
                   if e.field == "municipality_id" and e.correction and not e.superseded)
    case_history.correct_change(store, case, current.id, date(2026, 5, 1))
    pin_day(TODAY)
    assert _cell(monitor.monitor_at(store, MEETMOMENT), "gemeente", ("Enkhuizen",), 0) == 1
    with pytest.raises(ValidationError) as future:
        case_history.correct_change(store, case, rows[0].id, date(2027, 1, 1))
    assert future.value.field == "effective_on"
    help_row = next(e for e in case_history.case_history(store, case)
                    if e.field == "referred_on")
    with pytest.raises(ValidationError, match="datum zelf"):
        case_history.correct_change(store, case, help_row.id, START)


def test_published_figures_never_change_and_the_corrections_name_their_cases(
        store: Store, orgs: dict[str, int]) -> None:
    case = _create(store, _child(orgs, waiting_for=WaitingFor.PASSENDE_JEUGDHULP))
    other = _create(store, _child(orgs, waiting_for=WaitingFor.VASTE_JEUGDBESCHERMER))
    publication = _publish(store)
    before = monitor_publication.published_report(store, publication.id)
    _enter(store, lambda: _update(store, case, lambda d: replace(d, help_started_on=EVENT)))
    after = monitor_publication.published_report(store, publication.id)
    assert m.report_to_json(after) == m.report_to_json(before)
    pin_day(TODAY)
    report = monitor_publication.corrections_since(store, publication.id)
    changed = [c for c in report.corrections if c.table_key == "gi_gemeente"
               and c.labels[0] == "Jeugdbescherming Noord"]
    passende = next(c for c in changed if c.column == Category.PASSENDE_JEUGDHULP.label)
    assert (passende.then, passende.now, passende.removed, passende.added) == (1, 0, (case,), ())
    assert other not in {c for correction in report.corrections for c in correction.case_ids}
    assert report.cases[case].startswith(cases.get_case(store, case).case_number)
    assert "Noël" not in report.cases[case]
    entries = report.late_entries[case]
    assert [(e.field_label, e.effective_on, e.recorded_at.date()) for e in entries] == [
        ("Hulp gestart op", EVENT, ENTERED)]
    assert [p.id for p in monitor_publication.list_publications(store, MEETMOMENT)] == [
        publication.id]


def test_a_change_before_a_published_meetmoment_asks_for_confirmation(
        store: Store, orgs: dict[str, int]) -> None:
    case = _create(store, _child(orgs, waiting_for=WaitingFor.PASSENDE_JEUGDHULP))
    _publish(store)
    pin_day(ENTERED)
    detail = cases.get_case(store, case)
    with pytest.raises(NeedsConfirmationError) as asked:
        cases.update_case(store, case, replace(detail.to_input(), help_started_on=EVENT))
    assert asked.value.field == "effective_on"
    assert "gepubliceerde meetmoment van 01-06-2026" in asked.value.message
    assert cases.get_case(store, case).help_started_on is None  # nothing saved
    # A change from after the meetmoment touches nothing published.
    cases.update_case(store, case, replace(detail.to_input(), help_started_on=date(2026, 6, 8)))


def test_hulp_gestart_alone_ends_the_wait_everywhere(store: Store,
                                                    orgs: dict[str, int]) -> None:
    case = _create(store, _child(orgs, waiting_for=WaitingFor.PASSENDE_JEUGDHULP))
    pin_day(TODAY)

    def waiting_signals() -> list[object]:
        return [row for row in signals.current_signals(store)
                if row.signal.kind is SignalKind.WAITING_TOO_LONG and
                case in row.signal.case_ids]

    assert waiting_signals()
    _update(store, case, lambda d: replace(d, help_started_on=EVENT))
    detail = cases.get_case(store, case)
    assert detail.waiting_for is WaitingFor.PASSENDE_JEUGDHULP  # "Wacht op" still filled in
    term = next(term for term in detail.terms if term.kind is TermKind.HELP_EXPECTED)
    assert term.met_on == EVENT
    row = next(r for r in case_register.list_register(store) if r.id == case)
    assert (row.waiting_for, row.days_waiting) == (None, None)
    board = dashboard.dashboard(store)
    assert board.figure("waiting_passende_jeugdhulp").count == 0
    assert not waiting_signals()
    assert monitor.monitor_at(store, TODAY).total_now == 0


def test_the_day_a_change_took_effect_is_checked(store: Store, orgs: dict[str, int]) -> None:
    case = _create(store, _child(orgs, waiting_for=WaitingFor.PASSENDE_JEUGDHULP,
                                 since=date(2026, 2, 1)), date(2026, 2, 1))
    pin_day(TODAY)
    detail = cases.get_case(store, case)
    for day, message in ((date(2027, 1, 1), "toekomst"), (date(2025, 12, 1), "aanmelddatum")):
        with pytest.raises(ValidationError, match=message) as wrong:
            cases.update_case(store, case, replace(detail.to_input(), gi_id=orgs["west"]),
                              effective_on=day)
        assert wrong.value.field == "effective_on"
    with pytest.raises(ValidationError, match="eindigen vóór het begon"):
        cases.update_case(store, case, replace(detail.to_input(), waiting_for=None,
                                               waiting_since=None),
                          effective_on=date(2026, 1, 20))
