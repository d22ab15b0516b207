"""The app opens without the whole-file ``quick_check`` (``Store.open(check_pages=False)``) and
runs it later (``Store.check_pages``): a damaged page is still found, by either."""

from __future__ import annotations

from pathlib import Path

import pytest

from expertteam.domain.storage_errors import DamagedDatabaseError
from expertteam.services import demo
from expertteam.services.store import Store


def make_damaged(path: Path) -> None:
    """The demo region at ``path`` with its last b-tree pages damaged (header and schema
    intact, so only the whole-file check can tell)."""
    store = Store.create(path)
    demo.load_demo(store)
    store.close()
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    pages = len(data) // size
    for page in range(pages - 3, pages):
        data[page * size] = 0x07  # not a b-tree page type
    path.write_bytes(bytes(data))


def test_a_damaged_page_is_found_at_open_or_by_the_later_check(tmp_path: Path) -> None:
    path = tmp_path / "beschadigd.db"
    make_damaged(path)
    with pytest.raises(DamagedDatabaseError):
        Store.open(path).close()
    store = Store.open(path, check_pages=False)
    try:
        assert not store.pages_checked
        assert not store.with_origin("gui").pages_checked
        with pytest.raises(DamagedDatabaseError, match="reservekopie"):
            store.check_pages()
    finally:
        store.close()


def test_a_sound_file_passes_the_later_check(store: Store) -> None:
    store.check_pages()
