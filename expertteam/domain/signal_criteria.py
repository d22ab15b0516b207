"""The kinds of escalation signal and the thresholds a region sets for them (``SignalCriteria``,
stored as settings). The criteria themselves are in ``domain.signals``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from expertteam.domain.errors import ValidationError
from expertteam.domain.workdays import add_months, add_working_days
from expertteam.i18n import N_, _


class SignalKind(StrEnum):
    ACTION_NOT_MET = "action_not_met"
    ACTION_OVERDUE = "action_overdue"
    WAITING_TOO_LONG = "waiting_too_long"
    LEGAL_TERM_PASSED = "legal_term_passed"
    CONTINUITY = "continuity"
    FOLLOW_UP_PASSED = "follow_up_passed"

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])

    @property
    def concerns_continuity(self) -> bool:
        """True for a signal about the system (Jeugdautoriteit), not about one child."""
        return self is SignalKind.CONTINUITY


_KIND_LABELS = {
    SignalKind.ACTION_NOT_MET: N_("Afspraken herhaald niet nagekomen"),
    SignalKind.ACTION_OVERDUE: N_("Actie over de termijn"),
    SignalKind.WAITING_TOO_LONG: N_("Wacht te lang op passende hulp"),
    SignalKind.LEGAL_TERM_PASSED: N_("Wettelijke termijn verstreken"),
    SignalKind.CONTINUITY: N_("Continuïteit van zorg in gevaar"),
    SignalKind.FOLLOW_UP_PASSED: N_("Escalatie: opvolgdatum verstreken"),
}



class PeriodUnit(StrEnum):
    DAYS = "days"
    WORKING_DAYS = "working_days"
    WEEKS = "weeks"
    MONTHS = "months"

    @property
    def label(self) -> str:
        return _(_UNIT_LABELS[self])


_UNIT_LABELS = {
    PeriodUnit.DAYS: N_("dagen"),
    PeriodUnit.WORKING_DAYS: N_("werkdagen"),
    PeriodUnit.WEEKS: N_("weken"),
    PeriodUnit.MONTHS: N_("maanden"),
}


@dataclass(frozen=True, slots=True)
class Period:
    """A length of time as people state it: ``3 maanden``, ``12 weken``, ``10 werkdagen``."""

    amount: int
    unit: PeriodUnit

    def after(self, start: date) -> date:
        """The last day of the period that begins the day after ``start``."""
        if self.unit is PeriodUnit.DAYS:
            return start + timedelta(days=self.amount)
        if self.unit is PeriodUnit.WORKING_DAYS:
            return add_working_days(start, self.amount)
        if self.unit is PeriodUnit.WEEKS:
            return start + timedelta(weeks=self.amount)
        return add_months(start, self.amount)

    def before(self, end: date) -> date:
        """The day the period ending on ``end`` began (the inverse of ``after``)."""
        if self.unit is PeriodUnit.DAYS:
            return end - timedelta(days=self.amount)
        if self.unit is PeriodUnit.WORKING_DAYS:
            return add_working_days(end, -self.amount)
        if self.unit is PeriodUnit.WEEKS:
            return end - timedelta(weeks=self.amount)
        return add_months(end, -self.amount)

    def describe(self) -> str:
        return f"{self.amount} {self.unit.label}"


@dataclass(frozen=True, slots=True)
class SignalCriteria:
    """The thresholds of every criterion, with the defaults the region starts from."""

    enabled: frozenset[SignalKind] = frozenset(SignalKind)
    not_met_count: int = 2
    overdue_working_days: int = 5
    waiting: Period = Period(3, PeriodUnit.MONTHS)
    continuity_min_cases: int = 3
    continuity_period: Period = Period(3, PeriodUnit.MONTHS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "enabled": sorted(kind.value for kind in self.enabled),
            "not_met_count": self.not_met_count,
            "overdue_working_days": self.overdue_working_days,
            "waiting": [self.waiting.amount, self.waiting.unit.value],
            "continuity_min_cases": self.continuity_min_cases,
            "continuity_period": [self.continuity_period.amount,
                                  self.continuity_period.unit.value],
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> SignalCriteria:
        """Criteria from stored settings; a missing key keeps its default.

        Raises ``ValidationError`` naming the setting for a value out of range."""
        default = cls()
        enabled_raw = raw.get("enabled")
        if enabled_raw is None:
            enabled = default.enabled
        else:
            try:
                enabled = frozenset(SignalKind(value) for value in enabled_raw)
            except (ValueError, TypeError):
                raise ValidationError("enabled", _("Onbekende soort signaal in de instellingen."
                                                   )) from None
        return cls(
            enabled=enabled,
            not_met_count=_whole(raw, "not_met_count", default.not_met_count, 1, 20),
            overdue_working_days=_whole(raw, "overdue_working_days",
                                        default.overdue_working_days, 0, 260),
            waiting=_period(raw, "waiting", default.waiting),
            continuity_min_cases=_whole(raw, "continuity_min_cases",
                                        default.continuity_min_cases, 2, 1000),
            continuity_period=_period(raw, "continuity_period", default.continuity_period),
        )


def _whole(raw: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = raw.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValidationError(key, _("Kies een heel getal van {low} tot en met {high}.")
                              .format(low=low, high=high))
    return value


def _period(raw: Mapping[str, Any], key: str, default: Period) -> Period:
    value = raw.get(key)
    if value is None:
        return default
    try:
        amount, unit = value
        period = Period(int(amount), PeriodUnit(unit))
    except (ValueError, TypeError):
        raise ValidationError(key, _("Een periode is een aantal met een eenheid (dagen, "
                                     "werkdagen, weken of maanden).")) from None
    if not 1 <= period.amount <= 520:
        raise ValidationError(key, _("Kies een periode van 1 tot en met 520."))
    return period
