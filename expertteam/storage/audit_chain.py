"""The audit log's keyed chain: encoding, key, head. Used by ``services.audit`` and migration 0003.

Each entry's ``entry_hash`` is HMAC-SHA256 under the *log key* over a canonical JSON array of its
fields and the previous entry's hash (JSON, not ``|``-joined text: no two different rows encode
alike). The log key is 32 random bytes made once per database, so that it survives a passphrase
change (anchors in earlier backups and documents stay comparable). It is stored in the
``setting`` table (``audit.key``) wrapped by a pad derived with HKDF-SHA256 from the passphrase
and a stored random salt: only someone who can open the database can compute a valid entry. A
plain (unencrypted) database has no secret, so there the key is stored as it is: the chain then
still catches edits by hand and a recomputed plain SHA-256 chain, but not a forger who reads this
code; the head recorded in backups and documents (``anchor``) is what shows such a rewrite, and
encrypting the database wraps the key.

The head (row count and newest hash, with their own HMAC) is kept apart from the log, in the
``setting`` table (``audit.head``), so a cut tail, a fixed-up head and a deleted log all show.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text

from expertteam import clock

VERSION = 2
GENESIS_HASH = "0" * 64
KEY_SETTING = "audit.key"
HEAD_SETTING = "audit.head"
ANCHOR_PREFIX = "expertteam-logboek"
_WRAP_INFO = b"expertteam audit log key wrap v2"
_CHECK_INFO = b"expertteam audit log key check v2"
_HEAD_INFO = "expertteam audit head v2"


class AuditKeyError(Exception):
    """The stored log key is missing, malformed or does not open with this passphrase."""


@dataclass(frozen=True, slots=True)
class EntryFields:
    at: datetime
    actor_id: int | None
    action: str
    object_type: str
    object_id: str
    result: str
    origin: str
    detail: str


def hkdf(ikm: bytes, salt: bytes, info: bytes, length: int = 32) -> bytes:
    """HKDF-SHA256 (RFC 5869)."""
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
        counter += 1
    return out[:length]


def _check(key: bytes) -> str:
    return hmac.new(key, _CHECK_INFO, hashlib.sha256).hexdigest()[:32]


def _pad(passphrase: str, salt: bytes) -> bytes:
    return hkdf(passphrase.encode("utf-8"), salt, _WRAP_INFO)


def key_record(key: bytes, passphrase: str | None) -> str:
    """The ``audit.key`` setting value (JSON) for ``key``: wrapped under ``passphrase`` with a
    fresh salt, or stored as it is for a plain database."""
    salt = secrets.token_bytes(32)
    record: dict[str, Any] = {"v": VERSION, "salt": salt.hex(), "check": _check(key)}
    if passphrase:
        record["wrapped"] = bytes(a ^ b for a, b in zip(key, _pad(passphrase, salt),
                                                        strict=True)).hex()
    else:
        record["plain"] = key.hex()
    return json.dumps(record, sort_keys=True)


def new_key(passphrase: str | None) -> tuple[bytes, str]:
    key = secrets.token_bytes(32)
    return key, key_record(key, passphrase)


def unwrap(record_json: str | None, passphrase: str | None) -> bytes:
    """The log key from its stored record. Raises ``AuditKeyError``."""
    try:
        record = json.loads(record_json or "")
        salt = bytes.fromhex(record["salt"])
        if "plain" in record:
            key = bytes.fromhex(record["plain"])
        else:
            if not passphrase:
                raise AuditKeyError("wrapped key without passphrase")
            wrapped = bytes.fromhex(record["wrapped"])
            key = bytes(a ^ b for a, b in zip(wrapped, _pad(passphrase, salt), strict=True))
        check = str(record["check"])
    except (ValueError, KeyError, TypeError) as exc:
        raise AuditKeyError("malformed key record") from exc
    if len(key) != 32 or not hmac.compare_digest(_check(key), check):
        raise AuditKeyError("key does not check")
    return key


def is_wrapped(record_json: str | None) -> bool:
    try:
        return "wrapped" in json.loads(record_json or "")
    except (ValueError, TypeError):
        return False


def encode(previous_hash: str, fields: EntryFields) -> bytes:
    """The canonical bytes an entry's MAC covers."""
    return json.dumps(["expertteam-audit", VERSION, previous_hash, fields.at.isoformat(),
                       fields.actor_id, fields.action, fields.object_type, fields.object_id,
                       fields.result, fields.origin, fields.detail],
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_mac(key: bytes, previous_hash: str, fields: EntryFields) -> str:
    return hmac.new(key, encode(previous_hash, fields), hashlib.sha256).hexdigest()


def legacy_digest(previous_hash: str, fields: EntryFields) -> str:
    """The chain before revision 0003: SHA-256 over the ``|``-joined fields."""
    payload = "|".join([previous_hash, fields.at.isoformat(), str(fields.actor_id),
                        fields.action, fields.object_type, fields.object_id, fields.result,
                        fields.origin, fields.detail])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Head:
    count: int
    head: str
    mac: str = ""

    def valid(self, key: bytes) -> bool:
        return hmac.compare_digest(self.mac, head_mac(key, self.count, self.head))


def head_mac(key: bytes, count: int, head: str) -> str:
    return hmac.new(key, f"{_HEAD_INFO}:{count}:{head}".encode(), hashlib.sha256).hexdigest()


def head_value(key: bytes, count: int, head: str) -> str:
    return json.dumps({"count": count, "head": head, "mac": head_mac(key, count, head)},
                      sort_keys=True)


def read_head(value: str | None) -> Head | None:
    """The stored head, or None when absent or not in the keyed format."""
    try:
        data = json.loads(value or "")
        return Head(int(data["count"]), str(data["head"]), str(data["mac"]))
    except (ValueError, KeyError, TypeError):
        return None


def anchor_text(count: int, head: str) -> str:
    """How a backup or document records the log: ``expertteam-logboek:v2:<count>:<head>``."""
    return f"{ANCHOR_PREFIX}:v{VERSION}:{count}:{head}"


# --------------------------------------------------------------------------- migration 0003

_ROW_SQL = ("SELECT id, at, actor_id, action, object_type, object_id, result, origin, detail, "
            "previous_hash, entry_hash FROM audit_entry ORDER BY id")
_UPDATE_HASHES = text("UPDATE audit_entry SET previous_hash = :previous, entry_hash = :hash "
                      "WHERE id = :id")


def _fields(row: Sequence[Any]) -> EntryFields:
    at = row[1] if isinstance(row[1], datetime) else datetime.fromisoformat(str(row[1]))
    return EntryFields(at, None if row[2] is None else int(row[2]), str(row[3]), str(row[4]),
                       str(row[5]), str(row[6]), str(row[7]), str(row[8] or ""))


def _set(connection: Any, key: str, value: str) -> None:
    # Delete and insert rather than SQLite's INSERT OR REPLACE: the same on PostgreSQL.
    connection.execute(text("DELETE FROM setting WHERE key = :key"), {"key": key})
    connection.execute(
        text("INSERT INTO setting (key, value, updated_at) VALUES (:key, :value, :at)"),
        {"key": key, "value": value, "at": clock.utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")})


def rechain(connection: Any, passphrase: str | None) -> None:
    """Migration 0003: check the old SHA-256 chain, then chain every row again under a new log
    key and append an entry that says so (with the old chain's verdict, so that a break before
    the migration stays on record). ``connection`` is the migration's SQLAlchemy connection."""
    rows = connection.execute(text(_ROW_SQL)).all()
    broken: list[int] = []
    previous = GENESIS_HASH
    for row in rows:
        fields = _fields(row)
        if row[9] != previous or legacy_digest(previous, fields) != row[10]:
            broken.append(int(row[0]))
        previous = str(row[10])
    stored = connection.execute(text("SELECT value FROM setting WHERE key = :key"),
                                {"key": HEAD_SETTING}).scalar()
    if rows and stored is not None and str(stored).strip('"') != previous and \
            int(rows[-1][0]) not in broken:
        broken.append(int(rows[-1][0]))
    key, record = new_key(passphrase)
    previous = GENESIS_HASH
    for row in rows:
        mac = entry_mac(key, previous, _fields(row))
        connection.execute(_UPDATE_HASHES, {"previous": previous, "hash": mac, "id": row[0]})
        previous = mac
    verdict = "old chain intact" if not broken else \
        "old chain broken at " + ",".join(map(str, broken))
    note = EntryFields(clock.utcnow(), None, "change", "audit_log", "*", "ok", "migratie:0003",
                       f"re-chained v2 (HMAC-SHA256), {len(rows)} rows; {verdict}"[:200])
    mac = entry_mac(key, previous, note)
    connection.execute(text(
        "INSERT INTO audit_entry (at, actor_id, action, object_type, object_id, result, origin, "
        "detail, previous_hash, entry_hash) VALUES (:at, NULL, :action, :object_type, "
        ":object_id, :result, :origin, :detail, :previous, :hash)"),
        {"at": note.at.strftime("%Y-%m-%d %H:%M:%S.%f"), "action": note.action,
         "object_type": note.object_type, "object_id": note.object_id, "result": note.result,
         "origin": note.origin, "detail": note.detail, "previous": previous, "hash": mac})
    _set(connection, KEY_SETTING, record)
    _set(connection, HEAD_SETTING, head_value(key, len(rows) + 1, mac))


def unchain(connection: Any) -> None:
    """Downgrade from 0003: the old SHA-256 chain again, as revision 0002 expects it."""
    previous = GENESIS_HASH
    for row in connection.execute(text(_ROW_SQL)).all():
        digest = legacy_digest(previous, _fields(row))
        connection.execute(_UPDATE_HASHES, {"previous": previous, "hash": digest, "id": row[0]})
        previous = digest
    connection.execute(text("DELETE FROM setting WHERE key = :key"), {"key": KEY_SETTING})
    _set(connection, HEAD_SETTING, json.dumps(previous))


def rewrap_in_file(connection: Any, old: str, new: str) -> None:
    """On a DB-API connection to a copy (a backup being re-keyed): wrap its log key under
    ``new``. A copy without a key, or whose key does not open with ``old``, is left as it is."""
    row = connection.execute("SELECT value FROM setting WHERE key = ?",
                             (KEY_SETTING,)).fetchone()
    if row is None:
        return
    try:
        key = unwrap(row[0], old)
    except AuditKeyError:
        return
    connection.execute("UPDATE setting SET value = ? WHERE key = ?",
                       (key_record(key, new), KEY_SETTING))


def wrap_plain_in_file(connection: Any, passphrase: str) -> None:
    """On a DB-API connection to a file just encrypted (a converted database, a plain backup
    encrypted on restore): wrap its plain log key under ``passphrase``."""
    row = connection.execute("SELECT value FROM setting WHERE key = ?",
                             (KEY_SETTING,)).fetchone()
    if row is None or is_wrapped(row[0]):
        return
    try:
        key = unwrap(row[0], None)
    except AuditKeyError:
        return
    connection.execute("UPDATE setting SET value = ? WHERE key = ?",
                       (key_record(key, passphrase), KEY_SETTING))
    connection.commit()
