"""Signals from the database: thresholds from the settings, dismissals that hold until the
facts change, and the signals of one case for the live meeting."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from expertteam.domain.enums import AuditAction, AuditResult
from expertteam.domain.errors import NotFoundError, StateError, ValidationError
from expertteam.domain.escalation import EscalationLevel, EscalationStatus
from expertteam.domain.signal_criteria import Period, PeriodUnit, SignalCriteria, SignalKind
from expertteam.services import audit, case_register, cases, escalations, signals
from expertteam.services.escalation_info import EscalationInput
from expertteam.services.store import Store
from tests.conftest import TODAY, pin_day
from tests.escalation_helpers import (
    EXPERTISE_NETWORK,
    block_third_child_at_de_dijk,
    case_ids,
    fail_two_agreements,
    org_ids,
)


def keys(store: Store, case_id: int | None = None) -> set[str]:
    return {row.signal.key for row in signals.current_signals(store, case_id=case_id)}


def test_demo_region_shows_waiting_legal_term_and_continuity_signals(demo_store: Store) -> None:
    ids = case_ids(demo_store)
    shown = signals.current_signals(demo_store)
    by_key = {row.signal.key: row.signal for row in shown}
    daan = ids["ET-2026-0003"]
    assert f"waiting:case={daan}" in by_key
    assert "171 dagen" in by_key[f"waiting:case={daan}"].text
    assert any(s.kind is SignalKind.LEGAL_TERM_PASSED for s in by_key.values())
    continuity = by_key["continuity:kind=waiting_list"]
    assert len(continuity.case_ids) == 4
    facts = {fact.label: fact.value for fact in continuity.facts}
    assert facts["Aantal kinderen"] == "4"
    # closed cases never signal
    closed = [row.id for row in case_register.list_register(demo_store)
              if row.status.value == "closed"]
    assert not any(set(closed) & set(s.case_ids) for s in by_key.values())


def test_dismissal_holds_until_the_facts_change(demo_store: Store) -> None:
    daan = case_ids(demo_store)["ET-2026-0003"]
    key = f"waiting:case={daan}"
    row = next(r for r in signals.current_signals(demo_store) if r.signal.key == key)
    dismissal = signals.dismiss_signal(demo_store, key, row.signal.fingerprint,
                                       "Plek bij De Dijk per 1 december toegezegd")
    assert dismissal.kind is SignalKind.WAITING_TOO_LONG
    assert key not in keys(demo_store)
    hidden = [r for r in signals.current_signals(demo_store, include_dismissed=True)
              if r.signal.key == key]
    assert hidden[0].dismissed
    assert hidden[0].dismissal is not None
    assert hidden[0].dismissal.reason == "Plek bij De Dijk per 1 december toegezegd"

    # A week later the child waits longer, but the facts that define the signal are the same.
    pin_day(TODAY + timedelta(days=7))
    assert key not in keys(demo_store)

    # The waiting date is corrected: the facts changed, the signal is back.
    pin_day(TODAY)
    data = cases.get_case(demo_store, daan).to_input()
    cases.update_case(demo_store, daan, replace(data, waiting_since=date(2026, 5, 1)))
    assert key in keys(demo_store)


def test_dismissing_is_logged_without_the_reason(demo_store: Store) -> None:
    row = signals.current_signals(demo_store)[0]
    signals.dismiss_signal(demo_store, row.signal.key, row.signal.fingerprint,
                           "Besproken met de wethouder")
    entries = [e for e in audit.list_entries(demo_store) if e.object_type == "signal_dismissal"]
    assert entries[0].action is AuditAction.CREATE
    assert "wethouder" not in entries[0].detail
    assert entries[0].detail == row.signal.kind.value


def test_dismiss_needs_a_reason_and_the_current_facts(demo_store: Store) -> None:
    row = signals.current_signals(demo_store)[0]
    with pytest.raises(ValidationError) as caught:
        signals.dismiss_signal(demo_store, row.signal.key, row.signal.fingerprint, "  ")
    assert caught.value.field == "reason"
    with pytest.raises(StateError):
        signals.dismiss_signal(demo_store, row.signal.key, "0" * 64, "reden")
    with pytest.raises(NotFoundError):
        signals.dismiss_signal(demo_store, "waiting:case=99999", "0" * 64, "reden")
    signals.dismiss_signal(demo_store, row.signal.key, row.signal.fingerprint, "reden")
    with pytest.raises(StateError):
        signals.dismiss_signal(demo_store, row.signal.key, row.signal.fingerprint, "nog eens")


def test_revoking_a_dismissal_brings_the_signal_back(demo_store: Store) -> None:
    row = signals.current_signals(demo_store)[0]
    dismissal = signals.dismiss_signal(demo_store, row.signal.key, row.signal.fingerprint,
                                       "later bekijken")
    assert row.signal.key not in keys(demo_store)
    revoked = signals.revoke_dismissal(demo_store, dismissal.id)
    assert revoked.revoked_on == TODAY
    assert row.signal.key in keys(demo_store)
    with pytest.raises(StateError):
        signals.revoke_dismissal(demo_store, dismissal.id)
    assert [d.id for d in signals.list_dismissals(demo_store)] == [dismissal.id]


def test_thresholds_come_from_the_settings(demo_store: Store) -> None:
    assert signals.get_criteria(demo_store) == SignalCriteria()
    waiting_before = {k for k in keys(demo_store) if k.startswith("waiting:")}
    assert len(waiting_before) == 6
    signals.save_criteria(demo_store, SignalCriteria(waiting=Period(20, PeriodUnit.WEEKS)))
    waiting_after = {k for k in keys(demo_store) if k.startswith("waiting:")}
    assert waiting_after == {f"waiting:case={case_ids(demo_store)['ET-2026-0003']}"}
    with pytest.raises(ValidationError) as caught:
        signals.save_criteria(demo_store, SignalCriteria(not_met_count=0))
    assert caught.value.field == "not_met_count"
    off = SignalCriteria(enabled=frozenset({SignalKind.CONTINUITY}))
    signals.save_criteria(demo_store, off)
    assert {k.split(":")[0] for k in keys(demo_store)} == {"continuity"}


def test_agreements_not_met_twice_by_the_same_organisation(demo_store: Store) -> None:
    noel = case_ids(demo_store)["ET-2026-0001"]
    fail_two_agreements(demo_store, noel)
    signal = next(r.signal for r in signals.current_signals(demo_store, case_id=noel)
                  if r.signal.kind is SignalKind.ACTION_NOT_MET)
    assert signal.organisation_ids == (org_ids(demo_store)["Hoorn"],)
    assert "Hoorn kwam 2 keer" in signal.text


def test_live_mode_signals_of_one_case_include_continuity(demo_store: Store) -> None:
    noel = block_third_child_at_de_dijk(demo_store)
    live = signals.current_signals(demo_store, case_id=noel)
    assert all(noel in row.signal.case_ids for row in live)
    kinds = {row.signal.kind for row in live}
    assert SignalKind.CONTINUITY in kinds
    assert SignalKind.WAITING_TOO_LONG in kinds
    provider = next(r.signal for r in live if r.signal.key.startswith("continuity:org="))
    assert "JeugdzorgPlus De Dijk: 3 kinderen" in provider.text


def test_a_passed_follow_up_date_is_a_signal(demo_store: Store) -> None:
    noel = case_ids(demo_store)["ET-2026-0001"]
    escalation = escalations.create_escalation(demo_store, EscalationInput(
        EscalationLevel.EXPERTISE_NETWORK, org_ids(demo_store)[EXPERTISE_NETWORK], TODAY,
        blocker_kinds=tuple(b.kind for b in cases.get_case(demo_store, noel).blockers),
        case_ids=(noel,), follow_up_on=TODAY + timedelta(days=14)))
    key = f"follow_up:escalation={escalation.id}"
    pin_day(TODAY + timedelta(days=15))
    assert key not in keys(demo_store)  # a concept has not been sent: nothing to follow up
    pin_day(TODAY)
    escalations.change_status(demo_store, escalation.id, EscalationStatus.SENT)
    pin_day(TODAY + timedelta(days=14))
    assert key not in keys(demo_store)
    pin_day(TODAY + timedelta(days=15))
    assert key in keys(demo_store)
    assert key in keys(demo_store, case_id=noel)
    escalations.change_status(demo_store, escalation.id, EscalationStatus.RESOLVED)
    assert key not in keys(demo_store)


def test_reading_signals_is_logged(demo_store: Store) -> None:
    signals.current_signals(demo_store)
    entry = audit.list_entries(demo_store, limit=1)[0]
    assert (entry.action, entry.object_type, entry.result) == (AuditAction.VIEW, "signals",
                                                                AuditResult.OK)


def test_signals_of_one_case_equal_the_full_list_filtered(demo_store: Store) -> None:
    """The live screen computes one case's signals the short way; it must agree with the
    signals page for every case."""
    from tests.escalation_helpers import letter_world

    letter_world(demo_store)
    everything = signals.current_signals(demo_store, include_dismissed=True)
    for row in case_register.list_register(demo_store):
        expected = [r for r in everything if row.id in r.signal.case_ids]
        assert signals.current_signals(demo_store, case_id=row.id,
                                       include_dismissed=True) == expected
