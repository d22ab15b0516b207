"""The case register: create, change, close and list the children brought to the expertteam."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from expertteam.domain.bsn import FORMAT_VALID_LABEL, normalise_bsn
from expertteam.domain.enums import (
    AuditAction,
    BlockerKind,
    CaseStatus,
    ClosingResult,
    MeasureKind,
    OrganisationKind,
    WaitingFor,
)
from expertteam.domain.errors import (
    NeedsConfirmationError,
    NotFoundError,
    StateError,
    ValidationError,
)
from expertteam.domain.identifying.names import MIN_NAME_LENGTH
from expertteam.domain.identifying.normalise import compact
from expertteam.domain.plausibility import CaseDates, MeasureDates, Severity, check_case
from expertteam.domain.pseudonym import format_case_number, pseudonym
from expertteam.domain.search import matches
from expertteam.domain.terms import MeasureFacts, Term, case_terms, next_open_term, passed_terms
from expertteam.domain.waiting import days_waiting, waiting_on
from expertteam.formatting import short_date
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.case_history import (
    HistoryWriter,
    blocker_values,
    case_values,
    check_effective_on,
    check_publications,
    measure_values,
    record_blocker,
    record_changed,
    record_created,
    record_measure,
)
from expertteam.services.organisations import get_organisation_row
from expertteam.services.store import Store
from expertteam.services.validation import (
    clean_text,
    not_before,
    not_in_future,
    plausible_date,
)
from expertteam.storage import numbers
from expertteam.storage.models.cases import Case, CaseBlocker, CaseHiddenName, Measure
from expertteam.storage.models.organisations import Contact, Organisation
from expertteam.storage.numbers import allocate_number

MAX_AGE_YEARS = 27
MAX_HIDDEN_NAMES = 30


@dataclass
class MeasureInput:
    kind: MeasureKind
    ruling_date: date | None = None
    gi_charged_on: date | None = None
    first_contact_on: date | None = None
    plan_on: date | None = None
    carried_out_on: date | None = None
    end_date: date | None = None
    end_reason: str = ""
    id: int | None = None


@dataclass
class BlockerInput:
    kind: BlockerKind
    provider_id: int | None = None
    note: str = ""
    since: date | None = None
    resolved_on: date | None = None
    id: int | None = None


@dataclass
class CaseInput:
    given_names: str
    surname: str
    referred_on: date
    birth_date: date | None = None
    bsn: str | None = None
    municipality_id: int | None = None
    gi_id: int | None = None
    jeugdbeschermer_id: int | None = None
    referred_by_id: int | None = None
    referred_by_name: str = ""
    referral_question: str = ""
    goal: str = ""
    waiting_for: WaitingFor | None = None
    waiting_since: date | None = None
    help_started_on: date | None = None
    status: CaseStatus = CaseStatus.REFERRED
    measures: list[MeasureInput] = field(default_factory=list)
    blockers: list[BlockerInput] = field(default_factory=list)
    hidden_names: list[str] = field(default_factory=list)
    """Other names that identify the child (parents, siblings, nicknames, school): hidden in
    every output like the child's own name."""


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    id: int
    kind: MeasureKind
    ruling_date: date | None
    gi_charged_on: date | None
    first_contact_on: date | None
    plan_on: date | None
    carried_out_on: date | None
    end_date: date | None
    end_reason: str

    def facts(self) -> MeasureFacts:
        return MeasureFacts(self.kind, self.ruling_date, self.gi_charged_on,
                            self.first_contact_on, self.plan_on, self.end_date,
                            self.carried_out_on)

    def to_input(self) -> MeasureInput:
        return MeasureInput(self.kind, self.ruling_date, self.gi_charged_on,
                            self.first_contact_on, self.plan_on, self.carried_out_on,
                            self.end_date, self.end_reason, self.id)


@dataclass(frozen=True, slots=True)
class BlockerInfo:
    id: int
    kind: BlockerKind
    provider_id: int | None
    provider_name: str
    note: str
    since: date | None
    resolved_on: date | None

    def to_input(self) -> BlockerInput:
        return BlockerInput(self.kind, self.provider_id, self.note, self.since,
                            self.resolved_on, self.id)


