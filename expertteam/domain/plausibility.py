"""Date combinations of a case that cannot be right, and those that are merely unusual.

An impossible combination is an error at its field (help that started before the wait for it
began, a voogdij or jeugdreclassering ruled before the child was born, a plan van aanpak before
the GI was charged); an unusual one is a warning the user may confirm ("Toch opslaan?"). A
prenatal OTS is lawful (art. 1:255 lid 4 BW): an OTS ruled during the pregnancy is accepted, a
machtiging uithuisplaatsing before birth is only a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from expertteam import formatting as fmt
from expertteam.domain.enums import MeasureKind, WaitingFor
from expertteam.domain.waiting import WAITING_FOR_HELP
from expertteam.i18n import _

PREGNANCY = timedelta(days=300)  # the longest a ruling can precede the birth
LONG_WAIT_BEFORE_REFERRAL = timedelta(days=365)
PRENATAL_ALLOWED = (MeasureKind.OTS, MeasureKind.VOORLOPIGE_OTS)
VOOGDIJ = (MeasureKind.VOOGDIJ, MeasureKind.VOORLOPIGE_VOOGDIJ, MeasureKind.TIJDELIJKE_VOOGDIJ)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    field: str
    message: str
    severity: Severity


@dataclass(frozen=True, slots=True)
class MeasureDates:
    kind: MeasureKind
    ruling_date: date | None = None
    gi_charged_on: date | None = None
    first_contact_on: date | None = None
    plan_on: date | None = None
    carried_out_on: date | None = None
    end_date: date | None = None


@dataclass(frozen=True, slots=True)
class CaseDates:
    birth_date: date | None
    referred_on: date
    waiting_for: WaitingFor | None
    waiting_since: date | None
    help_started_on: date | None
    measures: Sequence[MeasureDates] = ()


def _d(day: date) -> str:
    return fmt.short_date(day)


def check_case(case: CaseDates) -> list[Finding]:
    """Every impossible or unusual combination, errors first."""
    found: list[Finding] = []

    def error(field: str, message: str) -> None:
        found.append(Finding(field, message, Severity.ERROR))

    def warning(field: str, message: str) -> None:
        found.append(Finding(field, message, Severity.WARNING))

    birth, help_on = case.birth_date, case.help_started_on
    if help_on is not None and birth is not None and help_on < birth:
        error("help_started_on", _("De hulp kan niet vóór de geboortedatum ({birth}) zijn "
                                   "gestart.").format(birth=_d(birth)))
    if help_on is not None and case.waiting_for in WAITING_FOR_HELP and \
            case.waiting_since is not None and help_on < case.waiting_since:
        error("help_started_on", _(
            "De hulp kan niet vóór het begin van het wachten ({since}) zijn gestart. Wacht het "
            "kind opnieuw, maak dan ‘Hulp gestart op’ leeg.").format(
            since=_d(case.waiting_since)))
    if birth is not None and case.referred_on < birth:
        warning("referred_on", _("De aanmelddatum ligt vóór de geboortedatum ({birth}): een "
                                 "prenatale aanmelding?").format(birth=_d(birth)))
    if case.waiting_since is not None and \
            case.waiting_since < case.referred_on - LONG_WAIT_BEFORE_REFERRAL:
        warning("waiting_since", _("Het kind wacht volgens deze datum al meer dan een jaar vóór "
                                   "de aanmelding ({referred}). Klopt het jaartal?").format(
            referred=_d(case.referred_on)))
    for index, measure in enumerate(case.measures):
        found += _check_measure(measure, f"measures[{index}]", birth)
    found.sort(key=lambda finding: finding.severity is not Severity.ERROR)
    return found


def _check_measure(measure: MeasureDates, prefix: str, birth: date | None) -> list[Finding]:
    found: list[Finding] = []
    ruling, charged = measure.ruling_date, measure.gi_charged_on
    label = measure.kind.label
    if ruling is not None and birth is not None and ruling < birth:
        field = f"{prefix}.ruling_date"
        if measure.kind in VOOGDIJ or measure.kind.is_jeugdreclassering:
            found.append(Finding(field, _("Een {kind} kan niet vóór de geboortedatum ({birth}) "
                                          "zijn uitgesproken.").format(
                kind=label.lower(), birth=_d(birth)), Severity.ERROR))
        elif measure.kind in PRENATAL_ALLOWED:
            if ruling < birth - PREGNANCY:
                found.append(Finding(field, _(
                    "Een prenatale OTS wordt tijdens de zwangerschap uitgesproken; deze datum "
                    "ligt meer dan negen maanden vóór de geboorte ({birth}).").format(
                    birth=_d(birth)), Severity.ERROR))
        else:
            found.append(Finding(field, _("De uitspraak ligt vóór de geboortedatum ({birth}). "
                                          "Klopt dat?").format(birth=_d(birth)),
                                 Severity.WARNING))
    if charged is not None:
        for attr, text in (("plan_on", _("Het plan van aanpak")),
                           ("end_date", _("De einddatum"))):
            value = getattr(measure, attr)
            if value is not None and value < charged:
                found.append(Finding(f"{prefix}.{attr}", _(
                    "{what} kan niet vóór de datum liggen waarop de GI is belast ({charged})."
                ).format(what=text, charged=_d(charged)), Severity.ERROR))
        if ruling is not None and charged < ruling:
            found.append(Finding(f"{prefix}.gi_charged_on", _(
                "De GI is belast vóór de uitspraak ({ruling}). Klopt dat?").format(
                ruling=_d(ruling)), Severity.WARNING))
    if measure.carried_out_on is not None and ruling is not None and \
            measure.carried_out_on < ruling:
        found.append(Finding(f"{prefix}.carried_out_on", _(
            "De maatregel kan niet vóór de uitspraak ({ruling}) zijn uitgevoerd.").format(
            ruling=_d(ruling)), Severity.ERROR))
    return found
