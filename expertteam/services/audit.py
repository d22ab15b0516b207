"""Append-only audit log (NEN 7513 / BIO 8.15): actor, time, action, record, result, origin.

The log holds record ids only. Each entry carries an HMAC-SHA256 over its fields and the previous
entry's hash under the database's log key, and the head (row count and newest hash) is kept
apart from the log with its own HMAC (``storage.audit_chain`` explains the key). ``verify``
reports a changed, deleted or reordered row, a cut tail (also with the head fixed or removed), a
deleted log and a chain recomputed without the key. Backups and exported documents record the
head (``anchor``), so that a rewrite by someone who holds the passphrase shows against them
(``verify_against``).
"""

from __future__ import annotations

import csv
import io
import re
import weakref
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Engine, Select, select
from sqlalchemy.orm import Session

from expertteam.clock import utcnow
from expertteam.domain.enums import AuditAction, AuditResult
from expertteam.domain.errors import ValidationError
from expertteam.i18n import _
from expertteam.services.store import Store
from expertteam.storage import audit_chain, integrity, os_errors
from expertteam.storage.audit_chain import GENESIS_HASH, HEAD_SETTING, KEY_SETTING, EntryFields
from expertteam.storage.models import AuditEntry, Setting

HEAD_KEY = HEAD_SETTING
_keys: weakref.WeakKeyDictionary[Engine, bytes] = weakref.WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    actor_id: int | None
    action: AuditAction
    object_type: str
    object_id: str
    result: AuditResult
    origin: str
    detail: str


def _fields(entry: AuditEntry) -> EntryFields:
    return EntryFields(entry.at, entry.actor_id, entry.action.value, entry.object_type,
                       entry.object_id, entry.result.value, entry.origin, entry.detail)


def _passphrase(store: Store) -> str | None:
    return store.database.engine.url.password or None


MARKER_TYPE = "audit_log_repair"


def _log_key(session: Session, store: Store) -> tuple[bytes, bool]:
    """The log key, unwrapped once per engine, and whether it had to be replaced. (Encrypting a
    file wraps its key there and then, ``convert.export_encrypted``: an unwrapped key in an
    encrypted database is never "repaired" here, ``verify`` reports it.) A missing or unusable
    key is replaced by a new one: the rows before it cannot be verified any more, which
    ``verify`` then reports."""
    engine = store.database.engine
    cached = _keys.get(engine)
    if cached is not None:
        return cached, False
    passphrase = _passphrase(store)
    row = session.get(Setting, KEY_SETTING)
    replaced = False
    try:
        key = audit_chain.unwrap(row.value if row is not None else None, passphrase)
    except audit_chain.AuditKeyError:
        key, value = audit_chain.new_key(passphrase)
        replaced = True
        if row is None:
            session.add(Setting(key=KEY_SETTING, value=value))
        else:
            row.value = value
    _keys[engine] = key
    return key, replaced


def rewrap_key(session: Session, store: Store, new_passphrase: str) -> None:
    """After a passphrase change: wrap the same log key under the new passphrase."""
    key, _replaced = _log_key(session, store)
    row = session.get(Setting, KEY_SETTING)
    value = audit_chain.key_record(key, new_passphrase)
    if row is None:
        session.add(Setting(key=KEY_SETTING, value=value))
    else:
        row.value = value


def recorded_origin(store: Store) -> str:
    """Where an entry comes from; on a server also the database role the session logged in
    as (``cli:cases [db:anna]``), so that the log names the real person even when profiles
    are shared or chosen wrongly (see docs/ARCHITECTURE.md)."""
    role = store.database.role
    suffix = f" [db:{role}]" if role else ""
    return store.origin[:80 - len(suffix)] + suffix


def forget_key(store: Store) -> None:
    _keys.pop(store.database.engine, None)


def _append(session: Session, store: Store, key: bytes, count: int, action: AuditAction,
            object_type: str, object_id: str, result: AuditResult, detail: str,
            previous: str | None = None) -> str:
    """Append one entry after ``previous`` (the newest entry's hash; read from the log when
    not known) and move the head to it; returns the new entry's hash."""
    if previous is None:
        previous = session.scalars(
            select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
        ).first()
    entry = AuditEntry(at=utcnow(), actor_id=store.actor_id, action=action,
                       object_type=object_type, object_id=object_id[:40], result=result,
                       origin=recorded_origin(store), detail=detail[:200],
                       previous_hash=previous or GENESIS_HASH)
    entry.entry_hash = audit_chain.entry_mac(key, entry.previous_hash, _fields(entry))
    session.add(entry)
    head = session.get(Setting, HEAD_KEY)
    value = audit_chain.head_value(key, count, entry.entry_hash)
    if head is None:
        session.add(Setting(key=HEAD_KEY, value=value))
    else:
        head.value = value
    return entry.entry_hash