@dataclass(frozen=True, slots=True)
class CaseDetail:
    id: int
    uuid: str
    case_number: str
    given_names: str
    surname: str
    birth_date: date | None
    bsn: str | None
    municipality_id: int | None
    municipality_name: str
    gi_id: int | None
    gi_name: str
    jeugdbeschermer_id: int | None
    jeugdbeschermer_name: str
    referred_on: date
    referred_by_id: int | None
    referred_by_name: str
    referral_question: str
    goal: str
    waiting_for: WaitingFor | None
    waiting_since: date | None
    help_started_on: date | None
    status: CaseStatus
    closed_on: date | None
    closing_result: ClosingResult | None
    closing_note: str
    measures: tuple[MeasureInfo, ...]
    blockers: tuple[BlockerInfo, ...]
    terms: tuple[Term, ...]
    hidden_names: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surname}".strip()

    @property
    def pseudonym(self) -> str:
        return pseudonym(self.case_number, self.given_names, self.surname, self.birth_date)

    @property
    def bsn_label(self) -> str:
        return _(FORMAT_VALID_LABEL) if self.bsn else ""

    def to_input(self) -> CaseInput:
        return CaseInput(
            given_names=self.given_names, surname=self.surname, referred_on=self.referred_on,
            birth_date=self.birth_date, bsn=self.bsn, municipality_id=self.municipality_id,
            gi_id=self.gi_id, jeugdbeschermer_id=self.jeugdbeschermer_id,
            referred_by_id=self.referred_by_id, referred_by_name=self.referred_by_name,
            referral_question=self.referral_question, goal=self.goal,
            waiting_for=self.waiting_for, waiting_since=self.waiting_since,
            help_started_on=self.help_started_on, status=self.status,
            measures=[m.to_input() for m in self.measures],
            blockers=[b.to_input() for b in self.blockers],
            hidden_names=list(self.hidden_names))


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One line of the register: plain data, ready for a table model."""

    id: int
    case_number: str
    child_name: str
    pseudonym: str
    municipality_id: int | None
    municipality_name: str
    gi_id: int | None
    gi_name: str
    waiting_for: WaitingFor | None
    days_waiting: int | None
    status: CaseStatus
    next_term: Term | None
    passed_terms: int
    blocker_kinds: tuple[BlockerKind, ...]
    overdue_terms: tuple[Term, ...] = ()  # the terms counted in ``passed_terms``

    @property
    def overdue(self) -> bool:
        return self.passed_terms > 0


@dataclass(frozen=True)
class RegisterFilter:
    statuses: tuple[CaseStatus, ...] = ()
    municipality_id: int | None = None
    gi_id: int | None = None
    text: str = ""


# --------------------------------------------------------------------------- validation

def _validate(session: Session, store: Store, data: CaseInput) -> CaseInput:
    today = store.today()
    given = clean_text(data.given_names, "given_names", _("Voornaam"), required=True)
    surname = clean_text(data.surname, "surname", _("Achternaam"), required=True)
    birth = plausible_date(data.birth_date, "birth_date", _("Geboortedatum"))
    not_in_future(birth, "birth_date", _("De geboortedatum"), today)
    if birth is not None and today.year - birth.year > MAX_AGE_YEARS:
        raise ValidationError("birth_date", _("Deze geboortedatum past niet bij een jeugdige "
                                              "(ouder dan {n} jaar).").format(n=MAX_AGE_YEARS))
    if data.referred_on is None:
        raise ValidationError("referred_on", _("De aanmelddatum is verplicht."))
    plausible_date(data.referred_on, "referred_on", _("Aanmelddatum"))
    not_in_future(data.referred_on, "referred_on", _("De aanmelddatum"), today)
    get_organisation_row(session, data.municipality_id, "municipality_id",
                         (OrganisationKind.MUNICIPALITY,))
    get_organisation_row(session, data.gi_id, "gi_id", (OrganisationKind.GI,))
    get_organisation_row(session, data.referred_by_id, "referred_by_id")
    if data.jeugdbeschermer_id is not None:
        contact = session.get(Contact, data.jeugdbeschermer_id)
        if contact is None:
            raise ValidationError("jeugdbeschermer_id", _("De gekozen jeugdbeschermer bestaat "
                                                          "niet (meer)."))
        if data.gi_id is None or contact.organisation_id != data.gi_id:
            raise ValidationError("jeugdbeschermer_id", _("De jeugdbeschermer moet werken bij de "
                                                          "gekozen GI."))
    if data.waiting_for is not None and data.waiting_since is None:
        raise ValidationError("waiting_since", _("Vul in sinds wanneer het kind wacht."))
    plausible_date(data.waiting_since, "waiting_since", _("Wacht sinds"))
    not_in_future(data.waiting_since, "waiting_since", _("De wachtdatum"), today)
    not_before(data.waiting_since, birth, "waiting_since", _("De wachtdatum"),
               _("de geboortedatum"))
    not_in_future(data.help_started_on, "help_started_on", _("De startdatum van de hulp"), today)
    if data.status is CaseStatus.CLOSED:
        raise StateError(_("Sluit een casus af met ‘Casus afsluiten’, dan wordt ook het "
                           "resultaat vastgelegd."))
    measures = [_validate_measure(m, index, today) for index, m in enumerate(data.measures)]
    blockers = [_validate_blocker(session, b, index, today) for index, b in
                enumerate(data.blockers)]
    return CaseInput(
        given_names=given, surname=surname, referred_on=data.referred_on, birth_date=birth,
        bsn=normalise_bsn(data.bsn), municipality_id=data.municipality_id, gi_id=data.gi_id,
        jeugdbeschermer_id=data.jeugdbeschermer_id, referred_by_id=data.referred_by_id,
        referred_by_name=clean_text(data.referred_by_name, "referred_by_name",
                                    _("Aangemeld door")),
        referral_question=clean_text(data.referral_question, "referral_question",
                                     _("Hulpvraag"), max_length=4000, multiline=True),
        goal=clean_text(data.goal, "goal", _("Doorbraakdoel"), max_length=4000, multiline=True),
        waiting_for=data.waiting_for, waiting_since=data.waiting_since,
        help_started_on=data.help_started_on, status=data.status,
        measures=measures, blockers=blockers, hidden_names=_validate_hidden(data.hidden_names))


def _validate_hidden(names: list[str]) -> list[str]:
    """One entry per name, NFC, without blanks or repeats (however written)."""
    if len(names) > MAX_HIDDEN_NAMES:
        raise ValidationError("hidden_names", _("Vul hoogstens {n} namen om te verbergen in.")
                              .format(n=MAX_HIDDEN_NAMES))
    clean: dict[str, str] = {}
    for index, name in enumerate(names, start=1):
        text = clean_text(name, "hidden_names", _("Naam om te verbergen {n}").format(n=index))
        if len(compact(text)) < MIN_NAME_LENGTH:
            if text:
                raise ValidationError("hidden_names", _(
                    "Naam om te verbergen {i} is te kort: minstens {n} letters.").format(
                        i=index, n=MIN_NAME_LENGTH))
            continue
        clean.setdefault(compact(text), text)
    return list(clean.values())


def _validate_measure(measure: MeasureInput, index: int, today: date) -> MeasureInput:
    field_prefix = f"measures[{index}]"
    if not isinstance(measure.kind, MeasureKind):
        raise ValidationError(f"{field_prefix}.kind", _("Kies de soort maatregel."))
    labels = (("ruling_date", _("Uitspraakdatum")), ("gi_charged_on", _("GI belast op")),
              ("first_contact_on", _("Eerste contact")), ("plan_on", _("Plan van aanpak")),
              ("carried_out_on", _("Uitgevoerd op")), ("end_date", _("Einddatum")))
    for attr, label in labels:
        value = getattr(measure, attr)
        plausible_date(value, f"{field_prefix}.{attr}", label)
        if attr != "end_date":
            not_in_future(value, f"{field_prefix}.{attr}", label, today)
    not_before(measure.first_contact_on, measure.gi_charged_on, f"{field_prefix}.first_contact_on",
               _("Het eerste contact"), _("de datum waarop de GI is belast"))
    not_before(measure.end_date, measure.ruling_date, f"{field_prefix}.end_date",
               _("De einddatum"), _("de uitspraakdatum"))
    reason = clean_text(measure.end_reason, f"{field_prefix}.end_reason", _("Reden einde"))
    return MeasureInput(measure.kind, measure.ruling_date, measure.gi_charged_on,
                        measure.first_contact_on, measure.plan_on, measure.carried_out_on,
                        measure.end_date, reason, measure.id)


def _validate_blocker(session: Session, blocker: BlockerInput, index: int,
                      today: date) -> BlockerInput:
    field_prefix = f"blockers[{index}]"
    if not isinstance(blocker.kind, BlockerKind):
        raise ValidationError(f"{field_prefix}.kind", _("Kies het soort knelpunt."))
    get_organisation_row(session, blocker.provider_id, f"{field_prefix}.provider_id",
                         (OrganisationKind.PROVIDER, OrganisationKind.GI,
                          OrganisationKind.MUNICIPALITY))
    not_in_future(blocker.since, f"{field_prefix}.since", _("Knelpunt sinds"), today)
    not_in_future(blocker.resolved_on, f"{field_prefix}.resolved_on", _("Opgelost op"), today)
    not_before(blocker.resolved_on, blocker.since, f"{field_prefix}.resolved_on",
               _("De datum opgelost"), _("de startdatum van het knelpunt"))
    note = clean_text(blocker.note, f"{field_prefix}.note", _("Toelichting knelpunt"),
                      max_length=1000, multiline=True)
    return BlockerInput(blocker.kind, blocker.provider_id, note, blocker.since,
                        blocker.resolved_on, blocker.id)


def _check_plausible(data: CaseInput, confirmed: bool) -> None:
    """Impossible date combinations raise ``ValidationError`` at their field; unusual ones
    ``NeedsConfirmationError`` unless ``confirmed`` (``domain/plausibility.py``)."""
    findings = check_case(CaseDates(
        data.birth_date, data.referred_on, data.waiting_for, data.waiting_since,
        data.help_started_on,
        [MeasureDates(m.kind, m.ruling_date, m.gi_charged_on, m.first_contact_on, m.plan_on,
                      m.carried_out_on, m.end_date) for m in data.measures]))
    for finding in findings:
        if finding.severity is Severity.ERROR:
            raise ValidationError(finding.field, finding.message)
    if findings and not confirmed:
        raise NeedsConfirmationError(tuple((f.field, f.message) for f in findings))


# --------------------------------------------------------------------------- mapping

def _record(session: Session, store: Store, case: Case, before: dict[str, object] | None,
            blockers: dict[int, tuple[object, date | None, date | None]],
            measures: dict[int, dict[str, object]], effective_on: date,
            confirmed: bool) -> None:
    """The history rows of this change (``services/case_history.py``); a change that takes
    effect before a published meetmoment needs ``confirmed``."""
    writer = HistoryWriter(session, store, case.id)
    if before is None:
        record_created(writer, case_values(case))
    else:
        record_changed(writer, before, case_values(case), effective_on)
    for blocker in case.blockers:
        record_blocker(writer, blocker.id, blockers.get(blocker.id), blocker_values(blocker),
                       effective_on)
    for measure in case.measures:
        record_measure(writer, measure.id, measures.get(measure.id), measure_values(measure),
                       effective_on)
    if not confirmed:
        check_publications(session, writer)


def _apply(session: Session, case: Case, data: CaseInput, effective_on: date) -> None:
    for name in ("given_names", "surname", "birth_date", "bsn", "municipality_id", "gi_id",
                 "jeugdbeschermer_id", "referred_on", "referred_by_id", "referred_by_name",
                 "referral_question", "goal", "waiting_for", "waiting_since", "help_started_on",
                 "status"):
        setattr(case, name, getattr(data, name))
    existing_measures = {m.id: m for m in case.measures if not m.removed}
    kept: set[int] = set()
    for item in data.measures:
        measure = existing_measures.get(item.id) if item.id is not None else None
        if measure is None:
            measure = Measure(case=case)
            session.add(measure)
        else:
            kept.add(measure.id)
        for name in ("kind", "ruling_date", "gi_charged_on", "first_contact_on", "plan_on",
                     "carried_out_on", "end_date", "end_reason"):
            setattr(measure, name, getattr(item, name))
    for measure_id, measure in existing_measures.items():
        if measure_id not in kept:
            measure.removed = True
    existing_blockers = {b.id: b for b in case.blockers if b.resolved_on is None}
    kept = set()
    for blocker_item in data.blockers:
        blocker = existing_blockers.get(blocker_item.id) if blocker_item.id is not None else None
        if blocker is None and blocker_item.id is not None:
            blocker = next((b for b in case.blockers if b.id == blocker_item.id), None)
        if blocker is None:
            blocker = CaseBlocker(case=case, since=blocker_item.since or effective_on)
            session.add(blocker)
        else:
            kept.add(blocker.id)
            blocker.since = blocker_item.since or blocker.since
        blocker.kind, blocker.provider_id = blocker_item.kind, blocker_item.provider_id
        blocker.note, blocker.resolved_on = blocker_item.note, blocker_item.resolved_on
    # A blocker taken off the list is resolved (on the day the change took effect), never
    # deleted: the monitor counts it.
    for blocker_id, blocker in existing_blockers.items():
        if blocker_id not in kept:
            blocker.resolved_on = effective_on
    if [h.name for h in case.hidden_names] != data.hidden_names:
        # A name taken off the list is gone (it is personal data, not history).
        case.hidden_names.clear()
        case.hidden_names.extend(CaseHiddenName(name=name) for name in data.hidden_names)


def _detail(case: Case) -> CaseDetail:
    measures = tuple(
        MeasureInfo(m.id, m.kind, m.ruling_date, m.gi_charged_on, m.first_contact_on, m.plan_on,
                    m.carried_out_on, m.end_date, m.end_reason)
        for m in case.measures if not m.removed)
    blockers = tuple(
        BlockerInfo(b.id, b.kind, b.provider_id, b.provider.name if b.provider else "", b.note,
                    b.since, b.resolved_on)
        for b in case.blockers)
    terms = tuple(case_terms([m.facts() for m in measures], case.waiting_for, case.waiting_since,
                             case.help_started_on))
    return CaseDetail(
        id=case.id, uuid=case.uuid, case_number=case.case_number, given_names=case.given_names,
        surname=case.surname, birth_date=case.birth_date, bsn=case.bsn,
        municipality_id=case.municipality_id,
        municipality_name=case.municipality.name if case.municipality else "",
        gi_id=case.gi_id, gi_name=case.gi.name if case.gi else "",
        jeugdbeschermer_id=case.jeugdbeschermer_id,
        jeugdbeschermer_name=case.jeugdbeschermer.name if case.jeugdbeschermer else "",
        referred_on=case.referred_on, referred_by_id=case.referred_by_id,
        referred_by_name=case.referred_by_name, referral_question=case.referral_question,
        goal=case.goal, waiting_for=case.waiting_for, waiting_since=case.waiting_since,
        help_started_on=case.help_started_on, status=case.status, closed_on=case.closed_on,
        closing_result=case.closing_result, closing_note=case.closing_note, measures=measures,
        blockers=blockers, terms=terms,
        hidden_names=tuple(hidden.name for hidden in case.hidden_names))


def _load(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None or case.purged_on is not None:
        raise NotFoundError(_("Deze casus bestaat niet (meer)."))
    return case


def _next_case_number(session: Session, year: int) -> str:
    prefix = f"ET-{year}-"
    last = session.scalars(select(func.max(Case.case_number))
                           .where(Case.case_number.like(f"{prefix}%"))).first()
    floor = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return format_case_number(year, allocate_number(session, numbers.CASE, year, floor=floor))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many acyclic objects are built."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --------------------------------------------------------------------------- use cases

def create_case(store: Store, data: CaseInput, *, confirmed: bool = False) -> CaseDetail:
    """Register a new child. Returns the stored case with its case number and terms.

    Raises ``ValidationError`` (naming the field) for missing or impossible input, and
    ``NeedsConfirmationError`` for unusual input unless ``confirmed``."""
    with store.transaction() as session:
        case = add_case(session, store, data, confirmed=confirmed)
        audit.record(session, store, AuditAction.CREATE, "case", case.id)
        session.flush()
        session.refresh(case)
        return _detail(case)


def add_case(session: Session, store: Store, data: CaseInput, *, confirmed: bool) -> Case:
    """Validate and add a new case inside the caller's transaction, with its dated history
    (facts take effect on their own dates from the input). Nothing is added when it raises
    (``ValidationError``, ``NeedsConfirmationError``). The caller audits; ``create_case`` and
    the spreadsheet import (``services/importing``) both come here."""
    clean = _validate(session, store, data)
    _check_plausible(clean, confirmed)
    case = Case(case_number=_next_case_number(session, store.today().year),
                given_names=clean.given_names, surname=clean.surname,
                referred_on=clean.referred_on)
    session.add(case)
    _apply(session, case, clean, store.today())
    session.flush()
    _record(session, store, case, None, {}, {}, clean.referred_on, confirmed)
    return case


def update_case(store: Store, case_id: int, data: CaseInput, *,
                effective_on: date | None = None, confirmed: bool = False) -> CaseDetail:
    """Change a case; every change is kept as dated history.

    ``effective_on`` is the day the changes took effect (default today; dates entered in the
    case take effect on their own day, see ``services/case_history.py``). Raises
    ``NotFoundError``, ``ValidationError``, ``StateError`` for a closed case, and
    ``NeedsConfirmationError`` for unusual input (or a change before a published meetmoment)
    unless ``confirmed``."""
    with store.transaction() as session:
        case = _load(session, case_id)
        if case.status is CaseStatus.CLOSED:
            raise StateError(_("Deze casus is afgesloten. Heropen de casus om iets te wijzigen."))
        clean = _validate(session, store, data)
        effective = check_effective_on(effective_on or store.today(), store.today(),
                                       min(case.referred_on, clean.referred_on))
        if case.waiting_for is not None and clean.waiting_for is None and \
                case.waiting_since is not None and effective < case.waiting_since:
            raise ValidationError("effective_on", _(
                "Het wachten kan niet eindigen vóór het begon ({since}).").format(
                since=short_date(case.waiting_since)))
        _check_plausible(clean, confirmed)
        before = case_values(case)
        blockers = {b.id: blocker_values(b) for b in case.blockers}
        measures = {m.id: measure_values(m) for m in case.measures}
        _apply(session, case, clean, effective)
        session.flush()
        _record(session, store, case, before, blockers, measures, effective, confirmed)
        audit.record(session, store, AuditAction.CHANGE, "case", case.id)
        session.flush()
        session.refresh(case)
        return _detail(case)


def close_case(store: Store, case_id: int, result: ClosingResult, closed_on: date | None = None,
               note: str = "", *, confirmed: bool = False) -> CaseDetail:
    """Close a case with its result. History stays; nothing is deleted.

    Raises ``NotFoundError``, ``ValidationError``, ``StateError`` (already closed), or
    ``NeedsConfirmationError`` when the closing date lies before a published meetmoment,
    unless ``confirmed``."""
    with store.transaction() as session:
        case = _load(session, case_id)
        if case.status is CaseStatus.CLOSED:
            raise StateError(_("Deze casus is al afgesloten."))
        if not isinstance(result, ClosingResult):
            raise ValidationError("closing_result", _("Kies het resultaat van de afsluiting."))
        closed = closed_on or store.today()
        not_in_future(closed, "closed_on", _("De afsluitdatum"), store.today())
        not_before(closed, case.referred_on, "closed_on", _("De afsluitdatum"),
                   _("de aanmelddatum"))
        before = case_values(case)
        case.status, case.closed_on, case.closing_result = CaseStatus.CLOSED, closed, result
        case.closing_note = clean_text(note, "closing_note", _("Toelichting"), max_length=2000,
                                       multiline=True)
        if result in (ClosingResult.HELP_STARTED, ClosingResult.PLACED) and \
                case.help_started_on is None:
            case.help_started_on = closed
        session.flush()
        writer = HistoryWriter(session, store, case.id)
        record_changed(writer, before, case_values(case), closed)
        if not confirmed:
            check_publications(session, writer)
        audit.record(session, store, AuditAction.CHANGE, "case", case.id, detail="close")
        session.flush()
        return _detail(case)


def reopen_case(store: Store, case_id: int, reopened_on: date | None = None) -> CaseDetail:
    """Reopen a closed case as active, from ``reopened_on`` (default today). Raises
    ``NotFoundError``, ``StateError`` or ``ValidationError`` (a day in the future or before
    the closing)."""
    with store.transaction() as session:
        case = _load(session, case_id)
        if case.status is not CaseStatus.CLOSED:
            raise StateError(_("Deze casus is niet afgesloten."))
        reopened = check_effective_on(reopened_on or store.today(), store.today(),
                                      case.closed_on or case.referred_on)
        before = case_values(case)
        case.status, case.closed_on, case.closing_result = CaseStatus.ACTIVE, None, None
        session.flush()
        record_changed(HistoryWriter(session, store, case.id), before, case_values(case),
                       reopened)
        audit.record(session, store, AuditAction.CHANGE, "case", case.id, detail="reopen")
        return _detail(case)


def get_case(store: Store, case_id: int) -> CaseDetail:
    """The whole case. Viewing a case is logged. Raises ``NotFoundError``."""
    with store.transaction() as session:
        case = _load(session, case_id)
        audit.record(session, store, AuditAction.VIEW, "case", case.id)
        return _detail(case)


def list_register(store: Store, register_filter: RegisterFilter | None = None) -> list[CaseRow]:
    """The register, newest case first, as plain rows with terms computed for today."""
    # Building tens of thousands of small rows sets off cyclic-GC passes over the whole heap;
    # pausing the collector halves the time for 20,000 cases (bench/bench_register.py).
    with gc_paused():
        return _list_register(store, register_filter)


def _list_register(store: Store, register_filter: RegisterFilter | None) -> list[CaseRow]:
    today = store.today()
    wanted = register_filter or RegisterFilter()
    municipality, gi = aliased(Organisation), aliased(Organisation)
    with store.transaction() as session:
        query = (
            select(Case.id, Case.case_number, Case.given_names, Case.surname, Case.birth_date,
                   Case.municipality_id, municipality.name, Case.gi_id, gi.name,
                   Case.waiting_for, Case.waiting_since, Case.help_started_on, Case.status)
            .outerjoin(municipality, Case.municipality_id == municipality.id)
            .outerjoin(gi, Case.gi_id == gi.id)
            .where(Case.purged_on.is_(None))
            .order_by(Case.id.desc())
        )
        if wanted.statuses:
            query = query.where(Case.status.in_(wanted.statuses))
        if wanted.municipality_id is not None:
            query = query.where(Case.municipality_id == wanted.municipality_id)
        if wanted.gi_id is not None:
            query = query.where(Case.gi_id == wanted.gi_id)
        rows = session.execute(query).all()
        # Plain column tuples, not ORM entities: building 20,000 Measure objects took most of
        # the time of opening a large register.
        measures: dict[int, list[MeasureFacts]] = defaultdict(list)
        for (case_id, measure_kind, ruling, charged, contact, plan, end,
             carried_out) in session.execute(
                select(Measure.case_id, Measure.kind, Measure.ruling_date, Measure.gi_charged_on,
                       Measure.first_contact_on, Measure.plan_on, Measure.end_date,
                       Measure.carried_out_on).where(Measure.removed.is_(False))):
            measures[case_id].append(MeasureFacts(measure_kind, ruling, charged, contact, plan,
                                                  end, carried_out))
        blockers: dict[int, list[BlockerKind]] = defaultdict(list)
        for case_id, kind in session.execute(select(CaseBlocker.case_id, CaseBlocker.kind)
                                             .where(CaseBlocker.resolved_on.is_(None))):
            blockers[case_id].append(kind)
        audit.record(session, store, AuditAction.VIEW, "register", "*",
                     detail=f"{len(rows)} rows")
    result: list[CaseRow] = []
    for (case_id, number, given, surname, birth, mun_id, mun_name, gi_id, gi_name, waiting_for,
         waiting_since, help_started, status) in rows:
        name = f"{given} {surname}"
        if not matches(wanted.text, number, name, mun_name or "", gi_name or ""):
            continue
        closed = status is CaseStatus.CLOSED
        terms = [] if closed else case_terms(measures.get(case_id, ()), waiting_for,
                                             waiting_since, help_started)
        waiting = waiting_on(today, is_open=not closed, waiting_for=waiting_for,
                             waiting_since=waiting_since, help_started_on=help_started)
        days = days_waiting(today, is_open=not closed, waiting_for=waiting_for,
                            waiting_since=waiting_since, help_started_on=help_started)
        overdue = passed_terms(terms, today)
        result.append(CaseRow(
            id=case_id, case_number=number, child_name=name,
            pseudonym=pseudonym(number, given, surname, birth),
            municipality_id=mun_id, municipality_name=mun_name or "", gi_id=gi_id,
            gi_name=gi_name or "", waiting_for=waiting_for if waiting else None,
            days_waiting=days, status=status, next_term=next_open_term(terms),
            passed_terms=len(overdue), blocker_kinds=tuple(blockers.get(case_id, ())),
            overdue_terms=tuple(overdue)))
    return result


def count_cases(store: Store) -> int:
    with store.transaction() as session:
        return session.scalars(select(func.count(Case.id))).one()
