"""Checking a case before it is stored: cleaned fields, dates that fit together, and the
unusual combinations that need confirming."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from expertteam.domain.bsn import normalise_bsn
from expertteam.domain.enums import BlockerKind, CaseStatus, MeasureKind, OrganisationKind
from expertteam.domain.errors import NeedsConfirmationError, StateError, ValidationError
from expertteam.domain.identifying.names import MIN_NAME_LENGTH
from expertteam.domain.identifying.normalise import compact
from expertteam.domain.plausibility import CaseDates, MeasureDates, Severity, check_case
from expertteam.i18n import _
from expertteam.services.case_data import BlockerInput, CaseInput, MeasureInput
from expertteam.services.organisations import get_organisation_row
from expertteam.services.store import Store
from expertteam.services.validation import clean_text, not_before, not_in_future, plausible_date
from expertteam.storage.models.organisations import Contact

MAX_AGE_YEARS = 27
MAX_HIDDEN_NAMES = 30


def validate_case(session: Session, store: Store, data: CaseInput) -> CaseInput:
    """The input cleaned (trimmed text, normalised BSN, one entry per hidden name), checked
    against today and the stored organisations. Raises ``ValidationError`` at the field and
    ``StateError`` for a status of closed."""
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


def check_plausible(data: CaseInput, confirmed: bool) -> None:
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
