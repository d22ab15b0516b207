"""Checking the audit log: every entry against its key and predecessor and the log against its
stored head (``verify``), and the log against the head a backup or exported document recorded
(``read_anchor``, ``verify_against``)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from expertteam.domain.errors import ValidationError
from expertteam.i18n import _
from expertteam.services.audit import (
    HEAD_KEY,
    MARKER_TYPE,
    AuditAnchor,
    entry_fields,
    store_passphrase,
)
from expertteam.services.store import Store
from expertteam.storage import audit_chain, integrity, os_errors
from expertteam.storage.audit_chain import GENESIS_HASH, KEY_SETTING
from expertteam.storage.models.system import AuditEntry, Setting


@dataclass(frozen=True, slots=True)
class AuditCheck:
    """The verdict of ``verify``: the entries that do not follow from their content and
    predecessor, and the problems in Dutch (empty when the log is intact)."""

    rows: int
    broken_ids: tuple[int, ...]
    problems: tuple[str, ...]

    @property
    def intact(self) -> bool:
        return not self.problems


def verify(store: Store) -> AuditCheck:
    """Check the whole log against its key and its separately stored head; logs nothing."""
    problems: list[str] = []
    broken: list[int] = []
    with store.transaction() as session:
        key_row = session.get(Setting, KEY_SETTING)
        try:
            key: bytes | None = audit_chain.unwrap(key_row.value if key_row else None,
                                                   store_passphrase(store))
        except audit_chain.AuditKeyError:
            key = None
            problems.append(_("De sleutel van het logboek ontbreekt of is gewijzigd: de regels "
                              "kunnen niet worden gecontroleerd."))
        if key is not None and store.database.encrypted and key_row is not None and \
                not audit_chain.is_wrapped(key_row.value):
            # Every write to an encrypted database wraps the key; an unwrapped one was put there.
            problems.append(_("De sleutel van het logboek is vervangen door een onbeveiligde "
                              "sleutel."))
        previous = GENESIS_HASH
        count = 0
        repairs: list[datetime] = []
        for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
            count += 1
            if entry.object_type == MARKER_TYPE:
                repairs.append(entry.at)
            valid = entry.previous_hash == previous and (
                key is None or audit_chain.entry_mac(key, previous, entry_fields(entry)) ==
                entry.entry_hash)
            if not valid:
                broken.append(entry.id)
            previous = entry.entry_hash
        head_row = session.get(Setting, HEAD_KEY)
        head = audit_chain.read_head(head_row.value if head_row else None)
    if broken:
        problems.append(_("Regel(s) {ids} zijn gewijzigd, verwijderd of ertussen gezet.").format(
            ids=_ids(broken)))
    for moment in repairs:
        problems.append(_("Op {at} (UTC) ontbrak de opgeslagen stand of de sleutel van het "
                          "logboek, of was die gewijzigd; wat daarvóór is weggehaald, valt niet "
                          "meer vast te stellen.").format(at=f"{moment:%d-%m-%Y %H:%M}"))
    if count == 0:
        problems.append(_("Het logboek is leeg: elke database heeft vanaf het begin regels, dus "
                          "het logboek is gewist."))
    if head is None:
        problems.append(_("De opgeslagen stand van het logboek (aantal regels en laatste regel) "
                          "ontbreekt: het logboek kan zijn ingekort."))
    elif key is not None and not head.valid(key):
        problems.append(_("De opgeslagen stand van het logboek is gewijzigd."))
    elif head.count != count or head.head != previous:
        problems.append(_("Het logboek telt {n} regels, de opgeslagen stand zegt {m}: er zijn "
                          "regels verwijderd of het einde is afgeknipt.").format(
            n=count, m=head.count) if head.count != count else
            _("De laatste regel van het logboek is niet de opgeslagen laatste regel."))
    return AuditCheck(count, tuple(broken), tuple(problems))


def _ids(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:20])
    return shown + (" …" if len(ids) > 20 else "")


def verify_chain(store: Store) -> list[int]:
    """Ids of entries that do not verify (empty when the log is intact); a problem that is not
    one row's (a cut tail, a missing head, an empty log) shows as the last id, or 0."""
    check = verify(store)
    if check.intact:
        return []
    return list(check.broken_ids) or [check.rows]


