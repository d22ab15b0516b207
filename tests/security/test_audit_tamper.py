"""Issue 13 point 6: a log that proves itself. Every way of tampering with the audit log that the
issue lists (and a few more) is reported by ``verify`` / ``expertteam verify-audit``; a rewrite by
someone who holds the passphrase shows against an earlier backup or exported document."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from expertteam.cli import main
from expertteam.domain.enums import AuditAction
from expertteam.services import audit, audit_query, audit_verify, backup, documents, files
from expertteam.services.store import Store
from expertteam.storage import audit_chain
from tests.security.conftest import PASSPHRASE


def _sql(store: Store, statement: str, **params: object) -> None:
    with store.database.engine.begin() as connection:
        connection.execute(text(statement), params)


def _rows(store: Store) -> list[tuple[object, ...]]:
    with store.database.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(
            "SELECT id, at, actor_id, action, object_type, object_id, result, origin, detail, "
            "previous_hash, entry_hash FROM audit_entry ORDER BY id"))]


def _rechain(store: Store, digest: Callable[[str, audit_chain.EntryFields], str],
             *, fix_head: Callable[[int, str], str] | None = None) -> None:
    """Recompute every row's hash with ``digest`` (as a forger would), optionally the head."""
    previous = audit_chain.GENESIS_HASH
    rows = _rows(store)
    for row in rows:
        fields = audit_chain._fields(row)
        value = digest(previous, fields)
        _sql(store, "UPDATE audit_entry SET previous_hash = :p, entry_hash = :h WHERE id = :i",
             p=previous, h=value, i=row[0])
        previous = value
    if fix_head is not None:
        _sql(store, "UPDATE setting SET value = :v WHERE key = 'audit.head'",
             v=fix_head(len(rows), previous))


def _key(store: Store) -> bytes:
    with store.database.engine.connect() as connection:
        record = connection.execute(text(
            "SELECT value FROM setting WHERE key = 'audit.key'")).scalar_one()
    return audit_chain.unwrap(record, store.database.engine.url.password or None)


def _forged_head(count: int, head: str) -> str:  # without the key: a plausible-looking mac
    return json.dumps({"count": count, "head": head,
                       "mac": hashlib.sha256(f"{count}:{head}".encode()).hexdigest()})


def change_row(store: Store) -> None:
    _sql(store, "UPDATE audit_entry SET detail = 'niets gebeurd' WHERE id = 5")


def change_row_and_its_hash(store: Store) -> None:
    row = _rows(store)[4]
    fields = audit_chain._fields(row)
    forged = audit_chain.legacy_digest(str(row[9]), audit_chain.EntryFields(
        fields.at, fields.actor_id, "view", fields.object_type, fields.object_id,
        fields.result, fields.origin, fields.detail))
    _sql(store, "UPDATE audit_entry SET action = 'view', entry_hash = :h WHERE id = 5", h=forged)


def delete_row(store: Store) -> None:
    _sql(store, "DELETE FROM audit_entry WHERE id = 7")


def swap_rows(store: Store) -> None:
    """Two neighbouring entries trade places (content and hashes), as if reordered."""
    rows = _rows(store)
    first, second = next((a, b) for a, b in itertools.pairwise(rows)
                         if a[3:9] != b[3:9])
    for target, source in ((first, second), (second, first)):
        _sql(store, "UPDATE audit_entry SET action = :a, object_type = :t, object_id = :o, "
                    "detail = :d, entry_hash = :h WHERE id = :i", a=source[3], t=source[4],
             o=source[5], d=source[8], h=source[10], i=target[0])


def insert_row(store: Store) -> None:
    last = _rows(store)[-1]
    _sql(store, "INSERT INTO audit_entry (at, actor_id, action, object_type, object_id, result, "
                "origin, detail, previous_hash, entry_hash) VALUES (:at, NULL, 'view', 'case', "
                "'1', 'ok', 'cli:x', '', :p, :h)", at=last[1], p=last[10], h="0" * 64)


def cut_tail(store: Store) -> None:
    _sql(store, "DELETE FROM audit_entry WHERE id > (SELECT max(id) - 5 FROM audit_entry)")


def cut_tail_then_work_on(store: Store) -> None:
    cut_tail(store)
    audit.record_now(store, AuditAction.VIEW, "case", 1)  # the head still verifies


def cut_tail_and_fix_head(store: Store) -> None:
    cut_tail(store)
    rows = _rows(store)
    _sql(store, "UPDATE setting SET value = :v WHERE key = 'audit.head'",
         v=_forged_head(len(rows), str(rows[-1][10])))


