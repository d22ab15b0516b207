"""One spreadsheet row of cases: read into a ``CaseInput``, matched to an existing case (by
BSN, else case number, else name and birth date) or added through ``cases.add_case``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.domain.bsn import normalise_bsn
from expertteam.domain.enums import CaseStatus, OrganisationKind, WaitingFor
from expertteam.domain.errors import ValidationError
from expertteam.domain.identifying.normalise import compact
from expertteam.i18n import _
from expertteam.services.case_data import CaseInput
from expertteam.services.cases import add_case
from expertteam.services.importing.matching import OrganisationIndex
from expertteam.services.importing.report import ImportReport
from expertteam.services.importing.values import text, to_date, to_enum
from expertteam.services.store import Store
from expertteam.storage.models.cases import Case

_COMPARED = ("referred_on", "birth_date", "municipality_id", "gi_id", "waiting_for",
             "waiting_since", "status")


def _name_key(given: str, surname: str, birth: date | None) -> tuple[str, date | None]:
    return compact(f"{given} {surname}"), birth


@dataclass
class CaseIndex:
    """Existing cases (and those added by this import) by the keys a row is matched on."""

    by_bsn: dict[str, int] = field(default_factory=dict)
    by_number: dict[str, int] = field(default_factory=dict)
    by_name: dict[tuple[str, date | None], int] = field(default_factory=dict)
    added: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, session: Session) -> CaseIndex:
        index = cls()
        for case in session.scalars(select(Case)):
            index.register(case)
        return index

    def register(self, case: Case) -> None:
        if case.bsn:
            self.by_bsn[case.bsn] = case.id
        self.by_number[compact(case.case_number)] = case.id
        self.by_name[_name_key(case.given_names, case.surname, case.birth_date)] = case.id

    def find(self, data: CaseInput, number: str) -> int | None:
        if data.bsn and data.bsn in self.by_bsn:
            return self.by_bsn[data.bsn]
        if number and compact(number) in self.by_number:
            return self.by_number[compact(number)]
        return self.by_name.get(_name_key(data.given_names, data.surname, data.birth_date))


def _names(values: dict[str, object]) -> tuple[str, str]:
    given, surname = text(values.get("given_names")), text(values.get("surname"))
    full = text(values.get("full_name"))
    if full and not (given and surname):
        if "," in full:  # "de Vries, Noël"
            surname, _sep, given = (part.strip() for part in full.partition(","))
        else:
            first, _sep, rest = full.partition(" ")
            given, surname = first.strip(), rest.strip()
    if not given or not surname:
        raise ValidationError("full_name", _("voornaam en achternaam van het kind ontbreken."))
    return given, surname


def _organisation(values: dict[str, object], key: str, kind: OrganisationKind, label: str,
                  orgs: OrganisationIndex, report: ImportReport) -> int | None:
    written = text(values.get(key))
    if not written:
        return None
    found = orgs.find(kind, written)
    if found.organisation_id is not None:
        return found.organisation_id
    if found.near is not None:
        report.add_near(found.near)
        raise ValidationError(key, _("{label} ‘{name}’ is niet gevonden; bedoelt u ‘{near}’? "
                                     "Bevestig die overeenkomst.").format(
            label=label, name=written, near=found.near.candidate))
    raise ValidationError(key, _("{label} ‘{name}’ is onbekend; voeg die eerst toe (of "
                                 "importeer de organisaties).").format(label=label,
                                                                       name=written))


def read_case(values: dict[str, object], today: date, orgs: OrganisationIndex,
              report: ImportReport) -> CaseInput:
    """The row as a ``CaseInput``; ``ValidationError`` (Dutch, no row values) when it cannot."""
    given, surname = _names(values)
    referred = to_date(values.get("referred_on"), _("Aanmelddatum"), today=today)
    if referred is None:
        raise ValidationError("referred_on", _("de aanmelddatum ontbreekt."))
    status = to_enum(values.get("status"), CaseStatus, _("Status")) or CaseStatus.REFERRED
    if status is CaseStatus.CLOSED:
        raise ValidationError("status", _("een afgesloten casus wordt niet geïmporteerd."))
    waiting_for = to_enum(values.get("waiting_for"), WaitingFor, _("Wacht op"))
    waiting_since = to_date(values.get("waiting_since"), _("Wacht sinds"), today=today)
    if waiting_for is not None and waiting_since is None:
        waiting_since = referred
    try:
        bsn = normalise_bsn(text(values.get("bsn")) or None)
    except ValidationError as error:
        raise ValidationError("bsn", _("BSN: {message}").format(message=error.message)) \
            from error
    return CaseInput(
        given_names=given, surname=surname, referred_on=referred,
        birth_date=to_date(values.get("birth_date"), _("Geboortedatum"), past=True,
                           today=today),
        bsn=bsn,
        municipality_id=_organisation(values, "municipality", OrganisationKind.MUNICIPALITY,
                                      _("Gemeente"), orgs, report),
        gi_id=_organisation(values, "gi", OrganisationKind.GI, _("GI"), orgs, report),
        referred_by_name=text(values.get("referred_by_name")),
        referral_question=text(values.get("referral_question")),
        goal=text(values.get("goal")), waiting_for=waiting_for, waiting_since=waiting_since,
        help_started_on=to_date(values.get("help_started_on"), _("Hulp gestart op"),
                                today=today),
        status=status)


def import_case(session: Session, store: Store, values: dict[str, object], index: CaseIndex,
                orgs: OrganisationIndex, report: ImportReport) -> None:
    """Count the row as new (and add it), unchanged, differing or duplicate."""
    data = read_case(values, store.today(), orgs, report)
    existing_id = index.find(data, text(values.get("case_number")))
    if existing_id is not None:
        if existing_id in index.added:
            report.duplicates += 1
            return
        case = session.get(Case, existing_id)
        assert case is not None
        same = all(getattr(case, name) == getattr(data, name) for name in _COMPARED)
        if same:
            report.unchanged += 1
        else:
            report.differs += 1
        return
    # Old facts are expected in an import: the plausibility warnings are accepted, the
    # errors still refuse the row.
    case = add_case(session, store, data, confirmed=True)
    index.register(case)
    index.added.add(case.id)
    report.new += 1
