"""The escalation ladder: levels, the status of an escalation and which changes are allowed.

For one child the ladder runs local doorbraak → regional expertteam → bovenregionaal
expertisenetwerk (with OZJ support). The Jeugdautoriteit takes no individual cases: it is told
about a threat to the continuity of crucial youth care, with the expertteam's cases as
aggregated, anonymous evidence.
"""

from __future__ import annotations

from enum import StrEnum

from expertteam.domain.enums import OrganisationKind
from expertteam.i18n import N_, _


class EscalationLevel(StrEnum):
    EXPERTISE_NETWORK = "expertise_network"
    OZJ = "ozj"
    JEUGDAUTORITEIT = "jeugdautoriteit"

    @property
    def label(self) -> str:
        return _(_LEVEL_LABELS[self])

    @property
    def is_continuity(self) -> bool:
        """True when the escalation is about the system, never about one child."""
        return self is EscalationLevel.JEUGDAUTORITEIT

    @property
    def addressee_kind(self) -> OrganisationKind:
        return _ADDRESSEE_KIND[self]


_LEVEL_LABELS = {
    EscalationLevel.EXPERTISE_NETWORK: N_("Bovenregionaal expertisenetwerk"),
    EscalationLevel.OZJ: N_("OZJ"),
    EscalationLevel.JEUGDAUTORITEIT: N_("Jeugdautoriteit (continuïteit van zorg)"),
}
_ADDRESSEE_KIND = {
    EscalationLevel.EXPERTISE_NETWORK: OrganisationKind.EXPERTISE_NETWORK,
    EscalationLevel.OZJ: OrganisationKind.OZJ,
    EscalationLevel.JEUGDAUTORITEIT: OrganisationKind.JEUGDAUTORITEIT,
}


class EscalationStatus(StrEnum):
    CONCEPT = "concept"
    SENT = "sent"
    RECEIVED = "received"
    ANSWERED = "answered"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return _(_STATUS_LABELS[self])

    @property
    def under_way(self) -> bool:
        """Sent and not yet settled: the follow-up date still matters."""
        return self in (EscalationStatus.SENT, EscalationStatus.RECEIVED,
                        EscalationStatus.ANSWERED)

    @property
    def final(self) -> bool:
        return self in (EscalationStatus.RESOLVED, EscalationStatus.WITHDRAWN)


_STATUS_LABELS = {
    EscalationStatus.CONCEPT: N_("Concept"),
    EscalationStatus.SENT: N_("Verzonden"),
    EscalationStatus.RECEIVED: N_("Ontvangen"),
    EscalationStatus.ANSWERED: N_("Beantwoord"),
    EscalationStatus.RESOLVED: N_("Opgelost"),
    EscalationStatus.WITHDRAWN: N_("Ingetrokken"),
}

_S = EscalationStatus
TRANSITIONS: dict[EscalationStatus, frozenset[EscalationStatus]] = {
    _S.CONCEPT: frozenset({_S.SENT, _S.WITHDRAWN}),
    _S.SENT: frozenset({_S.RECEIVED, _S.ANSWERED, _S.RESOLVED, _S.WITHDRAWN}),
    _S.RECEIVED: frozenset({_S.ANSWERED, _S.RESOLVED, _S.WITHDRAWN}),
    # An answer that does not solve it may be followed by sending again (a reminder, more
    # evidence) before it is resolved or withdrawn.
    _S.ANSWERED: frozenset({_S.SENT, _S.RESOLVED, _S.WITHDRAWN}),
    _S.RESOLVED: frozenset(),
    _S.WITHDRAWN: frozenset(),
}


def can_change(current: EscalationStatus, new: EscalationStatus) -> bool:
    return new in TRANSITIONS[current]


def next_statuses(current: EscalationStatus) -> list[EscalationStatus]:
    """The statuses an escalation may go to next, in the ladder's order."""
    return [status for status in EscalationStatus if status in TRANSITIONS[current]]


def reference(year: int, sequence: int) -> str:
    """``ESC-2026-003``: how letters and the register refer to an escalation."""
    return f"ESC-{year}-{sequence:03d}"


class LetterKind(StrEnum):
    CASE = "case"
    CONTINUITY = "continuity"

    @property
    def label(self) -> str:
        return _(_LETTER_LABELS[self])

    @classmethod
    def for_level(cls, level: EscalationLevel) -> LetterKind:
        return cls.CONTINUITY if level.is_continuity else cls.CASE


_LETTER_LABELS = {
    LetterKind.CASE: N_("Escalatiebrief casus"),
    LetterKind.CONTINUITY: N_("Continuïteitsbrief Jeugdautoriteit"),
}
