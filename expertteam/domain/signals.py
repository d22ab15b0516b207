"""Escalation signals: what the app points out because it meets a configurable criterion.

Every criterion is a pure function over plain facts and a date. A signal carries the facts that
triggered it (a short Dutch text and label/value pairs), the ids of the records concerned, and a
*fingerprint* of the facts that define it. The fingerprint leaves out what changes by itself from
day to day (how many days late), so a dismissed signal stays dismissed until something that
matters changes: another missed agreement, a new due date, another child blocked.

The criteria (PRODUCT.md, "Rules the app knows"; the defaults in ``SignalCriteria``):

* ``ACTION_NOT_MET``: the actions of one organisation for one child were not met at least
  ``not_met_count`` times. A miss is each postponement, a status "niet gedaan", and an open
  action past its due date.
* ``ACTION_OVERDUE``: an open action more than ``overdue_working_days`` working days past due.
* ``WAITING_TOO_LONG``: a child waiting for passende jeugdhulp (or a placement) longer than
  ``waiting`` (default three months, the inspections' expectation).
* ``LEGAL_TERM_PASSED``: first contact (5 working days), plan van aanpak (6 weeks) or a
  machtiging uithuisplaatsing (3 months) not met and past its term. These are the law's
  numbers and not configurable; the criterion can be switched off.
* ``CONTINUITY``: at least ``continuity_min_cases`` children blocked by the same organisation,
  or by the same kind of blocker, at some time within ``continuity_period`` up to today.
* ``FOLLOW_UP_PASSED``: an escalation still under way whose follow-up date has passed.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from expertteam.domain.enums import ActionStatus, BlockerKind, CaseStatus, WaitingFor
from expertteam.domain.errors import ValidationError
from expertteam.domain.terms import MeasureFacts, TermKind, TermState, measure_terms
from expertteam.domain.waiting import WAITING_FOR_HELP, waiting_on
from expertteam.domain.workdays import add_months, add_working_days, working_days_between
from expertteam.formatting import short_date as _d
from expertteam.i18n import N_, _, ngettext

# --------------------------------------------------------------------------- kinds and criteria


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

# Legal terms that give a signal; the end of an OTS is a prompt to extend, not a failure.
SIGNALLED_TERMS = (TermKind.FIRST_CONTACT, TermKind.PLAN_VAN_AANPAK, TermKind.MACHTIGING_UHP)


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


# --------------------------------------------------------------------------- facts (input)


@dataclass(frozen=True, slots=True)
class ActionFacts:
    """An agreement as the criteria see it."""

    id: int
    number: int
    case_id: int
    case_number: str
    owner_organisation_id: int
    owner_name: str
    due_on: date
    status: ActionStatus
    times_postponed: int = 0


@dataclass(frozen=True, slots=True)
class CaseMeasure:
    id: int
    facts: MeasureFacts


@dataclass(frozen=True, slots=True)
class BlockerFacts:
    """A blocker; ``organisation_id`` is who blocks (the provider, or the case's GI when the
    child has no vaste jeugdbeschermer and no organisation was named)."""

    id: int
    case_id: int
    kind: BlockerKind
    organisation_id: int | None
    organisation_name: str
    since: date | None
    resolved_on: date | None


@dataclass(frozen=True, slots=True)
class CaseFacts:
    id: int
    case_number: str
    status: CaseStatus
    municipality_id: int | None = None
    municipality_name: str = ""
    gi_id: int | None = None
    gi_name: str = ""
    waiting_for: WaitingFor | None = None
    waiting_since: date | None = None
    help_started_on: date | None = None
    closed_on: date | None = None
    measures: tuple[CaseMeasure, ...] = ()

    @property
    def open(self) -> bool:
        return self.status is not CaseStatus.CLOSED


@dataclass(frozen=True, slots=True)
class EscalationFacts:
    id: int
    reference: str
    level_label: str
    addressee_name: str
    follow_up_on: date | None
    under_way: bool
    case_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the criteria look at, as of one day."""

    cases: tuple[CaseFacts, ...] = ()
    actions: tuple[ActionFacts, ...] = ()
    blockers: tuple[BlockerFacts, ...] = ()
    escalations: tuple[EscalationFacts, ...] = ()


