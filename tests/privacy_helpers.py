"""Helpers for the privacy tests: a child written into every free-text field, and a leak check
that does not use the detector (it compares folded words of the rendered output)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from expertteam.domain.enums import Attendance, BlockerKind, MeasureKind, OrganisationKind
from expertteam.services import (
    actions,
    agenda,
    cases,
    decisions,
    escalations,
    meeting_invitees,
    meetings,
    organisations,
)
from expertteam.services.actions import ActionInput
from expertteam.services.case_data import BlockerInput, CaseInput, MeasureInput
from expertteam.services.escalation_info import EscalationInput
from expertteam.services.meeting_data import InviteeInput, MeetingInput
from expertteam.services.store import Store
from tests.conftest import TODAY


@dataclass(frozen=True)
class Child:
    given_names: str
    surname: str
    birth_date: date
    bsn: str
    hidden: tuple[str, ...] = ()


def words(text: str) -> list[str]:
    """Folded words: decomposed, without marks, case-folded, ``ĳ`` as ``ij``; anything that is
    not a letter or digit separates (so pypdf's line breaks do not matter)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = "".join(str(unicodedata.decimal(ch)) if unicodedata.category(ch) == "Nd" else ch
                    for ch in plain)
    plain = "".join(ch for ch in plain if unicodedata.category(ch) != "Cf")
    return re.findall(r"[^\W_]+", plain)


def leaks(output: str, probes: Iterable[str]) -> list[str]:
    """The probes whose words appear, in order and next to each other, in ``output``."""
    haystack = words(output)
    joined = " " + " ".join(haystack) + " "
    found = []
    for probe in probes:
        needle = words(probe)
        if needle and (" " + " ".join(needle) + " ") in joined:
            found.append(probe)
    return found


def digits_leak(output: str, digits: str) -> bool:
    """Whether the digits occur in ``output`` with at most short separators between them."""
    joined = re.sub(r"(?<=\d) (?=\d)", "", " ".join(words(output)))
    return digits in joined


def org_ids(store: Store) -> dict[str, int]:
    return {o.name: o.id for o in organisations.list_organisations(store)}


def first_of_kind(store: Store, kind: OrganisationKind) -> int:
    return next(o.id for o in organisations.list_organisations(store) if o.kind is kind)


def create_child(store: Store, child: Child, text: str = "") -> int:
    """A new case for ``child`` with ``text`` in its goal, referral question and blocker."""
    detail = cases.create_case(store, CaseInput(
        given_names=child.given_names, surname=child.surname,
        referred_on=TODAY - timedelta(days=40), birth_date=child.birth_date, bsn=child.bsn,
        municipality_id=first_of_kind(store, OrganisationKind.MUNICIPALITY),
        gi_id=first_of_kind(store, OrganisationKind.GI), referral_question=text, goal=text,
        measures=[MeasureInput(MeasureKind.OTS, ruling_date=TODAY - timedelta(days=90))],
        blockers=[BlockerInput(BlockerKind.OTHER, note=text,
                               since=TODAY - timedelta(days=30))],
        hidden_names=list(child.hidden)))
    return detail.id


def closed_meeting_about(store: Store, case_id: int, texts: Sequence[str],
                         held_on: date = TODAY) -> int:
    """A closed meeting on ``held_on`` whose one agenda item is the case, with each text as
    summary, decision, action, addendum-free notes. Returns the meeting id."""
    ids = org_ids(store)
    owner = ids["Hoorn"]
    meeting = meetings.plan_meeting(store, MeetingInput(
        held_on, place="Gemeentehuis", chair_name="Voorzitter", minute_taker_name="Notulist",
        notes="\n".join(texts)), [InviteeInput(owner)])
    item = agenda.add_agenda_item(store, meeting.id, case_id=case_id)
    for invitee in meetings.get_meeting(store, meeting.id).invitees:
        meeting_invitees.set_attendance(store, invitee.id, Attendance.PRESENT)
    meetings.start_meeting(store, meeting.id)
    agenda.set_summary(store, item.id, "\n".join(texts))
    for text in texts:
        decisions.add_decision(store, item.id, text)
        actions.create_action(store, ActionInput(case_id, " ".join(text.split()), owner,
                                                 due_on=held_on + timedelta(days=14),
                                                 agenda_item_id=item.id))
    agenda.set_discussed(store, item.id, True)
    meetings.close_meeting(store, meeting.id)
    return meeting.id


def case_escalation_about(store: Store, case_id: int, text: str) -> int:
    """A concept escalation to the expertisenetwerk for one case with ``text`` as its reason
    and request."""
    from expertteam.domain.escalation import EscalationLevel

    network = first_of_kind(store, OrganisationKind.EXPERTISE_NETWORK)
    info = escalations.create_escalation(store, EscalationInput(
        level=EscalationLevel.EXPERTISE_NETWORK, addressee_id=network, opened_on=TODAY,
        blocker_kinds=(BlockerKind.OTHER,), case_ids=(case_id,), reason=text, request=text))
    return info.id


def continuity_escalation_about(store: Store, case_ids: Sequence[int]) -> int:
    from expertteam.domain.escalation import EscalationLevel

    authority = first_of_kind(store, OrganisationKind.JEUGDAUTORITEIT)
    info = escalations.create_escalation(store, EscalationInput(
        level=EscalationLevel.JEUGDAUTORITEIT, addressee_id=authority, opened_on=TODAY,
        blocker_kinds=(BlockerKind.OTHER,), case_ids=tuple(case_ids)))
    return info.id


def with_text(store: Store, case_id: int, text: str) -> None:
    detail = cases.get_case(store, case_id)
    cases.update_case(store, case_id, replace(detail.to_input(), goal=text))