def record(session: Session, store: Store, action: AuditAction, object_type: str,
           object_id: int | str, *, result: AuditResult = AuditResult.OK,
           detail: str = "") -> None:
    """Append one entry inside the caller's transaction. ``detail`` must hold no personal data.

    When the stored head is missing or does not verify (someone removed or forged it, perhaps
    to hide a cut tail), or the key had to be replaced, an entry saying so goes first: the
    evidence stays in the chain instead of being repaired away."""
    key, replaced = _log_key(session, store)
    # On a server two sessions append at once: the head row is locked first (FOR UPDATE), so
    # each entry chains to the one committed before it. SQLite has one writer anyway.
    head_row = session.get(Setting, HEAD_KEY, with_for_update=True, populate_existing=True)
    stored = audit_chain.read_head(head_row.value if head_row is not None else None)
    if stored is not None and stored.valid(key) and not replaced:
        # The head names the newest entry: chain to it (a tail cut since then shows as a gap
        # in the chain, besides the count).
        count, previous = stored.count, stored.head
    else:
        count = _count(session)
        what = "key replaced" if replaced else "head missing" if stored is None else \
            "head invalid"
        count += 1
        previous = _append(session, store, key, count, AuditAction.CHANGE, MARKER_TYPE, "*",
                           AuditResult.FAILED, f"{what}; restarted at {count} rows")
    _append(session, store, key, count + 1, action, object_type, str(object_id), result,
            detail, previous)


def _count(session: Session) -> int:
    from sqlalchemy import func

    return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def record_now(store: Store, action: AuditAction, object_type: str, object_id: int | str, *,
               result: AuditResult = AuditResult.OK, detail: str = "") -> None:
    """Append one entry in its own transaction (for refusals and for reads outside a use case)."""
    with store.transaction() as session:
        record(session, store, action, object_type, object_id, result=result, detail=detail)


def list_entries(store: Store, *, limit: int = 1000) -> list[AuditRow]:
    with store.transaction() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
        return [AuditRow(r.id, r.at, r.actor_id, r.action, r.object_type, r.object_id, r.result,
                         r.origin, r.detail) for r in rows]


# --------------------------------------------------------------------------- verification


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


@dataclass(frozen=True, slots=True)
class AuditAnchor:
    """The log as a backup or document records it: the number of entries and the newest hash."""

    count: int
    head: str

    @property
    def text(self) -> str:
        return audit_chain.anchor_text(self.count, self.head)


def verify(store: Store) -> AuditCheck:
    """Check the whole log against its key and its separately stored head; logs nothing."""
    problems: list[str] = []
    broken: list[int] = []
    with store.transaction() as session:
        key_row = session.get(Setting, KEY_SETTING)
        try:
            key: bytes | None = audit_chain.unwrap(key_row.value if key_row else None,
                                                   _passphrase(store))
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
                key is None or audit_chain.entry_mac(key, previous, _fields(entry)) ==
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


def anchor(session: Session) -> AuditAnchor:
    """The log's current count and head, as recorded in backups and documents."""
    head = audit_chain.read_head(_setting_value(session, HEAD_KEY))
    if head is not None:
        return AuditAnchor(head.count, head.head)
    last = session.scalars(select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc())
                           .limit(1)).first()
    return AuditAnchor(_count(session), last or GENESIS_HASH)


def anchor_of(store: Store) -> AuditAnchor:
    with store.transaction() as session:
        return anchor(session)


def _setting_value(session: Session, key: str) -> str | None:
    row = session.get(Setting, key)
    return row.value if row is not None else None


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
    recorded = read_anchor(path, passphrase or _passphrase(store))
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


# --------------------------------------------------------------------------- the log viewer

@dataclass(frozen=True)
class AuditFilter:
    """What the log viewer shows; empty fields do not filter."""

    actor_id: int | None = None
    action: AuditAction | None = None
    result: AuditResult | None = None
    object_type: str = ""
    object_id: str = ""
    origin: str = ""
    date_from: date | None = None
    date_to: date | None = None


MAX_ROWS = 5000


