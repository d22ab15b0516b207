"""The agenda proposal at size: the fill places items in one pass and takes at most the
proposal limit at a time, the most important first; the rest stays proposed."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from expertteam.domain.enums import AgendaItemKind
from expertteam.domain.errors import ValidationError
from expertteam.services import agenda, agenda_proposal, cases, meetings, term_settings
from expertteam.services.case_data import CaseInput
from expertteam.services.meeting_data import MeetingInput
from expertteam.services.store import Store

GROUPS = len(agenda_proposal.GROUP_ORDER)


def _one_by_one(existing: list[tuple[str, int]], new: list[tuple[str, int]]
                ) -> list[tuple[str, int]]:
    """The definition: each new item after the last item of its group or an earlier one."""
    order = list(existing)
    for item in new:
        insert_at = 0
        for index, current in enumerate(order):
            if current[1] <= item[1]:
                insert_at = index + 1
        order.insert(insert_at, item)
    return order


@given(st.lists(st.integers(0, GROUPS - 1), max_size=25),
       st.lists(st.integers(0, GROUPS - 1), max_size=25))
def test_placing_in_one_pass_is_placing_one_by_one(existing_ranks: list[int],
                                                   new_ranks: list[int]) -> None:
    existing = [(f"e{i}", r) for i, r in enumerate(existing_ranks)]
    new = [(f"n{i}", r) for i, r in enumerate(new_ranks)]
    assert agenda_proposal.place_in_groups(existing, new, lambda item: item[1]) == \
        _one_by_one(existing, new)


def _referrals(store: Store, count: int, first: date) -> None:
    for index in range(count):
        cases.create_case(store, CaseInput(given_names="Kind", surname=f"Nummer {index:03d}",
                                           referred_on=first + timedelta(days=index % 20)))


def _meeting(store: Store) -> int:
    return meetings.plan_meeting(store, MeetingInput(held_on=store.today() + timedelta(days=7))
                                 ).id


def test_a_fill_takes_the_limit_most_important_first_and_the_next_fill_the_rest(
        store: Store) -> None:
    _referrals(store, 45, store.today() - timedelta(days=60))
    meeting_id = _meeting(store)
    proposed = agenda_proposal.propose_agenda(store, meeting_id)
    assert len(proposed) == 45
    assert not any(p.on_agenda for p in proposed)

    first = agenda.fill_agenda(store, meeting_id)
    assert (first.added, first.still_proposed) == (agenda_proposal.DEFAULT_PROPOSAL_LIMIT, 15)
    assert [i.case_id for i in first.agenda] == [p.case_id for p in proposed[:30]]

    second = agenda.fill_agenda(store, meeting_id)
    assert (second.added, second.still_proposed) == (15, 0)
    assert [i.case_id for i in second.agenda] == [p.case_id for p in proposed]
    third = agenda.fill_agenda(store, meeting_id)
    assert (third.added, third.still_proposed, len(third.agenda)) == (0, 0, 45)


def test_the_limit_is_a_setting_the_fill_reads(store: Store) -> None:
    _referrals(store, 12, store.today() - timedelta(days=30))
    term_settings.set_proposal_limit(store, 5)
    assert term_settings.proposal_limit(store) == 5
    meeting_id = _meeting(store)
    filled = agenda.fill_agenda(store, meeting_id)
    assert (filled.added, filled.still_proposed) == (5, 7)
    for wrong in (4, 201):
        with pytest.raises(ValidationError) as raised:
            term_settings.set_proposal_limit(store, wrong)
        assert raised.value.field == "proposal_limit"
        assert "agendavoorstel" in raised.value.message
    assert term_settings.proposal_limit(store) == 5


def test_closing_a_meeting_fills_the_next_one_up_to_the_limit(store: Store) -> None:
    _referrals(store, 40, store.today() - timedelta(days=60))
    today = _meeting(store)
    following = meetings.plan_meeting(store, MeetingInput(
        held_on=store.today() + timedelta(days=21))).id
    meetings.start_meeting(store, today)
    summary = meetings.close_meeting(store, today)
    assert summary.next_meeting_id == following
    assert summary.added_to_next_meeting == agenda_proposal.DEFAULT_PROPOSAL_LIMIT


def test_adding_one_case_gives_it_the_kind_and_reasons_of_the_whole_proposal(
        demo_store: Store) -> None:
    meeting_id = _meeting(demo_store)
    proposed = [p for p in agenda_proposal.propose_agenda(demo_store, meeting_id)
                if p.case_id is not None]
    assert proposed
    for item in proposed:
        assert item.case_id is not None
        added = agenda.add_agenda_item(demo_store, meeting_id, case_id=item.case_id)
        assert (added.kind, added.title, added.carried_over_from_id) == \
            (item.kind, item.title, item.carried_over_from_id)
    kinds = {p.kind for p in proposed}
    assert AgendaItemKind.NEW_REFERRAL in kinds or AgendaItemKind.ACTION_REVIEW in kinds