def cut_tail_and_remove_head(store: Store) -> None:
    cut_tail(store)
    _sql(store, "DELETE FROM setting WHERE key = 'audit.head'")


def cut_tail_remove_head_then_work_on(store: Store) -> None:
    cut_tail_and_remove_head(store)
    audit.record_now(store, AuditAction.VIEW, "case", 1)  # the app goes on after the cut


def delete_whole_log(store: Store) -> None:
    _sql(store, "DELETE FROM audit_entry")


def delete_log_head_and_key(store: Store) -> None:
    _sql(store, "DELETE FROM audit_entry")
    _sql(store, "DELETE FROM setting WHERE key IN ('audit.head', 'audit.key')")


def delete_log_head_and_key_then_work_on(store: Store) -> None:
    delete_log_head_and_key(store)
    audit.forget_key(store)
    audit.record_now(store, AuditAction.VIEW, "case", 1)


def rewrite_with_plain_sha256(store: Store) -> None:
    _sql(store, "UPDATE audit_entry SET detail = 'herschreven' WHERE id = 3")
    _rechain(store, audit_chain.legacy_digest, fix_head=_forged_head)


def rewrite_with_hmac_of_a_guessed_key(store: Store) -> None:
    _sql(store, "UPDATE audit_entry SET detail = 'herschreven' WHERE id = 3")
    guessed = hashlib.sha256(PASSPHRASE.encode()).digest()
    _rechain(store, lambda p, f: audit_chain.entry_mac(guessed, p, f),
             fix_head=lambda n, h: audit_chain.head_value(guessed, n, h))


def replace_the_key_and_rewrite(store: Store) -> None:
    forged_key, record = audit_chain.new_key(None)  # a plain key planted in its place
    _sql(store, "UPDATE setting SET value = :v WHERE key = 'audit.key'", v=record)
    _sql(store, "UPDATE audit_entry SET detail = 'herschreven' WHERE id = 3")
    _rechain(store, lambda p, f: audit_chain.entry_mac(forged_key, p, f),
             fix_head=lambda n, h: audit_chain.head_value(forged_key, n, h))


TAMPERS = [change_row, change_row_and_its_hash, delete_row, swap_rows, insert_row, cut_tail,
           cut_tail_then_work_on, cut_tail_and_fix_head, cut_tail_and_remove_head,
           cut_tail_remove_head_then_work_on,
           delete_whole_log, delete_log_head_and_key, delete_log_head_and_key_then_work_on,
           rewrite_with_plain_sha256, rewrite_with_hmac_of_a_guessed_key,
           replace_the_key_and_rewrite]


def test_the_untouched_log_is_intact(encrypted_store: Store) -> None:
    check = audit_verify.verify(encrypted_store)
    assert check.intact, check.problems
    assert check.rows > 100
    assert audit_verify.verify_chain(encrypted_store) == []


