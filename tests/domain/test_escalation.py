"""The escalation ladder's statuses and levels."""

from __future__ import annotations

import pytest

from expertteam.domain.enums import OrganisationKind
from expertteam.domain.escalation import (
    EscalationLevel,
    EscalationStatus,
    can_change,
    next_statuses,
    reference,
)

S = EscalationStatus


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        (S.CONCEPT, S.SENT, True),
        (S.CONCEPT, S.ANSWERED, False),  # nothing can be answered before it is sent
        (S.SENT, S.RECEIVED, True),
        (S.RECEIVED, S.ANSWERED, True),
        (S.ANSWERED, S.SENT, True),      # a reminder after an answer that did not solve it
        (S.ANSWERED, S.RESOLVED, True),
        (S.RESOLVED, S.SENT, False),     # settled is settled
        (S.WITHDRAWN, S.CONCEPT, False),
        (S.SENT, S.CONCEPT, False),
    ],
)
def test_status_transitions(current: EscalationStatus, new: EscalationStatus,
                            allowed: bool) -> None:
    assert can_change(current, new) is allowed


def test_final_statuses_have_no_next_and_follow_up_matters_only_under_way() -> None:
    assert next_statuses(S.RESOLVED) == []
    assert next_statuses(S.WITHDRAWN) == []
    assert next_statuses(S.CONCEPT) == [S.SENT, S.WITHDRAWN]
    assert [s for s in S if s.under_way] == [S.SENT, S.RECEIVED, S.ANSWERED]
    assert S.RECEIVED.label == "Ontvangen"


def test_levels_name_their_addressee_and_only_the_jeugdautoriteit_is_continuity() -> None:
    assert EscalationLevel.JEUGDAUTORITEIT.is_continuity
    assert not EscalationLevel.OZJ.is_continuity
    assert EscalationLevel.EXPERTISE_NETWORK.addressee_kind is \
        OrganisationKind.EXPERTISE_NETWORK
    assert reference(2026, 3) == "ESC-2026-003"
