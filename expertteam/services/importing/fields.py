"""Our fields per kind of import and the Dutch column names regions use for them.

Headers are compared folded (case, accents, spaces and punctuation ignored): "Geb. datum",
"geboortedatum" and "GEB-DATUM" are one column. ``propose`` maps each column to at most one
field; the user may correct the proposal (``--map "Kolom=veld"`` or a combo in the wizard)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from expertteam.domain.errors import ValidationError
from expertteam.domain.identifying.normalise import compact
from expertteam.i18n import N_, _


class ImportKind(Enum):
    CASES = "cases"
    ACTIONS = "actions"
    ORGANISATIONS = "organisations"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str
    label: str  # Dutch, through N_ (translated where shown)
    synonyms: tuple[str, ...]


CASE_FIELDS = (
    FieldSpec("full_name", N_("Naam kind (voornaam en achternaam)"),
              ("naam kind", "naam", "naam jeugdige", "kind", "jeugdige", "cliënt", "client",
               "volledige naam")),
    FieldSpec("given_names", N_("Voornaam"), ("voornaam", "voornamen", "roepnaam")),
    FieldSpec("surname", N_("Achternaam"), ("achternaam", "familienaam", "geslachtsnaam")),
    FieldSpec("birth_date", N_("Geboortedatum"),
              ("geboortedatum", "geb.datum", "geb datum", "gebdat", "geboren", "geb.")),
    FieldSpec("bsn", N_("BSN"), ("bsn", "burgerservicenummer", "bsn kind")),
    FieldSpec("case_number", N_("Casusnummer"),
              ("casusnummer", "casusnr", "casus nr", "dossiernummer", "zaaknummer")),
    FieldSpec("referred_on", N_("Aanmelddatum"),
              ("aanmelddatum", "aangemeld op", "datum aanmelding", "aanmelding", "aangemeld")),
    FieldSpec("municipality", N_("Gemeente"), ("gemeente", "woongemeente", "gemeente kind")),
    FieldSpec("gi", N_("GI"), ("gi", "gecertificeerde instelling", "jeugdbescherming")),
    FieldSpec("waiting_for", N_("Wacht op"), ("wacht op", "wachtend op", "wacht")),
    FieldSpec("waiting_since", N_("Wacht sinds"), ("wacht sinds", "wachtend sinds",
                                                    "wachtdatum", "sinds")),
    FieldSpec("help_started_on", N_("Hulp gestart op"), ("hulp gestart", "start hulp",
                                                          "hulp gestart op", "startdatum hulp")),
    FieldSpec("status", N_("Status"), ("status", "fase")),
    FieldSpec("referred_by_name", N_("Aangemeld door"), ("aangemeld door", "verwijzer",
                                                          "aanmelder")),
    FieldSpec("referral_question", N_("Hulpvraag"), ("hulpvraag", "vraag", "aanmeldvraag")),
    FieldSpec("goal", N_("Doorbraakdoel"), ("doorbraakdoel", "doel")),
)

ORGANISATION_FIELDS = (
    FieldSpec("name", N_("Naam organisatie"), ("naam", "organisatie", "naam organisatie")),
    FieldSpec("kind", N_("Soort"), ("soort", "type", "soort organisatie")),
    FieldSpec("cbs_code", N_("CBS-code"), ("cbs", "cbs code", "cbs-code", "gemeentecode")),
    FieldSpec("kvk_number", N_("KvK-nummer"), ("kvk", "kvk nummer", "kvk-nummer")),
)

ACTION_FIELDS = (
    FieldSpec("case_number", N_("Casusnummer"),
              ("casusnummer", "casusnr", "casus nr", "casus", "dossiernummer")),
    FieldSpec("bsn", N_("BSN"), ("bsn", "burgerservicenummer", "bsn kind")),
    FieldSpec("description", N_("Actie"), ("actie", "omschrijving", "afspraak", "wat",
                                            "actiepunt")),
    FieldSpec("holder", N_("Actiehouder"), ("actiehouder", "wie", "eigenaar", "uitvoerder",
                                             "organisatie")),
    FieldSpec("due_on", N_("Deadline"), ("deadline", "termijn", "uiterlijk", "datum gereed",
                                          "streefdatum")),
    FieldSpec("status", N_("Status"), ("status",)),
)

FIELDS: Mapping[ImportKind, tuple[FieldSpec, ...]] = {
    ImportKind.CASES: CASE_FIELDS, ImportKind.ACTIONS: ACTION_FIELDS,
    ImportKind.ORGANISATIONS: ORGANISATION_FIELDS}


def _index(kind: ImportKind) -> dict[str, str]:
    index: dict[str, str] = {}
    for spec in FIELDS[kind]:
        for text in (spec.key, spec.label, *spec.synonyms):
            index.setdefault(compact(text), spec.key)
    return index


def field_for(kind: ImportKind, header: str) -> str | None:
    """The field a column header names, or None."""
    return _index(kind).get(compact(header)) if compact(header) else None


def propose(kind: ImportKind, headers: Sequence[str]) -> dict[int, str]:
    """Column index → field key; each field at most once (its first column)."""
    mapping: dict[int, str] = {}
    for column, header in enumerate(headers):
        key = field_for(kind, header)
        if key is not None and key not in mapping.values():
            mapping[column] = key
    return mapping


def apply_overrides(kind: ImportKind, headers: Sequence[str], mapping: dict[int, str],
                    overrides: Sequence[str]) -> dict[int, str]:
    """``"Kolom=veld"`` corrections (``veld`` a key, a label or empty to ignore the column).

    Raises ``ValidationError`` for an unknown column or field."""
    result = dict(mapping)
    folded = [compact(h) for h in headers]
    for override in overrides:
        column_text, sep, field_text = override.partition("=")
        if not sep or compact(column_text) not in folded:
            raise ValidationError("map", _("De kolom ‘{column}’ staat niet in het bestand.")
                                  .format(column=column_text.strip()))
        column = folded.index(compact(column_text))
        result.pop(column, None)
        if not field_text.strip():
            continue
        key = next((s.key for s in FIELDS[kind] if compact(field_text) in
                    (compact(s.key), compact(_(s.label)))), None)
        if key is None:
            raise ValidationError("map", _("Het veld ‘{field}’ bestaat niet; kies uit: "
                                           "{fields}.").format(
                field=field_text.strip(), fields=", ".join(s.key for s in FIELDS[kind])))
        for other, value in list(result.items()):
            if value == key:
                del result[other]
        result[column] = key
    return result