@pytest.mark.parametrize("tamper", TAMPERS, ids=lambda t: t.__name__)
@pytest.mark.parametrize("encrypted", [True, False], ids=["encrypted", "plain"])
def test_every_tampering_is_detected(request: pytest.FixtureRequest, tamper: Callable[
        [Store], None], encrypted: bool, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    store: Store = request.getfixturevalue("encrypted_store" if encrypted else "demo_store")
    assert audit_verify.verify(store).intact
    if tamper is replace_the_key_and_rewrite and not encrypted:
        # A plain database has no secret: a forger who plants a key of his own and rewrites the
        # chain with it fools the chain (the module says so); earlier evidence still shows it.
        made = request.getfixturevalue("tmp_path") / "stick.db"
        backup.backup_to(store, made)
        tamper(store)
        assert audit_verify.verify(store).intact
        assert not audit_verify.verify_against(store, made).intact
        return
    tamper(store)
    check = audit_verify.verify(store)
    assert not check.intact, tamper.__name__
    assert all(problem.strip() for problem in check.problems)
    assert audit_verify.verify_chain(store) != []
    path = store.database.path
    store.close()
    if encrypted:
        monkeypatch.setenv("EXPERTTEAM_PASSPHRASE", PASSPHRASE)
    assert main(["--database", str(path), "verify-audit"]) == 1
    assert "NIET ongeschonden" in capsys.readouterr().out


def _rewrite_with_the_key(store: Store) -> None:
    """Someone who holds the passphrase changes an old entry and recomputes the whole chain
    and the head with the real key: the chain alone cannot tell."""
    key = _key(store)
    _sql(store, "UPDATE audit_entry SET detail = 'herschreven', action = 'view' WHERE id = 4")
    _rechain(store, lambda p, f: audit_chain.entry_mac(key, p, f),
             fix_head=lambda n, h: audit_chain.head_value(key, n, h))


@pytest.mark.parametrize("evidence", ["backup", "pdf", "csv", "xlsx"])
def test_a_rewrite_with_the_key_shows_against_earlier_evidence(
        encrypted_store: Store, tmp_path: Path, evidence: str,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    store = encrypted_store
    if evidence == "backup":
        made = backup.backup_to(store, tmp_path / "stick.db").path
    elif evidence == "pdf":
        sheet = documents.agreement_sheet_pdf(store, 1)
        assert sheet.export is not None
        made = files.export_file(store, tmp_path / "sheet.pdf", sheet.pdf, sheet.export)
        metadata = PdfReader(str(made)).metadata
        keywords = str(metadata.get("/Keywords", "") if metadata is not None else "")
        assert "expertteam-logboek:v2:" in keywords  # in the document's own metadata
    elif evidence == "csv":
        made = tmp_path / "log.csv"
        audit_query.export_csv(store, made)
    else:
        from expertteam.services import monitor_export
        from tests.conftest import TODAY

        made = tmp_path / "monitor.xlsx"
        monitor_export.export_monitor(store, TODAY, xlsx_path=made)
    audit.record_now(store, AuditAction.VIEW, "case", 2)  # work goes on after the evidence
    assert audit_verify.verify_against(store, made).intact
    _rewrite_with_the_key(store)
    assert audit_verify.verify(store).intact  # the chain alone is fooled by the key holder ...
    check = audit_verify.verify_against(store, made)  # ... the earlier evidence is not
    assert not check.intact
    assert any("herschreven" in p for p in check.problems)
    path = store.database.path
    store.close()
    monkeypatch.setenv("EXPERTTEAM_PASSPHRASE", PASSPHRASE)
    assert main(["--database", str(path), "verify-audit", "--against", str(made)]) == 1
    assert "herschreven sinds" in capsys.readouterr().out


def test_a_cut_log_shows_against_a_backup_even_with_the_key(encrypted_store: Store,
                                                            tmp_path: Path) -> None:
    made = backup.backup_to(encrypted_store, tmp_path / "stick.db").path
    key = _key(encrypted_store)
    _sql(encrypted_store, "DELETE FROM audit_entry WHERE id > 20")
    rows = _rows(encrypted_store)
    _sql(encrypted_store, "UPDATE setting SET value = :v WHERE key = 'audit.head'",
         v=audit_chain.head_value(key, len(rows), str(rows[-1][10])))
    assert audit_verify.verify(encrypted_store).intact
    check = audit_verify.verify_against(encrypted_store, made)
    assert any("verwijderd" in p for p in check.problems)


def test_against_a_file_without_an_anchor_is_a_dutch_message(encrypted_store: Store,
                                                             tmp_path: Path) -> None:
    from expertteam.domain.errors import ValidationError

    other = tmp_path / "brief.txt"
    other.write_text("Gewoon een brief.")
    with pytest.raises(ValidationError, match="geen stand van het logboek"):
        audit_verify.verify_against(encrypted_store, other)


def test_the_key_survives_a_passphrase_change(encrypted_store: Store, tmp_path: Path) -> None:
    from expertteam.services import security

    made = backup.backup_to(encrypted_store, tmp_path / "stick.db").path
    security.change_passphrase(encrypted_store, PASSPHRASE, "Een heel andere lange wachtzin")
    assert audit_verify.verify(encrypted_store).intact
    # The backup still has the old passphrase; with it, it still proves the log.
    assert audit_verify.verify_against(encrypted_store, made, PASSPHRASE).intact


def test_the_migration_rechains_and_records_the_old_verdict(demo_store: Store) -> None:
    from expertteam.storage.engine import downgrade_to

    store = demo_store
    path = store.database.path
    _sql(store, "UPDATE audit_entry SET detail = 'voor de migratie gewijzigd' WHERE id = 2")
    engine = store.database.engine
    downgrade_to(engine, "0002")  # the old SHA-256 chain again (row 2 re-hashed by it)
    _sql(store, "UPDATE audit_entry SET detail = 'ook gewijzigd' WHERE id = 3")
    store.close()
    reopened = Store.open(path)  # migrates to 0003: verdict of the old chain, then re-chained
    try:
        last = [e for e in audit.list_entries(reopened, limit=500)
                if e.object_type == "audit_log" and e.origin == "migratie:0003"]
        assert "old chain broken at 3" in last[0].detail
        assert audit_verify.verify(reopened).intact  # the new chain covers what is there now
    finally:
        reopened.close()
