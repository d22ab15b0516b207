"""Helpers for escalation tests on the demo region (names from ``services.demo``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from expertteam.domain.enums import ActionStatus, BlockerKind
from expertteam.services import actions, case_register, cases, organisations
from expertteam.services.actions import ActionInput
from expertteam.services.case_data import BlockerInput
from expertteam.services.store import Store
from tests.conftest import TODAY

DE_DIJK = "JeugdzorgPlus De Dijk"
GGZ_JONG = "GGZ Jong Westfriesland"
EXPERTISE_NETWORK = "Bovenregionaal Expertisenetwerk Noord-Holland"
JEUGDAUTORITEIT = "Jeugdautoriteit"
OZJ = "Ondersteuningsteam Zorg voor de Jeugd (OZJ)"


def org_ids(store: Store) -> dict[str, int]:
    return {o.name: o.id for o in organisations.list_organisations(store)}


def case_ids(store: Store) -> dict[str, int]:
    """Case number → id (ET-2026-0001 is Noël de Vries, 0003 Daan Visser, 0010 Finn Dekker)."""
    return {row.case_number: row.id for row in case_register.list_register(store)}


def fail_two_agreements(store: Store, case_id: int, owner: str = "Hoorn") -> list[int]:
    """Two agreements of one organisation for one child: one not done, one postponed."""
    owner_id = org_ids(store)[owner]
    first = actions.create_action(store, ActionInput(
        case_id, "Indicatie voor intensieve jeugd-GGZ afgeven", owner_id,
        due_on=TODAY + timedelta(days=3)))
    second = actions.create_action(store, ActionInput(
        case_id, "Financiering met de andere gemeente regelen", owner_id,
        due_on=TODAY + timedelta(days=4)))
    actions.change_action_status(store, first.id, ActionStatus.NOT_DONE,
                                 "Geen budget vrijgemaakt")
    actions.change_due_date(store, second.id, TODAY + timedelta(days=20), "Overleg loopt nog")
    return [first.id, second.id]


def block_third_child_at_de_dijk(store: Store) -> int:
    """Give a third child an opnamestop at JeugdzorgPlus De Dijk (with 0003 and 0010 that makes
    a continuity signal for the provider). Returns that case's id."""
    case_id = case_ids(store)["ET-2026-0001"]
    detail = cases.get_case(store, case_id)
    data = detail.to_input()
    data.blockers = [*data.blockers, BlockerInput(BlockerKind.ADMISSION_STOP,
                                                  org_ids(store)[DE_DIJK],
                                                  since=TODAY - timedelta(days=40))]
    cases.update_case(store, case_id, replace(data), confirmed=True)  # before a published month
    return case_id


def pdf_text(pdf: bytes) -> str:
    """All text of a PDF, as pypdf reads it."""
    from io import BytesIO

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages)


def letter_world(store: Store) -> tuple[int, int]:
    """A letterhead with a signatory, two failed agreements of Hoorn for Noël (0001), a third
    child at De Dijk, a case escalation for Noël (sent and answered) and a continuity report on
    De Dijk to the Jeugdautoriteit. Returns (case escalation id, continuity escalation id)."""
    from expertteam.domain.escalation import EscalationStatus
    from expertteam.services import escalation_drafts, escalations, letterhead

    letterhead.save_letterhead(store, letterhead.LetterheadSettings(
        "Expertteam Westfriesland", "Postbus 603\n1620 AR Hoorn", None, "Marleen de Boer",
        "Voorzitter expertteam"))
    ids = case_ids(store)
    fail_two_agreements(store, ids["ET-2026-0001"])
    block_third_child_at_de_dijk(store)
    key = f"not_met:case={ids['ET-2026-0001']}:org={org_ids(store)['Hoorn']}"
    case_escalation = escalations.create_escalation(store, escalation_drafts.draft_from_signal(
        store, key))
    escalations.change_status(store, case_escalation.id, EscalationStatus.SENT)
    escalations.record_response(store, case_escalation.id,
                                "Het expertisenetwerk bespreekt de casus op 2 december.")
    continuity = escalations.create_escalation(store, escalation_drafts.draft_from_signal(
        store, f"continuity:org={org_ids(store)[DE_DIJK]}"))
    return case_escalation.id, continuity.id