_ANCHOR = re.compile(rb"expertteam-logboek:v(\d+):(\d{1,12}):([0-9a-f]{64})")


def read_anchor(path: Path, passphrase: str | None = None) -> AuditAnchor:
    """The log anchor recorded in ``path``: a backup (its own log's head), a PDF (keywords), an
    Excel workbook (document properties) or a CSV export. Raises ``ValidationError`` on
    ``file`` when none is found, ``StorageError`` when the file cannot be read."""
    path = os_errors.check_path(path, "file")
    kind = integrity.classify(path)
    if kind in (integrity.FileKind.PLAIN, integrity.FileKind.ENCRYPTED):
        return _backup_anchor(path, passphrase if kind is integrity.FileKind.ENCRYPTED else None)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise os_errors.storage_error(exc, _("Het bestand kan niet worden gelezen ({reason})."))\
            from exc
    texts = [data]
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                texts += [archive.read(name) for name in archive.namelist()
                          if name.endswith(".xml")]
        except (zipfile.BadZipFile, OSError, ValueError):
            pass
    for text in texts:
        match = _ANCHOR.search(text)
        if match is not None:
            return AuditAnchor(int(match.group(2)), match.group(3).decode())
    raise ValidationError("file", _("In dit bestand staat geen stand van het logboek (het is "
                                    "geen reservekopie of document van Expertteam)."))


def _backup_anchor(path: Path, passphrase: str | None) -> AuditAnchor:
    from expertteam.storage.engine import inspect_existing

    inspect_existing(path, passphrase)
    connection = integrity.open_read_only(path, passphrase)
    try:
        row = connection.execute("SELECT value FROM setting WHERE key = ?",
                                 (HEAD_KEY,)).fetchone()
        head = audit_chain.read_head(row[0] if row else None)
        if head is None:
            count = connection.execute("SELECT count(*) FROM audit_entry").fetchone()[0]
            last = connection.execute("SELECT entry_hash FROM audit_entry ORDER BY id DESC "
                                      "LIMIT 1").fetchone()
            return AuditAnchor(int(count), str(last[0]) if last else GENESIS_HASH)
        return AuditAnchor(head.count, head.head)
    except Exception as exc:
        raise integrity.map_error(exc, encrypted=bool(passphrase)) from exc
    finally:
        connection.close()


def verify_against(store: Store, path: Path, passphrase: str | None = None) -> AuditCheck:
    """``verify``, plus: does the log still hold, unchanged, what ``path`` recorded (a backup
    or an exported document)? An entry rewritten since (even by someone with the passphrase,
    who can recompute the chain) changes every hash after it, so the recorded head no longer
    matches. Raises what ``read_anchor`` raises."""
    recorded = read_anchor(path, passphrase or store_passphrase(store))
    check = verify(store)
    problems = list(check.problems)
    with store.transaction() as session:
        at = session.scalars(select(AuditEntry.entry_hash).order_by(AuditEntry.id)
                             .offset(max(recorded.count - 1, 0)).limit(1)).first() \
            if recorded.count > 0 else GENESIS_HASH
    if recorded.count > check.rows:
        problems.append(_("Bij {name} telde het logboek {m} regels, nu {n}: er zijn regels "
                          "verwijderd.").format(name=path.name, m=recorded.count, n=check.rows))
    elif at != recorded.head:
        problems.append(_("Het logboek is herschreven sinds {name}: regel {m} is niet meer wat "
                          "daar is vastgelegd.").format(name=path.name, m=recorded.count))
    return AuditCheck(check.rows, check.broken_ids, tuple(problems))
