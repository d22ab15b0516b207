"""The app opens without the whole-file ``quick_check`` (``Store.open(check_pages=False)``) and
runs it later (``Store.check_pages``): a damaged page is still found, by either."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from expertteam.domain.storage_errors import DamagedDatabaseError
from expertteam.services import demo
from expertteam.services.store import Stoppable, Store


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
    assert store.check_pages() is True


class _StopsWhileRunning(Stoppable):
    """Stops the check from inside SQLite's progress handler: as closing the app would, from
    another thread, while the check reads the file."""

    def attach(self, connection: Any) -> bool:
        self.runs = 0

        def progress() -> int:
            self.runs += 1
            if self.runs == 3:
                self.stop()
            return 0

        connection.set_progress_handler(progress, 50)
        return super().attach(connection)


def test_a_stopped_check_ends_early_without_an_error_and_the_next_one_runs(
        demo_store: Store) -> None:
    already = Stoppable()
    already.stop()
    assert demo_store.check_pages(already) is False
    stopping = _StopsWhileRunning()
    assert demo_store.check_pages(stopping) is False
    assert stopping.stopped
    assert stopping.runs >= 3
    assert demo_store.check_pages() is True  # the connection is fine afterwards
