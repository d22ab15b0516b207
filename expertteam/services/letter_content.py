"""What an escalation letter says, computed from the register (no rendering, no refusals).

``build_letter`` gives the data of a case letter or a continuity letter for a set of free-text
parts; ``default_texts`` what those parts say when the coordinator leaves them alone. Text that
comes from the register into a case letter (action descriptions, notes, the goal, the reason
and request of the escalation, earlier answers) passes the privacy guard: the child's name
becomes the initials, any other identifying item a placeholder.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, object_session

from expertteam.documents.letter_data import (
    BlockerRef,
    CaseLetter,
    ContinuityLetter,
    CountLine,
    EarlierEscalation,
    LetterFrame,
    MeasureRef,
    MissedLine,
    TimelineLine,
)
from expertteam.domain.enums import ActionStatus, BlockerKind, CaseStatus
from expertteam.domain.escalation import EscalationLevel, EscalationStatus
from expertteam.domain.pseudonym import initials
from expertteam.domain.signal_facts import ActionFacts
from expertteam.domain.signals import misses
from expertteam.domain.waiting import days_waiting
from expertteam.domain.workdays import working_days_between
from expertteam.formatting import short_date as _d
from expertteam.i18n import _, ngettext
from expertteam.services import audit
from expertteam.services.escalation_drafts import failed_actions
from expertteam.services.letterhead import read_letterhead
from expertteam.services.privacy import guard
from expertteam.storage.models.actions import Action, ActionEvent
from expertteam.storage.models.cases import Case, CaseBlocker
from expertteam.storage.models.escalations import Escalation, EscalationCase
from expertteam.storage.models.meetings import AgendaItem, Meeting


def _redact(text: str, child: Case) -> str:
    """Text from the register as a case letter may quote it (see the module doc)."""
    session = object_session(child)
    if not text or session is None:
        return text
    return guard(session, [child.id]).text(text)


# --------------------------------------------------------------------------- shared parts


def _cases(escalation: Escalation) -> list[Case]:
    return [link.case for link in escalation.cases]


def _earlier(session: Session, escalation: Escalation, *, scrub: bool = False
             ) -> tuple[EarlierEscalation, ...]:
    """Other escalations about these children (or this organisation) that were sent; with
    ``scrub`` their answers pass the privacy guard (a letter to the Jeugdautoriteit refuses an
    answer that identifies a child instead)."""
    case_ids = [link.case_id for link in escalation.cases]
    conditions: list[ColumnElement[bool]] = [Escalation.id.in_(select(EscalationCase.escalation_id)
                                    .where(EscalationCase.case_id.in_(case_ids)))]
    if escalation.subject_organisation_id is not None:
        conditions.append(Escalation.subject_organisation_id ==
                          escalation.subject_organisation_id)
    others = session.scalars(select(Escalation).where(
        Escalation.id != escalation.id, Escalation.status != EscalationStatus.CONCEPT,
        or_(*conditions)).order_by(Escalation.opened_on, Escalation.id)).all()
    result: list[EarlierEscalation] = []
    for other in others:
        sent = next((e.on for e in other.events if e.new_status == EscalationStatus.SENT.value),
                    None)
        response = guard(session, case_ids).text(other.response) if scrub else other.response
        result.append(EarlierEscalation(other.reference, other.level.label, other.addressee.name,
                                        other.opened_on, sent, other.status.label,
                                        other.response_on, response))
    return tuple(result)


def _contact_default(session: Session) -> str:
    letterhead = read_letterhead(session)
    if letterhead.signatory_name:
        role = f", {letterhead.signatory_role}" if letterhead.signatory_role else ""
        return f"{letterhead.signatory_name}{role}"
    return letterhead.region_name


def _closing_default(escalation: Escalation) -> str:
    answer = _("Wij horen graag uiterlijk {date} van u.").format(
        date=_d(escalation.follow_up_on)) if escalation.follow_up_on else \
        _("Wij zien uw reactie graag tegemoet.")
    return answer + " " + _("Voor vragen kunt u terecht bij de contactpersoon hierboven.")


def _frame(session: Session, escalation: Escalation, texts: Mapping[str, str], version: int,
           letter_date: date, concept: bool) -> LetterFrame:
    return LetterFrame(reference=escalation.reference, version=version, letter_date=letter_date,
                       addressee=escalation.addressee.name, subject=texts["subject"],
                       contact=texts["contact"], concept=concept,
                       letterhead=read_letterhead(session).for_documents(
                           audit.anchor(session).text))


# --------------------------------------------------------------------------- case letter


def _event_day(event: ActionEvent, meetings: Mapping[int, date]) -> date:
    if event.meeting_id is not None and event.meeting_id in meetings:
        return meetings[event.meeting_id]
    return event.at.date()


def _meeting_dates(session: Session, case_id: int) -> dict[int, date]:
    rows = session.execute(select(Meeting.id, Meeting.held_on)
                           .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
                           .where(AgendaItem.case_id == case_id))
    return {meeting_id: held_on for meeting_id, held_on in rows}


def _timeline(session: Session, case: Case, today: date) -> tuple[TimelineLine, ...]:
    actions = session.scalars(select(Action).where(Action.case_id == case.id)
                              .order_by(Action.number)).all()
    meetings = _meeting_dates(session, case.id)
    lines: list[TimelineLine] = []
    for action in actions:
        owner = action.owner_organisation.name
        description = _redact(action.description, case)
        for event in action.events:
            day = _event_day(event, meetings)
            note = f": {_redact(event.note, case)}" if event.note.strip() else ""
            if event.kind == "created":
                lines.append(TimelineLine(day, owner, _(
                    "Afspraak {n}: {text} (uiterlijk {due})").format(
                        n=action.number, text=description, due=_d(event.new_due_on))))
            elif event.kind == "due" and event.old_due_on and event.new_due_on:
                later = event.new_due_on > event.old_due_on
                lines.append(TimelineLine(day, owner, (
                    _("Afspraak {n} uitgesteld van {old} naar {new}{note}") if later else
                    _("Termijn afspraak {n} vervroegd van {old} naar {new}{note}")).format(
                        n=action.number, old=_d(event.old_due_on), new=_d(event.new_due_on),
                        note=note), missed=later))
            elif event.kind == "status" and event.new_status:
                status = ActionStatus(event.new_status)
                lines.append(TimelineLine(day, owner, _("Afspraak {n}: {status}{note}").format(
                    n=action.number, status=status.label.lower(), note=note),
                    missed=status is ActionStatus.NOT_DONE, met=status is ActionStatus.DONE))
        if action.status is ActionStatus.OPEN and today > action.due_on:
            lines.append(TimelineLine(action.due_on, owner, _(
                "Termijn afspraak {n} verstreken zonder resultaat").format(n=action.number),
                missed=True))
    lines.sort(key=lambda line: line.on)
    return tuple(lines)


def _outcome(action: Action, today: date) -> str:
    parts: list[str] = []
    if action.times_postponed:
        parts.append(ngettext("{n} keer uitgesteld", "{n} keer uitgesteld",
                              action.times_postponed).format(n=action.times_postponed))
    if action.status is ActionStatus.NOT_DONE:
        parts.append(_("niet gedaan"))
    elif action.status is ActionStatus.OPEN and today > action.due_on:
        late = working_days_between(action.due_on, today)
        parts.append(ngettext("open, {n} werkdag over de termijn",
                              "open, {n} werkdagen over de termijn", late).format(n=late))
    else:
        parts.append(action.status.label.lower())
    return "; ".join(parts)


def _missed(session: Session, escalation: Escalation, case: Case,
            today: date) -> tuple[MissedLine, ...]:
    linked = [link.action for link in escalation.actions]
    actions = linked or list(session.scalars(select(Action).where(
        Action.id.in_(failed_actions(session, [case.id], today)))))
    return tuple(
        MissedLine(a.owner_organisation.name, a.number, _redact(a.description, case), a.due_on,
                   _outcome(a, today))
        for a in sorted(actions, key=lambda a: (a.owner_organisation.name, a.number)))


def _waiting_text(case: Case, today: date) -> str:
    days = _days_waiting(case, today)
    if case.waiting_for is None or case.waiting_since is None or days is None:
        return ""
    return _("{what} sinds {since} ({days} dagen)").format(
        what=case.waiting_for.label.lower(), since=_d(case.waiting_since), days=days)


def _days_waiting(case: Case, today: date) -> int | None:
    return days_waiting(today, is_open=case.status is not CaseStatus.CLOSED,
                        waiting_for=case.waiting_for, waiting_since=case.waiting_since,
                        help_started_on=case.help_started_on)


def _case_defaults(session: Session, escalation: Escalation, case: Case) -> dict[str, str]:
    child = f"{case.case_number} · {initials(case.given_names, case.surname) or '?'}"
    if case.birth_date:
        child += f" · {case.birth_date.year}"
    introduction = _(
        "Het regionale expertteam vraagt uw ondersteuning voor het kind hieronder. De afspraken "
        "uit de lokale doorbraakaanpak en uit het expertteam hebben het kind nog niet de "
        "bescherming en hulp gebracht die de kinderrechter heeft bedoeld. Hieronder staat wat "
        "is afgesproken, wie welke afspraak niet is nagekomen en wat wij van u vragen.")
    if escalation.reason.strip():
        introduction += "\n\n" + _redact(escalation.reason.strip(), case)
    if escalation.request.strip():
        request = _redact(escalation.request.strip(), case)
    elif escalation.level is EscalationLevel.OZJ:
        request = _("Wij vragen het OZJ de gemeente en de betrokken aanbieders te ondersteunen "
                    "bij het vinden van passende hulp voor dit kind, en ons binnen vier weken "
                    "te laten weten welke stappen worden gezet.")
    else:
        request = _("Wij vragen het expertisenetwerk deze casus op te pakken en samen met de "
                    "betrokken partijen binnen vier weken een passende plek of passend aanbod "
                    "voor dit kind te vinden.")
    return {
        "subject": _("Verzoek om ondersteuning, casus {child}").format(child=child),
        "introduction": introduction, "request": request,
        "closing": _closing_default(escalation), "contact": _contact_default(session),
    }


def _build_case_letter(session: Session, escalation: Escalation, texts: Mapping[str, str],
                       version: int, today: date, concept: bool) -> CaseLetter:
    case = _cases(escalation)[0]
    measures = tuple(MeasureRef(m.kind.label, m.ruling_date) for m in case.measures
                     if not m.removed)
    blockers = tuple(BlockerRef(b.kind.label, b.provider.name if b.provider else "", b.since)
                     for b in case.blockers if b.resolved_on is None)
    return CaseLetter(
        frame=_frame(session, escalation, texts, version, today, concept),
        case_number=case.case_number, initials=initials(case.given_names, case.surname),
        birth_year=case.birth_date.year if case.birth_date else None, measures=measures,
        municipality=case.municipality.name if case.municipality else "",
        gi=case.gi.name if case.gi else "", waiting=_waiting_text(case, today),
        blockers=blockers, goal=_redact(case.goal, case), introduction=texts["introduction"],
        timeline=_timeline(session, case, today), missed=_missed(session, escalation, case,
                                                                  today),
        earlier=_earlier(session, escalation, scrub=True), request=texts["request"],
        closing=texts["closing"])


# --------------------------------------------------------------------------- continuity letter


def _relevant_blockers(session: Session, escalation: Escalation) -> list[CaseBlocker]:
    start = escalation.problem_since or escalation.opened_on
    case_ids = [link.case_id for link in escalation.cases]
    return list(session.scalars(select(CaseBlocker).where(
        CaseBlocker.case_id.in_(case_ids),
        or_(CaseBlocker.resolved_on.is_(None), CaseBlocker.resolved_on >= start))
        .order_by(CaseBlocker.id)))


def _continuity_defaults(session: Session, escalation: Escalation,
                         municipalities: Sequence[str]) -> dict[str, str]:
    kinds = ", ".join(kind.label.lower() for kind in escalation_kinds(escalation))
    subject_org = escalation.subject_organisation
    what = escalation.care_description or kinds
    where = subject_org.name if subject_org else ""
    subject = _("Continuïteit van zorg: {what} bij {where}").format(what=what, where=where) \
        if where else _("Continuïteit van zorg: {what}").format(what=what)
    since = _("Sinds {date}").format(date=_d(escalation.problem_since)) \
        if escalation.problem_since else _("Al geruime tijd")
    problem = _("{since} lopen kinderen in onze regio vast op: {kinds}{at}. Daardoor is de "
                "continuïteit van cruciale jeugdzorg in gevaar in de gemeenten "
                "{municipalities}.").format(
        since=since, kinds=kinds, at=_(" bij {org}").format(org=where) if where else "",
        municipalities=", ".join(municipalities) or "–")
    tried = _("Voor ieder kind heeft het expertteam doorbraakafspraken gemaakt met de gemeente, "
              "de gecertificeerde instelling en de aanbieders.")
    if _earlier(session, escalation):
        tried += " " + _("Waar afspraken niet werden nagekomen, is opgeschaald. Hieronder staan "
                         "de eerdere escalaties en de antwoorden.")
    request = escalation.request.strip() or _(
        "Wij vragen de Jeugdautoriteit dit continuïteitsprobleem te onderzoeken, met de "
        "betrokken gemeenten en aanbieders tot een oplossing te komen, en ons te laten weten "
        "welke stappen u zet.")
    return {"subject": subject, "problem": problem, "tried": tried, "request": request,
            "closing": _closing_default(escalation), "contact": _contact_default(session)}


def escalation_kinds(escalation: Escalation) -> list[BlockerKind]:
    try:
        return [BlockerKind(value) for value in json.loads(escalation.blocker_kinds or "[]")]
    except (ValueError, TypeError):
        return []


def _count_lines(counter: Mapping[str, set[int]], first: Sequence[str] = ()
                 ) -> tuple[CountLine, ...]:
    """Count lines, most children first; labels in ``first`` (the escalation's own blocker
    kinds) lead."""
    return tuple(CountLine(label, len(ids)) for label, ids in
                 sorted(counter.items(),
                        key=lambda item: (item[0] not in first, -len(item[1]), item[0])))


def _build_continuity_letter(session: Session, escalation: Escalation,
                             texts: Mapping[str, str], version: int, today: date,
                             concept: bool) -> ContinuityLetter:
    cases = _cases(escalation)
    by_kind: dict[str, set[int]] = defaultdict(set)
    for blocker in _relevant_blockers(session, escalation):
        by_kind[blocker.kind.label].add(blocker.case_id)
    by_municipality: dict[str, set[int]] = defaultdict(set)
    for case in cases:
        by_municipality[case.municipality.name if case.municipality else _("onbekend")].add(
            case.id)
    waiting = sorted(days for days in (_days_waiting(c, today) for c in cases)
                     if days is not None)
    actions = session.scalars(select(Action).where(
        Action.case_id.in_([c.id for c in cases]),
        Action.status != ActionStatus.CANCELLED)).all()
    not_met: dict[str, list[int]] = defaultdict(list)
    for action in actions:
        count = misses(ActionFacts(action.id, action.number, action.case_id, "",
                                   action.owner_organisation_id, "", action.due_on,
                                   action.status, action.times_postponed), today)
        if count:
            not_met[action.owner_organisation.name].append(count)
    subject_org = escalation.subject_organisation
    municipalities = tuple(sorted(name for name in by_municipality if name != _("onbekend")))
    return ContinuityLetter(
        frame=_frame(session, escalation, texts, version, today, concept),
        care=escalation.care_description,
        subject_organisation=subject_org.name if subject_org else "",
        subject_kind=subject_org.kind.label.lower() if subject_org else "",
        since=escalation.problem_since, municipalities=municipalities,
        blocker_kinds=tuple(kind.label for kind in escalation_kinds(escalation)),
        problem=texts["problem"], children=len(cases), by_kind=_count_lines(
            by_kind, [kind.label for kind in escalation_kinds(escalation)]),
        by_municipality=_count_lines(by_municipality), waiting_count=len(waiting),
        waiting_median_days=round(statistics.median(waiting)) if waiting else None,
        waiting_longest_days=waiting[-1] if waiting else None,
        agreements_total=len(actions),
        not_met_by=tuple(
            CountLine(org, len(counts), ngettext("{n} keer", "{n} keer", sum(counts)).format(
                n=sum(counts)))
            for org, counts in sorted(not_met.items(), key=lambda i: (-len(i[1]), i[0]))),
        case_refs=tuple(sorted(
            f"{c.case_number} ({c.birth_date.year})" if c.birth_date else c.case_number
            for c in cases)),
        earlier=_earlier(session, escalation), tried=texts["tried"], request=texts["request"],
        closing=texts["closing"])


def default_texts(session: Session, escalation: Escalation) -> dict[str, str]:
    """What each free-text part says by default, from the escalation and its cases."""
    if escalation.level.is_continuity:
        names = sorted({c.municipality.name for c in _cases(escalation) if c.municipality})
        return _continuity_defaults(session, escalation, names)
    return _case_defaults(session, escalation, _cases(escalation)[0])


def build_letter(session: Session, escalation: Escalation, texts: Mapping[str, str],
                 version: int, today: date, concept: bool) -> CaseLetter | ContinuityLetter:
    """The letter's data as of ``today`` with these free-text parts."""
    if escalation.level.is_continuity:
        return _build_continuity_letter(session, escalation, texts, version, today, concept)
    return _build_case_letter(session, escalation, texts, version, today, concept)


def texts_of(data: CaseLetter | ContinuityLetter) -> dict[str, str]:
    texts = {"subject": data.frame.subject, "contact": data.frame.contact,
             "request": data.request, "closing": data.closing}
    if isinstance(data, CaseLetter):
        texts["introduction"] = data.introduction
    else:
        texts["problem"], texts["tried"] = data.problem, data.tried
    return texts