def _filtered(wanted: AuditFilter) -> Select[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if wanted.actor_id is not None:
        query = query.where(AuditEntry.actor_id == wanted.actor_id)
    if wanted.action is not None:
        query = query.where(AuditEntry.action == wanted.action)
    if wanted.result is not None:
        query = query.where(AuditEntry.result == wanted.result)
    if wanted.object_type:
        query = query.where(AuditEntry.object_type == wanted.object_type)
    if wanted.object_id:
        query = query.where(AuditEntry.object_id == wanted.object_id)
    if wanted.origin:
        query = query.where(AuditEntry.origin.like(f"{wanted.origin}%"))
    if wanted.date_from is not None:
        query = query.where(AuditEntry.at >= datetime.combine(wanted.date_from, time.min))
    if wanted.date_to is not None:
        query = query.where(AuditEntry.at < datetime.combine(wanted.date_to + timedelta(days=1),
                                                             time.min))
    return query


def _check_filter(wanted: AuditFilter | None) -> AuditFilter:
    wanted = wanted or AuditFilter()
    if not isinstance(wanted, AuditFilter):
        raise ValidationError("filter", _("Ongeldig filter voor het logboek."))
    for name in ("object_type", "object_id", "origin"):
        value = getattr(wanted, name)
        if not isinstance(value, str) or len(value) > 80 or "\x00" in value:
            raise ValidationError(name, _("Dit filter is te lang of bevat ongeldige tekens."))
    for name in ("date_from", "date_to"):
        value = getattr(wanted, name)
        if value is not None and (not isinstance(value, date) or
                                  not 1900 <= value.year <= 9000):
            raise ValidationError(name, _("Kies een geldige datum."))
    if wanted.date_from and wanted.date_to and wanted.date_to < wanted.date_from:
        raise ValidationError("date_to", _("De einddatum ligt vóór de begindatum."))
    return wanted


def _row(r: AuditEntry) -> AuditRow:
    return AuditRow(r.id, r.at, r.actor_id, r.action, r.object_type, r.object_id, r.result,
                    r.origin, r.detail)


def query(store: Store, wanted: AuditFilter | None = None, *,
          limit: int = MAX_ROWS) -> list[AuditRow]:
    """The log entries that match ``wanted``, newest first (at most ``limit``); viewing the log
    is itself logged. Raises ``ValidationError`` for an impossible filter."""
    wanted = _check_filter(wanted)
    with store.transaction() as session:
        rows = [_row(r) for r in session.scalars(_filtered(wanted).limit(max(1, min(limit,
                                                                                    MAX_ROWS))))]
        record(session, store, AuditAction.VIEW, "audit_log", "*", detail=f"{len(rows)} rows")
        return rows


def object_types(store: Store) -> list[str]:
    """The record types that occur in the log (for the viewer's filter)."""
    with store.transaction() as session:
        return sorted(session.scalars(select(AuditEntry.object_type).distinct()))


CSV_COLUMNS = ("id", "tijdstip_utc", "gebruiker_id", "handeling", "objecttype", "object_id",
               "resultaat", "herkomst", "toelichting", "hash")


def export_csv(store: Store, target: Path, wanted: AuditFilter | None = None) -> int:
    """Write the matching entries (oldest first) to ``target`` as CSV with their hashes and, as
    the last line, the log's anchor (count and head, for ``verify_against``); written
    atomically and logged as an export (or a failed one). Returns the number of rows. Every
    text passes the privacy guard and is written so that a spreadsheet does not run it as a
    formula. Raises ``ValidationError`` or ``StorageError``."""
    from expertteam.services import files
    from expertteam.services.privacy import guard, spreadsheet_text

    wanted = _check_filter(wanted)
    with store.transaction() as session:
        check = guard(session)

        def field(value: str) -> str:
            return spreadsheet_text(check.text(value))

        entries = list(session.scalars(_filtered(wanted)))
        entries.reverse()
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(CSV_COLUMNS)
        for e in entries:
            writer.writerow([e.id, e.at.isoformat(sep=" ", timespec="seconds"),
                             "" if e.actor_id is None else e.actor_id, e.action.value,
                             field(e.object_type), field(e.object_id), e.result.value,
                             field(e.origin), field(e.detail), e.entry_hash])
        writer.writerow([anchor(session).text])
    files.export_file(store, target, buffer.getvalue().encode("utf-8"),
                      files.ExportRecord("audit_log", "*", f"{len(entries)} rows"))
    return len(entries)
