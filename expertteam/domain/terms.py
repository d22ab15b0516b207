"""Legal and expected terms per case (PRODUCT.md, "Rules the app knows").

A term has a due date and, once met, the date it was met. Its state on a given day tells whether
it is still open, overdue, met in time or met late.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from expertteam.domain.enums import MeasureKind, WaitingFor
from expertteam.domain.waiting import WAITING_FOR_HELP, help_ends_wait
from expertteam.domain.workdays import add_months, add_working_days
from expertteam.i18n import N_, _

FIRST_CONTACT_WORKING_DAYS = 5
PLAN_WEEKS = 6
VOORLOPIGE_OTS_MONTHS = 3
OTS_MONTHS = 12
MACHTIGING_UHP_MONTHS = 3
HELP_EXPECTED_MONTHS = 3


class TermKind(StrEnum):
    FIRST_CONTACT = "first_contact"
    PLAN_VAN_AANPAK = "plan_van_aanpak"
    VOORLOPIGE_OTS_END = "voorlopige_ots_end"
    OTS_END = "ots_end"
    MACHTIGING_UHP = "machtiging_uhp"
    HELP_EXPECTED = "help_expected"

    @property
    def label(self) -> str:
        return _(_TERM_LABELS[self])


_TERM_LABELS = {
    TermKind.FIRST_CONTACT: N_("Eerste contact jeugdbeschermer (5 werkdagen)"),
    TermKind.PLAN_VAN_AANPAK: N_("Plan van aanpak (6 weken)"),
    TermKind.VOORLOPIGE_OTS_END: N_("Voorlopige OTS loopt af (3 maanden)"),
    TermKind.OTS_END: N_("OTS loopt af of verlengen (1 jaar)"),
    TermKind.MACHTIGING_UHP: N_("Machtiging uithuisplaatsing uitvoeren (3 maanden)"),
    TermKind.HELP_EXPECTED: N_("Passende hulp gestart (verwachting 3 maanden)"),
}


class TermState(StrEnum):
    OPEN = "open"
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met_late"


@dataclass(frozen=True, slots=True)
class MeasureFacts:
    kind: MeasureKind
    ruling_date: date | None = None
    gi_charged_on: date | None = None
    first_contact_on: date | None = None
    plan_on: date | None = None
    end_date: date | None = None
    carried_out_on: date | None = None


@dataclass(frozen=True, slots=True)
class Term:
    kind: TermKind
    due: date
    met_on: date | None = None

    def state(self, today: date) -> TermState:
        if self.met_on is not None:
            return TermState.MET if self.met_on <= self.due else TermState.MET_LATE
        return TermState.OVERDUE if today > self.due else TermState.OPEN

    def has_passed(self, today: date) -> bool:
        """True when the term was not met in time (overdue now, or met late)."""
        return self.state(today) in (TermState.OVERDUE, TermState.MET_LATE)


def measure_terms(measure: MeasureFacts) -> list[Term]:
    terms: list[Term] = []
    if measure.kind is not MeasureKind.MACHTIGING_UHP and measure.gi_charged_on is not None:
        terms.append(Term(TermKind.FIRST_CONTACT,
                          add_working_days(measure.gi_charged_on, FIRST_CONTACT_WORKING_DAYS),
                          measure.first_contact_on))
        terms.append(Term(TermKind.PLAN_VAN_AANPAK,
                          measure.gi_charged_on + timedelta(weeks=PLAN_WEEKS), measure.plan_on))
    if measure.ruling_date is not None:
        if measure.kind is MeasureKind.VOORLOPIGE_OTS:
            terms.append(Term(TermKind.VOORLOPIGE_OTS_END,
                              add_months(measure.ruling_date, VOORLOPIGE_OTS_MONTHS),
                              measure.end_date))
        elif measure.kind is MeasureKind.OTS:
            terms.append(Term(TermKind.OTS_END, add_months(measure.ruling_date, OTS_MONTHS),
                              measure.end_date))
        elif measure.kind is MeasureKind.MACHTIGING_UHP:
            terms.append(Term(TermKind.MACHTIGING_UHP,
                              add_months(measure.ruling_date, MACHTIGING_UHP_MONTHS),
                              measure.carried_out_on or measure.end_date))
    return terms


def case_terms(
    measures: Iterable[MeasureFacts],
    waiting_for: WaitingFor | None,
    waiting_since: date | None,
    help_started_on: date | None = None,
) -> list[Term]:
    """All terms of a case, sorted by due date.

    The help term is met on the day the waiting rule (``domain/waiting.py``) ends the wait for
    passende jeugdhulp, so the Termijnen tab and the counts never disagree."""
    terms = [term for measure in measures for term in measure_terms(measure)]
    if waiting_since is not None:
        due = add_months(waiting_since, HELP_EXPECTED_MONTHS)
        if waiting_for in WAITING_FOR_HELP:
            terms.append(Term(TermKind.HELP_EXPECTED, due,
                              help_ends_wait(waiting_for, waiting_since, help_started_on)))
        elif waiting_for is None and help_started_on is not None:
            terms.append(Term(TermKind.HELP_EXPECTED, due, help_started_on))
    terms.sort(key=lambda term: term.due)
    return terms


def next_open_term(terms: Sequence[Term]) -> Term | None:
    """The earliest term not yet met (overdue ones included)."""
    for term in terms:
        if term.met_on is None:
            return term
    return None


def passed_terms(terms: Sequence[Term], today: date) -> list[Term]:
    return [term for term in terms if term.has_passed(today)]
