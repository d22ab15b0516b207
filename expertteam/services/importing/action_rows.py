"""One spreadsheet row of actions: the case found by case number (else BSN), the holder by
organisation name, matched to an existing action (same case, description, holder and
deadline) or added through ``actions.add_action``. Only open actions are imported; a deadline
in the past is kept (the action is overdue, as the monitor and signals should see it)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.domain.bsn import normalise_bsn
from expertteam.domain.enums import ActionStatus
from expertteam.domain.errors import ValidationError
from expertteam.domain.identifying.normalise import compact
from expertteam.i18n import _
from expertteam.services.actions import ActionInput, add_action
from expertteam.services.importing.case_rows import CaseIndex
from expertteam.services.importing.matching import OrganisationIndex
from expertteam.services.importing.report import ImportReport
from expertteam.services.importing.values import text, to_date, to_enum
from expertteam.services.store import Store
from expertteam.storage.models.actions import Action

ActionKey = tuple[int, str, int, date]


class ActionIndex:
    def __init__(self, session: Session) -> None:
        self.keys: dict[ActionKey, int] = {}
        self.added: set[int] = set()
        for action in session.scalars(select(Action)):
            self.keys[(action.case_id, compact(action.description),
                       action.owner_organisation_id, action.due_on)] = action.id


def _case_id(values: dict[str, object], cases: CaseIndex) -> int:
    number = text(values.get("case_number"))
    if number and compact(number) in cases.by_number:
        return cases.by_number[compact(number)]
    try:
        bsn = normalise_bsn(text(values.get("bsn")) or None)
    except ValidationError as error:
        raise ValidationError("bsn", _("BSN: {message}").format(message=error.message)) \
            from error
    if bsn and bsn in cases.by_bsn:
        return cases.by_bsn[bsn]
    raise ValidationError("case_number", _("de casus is niet gevonden (op casusnummer of "
                                           "BSN)."))


def _holder(values: dict[str, object], orgs: OrganisationIndex, report: ImportReport) -> int:
    written = text(values.get("holder"))
    if not written:
        raise ValidationError("holder", _("de actiehouder ontbreekt."))
    found = orgs.find(None, written)
    if found.organisation_id is not None:
        return found.organisation_id
    if found.near is not None:
        report.add_near(found.near)
        raise ValidationError("holder", _("Actiehouder ‘{name}’ is niet gevonden; bedoelt u "
                                          "‘{near}’? Bevestig die overeenkomst.").format(
            name=written, near=found.near.candidate))
    raise ValidationError("holder", _("Actiehouder ‘{name}’ is onbekend; voeg die organisatie "
                                      "eerst toe.").format(name=written))


def import_action(session: Session, store: Store, values: dict[str, object], cases: CaseIndex,
                  actions: ActionIndex, orgs: OrganisationIndex, report: ImportReport) -> None:
    status = to_enum(values.get("status"), ActionStatus, _("Status"))
    if status not in (None, ActionStatus.OPEN):
        raise ValidationError("status", _("alleen open acties worden geïmporteerd."))
    case_id = _case_id(values, cases)
    holder = _holder(values, orgs, report)
    description = text(values.get("description"))
    due = to_date(values.get("due_on"), _("Deadline"), today=store.today())
    key = (case_id, compact(description), holder, due) if due is not None else None
    existing = actions.keys.get(key) if key is not None else None
    if existing is not None:
        if existing in actions.added:
            report.duplicates += 1
        else:
            report.unchanged += 1
        return
    action = add_action(session, store, ActionInput(case_id, description, holder, due_on=due),
                        past_due=True)
    actions.keys[(case_id, compact(action.description), holder, action.due_on)] = action.id
    actions.added.add(action.id)
    report.new += 1