# --------------------------------------------------------------------------- the signal


@dataclass(frozen=True, slots=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Signal:
    kind: SignalKind
    key: str
    """Which subject the signal is about (stable while the subject exists)."""
    fingerprint: str
    """A hash of the facts that define the signal; a dismissal holds while it is unchanged."""
    text: str
    facts: tuple[Fact, ...]
    on: date
    """Since when the problem shows: the day a term or threshold was passed, the first missed
    due date, the start of the earliest blocker (for sorting and display)."""
    case_ids: tuple[int, ...] = ()
    action_ids: tuple[int, ...] = ()
    organisation_ids: tuple[int, ...] = ()
    escalation_ids: tuple[int, ...] = ()
    blocker_kinds: tuple[BlockerKind, ...] = ()


def fingerprint(kind: SignalKind, key: str, stable: Mapping[str, Any]) -> str:
    """SHA-256 of the defining facts (ints, strings and lists of them, in a fixed order: the
    ``repr`` of these types does not change between Python versions, and is several times
    faster than JSON for thousands of signals)."""
    payload = repr((kind.value, key, sorted(stable.items())))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class _Builder:
    kind: SignalKind
    key: str
    stable: dict[str, Any]
    text: str
    on: date
    facts: list[Fact] = field(default_factory=list)
    case_ids: tuple[int, ...] = ()
    action_ids: tuple[int, ...] = ()
    organisation_ids: tuple[int, ...] = ()
    escalation_ids: tuple[int, ...] = ()
    blocker_kinds: tuple[BlockerKind, ...] = ()

    def build(self) -> Signal:
        return Signal(self.kind, self.key, fingerprint(self.kind, self.key, self.stable),
                      self.text, tuple(self.facts), self.on, self.case_ids, self.action_ids,
                      self.organisation_ids, self.escalation_ids, self.blocker_kinds)


# --------------------------------------------------------------------------- criteria


def misses(action: ActionFacts, today: date) -> int:
    """How often this agreement was not met: each postponement, "niet gedaan", and an open
    action past its due date."""
    missed_now = action.status is ActionStatus.NOT_DONE or (
        action.status is ActionStatus.OPEN and today > action.due_on)
    return action.times_postponed + (1 if missed_now else 0)


def actions_not_met(actions: Iterable[ActionFacts], today: date,
                    criteria: SignalCriteria) -> list[Signal]:
    """One signal per child and organisation whose agreements were missed often enough."""
    groups: dict[tuple[int, int], list[tuple[ActionFacts, int]]] = defaultdict(list)
    for action in actions:
        count = misses(action, today)
        if count and action.status is not ActionStatus.CANCELLED:
            groups[(action.case_id, action.owner_organisation_id)].append((action, count))
    signals: list[Signal] = []
    for (case_id, organisation_id), missed in sorted(groups.items()):
        total = sum(count for _action, count in missed)
        if total < criteria.not_met_count:
            continue
        missed.sort(key=lambda pair: pair[0].number)
        first = missed[0][0]
        numbers = ", ".join(str(action.number) for action, _count in missed)
        builder = _Builder(
            SignalKind.ACTION_NOT_MET, f"not_met:case={case_id}:org={organisation_id}",
            {"misses": [[action.id, count] for action, count in missed]},
            ngettext("{org} kwam {n} keer een afspraak niet na voor casus {case} (actie {nrs}).",
                     "{org} kwam {n} keer een afspraak niet na voor casus {case} (acties {nrs}).",
                     len(missed)).format(org=first.owner_name, n=total,
                                         case=first.case_number, nrs=numbers),
            min(today, min(action.due_on for action, _count in missed)),
            case_ids=(case_id,), action_ids=tuple(action.id for action, _c in missed),
            organisation_ids=(organisation_id,))
        builder.facts.append(Fact(_("Casus"), first.case_number))
        builder.facts.append(Fact(_("Actiehouder"), first.owner_name))
        builder.facts.append(Fact(_("Keer niet nagekomen"), str(total)))
        for action, _count in missed:
            value = _("termijn {due}, {status}").format(due=_d(action.due_on),
                                                        status=action.status.label.lower())
            if action.times_postponed:
                value += ", " + ngettext("{n} keer uitgesteld", "{n} keer uitgesteld",
                                         action.times_postponed).format(n=action.times_postponed)
            builder.facts.append(Fact(_("Actie {nr}").format(nr=action.number), value))
        signals.append(builder.build())
    return signals


def actions_overdue(actions: Iterable[ActionFacts], today: date,
                    criteria: SignalCriteria) -> list[Signal]:
    """Open actions more than ``overdue_working_days`` working days past their due date."""
    signals: list[Signal] = []
    for action in sorted(actions, key=lambda a: (a.due_on, a.number)):
        if action.status is not ActionStatus.OPEN:
            continue
        late = working_days_between(action.due_on, today)
        if late <= criteria.overdue_working_days:
            continue
        builder = _Builder(
            SignalKind.ACTION_OVERDUE, f"overdue:action={action.id}",
            {"action": action.id, "due_on": action.due_on.isoformat(),
             "threshold": criteria.overdue_working_days},
            ngettext("Actie {nr} van {org} (casus {case}) is {n} werkdag over de termijn van "
                     "{due}.",
                     "Actie {nr} van {org} (casus {case}) is {n} werkdagen over de termijn van "
                     "{due}.", late).format(nr=action.number, org=action.owner_name,
                                            case=action.case_number, n=late,
                                            due=_d(action.due_on)),
            add_working_days(action.due_on, criteria.overdue_working_days + 1),
            case_ids=(action.case_id,), action_ids=(action.id,),
            organisation_ids=(action.owner_organisation_id,))
        builder.facts += [Fact(_("Casus"), action.case_number),
                          Fact(_("Actiehouder"), action.owner_name),
                          Fact(_("Termijn"), _d(action.due_on)),
                          Fact(_("Werkdagen over de termijn"), str(late)),
                          Fact(_("Drempel"), ngettext("meer dan {n} werkdag",
                                                      "meer dan {n} werkdagen",
                                                      criteria.overdue_working_days)
                               .format(n=criteria.overdue_working_days))]
        signals.append(builder.build())
    return signals


def waiting_too_long(cases: Iterable[CaseFacts], today: date,
                     criteria: SignalCriteria) -> list[Signal]:
    """Children waiting for passende jeugdhulp or a placement longer than ``waiting``."""
    signals: list[Signal] = []
    for case in cases:
        if case.waiting_for not in WAITING_FOR_HELP or case.waiting_since is None or \
                waiting_on(today, is_open=case.open, waiting_for=case.waiting_for,
                           waiting_since=case.waiting_since,
                           help_started_on=case.help_started_on) is None:
            continue
        limit = criteria.waiting.after(case.waiting_since)
        if today <= limit:
            continue
        days = (today - case.waiting_since).days
        waiting_label = case.waiting_for.label.lower() if case.waiting_for else ""
        builder = _Builder(
            SignalKind.WAITING_TOO_LONG, f"waiting:case={case.id}",
            {"case": case.id, "waiting_for": str(case.waiting_for),
             "since": case.waiting_since.isoformat(), "limit": criteria.waiting.describe()},
            _("Casus {case} wacht sinds {since} op {what}: {days} dagen, langer dan "
              "{period}.").format(case=case.case_number, since=_d(case.waiting_since),
                                  what=waiting_label, days=days,
                                  period=criteria.waiting.describe()),
            limit + timedelta(days=1), case_ids=(case.id,),
            organisation_ids=tuple(i for i in (case.municipality_id, case.gi_id) if i))
        builder.facts += [Fact(_("Casus"), case.case_number),
                          Fact(_("Wacht op"), waiting_label),
                          Fact(_("Wacht sinds"), _d(case.waiting_since)),
                          Fact(_("Dagen wachten"), str(days)),
                          Fact(_("Verwachting"), _("binnen {period}").format(
                              period=criteria.waiting.describe()))]
        signals.append(builder.build())
    return signals


def legal_terms_passed(cases: Iterable[CaseFacts], today: date) -> list[Signal]:
    """Terms of the law not met and past (first contact, plan van aanpak, machtiging UHP)."""
    signals: list[Signal] = []
    for case in cases:
        if not case.open:
            continue
        for measure in case.measures:
            for term in measure_terms(measure.facts):
                if term.kind not in SIGNALLED_TERMS or term.state(today) is not TermState.OVERDUE:
                    continue
                days = (today - term.due).days
                builder = _Builder(
                    SignalKind.LEGAL_TERM_PASSED,
                    f"term:case={case.id}:measure={measure.id}:{term.kind.value}",
                    {"case": case.id, "measure": measure.id, "term": term.kind.value,
                     "due": term.due.isoformat()},
                    _("Casus {case}: {term} verstreken op {due} ({days} dagen geleden).").format(
                        case=case.case_number, term=term.kind.label, due=_d(term.due),
                        days=days),
                    term.due + timedelta(days=1), case_ids=(case.id,),
                    organisation_ids=(case.gi_id,) if case.gi_id else ())
                builder.facts += [Fact(_("Casus"), case.case_number),
                                  Fact(_("Maatregel"), measure.facts.kind.label),
                                  Fact(_("Termijn"), term.kind.label),
                                  Fact(_("Uiterste datum"), _d(term.due)),
                                  Fact(_("GI"), case.gi_name)]
                signals.append(builder.build())
    return signals


def _active_in_window(blocker: BlockerFacts, start: date, today: date) -> bool:
    began = blocker.since is None or blocker.since <= today
    return began and (blocker.resolved_on is None or blocker.resolved_on >= start)


def continuity(cases: Iterable[CaseFacts], blockers: Iterable[BlockerFacts], today: date,
               criteria: SignalCriteria) -> list[Signal]:
    """Several children blocked by the same organisation or the same kind of blocker in the
    window of ``continuity_period`` up to today: a threat to the continuity of care."""
    start = criteria.continuity_period.before(today)
    by_case = {case.id: case for case in cases
               if case.closed_on is None or case.closed_on >= start}
    by_org: dict[int, list[BlockerFacts]] = defaultdict(list)
    by_kind: dict[BlockerKind, list[BlockerFacts]] = defaultdict(list)
    for blocker in blockers:
        if blocker.case_id not in by_case or not _active_in_window(blocker, start, today):
            continue
        if blocker.organisation_id is not None:
            by_org[blocker.organisation_id].append(blocker)
        if blocker.kind is not BlockerKind.OTHER:
            by_kind[blocker.kind].append(blocker)
    signals: list[Signal] = []
    org_case_sets: set[frozenset[int]] = set()
    for organisation_id, group in sorted(by_org.items()):
        case_ids = frozenset(b.case_id for b in group)
        if len(case_ids) < criteria.continuity_min_cases:
            continue
        org_case_sets.add(case_ids)
        name = group[0].organisation_name
        signals.append(_continuity_signal(
            f"continuity:org={organisation_id}", name, group, by_case, start, today,
            (organisation_id,)))
    for kind, group in sorted(by_kind.items(), key=lambda item: item[0].value):
        case_ids = frozenset(b.case_id for b in group)
        if len(case_ids) < criteria.continuity_min_cases or case_ids in org_case_sets:
            continue
        signals.append(_continuity_signal(f"continuity:kind={kind.value}", kind.label, group,
                                          by_case, start, today, ()))
    return signals


def _continuity_signal(key: str, subject: str, group: Sequence[BlockerFacts],
                       by_case: Mapping[int, CaseFacts], start: date, today: date,
                       organisation_ids: tuple[int, ...]) -> Signal:
    case_ids = sorted({b.case_id for b in group})
    kinds = sorted({b.kind for b in group}, key=lambda kind: kind.value)
    numbers = [by_case[case_id].case_number for case_id in case_ids]
    municipalities = sorted({by_case[i].municipality_name for i in case_ids
                             if by_case[i].municipality_name})
    since_dates = [b.since for b in group if b.since is not None]
    since = min(since_dates) if since_dates else start
    builder = _Builder(
        SignalKind.CONTINUITY, key, {"cases": case_ids, "kinds": [k.value for k in kinds]},
        (_("{subject}: {n} kinderen geblokkeerd sinds {since} ({kinds}).") if organisation_ids
         else _("{n} kinderen geblokkeerd door ‘{kinds}’, sinds {since}.")).format(
            subject=subject, n=len(case_ids), since=_d(since),
            kinds=", ".join(kind.label.lower() for kind in kinds)),
        since, case_ids=tuple(case_ids), organisation_ids=organisation_ids,
        blocker_kinds=tuple(kinds))
    builder.facts += [Fact(_("Betreft"), subject),
                      Fact(_("Aantal kinderen"), str(len(case_ids))),
                      Fact(_("Knelpunten"), ", ".join(kind.label for kind in kinds)),
                      Fact(_("Sinds"), _d(since)),
                      Fact(_("Periode"), _("{start} t/m {end}").format(start=_d(start),
                                                                       end=_d(today))),
                      Fact(_("Gemeenten"), ", ".join(municipalities)),
                      Fact(_("Casussen"), ", ".join(numbers))]
    return builder.build()


def follow_ups_passed(escalations: Iterable[EscalationFacts], today: date) -> list[Signal]:
    """Escalations still under way whose follow-up date has passed."""
    signals: list[Signal] = []
    for escalation in escalations:
        if not escalation.under_way or escalation.follow_up_on is None or \
                today <= escalation.follow_up_on:
            continue
        builder = _Builder(
            SignalKind.FOLLOW_UP_PASSED, f"follow_up:escalation={escalation.id}",
            {"escalation": escalation.id, "follow_up_on": escalation.follow_up_on.isoformat()},
            _("Escalatie {ref} aan {to}: opvolgdatum {on} is verstreken.").format(
                ref=escalation.reference, to=escalation.addressee_name,
                on=_d(escalation.follow_up_on)),
            escalation.follow_up_on + timedelta(days=1), case_ids=escalation.case_ids,
            escalation_ids=(escalation.id,))
        builder.facts += [Fact(_("Escalatie"), escalation.reference),
                          Fact(_("Niveau"), escalation.level_label),
                          Fact(_("Aan"), escalation.addressee_name),
                          Fact(_("Opvolgen op"), _d(escalation.follow_up_on))]
        signals.append(builder.build())
    return signals


_ORDER = {kind: index for index, kind in enumerate(
    (SignalKind.CONTINUITY, SignalKind.FOLLOW_UP_PASSED, SignalKind.LEGAL_TERM_PASSED,
     SignalKind.ACTION_NOT_MET, SignalKind.WAITING_TOO_LONG, SignalKind.ACTION_OVERDUE))}


def evaluate(facts: Facts, today: date, criteria: SignalCriteria | None = None) -> list[Signal]:
    """Every signal the enabled criteria give on ``today``, most pressing kind first."""
    wanted = criteria or SignalCriteria()
    signals: list[Signal] = []
    if SignalKind.ACTION_NOT_MET in wanted.enabled:
        signals += actions_not_met(facts.actions, today, wanted)
    if SignalKind.ACTION_OVERDUE in wanted.enabled:
        signals += actions_overdue(facts.actions, today, wanted)
    if SignalKind.WAITING_TOO_LONG in wanted.enabled:
        signals += waiting_too_long(facts.cases, today, wanted)
    if SignalKind.LEGAL_TERM_PASSED in wanted.enabled:
        signals += legal_terms_passed(facts.cases, today)
    if SignalKind.CONTINUITY in wanted.enabled:
        signals += continuity(facts.cases, facts.blockers, today, wanted)
    if SignalKind.FOLLOW_UP_PASSED in wanted.enabled:
        signals += follow_ups_passed(facts.escalations, today)
    return sort_signals(signals)


def sort_signals(signals: Iterable[Signal]) -> list[Signal]:
    """Most pressing kind first (continuity, follow-up, legal terms, …), then oldest first."""
    return sorted(signals, key=lambda signal: (_ORDER[signal.kind], signal.on, signal.key))
