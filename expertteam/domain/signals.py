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

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from expertteam.domain.enums import ActionStatus, BlockerKind
from expertteam.domain.signal_criteria import SignalCriteria, SignalKind
from expertteam.domain.signal_facts import (
    ActionFacts,
    BlockerFacts,
    CaseFacts,
    EscalationFacts,
    Fact,
    Facts,
    Signal,
    SignalBuilder,
)
from expertteam.domain.terms import TermKind, TermState, measure_terms
from expertteam.domain.waiting import WAITING_FOR_HELP, waiting_on
from expertteam.domain.workdays import add_working_days, working_days_between
from expertteam.formatting import short_date as _d
from expertteam.i18n import _, ngettext

# Legal terms that give a signal; the end of an OTS is a prompt to extend, not a failure.
SIGNALLED_TERMS = (TermKind.FIRST_CONTACT, TermKind.PLAN_VAN_AANPAK, TermKind.MACHTIGING_UHP)


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
        builder = SignalBuilder(
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
        builder = SignalBuilder(
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
        builder = SignalBuilder(
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
                builder = SignalBuilder(
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
    builder = SignalBuilder(
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
        builder = SignalBuilder(
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
