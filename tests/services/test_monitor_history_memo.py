"""The monitor's history as known now is kept per open database and brought up to date from
the rows recorded since; after any sequence of changes it must be exactly the history read
afresh, and a row that appears or goes behind its back makes it read everything again."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import delete, insert, select

from expertteam.domain.enums import ClosingResult, WaitingFor
from expertteam.domain.errors import ExpertteamError
from expertteam.services import case_history, case_register, cases, monitor
from expertteam.services.monitor_history import History, load_history
from expertteam.services.store import Store
from expertteam.storage.models.cases import CaseChange


def _remembered(store: Store) -> History:
    with store.transaction() as session:
        return load_history(session)


def _afresh(store: Store) -> History:
    """Everything recorded up to now, read without the memo (the figures-as-known path)."""
    with store.transaction() as session:
        return load_history(session, store.now() + timedelta(days=1))


def _one_change(store: Store, chance: random.Random) -> None:
    open_cases = [row.id for row in case_register.list_register(store)
                  if row.status.value != "closed"]
    case_id = chance.choice(open_cases)
    day = store.today() - timedelta(days=chance.randrange(0, 90))
    current = cases.get_case(store, case_id).to_input()
    kind = chance.randrange(4)
    if kind == 0:
        waiting = chance.choice([None, *WaitingFor])
        cases.update_case(store, case_id, replace(
            current, waiting_for=waiting, waiting_since=day if waiting else None),
            effective_on=day, confirmed=True)
    elif kind == 1:
        cases.update_case(store, case_id, replace(current, help_started_on=day),
                          effective_on=day, confirmed=True)
    elif kind == 2:
        rows = [entry for entry in case_history.case_history(store, case_id)
                if entry.correctable and entry.effective_on < store.today()]
        if rows:
            case_history.correct_change(store, case_id, chance.choice(rows).id,
                                        max(day, cases.get_case(store, case_id).referred_on))
    else:
        cases.close_case(store, case_id, chance.choice(list(ClosingResult)), day,
                         confirmed=True)


@pytest.mark.parametrize("seed", [3, 17, 2026])
def test_the_remembered_history_is_the_history_read_afresh(demo_store: Store,
                                                           seed: int) -> None:
    chance = random.Random(seed)
    assert _remembered(demo_store) == _afresh(demo_store)
    for _step in range(12):
        try:
            _one_change(demo_store, chance)
        except ExpertteamError:
            continue  # a change the rules refuse (e.g. a day before the referral): none made
        assert _remembered(demo_store) == _afresh(demo_store)
    monitor.monitor_at(demo_store, demo_store.today())  # the monitor reads the same memo


def test_a_row_gone_or_come_back_behind_its_back_reads_everything_again(
        demo_store: Store) -> None:
    before = _remembered(demo_store)
    with demo_store.transaction() as session:
        referrals = session.execute(select(CaseChange.__table__).where(
            CaseChange.field == "referred_on").order_by(CaseChange.id)).all()
        middle = referrals[len(referrals) // 2]._asdict()  # its case then never existed
        session.execute(delete(CaseChange).where(CaseChange.id == middle["id"]))
    gone = _remembered(demo_store)
    assert gone == _afresh(demo_store)
    assert gone != before
    with demo_store.transaction() as session:  # back, below the newest id read
        session.execute(insert(CaseChange).values(**middle))
    assert _remembered(demo_store) == _afresh(demo_store) == before
