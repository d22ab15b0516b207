"""Escalation criteria: each fires exactly at its boundary, across weekends and holidays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from expertteam.domain.enums import ActionStatus, BlockerKind, CaseStatus, MeasureKind, WaitingFor
from expertteam.domain.errors import ValidationError
from expertteam.domain.signal_criteria import Period, PeriodUnit, SignalCriteria, SignalKind
from expertteam.domain.signal_facts import (
    ActionFacts,
    BlockerFacts,
    CaseFacts,
    CaseMeasure,
    EscalationFacts,
    Facts,
)
from expertteam.domain.signals import (
    actions_not_met,
    actions_overdue,
    continuity,
    evaluate,
    follow_ups_passed,
    legal_terms_passed,
    misses,
    waiting_too_long,
)
from expertteam.domain.terms import MeasureFacts

CRITERIA = SignalCriteria()


def action(id_: int = 1, *, case_id: int = 10, org: int = 100, due: date = date(2026, 11, 20),
           status: ActionStatus = ActionStatus.OPEN, postponed: int = 0) -> ActionFacts:
    return ActionFacts(id_, id_, case_id, f"ET-2026-{case_id:04d}", org, f"Org {org}", due,
                       status, postponed)


def case(id_: int = 10, *, status: CaseStatus = CaseStatus.ACTIVE,
         waiting_for: WaitingFor | None = WaitingFor.PASSENDE_JEUGDHULP,
         waiting_since: date | None = date(2026, 8, 23), municipality: int = 500,
         measures: tuple[CaseMeasure, ...] = (), closed_on: date | None = None,
         help_started_on: date | None = None) -> CaseFacts:
    return CaseFacts(id_, f"ET-2026-{id_:04d}", status, municipality, f"Gemeente {municipality}",
                     600, "GI Noord", waiting_for, waiting_since, help_started_on, closed_on,
                     measures)


# --------------------------------------------------------------------------- action overdue


@pytest.mark.parametrize(
    ("due", "today", "fires"),
    [
        # Due Friday 20 Nov 2026: 5 working days late on Fri 27; the weekend adds none.
        (date(2026, 11, 20), date(2026, 11, 27), False),
        (date(2026, 11, 20), date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 20), date(2026, 11, 29), False),  # Sunday
        (date(2026, 11, 20), date(2026, 11, 30), True),   # Monday: 6 working days
        # Due Mon 21 Dec 2026: Christmas (Fri 25) and Sat 26 do not count.
        (date(2026, 12, 21), date(2026, 12, 29), False),
        (date(2026, 12, 21), date(2026, 12, 30), True),
        # Due Fri 24 Apr 2026: Koningsdag (Mon 27) and 5 May (Tue) do not count.
        (date(2026, 4, 24), date(2026, 5, 5), False),
        (date(2026, 4, 24), date(2026, 5, 6), True),
    ],
)
def test_action_overdue_fires_after_more_than_n_working_days(due: date, today: date,
                                                             fires: bool) -> None:
    signals = actions_overdue([action(due=due)], today, CRITERIA)
    assert bool(signals) is fires
    if fires:
        assert signals[0].kind is SignalKind.ACTION_OVERDUE
        assert signals[0].action_ids == (1,)
        assert "6 werkdagen" in signals[0].text


def test_action_overdue_threshold_is_configurable_and_ignores_closed_actions() -> None:
    criteria = SignalCriteria(overdue_working_days=0)
    assert actions_overdue([action(due=date(2026, 11, 20))], date(2026, 11, 20), criteria) == []
    assert actions_overdue([action(due=date(2026, 11, 20))], date(2026, 11, 23), criteria)
    done = action(due=date(2026, 1, 5), status=ActionStatus.DONE)
    assert actions_overdue([done], date(2026, 11, 23), criteria) == []


def test_overdue_fingerprint_is_stable_from_day_to_day_but_not_across_a_new_due_date() -> None:
    first = actions_overdue([action()], date(2026, 11, 30), CRITERIA)[0]
    later = actions_overdue([action()], date(2026, 12, 3), CRITERIA)[0]
    moved = actions_overdue([action(due=date(2026, 11, 19))], date(2026, 12, 3), CRITERIA)[0]
    assert first.fingerprint == later.fingerprint
    assert first.text != later.text  # the day count is shown, not fingerprinted
    assert moved.fingerprint != first.fingerprint
    assert moved.key == first.key


# --------------------------------------------------------------------------- not met


def test_misses_count_postponements_not_done_and_open_past_due() -> None:
    today = date(2026, 11, 23)
    assert misses(action(due=today), today) == 0
    assert misses(action(due=today - timedelta(days=1)), today) == 1
    assert misses(action(status=ActionStatus.NOT_DONE, postponed=1), today) == 2
    assert misses(action(status=ActionStatus.DONE, postponed=1), today) == 1


def test_not_met_fires_at_the_second_miss_of_the_same_organisation_for_the_same_child() -> None:
    today = date(2026, 11, 23)
    missed_once = action(1, status=ActionStatus.NOT_DONE)
    due_today = action(2, due=today)
    assert actions_not_met([missed_once, due_today], today, CRITERIA) == []
    tomorrow = today + timedelta(days=1)
    signals = actions_not_met([missed_once, due_today], tomorrow, CRITERIA)
    assert len(signals) == 1
    assert signals[0].kind is SignalKind.ACTION_NOT_MET
    assert signals[0].action_ids == (1, 2)
    assert signals[0].organisation_ids == (100,)
    assert "2 keer" in signals[0].text


def test_not_met_counts_per_organisation_and_per_child() -> None:
    today = date(2026, 11, 23)
    other_org = action(2, org=101, status=ActionStatus.NOT_DONE)
    other_child = action(3, case_id=11, status=ActionStatus.NOT_DONE)
    mine = action(1, status=ActionStatus.NOT_DONE)
    assert actions_not_met([mine, other_org, other_child], today, CRITERIA) == []


def test_one_action_postponed_and_then_missed_again_counts_twice() -> None:
    today = date(2026, 11, 23)
    postponed = action(1, due=date(2026, 11, 30), postponed=1)
    assert actions_not_met([postponed], today, CRITERIA) == []
    assert actions_not_met([postponed], date(2026, 12, 1), CRITERIA)


def test_not_met_threshold_is_configurable_and_fingerprint_follows_the_misses() -> None:
    today = date(2026, 11, 23)
    two = [action(1, status=ActionStatus.NOT_DONE), action(2, status=ActionStatus.NOT_DONE)]
    criteria = SignalCriteria(not_met_count=3)
    assert actions_not_met(two, today, criteria) == []
    three = [*two, action(3, status=ActionStatus.NOT_DONE)]
    assert actions_not_met(three, today, criteria)
    before = actions_not_met(two, today, CRITERIA)[0]
    after = actions_not_met(three, today, CRITERIA)[0]
    assert before.key == after.key
    assert before.fingerprint != after.fingerprint


def test_cancelled_actions_do_not_count_as_missed() -> None:
    today = date(2026, 11, 23)
    cancelled = action(1, status=ActionStatus.CANCELLED, postponed=2)
    assert actions_not_met([cancelled], today, CRITERIA) == []


# --------------------------------------------------------------------------- waiting


@pytest.mark.parametrize(
    ("since", "today", "fires"),
    [
        (date(2026, 8, 23), date(2026, 11, 23), False),  # exactly three months: not longer
        (date(2026, 8, 23), date(2026, 11, 24), True),
        (date(2026, 11, 30), date(2027, 2, 28), False),  # clamped to the end of February
        (date(2026, 11, 30), date(2027, 3, 1), True),
    ],
)
def test_waiting_longer_than_three_months(since: date, today: date, fires: bool) -> None:
    signals = waiting_too_long([case(waiting_since=since)], today, CRITERIA)
    assert bool(signals) is fires


def test_waiting_threshold_in_weeks_and_only_for_help_or_placement() -> None:
    criteria = SignalCriteria(waiting=Period(12, PeriodUnit.WEEKS))
    since = date(2026, 8, 31)
    assert waiting_too_long([case(waiting_since=since)], since + timedelta(weeks=12),
                            criteria) == []
    assert waiting_too_long([case(waiting_since=since)], since + timedelta(weeks=12, days=1),
                            criteria)
    placement = case(waiting_for=WaitingFor.PLACEMENT, waiting_since=since)
    assert waiting_too_long([placement], date(2027, 1, 1), criteria)
    jeugdbeschermer = case(waiting_for=WaitingFor.VASTE_JEUGDBESCHERMER, waiting_since=since)
    assert waiting_too_long([jeugdbeschermer], date(2027, 1, 1), criteria) == []
    closed = case(status=CaseStatus.CLOSED, waiting_since=since)
    assert waiting_too_long([closed], date(2027, 1, 1), criteria) == []
    started = case(waiting_since=since, help_started_on=date(2026, 10, 1))
    assert waiting_too_long([started], date(2027, 1, 1), criteria) == []


def test_waiting_threshold_in_working_days_skips_holidays() -> None:
    criteria = SignalCriteria(waiting=Period(5, PeriodUnit.WORKING_DAYS))
    since = date(2026, 12, 18)  # Friday; +5 working days across Christmas is Mon 28 Dec
    assert waiting_too_long([case(waiting_since=since)], date(2026, 12, 28), criteria) == []
    assert waiting_too_long([case(waiting_since=since)], date(2026, 12, 29), criteria)


# --------------------------------------------------------------------------- legal terms


def _with_measure(facts: MeasureFacts) -> CaseFacts:
    return case(measures=(CaseMeasure(7, facts),))


@pytest.mark.parametrize(
    ("facts", "due"),
    [
        # GI charged Fri 18 Dec 2026: five working days skip Christmas and the weekend → Mon 28.
        (MeasureFacts(MeasureKind.OTS, date(2026, 12, 16), date(2026, 12, 18),
                      plan_on=date(2026, 12, 20)), date(2026, 12, 28)),
        # Plan van aanpak within six weeks of the GI being charged.
        (MeasureFacts(MeasureKind.OTS, date(2026, 10, 10), date(2026, 10, 12),
                      first_contact_on=date(2026, 10, 13)), date(2026, 11, 23)),
        # A machtiging uithuisplaatsing lapses when not carried out within three months.
        (MeasureFacts(MeasureKind.MACHTIGING_UHP, date(2026, 8, 23)), date(2026, 11, 23)),
    ],
)
def test_legal_term_fires_the_day_after_its_due_date(facts: MeasureFacts, due: date) -> None:
    assert legal_terms_passed([_with_measure(facts)], due) == []
    signals = legal_terms_passed([_with_measure(facts)], due + timedelta(days=1))
    assert len(signals) == 1
    assert signals[0].kind is SignalKind.LEGAL_TERM_PASSED
    assert signals[0].case_ids == (10,)


def test_a_met_term_gives_no_signal_even_when_met_late() -> None:
    late = MeasureFacts(MeasureKind.MACHTIGING_UHP, date(2026, 6, 1),
                        carried_out_on=date(2026, 9, 15))
    assert legal_terms_passed([_with_measure(late)], date(2026, 11, 23)) == []


def test_ots_end_is_not_a_signal_and_closed_cases_are_ignored() -> None:
    ots = MeasureFacts(MeasureKind.OTS, date(2025, 1, 1), date(2025, 1, 2),
                       first_contact_on=date(2025, 1, 3), plan_on=date(2025, 1, 20))
    assert legal_terms_passed([_with_measure(ots)], date(2026, 11, 23)) == []
    overdue = MeasureFacts(MeasureKind.MACHTIGING_UHP, date(2026, 1, 1))
    closed = case(status=CaseStatus.CLOSED, measures=(CaseMeasure(7, overdue),))
    assert legal_terms_passed([closed], date(2026, 11, 23)) == []


# --------------------------------------------------------------------------- continuity


def blocker(id_: int, case_id: int, *, kind: BlockerKind = BlockerKind.ADMISSION_STOP,
            org: int | None = 300, since: date | None = date(2026, 9, 1),
            resolved: date | None = None) -> BlockerFacts:
    return BlockerFacts(id_, case_id, kind, org, "JeugdzorgPlus De Dijk" if org else "", since,
                        resolved)


TODAY = date(2026, 11, 23)  # the three-month window starts on 23 Aug 2026


def test_continuity_fires_at_three_children_with_the_same_provider() -> None:
    cases = [case(i, municipality=500 + i % 2) for i in (1, 2, 3)]
    two = [blocker(1, 1), blocker(2, 2)]
    assert continuity(cases, two, TODAY, CRITERIA) == []
    signals = continuity(cases, [*two, blocker(3, 3)], TODAY, CRITERIA)
    assert len(signals) == 1  # the kind group has the same children: not repeated
    signal = signals[0]
    assert signal.kind is SignalKind.CONTINUITY
    assert signal.case_ids == (1, 2, 3)
    assert signal.organisation_ids == (300,)
    assert signal.blocker_kinds == (BlockerKind.ADMISSION_STOP,)
    assert "3 kinderen" in signal.text
    assert dict((f.label, f.value) for f in signal.facts)["Gemeenten"] == \
        "Gemeente 500, Gemeente 501"


def test_continuity_window_boundary() -> None:
    cases = [case(i) for i in (1, 2, 3)]
    on_start = blocker(3, 3, since=date(2026, 1, 1), resolved=date(2026, 8, 23))
    before_start = blocker(3, 3, since=date(2026, 1, 1), resolved=date(2026, 8, 22))
    future = blocker(3, 3, since=TODAY + timedelta(days=1))
    base = [blocker(1, 1), blocker(2, 2)]
    assert continuity(cases, [*base, on_start], TODAY, CRITERIA)
    assert continuity(cases, [*base, before_start], TODAY, CRITERIA) == []
    assert continuity(cases, [*base, future], TODAY, CRITERIA) == []


def test_continuity_by_kind_across_providers_and_closed_cases() -> None:
    cases = [case(1), case(2), case(3, status=CaseStatus.CLOSED, closed_on=date(2026, 8, 1))]
    blockers = [blocker(1, 1, kind=BlockerKind.FINANCING_DISPUTE, org=None),
                blocker(2, 2, kind=BlockerKind.FINANCING_DISPUTE, org=None),
                blocker(3, 3, kind=BlockerKind.FINANCING_DISPUTE, org=None)]
    assert continuity(cases, blockers, TODAY, CRITERIA) == []  # case 3 closed before window
    cases[2] = case(3)
    signals = continuity(cases, blockers, TODAY, CRITERIA)
    assert [s.key for s in signals] == ["continuity:kind=financing_dispute"]
    assert signals[0].organisation_ids == ()


def test_continuity_fingerprint_changes_when_another_child_is_blocked() -> None:
    cases = [case(i) for i in (1, 2, 3, 4)]
    three = [blocker(i, i) for i in (1, 2, 3)]
    first = continuity(cases, three, TODAY, CRITERIA)[0]
    again = continuity(cases, three, TODAY + timedelta(days=7), CRITERIA)[0]
    four = continuity(cases, [*three, blocker(4, 4)], TODAY, CRITERIA)[0]
    assert first.fingerprint == again.fingerprint
    assert four.fingerprint != first.fingerprint


def test_continuity_minimum_and_period_are_configurable() -> None:
    cases = [case(1), case(2)]
    blockers = [blocker(1, 1), blocker(2, 2, since=date(2026, 1, 1), resolved=date(2026, 10, 1))]
    criteria = SignalCriteria(continuity_min_cases=2,
                              continuity_period=Period(4, PeriodUnit.WEEKS))
    assert continuity(cases, blockers, TODAY, criteria) == []  # resolved before 26 Oct
    wider = SignalCriteria(continuity_min_cases=2,
                           continuity_period=Period(8, PeriodUnit.WEEKS))
    assert continuity(cases, blockers, TODAY, wider)


# --------------------------------------------------------------------------- follow-up


def test_follow_up_fires_the_day_after_and_only_while_under_way() -> None:
    escalation = EscalationFacts(5, "ESC-2026-001", "OZJ", "OZJ", date(2026, 11, 20), True,
                                 (10,))
    assert follow_ups_passed([escalation], date(2026, 11, 20)) == []
    signals = follow_ups_passed([escalation], date(2026, 11, 21))
    assert signals[0].escalation_ids == (5,)
    assert signals[0].case_ids == (10,)
    settled = EscalationFacts(5, "ESC-2026-001", "OZJ", "OZJ", date(2026, 11, 20), False)
    assert follow_ups_passed([settled], date(2026, 12, 1)) == []


# --------------------------------------------------------------------------- criteria


def test_criteria_round_trip_and_defaults() -> None:
    criteria = SignalCriteria(frozenset({SignalKind.CONTINUITY}), 3, 10,
                              Period(12, PeriodUnit.WEEKS), 4, Period(6, PeriodUnit.MONTHS))
    assert SignalCriteria.from_dict(criteria.to_dict()) == criteria
    assert SignalCriteria.from_dict({}) == SignalCriteria()
    assert SignalCriteria().waiting == Period(3, PeriodUnit.MONTHS)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"not_met_count": 0}, "not_met_count"),
        ({"overdue_working_days": -1}, "overdue_working_days"),
        ({"overdue_working_days": "5"}, "overdue_working_days"),
        ({"waiting": [3, "years"]}, "waiting"),
        ({"waiting": [0, "weeks"]}, "waiting"),
        ({"continuity_min_cases": 1}, "continuity_min_cases"),
        ({"enabled": ["nonsense"]}, "enabled"),
    ],
)
def test_invalid_criteria_name_the_setting(raw: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        SignalCriteria.from_dict(raw)
    assert caught.value.field == field


def test_evaluate_orders_by_kind_and_respects_disabled_criteria() -> None:
    facts = Facts(
        cases=tuple(case(i, waiting_since=date(2026, 8, 1)) for i in (1, 2, 3)),
        actions=(action(1, case_id=1, due=date(2026, 11, 2)),),
        blockers=tuple(blocker(i, i) for i in (1, 2, 3)),
    )
    kinds = [signal.kind for signal in evaluate(facts, TODAY)]
    assert kinds[0] is SignalKind.CONTINUITY
    assert set(kinds) == {SignalKind.CONTINUITY, SignalKind.WAITING_TOO_LONG,
                          SignalKind.ACTION_OVERDUE}
    only = SignalCriteria(enabled=frozenset({SignalKind.ACTION_OVERDUE}))
    assert [s.kind for s in evaluate(facts, TODAY, only)] == [SignalKind.ACTION_OVERDUE]
