"""A letter as it leaves the app: what it is printed from (a final version as frozen, a concept
fresh and checked), its file name and its PDF (a final version byte for byte); a print or
preview is logged at once, an export when the file is written."""

from __future__ import annotations

from dataclasses import dataclass

from expertteam.documents.letter_data import CaseLetter, ContinuityLetter, thaw
from expertteam.domain.enums import AuditAction
from expertteam.domain.errors import StateError, ValidationError
from expertteam.domain.identifying import Finding
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.files import ExportRecord
from expertteam.services.letter_texts import check_texts, letter_parts, refuse
from expertteam.services.letters import letter_info, load_letter, render_letter
from expertteam.services.store import Store


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
        letter = load_letter(session, letter_id)
        reference, letter_kind = letter.escalation.reference, letter.kind
        if letter.finalised and letter.pdf is not None:
            stored = bytes(letter.pdf)
            data = thaw(letter.content or "")
        else:
            data = letter_info(session, letter, store.today()).letter
            refusal = check_texts(session, letter_parts(data))
        detail = ("final" if stored is not None else "concept") + ("; word" if word else "")
        if refusal is None and purpose is not AuditAction.EXPORT:
            audit.record(session, store, purpose, "letter", letter.id, detail=detail)
    if refusal is not None:
        raise refuse(store, letter_id, refusal, letter_kind)
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
    pdf = source.stored if source.stored is not None else render_letter(data)
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
        letter = load_letter(session, letter_id)
        if not letter.finalised or letter.content is None:
            raise StateError(_("Alleen een definitieve brief kan opnieuw worden opgemaakt."))
        content = letter.content
        audit.record(session, store, AuditAction.VIEW, "letter", letter.id, detail="rerender")
    return render_letter(thaw(content))
