"""The free-text parts of an escalation letter (which parts a kind has, their Dutch labels) and
the privacy check that refuses a part identifying a child, naming the part and the kinds of data
found, never the data."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from expertteam.documents.letter_data import CaseLetter, ContinuityLetter
from expertteam.domain.enums import AuditAction, AuditResult
from expertteam.domain.errors import ValidationError
from expertteam.domain.escalation import LetterKind
from expertteam.domain.identifying import Finding, kinds_found
from expertteam.i18n import N_, _
from expertteam.services import audit
from expertteam.services.letter_content import texts_of
from expertteam.services.privacy import guard
from expertteam.services.store import Store

CASE_TEXTS = ("subject", "introduction", "request", "closing", "contact")
CONTINUITY_TEXTS = ("subject", "problem", "tried", "request", "closing", "contact")
_TEXT_LABELS = {
    "subject": N_("Betreft"),
    "introduction": N_("Inleiding"),
    "problem": N_("Het probleem"),
    "tried": N_("Wat de regio al heeft gedaan"),
    "request": N_("Ons verzoek"),
    "closing": N_("Slot"),
    "contact": N_("Contactpersoon"),
}
SINGLE_LINE = frozenset({"subject"})
MAX_TEXT = 8000


def text_fields(kind: LetterKind) -> tuple[str, ...]:
    """The free-text parts of a letter of this kind, in the order they appear."""
    return CONTINUITY_TEXTS if kind is LetterKind.CONTINUITY else CASE_TEXTS


def text_label(key: str) -> str:
    return _(_TEXT_LABELS.get(key, key))


class IdentifyingDataError(ValidationError):
    """Text refused because it identifies a child. ``findings`` give kind and position (for
    highlighting), never the text; ``field`` names the part."""

    def __init__(self, field: str, message: str, findings: Sequence[Finding]) -> None:
        super().__init__(field, message)
        self.findings = tuple(findings)



def refusal_message(label: str, findings: Sequence[Finding],
                    kind: LetterKind = LetterKind.CONTINUITY) -> str:
    """The Dutch refusal: which part, and which kinds of data where (not the data)."""
    found = ", ".join(f.describe() for f in findings[:5])
    if len(findings) > 5:
        found += ", …"
    if kind is LetterKind.CONTINUITY:
        rule = _("Een brief aan de Jeugdautoriteit mag niets bevatten waaraan een kind te "
                 "herkennen is: geen naam, BSN, adres of geboortedatum.")
    else:
        rule = _("Een escalatiebrief noemt het kind alleen met casusnummer, initialen en "
                 "geboortejaar: geen naam, BSN, adres, geboortedatum, e-mailadres of "
                 "telefoonnummer.")
    return _("‘{part}’ bevat {found}. {rule} Haal het weg of verwijs met het casusnummer.") \
        .format(part=label, found=found, rule=rule)


def check_texts(session: Session, parts: Sequence[tuple[str, str, str]]
                 ) -> tuple[str, str, list[Finding]] | None:
    """The first part (field, label, findings) that identifies a child, or None."""
    return guard(session).refusal(parts)


def refuse(store: Store, letter_id: int | str, refusal: tuple[str, str, list[Finding]],
            kind: LetterKind) -> IdentifyingDataError:
    """Log the refusal (the kinds found, not the data) and return the error to raise."""
    field, label, findings = refusal
    kinds = ",".join(kind.value for kind in kinds_found(findings))
    audit.record_now(store, AuditAction.CHANGE, "letter", letter_id, result=AuditResult.REFUSED,
                     detail=f"identifying:{kinds}")
    return IdentifyingDataError(field, refusal_message(label, findings, kind), findings)


def letter_parts(data: CaseLetter | ContinuityLetter) -> list[tuple[str, str, str]]:
    """Every free text a letter's check covers, as (field, label, text)."""
    texts = texts_of(data)
    if isinstance(data, CaseLetter):
        return [(f"texts.{key}", text_label(key), texts[key]) for key in CASE_TEXTS]
    parts = [(f"texts.{key}", text_label(key), texts[key]) for key in CONTINUITY_TEXTS]
    parts.append(("care_description", _("Welke zorg"), data.care))
    parts += [(f"earlier.{item.reference}.response",
               _("Antwoord op {reference}").format(reference=item.reference), item.response)
              for item in data.earlier]
    return parts
