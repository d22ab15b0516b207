"""The region's own working terms: the default due date of a new action and the weeks after
which a case is proposed for evaluation on the agenda.

Both are stored settings with a default; the legal terms (``domain.terms``) are law and are
only shown (``legal_terms``), never changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from expertteam.domain import terms
from expertteam.domain.due_dates import DEFAULT_WORKING_DAYS
from expertteam.domain.errors import ValidationError
from expertteam.i18n import _
from expertteam.services import agenda_proposal
from expertteam.services import settings as settings_service
from expertteam.services.store import Store
from expertteam.storage.models.system import Setting

ACTION_DUE_KEY = "actions.default_working_days"
MIN_ACTION_DUE_DAYS = 1
MAX_ACTION_DUE_DAYS = 60
EVALUATION_WEEKS_KEY = agenda_proposal.EVALUATION_WEEKS_KEY
MIN_EVALUATION_WEEKS = 1
MAX_EVALUATION_WEEKS = 52
PROPOSAL_LIMIT_KEY = agenda_proposal.PROPOSAL_LIMIT_KEY
MIN_PROPOSAL_LIMIT = 5
MAX_PROPOSAL_LIMIT = 200


@dataclass(frozen=True, slots=True)
class LegalTerm:
    """A term the law sets, shown read-only in the settings."""

    label: str
    term: str
    explanation: str


def _whole_number(value: object, low: int, high: int) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    return None


def read_action_due_days(session: Session) -> int:
    """The default term of a new action in working days, inside a caller's transaction (the
    default of ten when nothing valid is stored)."""
    row = session.get(Setting, ACTION_DUE_KEY)
    if row is None:
        return DEFAULT_WORKING_DAYS
    try:
        value = json.loads(row.value)
    except ValueError:
        return DEFAULT_WORKING_DAYS
    checked = _whole_number(value, MIN_ACTION_DUE_DAYS, MAX_ACTION_DUE_DAYS)
    return DEFAULT_WORKING_DAYS if checked is None else checked


def action_due_days(store: Store) -> int:
    """Working days from today that a new action gets as due date when none is given."""
    with store.transaction() as session:
        return read_action_due_days(session)


def _set_whole_number(store: Store, key: str, field: str, value: int, low: int, high: int,
                      message: str) -> int:
    """Store a whole number from ``low`` to ``high`` under ``key`` (logged); ``message`` (with
    ``{low}`` and ``{high}``) is the Dutch refusal, raised on ``field``."""
    if _whole_number(value, low, high) is None:
        raise ValidationError(field, message.format(low=low, high=high))
    settings_service.set_value(store, key, value)
    return value


def set_action_due_days(store: Store, days: int) -> int:
    """Store the default term of a new action (1 to 60 working days); logged.

    Raises ``ValidationError`` on ``action_due_days``."""
    return _set_whole_number(store, ACTION_DUE_KEY, "action_due_days", days, MIN_ACTION_DUE_DAYS,
                             MAX_ACTION_DUE_DAYS, _("Standaardtermijn van een actie: kies {low} "
                                                   "tot en met {high} werkdagen."))


def evaluation_weeks(store: Store) -> int:
    """Weeks without discussion after which the agenda proposes a case for evaluation."""
    with store.transaction() as session:
        return agenda_proposal.evaluation_weeks(session)


def set_evaluation_weeks(store: Store, weeks: int) -> int:
    """Store the evaluation interval of the agenda proposal (1 to 52 weeks); logged.

    Raises ``ValidationError`` on ``evaluation_weeks``."""
    return _set_whole_number(store, EVALUATION_WEEKS_KEY, "evaluation_weeks", weeks,
                             MIN_EVALUATION_WEEKS,
                             MAX_EVALUATION_WEEKS, _("Evaluatie op de agenda: kies {low} tot en "
                                                    "met {high} weken."))


def proposal_limit(store: Store) -> int:
    """How many proposed items one fill of the agenda adds (the most important first)."""
    with store.transaction() as session:
        return agenda_proposal.proposal_limit(session)


def set_proposal_limit(store: Store, items: int) -> int:
    """Store how many proposed items one fill of the agenda adds (5 to 200); logged.

    Raises ``ValidationError`` on ``proposal_limit``."""
    return _set_whole_number(store, PROPOSAL_LIMIT_KEY, "proposal_limit", items,
                             MIN_PROPOSAL_LIMIT, MAX_PROPOSAL_LIMIT,
                             _("Casussen per agendavoorstel: kies {low} tot en met {high}."))


def legal_terms() -> tuple[LegalTerm, ...]:
    """The terms the law sets (Jeugdwet, Burgerlijk Wetboek), which no setting changes."""
    return (
        LegalTerm(_("Eerste contact jeugdbeschermer"),
                  _("{n} werkdagen").format(n=terms.FIRST_CONTACT_WORKING_DAYS),
                  _("na de opdracht aan de gecertificeerde instelling")),
        LegalTerm(_("Plan van aanpak"), _("{n} weken").format(n=terms.PLAN_WEEKS),
                  _("na de opdracht aan de gecertificeerde instelling")),
        LegalTerm(_("Machtiging uithuisplaatsing uitvoeren"),
                  _("{n} maanden").format(n=terms.MACHTIGING_UHP_MONTHS),
                  _("na de uitspraak; daarna vervalt een niet uitgevoerde machtiging")),
    )
