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
register with those items replaced. The parts and that check are in ``letter_texts``; printing
and exporting a letter in ``letter_output``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
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
from expertteam.domain.enums import AuditAction
from expertteam.domain.errors import LockedError, NotFoundError, StateError, ValidationError
from expertteam.domain.escalation import EscalationStatus, LetterKind
from expertteam.domain.identifying import Finding
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.escalations import load_escalation
from expertteam.services.letter_content import build_letter, default_texts, texts_of
from expertteam.services.letter_texts import (
    MAX_TEXT,
    SINGLE_LINE,
    check_texts,
    letter_parts,
    refuse,
    text_fields,
    text_label,
)
from expertteam.services.store import Store
from expertteam.services.validation import clean_text
from expertteam.storage.models.escalations import Escalation, EscalationCase, Letter


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


def letter_info(session: Session, letter: Letter, today: date) -> LetterInfo:
    """The letter version as plain data: a final one as frozen, a concept built afresh."""
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


def load_letter(session: Session, letter_id: int) -> Letter:
    """The letter row; raises ``NotFoundError``."""
    letter = session.get(Letter, letter_id)
    if letter is None:
        raise NotFoundError(_("Deze brief bestaat niet (meer)."))
    return letter


def _latest(session: Session, escalation_id: int) -> Letter | None:
    return session.scalars(select(Letter).where(Letter.escalation_id == escalation_id)
                           .order_by(Letter.version.desc()).limit(1)).first()


def render_letter(data: CaseLetter | ContinuityLetter) -> bytes:
    """The letter's PDF, rendered by the document of its kind."""
    if isinstance(data, CaseLetter):
        from expertteam.documents.escalation_letter import render_case_letter

        return render_case_letter(data)
    from expertteam.documents.continuity_letter import render_continuity_letter

    return render_continuity_letter(data)


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
        return letter_info(session, letter, store.today())


def get_letter(store: Store, letter_id: int) -> LetterInfo:
    """One letter version (a finalised one exactly as frozen). Logged. Raises
    ``NotFoundError``."""
    with store.transaction() as session:
        letter = load_letter(session, letter_id)
        audit.record(session, store, AuditAction.VIEW, "letter", letter.id)
        return letter_info(session, letter, store.today())


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
        letter = load_letter(session, letter_id)
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
                                    max_length=300 if key in SINGLE_LINE else MAX_TEXT,
                                    multiline=key not in SINGLE_LINE,
                                    required=key in ("subject", "request"))
        kind = letter.kind
        refusal = check_texts(session, [(f"texts.{k}", text_label(k), v)
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
            return letter_info(session, letter, store.today())
    assert refusal is not None
    raise refuse(store, letter_id, refusal, kind)


def reset_text(store: Store, letter_id: int, key: str) -> LetterInfo:
    """Put one free-text part of a concept back to its default.

    Raises ``NotFoundError``, ``LockedError`` (final) or ``ValidationError`` (unknown part)."""
    with store.transaction() as session:
        letter = load_letter(session, letter_id)
        if letter.finalised:
            raise LockedError(_("Deze brief is definitief; maak een nieuwe versie."))
        if key not in text_fields(letter.kind):
            raise ValidationError(f"texts.{key}", _("Deze brief heeft geen onderdeel "
                                                    "‘{key}’.").format(key=key))
        overrides = _overrides(letter)
        overrides.pop(key, None)
        letter.texts = json.dumps(overrides, ensure_ascii=False, sort_keys=True)
        audit.record(session, store, AuditAction.CHANGE, "letter", letter.id, detail="reset")
        return letter_info(session, letter, store.today())


def finalise_letter(store: Store, letter_id: int) -> LetterInfo:
    """Freeze the concept: the letter as it is now (data, texts, letterhead) is stored as JSON
    with its PDF, dated today, and never changes again.

    Raises ``NotFoundError``, ``LockedError`` (already final), ``StateError`` (the escalation
    was withdrawn) or ``IdentifyingDataError`` (a free text that identifies a child; for the
    Jeugdautoriteit also a quoted answer or care description)."""
    refusal: tuple[str, str, list[Finding]] | None = None
    with store.transaction() as session:
        letter = load_letter(session, letter_id)
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
        refusal = check_texts(session, letter_parts(data))
        if refusal is None:
            pdf = render_letter(data)
            letter.content = freeze(data)
            letter.pdf = pdf
            letter.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
            letter.finalised, letter.finalised_on = True, today
            letter.finalised_at, letter.finalised_by_id = utcnow(), store.actor_id
            session.flush()
            audit.record(session, store, AuditAction.CHANGE, "letter", letter.id,
                         detail=f"finalise v{letter.version}")
            return letter_info(session, letter, today)
    assert refusal is not None
    raise refuse(store, letter_id, refusal, kind)


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
        return letter_info(session, letter, store.today())


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
