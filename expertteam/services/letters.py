"""Escalation letters: built from the register, edited by the coordinator, finalised for good.

Every escalation has one letter, in versions. A version starts as a concept: its free-text parts
(subject, introduction or problem, what was tried, request, closing, contact person) may change,
and everything else is computed fresh from the database each time it is shown. Finalising
freezes the whole letter (data, texts and letterhead, as JSON) and keeps the rendered PDF, so it
prints again byte for byte. Changing a finalised letter means starting the next version.

No letter identifies a child beyond its pseudonym (case number, initials, birth year): every
free-text part of either kind is checked by the privacy guard (``services/privacy.py``), and
a part that holds a child's name, another name its case hides, a BSN, a birth date, an address,
an e-mail address or a telephone number is refused with an ``IdentifyingDataError`` naming the
part and what kind of data was found (not the data itself). A letter to the Jeugdautoriteit
also refuses what it quotes (the care description, earlier answers); a case letter quotes the
register with those items replaced.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from expertteam.clock import utcnow
from expertteam.documents.letter_data import (
    CaseLetter,
    ContinuityLetter,
    freeze,
    thaw,
)
from expertteam.domain.enums import AuditAction, AuditResult
from expertteam.domain.errors import LockedError, NotFoundError, StateError, ValidationError
from expertteam.domain.escalation import EscalationStatus, LetterKind
from expertteam.domain.identifying import Finding, kinds_found
from expertteam.i18n import N_, _
from expertteam.services import audit
from expertteam.services.escalations import load_escalation
from expertteam.services.files import ExportRecord
from expertteam.services.letter_content import build_letter, default_texts, texts_of
from expertteam.services.privacy import guard
from expertteam.services.store import Store
from expertteam.services.validation import clean_text
from expertteam.storage.models import Escalation, EscalationCase, Letter

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
_SINGLE_LINE = frozenset({"subject"})
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


@dataclass(frozen=True, slots=True)
class LetterInfo:
    id: int
    escalation_id: int
    reference: str
    kind: LetterKind
    version: int
    finalised: bool
    finalised_on: date | None
    texts: tuple[tuple[str, str], ...]
    """The effective free-text parts (saved or default), in letter order."""
    defaults: tuple[tuple[str, str], ...]
    """What each part says when the coordinator leaves it alone."""
    letter: CaseLetter | ContinuityLetter
    pdf_sha256: str

    def text(self, key: str) -> str:
        return dict(self.texts).get(key, "")


@dataclass(frozen=True, slots=True)
class LetterVersion:
    id: int
    version: int
    finalised: bool
    finalised_on: date | None
    pdf_sha256: str


@dataclass(frozen=True, slots=True)
class LetterSource:
    """What a letter is printed from (``letter_source``)."""

    data: CaseLetter | ContinuityLetter
    stored: bytes | None  # the PDF of a final version, byte for byte
    reference: str
    export: ExportRecord  # logged when the file is written (``files.export_file``)


@dataclass(frozen=True, slots=True)
class LetterDocument:
    """A letter as PDF with a suggested file name (never a child's name)."""

    title: str
    filename: str
    pdf: bytes
    finalised: bool
    # Logged when written to a file (``files.export_file``); a view or print is logged at once.
    export: ExportRecord | None = None


# --------------------------------------------------------------------------- the check


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


def _check_texts(session: Session, parts: Sequence[tuple[str, str, str]]
                 ) -> tuple[str, str, list[Finding]] | None:
    """The first part (field, label, findings) that identifies a child, or None."""
    return guard(session).refusal(parts)


def _refuse(store: Store, letter_id: int | str, refusal: tuple[str, str, list[Finding]],
            kind: LetterKind) -> IdentifyingDataError:
    field, label, findings = refusal
    kinds = ",".join(kind.value for kind in kinds_found(findings))
    audit.record_now(store, AuditAction.CHANGE, "letter", letter_id, result=AuditResult.REFUSED,
                     detail=f"identifying:{kinds}")
    return IdentifyingDataError(field, refusal_message(label, findings, kind), findings)


# --------------------------------------------------------------------------- assembling


def _overrides(letter: Letter) -> dict[str, str]:
    try:
        loaded = json.loads(letter.texts or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}


def _effective(letter: Letter, defaults: Mapping[str, str]) -> dict[str, str]:
    overrides = _overrides(letter)
    return {key: overrides.get(key, defaults.get(key, "")) for key in text_fields(letter.kind)}


def _info(session: Session, letter: Letter, today: date) -> LetterInfo:
    escalation = letter.escalation
    defaults = default_texts(session, escalation)
    if letter.finalised and letter.content:
        data = thaw(letter.content)
        texts = texts_of(data)
    else:
        texts = _effective(letter, defaults)
        data = build_letter(session, escalation, texts, letter.version, today, concept=True)
    order = text_fields(letter.kind)
    return LetterInfo(
        id=letter.id, escalation_id=escalation.id, reference=escalation.reference,
        kind=letter.kind, version=letter.version, finalised=letter.finalised,
        finalised_on=letter.finalised_on, texts=tuple((k, texts.get(k, "")) for k in order),
        defaults=tuple((k, defaults.get(k, "")) for k in order), letter=data,
        pdf_sha256=letter.pdf_sha256)


def _load(session: Session, letter_id: int) -> Letter:
    letter = session.get(Letter, letter_id)
    if letter is None:
        raise NotFoundError(_("Deze brief bestaat niet (meer)."))
    return letter


def _latest(session: Session, escalation_id: int) -> Letter | None:
    return session.scalars(select(Letter).where(Letter.escalation_id == escalation_id)
                           .order_by(Letter.version.desc()).limit(1)).first()


def _render(data: CaseLetter | ContinuityLetter) -> bytes:
    if isinstance(data, CaseLetter):
        from expertteam.documents.escalation_letter import render_case_letter

        return render_case_letter(data)
    from expertteam.documents.continuity_letter import render_continuity_letter

    return render_continuity_letter(data)


def _letter_parts(data: CaseLetter | ContinuityLetter) -> list[tuple[str, str, str]]:
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


# --------------------------------------------------------------------------- use cases


def open_letter(store: Store, escalation_id: int) -> LetterInfo:
    """The escalation's newest letter version; the first concept is made when there is none.

    Raises ``NotFoundError`` for an unknown escalation."""
    with store.transaction() as session:
        escalation = load_escalation(session, escalation_id)
        letter = _latest(session, escalation_id)
        if letter is None:
            letter = Letter(escalation=escalation, kind=LetterKind.for_level(escalation.level),
                            version=1, texts="{}")
            session.add(letter)
            session.flush()
            audit.record(session, store, AuditAction.CREATE, "letter", letter.id)
        else:
            audit.record(session, store, AuditAction.VIEW, "letter", letter.id)
        return _info(session, letter, store.today())


def get_letter(store: Store, letter_id: int) -> LetterInfo:
    """One letter version (a finalised one exactly as frozen). Logged. Raises
    ``NotFoundError``."""
    with store.transaction() as session:
        letter = _load(session, letter_id)
        audit.record(session, store, AuditAction.VIEW, "letter", letter.id)
        return _info(session, letter, store.today())


def list_versions(store: Store, escalation_id: int) -> list[LetterVersion]:
    """Every version of the escalation's letter, newest first."""
    with store.transaction() as session:
        load_escalation(session, escalation_id)
        rows = session.scalars(select(Letter).where(Letter.escalation_id == escalation_id)
                               .order_by(Letter.version.desc())).all()
        return [LetterVersion(r.id, r.version, r.finalised, r.finalised_on, r.pdf_sha256)
                for r in rows]


def save_texts(store: Store, letter_id: int, texts: Mapping[str, str]) -> LetterInfo:
    """Store the coordinator's free-text parts of a concept; a part equal to its default is
    not kept, so it follows later changes in the register.

    Raises ``NotFoundError``, ``LockedError`` (the letter is final: start a new version),
    ``ValidationError`` (unknown part, text too long) or ``IdentifyingDataError`` naming the
    part and the kind of data found (the refusal is logged without the data)."""
    refusal: tuple[str, str, list[Finding]] | None = None
    with store.transaction() as session:
        letter = _load(session, letter_id)
        if letter.finalised:
            raise LockedError(_("Versie {v} van deze brief is definitief en verandert niet "
                                "meer. Maak een nieuwe versie om iets te wijzigen.").format(
                                    v=letter.version))
        allowed = text_fields(letter.kind)
        clean: dict[str, str] = {}
        for key, value in texts.items():
            if key not in allowed:
                raise ValidationError(f"texts.{key}", _("Deze brief heeft geen onderdeel "
                                                        "‘{key}’.").format(key=key))
            clean[key] = clean_text(value, f"texts.{key}", text_label(key),
                                    max_length=300 if key in _SINGLE_LINE else MAX_TEXT,
                                    multiline=key not in _SINGLE_LINE,
                                    required=key in ("subject", "request"))
        kind = letter.kind
        refusal = _check_texts(session, [(f"texts.{k}", text_label(k), v)
                                         for k, v in clean.items()])
        if refusal is None:
            defaults = default_texts(session, letter.escalation)
            overrides = _overrides(letter)
            for key, value in clean.items():
                if value == defaults.get(key):
                    overrides.pop(key, None)
                else:
                    overrides[key] = value
            letter.texts = json.dumps(overrides, ensure_ascii=False, sort_keys=True)
            session.flush()
            audit.record(session, store, AuditAction.CHANGE, "letter", letter.id,
                         detail="texts")
            return _info(session, letter, store.today())
    assert refusal is not None
    raise _refuse(store, letter_id, refusal, kind)


def reset_text(store: Store, letter_id: int, key: str) -> LetterInfo:
    """Put one free-text part of a concept back to its default.

    Raises ``NotFoundError``, ``LockedError`` (final) or ``ValidationError`` (unknown part)."""
    with store.transaction() as session:
        letter = _load(session, letter_id)
        if letter.finalised:
            raise LockedError(_("Deze brief is definitief; maak een nieuwe versie."))
        if key not in text_fields(letter.kind):
            raise ValidationError(f"texts.{key}", _("Deze brief heeft geen onderdeel "
                                                    "‘{key}’.").format(key=key))
        overrides = _overrides(letter)
        overrides.pop(key, None)
        letter.texts = json.dumps(overrides, ensure_ascii=False, sort_keys=True)
        audit.record(session, store, AuditAction.CHANGE, "letter", letter.id, detail="reset")
        return _info(session, letter, store.today())


def finalise_letter(store: Store, letter_id: int) -> LetterInfo:
    """Freeze the concept: the letter as it is now (data, texts, letterhead) is stored as JSON
    with its PDF, dated today, and never changes again.

    Raises ``NotFoundError``, ``LockedError`` (already final), ``StateError`` (the escalation
    was withdrawn) or ``IdentifyingDataError`` (a free text that identifies a child; for the
    Jeugdautoriteit also a quoted answer or care description)."""
    refusal: tuple[str, str, list[Finding]] | None = None
    with store.transaction() as session:
        letter = _load(session, letter_id)
        if letter.finalised:
            raise LockedError(_("Versie {v} van deze brief is al definitief.").format(
                v=letter.version))
        escalation = letter.escalation
        if escalation.status is EscalationStatus.WITHDRAWN:
            raise StateError(_("Escalatie {ref} is ingetrokken; de brief wordt niet meer "
                               "definitief gemaakt.").format(ref=escalation.reference))
        texts = _effective(letter, default_texts(session, escalation))
        if not texts.get("request", "").strip():
            raise ValidationError("texts.request", _("Vul in wat u de geadresseerde vraagt."))
        today = store.today()
        data = build_letter(session, escalation, texts, letter.version, today, concept=False)
        kind = letter.kind
        refusal = _check_texts(session, _letter_parts(data))
        if refusal is None:
            pdf = _render(data)
            letter.content = freeze(data)
            letter.pdf = pdf
            letter.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
            letter.finalised, letter.finalised_on = True, today
            letter.finalised_at, letter.finalised_by_id = utcnow(), store.actor_id
            session.flush()
            audit.record(session, store, AuditAction.CHANGE, "letter", letter.id,
                         detail=f"finalise v{letter.version}")
            return _info(session, letter, today)
    assert refusal is not None
    raise _refuse(store, letter_id, refusal, kind)


def new_version(store: Store, escalation_id: int) -> LetterInfo:
    """Start the next version from the newest final one (its texts carried over as a concept).

    Raises ``NotFoundError`` or ``StateError`` (the newest version is still a concept, or
    there is no letter yet)."""
    with store.transaction() as session:
        load_escalation(session, escalation_id)
        latest = _latest(session, escalation_id)
        if latest is None:
            raise StateError(_("Er is nog geen brief; open eerst de brief."))
        if not latest.finalised or latest.content is None:
            raise StateError(_("Versie {v} is nog een concept; wijzig die.").format(
                v=latest.version))
        carried = texts_of(thaw(latest.content))
        letter = Letter(escalation=latest.escalation, kind=latest.kind,
                        version=latest.version + 1,
                        texts=json.dumps(carried, ensure_ascii=False, sort_keys=True))
        session.add(letter)
        session.flush()
        audit.record(session, store, AuditAction.CREATE, "letter", letter.id,
                     detail=f"v{letter.version}")
        return _info(session, letter, store.today())


def letter_source(store: Store, letter_id: int, *,
                  purpose: AuditAction = AuditAction.EXPORT, word: bool = False
                  ) -> LetterSource:
    """What a letter is printed from: its data (a final version as frozen, a concept fresh),
    the stored PDF of a final version (else None), the escalation's reference and the export
    record. A print or preview is logged now, an export when the file is written.

    Raises ``NotFoundError``, ``ValidationError`` (purpose not view, export or print) or, for a
    concept, ``IdentifyingDataError``."""
    if purpose not in (AuditAction.VIEW, AuditAction.EXPORT, AuditAction.PRINT):
        raise ValidationError("purpose", _("Een brief kan alleen worden bekeken, geëxporteerd "
                                           "of afgedrukt."))
    refusal: tuple[str, str, list[Finding]] | None = None
    stored: bytes | None = None
    with store.transaction() as session:
        letter = _load(session, letter_id)
        reference, letter_kind = letter.escalation.reference, letter.kind
        if letter.finalised and letter.pdf is not None:
            stored = bytes(letter.pdf)
            data = thaw(letter.content or "")
        else:
            data = _info(session, letter, store.today()).letter
            refusal = _check_texts(session, _letter_parts(data))
        detail = ("final" if stored is not None else "concept") + ("; word" if word else "")
        if refusal is None and purpose is not AuditAction.EXPORT:
            audit.record(session, store, purpose, "letter", letter.id, detail=detail)
    if refusal is not None:
        raise _refuse(store, letter_id, refusal, letter_kind)
    return LetterSource(data, stored, reference, ExportRecord("letter", str(letter_id), detail))


def letter_filename(data: CaseLetter | ContinuityLetter, reference: str, finalised: bool,
                    extension: str = "pdf") -> str:
    kind = _("escalatiebrief") if isinstance(data, CaseLetter) else _("continuiteitsbrief")
    suffix = "" if finalised else "-concept"
    return f"{kind}-{reference.lower()}-v{data.frame.version}{suffix}.{extension}"


def letter_pdf(store: Store, letter_id: int, *,
               purpose: AuditAction = AuditAction.EXPORT) -> LetterDocument:
    """The letter as PDF: a final version exactly as stored (byte for byte), a concept freshly
    rendered with a "concept" banner. Exporting, printing or previewing is logged.

    Raises ``NotFoundError``, ``ValidationError`` (purpose not view, export or print) or, for a
    concept letter to the Jeugdautoriteit, ``IdentifyingDataError``."""
    source = letter_source(store, letter_id, purpose=purpose)
    data, finalised = source.data, source.stored is not None
    pdf = source.stored if source.stored is not None else _render(data)
    kind = _("escalatiebrief") if isinstance(data, CaseLetter) else _("continuiteitsbrief")
    return LetterDocument(
        title=_("{kind} {reference}, versie {v}").format(
            kind=kind.capitalize(), reference=source.reference, v=data.frame.version),
        filename=letter_filename(data, source.reference, finalised), pdf=pdf,
        finalised=finalised, export=source.export)


def rerender_final(store: Store, letter_id: int) -> bytes:
    """Render a final letter again from its frozen content (the stored PDF is what prints; this
    shows the frozen content still yields the same letter). Raises ``NotFoundError`` or
    ``StateError`` (a concept)."""
    with store.transaction() as session:
        letter = _load(session, letter_id)
        if not letter.finalised or letter.content is None:
            raise StateError(_("Alleen een definitieve brief kan opnieuw worden opgemaakt."))
        content = letter.content
        audit.record(session, store, AuditAction.VIEW, "letter", letter.id, detail="rerender")
    return _render(thaw(content))


def letters_of_case(store: Store, case_id: int) -> list[tuple[str, LetterVersion]]:
    """(escalation reference, letter version) for every letter about one child."""
    with store.transaction() as session:
        rows = session.execute(
            select(Escalation.reference, Letter)
            .join(Letter, Letter.escalation_id == Escalation.id)
            .join(EscalationCase, EscalationCase.escalation_id == Escalation.id)
            .where(EscalationCase.case_id == case_id)
            .order_by(Escalation.id, Letter.version)).all()
        return [(ref, LetterVersion(r.id, r.version, r.finalised, r.finalised_on,
                                    r.pdf_sha256)) for ref, r in rows]


def count_letters(store: Store) -> int:
    with store.transaction() as session:
        return int(session.scalars(select(func.count(Letter.id))).one())
