"""Word copies of the minutes, an action list and the escalation letters, for a region that
adapts them to its house style.

A copy has the content of the PDF: the same data (``documents.minutes_source``,
``documents.participant_source``, ``letter_output.letter_source``, so the same
pseudonymisation, a final letter as frozen) in the region's Word template or the one that ships
with the app. A region's template is stored in the database (setting ``word_template.<kind>``,
base64) so it travels with a backup, and is accepted only when it renders sample data.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from expertteam.documents import word
from expertteam.documents.letter_data import CaseLetter, ContinuityLetter
from expertteam.domain.errors import ValidationError
from expertteam.i18n import _
from expertteam.services import documents, letter_output, settings
from expertteam.services.files import ExportRecord
from expertteam.services.store import Store

SETTING_PREFIX = "word_template."
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class WordDocument:
    """A .docx with a suggested file name (never a child's name)."""

    kind: str
    title: str
    filename: str
    docx: bytes
    with_names: bool = False
    # Logged when the copy is written to a file (``files.export_file``).
    export: ExportRecord | None = None


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    kind: str
    label: str
    custom: bool
    filename: str
    """The name of the region's file, or "" for the template that ships with the app."""


def _check_kind(kind: str) -> None:
    if kind not in word.KINDS:
        raise ValidationError("kind", _("Er is geen Word-sjabloon ‘{kind}’.").format(
            kind=kind[:40]))


def _stored(store: Store, kind: str) -> dict[str, str] | None:
    try:
        loaded = settings.get_value(store, SETTING_PREFIX + kind)
    except ValueError:
        return None
    return loaded if isinstance(loaded, dict) and loaded.get("docx") else None


def template_bytes(store: Store, kind: str) -> bytes:
    """The template a copy of ``kind`` is made from: the region's, else the shipped one."""
    _check_kind(kind)
    stored = _stored(store, kind)
    if stored is not None:
        try:
            return base64.b64decode(stored["docx"], validate=True)
        except (binascii.Error, ValueError):
            pass
    return word.shipped_template(kind)


def list_templates(store: Store) -> list[TemplateInfo]:
    """Each kind with whether the region replaced its template."""
    result = []
    for kind in word.KINDS:
        stored = _stored(store, kind)
        result.append(TemplateInfo(kind, _(word.KIND_LABELS[kind]), stored is not None,
                                   str(stored.get("name", "")) if stored else ""))
    return result


def check_template(kind: str, raw: bytes) -> bytes:
    """``raw`` if it is a Word template that renders sample data of ``kind``.

    Raises ``ValidationError`` (field ``word_template.<kind>``) for a file that is too large,
    not a .docx, or has placeholders that do not render."""
    _check_kind(kind)
    field = SETTING_PREFIX + kind
    label = _(word.KIND_LABELS[kind])
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise ValidationError(field, _("Word-sjabloon ‘{label}’: het bestand is te groot "
                                       "(hoogstens 5 MB).").format(label=label))
    if not raw.startswith(b"PK"):
        raise ValidationError(field, _("Word-sjabloon ‘{label}’: dit bestand is geen "
                                       "Word-document (.docx). Sla het sjabloon in Word op als "
                                       "‘Word-document’.").format(label=label))
    try:
        word.render_docx(raw, word.sample_context(kind))
    except word.TemplateError as exc:
        raise ValidationError(field, _("Word-sjabloon ‘{label}’ kan niet worden ingevuld: "
                                       "{reason}. Controleer de invulvelden tussen {{{{ en "
                                       "}}}}.").format(
            label=label, reason=str(exc)[:120] or _("onbekende fout"))) from exc
    return raw


def save_template(store: Store, kind: str, raw: bytes, name: str) -> TemplateInfo:
    """Store the region's template for ``kind`` after checking it renders; logged.
    Raises ``ValidationError`` as ``check_template``."""
    clean = check_template(kind, raw)
    settings.set_value(store, SETTING_PREFIX + kind,
                       {"docx": base64.b64encode(clean).decode("ascii"),
                        "name": name.strip()[:120]})
    return TemplateInfo(kind, _(word.KIND_LABELS[kind]), True, name.strip()[:120])


def reset_template(store: Store, kind: str) -> None:
    """Go back to the template that ships with the app; logged."""
    _check_kind(kind)
    settings.remove_value(store, SETTING_PREFIX + kind, detail="reset")


def _render(store: Store, kind: str, context: dict[str, object]) -> bytes:
    try:
        return word.render_docx(template_bytes(store, kind), context)
    except word.TemplateError as exc:
        raise ValidationError(SETTING_PREFIX + kind, _(
            "Het Word-sjabloon kan niet worden ingevuld ({reason}). Zet in de instellingen "
            "het standaardsjabloon terug.").format(reason=str(exc)[:120])) from exc


# --------------------------------------------------------------------------- copies


def minutes_docx(store: Store, meeting_id: int, *, with_names: bool = False,
                 version: int | None = None) -> WordDocument:
    """The minutes as a Word copy. Raises as ``documents.minutes_pdf``."""
    data, letterhead, export = documents.minutes_source(
        store, meeting_id, with_names=with_names, version=version, word=True)
    context = word.minutes_context(data, letterhead)
    return WordDocument(word.MINUTES, str(context["titel"]),
                        documents.minutes_filename(data, "docx"),
                        _render(store, word.MINUTES, context), with_names, export)


def participant_actions_docx(store: Store, organisation_id: int, *,
                             with_names: bool = False) -> WordDocument:
    """An organisation's open actions as a Word copy. Raises ``NotFoundError``."""
    data, letterhead, export = documents.participant_source(
        store, organisation_id, with_names=with_names, word=True)
    context = word.participant_context(data, letterhead)
    return WordDocument(word.ACTION_LIST, str(context["titel"]),
                        documents.participant_filename(data, "docx"),
                        _render(store, word.ACTION_LIST, context), with_names, export)


def letter_docx(store: Store, letter_id: int) -> WordDocument:
    """An escalation letter as a Word copy: a final version from its frozen content, a concept
    as it stands. Raises as ``letter_output.letter_pdf``."""
    source = letter_output.letter_source(store, letter_id, word=True)
    data = source.data
    if isinstance(data, CaseLetter):
        kind, context = word.CASE_LETTER, word.case_letter_context(data)
    else:
        assert isinstance(data, ContinuityLetter)
        kind, context = word.CONTINUITY_LETTER, word.continuity_letter_context(data)
    return WordDocument(kind, str(context["titel"]),
                        letter_output.letter_filename(data, source.reference,
                                                      source.stored is not None, "docx"),
                        _render(store, kind, context), export=source.export)
