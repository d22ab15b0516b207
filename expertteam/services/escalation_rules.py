"""The rules of an escalation's input: what may be stored (addressee, cases, actions, dates)
and how a valid input is written onto the row; used by ``services/escalations.py``."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from expertteam.domain.enums import BlockerKind, OrganisationKind
from expertteam.domain.errors import ValidationError
from expertteam.domain.escalation import (
    EscalationLevel,
    reference,
)
from expertteam.i18n import _
from expertteam.services.store import Store
from expertteam.services.validation import clean_text, not_before, not_in_future, plausible_date
from expertteam.storage import numbers
from expertteam.storage.models.actions import Action
from expertteam.storage.models.cases import Case
from expertteam.storage.models.escalations import Escalation, EscalationAction, EscalationCase
from expertteam.storage.models.organisations import Organisation
from expertteam.storage.numbers import allocate_number

if TYPE_CHECKING:
    from expertteam.services.escalation_info import EscalationInput




def _check_addressee(session: Session, data: EscalationInput) -> None:
    if data.addressee_id is None:
        raise ValidationError("addressee_id", _("Kies aan wie de escalatie gericht is."))
    addressee = session.get(Organisation, data.addressee_id)
    if addressee is None:
        raise ValidationError("addressee_id", _("De gekozen geadresseerde bestaat niet (meer)."))
    if addressee.kind is not data.level.addressee_kind:
        raise ValidationError("addressee_id", _("Een escalatie op dit niveau gaat naar een "
                                                "organisatie van het soort ‘{kind}’.").format(
                                                    kind=data.level.addressee_kind.label))


def _check_actions(session: Session, action_ids: tuple[int, ...],
                   case_ids: tuple[int, ...]) -> None:
    if not action_ids:
        return
    owners = {action_id: case_id for action_id, case_id in session.execute(
        select(Action.id, Action.case_id).where(Action.id.in_(action_ids)))}
    if set(owners) != set(action_ids):
        raise ValidationError("action_ids", _("Een gekoppelde actie bestaat niet (meer)."))
    if not set(owners.values()) <= set(case_ids):
        raise ValidationError("action_ids", _("Koppel alleen acties van de gekoppelde "
                                              "casussen."))


def _check_subject(session: Session, subject_id: int | None) -> None:
    if subject_id is None:
        return
    subject = session.get(Organisation, subject_id)
    if subject is None:
        raise ValidationError("subject_organisation_id", _("De gekozen organisatie bestaat "
                                                           "niet (meer)."))
    if subject.kind not in (OrganisationKind.PROVIDER, OrganisationKind.GI,
                            OrganisationKind.MUNICIPALITY):
        raise ValidationError("subject_organisation_id", _("Het probleem ligt bij een "
                                                           "zorgaanbieder, GI of gemeente."))


def validate(session: Session, store: Store, data: EscalationInput) -> EscalationInput:
    today = store.today()
    if not isinstance(data.level, EscalationLevel):
        raise ValidationError("level", _("Kies het niveau van de escalatie."))
    _check_addressee(session, data)
    if data.opened_on is None:
        raise ValidationError("opened_on", _("Vul de datum van de escalatie in."))
    plausible_date(data.opened_on, "opened_on", _("Datum"))
    not_in_future(data.opened_on, "opened_on", _("De datum van de escalatie"), today)
    case_ids = tuple(dict.fromkeys(data.case_ids))
    if not case_ids:
        raise ValidationError("case_ids", _("Koppel de casus (of casussen) waar de escalatie "
                                            "over gaat."))
    if not data.level.is_continuity and len(case_ids) != 1:
        raise ValidationError("case_ids", _("Een escalatie naar {level} gaat over één kind. "
                                            "Voor een probleem dat meer kinderen raakt is er "
                                            "de melding aan de Jeugdautoriteit.").format(
                                                level=data.level.label))
    found = set(session.scalars(select(Case.id).where(Case.id.in_(case_ids),
                                                      Case.purged_on.is_(None))))
    if found != set(case_ids):
        raise ValidationError("case_ids", _("Een gekoppelde casus bestaat niet (meer)."))
    action_ids = tuple(dict.fromkeys(data.action_ids))
    _check_actions(session, action_ids, case_ids)
    kinds = tuple(dict.fromkeys(data.blocker_kinds))
    if not kinds or not all(isinstance(kind, BlockerKind) for kind in kinds):
        raise ValidationError("blocker_kinds", _("Kies minstens één knelpunt als reden."))
    if data.follow_up_on is not None:
        plausible_date(data.follow_up_on, "follow_up_on", _("Opvolgdatum"))
        not_before(data.follow_up_on, data.opened_on, "follow_up_on", _("De opvolgdatum"),
                   _("de datum van de escalatie"))
    _check_subject(session, data.subject_organisation_id)
    plausible_date(data.problem_since, "problem_since", _("Sinds"))
    not_in_future(data.problem_since, "problem_since", _("De startdatum van het probleem"),
                  today)
    return replace(
        data, case_ids=case_ids, action_ids=action_ids, blocker_kinds=kinds,
        reason=clean_text(data.reason, "reason", _("Toelichting"), max_length=4000,
                          multiline=True),
        request=clean_text(data.request, "request", _("Verzoek"), max_length=4000,
                           multiline=True),
        care_description=clean_text(data.care_description, "care_description",
                                    _("Welke zorg"), max_length=300),
        signal_key=clean_text(data.signal_key, "signal_key", "signal", max_length=200))


def apply_input(session: Session, escalation: Escalation, data: EscalationInput) -> None:
    escalation.level, escalation.addressee_id = data.level, data.addressee_id or 0
    escalation.opened_on = data.opened_on
    escalation.blocker_kinds = json.dumps([kind.value for kind in data.blocker_kinds])
    escalation.subject_organisation_id = data.subject_organisation_id
    escalation.care_description, escalation.problem_since = (data.care_description,
                                                             data.problem_since)
    escalation.reason, escalation.request = data.reason, data.request
    escalation.follow_up_on, escalation.signal_key = data.follow_up_on, data.signal_key
    wanted_cases = set(data.case_ids)
    for link in list(escalation.cases):
        if link.case_id not in wanted_cases:
            escalation.cases.remove(link)
            session.delete(link)
    present = {link.case_id for link in escalation.cases}
    for case_id in data.case_ids:
        if case_id not in present:
            escalation.cases.append(EscalationCase(case_id=case_id))
    wanted_actions = set(data.action_ids)
    for action_link in list(escalation.actions):
        if action_link.action_id not in wanted_actions:
            escalation.actions.remove(action_link)
            session.delete(action_link)
    present = {link.action_id for link in escalation.actions}
    for action_id in data.action_ids:
        if action_id not in present:
            escalation.actions.append(EscalationAction(action_id=action_id))


def next_reference(session: Session, year: int) -> str:
    prefix = f"ESC-{year}-"
    last = session.scalars(select(func.max(Escalation.reference))
                           .where(Escalation.reference.like(f"{prefix}%"))).first()
    floor = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return reference(year, allocate_number(session, numbers.ESCALATION, year, floor=floor))


